//! Reaching a period and a commune fast, in headless chromium: the period
//! picker of a page switches the period it shows; the header's search finds
//! a commune by its name typed without diacritics. Screenshots at desktop and
//! phone width under target/screenshots/.
//!
//! Needs `chromedriver` and `chromium` (`.ci/run` installs them). Without
//! them the test says so and stops, except under CI, where it fails.

mod support;

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use support::browser::{login, main_text, shot, start_browser};
use support::server;

async fn text_of(browser: &Client, css: &str) -> String {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("text")
}

/// Waits until the browser is at `address` (the next page has loaded).
async fn reach(browser: &Client, address: &str) {
    for _ in 0..100 {
        if browser.current_url().await.expect("address").as_str() == address {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let now = browser.current_url().await.expect("address");
    panic!("the browser did not reach {address}; it is at {now}");
}

#[tokio::test]
async fn the_period_picker_switches_the_period_and_the_search_finds_muong_so_without_diacritics() {
    let Some((_driver, browser)) = start_browser().await else {
        return;
    };
    let base = server().base.clone();
    login(&browser, &base, "vpdp.laichau").await;

    for (width_name, width, height) in [("desktop", 1280, 900), ("phone", 390, 844)] {
        browser.set_window_size(width, height).await.expect("size");

        // The commune page of 2023; the picker lists the other periods too.
        browser
            .goto(&format!("{base}/units/03550?period=2023"))
            .await
            .expect("unit page");
        assert!(text_of(&browser, "p.path").await.ends_with("năm 2023"));
        let picker = browser
            .find(Locator::Css("select#period"))
            .await
            .expect("period picker");
        // 2022: the commune still exists then (it was merged in 2025).
        let mut options = Vec::new();
        for option in picker.find_all(Locator::Css("option")).await.expect("options") {
            let value = option.attr("value").await.expect("value").expect("a value");
            options.push((value, option.text().await.expect("label")));
        }
        let (value, label) = options
            .into_iter()
            .find(|(value, _)| value == "2022")
            .expect("2022 among the periods");
        picker.select_by_value(&value).await.expect("choose the period");
        browser
            .find(Locator::Css("form.toolbar button[type=submit]"))
            .await
            .expect("the picker's button")
            .click()
            .await
            .expect("show");
        reach(&browser, &format!("{base}/units/03550?period={value}")).await;
        let path = text_of(&browser, "p.path").await;
        assert!(path.ends_with(&label), "the page shows {label}: {path}");
        let selected = browser
            .find(Locator::Css("select#period option:checked"))
            .await
            .expect("selected option")
            .attr("value")
            .await
            .expect("value");
        assert_eq!(
            selected.as_deref(),
            Some(value.as_str()),
            "the picker keeps the period"
        );
        shot(&browser, &format!("ky-bao-cao-da-chon-{width_name}")).await;

        // The header's search, typed as one types on a phone without a
        // Vietnamese keyboard, and Enter.
        let field = browser
            .find(Locator::Css("header form[role=search] input[type=search]"))
            .await
            .expect("the header's search");
        field.send_keys("muong so").await.expect("type");
        field
            .send_keys(&char::from(Key::Enter).to_string())
            .await
            .expect("enter");
        let hit = browser
            .wait()
            .for_element(Locator::Css("main ul.search-hits a[href='/units/03589']"))
            .await
            .expect("Mường So among the results");
        assert_eq!(hit.text().await.expect("name"), "Xã Mường So");
        shot(&browser, &format!("tim-kiem-muong-so-{width_name}")).await;
        hit.click().await.expect("open");
        reach(&browser, &format!("{base}/units/03589")).await;
        assert_eq!(text_of(&browser, "main h1").await, "Xã Mường So");
        assert!(main_text(&browser).await.contains("Tiêu chí đạt"));
    }
}
