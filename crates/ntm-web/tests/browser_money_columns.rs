//! The money page's project table at desktop width (1280 px, and a small
//! laptop's 1024 and a tablet's 800) in headless chromium, checked by
//! geometry: a project's name reads on a line or two, not a word per line
//! (the figures' columns do not take its room). Screenshots under
//! target/screenshots/.
//!
//! Needs `chromedriver` and `chromium` (`.ci/run` installs them). Without
//! them the test says so and stops, except under CI, where it fails.

mod support;

use support::browser::{login, shot, start_browser};
use support::server;

/// Each project row's name cell: its height, the line height of the name,
/// and the name.
const NAME_CELLS: &str = r#"
const table = document.querySelector('main table.projects');
if (!table) return null;
return [...table.querySelectorAll('tbody tr')].map(tr => {
  const cell = tr.cells[0];
  const name = cell.firstChild;
  const range = document.createRange();
  range.selectNodeContents(name);
  const rects = [...range.getClientRects()];
  const lines = new Set(rects.map(r => Math.round(r.top))).size;
  const text = Math.max(...rects.map(r => r.bottom)) - Math.min(...rects.map(r => r.top));
  return { height: cell.getBoundingClientRect().height, text, line: parseFloat(getComputedStyle(cell).lineHeight), lines, name: name.textContent.trim() };
});
"#;

#[tokio::test]
async fn at_desktop_width_project_names_read_on_a_line_or_two() {
    let Some((_driver, browser)) = start_browser().await else {
        return;
    };
    let base = server().base.clone();
    for user in ["vpdp.phongtho", "quantri"] {
        login(&browser, &base, user).await;
        for width in [1280, 1024, 800] {
            browser.set_window_size(width, 900).await.expect("desktop size");
            browser
                .goto(&format!("{base}/money/109?year=2023"))
                .await
                .expect("money page");
            browser
                .execute(
                    "document.querySelector('main table.projects').scrollIntoView(); return null;",
                    vec![],
                )
                .await
                .expect("scroll");
            shot(&browser, &format!("money-projects-{width}-{user}")).await;
            let cells = browser.execute(NAME_CELLS, vec![]).await.expect("script");
            let cells = cells
                .as_array()
                .unwrap_or_else(|| panic!("a project table: {cells}"));
            assert!(!cells.is_empty(), "projects in 2023");
            for cell in cells {
                let lines = cell["lines"].as_u64().expect("lines");
                let height = cell["height"].as_f64().expect("height");
                let text = cell["text"].as_f64().expect("text height");
                let line = cell["line"].as_f64().expect("line height");
                assert!(
                    lines <= 2,
                    "{user} at {width}: the name on at most two lines: {cell}"
                );
                assert!(
                    text <= 3.0 * line,
                    "{user} at {width}: the name at most three lines tall: {cell}"
                );
                // Two lines of name, the owner under it, and the cell's padding.
                assert!(
                    height <= 4.5 * line,
                    "{user} at {width}: the row no taller: {cell}"
                );
            }
        }
        support::browser::logout(&browser).await;
    }
}
