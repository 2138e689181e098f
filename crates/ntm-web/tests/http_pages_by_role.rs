//! Each role sees only the actions it may take: a read-only leader's pages
//! carry no write control, a commune officer reaches its reporting cycle
//! from its home page and sees no approval there, while the coordination
//! office keeps every control.

mod support;

use reqwest::StatusCode;
use support::{login, server};

/// The main pages a province-level reader opens.
const PROVINCE_PAGES: [&str; 14] = [
    "/overview/12?period=2023",
    "/overview/109?period=2023",
    "/units/03589?period=2023",
    "/units/03589/entry?period=2023",
    "/cycle/12?period=2023",
    "/cycle/109?period=2023",
    "/map/12?period=2023",
    "/map/109?period=2023&by=criterion:8",
    "/money/12?year=2024",
    "/plans/109?year=2024",
    "/gaps/109?period=2023",
    "/import",
    "/hierarchy?code=12&period=2023",
    "/criteria",
];

/// The forms of a page that send with POST, but for logging out.
fn write_forms(html: &str) -> Vec<String> {
    html.match_indices("<form")
        .map(|(at, _)| html[at..].split('>').next().unwrap_or("").to_string())
        .filter(|tag| tag.contains("method=\"post\"") && !tag.contains("action=\"/logout\""))
        .collect()
}

#[tokio::test]
async fn a_read_only_leader_sees_no_write_control_on_any_page() {
    let viewer = login("lanhdao.laichau").await;
    for path in PROVINCE_PAGES {
        let (status, html) = viewer.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(write_forms(&html), Vec::<String>::new(), "{path}");
        assert!(!html.contains("href=\"/import\""), "{path}: a link to import");
        assert!(
            !html.contains("template.xlsx"),
            "{path}: a link to an entry template"
        );
        assert!(
            !html.contains("type=\"submit\" form=\"bulk\""),
            "{path}: approval"
        );
    }
    // The import page says why there is nothing to send, and the handler
    // refuses a file as the page's rule says.
    let (_, html) = viewer.get_text("/import").await;
    assert!(support::text_of(&html).contains("Tài khoản của bạn chỉ để xem"));
    let part =
        reqwest::multipart::Part::bytes(b"indicator,unit,period,value\n".to_vec()).file_name("so-lieu.csv");
    let form = reqwest::multipart::Form::new().part("file", part);
    let refused = viewer
        .client
        .post(server().url(&format!("/import?csrf={}", viewer.csrf)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_coordination_office_keeps_its_controls() {
    let office = login("vpdp.phongtho").await;
    let (_, html) = office.get_text("/overview/109?period=2023").await;
    assert!(html.contains("href=\"/import\""), "import");
    assert!(html.contains("/units/109/template.xlsx"), "the template");
    // Nothing is sent yet: nothing to approve, so no approval button.
    let (_, cycle) = office.get_text("/cycle/109?period=2023").await;
    assert!(!cycle.contains("form=\"bulk\""), "nothing to approve yet");
    // Once a commune's report is sent, the office may approve it.
    let sent = office
        .post_form(
            "/cycle/109/action?period=2023",
            &[
                ("csrf", office.csrf.as_str()),
                ("action", "submit"),
                ("unit", "03589"),
                ("agency", ""),
            ],
        )
        .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let (_, cycle) = office.get_text("/cycle/109?period=2023").await;
    assert!(cycle.contains("type=\"submit\" form=\"bulk\""), "bulk approval");
    assert!(cycle.contains("name=\"units\" value=\"03589\""), "Mường So's row");
    // The viewer still sees no approval on the same page.
    let viewer = login("lanhdao.laichau").await;
    let (_, cycle) = viewer.get_text("/cycle/109?period=2023").await;
    assert!(!cycle.contains("form=\"bulk\""), "the viewer approves nothing");
    let (_, plans) = office.get_text("/plans/109?year=2024").await;
    assert!(plans.contains("/plans/109/targets?year=2024"), "targets form");
    assert!(
        plans.contains("/plans/109/registrations?year=2024"),
        "registrations form"
    );
    let (_, gaps) = office.get_text("/gaps/109?period=2023").await;
    assert!(gaps.contains("/gaps/109/accept?period=2023"));
}

#[tokio::test]
async fn a_commune_officer_reaches_its_cycle_from_home_and_cannot_approve() {
    let officer = login("xa.silolau").await;
    let home = officer.get("/").await;
    assert_eq!(home.status(), StatusCode::SEE_OTHER);
    let to = home.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/units/03550?period="), "{to}");
    let period = to.split("period=").nth(1).unwrap().to_string();
    let (status, html) = officer.get_text(&to).await;
    assert_eq!(status, StatusCode::OK);
    let cycle = format!("/cycle/03550?period={period}");
    assert!(
        html.contains(&format!("href=\"{cycle}\"")),
        "a link to its cycle: {html}"
    );
    let (status, html) = officer.get_text(&cycle).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("value=\"approve\""), "no approval form");
    assert!(!html.contains("Phê duyệt các dòng đã chọn"), "no approval button");
    assert!(!html.contains("Phê duyệt số liệu của"), "no approval of the unit");
    // No coordination office's forms either: targets are not theirs.
    let (_, plans) = officer.get_text("/plans/03550?year=2024").await;
    assert!(!plans.contains("/targets?year="), "no targets form");
}

/// Every link on a commune officer's pages leads somewhere it may go: none
/// up to the district it may not see (which would answer "not found").
#[tokio::test]
async fn a_commune_officer_s_pages_link_only_where_it_may_go() {
    let officer = login("xa.silolau").await;
    let home = officer.get("/").await;
    let unit_page = home.headers()["location"].to_str().unwrap().to_string();
    let (_, html) = officer.get_text(&unit_page).await;
    assert!(!html.contains("Về Huyện Phong Thổ"), "no way up to the district");
    let mut links: Vec<String> = html
        .match_indices("href=\"/")
        .map(|(at, _)| {
            html[at + 6..]
                .split('"')
                .next()
                .unwrap_or("")
                .replace("&amp;", "&")
        })
        .filter(|href| !href.starts_with("/static/") && !href.ends_with(".xlsx"))
        .collect();
    links.sort();
    links.dedup();
    assert!(links.len() >= 4, "{links:?}");
    for href in &links {
        let status = officer.get(href).await.status();
        assert!(
            status == StatusCode::OK || status == StatusCode::SEE_OTHER,
            "{href} from {unit_page}: {status}"
        );
    }
}

/// A district office browsing its units has no way up to the province it may
/// not open; a village page's entry template downloads (it was refused).
#[tokio::test]
async fn no_link_up_out_of_scope_and_a_village_s_template_downloads() {
    let office = login("vpdp.phongtho").await;
    let (status, html) = office.get_text("/hierarchy?code=109&period=2023").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("Lên Tỉnh Lai Châu"), "no link up to the province");
    let officer = login("xa.muongso").await;
    let (_, page) = officer.get_text("/units/03589-01?period=2023").await;
    let href = "/units/03589-01/template.xlsx?period=2023";
    assert!(page.contains(href), "the village page offers its template");
    let file = officer.get(href).await;
    assert_eq!(file.status(), StatusCode::OK, "the village's template");
    let bytes = file.bytes().await.expect("bytes").to_vec();
    assert!(bytes.starts_with(b"PK"), "an XLSX");
}

/// The entry page of a commune with nothing decided gives no "0/10": its
/// count of criteria met is no figure.
#[tokio::test]
async fn an_entry_page_with_nothing_decided_counts_nothing_met() {
    let leader = login("lanhdao.laichau").await;
    let (status, html) = leader.get_text("/units/03390/entry?period=2026").await;
    assert_eq!(status, StatusCode::OK);
    let text = support::text_of(&html);
    assert!(!text.contains("Hiện đạt 0/"), "{text}");
    assert!(text.contains("Số tiêu chí đạt: chưa có số liệu"), "{text}");
    // A commune with criteria decided keeps its count, with how many are.
    let (_, html) = leader.get_text("/units/03589/entry?period=2023").await;
    assert!(
        support::text_of(&html).contains("Hiện đạt "),
        "a decided commune is counted"
    );
}
