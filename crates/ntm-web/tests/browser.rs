//! End to end in a real headless browser (Debian's chromium through
//! chromedriver): a commune officer enters values that make a criterion met,
//! and the district's overview counts it. Screenshots of the main pages go to
//! target/screenshots/ for review.
//!
//! Needs `chromedriver` and `chromium` (`.ci/run` installs them). Without
//! them the test says so and stops, except under CI, where it fails.

mod support;

use fantoccini::{Client, Locator};
use serde_json::json;
use support::browser::{login, logout, main_text, shot, start_browser};
use support::server;

/// "14/16 xã*": the criterion-8 row of the overview's table, marked because
/// the demo derives criterion 8 from the post offices and internet counts.
async fn criterion_8_count(browser: &Client) -> String {
    let row = browser
        .find(Locator::XPath("//section[@aria-labelledby='theo-tieu-chi']//tbody/tr[td[1][starts-with(normalize-space(.), '8.')]]/td[2]"))
        .await
        .expect("criterion 8 row");
    row.text().await.expect("count")
}

#[tokio::test]
async fn a_commune_officer_makes_a_criterion_met_and_the_overview_counts_it() {
    let Some((_driver, browser)) = start_browser().await else {
        return;
    };
    let base = server().base.clone();

    browser.goto(&format!("{base}/")).await.expect("home");
    shot(&browser, "01-dang-nhap").await;

    // The district's coordination office: criterion 8 in 2023.
    login(&browser, &base, "vpdp.phongtho").await;
    browser
        .goto(&format!("{base}/overview/109?period=2023"))
        .await
        .expect("overview");
    assert!(main_text(&browser).await.contains("Huyện Phong Thổ"));
    assert_eq!(criterion_8_count(&browser).await, "14/16 xã*");
    shot(&browser, "02-tong-quan-huyen").await;
    browser
        .goto(&format!("{base}/overview/109?period=2023#ma-tran"))
        .await
        .expect("matrix");
    shot(&browser, "03-bang-xa-tieu-chi").await;
    // Sorting the matrix by criteria met puts the fewest first.
    browser
        .find(Locator::Css("table.matrix thead th:nth-child(2) button"))
        .await
        .expect("sort button")
        .click()
        .await
        .expect("sort");
    let mut counts = Vec::new();
    for cell in browser
        .find_all(Locator::Css("table.matrix tbody td:nth-child(2)"))
        .await
        .expect("counts")
    {
        counts.push(
            cell.text()
                .await
                .expect("count")
                .parse::<u32>()
                .expect("a number"),
        );
    }
    assert_eq!(counts.len(), 16);
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "ascending: {counts:?}");
    assert_eq!(counts[0], 6, "Vàng Ma Chải, the fewest in Phong Thổ");
    logout(&browser).await;

    // The commune officer of Sì Lở Lầu enters criterion 8's four indicators.
    login(&browser, &base, "xa.silolau").await;
    let page = main_text(&browser).await;
    assert!(page.contains("Xã Sì Lở Lầu"), "home is their commune: {page}");
    assert!(
        page.contains("Tiêu chí đạt\n7/19") || page.contains("7/19"),
        "{page}"
    );
    shot(&browser, "04-trang-xa").await;
    browser
        .goto(&format!("{base}/units/03550/entry?period=2023"))
        .await
        .expect("entry form");
    shot(&browser, "05-nhap-so-lieu").await;
    for code in ["8.1", "8.2", "8.3", "8.4"] {
        browser
            .find(Locator::Id(&format!("v-{code}-value")))
            .await
            .expect("indicator field")
            .select_by_value("đạt")
            .await
            .expect("choose đạt");
    }
    browser
        .find(Locator::Id("v-8.1-note"))
        .await
        .expect("note")
        .send_keys("Biên bản kiểm tra của Phòng Văn hóa - Thông tin, 11/2023")
        .await
        .expect("type note");
    browser
        .find(Locator::Css(".sticky-actions button[type=submit]"))
        .await
        .expect("save")
        .click()
        .await
        .expect("submit");
    let notice = browser
        .wait()
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("saved notice")
        .text()
        .await
        .expect("notice text");
    assert!(notice.contains("Đã lưu 4 thay đổi."), "{notice}");
    assert!(notice.contains("Số tiêu chí đạt: 7/19 → 8/19."), "{notice}");
    assert!(notice.contains("Tiêu chí 8: chưa đạt → đạt."), "{notice}");
    shot(&browser, "06-da-luu").await;
    // They cannot open the district's overview: it answers as if it did not exist.
    browser
        .goto(&format!("{base}/overview/109?period=2023"))
        .await
        .expect("overview");
    assert!(
        main_text(&browser)
            .await
            .contains("không có đơn vị nào mang mã 109")
    );
    browser
        .goto(&format!("{base}/units/03550?period=2023#tc-8"))
        .await
        .expect("unit page");
    let summary = browser
        .find(Locator::Css("#tc-8 summary"))
        .await
        .expect("criterion 8")
        .text()
        .await
        .expect("text");
    // Met by the values, which now contradict the recorded assessment.
    assert_eq!(summary, "8. Thông tin và Truyền thông đạt mâu thuẫn");
    logout(&browser).await;

    // The coordination office sees the new count.
    login(&browser, &base, "vpdp.phongtho").await;
    browser
        .goto(&format!("{base}/overview/109?period=2023"))
        .await
        .expect("overview");
    assert_eq!(criterion_8_count(&browser).await, "15/16 xã*");
    logout(&browser).await;

    // The rest of the main pages, for review; and the commune page at phone width.
    login(&browser, &base, "quantri").await;
    for (path, name) in [
        ("/overview/12?period=2023", "07-tong-quan-tinh"),
        ("/criteria/qd318-2022", "08-bo-tieu-chi"),
        ("/hierarchy?code=109&period=2023", "09-don-vi"),
        ("/users", "10-nguoi-dung"),
        ("/units/03550/audit?period=2023", "11-nhat-ky"),
    ] {
        browser.goto(&format!("{base}{path}")).await.expect("page");
        assert!(!main_text(&browser).await.is_empty(), "{path}");
        shot(&browser, name).await;
    }
    browser.set_window_size(390, 844).await.expect("phone size");
    browser
        .goto(&format!("{base}/units/03550?period=2023"))
        .await
        .expect("unit page");
    shot(&browser, "12-trang-xa-dien-thoai").await;
    // Nothing but the scrolling table boxes is wider than the screen.
    let wide = browser
        .execute(
            "const w = window.innerWidth; return Array.from(document.querySelectorAll('body *'))
               .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-wrap'))
               .map(e => e.tagName + '.' + e.className).slice(0, 10);",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(wide, json!([]), "the commune page fits a phone screen");

    // The map of the province: schematic cells (no boundaries are shipped),
    // said so; at phone width it fits; focusing a commune shows its figures.
    browser
        .goto(&format!("{base}/map/12?period=2023"))
        .await
        .expect("map page");
    let page = main_text(&browser).await;
    assert!(page.contains("Bản đồ Tỉnh Lai Châu"), "{page}");
    assert!(page.contains("Sơ đồ."), "the schematic notice: {page}");
    browser
        .execute(
            "document.querySelector('figure.map-figure').scrollIntoView();",
            vec![],
        )
        .await
        .expect("scroll to the map");
    shot(&browser, "13-ban-do-tinh-dien-thoai").await;
    let wide = browser
        .execute(
            "const w = window.innerWidth; return Array.from(document.querySelectorAll('main *'))
               .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-wrap'))
               .map(e => e.tagName + '.' + e.className).slice(0, 10);",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(wide, json!([]), "the map page fits a phone screen");
    browser.set_window_size(1366, 900).await.expect("desktop size");
    browser
        .goto(&format!("{base}/map/12?period=2023"))
        .await
        .expect("map page");
    let areas = browser
        .find_all(Locator::Css("svg.map a.area"))
        .await
        .expect("areas");
    assert!(areas.len() > 100, "Lai Châu's communes: {}", areas.len());
    let shown = browser
        .execute(
            "const a = document.querySelector('svg.map a.area[data-code=\"03589\"]'); a.focus();
             return [document.activeElement === a, document.getElementById('map-info').textContent];",
            vec![],
        )
        .await
        .expect("focus a commune");
    assert_eq!(shown[0], json!(true), "a commune takes the keyboard focus");
    let info = shown[1].as_str().unwrap_or_default();
    assert!(info.starts_with("Xã Mường So (sơ đồ) — Đạt "), "{info}");
    shot(&browser, "14-ban-do-tinh").await;
    browser
        .goto(&format!("{base}/map/109?period=2023&by=criterion:8"))
        .await
        .expect("district map");
    assert!(
        main_text(&browser)
            .await
            .contains("Tiêu chí 8: Thông tin và Truyền thông")
    );
    shot(&browser, "15-ban-do-huyen-tieu-chi-8").await;
    // Coloured by the plan: the registrations of 2024 (seed 004).
    browser
        .goto(&format!("{base}/map/109?period=2024&by=plan"))
        .await
        .expect("plan map");
    let page = main_text(&browser).await;
    assert!(page.contains("Thực hiện nội dung đăng ký năm 2024"), "{page}");
    assert!(page.contains("Đang thực hiện"), "the legend: {page}");
    shot(&browser, "16-ban-do-huyen-ke-hoach").await;
    // The district's money of 2023 (seed 001): percentages computed.
    browser
        .goto(&format!("{base}/money/109?year=2023"))
        .await
        .expect("money page");
    let page = main_text(&browser).await;
    assert!(page.contains("5.939") && page.contains("3.890"), "{page}");
    assert!(page.contains("65,5"), "3.890 of 5.939: {page}");
    shot(&browser, "17-von-huyen").await;
    browser.close().await.expect("close");
}
