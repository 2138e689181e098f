//! Finding one's way on the entry page over HTTP: the jump list of criteria,
//! a Save button in each criterion's group, the error summary linking each
//! refused field, and the page coming back to the group the user was at.

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

/// Every `id="…"` of a page that starts with `prefix`.
fn ids(html: &str, prefix: &str) -> Vec<String> {
    let marker = format!(" id=\"{prefix}");
    html.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            format!("{prefix}{}", rest.split('"').next().unwrap_or(""))
        })
        .collect()
}

/// The fields that send one indicator's stored state back unchanged, with
/// `value` as its new value.
fn indicator_change(html: &str, code: &str, part: &str, value: &str) -> Vec<(String, String)> {
    let name = |suffix: &str| format!("v.{code}.{suffix}");
    vec![
        (name("version"), input_value(html, &name("version"))),
        (name("orig"), input_value(html, &name("orig"))),
        (name(part), value.to_string()),
    ]
}

fn with_csrf<'a>(
    fields: &'a [(String, String)],
    csrf: &'a str,
    back: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    out.push(("csrf", csrf));
    if let Some(back) = back {
        out.push(("back", back));
    }
    out
}

#[tokio::test]
async fn every_criterion_is_listed_at_the_top_and_has_its_own_save_button() {
    let officer = login("xa.silolau").await;
    let (status, html) = officer.get_text(ENTRY).await;
    assert_eq!(status, StatusCode::OK);
    let groups = ids(&html, "tc-");
    assert_eq!(groups.len(), 19, "the 2021-2025 set's 19 criteria: {groups:?}");
    let jump = html.find("id=\"den-tieu-chi\"").expect("the jump list");
    let form = html
        .find("<form method=\"post\" action=\"/units/03550/entry")
        .expect("form");
    assert!(jump < form, "the jump list comes before the fields");
    for group in &groups {
        assert!(
            html.contains(&format!("<a href=\"#{group}\">")),
            "a link to {group}"
        );
        assert!(
            html.contains(&format!(
                "<button type=\"submit\" name=\"back\" value=\"{group}\">"
            )),
            "a Save button at the end of {group}"
        );
    }
    // The jump list reads as the criteria's names.
    assert!(html.contains("<a href=\"#tc-8\">8. "), "{html}");
    // The sticky save bar stays, and the page asks for room above it.
    assert!(html.contains("class=\"sticky-actions\""));
    let (_, css) = officer.get_text(ntm_web_css()).await;
    assert!(
        css.contains("scroll-padding-bottom"),
        "scroll padding for the save bar"
    );
    assert!(
        css.contains("scroll-margin-bottom"),
        "scroll margin on the fields"
    );
}

fn ntm_web_css() -> &'static str {
    concat!("/static/app.css?v=", env!("CARGO_PKG_VERSION"))
}

#[tokio::test]
async fn a_viewer_has_no_save_button_anywhere_on_the_entry_page() {
    let viewer = login("lanhdao.laichau").await;
    let (_, html) = viewer.get_text(ENTRY).await;
    assert!(
        html.contains("id=\"den-tieu-chi\""),
        "the jump list is for reading too"
    );
    assert!(!html.contains("name=\"back\""), "no group Save button");
    assert!(!html.contains("sticky-actions"), "no save bar");
}

#[tokio::test]
async fn after_saving_the_page_comes_back_to_the_group_whose_save_was_pressed() {
    let officer = login("xa.silolau").await;
    let (_, html) = officer.get_text(ENTRY).await;
    let fields = indicator_change(&html, "8.1", "note", "Biên bản kiểm tra tháng 11/2023");
    let saved = officer
        .post_form(ENTRY, &with_csrf(&fields, &officer.csrf, Some("tc-8")))
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let location = saved.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with("#tc-8"), "{location}");
    assert!(location.contains("at=8"), "{location}");
    // The notice is shown in that group, not at the top out of sight.
    let (_, html) = officer.get_text(location.split('#').next().unwrap()).await;
    let notice = html.find("class=\"notice\"").expect("the saved notice");
    let group = html.find("id=\"tc-8\"").expect("group 8");
    let next = html.find("id=\"tc-9\"").expect("group 9");
    assert!(group < notice && notice < next, "notice inside group 8");
    assert!(html[notice..].contains("Đã lưu 1 thay đổi."));

    // Enter in a field presses the form's first button (group 1's): the page
    // comes back to the group that holds the change.
    let fields = indicator_change(&html, "8.2", "note", "Sổ theo dõi của xã");
    let saved = officer
        .post_form(ENTRY, &with_csrf(&fields, &officer.csrf, Some("tc-1")))
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let location = saved.headers()["location"].to_str().unwrap();
    assert!(location.ends_with("#tc-8"), "{location}");

    // The save bar (no group named) comes back to the first group changed.
    let (_, html) = officer.get_text(ENTRY).await;
    let fields = indicator_change(&html, "8.3", "note", "Theo báo cáo của thôn");
    let saved = officer
        .post_form(ENTRY, &with_csrf(&fields, &officer.csrf, None))
        .await;
    let location = saved.headers()["location"].to_str().unwrap();
    assert!(location.ends_with("#tc-8"), "{location}");
    // Nothing changed: back to the group pressed.
    let saved = officer
        .post_form(ENTRY, &[("csrf", officer.csrf.as_str()), ("back", "tc-5")])
        .await;
    let location = saved.headers()["location"].to_str().unwrap();
    assert!(location.ends_with("#tc-5"), "{location}");
    assert!(location.contains("saved=0"), "{location}");
}

#[tokio::test]
async fn the_error_summary_links_to_each_refused_field_with_its_reason() {
    let officer = login("xa.silolau").await;
    let (_, html) = officer.get_text(ENTRY).await;
    // The first ratio indicator the officer may edit.
    let achieved = ids(&html, "v-")
        .into_iter()
        .find(|id| id.ends_with("-achieved"))
        .expect("a ratio indicator");
    let code = achieved
        .strip_prefix("v-")
        .and_then(|c| c.strip_suffix("-achieved"))
        .unwrap()
        .to_string();
    let mut fields = indicator_change(&html, &code, "achieved", "nhiều lắm");
    fields.push((format!("v.{code}.total"), "10".into()));
    let refused = officer
        .post_form(ENTRY, &with_csrf(&fields, &officer.csrf, Some("tc-2")))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    let summary = html.find("id=\"loi-nhap\"").expect("the error summary");
    let summary = &html[summary..];
    assert!(summary.contains("1 ô chưa hợp lệ"), "{summary}");
    let link = format!("<a href=\"#{achieved}\">Chỉ tiêu {code} ");
    assert!(summary.contains(&link), "a link to the field: {summary}");
    assert!(summary.contains("— số đạt</a>: "), "the part named: {summary}");
    assert!(
        html.contains(&format!("id=\"{achieved}\"")),
        "the link's target exists"
    );
    // What was typed is still in the field.
    assert!(html.contains("value=\"nhiều lắm\""));
}
