//! The real server over HTTP, issue 12: the overview says recognition and
//! all criteria met in words that cannot be confused, with its coverage;
//! the criteria set's consistency and history rules warn on the entry page
//! and in the import report; the unit page shows where values came from.

mod support;

use reqwest::StatusCode;
use support::{login, server, text_of};

#[tokio::test]
async fn the_overview_keeps_recognition_apart_from_all_criteria_met() {
    let district = login("vpdp.phongtho").await;
    let (status, html) = district.get_text("/overview/109?period=2023").await;
    assert_eq!(status, StatusCode::OK);
    let text = text_of(&html);
    assert!(text.contains("Số xã có số liệu: 16/16 xã có số liệu"), "{text}");
    assert!(
        text.contains("04/16 xã đã được công nhận đạt chuẩn nông thôn mới (có quyết định công nhận)"),
        "{text}"
    );
    assert!(
        text.contains("02/16") && text.contains("xã đạt đủ 19/19 tiêu chí (theo số liệu)"),
        "{text}"
    );
    assert!(
        text.contains("Đã được công nhận đạt chuẩn nhưng theo số liệu năm 2023 chưa đạt đủ 19 tiêu chí: Ma Li Pho, Khổng Lào."),
        "{text}"
    );
    // The plan's "duy trì 04 xã đạt chuẩn" is measured by recognitions (the
    // plan's table is on its own page; the overview summarises it).
    let (_, plan) = district.get_text("/plans/109?year=2024").await;
    let plan = text_of(&plan);
    assert!(
        plan.contains("xã được công nhận đạt chuẩn nông thôn mới"),
        "{plan}"
    );
    assert!(!plan.contains("xã đạt chuẩn nông thôn mới04/1602/16"), "{plan}");
    // Marks on what rests on derived values (criterion 8), and the checks apart.
    assert!(html.contains(r#"<sup class="mark""#), "marked figures");
    assert!(text.contains("Tải danh sách kiểm tra"), "{text}");

    // The province without data for most communes says so first.
    let province = login("vpdp.laichau").await;
    let (_, html) = province.get_text("/overview/12?period=2023").await;
    let text = text_of(&html);
    assert!(text.contains("Số xã có số liệu: 29/94 xã có số liệu"), "{text}");
    assert!(text.contains("12,07"), "the average over the 29: {text}");
}

#[tokio::test]
async fn a_consistency_rule_and_a_history_rule_warn_on_the_entry_page() {
    let district = login("vpdp.phongtho").await;
    // Nậm Xe, 2024: households counted 1.000 and 1.200; electricity at 70 %
    // loses criterion 4, met in 2023.
    let entry = "/units/03586/entry?period=2024";
    let (status, _) = district.get_text(entry).await;
    assert_eq!(status, StatusCode::OK);
    let empty = "\u{1f}\u{1f}\u{1f}";
    let saved = district
        .post_form(
            entry,
            &[
                ("csrf", district.csrf.as_str()),
                ("v.4.2.version", "0"),
                ("v.4.2.orig", empty),
                ("v.4.2.achieved", "700"),
                ("v.4.2.total", "1.000"),
                ("v.4.2.value", ""),
                ("v.4.2.note", ""),
                ("v.9.2.version", "0"),
                ("v.9.2.orig", empty),
                ("v.9.2.achieved", "600"),
                ("v.9.2.total", "1.200"),
                ("v.9.2.value", ""),
                ("v.9.2.note", ""),
            ],
        )
        .await;
    assert!(
        saved.status().is_success() || saved.status().is_redirection(),
        "{}",
        saved.status()
    );
    let (_, html) = district.get_text(entry).await;
    let text = text_of(&html);
    assert!(text.contains("Cần kiểm tra lại (2):"), "{text}");
    assert!(
        text.contains("Tổng số hộ phải như nhau ở mọi chỉ tiêu tính theo hộ: tổng số không thống nhất giữa các chỉ tiêu (chỉ tiêu 4.2: 1.000; chỉ tiêu 9.2: 1.200"),
        "{text}"
    );
    assert!(
        text.contains("tiêu chí 4 (Điện) đạt năm 2023 nhưng nay chưa đạt"),
        "{text}"
    );
    // The unit's page says where each value came from.
    let (_, page) = district.get_text("/units/03586?period=2024").await;
    assert!(
        text_of(&page).contains("nhập trực tiếp"),
        "provenance on the page"
    );
}

#[tokio::test]
async fn the_import_report_lists_the_checks_warnings() {
    let s = server();
    let district = login("vpdp.phongtho").await;
    let csv = "mã đơn vị;kỳ;chỉ tiêu;số đạt;tổng số;nguồn số liệu\n\
               03577;2024;4.2;900;1.000;văn bản\n\
               03577;2024;9.2;500;800;ước tính\n";
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("ban-lang.csv"),
    );
    let response = district
        .client
        .post(s.url(&format!("/import?csrf={}", district.csrf)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = text_of(&response.text().await.unwrap());
    assert!(text.contains("Đã nhập ban-lang.csv"), "{text}");
    assert!(text.contains("Cần kiểm tra lại"), "{text}");
    assert!(
        text.contains("Xã Bản Lang (năm 2024): Tổng số hộ phải như nhau"),
        "{text}"
    );
    assert!(
        text.contains("tiêu chí 4 (Điện) đạt năm 2023 nhưng nay chưa đạt"),
        "{text}"
    );
    let (_, page) = district.get_text("/units/03577?period=2024").await;
    let page = text_of(&page);
    assert!(
        page.contains("theo văn bản") && page.contains("ước tính, điền bổ sung"),
        "{page}"
    );
}

#[tokio::test]
async fn the_api_returns_the_checks_warnings_of_a_write() {
    let s = server();
    let token = s.token("vpdp.phongtho").await;
    // Mường So, 2024-Q3 (nothing stored yet): households counted 1.000 and 1.200.
    let response = reqwest::Client::new()
        .put(s.url("/api/v1/units/03589/values?period=2024-Q3"))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "values": [
                {"indicator": "4.2", "achieved": "700", "total": "1.000", "version": 0, "provenance": "document"},
                {"indicator": "9.2", "achieved": "600", "total": "1.200", "version": 0}
            ],
            "assessments": []
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    let warnings = body["warnings"].as_array().expect("warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap_or("").contains("Tổng số hộ phải như nhau")),
        "{body}"
    );
    assert_eq!(body["created"], 2, "the values are stored all the same: {body}");
}

/// The text of a DOCX body.
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a DOCX");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("text");
    text_of(&xml)
}

#[tokio::test]
async fn the_api_report_is_issued_by_the_body_that_exists_on_its_date() {
    let s = server();
    let token = s.token("vpdp.laichau").await;
    let api = reqwest::Client::new();
    let get = |date: &str| {
        api.get(s.url(&format!(
            "/api/v1/units/109/report.docx?period=2023&map=none&date={date}"
        )))
        .bearer_auth(&token)
        .send()
    };
    let before = get("2024-01-15").await.unwrap();
    assert_eq!(before.status(), StatusCode::OK);
    let text = docx_text(&before.bytes().await.unwrap());
    assert!(text.contains("HUYỆN PHONG THỔ"), "{text}");
    assert!(text.contains("ngày 15 tháng 01 năm 2024"), "{text}");
    let after = get("2025-08-01").await.unwrap();
    assert_eq!(after.status(), StatusCode::OK);
    let text = docx_text(&after.bytes().await.unwrap());
    assert!(text.contains("TỈNH LAI CHÂU"), "{text}");
    assert!(!text.contains("HUYỆN PHONG THỔ"), "{text}");
    // ntm's checks are the review file's, never the report's.
    assert!(!text.contains("Cần xem lại"), "{text}");
    let bad = get("15-15-2024").await.unwrap();
    assert!(bad.status().is_client_error(), "{}", bad.status());
}
