//! The entry page in a real browser (Debian's chromium): tabbing through
//! every field at desktop and phone width, the focused element is never
//! under the sticky save bar (checked by the elements' geometry).
//!
//! Needs `chromedriver` and `chromium` (`.ci/run` installs them). Without
//! them the test says so and stops, except under CI, where it fails.

mod support;

use fantoccini::key::Key;
use serde_json::json;
use support::browser::{login, start_browser};
use support::server;

/// Where the focused element is against the save bar: "ok", "end" once
/// focus has left the form, or what is hidden.
const CHECK: &str = r#"
var a = document.activeElement;
var bar = document.querySelector('.sticky-actions');
if (!bar) return 'no bar';
if (!a || a === document.body) return 'start';
var form = bar.closest('form');
if (!form.contains(a)) return form.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING ? 'end' : 'before';
if (bar.contains(a)) return 'ok';
var r = a.getBoundingClientRect(), b = bar.getBoundingClientRect();
if (r.bottom <= b.top + 0.5) return 'ok';
return (a.id || a.name || a.tagName) + ': bottom ' + r.bottom + ' under the bar at ' + b.top;
"#;

#[tokio::test]
async fn no_focused_field_is_ever_under_the_save_bar() {
    let Some((_driver, browser)) = start_browser().await else {
        return;
    };
    let base = server().base.clone();
    login(&browser, &base, "xa.silolau").await;
    for (width, height) in [(1280, 800), (390, 844)] {
        browser.set_window_size(width, height).await.expect("window size");
        browser
            .goto(&format!("{base}/units/03550/entry?period=2023"))
            .await
            .expect("entry page");
        let mut in_form = 0;
        for _ in 0..600 {
            browser
                .active_element()
                .await
                .expect("focus")
                .send_keys(&Key::Tab.to_string())
                .await
                .expect("tab");
            let at = browser.execute(CHECK, vec![]).await.expect("check");
            match at.as_str() {
                Some("start" | "before") => continue,
                Some("end") => break,
                Some("ok") => in_form += 1,
                _ => panic!("at {width}px: {at}"),
            }
        }
        assert!(
            in_form > 100,
            "at {width}px, tabbed through {in_form} fields of the form"
        );
        // The bar is still where it was: the last field's Save reached.
        let bar = browser
            .execute("return document.querySelector('.sticky-actions').getBoundingClientRect().bottom <= window.innerHeight + 1;", vec![])
            .await
            .expect("bar");
        assert_eq!(bar, json!(true), "the save bar stays in view at {width}px");
    }
}
