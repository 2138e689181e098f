//! The real server over HTTP: an approved period shows its lock and keeps
//! the user's work. The entry page of a locked unit and period says so and
//! is read-only (with the reopening form for the office that may reopen it,
//! and whom to ask for the others); a save refused by the lock, by a right
//! or by a value comes back inside the layout with everything typed and why.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{client, login, server, text_of};

const ENTRY: &str = "/units/03550/entry?period=2022";

async fn approve(unit: &str, period: &str) {
    let s = server();
    let api = client();
    let act = |token: String, body: Value| {
        api.post(s.url(&format!("/api/v1/cycle?period={period}")))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let office = s.token("vpdp.phongtho").await;
    let r = act(office.clone(), json!({"action": "submit", "unit": unit}))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let r = act(office, json!({"action": "approve", "units": [unit]}))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
}

#[tokio::test]
async fn a_locked_entry_page_is_read_only_and_a_refused_save_keeps_what_was_typed() {
    let office = login("vpdp.phongtho").await;
    // The office has the form open and types …
    let (status, before) = office.get_text(ENTRY).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        before.contains("name=\"v.3.2.value\""),
        "editable before the approval"
    );
    let typed = [
        ("csrf", office.csrf.as_str()),
        ("v.3.2.version", "0"),
        ("v.3.2.orig", "\u{241f}\u{241f}\u{241f}"),
        ("v.3.2.value", "đạt"),
        ("v.3.2.note", "biên bản nghiệm thu số 12 đang gõ dở"),
    ];
    // … while the period is approved and locked.
    approve("03550", "2022").await;
    let refused = office.post_form(ENTRY, &typed).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let html = refused.text().await.unwrap();
    let text = text_of(&html);
    assert!(html.contains("Đăng xuất"), "inside the layout, not a bare 409");
    assert!(
        text.contains("Chưa lưu:") && text.contains("đã được phê duyệt và khoá"),
        "{text}"
    );
    assert!(
        text.contains("Chưa lưu — bạn đã nhập: value: đạt; note: biên bản nghiệm thu số 12 đang gõ dở"),
        "what was typed is kept: {text}"
    );
    assert!(!html.contains("Lưu số liệu"), "nothing left to save");

    // The page itself: locked, read-only, and the office may reopen.
    let (_, page) = office.get_text(ENTRY).await;
    let text = text_of(&page);
    assert!(text.contains("đã được phê duyệt và khoá"), "{text}");
    assert!(text.contains("Trang này chỉ để xem"), "{text}");
    assert!(!page.contains("name=\"v.3.2.value\""), "no field to type in");
    assert!(
        page.contains("action=\"/cycle/03550/action?period=2022\""),
        "the reopening form"
    );
    // The commune's officer is told whom to ask.
    let officer = login("xa.silolau").await;
    let (status, page) = officer.get_text(ENTRY).await;
    assert_eq!(status, StatusCode::OK);
    let text = text_of(&page);
    assert!(text.contains("Để sửa, hãy đề nghị"), "{text}");
    assert!(!page.contains("name=\"reason\""), "no reopening form for them");

    // Reopened for one indicator from the entry page: that field opens.
    let until = (ntm_app::Clock::System.today() + time::Duration::days(10)).to_string();
    let reopened = office
        .post_form(
            "/cycle/03550/action?period=2022",
            &[
                ("csrf", office.csrf.as_str()),
                ("action", "reopen"),
                ("unit", "03550"),
                ("scope", "indicator"),
                ("code", "3.2"),
                ("until", until.as_str()),
                ("reason", "bổ sung biên bản nghiệm thu"),
                ("back", ENTRY),
            ],
        )
        .await;
    assert_eq!(reopened.status(), StatusCode::SEE_OTHER);
    let location = reopened.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(ENTRY), "back to the entry page: {location}");
    let (_, page) = office.get_text(&location).await;
    let text = text_of(&page);
    assert!(text.contains("Đang mở lại: chỉ tiêu 3.2"), "{text}");
    assert!(
        page.contains("name=\"v.3.2.value\""),
        "the reopened field is open"
    );
    assert!(!page.contains("name=\"v.3.3.value\""), "the others stay locked");
    // What was done is said once, by the server: not again on a reload,
    // and never from the address.
    assert!(page.contains("<p class=\"notice\" role=\"status\">"), "{text}");
    let marker = "<p class=\"notice\" role=\"status\">";
    let notice = &page[page.find(marker).expect("notice") + marker.len()..];
    assert!(
        notice.chars().next().is_some_and(char::is_uppercase),
        "a notice starts as a sentence: {}",
        &notice[..notice.len().min(80)]
    );
    let (_, again) = office.get_text(&location).await;
    assert!(!again.contains("<p class=\"notice\" role=\"status\">"));
    for crafted in [
        format!("{ENTRY}&done=T%C3%A0i%20kho%E1%BA%A3n%20b%E1%BB%8B%20kho%C3%A1"),
        "/cycle/03550?period=2022&done=T%C3%A0i%20kho%E1%BA%A3n%20b%E1%BB%8B%20kho%C3%A1".to_string(),
    ] {
        let (_, page) = office.get_text(&crafted).await;
        assert!(!text_of(&page).contains("Tài khoản bị khoá"), "{crafted}");
    }
}

#[tokio::test]
async fn a_refused_value_comes_back_with_everything_typed() {
    let office = login("vpdp.phongtho").await;
    let entry = "/units/03574/entry?period=2024";
    let (_, page) = office.get_text(entry).await;
    assert!(page.contains("name=\"v.3.2.value\""));
    let note = "ghi chú có ký tự đổi chiều \u{202E} ở giữa";
    let refused = office
        .post_form(
            entry,
            &[
                ("csrf", office.csrf.as_str()),
                ("v.3.2.version", "0"),
                ("v.3.2.orig", "\u{241f}\u{241f}\u{241f}"),
                ("v.3.2.value", "đạt"),
                ("v.3.2.note", note),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Đăng xuất"), "inside the layout");
    assert!(html.contains("U+202E"), "the reason, on the field");
    assert!(html.contains(note), "the note as typed, in its field");

    // Any other form refused: the reason inside the layout, and what was typed.
    let refused = office
        .post_form(
            "/plans/109/targets?year=2025",
            &[
                ("csrf", office.csrf.as_str()),
                ("metric", "criterion_communes"),
                ("subject", "8"),
                ("start_year", "2021"),
                ("end_year", "2025"),
                ("value", "khoảng mười lăm"),
                ("source", "Nghị quyết Đại hội Đảng bộ huyện"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    let text = text_of(&html);
    assert!(html.contains("Đăng xuất"), "inside the layout");
    assert!(text.contains("Những gì bạn đã nhập (chưa được lưu)"), "{text}");
    assert!(
        text.contains("khoảng mười lăm") && text.contains("Nghị quyết Đại hội Đảng bộ huyện"),
        "{text}"
    );
    assert!(!text.contains(&office.csrf), "not the page's own fields");
    assert!(
        text.contains("Từ năm") && !text.contains("start_year"),
        "fields named in Vietnamese, not by the form's names: {text}"
    );
}
