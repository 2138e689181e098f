//! The money page over HTTP: a year chosen from the years with data (and
//! the current one), newest first, sent by GET; for a year with projects,
//! allocation and disbursement by source, commune and criterion; for a year
//! without, "chưa có số liệu", never 0.

mod support;

use reqwest::StatusCode;
use support::{login, text_of};

/// The years offered by the page's year selector, in order, and the one selected.
fn years(html: &str) -> (Vec<i32>, Option<i32>) {
    let start = html
        .find("<select id=\"year\" name=\"year\">")
        .expect("a year selector");
    let select = &html[start..html[start..].find("</select>").unwrap() + start];
    let mut all = Vec::new();
    let mut selected = None;
    for option in select.split("<option").skip(1) {
        let value: i32 = option
            .split("value=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .expect("a year");
        if option.split('>').next().unwrap_or("").contains("selected") {
            selected = Some(value);
        }
        all.push(value);
    }
    (all, selected)
}

#[tokio::test]
async fn the_year_is_chosen_from_the_years_with_data_newest_first() {
    let office = login("vpdp.phongtho").await;
    let (status, html) = office.get_text("/money/109?year=2023").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<form class=\"toolbar\" method=\"get\" action=\"/money/109\">"));
    assert!(
        !html.contains("name=\"year\" type=\"number\""),
        "no free-text year"
    );
    let (all, selected) = years(&html);
    assert_eq!(selected, Some(2023));
    assert!(
        all.windows(2).all(|w| w[0] > w[1]),
        "newest first, once each: {all:?}"
    );
    assert_eq!(all.first(), Some(&2026), "the current year: {all:?}");
    assert!(all.contains(&2023) && all.contains(&2024), "{all:?}");
    // A year asked for that has no data is shown, and offered as chosen.
    let (status, html) = office.get_text("/money/109?year=2019").await;
    assert_eq!(status, StatusCode::OK);
    let (all, selected) = years(&html);
    assert_eq!(selected, Some(2019));
    assert_eq!(all.last(), Some(&2019), "{all:?}");
    let text = text_of(&html);
    assert!(text.contains("Chưa có số liệu vốn năm 2019."), "{text}");
    assert!(
        text.contains("Chưa có số liệu dự án, giao vốn và giải ngân năm 2019."),
        "{text}"
    );
    assert!(
        !text.contains("Giao 0 triệu"),
        "no figure of 0 for a year without data"
    );
}

#[tokio::test]
async fn a_year_with_projects_shows_them_by_source_commune_and_criterion() {
    let office = login("vpdp.phongtho").await;
    let (_, html) = office.get_text("/money/109?year=2023").await;
    let text = text_of(&html);
    for heading in [
        "Giao vốn và giải ngân theo nguồn",
        "Giao vốn và giải ngân theo xã",
        "Giao vốn và giải ngân theo tiêu chí",
    ] {
        assert!(text.contains(heading), "{heading}: {text}");
    }
    // By source: the seed's projects name their sources.
    let section = |id: &str| {
        let at = html.find(&format!("id=\"{id}\"")).expect(id);
        let rest = &html[at..];
        // The section ends at the next heading.
        let end = rest[1..].find("<h").map_or(rest.len(), |e| e + 1);
        rest[..end].to_string()
    };
    let by_source = section("theo-nguon");
    assert!(
        by_source.matches("<tr>").count() >= 2,
        "a header and at least one row: {by_source}"
    );
    // The demo's projects name no commune or criterion: those breakdowns
    // say so, never a table of zeros (the export test fills them).
    for id in ["theo-xa", "theo-tieu-chi"] {
        let part = section(id);
        assert!(part.contains("Chưa có số liệu."), "{id}: {part}");
        assert!(!part.contains("<table"), "{id}: no table without lines: {part}");
    }
}

/// A year no period can have is refused with the range, on the money page
/// and the plan page alike; a year within it is not.
#[tokio::test]
async fn a_year_out_of_range_is_a_bad_request_naming_the_range() {
    let s = login("vpdp.phongtho").await;
    for path in [
        "/money/109?year=99999",
        "/plans/109?year=99999",
        "/plans/109?year=1999",
    ] {
        let (status, html) = s.get_text(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            text_of(&html).contains("ngoài khoảng 2000–2100"),
            "{path}: {html}"
        );
    }
    for path in ["/money/109?year=2024", "/plans/109?year=2024"] {
        let (status, html) = s.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {}", text_of(&html));
    }
}

/// The disbursement rate says what it is a share of: the allocation of the
/// projects with a disbursement recorded, not all that was allocated.
#[tokio::test]
async fn the_disbursement_rate_names_its_denominator() {
    let s = login("vpdp.phongtho").await;
    for path in ["/money/109?year=2023", "/overview/109?period=2023"] {
        let (status, html) = s.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let text = text_of(&html);
        let at = text
            .find("% vốn giao của các dự án có số liệu giải ngân")
            .unwrap_or_else(|| panic!("{path}: {text}"));
        assert!(text[at..].contains("triệu đồng"), "{path}");
    }
}

/// The province's money is one district's: the money page and the overview
/// say which districts have data and which have none, and the money map
/// shows the communes of the others as without data, not without money.
#[tokio::test]
async fn a_province_s_money_says_which_districts_it_comes_from() {
    let s = login("vpdp.laichau").await;
    for path in ["/money/12?year=2023", "/overview/12?period=2023"] {
        let (status, html) = s.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let text = text_of(&html);
        assert!(
            text.contains("Số liệu vốn năm 2023 chỉ có ở 02/08 đơn vị cấp huyện: Huyện Mường Tè, Huyện Phong Thổ. Chưa có số liệu:"),
            "{path}: {text}"
        );
        assert!(
            html.contains("class=\"coverage warning\""),
            "{path}: shown as a warning"
        );
        assert!(
            text.contains("441.565 triệu đồng")
                && text.contains("Chỉ gồm số liệu của Huyện Phong Thổ (01/08 đơn vị cấp huyện)."),
            "{path}: the mobilized capital is Phong Thổ's"
        );
    }
    let (_, district) = login("vpdp.phongtho")
        .await
        .get_text("/money/109?year=2023")
        .await;
    assert!(
        !district.contains("class=\"coverage"),
        "a district's own records need no such line"
    );

    let (status, map) = s.get_text("/map/12?period=2023&by=money").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        map.contains("Chưa có số liệu vốn"),
        "the legend names the unknown"
    );
    // Thu Lũm (03436) is in Mường Tè, which keeps no money records.
    let thu_lum = map.find("data-code=\"03436\"").expect("Thu Lũm on the map");
    assert!(
        map[thu_lum..].starts_with("data-code=\"03436\" data-class=\"no-data\""),
        "{}",
        &map[thu_lum..thu_lum + 80]
    );
    // Mường So (03589) is in Phong Thổ, whose projects name no commune: its
    // money is not known commune by commune, so it is no data, not none.
    let muong_so = map.find("data-code=\"03589\"").expect("Mường So on the map");
    assert!(
        map[muong_so..].starts_with("data-code=\"03589\" data-class=\"no-data\""),
        "{}",
        &map[muong_so..muong_so + 80]
    );
    assert!(
        !map.contains("data-class=\"no-money\""),
        "no commune is known to have had no money"
    );
}

/// The contribution form offers the communes the user may record for, by
/// name: a commune officer its own commune only, the district office its
/// communes; no code to type.
#[tokio::test]
async fn the_contribution_form_offers_the_communes_by_name() {
    let (_, own) = login("xa.muongso").await.get_text("/money/03589?year=2023").await;
    let form = &own[own.find("id=\"c-unit\"").expect("a commune choice")..];
    let form = form.split("</select>").next().unwrap();
    assert_eq!(form.matches("<option").count(), 1, "{form}");
    assert!(
        form.contains("value=\"03589\"") && form.contains("Xã Mường So (03589)"),
        "{form}"
    );
    let (_, district) = login("vpdp.phongtho")
        .await
        .get_text("/money/109?year=2023")
        .await;
    let form = &district[district.find("id=\"c-unit\"").expect("a commune choice")..];
    let form = form.split("</select>").next().unwrap();
    assert!(
        form.matches("<option").count() >= 16,
        "the district's communes: {form}"
    );
    assert!(!district.contains(">Mã xã<"), "no code box");
}
