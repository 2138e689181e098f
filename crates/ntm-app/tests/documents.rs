//! Reports and templates, read back with an independent reader (calamine):
//! the appendix tables hold the evaluated figures; a template exported and
//! imported unchanged changes nothing; edited cells change exactly those
//! values; bad files are refused whole, naming sheet and cell.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::{actor, demo};
use ntm_app::accounts::access::{Actor, User};
use ntm_app::documents::template_export::TemplateUnits;
use ntm_app::{AppError, Program};
use ntm_core::period::Period;
use ntm_reports::template::{Answer, Template, template_xlsx};
use ntm_store::{AuditQuery, ChangeSource};

const Y2023: Period = Period::year(2023);

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook calamine reads")
}

fn text(range: &calamine::Range<Data>, row: usize, col: usize) -> String {
    match range.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(x)) => x.to_string(),
        Some(Data::Int(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn number(range: &calamine::Range<Data>, row: usize, col: usize) -> f64 {
    match range.get((row, col)) {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(n)) => *n as f64,
        other => panic!("({row},{col}) is not a number: {other:?}"),
    }
}

#[tokio::test]
async fn the_appendix_holds_the_evaluated_figures() {
    let (program, _dir) = demo().await;
    let stats = program.stats(&actor(), "109", Y2023, None).await.expect("stats");
    let file = program
        .appendix(
            &actor(),
            "109",
            Y2023,
            &ntm_app::documents::reports::ReportOptions::standard(),
        )
        .await
        .expect("appendix");
    assert_eq!(file.name, "phu-bieu-109-2023.xlsx");
    let mut book = workbook(&file.bytes);
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "PB02 Theo tiêu chí",
            "PB02a Theo xã",
            "PB02b Khối lượng",
            "PB03 Vốn theo nguồn",
            "PB04 Giải ngân",
            "PB06 Nhân dân đóng góp",
            "PB07 Thôn, bản",
            "PB08 Kế hoạch",
            "PB09 Đăng ký",
            "Bản đồ"
        ],
        "the seeds' numbering; the plan of 2024 (seed 004) and the money of 2023 (seed 001) come with the 2023 report; no checks"
    );

    let pb01 = book.worksheet_range("PB02a Theo xã").expect("PB02a");
    assert_eq!(text(&pb01, 0, 0), "PHỤ BIỂU 02a");
    assert!(text(&pb01, 2, 0).contains("năm 2023 của Huyện Phong Thổ"));
    assert_eq!(text(&pb01, 4, 2), "Tiêu chí", "the merged group header");
    assert_eq!(text(&pb01, 5, 2), "1");
    // One row per commune: its marks add up to its count.
    for (i, commune) in stats.per_commune.iter().enumerate() {
        let row = 6 + i;
        assert!(text(&pb01, row, 1).starts_with(&commune.name), "{}", commune.name);
        let marks = (2..2 + 19).filter(|c| text(&pb01, row, *c) == "x").count() as u32;
        assert_eq!(marks, commune.met, "{}", commune.name);
        assert_eq!(number(&pb01, row, 21) as u32, commune.met);
    }
    // The totals row: communes meeting each criterion.
    let totals = 6 + stats.per_commune.len();
    assert!(text(&pb01, totals, 1).starts_with("Cộng (số xã đạt)"));
    for (j, criterion) in stats.per_criterion.iter().enumerate() {
        assert_eq!(
            number(&pb01, totals, 2 + j) as u32,
            criterion.met,
            "criterion {}",
            criterion.criterion
        );
    }
    let notes: Vec<String> = (totals + 2..totals + 12).map(|r| text(&pb01, r, 0)).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("Bình quân đạt 11,06 tiêu chí/xã")),
        "{notes:?}"
    );

    let pb02 = book.worksheet_range("PB02 Theo tiêu chí").expect("PB02");
    assert!(text(&pb02, 7, 1).starts_with("2. Giao thông"));
    assert_eq!(number(&pb02, 7, 2), 4.0);
    assert_eq!(number(&pb02, 7, 3), 25.0, "4/16 = 25 %");
    let mut transport: Vec<String> = text(&pb02, 7, 4).split(", ").map(str::to_string).collect();
    transport.sort();
    assert_eq!(transport, ["Huổi Luông", "Khổng Lào", "Ma Li Pho", "Mường So"]);
    assert_eq!(text(&pb02, 4, 7), "So với năm 2022", "the change group");

    let pb03 = book.worksheet_range("PB02b Khối lượng").expect("PB02b");
    let quantities: Vec<String> = (6..6 + stats.quantities.len())
        .map(|r| text(&pb03, r, 6))
        .collect();
    let expected: Vec<String> = stats.quantities.iter().map(|q| q.text.clone()).collect();
    assert_eq!(quantities, expected);

    let pb06 = book.worksheet_range("PB08 Kế hoạch").expect("PB08");
    let transport = (6..40)
        .find(|r| text(&pb06, *r, 1) == "xã đạt tiêu chí 2 Giao thông")
        .expect("criterion 2's row");
    assert_eq!(
        (text(&pb06, transport, 3), text(&pb06, transport, 5)),
        ("08/16".to_string(), "04/16".to_string())
    );

    let pb04 = book.worksheet_range("PB07 Thôn, bản").expect("PB07");
    let villages = stats.villages.as_ref().expect("villages");
    let counted: f64 = (0..villages.brackets.len())
        .map(|i| number(&pb04, 6 + i, 2))
        .sum();
    assert_eq!(counted as u32, villages.with_data);
}

async fn officer(program: &Program, username: &str, unit: &str, role: &str) -> Actor {
    let input = ntm_app::accounts::NewUserInput {
        username: username.into(),
        display_name: format!("Người dùng {username}"),
        password: "mat-khau-du-dai".into(),
        role: role.into(),
        unit_code: Some(unit.into()),
        agency_code: None,
    };
    program.create_user(&actor(), input).await.expect("user");
    let record = program
        .store()
        .user_by_name(username)
        .await
        .expect("store")
        .expect("user");
    Actor::user(
        User::from_record(&record).expect("enabled"),
        ChangeSource::Import,
        time::macros::datetime!(2026-11-23 01:00 UTC),
    )
}

async fn audit_rows(program: &Program) -> usize {
    program
        .store()
        .audit(AuditQuery {
            limit: 100_000,
            ..AuditQuery::default()
        })
        .await
        .expect("audit")
        .len()
}

fn import_errors(
    result: Result<ntm_app::documents::import::ImportSummary, AppError>,
) -> Vec<ntm_app::documents::import::ImportError> {
    match result {
        Err(AppError::Import(errors)) => errors,
        other => panic!("expected import errors, got {other:?}"),
    }
}

fn bytes_of(template: &Template) -> Vec<u8> {
    template_xlsx(template).expect("workbook")
}

#[tokio::test]
async fn a_template_round_trips_exactly() {
    let (program, _dir) = demo().await;
    let district = officer(&program, "vp.phongtho", "109", "coordinator").await;
    let (name, bytes) = program
        .template(&district, "109", Y2023, TemplateUnits::Communes)
        .await
        .expect("template");
    assert_eq!(name, "mau-nhap-109-2023.xlsx");
    // Read independently: the values sheet, locked labels, the keys row hidden.
    let mut book = workbook(&bytes);
    assert_eq!(book.sheet_names(), ["Số liệu", "Hướng dẫn"]);
    let sheet = book.worksheet_range("Số liệu").expect("sheet");
    assert_eq!(text(&sheet, 2, 7), "Giá trị, kết quả");
    assert_eq!(text(&sheet, 3, 0), "unit_code");
    let rows = sheet.height() - 4;
    // 16 communes × (indicators + criteria) of the Lai Châu set.
    assert_eq!(rows % 16, 0, "{rows}");

    // Unchanged: nothing changes, no audit row.
    let before = audit_rows(&program).await;
    let summary = program
        .import_template(&district, &name, &bytes)
        .await
        .expect("import");
    assert_eq!((summary.created, summary.updated), (0, 0), "{summary:?}");
    assert_eq!(audit_rows(&program).await, before);

    // Edit three cells: exactly those values change, each with an audit row.
    let mut template = program
        .template_rows(&district, "109", Y2023, TemplateUnits::Communes)
        .await
        .expect("rows");
    let find = |t: &Template, unit: &str, indicator: &str| {
        t.rows
            .iter()
            .position(|r| r.unit_code == unit && r.indicator == indicator)
            .expect("row")
    };
    let roads = find(&template, "03550", "2.1");
    template.rows[roads].achieved = Some(12.5);
    template.rows[roads].total = Some(20.0);
    let post = find(&template, "03550", "8.1");
    template.rows[post].value = "đạt".into();
    let assessment = template
        .rows
        .iter()
        .position(|r| r.unit_code == "03553" && r.criterion == "8" && r.indicator.is_empty())
        .expect("assessment row");
    template.rows[assessment].value = "chưa đạt".into();
    let summary = program
        .import_template(&district, "sua.xlsx", &bytes_of(&template))
        .await
        .expect("import");
    assert_eq!(summary.created + summary.updated, 3, "{summary:?}");
    assert_eq!(audit_rows(&program).await, before + 3);
    let form = program.entry_form(&district, "03550", Y2023).await.expect("form");
    let transport = &form.criteria[1].indicators[0];
    assert_eq!(
        (transport.achieved.as_str(), transport.total.as_str()),
        ("12,5", "20")
    );
    assert_eq!(form.criteria[7].indicators[0].value, "đạt");
    let changed = program
        .store()
        .audit(AuditQuery {
            limit: 3,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert!(
        changed
            .iter()
            .all(|e| e.source == ntm_store::ChangeSource::Import && e.actor.contains("vp.phongtho"))
    );

    // The same edited file again: what it says is stored already; nothing changes.
    let again = program
        .import_template(&district, "sua.xlsx", &bytes_of(&template))
        .await
        .expect("import");
    assert_eq!((again.created, again.updated), (0, 0));
    assert_eq!(audit_rows(&program).await, before + 3);

    // A file exported before someone else's change does not overwrite it.
    let mut stale = template.clone();
    stale.rows[roads].achieved = Some(13.0);
    let meanwhile = ntm_app::entry::ValueInput {
        indicator: "2.1".into(),
        achieved: Some("14".into()),
        total: Some("20".into()),
        version: form.criteria[1].indicators[0].version,
        ..Default::default()
    };
    program
        .save_entry(&actor(), "03550", Y2023, &[meanwhile], &[])
        .await
        .expect("someone else saves");
    let errors = import_errors(
        program
            .import_template(&district, "cu.xlsx", &bytes_of(&stale))
            .await,
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("sau khi xuất mẫu"), "{errors:?}");
    assert_eq!(&*errors[0].cell, format!("H{}", roads + 5));
    assert_eq!(audit_rows(&program).await, before + 4, "only the other save");
}

#[tokio::test]
async fn bad_templates_are_refused_whole_naming_sheet_and_cell() {
    let (program, _dir) = demo().await;
    let district = officer(&program, "vp.phongtho", "109", "coordinator").await;
    let template = program
        .template_rows(&district, "109", Y2023, TemplateUnits::Communes)
        .await
        .expect("rows");
    let commune = officer(&program, "xa.silo", "03550", "commune_officer").await;
    let before = audit_rows(&program).await;
    let line = |t: &Template, i: usize| {
        let _ = t;
        i as u64 + 5
    };

    // Every kind of bad cell at once: each listed with its cell.
    let mut bad = template.clone();
    let number_row = bad
        .rows
        .iter()
        .position(|r| r.answer == Answer::Number)
        .expect("a number row");
    bad.rows[number_row].number = None;
    bad.rows[number_row].value = "mười hai".into();
    let ratio_row = bad
        .rows
        .iter()
        .position(|r| r.answer == Answer::Ratio)
        .expect("a ratio row");
    bad.rows[ratio_row].achieved = Some(30.0);
    bad.rows[ratio_row].total = Some(20.0);
    let unit_row = bad
        .rows
        .iter()
        .rposition(|r| r.answer == Answer::Ratio)
        .expect("another ratio row");
    bad.rows[unit_row].unit_code = "99999".into();
    bad.rows[unit_row].achieved = Some(1.0);
    let errors = import_errors(
        program
            .import_template(&district, "loi.xlsx", &bytes_of(&bad))
            .await,
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let at = |row: usize| {
        errors
            .iter()
            .find(|e| e.line == line(&bad, row))
            .expect("an error on the row")
    };
    assert_eq!(&*at(number_row).cell, format!("H{}", line(&bad, number_row)));
    assert_eq!(&*at(number_row).sheet, "Số liệu");
    assert!(at(ratio_row).message.contains("lớn hơn tổng số"), "{errors:?}");
    assert_eq!(&*at(ratio_row).cell, format!("I{}", line(&bad, ratio_row)));
    assert_eq!(&*at(unit_row).cell, format!("A{}", line(&bad, unit_row)));
    assert!(
        at(number_row)
            .to_string()
            .starts_with("loi.xlsx, trang \"Số liệu\", ô H"),
        "{}",
        at(number_row)
    );

    // A row the importing user may not edit.
    let mut foreign = template.clone();
    let other = foreign
        .rows
        .iter()
        .position(|r| r.unit_code == "03553" && r.answer == Answer::Ratio)
        .expect("row");
    foreign.rows[other].achieved = Some(1.0);
    foreign.rows[other].total = Some(2.0);
    let errors = import_errors(
        program
            .import_template(&commune, "x.xlsx", &bytes_of(&foreign))
            .await,
    );
    assert!(errors[0].message.contains("không có quyền"), "{errors:?}");

    // Not a template at all, cut short, corrupt, enormous.
    let bytes = bytes_of(&template);
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut short", bytes[..bytes.len() / 2].to_vec(), "đã hỏng"),
        (
            "corrupt",
            {
                let mut b = bytes.clone();
                for x in b.iter_mut().skip(200).step_by(7) {
                    *x ^= 0x5a;
                }
                b
            },
            "hỏng",
        ),
        ("text", b"PK\x03\x04 not really".to_vec(), "đã hỏng"),
        (
            "enormous",
            {
                let mut b = b"PK\x03\x04".to_vec();
                b.resize(21 * 1024 * 1024, 0);
                b
            },
            "lớn 21 MB, quá giới hạn 20 MB",
        ),
    ];
    // A workbook without the sheet.
    let mut other_book = rust_xlsxwriter::Workbook::new();
    other_book.add_worksheet().write_string(0, 0, "x").expect("cell");
    cases.push((
        "wrong sheet",
        other_book.save_to_buffer().expect("book"),
        "không có trang \"Số liệu\"",
    ));
    for (what, file, expect) in cases {
        let errors = import_errors(program.import_file(&district, "tep.xlsx", &file).await);
        assert!(errors[0].message.contains(expect), "{what}: {errors:?}");
    }
    assert_eq!(audit_rows(&program).await, before, "nothing was stored");
}

#[tokio::test]
async fn the_word_report_says_the_plan_in_the_reports_words() {
    use std::io::Read;
    let (program, _dir) = demo().await;
    let file = program
        .narrative(
            &actor(),
            "109",
            Y2023,
            &ntm_app::documents::reports::ReportOptions::standard(),
        )
        .await
        .expect("report");
    let mut archive = zip::ZipArchive::new(Cursor::new(file.bytes)).expect("a zip");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("text");
    // A year's report carries that year's results and the next year's tasks.
    assert!(
        !xml.contains("KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2024"),
        "no results of a year not yet reported"
    );
    assert!(
        xml.contains("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024"),
        "the direction part"
    );
    assert!(
        xml.contains("- Phấn đấu 08/16 xã đạt tiêu chí Giao thông (kết quả năm 2023: 04/16)."),
        "its sentence"
    );
    assert!(xml.contains("CÁC XÃ ĐĂNG KÝ HOÀN THÀNH TIÊU CHÍ NĂM 2024"));
    assert!(
        xml.contains("- Xã Dào San: tiêu chí 8 Thông tin và Truyền thông;"),
        "registrations by commune"
    );
}

/// The PNG inside a generated file, decoded by an independent decoder:
/// (width, height).
fn picture_in(bytes: &[u8], folder: &str) -> (u32, u32) {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a zip");
    let name = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .find(|n| n.starts_with(folder) && n.ends_with(".png"))
        .unwrap_or_else(|| panic!("a PNG under {folder}"));
    let mut png = Vec::new();
    archive
        .by_name(&name)
        .expect("the picture")
        .read_to_end(&mut png)
        .expect("bytes");
    let mut reader = png::Decoder::new(Cursor::new(png))
        .read_info()
        .expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("the whole picture decodes");
    // Not a blank picture: the map's colours are in it.
    assert!(
        pixels.chunks(4).any(|p| p[0] < 100 && p[1] > 100),
        "green areas in the picture"
    );
    (info.width, info.height)
}

#[tokio::test]
async fn both_reports_carry_the_map_as_a_picture_that_opens() {
    use ntm_app::documents::reports::ReportOptions;
    use std::io::Read;
    let (program, _dir) = demo().await;
    let docx = program
        .narrative(&actor(), "109", Y2023, &ReportOptions::standard())
        .await
        .expect("report");
    let (w, h) = picture_in(&docx.bytes, "word/media/");
    assert_eq!(w, ntm_app::map::REPORT_MAP_WIDTH);
    assert!(h > 300, "{h}");
    let mut xml = String::new();
    zip::ZipArchive::new(Cursor::new(docx.bytes.clone()))
        .expect("zip")
        .by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("text");
    let criteria = xml
        .find("KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ")
        .expect("criteria section");
    let picture = xml.find("<w:drawing>").expect("the picture is placed");
    let caption = xml.find("Bản đồ Huyện Phong Thổ").expect("its caption");
    let next = xml.find("KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU").expect("next section");
    assert!(
        criteria < picture && picture < caption && caption < next,
        "after the criteria results"
    );
    assert!(xml.contains("sơ đồ"), "the caption says the cells are schematic");

    let xlsx = program
        .appendix(&actor(), "109", Y2023, &ReportOptions::standard())
        .await
        .expect("appendix");
    let (w, _) = picture_in(&xlsx.bytes, "xl/media/");
    assert_eq!(w, ntm_app::map::REPORT_MAP_WIDTH);
    let mut book = workbook(&xlsx.bytes);
    let sheet = book.worksheet_range("Bản đồ").expect("the map sheet");
    assert!(
        text(&sheet, 1, 0).starts_with("Bản đồ Huyện Phong Thổ"),
        "caption"
    );

    // Asked for no map: none, and the sheet is gone.
    let plain = ReportOptions::parse(None, Some("none")).expect("options");
    let docx = program
        .narrative(&actor(), "109", Y2023, &plain)
        .await
        .expect("report");
    let archive = zip::ZipArchive::new(Cursor::new(docx.bytes)).expect("zip");
    assert!(!archive.file_names().any(|n| n.is_ok_and(|n| n.ends_with(".png"))));
    let err = ReportOptions::parse(None, Some("bogus")).expect_err("unknown layer");
    assert!(err.to_string().contains("none"), "{err}");
}
