//! The tables of the plans, gaps and money pages as files beside them: each
//! XLSX, read back with calamine, holds the figures the page shows (amounts,
//! counts and percentages as number cells, "chưa có số liệu" as text where
//! the page says it); the CSV never lets a cell run as a formula; a table,
//! format or year the page does not have is a 400 naming what it has; who
//! may not see the page may not download its tables.

mod support;

use calamine::{Data, Reader, Xlsx};
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use support::{Session, csv_cells, login, login_at, server, text_of};

/// The body rows of the table whose export links (`href`, as the page writes
/// it) follow it: each a list of its cells' texts.
fn page_rows(html: &str, href: &str) -> Vec<Vec<String>> {
    let at = html
        .find(href)
        .unwrap_or_else(|| panic!("no link {href} on the page"));
    let start = html[..at].rfind("<table").expect("a table before the link");
    let end = start + html[start..].find("</table>").expect("the table's end");
    let body = &html[start..end];
    let body = &body[body.find("<tbody").expect("a body")..];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| text_of(&format!("<td{}", cell.split("</td>").next().unwrap_or(""))))
                .collect()
        })
        .collect()
}

/// The file's sheet as rows of cells.
async fn xlsx_rows(session: &Session, path: &str) -> Vec<Vec<Data>> {
    let response = session.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = response.bytes().await.expect("bytes").to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("readable");
    sheet.rows().map(<[Data]>::to_vec).collect()
}

/// The body rows (and totals) of a sheet: those after the header row whose
/// first cell is `first_header` (two rows high), up to the first empty row.
fn body<'a>(file: &'a [Vec<Data>], first_header: &str) -> &'a [Vec<Data>] {
    let header = file
        .iter()
        .position(|r| r.first() == Some(&Data::String(first_header.into())))
        .unwrap_or_else(|| panic!("a header {first_header}"));
    let rest = &file[header + 2..];
    let end = rest
        .iter()
        .position(|r| r.iter().all(|c| matches!(c, Data::Empty)))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// "1.234,5", "65,5%", "08/16" (its first part) as the number it says.
fn number_vi(text: &str) -> Option<f64> {
    let text = text
        .trim()
        .trim_end_matches('%')
        .trim_end_matches("triệu đồng")
        .trim();
    let text = text.split('/').next().unwrap_or(text);
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '-')
    {
        return None;
    }
    text.replace('.', "").replace(',', ".").parse().ok()
}

/// Whether the file's cell says what the page's cell says: a figure as a
/// number cell equal to it, "chưa có số liệu" as that text, "—" or nothing
/// as an empty cell, any other text as text.
fn same(page: &str, file: &Data, what: &str) {
    let page = page.trim();
    match number_vi(page) {
        Some(x) => match file {
            Data::Float(y) => assert!((x - y).abs() < 1e-9, "{what}: page {page}, file {y}"),
            Data::Int(y) => assert_eq!(x, *y as f64, "{what}: page {page}"),
            other => panic!("{what}: page {page}, file {other:?}: not a number cell"),
        },
        None if page.is_empty() || page == "—" => {
            assert!(
                matches!(file, Data::Empty) || *file == Data::String(String::new()),
                "{what}: page empty, file {file:?}"
            )
        }
        None => assert_eq!(file.to_string(), page, "{what}"),
    }
}

/// The page's link to a table's file, as the HTML writes it.
fn href(page: &str, code: &str, table: &str, format: &str, query: &str) -> String {
    format!("/{page}/{code}/export?table={table}&amp;format={format}{query}")
}

/// Both links beside a table, and the file's address.
fn file_of(html: &str, page: &str, table: &str, query: &str) -> String {
    for format in ["xlsx", "csv"] {
        let link = href(page, "109", table, format, query);
        assert!(html.contains(&link), "no link {link}");
    }
    href(page, "109", table, "xlsx", query).replace("&amp;", "&")
}

#[tokio::test]
async fn the_money_page_tables_download_with_the_page_figures() {
    let office = login("vpdp.phongtho").await;
    let (status, html) = office.get_text("/money/109?year=2023").await;
    assert_eq!(status, StatusCode::OK);
    let query = "&amp;year=2023";

    // Projects: the page's columns, the owner in a column of its own.
    let link = href("money", "109", "projects", "xlsx", query);
    let page = page_rows(&html, &link);
    assert!(!page.is_empty(), "the demo has projects in 2023");
    let file = xlsx_rows(&office, &file_of(&html, "money", "projects", query)).await;
    let rows = body(&file, "Dự án");
    assert_eq!(rows.len(), page.len() + 1, "every project and the total");
    let mut numbers = 0;
    for (p, f) in page.iter().zip(rows) {
        let name = f[0].to_string();
        assert!(p[0].starts_with(&name), "{} / {name}", p[0]);
        assert!(p[0].ends_with(&f[1].to_string()), "the owner: {}", p[0]);
        same(&p[1], &f[2], "xã");
        for (page_col, file_col, what) in [
            (3, 4, "giao"),
            (4, 5, "chuyển nguồn"),
            (5, 6, "giải ngân"),
            (6, 7, "tỷ lệ"),
        ] {
            same(&p[page_col], &f[file_col], &format!("{name}: {what}"));
            numbers += usize::from(matches!(f[file_col], Data::Float(_)));
        }
        same(&p[7], &f[8], "tình trạng");
    }
    assert!(numbers >= page.len() * 2, "amounts as number cells");
    let total = &rows[page.len()];
    assert_eq!(total[0], Data::String("Cộng".into()));
    let text = text_of(&html);
    let allocated = text
        .split("Giao ")
        .find(|t| t.starts_with(|c: char| c.is_ascii_digit()))
        .and_then(|t| t.split(" triệu đồng").next())
        .expect("the year's allocation");
    same(allocated, &total[4], "total allocated");

    // By source (the demo's projects serve no commune nor criterion: see
    // the next test for those): the same five columns.
    for table in ["by_source"] {
        let page = page_rows(&html, &href("money", "109", table, "xlsx", query));
        assert!(!page.is_empty(), "{table}");
        let file = xlsx_rows(&office, &file_of(&html, "money", table, query)).await;
        let rows = body(&file, "Nguồn");
        assert_eq!(rows.len(), page.len(), "{table}: one row per line");
        for (p, f) in page.iter().zip(rows) {
            assert_eq!(p.len(), 5, "{table}");
            for (i, cell) in p.iter().enumerate() {
                same(cell, &f[i], &format!("{table}: {} column {i}", p[0]));
            }
            assert!(matches!(f[1], Data::Float(_)), "{table}: allocation as a number");
        }
    }

    // Capital by source, each table of the page; contributions.
    let mut capital = 0;
    while html.contains(&href(
        "money",
        "109",
        &format!("capital-{}", capital + 1),
        "xlsx",
        query,
    )) {
        capital += 1;
        let table = format!("capital-{capital}");
        let page = page_rows(&html, &href("money", "109", &table, "xlsx", query));
        let file = xlsx_rows(&office, &file_of(&html, "money", &table, query)).await;
        let rows = body(&file, "Nguồn vốn");
        assert_eq!(rows.len(), page.len() + 1, "{table}: sources and the total");
        for (p, f) in page.iter().zip(rows) {
            same(&p[0], &f[0], &table);
            same(&p[1], &f[1], &format!("{table}: {}", p[0]));
        }
    }
    let (_, html_2024) = office.get_text("/money/109?year=2024").await;
    assert!(
        capital > 0 || html_2024.contains("table=capital-1"),
        "the demo has a capital plan in 2023 or 2024"
    );
    {
        let page = page_rows(&html, &href("money", "109", "contributions", "xlsx", query));
        let file = xlsx_rows(&office, &file_of(&html, "money", "contributions", query)).await;
        let rows = body(&file, "STT");
        assert_eq!(rows.len(), page.len() + 1, "contributions and the total");
        for (p, f) in page.iter().zip(rows) {
            for (i, cell) in p.iter().enumerate() {
                same(cell, &f[i + 1], &format!("contributions: {} column {i}", p[0]));
            }
        }
    }
}

/// Projects serving communes and criteria in 2024 (the demo has none that year):
/// the breakdowns by commune and criterion (the demo's projects are
/// district totals, which serve none).
async fn projects_by_commune_and_criterion(year: i32) {
    let s = server();
    let projects = "unit_code,project,name,communes,criteria,owner,status,planned_end\n\
        109,KT-1,=Đường bản Lang,03577,2;5,UBND xã Bản Lang,ongoing,2024-12-31\n\
        109,KT-2,-Trường Mường So,03589;03577,5,UBND xã Mường So,ongoing,2024-12-31\n";
    let money = format!(
        "unit_code,project,year,source,allocated,disbursed\n109,KT-1,{year},tw.dtpt,\"1.200,5\",300\n109,KT-2,{year},tw.dtpt,800,\n"
    );
    let program = std::sync::Arc::clone(&s.program);
    s.runtime
        .spawn(async move {
            let actor = ntm_app::accounts::access::Actor::command(
                "kiểm thử",
                ntm_store::ChangeSource::Demo,
                ntm_app::Clock::System.now(),
            );
            program
                .import_money(&actor, "du-an.csv", projects.as_bytes())
                .await
                .expect("projects");
            program
                .import_money(&actor, "von.csv", money.as_bytes())
                .await
                .expect("money");
        })
        .await
        .expect("task");
}

#[tokio::test]
async fn the_breakdowns_by_commune_and_criterion_download_with_the_page_figures() {
    projects_by_commune_and_criterion(2024).await;
    let office = login("vpdp.phongtho").await;
    let (status, html) = office.get_text("/money/109?year=2024").await;
    assert_eq!(status, StatusCode::OK);
    let query = "&amp;year=2024";
    for table in ["projects", "by_source", "by_commune", "by_criterion"] {
        let page = page_rows(&html, &href("money", "109", table, "xlsx", query));
        assert!(!page.is_empty(), "{table}");
        let file = xlsx_rows(&office, &file_of(&html, "money", table, query)).await;
        let first = match table {
            "projects" => "Dự án",
            "by_source" => "Nguồn",
            "by_commune" => "Xã",
            _ => "Tiêu chí",
        };
        let body = body(&file, first);
        assert!(body.len() >= page.len(), "{table}");
        for (p, f) in page.iter().zip(body) {
            if table == "projects" {
                same(&p[1], &f[2], "xã");
                same(&p[3], &f[4], "giao");
                same(&p[5], &f[6], "giải ngân");
                same(&p[6], &f[7], "tỷ lệ");
                continue;
            }
            for (i, cell) in p.iter().enumerate() {
                same(cell, &f[i], &format!("{table}: {} column {i}", p[0]));
            }
        }
    }
    // Bản Lang: both projects (1.200,5 + 800), 300 disbursed of KT-1's 1.200,5.
    let page = page_rows(&html, &href("money", "109", "by_commune", "xlsx", query));
    let ban_lang = page.iter().find(|r| r[0].contains("Bản Lang")).expect("Bản Lang");
    assert_eq!(ban_lang[1], "2.000,5", "{ban_lang:?}");
    let file = xlsx_rows(&office, &file_of(&html, "money", "by_commune", query)).await;
    let row = file
        .iter()
        .find(|r| r[0].to_string().contains("Bản Lang"))
        .expect("Bản Lang in the file");
    assert_eq!(row[1], Data::Float(2000.5));
    assert_eq!(row[3], Data::Float(300.0));
    // Mường So: only KT-2, with no disbursement recorded.
    let row = file
        .iter()
        .find(|r| r[0].to_string().contains("Mường So"))
        .expect("Mường So in the file");
    assert_eq!(row[3], Data::String("chưa có số liệu".into()));
    // The project names a spreadsheet would run are text in the CSV.
    let cells = csv_of(&office, "/money/109/export?table=projects&format=csv&year=2024").await;
    assert!(cells.contains(&"'=Đường bản Lang".to_string()), "{cells:?}");
    assert!(cells.contains(&"'-Trường Mường So".to_string()), "{cells:?}");
}

#[tokio::test]
async fn the_plans_page_targets_and_registrations_download_with_the_page_figures() {
    let office = login("vpdp.phongtho").await;
    let (status, html) = office.get_text("/plans/109?year=2024").await;
    assert_eq!(status, StatusCode::OK);
    let at = html
        .find("table=targets&amp;format=xlsx&amp;year=2024&amp;as_of=")
        .expect("targets link");
    let as_of = html[at..]
        .split("as_of=")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .expect("as_of");
    let query = format!("&amp;year=2024&amp;as_of={as_of}");
    let page = page_rows(&html, &href("plans", "109", "targets", "xlsx", &query));
    assert!(!page.is_empty(), "the demo has targets for 2024");
    let file = xlsx_rows(&office, &file_of(&html, "plans", "targets", &query)).await;
    let rows = body(&file, "Chỉ tiêu");
    assert_eq!(rows.len(), page.len());
    let mut counts = 0;
    for (p, f) in page.iter().zip(rows) {
        let label = f[0].to_string();
        assert!(p[0].starts_with(&label), "{} / {label}", p[0]);
        same(&p[1], &f[1], "thời hạn");
        // Mục tiêu, trước kỳ, thực hiện; then tình trạng and dự báo swap places.
        same(&p[2], &f[2], &format!("{label}: mục tiêu"));
        same(&p[3], &f[3], &format!("{label}: trước kỳ"));
        if p[4] == "—" {
            assert_eq!(f[4], Data::String("chưa có số liệu".into()), "{label}");
        } else {
            same(&p[4], &f[4], &format!("{label}: thực hiện"));
        }
        same(&p[6], &f[5], &format!("{label}: dự báo"));
        if let Some((_, whole)) = p[2].split_once('/') {
            same(whole, &f[6], &format!("{label}: out of"));
            counts += 1;
        }
        same(&p[5], &f[7], "tình trạng");
        same(&p[7], &f[8], "lý do");
    }
    assert!(counts > 0, "targets counting communes, as numbers");

    {
        let page = page_rows(&html, &href("plans", "109", "registrations", "xlsx", &query));
        let file = xlsx_rows(&office, &file_of(&html, "plans", "registrations", &query)).await;
        let rows = body(&file, "Xã");
        assert_eq!(rows.len(), page.len());
        for (p, f) in page.iter().zip(rows) {
            same(&p[0], &f[0], "xã");
            same(&p[2], &f[5], "cơ quan");
            same(&p[3], &f[6], "vốn dự kiến");
            same(&p[4], &f[7], "tình trạng");
        }
    }
}

#[tokio::test]
async fn the_gaps_page_priorities_download_with_the_page_figures() {
    let office = login("vpdp.phongtho").await;
    let (status, html) = office.get_text("/gaps/109?period=2023").await;
    assert_eq!(status, StatusCode::OK);
    let query = "&amp;period=2023";
    let page = page_rows(&html, &href("gaps", "109", "priorities", "xlsx", query));
    assert!(!page.is_empty(), "the demo has unmet criteria in 2023");
    let file = xlsx_rows(&office, &file_of(&html, "gaps", "priorities", query)).await;
    let rows = body(&file, "Thứ tự");
    assert_eq!(rows.len(), page.len());
    // The office may register: the page's first column is the checkbox.
    for (p, f) in page.iter().zip(rows) {
        assert_eq!(p.len(), 6);
        same(&p[1], &f[0], "thứ tự");
        assert!(matches!(f[0], Data::Float(_)), "the order as a number");
        same(&p[2], &f[1], "xã");
        same(&p[3], &f[3], "tiêu chí");
        same(&p[4], &f[4], "vì sao");
        let lacks = f[5].to_string().split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(p[5], lacks, "còn thiếu");
    }
}

/// A CSV file of a page: UTF-8 with a BOM, no cell a spreadsheet would run.
async fn csv_of(session: &Session, path: &str) -> Vec<String> {
    let response = session.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(response.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    let bytes = response.bytes().await.expect("bytes");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "{path}: a byte-order mark"
    );
    let cells = csv_cells(std::str::from_utf8(&bytes[3..]).expect("utf-8"));
    for cell in &cells {
        let runs = cell.starts_with(['=', '+', '@', '\t', '\r']);
        let minus = cell.starts_with('-') && number_vi(cell).is_none();
        assert!(
            !runs && !minus,
            "{path}: a cell a spreadsheet would run: {cell:?}"
        );
    }
    cells
}

#[tokio::test]
async fn the_csv_files_never_let_a_cell_run_as_a_formula() {
    let office = login("vpdp.phongtho").await;
    for path in [
        "/money/109/export?table=projects&format=csv&year=2023",
        "/money/109/export?table=by_source&format=csv&year=2023",
        "/gaps/109/export?table=priorities&format=csv&period=2023",
        "/plans/109/export?table=targets&format=csv&year=2024",
    ] {
        let cells = csv_of(&office, path).await;
        assert!(cells.len() > 10, "{path}: {cells:?}");
    }
    // Text a user typed that a spreadsheet would run: targets whose document
    // reads as a formula, for 2025 (no other test here reads that year's plan).
    let base = server().another().await;
    let office = login_at(&base, "vpdp.phongtho").await;
    let hostile = ["=HYPERLINK(\"http://x\",\"y\")", "-2+3", "@SUM(A1)", "+1+1"];
    for (subject, source) in ["2", "3", "5", "6"].into_iter().zip(hostile) {
        let saved = office
            .post_form(
                "/plans/109/targets?year=2025",
                &[
                    ("csrf", office.csrf.as_str()),
                    ("metric", "criterion_communes"),
                    ("subject", subject),
                    ("start_year", "2025"),
                    ("end_year", "2025"),
                    ("value", "10"),
                    ("source", source),
                ],
            )
            .await;
        assert_eq!(saved.status(), StatusCode::SEE_OTHER, "target {subject} saved");
    }
    let cells = csv_of(&office, "/plans/109/export?table=targets&format=csv&year=2025").await;
    for source in hostile {
        assert!(
            cells.contains(&format!("'{source}")),
            "{source:?} prefixed with ': {cells:?}"
        );
    }
    // The XLSX holds them as text, as typed.
    let file = xlsx_rows(&office, "/plans/109/export?table=targets&format=xlsx&year=2025").await;
    for source in hostile {
        assert!(
            file.iter()
                .any(|r| r.get(9) == Some(&Data::String(source.to_string()))),
            "{source:?} as a text cell"
        );
    }
}

#[tokio::test]
async fn a_table_format_or_year_the_page_lacks_is_a_400_naming_what_it_has() {
    let office = login("vpdp.phongtho").await;
    for (path, named) in [
        (
            "/money/109/export?table=matrix&format=xlsx&year=2023",
            "projects, by_source",
        ),
        (
            "/money/109/export?table=capital-0&format=xlsx&year=2023",
            "capital-1",
        ),
        (
            "/plans/109/export?table=money&format=xlsx&year=2024",
            "targets, registrations",
        ),
        (
            "/gaps/109/export?table=targets&format=csv&period=2023",
            "priorities",
        ),
        (
            "/money/109/export?table=projects&format=pdf&year=2023",
            "xlsx hoặc csv",
        ),
        (
            "/plans/109/export?table=targets&format=ods&year=2024",
            "xlsx hoặc csv",
        ),
        (
            "/money/109/export?table=projects&format=csv&year=hai",
            "2000–2100",
        ),
        (
            "/plans/109/export?table=targets&format=csv&year=1999",
            "2000–2100",
        ),
    ] {
        let (status, body) = office.get_text(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(body.contains(named), "{path}: {}", text_of(&body));
    }
    // A table the page has, but not that year: as the page shows none.
    let (status, _) = office
        .get_text("/money/109/export?table=projects&format=xlsx&year=2019")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_tables_are_for_those_who_may_see_the_page() {
    let other = login("xa.muongso").await;
    for (page, export) in [
        (
            "/money/109?year=2023",
            "/money/109/export?table=projects&format=xlsx&year=2023",
        ),
        (
            "/plans/109?year=2024",
            "/plans/109/export?table=targets&format=xlsx&year=2024",
        ),
        (
            "/gaps/109?period=2023",
            "/gaps/109/export?table=priorities&format=csv&period=2023",
        ),
    ] {
        let (page_status, _) = other.get_text(page).await;
        let export_status = other.get(export).await.status();
        assert_eq!(export_status, page_status, "{export}");
        assert_ne!(export_status, StatusCode::OK, "{export}");
        let anonymous = support::client()
            .get(server().url(export))
            .send()
            .await
            .expect("GET");
        assert!(
            anonymous.status().is_redirection(),
            "{export}: {}",
            anonymous.status()
        );
    }
}

/// The reporting cycle's table downloads beside it: who sent, who is late,
/// as the page lists them, the counts as numbers.
#[tokio::test]
async fn the_cycle_page_table_downloads_with_the_page_rows() {
    let s = login("vpdp.phongtho").await;
    let (status, html) = s.get_text("/cycle/109?period=2023").await;
    assert_eq!(status, StatusCode::OK);
    let href = "/cycle/109/export?table=reports&amp;format=xlsx&amp;period=2023";
    let rows = page_rows(&html, href);
    assert!(!rows.is_empty(), "the page lists the expected reports");
    let file = xlsx_rows(&s, &href.replace("&amp;", "&")).await;
    let body = body(&file, "STT");
    assert_eq!(body.len(), rows.len(), "one row a report");
    for (page, sheet) in rows.iter().zip(body) {
        // Whose report it is, as the page names it (the page's row may
        // start with an approval checkbox).
        let who = &sheet[1];
        assert!(
            page.iter().any(|c| Data::String(c.clone()) == *who),
            "{page:?} / {sheet:?}"
        );
        assert!(
            matches!(sheet[0], Data::Float(_) | Data::Int(_)),
            "the order is a number"
        );
        assert!(
            matches!(sheet[7], Data::Float(_) | Data::Int(_)),
            "changes after approval are a number"
        );
    }
    let (status, _) = s
        .get_text("/cycle/109/export?table=nope&format=csv&period=2023")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, text) = login("xa.muongso")
        .await
        .get_text("/cycle/109/export?table=reports&format=csv&period=2023")
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a commune may not see its district's cycle: {text}"
    );
}
