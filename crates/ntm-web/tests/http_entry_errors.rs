//! Every refused field of the entry page is linked from the error summary,
//! marked `aria-invalid` and described by its own reason: letters in a
//! ratio's "số đạt" with its total empty name both cells, not only the total.

mod support;

use reqwest::StatusCode;
use support::login;

const ENTRY: &str = "/units/03550/entry?period=2023";

/// The value of the input named `name` on a page.
fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no input {name}")) + marker.len();
    html[start..].split('"').next().expect("value").to_string()
}

/// The opening tag of the element with id `id`.
fn tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let start = html[..at].rfind('<').expect("tag start");
    &html[start..at + html[at..].find('>').expect("tag end")]
}

/// The text of the element with id `id` (no nested elements).
fn text_of_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let rest = &html[at..];
    let start = rest.find('>').unwrap() + 1;
    &rest[start..start + rest[start..].find('<').unwrap()]
}

#[tokio::test]
async fn letters_in_the_achieved_count_with_no_total_mark_and_link_both_fields() {
    let officer = login("xa.silolau").await;
    let (status, html) = officer.get_text(ENTRY).await;
    assert_eq!(status, StatusCode::OK);
    // The first ratio indicator the officer may edit.
    let at = html.find("-achieved\" name=\"v.").expect("a ratio indicator");
    let code = html[..at].rsplit("id=\"v-").next().unwrap().to_string();
    let name = |part: &str| format!("v.{code}.{part}");
    let fields = [
        (name("version"), input_value(&html, &name("version"))),
        (name("orig"), input_value(&html, &name("orig"))),
        (name("achieved"), "mười hai".to_string()),
        (name("total"), String::new()),
        ("csrf".to_string(), officer.csrf.clone()),
    ];
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let refused = officer.post_form(ENTRY, &form).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    let start = html.find("id=\"loi-nhap\"").expect("the error summary");
    let summary = &html[start..start + html[start..].find("</div>").unwrap()];
    assert!(summary.contains("2 ô chưa hợp lệ"), "{summary}");
    for (part, said) in [("achieved", "số đạt"), ("total", "tổng số")] {
        let id = format!("v-{code}-{part}");
        assert!(
            summary.contains(&format!("<a href=\"#{id}\">Chỉ tiêu {code} ")),
            "{part} linked: {summary}"
        );
        assert!(summary.contains(&format!("— {said}</a>: ")), "{said}: {summary}");
        let input = tag(&html, &id);
        assert!(input.contains("aria-invalid=\"true\""), "{input}");
        let reason = format!("{id}-loi");
        assert!(
            input.contains(&format!("aria-describedby=\"{reason}\"")),
            "{input}"
        );
        assert!(!text_of_id(&html, &reason).trim().is_empty(), "its own reason");
    }
    // Each reason is its field's: the total is missing, the count is no number.
    assert!(
        text_of_id(&html, &format!("v-{code}-total-loi")).contains("thiếu tổng số"),
        "{html}"
    );
    assert!(!text_of_id(&html, &format!("v-{code}-achieved-loi")).contains("thiếu tổng số"));
    // A field that is right is not marked.
    assert!(!tag(&html, &format!("v-{code}-value")).contains("aria-invalid"));
    assert!(html.contains("value=\"mười hai\""), "what was typed stays");
}
