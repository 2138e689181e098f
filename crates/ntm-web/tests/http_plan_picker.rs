//! The plan page's year and the period of its actual figures are chosen
//! from lists (the years and periods with data and the current one, newest
//! first) sent by GET with one button, not typed into free-text boxes.

mod support;

use reqwest::StatusCode;
use support::login;

/// The options of the select `id` on a page: (value, label, selected).
fn options(html: &str, id: &str) -> Vec<(String, String, bool)> {
    let open = format!("<select id=\"{id}\" name=\"{id}\">");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("a select {id}: {html}"));
    let select = &html[start..start + html[start..].find("</select>").expect("end of select")];
    select
        .split("<option")
        .skip(1)
        .map(|option| {
            let (attributes, rest) = option.split_once('>').expect("option");
            let value = attributes
                .split("value=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .expect("a value")
                .to_string();
            let label = rest.split("</option>").next().unwrap_or("").to_string();
            (value, label, attributes.contains("selected"))
        })
        .collect()
}

fn current_year() -> i32 {
    ntm_app::Clock::System.today().year()
}

#[tokio::test]
async fn the_plan_year_and_the_data_period_are_chosen_from_lists_newest_first() {
    let office = login("vpdp.phongtho").await;
    let (status, html) = office.get_text("/plans/109?year=2024").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<form class=\"toolbar\" method=\"get\" action=\"/plans/109\">"),
        "a GET form"
    );
    assert!(!html.contains("<input id=\"year\""), "no free-text year box");
    assert!(!html.contains("<input id=\"as_of\""), "no free-text period box");
    assert!(html.contains("<label for=\"year\">Năm kế hoạch</label>"));
    assert!(html.contains("<label for=\"as_of\">Kỳ lấy số liệu</label>"));

    let years = options(&html, "year");
    let values: Vec<i32> = years.iter().map(|(v, _, _)| v.parse().expect("a year")).collect();
    let mut sorted = values.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(values, sorted, "newest first, each once");
    // The year of the demo's targets and the years with values.
    for year in [2024, 2023, 2022] {
        assert!(values.contains(&year), "{year} in {values:?}");
    }
    let selected: Vec<_> = years.iter().filter(|(_, _, s)| *s).collect();
    assert_eq!(selected.len(), 1, "{years:?}");
    assert_eq!(selected[0].0, "2024");

    let periods = options(&html, "as_of");
    assert_eq!(periods[0].0, "", "first: the newest up to the plan year");
    assert!(periods[0].2, "selected when none is asked");
    let codes: Vec<&str> = periods[1..].iter().map(|(v, _, _)| v.as_str()).collect();
    assert!(codes.contains(&"2023") && codes.contains(&"2022"), "{codes:?}");
    let at = |code: &str| codes.iter().position(|c| *c == code).unwrap();
    assert!(at("2023") < at("2022"), "newest first: {codes:?}");
    assert!(
        periods.iter().any(|(v, l, _)| v == "2023" && l == "năm 2023"),
        "{periods:?}"
    );

    // The form's choice comes back selected, and the figures are of it.
    let (status, html) = office.get_text("/plans/109?year=2024&as_of=2022").await;
    assert_eq!(status, StatusCode::OK);
    let periods = options(&html, "as_of");
    let chosen: Vec<_> = periods
        .iter()
        .filter(|(_, _, s)| *s)
        .map(|(v, _, _)| v.as_str())
        .collect();
    assert_eq!(chosen, ["2022"]);
    assert!(
        html.contains("Số liệu thực hiện: năm 2022."),
        "the figures of 2022"
    );
    // The district was abolished in 2025: no later year is offered.
    assert!(values.iter().all(|y| *y < 2025), "{values:?}");
}

/// The province lives on: today's year is offered, and a year shown that
/// has no data is still listed, and selected.
#[tokio::test]
async fn a_year_without_data_is_listed_when_shown_and_todays_year_always() {
    let office = login("vpdp.laichau").await;
    let (status, html) = office.get_text("/plans/12?year=2030").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let years = options(&html, "year");
    assert_eq!(years[0].0, "2030", "newest first: {years:?}");
    assert!(years[0].2, "selected");
    let today = current_year().to_string();
    assert!(years.iter().any(|(v, _, _)| *v == today), "{years:?}");
}

/// A period the list could not have sent is refused with the reason.
#[tokio::test]
async fn a_period_not_written_as_one_is_a_bad_request() {
    let office = login("vpdp.phongtho").await;
    let (status, _) = office.get_text("/plans/109?year=2024&as_of=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// A plan without targets shows no counts of them (no "0 chỉ tiêu đã đạt"),
/// and a plan with targets does.
#[tokio::test]
async fn a_plan_without_targets_shows_no_counts_of_them() {
    let s = login("vpdp.laichau").await;
    let (status, html) = s.get_text("/plans/12?year=2024").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Chưa có chỉ tiêu kế hoạch nào"),
        "the province has no targets"
    );
    assert!(!html.contains("chỉ tiêu đã đạt"), "no count of targets met");
    let (_, district) = s.get_text("/plans/109?year=2024").await;
    assert!(
        district.contains("chỉ tiêu đã đạt"),
        "the district's targets are counted"
    );
}
