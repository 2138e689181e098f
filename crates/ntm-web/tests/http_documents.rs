//! The real server over HTTP: reports, templates and imports, and an
//! approved period locked on every write path.

mod support;

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};
use support::{client, login, server, text_of};

#[tokio::test]
async fn reports_and_templates_download_and_imports_list_their_errors() {
    use calamine::Reader;
    let s = server();
    let district = login("vpdp.phongtho").await;
    let (_, overview) = district.get_text("/overview/109?period=2023").await;
    assert!(overview.contains("/overview/109/appendix.xlsx?period=2023"));
    let xlsx = district.get("/overview/109/appendix.xlsx?period=2023").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert_eq!(
        xlsx.headers()[CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        xlsx.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("phu-bieu-109-2023.xlsx")
    );
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    let book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert!(book.sheet_names().contains(&"PB02a Theo xã".to_string()));
    assert!(
        !book.sheet_names().iter().any(|n| n.contains("xem lại")),
        "ntm's checks are not in the appendix: {:?}",
        book.sheet_names()
    );
    // … they are a download of their own beside the report.
    assert!(overview.contains("/overview/109/checks.xlsx?period=2023"));
    let checks = district.get("/overview/109/checks.xlsx?period=2023").await;
    assert_eq!(checks.status(), StatusCode::OK);
    assert!(
        checks.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("kiem-tra-109-2023.xlsx")
    );
    let bytes = checks.bytes().await.unwrap().to_vec();
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Điểm cần xem lại").unwrap();
    let all: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        all.iter()
            .any(|c| c.contains("ghi 65,6% nhưng 3.890/5.939 là 65,5%")),
        "{all:?}"
    );
    let docx = district.get("/overview/109/report.docx?period=2023").await;
    assert_eq!(docx.status(), StatusCode::OK);
    let bytes = docx.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK") && bytes.windows(17).any(|w| w == b"word/document.xml"));

    // A commune officer: not the district's report (outside their scope, so
    // answered as a unit that does not exist); their own commune's template.
    let officer = login("xa.muongso").await;
    assert_eq!(
        officer
            .get("/overview/109/appendix.xlsx?period=2023")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let template = officer.get("/units/03589/template.xlsx?period=2023").await;
    assert_eq!(template.status(), StatusCode::OK);
    let template = template.bytes().await.unwrap().to_vec();
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(template.clone())).unwrap();
    let sheet = book.worksheet_range("Số liệu").unwrap();
    let codes: std::collections::BTreeSet<String> = (4..sheet.height())
        .map(|r| sheet.get((r, 0)).unwrap().to_string())
        .collect();
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["03589"]);

    // The import page: the unchanged template imports without a change …
    let upload = |session: &support::Session, name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        session
            .client
            .post(s.url(&format!("/import?csrf={}", session.csrf)))
            .multipart(form)
            .send()
    };
    let ok = upload(&officer, "mau.xlsx", template).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let text = text_of(&ok.text().await.unwrap());
    assert!(text.contains("0 giá trị mới, 0 cập nhật"), "{text}");
    // … a bad CSV lists every error and stores nothing.
    let csv =
        "unit_code,period,indicator,value,achieved,total\n03589,2023,2.1,,30,20\n03550,2023,8.1,đạt,,\n"
            .as_bytes()
            .to_vec();
    let bad = upload(&officer, "so-lieu.csv", csv.clone()).await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = text_of(&bad.text().await.unwrap());
    assert!(text.contains("2 lỗi; không có dữ liệu nào được lưu"), "{text}");
    assert!(
        text.contains("lớn hơn tổng số") && text.contains("không có quyền sửa chỉ tiêu 8.1"),
        "{text}"
    );
    // The same through the API, as problem details.
    let token = s.token("xa.muongso").await;
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(csv).file_name("a.csv"));
    let r = client()
        .post(s.url("/api/v1/import"))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"].as_array().unwrap().len(), 2, "{p}");
}

#[tokio::test]
async fn an_approved_period_is_locked_on_every_write_path_and_a_returned_report_reaches_the_commune() {
    let s = server();
    let api = client();
    let commune = s.token("xa.muongso").await;
    let district = s.token("vpdp.phongtho").await;
    let act = |token: &str, body: Value| {
        api.post(s.url("/api/v1/cycle?period=2022"))
            .bearer_auth(token.to_string())
            .json(&body)
            .send()
    };
    let r = act(&commune, json!({"action": "submit", "unit": "03589"}))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let r = act(
        &district,
        json!({"action": "return", "unit": "03589", "comment": "Thiếu minh chứng tiêu chí 2"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // The commune sees the comment on its page.
    let officer = login("xa.muongso").await;
    let (_, html) = officer.get_text("/units/03589?period=2022").await;
    let text = text_of(&html);
    assert!(
        text.contains("bị trả lại") && text.contains("Thiếu minh chứng tiêu chí 2"),
        "{text}"
    );
    // Sent again, approved: locked.
    assert_eq!(
        act(&commune, json!({"action": "submit", "unit": "03589"}))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let approved = act(&district, json!({"action": "approve", "units": ["03589"]}))
        .await
        .unwrap();
    assert_eq!(approved.status(), StatusCode::OK);
    // The API …
    let put = api
        .put(s.url("/api/v1/units/03589/values?period=2022"))
        .bearer_auth(&commune)
        .json(&json!({"values": [{"indicator": "8.1", "value": "đạt", "version": 0}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::CONFLICT);
    let p: Value = put.json().await.unwrap();
    assert_eq!(p["type"], "/problems/locked");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("đã được phê duyệt và khoá"),
        "{p}"
    );
    // … the page …
    let page = officer
        .post_form(
            "/units/03589/entry?period=2022",
            &[
                ("csrf", officer.csrf.as_str()),
                ("v.8.1.version", "0"),
                ("v.8.1.orig", "\u{241f}\u{241f}\u{241f}"),
                ("v.8.1.value", "đạt"),
            ],
        )
        .await;
    assert_eq!(page.status(), StatusCode::CONFLICT);
    assert!(page.text().await.unwrap().contains("đã được phê duyệt và khoá"));
    // … and imports.
    let csv = "unit_code,period,indicator,value\n03589,2022,8.1,đạt\n"
        .as_bytes()
        .to_vec();
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(csv).file_name("a.csv"));
    let import = api
        .post(s.url("/api/v1/import"))
        .bearer_auth(&commune)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(import.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = import.json().await.unwrap();
    assert!(
        p["errors"][0]["message"].as_str().unwrap().contains("khoá"),
        "{p}"
    );
    // The cycle page tells the district who approved.
    let office = login("vpdp.phongtho").await;
    let (status, html) = office.get_text("/cycle/109?period=2022").await;
    assert_eq!(status, StatusCode::OK, "{}", text_of(&html));
    assert!(text_of(&html).contains("đã khoá"));
}
