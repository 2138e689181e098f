//! The overview's tables as files beside them: the matrix as XLSX holds the
//! figures the API gives, number cells for numbers; the CSV is UTF-8 with a
//! byte-order mark and never lets a cell run as a formula; whoever may not
//! see the overview may not download its tables.

mod support;

use calamine::{Data, Reader, Xlsx};
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;
use support::{api_json, client, csv_cells, login, server};

const MATRIX_XLSX: &str = "/overview/109/export?table=matrix&format=xlsx&period=2023";

#[tokio::test]
async fn the_matrix_downloads_as_xlsx_with_the_figures_of_the_page_and_the_api() {
    let district = login("vpdp.phongtho").await;
    let (_, page) = district.get_text("/overview/109?period=2023").await;
    for table in ["matrix", "criteria", "changes", "findings"] {
        for format in ["xlsx", "csv"] {
            let href = format!("/overview/109/export?table={table}&amp;format={format}&amp;period=2023");
            assert!(page.contains(&href), "no link {href} on the overview");
        }
    }
    let response = district.get(MATRIX_XLSX).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = response.bytes().await.expect("bytes").to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("readable");

    let stats: Value = api_json("vpdp.phongtho", "/api/v1/units/109/statistics?period=2023").await;
    let communes = stats["per_commune"].as_array().expect("communes");
    assert_eq!(communes.len(), 16, "Phong Thổ's 16 communes");
    let criteria = stats["per_criterion"].as_array().expect("criteria").len();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    // The header row: "Số tiêu chí đạt" after the criteria.
    let (header_row, met_col) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| {
            r.iter()
                .position(|c| *c == Data::String("Số tiêu chí đạt".into()))
                .map(|c| (i, c))
        })
        .expect("a column of criteria met");
    assert_eq!(met_col, 2 + criteria, "STT, Xã, then every criterion");
    for commune in communes {
        let name = commune["name"].as_str().expect("name");
        let row = rows[header_row..]
            .iter()
            .find(|r| r.get(1).is_some_and(|c| c.to_string().starts_with(name)))
            .unwrap_or_else(|| panic!("{name} in the matrix"));
        let met = commune["met"].as_u64().expect("met");
        assert_eq!(
            row[met_col],
            Data::Float(met as f64),
            "{name}: criteria met as a number cell"
        );
        let met_criteria: Vec<&str> = commune["met_criteria"]
            .as_array()
            .expect("met criteria")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let marked = (0..criteria)
            .filter(|i| row[2 + i] == Data::String("x".into()))
            .count();
        assert_eq!(marked, met_criteria.len(), "{name}: one x per criterion met");
    }
    // The page says the same for one commune it names.
    let first = &communes[0];
    assert!(page.contains(first["name"].as_str().expect("name")));
}

#[tokio::test]
async fn a_table_as_csv_is_utf8_with_a_bom_and_its_cells_never_run_as_formulas() {
    let district = login("vpdp.phongtho").await;
    let response = district
        .get("/overview/109/export?table=criteria&format=csv&period=2023")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    let bytes = response.bytes().await.expect("bytes");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark for Excel"
    );
    let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    assert!(text.contains("Giao thông"), "{text}");
    let cells = csv_cells(text);
    for cell in &cells {
        let runs = cell.starts_with(['=', '+', '@', '\t', '\r']);
        // Only a number starts with a minus sign.
        let minus = cell.starts_with('-') && cell.parse::<i64>().is_err();
        assert!(!runs && !minus, "a cell a spreadsheet would run: {cell:?}");
    }

    // Names that a spreadsheet would run, through the same writer, on the
    // demo's real figures (a name may carry its footnote mark " (1)").
    let s = server();
    let actor = ntm_app::accounts::access::Actor::command(
        "kiểm thử",
        ntm_store::ChangeSource::Demo,
        ntm_app::Clock::System.now(),
    );
    let period = "2023".parse().expect("period");
    let program = std::sync::Arc::clone(&s.program);
    let mut stats = s
        .runtime
        .spawn(async move { program.stats(&actor, "109", period, None).await })
        .await
        .expect("task")
        .expect("stats");
    let hostile = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
    ];
    for (commune, name) in stats.per_commune.iter_mut().zip(hostile) {
        commune.name = name.to_string();
    }
    let table = ntm_reports::page_tables::page_table(&stats, ntm_reports::page_tables::PageTable::Matrix)
        .expect("matrix");
    let csv = String::from_utf8(ntm_reports::table_file::table_csv(&table)).expect("utf-8");
    let cells = csv_cells(csv.trim_start_matches('\u{feff}'));
    for name in hostile {
        assert!(
            cells.iter().any(|c| c.starts_with(&format!("'{name}"))),
            "{name:?} is written as text, prefixed with '"
        );
        assert!(
            !cells.iter().any(|c| c.starts_with(name)),
            "{name:?} written as is"
        );
    }
}

#[tokio::test]
async fn the_tables_are_for_those_who_may_see_the_overview() {
    // A commune officer elsewhere: answered as for the overview itself.
    let other = login("xa.muongso").await;
    let (overview_status, _) = other.get_text("/overview/109?period=2023").await;
    let export = other.get(MATRIX_XLSX).await;
    assert_eq!(export.status(), overview_status);
    assert_ne!(export.status(), StatusCode::OK);
    // Nobody signed in: to the login page, as for every page.
    let anonymous = client().get(server().url(MATRIX_XLSX)).send().await.expect("GET");
    assert!(anonymous.status().is_redirection(), "{}", anonymous.status());
    // A table the page does not have, and a format ntm does not write.
    let district = login("vpdp.phongtho").await;
    let (status, body) = district
        .get_text("/overview/109/export?table=plan&format=xlsx&period=2023")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("matrix, criteria"), "{body}");
    let (status, _) = district
        .get_text("/overview/109/export?table=matrix&format=pdf&period=2023")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// The overview's money of the criteria newly met downloads beside it, its
/// amounts as number cells equal to the API's money figures.
#[tokio::test]
async fn the_money_of_the_criteria_newly_met_downloads_with_its_amounts_as_numbers() {
    let district = login("vpdp.phongtho").await;
    let (_, page) = district.get_text("/overview/109?period=2023").await;
    let href = "/overview/109/export?table=money&amp;format=xlsx&amp;period=2023";
    assert!(page.contains(href), "no link {href} beside the money table");
    let response = district
        .get("/overview/109/export?table=money&format=xlsx&period=2023")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.expect("bytes").to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("readable");
    let rows: Vec<&[Data]> = sheet.rows().collect();

    let money: Value = api_json("vpdp.phongtho", "/api/v1/units/109/money?year=2023").await;
    let newly_met = money["newly_met"].as_array().expect("newly met");
    assert!(
        !newly_met.is_empty(),
        "the demo has money for criteria newly met in 2023"
    );
    for c in newly_met {
        let label = format!(
            "{}. {}",
            c["criterion"].as_str().expect("code"),
            c["name"].as_str().expect("name")
        );
        let row = rows
            .iter()
            .find(|r| r.first().is_some_and(|x| x.to_string() == label))
            .unwrap_or_else(|| panic!("{label} in the file"));
        // "1.234,5" the Vietnamese way in the API's text; a number in the
        // file; no project serving it there: "chưa có số liệu", never 0.
        match c["allocated"].as_str() {
            Some(text) => {
                let allocated: f64 = text.replace('.', "").replace(',', ".").parse().expect("a number");
                assert_eq!(
                    row[2],
                    Data::Float(allocated),
                    "{label}: allocated as a number cell"
                );
            }
            None => assert_eq!(row[2], Data::String("chưa có số liệu".into()), "{label}"),
        }
    }
    // CSV too, and a unit the user may not see gets none.
    let csv = district
        .get("/overview/109/export?table=money&format=csv&period=2023")
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let commune = login("xa.silolau").await;
    let refused = commune
        .get("/overview/12/export?table=money&format=csv&period=2023")
        .await;
    assert_ne!(refused.status(), StatusCode::OK);
}
