//! Pages read on a phone (390 px wide) in headless chromium, checked by
//! element geometry: the overview's heading and headline figures are on the
//! first screen (the page's buttons folded under one line), chart labels
//! are at least 11 px. Screenshots under
//! target/screenshots/.
//!
//! Needs `chromedriver` and `chromium` (`.ci/run` installs them). Without
//! them the test says so and stops, except under CI, where it fails.

mod support;

use fantoccini::{Client, Locator};
use serde_json::Value;
use support::browser::{login, shot, start_browser};
use support::server;

async fn run(browser: &Client, script: &str) -> Value {
    browser
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// The first screen: the viewport's height, the bottoms of the heading and
/// of the first headline figure, from the top of the page.
const FIRST_SCREEN: &str = r#"
window.scrollTo(0, 0);
const bottom = (css) => { const e = document.querySelector(css); return e ? e.getBoundingClientRect().bottom + window.scrollY : null; };
return { viewport: window.innerHeight, h1: bottom('main h1'), figure: bottom('main .cards .card .figure') };
"#;

/// The rendered size of each piece of text in the charts (SVG text counts
/// at the size it is drawn after the picture is scaled), smallest first.
const CHART_TEXT: &str = r#"
const sizes = [];
for (const chart of document.querySelectorAll('main figure.chart, main svg.chart')) {
  for (const el of chart.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!own || el.closest('title')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.ownerSVGElement;
    if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width > 0) {
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    sizes.push([Math.round(size * 10) / 10, el.textContent.trim().slice(0, 30)]);
  }
}
sizes.sort((a, b) => a[0] - b[0]);
return sizes;
"#;

#[tokio::test]
async fn on_a_phone_the_overview_opens_on_its_heading_and_figures_and_chart_labels_are_legible() {
    let Some((_driver, browser)) = start_browser().await else {
        return;
    };
    let base = server().base.clone();
    login(&browser, &base, "vpdp.laichau").await;
    browser.set_window_size(390, 844).await.expect("phone size");
    for (name, path) in [
        ("tinh", "/overview/12?period=2023"),
        ("huyen", "/overview/109?period=2023"),
    ] {
        browser.goto(&format!("{base}{path}")).await.expect("overview");
        let screen = run(&browser, FIRST_SCREEN).await;
        shot(&browser, &format!("phone-first-screen-{name}")).await;
        let viewport = screen["viewport"].as_f64().expect("viewport");
        let h1 = screen["h1"].as_f64().expect("a heading");
        let figure = screen["figure"].as_f64().expect("a headline figure");
        assert!(viewport > 600.0, "a phone's height: {screen}");
        assert!(
            h1 <= viewport,
            "{path}: the heading on the first screen: {screen}"
        );
        assert!(
            figure <= viewport,
            "{path}: the first headline figure on the first screen: {screen}"
        );

        let sizes = run(&browser, CHART_TEXT).await;
        let sizes = sizes.as_array().expect("sizes");
        assert!(
            sizes.len() >= 19,
            "{path}: the charts' labels and figures: {sizes:?}"
        );
        let smallest = sizes[0][0].as_f64().expect("a size");
        assert!(
            smallest >= 11.0,
            "{path}: chart text at least 11 px, smallest: {:?}",
            &sizes[..3]
        );
        // The page's buttons are one tap away, under their line.
        let folded = "const d = document.querySelector('main details.page-actions'); \
            const b = d.querySelector('a.button'); return [d.open, b.checkVisibility()];";
        assert_eq!(
            run(&browser, folded).await,
            serde_json::json!([false, false]),
            "{path}: folded"
        );
        browser
            .find(Locator::Css("main details.page-actions > summary"))
            .await
            .expect("the fold's line")
            .click()
            .await
            .expect("open");
        assert_eq!(
            run(&browser, folded).await,
            serde_json::json!([true, true]),
            "{path}: opened"
        );
        run(
            &browser,
            "document.querySelector('main figure.chart').scrollIntoView(); return null;",
        )
        .await;
        shot(&browser, &format!("phone-chart-{name}")).await;
    }
    browser.set_window_size(1280, 900).await.expect("desktop size");
    browser
        .goto(&format!("{base}/overview/12?period=2023"))
        .await
        .expect("overview");
    let shown = "const d = document.querySelector('main details.page-actions'); \
        return [d.open, d.querySelector('a.button').checkVisibility()];";
    assert_eq!(
        run(&browser, shown).await,
        serde_json::json!([true, true]),
        "buttons shown on a wide screen"
    );
    run(
        &browser,
        "document.querySelector('main figure.chart').scrollIntoView(); return null;",
    )
    .await;
    shot(&browser, "desktop-chart-tinh").await;
}
