//! End to end in headless chromium: the province's coordination office
//! creates Lai Châu's version of the 2026-2030 set, enters water thresholds
//! for the three commune groups on the page and poverty and income growth
//! through the workbook, a second officer confirms one, the preview lists the
//! communes whose status changes, and publishing makes the commune pages and
//! the 2026 overview use them, while Phong Thổ's 2023 figures stay as they
//! were. Screenshots under target/screenshots/.

mod support;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use fantoccini::{Client, Locator};
use support::browser::{login, logout, main_text, shot, start_browser};
use support::server;

/// The session cookie of the browser, for downloading as the user.
async fn download(browser: &Client, url: &str) -> Vec<u8> {
    let cookies = browser.get_all_cookies().await.expect("cookies");
    let header: Vec<String> = cookies
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect();
    let response = reqwest::Client::new()
        .get(url)
        .header("cookie", header.join("; "))
        .send()
        .await
        .expect("download");
    assert_eq!(response.status(), reqwest::StatusCode::OK, "{url}");
    response.bytes().await.expect("bytes").to_vec()
}

/// The workbook as a spreadsheet program saves it after someone filled in
/// thresholds: `(indicator, group, condition, value)`.
fn fill_in(bytes: &[u8], rows: &[(&str, &str, &str, f64)]) -> Vec<u8> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("xlsx");
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let header: Vec<String> = range
            .rows()
            .next()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default();
        let col = |n: &str| header.iter().position(|h| h == n);
        let sheet = out.add_worksheet();
        sheet.set_name(&name).expect("name");
        for (r, row) in range.rows().enumerate() {
            let text = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            let fill = (name == "Ngưỡng")
                .then(|| {
                    rows.iter()
                        .find(|(i, g, _, _)| text(col("Chỉ tiêu")) == *i && text(col("Nhóm xã")) == *g)
                })
                .flatten();
            for (c, cell) in row.iter().enumerate() {
                let (r, c16) = (r as u32, c as u16);
                let written = match (fill, cell) {
                    (Some((_, _, cond, _)), _) if Some(c) == col("Điều kiện") => {
                        sheet.write_string(r, c16, *cond).map(|_| ())
                    }
                    (Some((_, _, _, value)), _) if Some(c) == col("Giá trị") => {
                        sheet.write_number(r, c16, *value).map(|_| ())
                    }
                    (Some(_), _) if Some(c) == col("Văn bản") => sheet
                        .write_string(r, c16, "Quyết định số 51/2025/QĐ-TTg")
                        .map(|_| ()),
                    (_, Data::String(s)) => sheet.write_string(r, c16, s).map(|_| ()),
                    (_, Data::Float(f)) => sheet.write_number(r, c16, *f).map(|_| ()),
                    _ => Ok(()),
                };
                written.expect("cell");
            }
        }
    }
    out.save_to_buffer().expect("save")
}

async fn set_value(browser: &Client, css: &str, value: &str) {
    let field = browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("field {css}"));
    field.clear().await.expect("clear");
    field.send_keys(value).await.expect("type");
}

async fn select(browser: &Client, css: &str, value: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("select {css}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|_| panic!("option {value} of {css}"));
}

async fn click(browser: &Client, css: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("button {css}"))
        .click()
        .await
        .expect("click");
}

#[tokio::test]
async fn the_province_authors_confirms_previews_and_publishes_its_2026_set() {
    let Some((_driver, browser)) = start_browser().await else {
        return;
    };
    let base = server().base.clone();
    login(&browser, &base, "vpdp.laichau").await;

    // A province's own set, started from the national 2026-2030 one.
    browser.goto(&format!("{base}/criteria")).await.expect("criteria");
    select(&browser, "#from", "qd51-2025@1").await;
    set_value(&browser, "#code", "lai-chau-2026").await;
    set_value(
        &browser,
        "#name",
        "Bộ tiêu chí xã nông thôn mới tỉnh Lai Châu giai đoạn 2026-2030",
    )
    .await;
    set_value(&browser, "#province", "12").await;
    shot(&browser, "20-bo-tieu-chi-tao-du-thao").await;
    click(&browser, "form#bat-dau button[type=submit]").await;
    browser
        .wait()
        .for_url(
            &format!("{base}/criteria/lai-chau-2026@1/edit")
                .parse()
                .expect("url"),
        )
        .await
        .expect("editor");

    // Water (8.a) for the three groups, on the page.
    let form = "form[id='nhom-8.a']";
    for (k, value) in [(1, "95"), (2, "90"), (3, "80")] {
        select(&browser, &format!("{form} select[name=condition_{k}]"), "≥").await;
        set_value(&browser, &format!("{form} input[name=value_{k}]"), value).await;
    }
    set_value(
        &browser,
        &format!("{form} input[name=source]"),
        "Quyết định số 51/2025/QĐ-TTg",
    )
    .await;
    set_value(&browser, &format!("{form} input[name=place]"), "Phụ lục I").await;
    set_value(&browser, &format!("{form} input[name=page]"), "7").await;
    click(&browser, &format!("{form} button[type=submit]")).await;
    browser
        .wait()
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("saved");
    assert!(main_text(&browser).await.contains("≥ 80%"));
    shot(&browser, "21-du-thao-nguong-theo-nhom").await;

    // Poverty (6.a) and income growth (3.a) through the workbook.
    let bytes = download(
        &browser,
        &format!("{base}/criteria/lai-chau-2026@1/workbook.xlsx"),
    )
    .await;
    let filled = fill_in(
        &bytes,
        &[
            ("6.a", "nhóm 1", "≤", 3.0),
            ("6.a", "nhóm 2", "≤", 5.0),
            ("6.a", "nhóm 3", "≤", 10.5),
            ("3.a", "nhóm 1", "≥", 7.0),
            ("3.a", "nhóm 2", "≥", 6.0),
            ("3.a", "nhóm 3", "≥", 5.0),
        ],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bo-tieu-chi-lai-chau-2026.xlsx");
    std::fs::write(&path, filled).expect("write workbook");
    browser
        .find(Locator::Css("#book"))
        .await
        .expect("file field")
        .send_keys(path.to_str().expect("path"))
        .await
        .expect("choose file");
    click(
        &browser,
        "form[enctype='multipart/form-data'] button[type=submit]",
    )
    .await;
    // The page before carried "Đã lưu."; wait for the import's own notice.
    browser
        .wait()
        .for_element(Locator::XPath(
            "//p[contains(@class, 'notice') and contains(., 'Đã nhập')]",
        ))
        .await
        .expect("imported");
    let text = main_text(&browser).await;
    assert!(text.contains("Đã nhập bo-tieu-chi-lai-chau-2026.xlsx"), "{text}");
    assert!(text.contains("≤ 10,5%") && text.contains("≥ 5 %/năm"), "{text}");
    logout(&browser).await;

    // A second officer confirms the group-3 water threshold.
    login(&browser, &base, "kiemtra.laichau").await;
    browser
        .goto(&format!("{base}/criteria/lai-chau-2026@1/edit"))
        .await
        .expect("editor");
    click(
        &browser,
        "button[aria-label='Xác nhận ngưỡng 4 của chỉ tiêu 8.a']",
    )
    .await;
    browser
        .wait()
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("confirmed");
    assert!(main_text(&browser).await.contains("1 đã xác nhận"));
    shot(&browser, "22-xac-nhan-nguong").await;
    logout(&browser).await;

    // The preview lists the communes whose status changes; then publish.
    login(&browser, &base, "vpdp.laichau").await;
    browser
        .goto(&format!("{base}/criteria/lai-chau-2026@1/preview?period=2026"))
        .await
        .expect("preview");
    let text = main_text(&browser).await;
    assert!(
        text.contains("Xã Thu Lũm") && text.contains("chưa có số liệu → chưa đạt"),
        "{text}"
    );
    shot(&browser, "23-xem-truoc").await;
    browser
        .goto(&format!("{base}/criteria/lai-chau-2026@1/edit"))
        .await
        .expect("editor");
    set_value(&browser, "#p-from", "15/02/2026").await;
    click(&browser, "form#ban-hanh button[type=submit]").await;
    browser
        .wait()
        .for_url(&format!("{base}/criteria/lai-chau-2026@1").parse().expect("url"))
        .await
        .expect("published");
    assert!(main_text(&browser).await.contains("đã ban hành trên ntm"));

    // The commune pages and the 2026 overview judge with it.
    browser
        .goto(&format!("{base}/units/03439?period=2026"))
        .await
        .expect("Thu Lũm");
    let text = main_text(&browser).await;
    assert!(
        text.contains("tỉnh Lai Châu giai đoạn 2026-2030, phiên bản 1"),
        "{text}"
    );
    assert!(text.contains("≥ 80%"), "{text}");
    shot(&browser, "24-xa-theo-bo-moi").await;
    browser
        .goto(&format!("{base}/overview/12?period=2026"))
        .await
        .expect("overview");
    assert!(
        main_text(&browser)
            .await
            .contains("tỉnh Lai Châu giai đoạn 2026-2030, phiên bản 1")
    );
    shot(&browser, "25-tong-quan-tinh-2026").await;
    // Phong Thổ's 2023 figures did not move.
    browser
        .goto(&format!("{base}/overview/109?period=2023"))
        .await
        .expect("2023");
    assert!(main_text(&browser).await.contains("11,06"));
}
