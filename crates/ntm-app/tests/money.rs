//! Money on the demo (the seeds' amounts, percentages computed), rights and
//! audit of contributions, carry-over and over-disbursement, and imports that
//! are refused whole.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::{actor, demo, user};
use ntm_app::AppError;
use ntm_core::money::{Contribution, Disbursement};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_store::AuditQuery;

fn q(s: &str) -> Quantity {
    Quantity::parse_vi(s).expect("amount")
}

#[tokio::test]
async fn the_demo_holds_the_seeds_money_and_the_reports_show_it() {
    let (program, _dir) = demo().await;
    let m = program.money_summary(&actor(), "109", 2023).await.expect("money");
    let mobilized = &m.capital[0];
    assert_eq!(
        mobilized.total, "441.565",
        "seed 001: 5.112 + 170.251 + 265.844 + 358"
    );
    let source = |code: &str| {
        mobilized
            .sources
            .iter()
            .find(|s| s.code == code)
            .expect(code)
            .amount
    };
    assert_eq!(source("tw"), q("5.112"));
    assert_eq!((source("tw.dtpt"), source("tw.sn")), (q("3.244"), q("1.868")));
    assert_eq!(source("lg"), q("265.844"));
    assert_eq!(source("cd"), q("358"));
    let carried = m
        .projects
        .iter()
        .find(|p| p.code == "NTM-CN-2022")
        .expect("carried projects");
    assert_eq!(
        (carried.disbursed.as_deref(), carried.allocated.as_str()),
        (Some("3.890"), "5.939")
    );
    assert_eq!(
        carried.percent.as_deref(),
        Some("65,5"),
        "computed: the seed prints 65,6"
    );
    assert_eq!(carried.carried_in, "5.939");
    assert_eq!(
        m.contributions_money.as_deref(),
        Some("358"),
        "1.790 ngày công × 0,2 triệu đồng"
    );
    assert_eq!(
        (m.contributions_land_m2.as_deref(), m.contributions_households),
        (Some("58.690"), Some(279))
    );
    // "Hiện đang triển khai thực hiện" (seed 001): no disbursement figure, never 0.
    let recurrent = m
        .projects
        .iter()
        .find(|p| p.code == "NTM-SN-2023")
        .expect("recurrent capital");
    assert_eq!(
        (recurrent.disbursed.as_deref(), recurrent.percent.as_deref()),
        (None, None)
    );
    assert_eq!(m.projects_without_disbursement, vec![recurrent.name.clone()]);
    // Pages, the table export and the report say so in the same words.
    assert_eq!(
        m.missing_disbursement_note(),
        Some(format!(
            "Chưa có số liệu giải ngân của: {}; dòng cộng và tỷ lệ chỉ tính các dự án có số liệu giải ngân.",
            recurrent.name
        ))
    );
    // The total disbursed is over the projects that have a figure: 3.890 + 1.290.
    assert_eq!(m.disbursed.as_deref(), Some("5.180"));
    assert_eq!(m.disbursed_percent.as_deref(), Some("56,4"), "5.180 of 9.183");
    // Nothing of cash in the seed: no figure, not 0.
    assert_eq!(m.contributions[0].cash, None);
    let muong_te = program
        .money_summary(&actor(), "107", 2023)
        .await
        .expect("Mường Tè");
    let c = &muong_te.contributions[0];
    assert_eq!(
        (c.land_m2.as_deref(), c.households),
        (None, None),
        "seed 000 gives no land and no households: not \"0 m², 0 hộ\""
    );
    assert_eq!(c.labour_days.as_deref(), Some("3.726"));

    let plan = program.money_summary(&actor(), "109", 2024).await.expect("2024");
    assert_eq!(plan.capital[0].total, "380.246", "seed 004");
    let need = program
        .money_summary(&actor(), "107", 2023)
        .await
        .expect("Mường Tè");
    let five_years = need
        .capital
        .iter()
        .find(|c| c.span == "giai đoạn 2021-2025")
        .expect("need");
    assert_eq!(five_years.total, "608.989", "seed 002");

    // The generated appendix shows the same amounts.
    let file = program
        .appendix(
            &actor(),
            "109",
            Period::year(2023),
            &ntm_app::documents::reports::ReportOptions::standard(),
        )
        .await
        .expect("appendix");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(file.bytes)).expect("xlsx");
    // Every amount is a number cell (calamine reads it as a number), never text.
    let numbers = |book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str| -> (Vec<f64>, Vec<String>) {
        let range = book.worksheet_range(sheet).expect(sheet);
        let mut numbers = Vec::new();
        let mut texts = Vec::new();
        for c in range.rows().flatten() {
            match c {
                Data::Float(x) => numbers.push(*x),
                Data::Int(n) => numbers.push(*n as f64),
                Data::String(t) => texts.push(t.clone()),
                _ => {}
            }
        }
        (numbers, texts)
    };
    let (capital, texts) = numbers(&mut book, "PB03 Vốn theo nguồn");
    for amount in [441_565.0, 5_112.0, 3_244.0, 1_868.0, 265_844.0, 358.0] {
        assert!(capital.contains(&amount), "{amount} in PB03: {capital:?}");
    }
    assert!(
        !texts
            .iter()
            .any(|t| t.chars().all(|c| c.is_ascii_digit() || c == '.')),
        "no amount as text: {texts:?}"
    );
    let (disbursement, texts) = numbers(&mut book, "PB04 Giải ngân");
    assert!(disbursement.contains(&3_890.0) && disbursement.contains(&5_939.0));
    assert!(
        disbursement.contains(&65.5),
        "65,5 % as a number: {disbursement:?}"
    );
    assert!(
        texts.iter().any(|t| t == "chưa có số liệu"),
        "recurrent capital \"đang triển khai\": no disbursement figure, not 0: {texts:?}"
    );
    let (contributions, _) = numbers(&mut book, "PB06 Nhân dân đóng góp");
    assert!(contributions.contains(&58_690.0) && contributions.contains(&279.0));

    // And the Word report says it.
    let report = program
        .narrative(
            &actor(),
            "109",
            Period::year(2023),
            &ntm_app::documents::reports::ReportOptions::standard(),
        )
        .await
        .expect("docx");
    let mut archive = zip::ZipArchive::new(Cursor::new(report.bytes)).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").expect("xml"), &mut xml)
        .expect("text");
    assert!(
        xml.contains("Tổng vốn huy động thực hiện năm 2023: 441.565 triệu đồng"),
        "money part"
    );
    assert!(xml.contains("giải ngân 3.890/5.939 triệu đồng, đạt 65,5%"));
}

#[tokio::test]
async fn a_commune_enters_only_its_own_contributions_and_every_change_is_audited() {
    let (program, _dir) = demo().await;
    let commune = user(&program, "xa.silo", "commune_officer", "03550").await;
    let gift = Contribution {
        year: 2024,
        project: None,
        cash: Some(q("12,5")),
        labour_days: Some(q("300")),
        day_rate: q("0,2"),
        land_m2: Some(q("1.200")),
        households: Some(41),
        note: None,
    };
    program
        .save_contribution(&commune, "03550", gift.clone())
        .await
        .expect("own commune");
    let other = program.save_contribution(&commune, "03553", gift.clone()).await;
    // Another commune, which this officer may not see, answers as an unknown code.
    assert!(matches!(other, Err(AppError::Resolve(_))), "{other:?}");
    let not_commune = program.save_contribution(&actor(), "109", gift.clone()).await;
    assert!(
        matches!(not_commune, Err(AppError::Invalid(_))),
        "{not_commune:?}"
    );
    // Labour days without their rate would count as nothing: refused, as the import does.
    let unrated = Contribution {
        day_rate: q("0"),
        project: Some("Đường thôn".into()),
        ..gift.clone()
    };
    let unrated = program.save_contribution(&commune, "03550", unrated).await;
    assert!(
        matches!(&unrated, Err(AppError::Invalid(m)) if m.contains("cần đơn giá ngày công")),
        "{unrated:?}"
    );
    let m = program.money_summary(&actor(), "109", 2024).await.expect("money");
    let line = m
        .contributions
        .iter()
        .find(|c| c.commune == "Sì Lở Lầu")
        .expect("line");
    assert_eq!(line.money.as_deref(), Some("72,5"), "12,5 + 300 × 0,2");
    let audit = program
        .store()
        .audit(AuditQuery {
            entity: Some(ntm_store::AuditEntity::Record(
                ntm_store::RecordKind::Contribution,
            )),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert!(
        audit[0].actor.contains("xa.silo")
            && audit[0]
                .new
                .as_deref()
                .unwrap_or("")
                .contains("\"households\":41")
    );
    // Capital plans and projects are the coordination office's.
    let refused = program
        .save_capital(
            &commune,
            "109",
            ntm_core::money::CapitalAmount {
                kind: ntm_core::money::CapitalKind::Plan,
                start_year: 2024,
                end_year: 2024,
                source: "tw.dtpt".into(),
                amount: q("1"),
                note: None,
            },
            false,
        )
        .await;
    // The district is outside the commune officer's view: as an unknown code.
    assert!(matches!(refused, Err(AppError::Resolve(_))), "{refused:?}");
}

#[tokio::test]
async fn carry_over_and_disbursements_keep_the_books_straight() {
    let (program, _dir) = demo().await;
    let before = program.money_summary(&actor(), "109", 2023).await.expect("money");
    // Move 500 of the 2023 investment allocation to 2024: 2023 loses what 2024 gains.
    program
        .carry_over(&actor(), "109", "NTM-DT-2023", (2023, 2024), "tw.dtpt", q("500"))
        .await
        .expect("carry");
    let after = program.money_summary(&actor(), "109", 2023).await.expect("money");
    let next = program.money_summary(&actor(), "109", 2024).await.expect("money");
    let allocated = |m: &ntm_app::money::MoneySummary| {
        m.projects
            .iter()
            .find(|p| p.code == "NTM-DT-2023")
            .map_or(Quantity::ZERO, |p| q(&p.allocated))
    };
    assert_eq!(allocated(&before), q("3.244"));
    assert_eq!(allocated(&after), q("2.744"));
    assert_eq!(allocated(&next), q("500"));
    // More than what is unspent cannot move.
    let too_much = program
        .carry_over(
            &actor(),
            "109",
            "NTM-DT-2023",
            (2023, 2024),
            "tw.dtpt",
            q("2.000"),
        )
        .await;
    assert!(
        matches!(&too_much, Err(AppError::Invalid(m)) if m.contains("chưa giải ngân")),
        "{too_much:?}"
    );
    // Paying out more than allocated is possible to record, and found.
    let over = Disbursement {
        year: 2024,
        source: "tw.dtpt".into(),
        amount: q("600"),
        on: time::macros::date!(2024 - 06 - 30),
        note: None,
    };
    program
        .add_disbursement(&actor(), "109", "NTM-DT-2023", over)
        .await
        .expect("disburse");
    let m = program.money_summary(&actor(), "109", 2024).await.expect("money");
    assert!(
        m.findings
            .iter()
            .any(|f| f.contains("vượt số vốn được giao (500)")),
        "{:?}",
        m.findings
    );
}

#[tokio::test]
async fn a_bad_money_file_is_refused_whole() {
    let (program, _dir) = demo().await;
    let before = program.money_summary(&actor(), "109", 2025).await.expect("money");
    assert!(before.capital.is_empty());
    let csv = "unit_code,kind,start_year,end_year,source,amount\n\
               109,plan,2025,2025,tw.dtpt,1.000\n\
               109,plan,2025,2025,xx,5\n\
               109,plan,2025,2025,tw.sn,-3\n\
               99999,plan,2025,2025,tw.sn,3\n";
    match program.import_money(&actor(), "von.csv", csv.as_bytes()).await {
        Err(AppError::Import(errors)) => {
            let lines: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
            assert_eq!(
                lines,
                [(3, "source"), (4, "amount"), (5, "unit_code")],
                "{errors:#?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        program
            .money_summary(&actor(), "109", 2025)
            .await
            .expect("money")
            .capital
            .is_empty(),
        "nothing stored"
    );
    let good = "unit_code,kind,start_year,end_year,source,amount\n109,plan,2025,2025,tw.dtpt,1.000\n109,plan,2025,2025,tw.sn,250\n";
    program
        .import_money(&actor(), "von.csv", good.as_bytes())
        .await
        .expect("import");
    assert_eq!(
        program
            .money_summary(&actor(), "109", 2025)
            .await
            .expect("money")
            .capital[0]
            .total,
        "1.250"
    );
    let projects = "unit_code,project,year,source,allocated,disbursed\n109,KHONG-CO,2025,tw.dtpt,10,\n";
    assert!(matches!(
        program
            .import_money(&actor(), "da.csv", projects.as_bytes())
            .await,
        Err(AppError::Import(_))
    ));
}

#[tokio::test]
async fn the_generic_import_recognises_money_tables_in_csv_and_xlsx() {
    let (program, _dir) = demo().await;
    // A workbook whose first sheet is a capital plan (written by another program).
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["unit_code", "kind", "start_year", "end_year", "source", "amount"],
        ["109", "kế hoạch", "2025", "2025", "tw.dtpt", "7.500"],
        ["109", "kế hoạch", "2025", "2025", "dp.huyen", "1.200,5"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).expect("cell");
        }
    }
    let bytes = book.save_to_buffer().expect("workbook");
    let summary = program
        .import_file(&actor(), "ke-hoach-von-2025.xlsx", &bytes)
        .await
        .expect("a money workbook through the generic import");
    assert_eq!(summary.rows, 2, "{summary:?}");
    let money = program.money_summary(&actor(), "109", 2025).await.expect("money");
    assert_eq!(money.capital[0].total, "8.700,5");

    // A contributions CSV the same way; a commune officer, for their own commune only.
    let officer = user(&program, "xa.test.money", "commune_officer", "03550").await;
    let own = "unit_code,year,labour_days,day_rate,households\n03550,2024,100,0.2,40\n";
    program
        .import_file(&officer, "dong-gop.csv", own.as_bytes())
        .await
        .expect("own commune");
    let other = "unit_code,year,labour_days,day_rate,households\n03553,2024,100,0.2,40\n";
    assert!(matches!(
        program
            .import_file(&officer, "dong-gop.csv", other.as_bytes())
            .await,
        Err(AppError::Import(_))
    ));

    // Another workbook is still read as a template and refused as one.
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_string(0, 0, "Bảng gì đó")
        .expect("cell");
    let err = program
        .import_file(&actor(), "khac.xlsx", &book.save_to_buffer().expect("workbook"))
        .await
        .expect_err("not a template")
        .to_string();
    assert!(err.contains("Số liệu"), "names the template's sheet: {err}");
}

/// A province whose money only one district records says so: its totals are
/// that district's, the other districts have no data (not no money), and a
/// district holding its own records has no such line.
#[tokio::test]
async fn a_province_s_money_names_the_districts_it_comes_from() {
    let (program, _dir) = demo().await;
    let province = program.money_summary(&actor(), "12", 2023).await.expect("money");
    let district = program.money_summary(&actor(), "109", 2023).await.expect("money");
    assert_eq!(
        province.allocated, district.allocated,
        "the province's money is Phong Thổ's"
    );
    let c = province.coverage.as_ref().expect("a province has districts");
    assert_eq!(
        c.with_data,
        ["Huyện Mường Tè", "Huyện Phong Thổ"],
        "Mường Tè has its need for 2021-2025"
    );
    assert_eq!(c.without_data.len(), 6, "{:?}", c.without_data);
    assert!(c.is_partial());
    assert!(
        c.text.starts_with("Số liệu vốn năm 2023 chỉ có ở 02/08 đơn vị cấp huyện: Huyện Mường Tè, Huyện Phong Thổ. Chưa có số liệu: Thành phố Lai Châu,"),
        "{}",
        c.text
    );
    let short = |i: usize| {
        province.capital[i]
            .coverage
            .as_ref()
            .and_then(|c| c.short.clone())
    };
    let mobilized = province
        .capital
        .iter()
        .position(|t| t.total == "441.565")
        .expect("441.565");
    assert_eq!(
        short(mobilized).as_deref(),
        Some("Chỉ gồm số liệu của Huyện Phong Thổ (01/08 đơn vị cấp huyện).")
    );
    let need = province
        .capital
        .iter()
        .position(|t| t.total == "608.989")
        .expect("608.989");
    assert_eq!(
        short(need).as_deref(),
        Some("Chỉ gồm số liệu của Huyện Mường Tè (01/08 đơn vị cấp huyện).")
    );
    let projects = province.projects_coverage.as_ref().expect("projects coverage");
    assert_eq!(projects.with_data, ["Huyện Phong Thổ"]);
    assert!(
        !province.communes_known.contains("03436"),
        "Thu Lũm is under Mường Tè, without records"
    );
    assert!(
        !province.communes_known.contains("03589"),
        "Phong Thổ's projects name no commune: Mường So's money is unknown, not none"
    );
    let contributions = province
        .contributions_coverage
        .as_ref()
        .expect("contributions coverage");
    assert_eq!(
        contributions.with_data,
        ["Huyện Mường Tè", "Huyện Phong Thổ"],
        "communes of two districts record contributions"
    );
    assert!(district.coverage.is_none(), "Phong Thổ's records are its own");

    let report = ntm_app::money::report_parts::money_section(&province).expect("a money section");
    assert_eq!(
        report.paragraphs[0], c.text,
        "the report says whose money it is first"
    );
    let tables = ntm_app::money::report_parts::money_tables(&province);
    for key in ["capital", "disbursement"] {
        let t = tables.iter().find(|t| t.key == key).expect(key);
        assert!(t.notes.contains(&c.text), "{key}: {:?}", t.notes);
    }
    assert!(
        report.paragraphs.iter().any(|p| p.contains("441.565")
            && p.contains("(chỉ gồm số liệu của Huyện Phong Thổ (01/08 đơn vị cấp huyện))")),
        "{:?}",
        report.paragraphs
    );
}
