//! Maps readable by everyone, over HTTP: on a single criterion's map, met and
//! not met differ by a hatch and a symbol as well as by colour (the picture,
//! its names, the page's legend and table), and the names keep a legible
//! size at phone width.

mod support;

use reqwest::StatusCode;
use support::login;

#[tokio::test]
async fn met_and_not_met_differ_by_hatch_and_symbol_not_only_colour() {
    let s = login("vpdp.phongtho").await;
    let (status, html) = s.get_text("/map/109?period=2023&by=criterion:8").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<pattern id=\"chua-dat\""), "the not-met hatch");
    let hatched = html
        .matches("class=\"hatch not-met\" fill=\"url(#chua-dat)\"")
        .count();
    let not_met_areas = html.matches("data-class=\"not-met\"").count();
    assert!(not_met_areas > 0, "some commune has not met criterion 8");
    assert_eq!(hatched, not_met_areas, "every not-met area is hatched, no other");
    // Names on the picture carry the symbol.
    assert!(html.contains("class=\"area-label\""), "area names");
    assert!(html.contains(">\u{2717} "), "✗ before a not-met name");
    assert!(
        html.contains(">\u{2713} ") || !html.contains("data-class=\"met\""),
        "✓ before a met name"
    );
    // The page's legend: symbol and hatched swatch.
    let legend = &html[html.find("id=\"chu-giai\"").expect("legend")..];
    let legend = legend.split("</section>").next().unwrap();
    assert!(legend.contains("\u{2713} </span>Đạt"), "{legend}");
    assert!(legend.contains("\u{2717} </span>Chưa đạt"), "{legend}");
    assert!(
        legend.contains("stroke=\"#111827\""),
        "the hatched swatch: {legend}"
    );
    // The number-of-criteria map has no met / not met symbols.
    let (_, html) = s.get_text("/map/109?period=2023").await;
    assert!(
        !html.contains("url(#chua-dat)\"/>"),
        "no hatch on the criteria count map"
    );
}

#[tokio::test]
async fn map_names_keep_a_legible_size_at_phone_width() {
    let s = login("vpdp.phongtho").await;
    let css = s
        .get_text(concat!("/static/app.css?v=", env!("CARGO_PKG_VERSION")))
        .await
        .1;
    // The web map is 960 units wide: at 31 units a name is 11 px on a
    // 340 px wide map.
    assert!(
        css.contains("svg.map text.area-label { font-size: 31px; }"),
        "{css}"
    );
    let js = s
        .get_text(concat!("/static/app.js?v=", env!("CARGO_PKG_VERSION")))
        .await
        .1;
    assert!(
        js.contains("function fitLabels"),
        "the script sets the exact size"
    );
    let (_, html) = s.get_text("/map/109?period=2023").await;
    assert!(
        html.contains("viewBox=\"0 0 960 "),
        "the web map's width the sizes assume"
    );
}
