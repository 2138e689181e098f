//! Entering a commune's figures with the keyboard, in headless chromium, at
//! desktop (1280×900) and phone (390×844) width: Tab through every tab stop
//! of the entry page, and after each press the focused element is fully in
//! the window and not under the sticky save bar (checked by element
//! geometry); a refused value is linked from the error summary, and
//! following the link brings the user to the field. Screenshots under
//! target/screenshots/.
//!
//! The save bar is found by behaviour, not by class: an element positioned
//! sticky or fixed that holds a submit button.
//!
//! Needs `chromedriver` and `chromium` (`.ci/run` installs them). Without
//! them the test says so and stops, except under CI, where it fails.

mod support;

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use support::browser::{login, shot, start_browser};
use support::server;

/// The entry page of Sì Lở Lầu, the commune of xa.silolau.
const ENTRY: &str = "/units/03550/entry?period=2023";

/// More tab stops than any entry page has: past it the test stops (a loop).
const MAX_TAB_STOPS: usize = 2000;

/// The geometry helpers the checks share, installed once per page load:
/// the sticky or fixed save bars (elements holding a submit button), a
/// readable name of an element, and whether an element is fully visible
/// and clear of every save bar that does not hold it.
const HELPERS: &str = r#"
const submits = 'button:not([type=button]):not([type=reset]), input[type=submit]';
window.ntmBars = [...document.querySelectorAll('body *')].filter(e => {
  const p = getComputedStyle(e).position;
  return (p === 'sticky' || p === 'fixed') && e.querySelector(submits);
});
window.ntmName = e => {
  if (!e) return '(none)';
  const text = (e.innerText || e.value || '').replace(/\s+/g, ' ').trim().slice(0, 40);
  return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '') + (text ? ' "' + text + '"' : '');
};
window.ntmProblem = e => {
  const r = e.getBoundingClientRect();
  const where = `top ${Math.round(r.top)}, bottom ${Math.round(r.bottom)}, window ${innerWidth}×${innerHeight}`;
  if (r.width === 0 && r.height === 0) return `has no size (${where})`;
  if (r.top < -0.5 || r.bottom > innerHeight + 0.5 || r.left < -0.5 || r.right > innerWidth + 0.5)
    return `not fully in the window (${where}, left ${Math.round(r.left)}, right ${Math.round(r.right)})`;
  for (const bar of window.ntmBars) {
    if (bar.contains(e)) continue;
    const b = bar.getBoundingClientRect();
    if (r.bottom > b.top + 0.5 && r.top < b.bottom - 0.5 && r.right > b.left + 0.5 && r.left < b.right - 0.5)
      return `under the save bar (${where}; bar ${Math.round(b.top)}-${Math.round(b.bottom)})`;
  }
  return null;
};
return window.ntmBars.length;
"#;

/// After a Tab: the focused element, whether focus has left the page or come
/// round again, and what is wrong with its geometry.
const CHECK_FOCUS: &str = r#"
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return { done: true };
if (e.hasAttribute('data-ntm-tabbed')) return { done: true };
e.setAttribute('data-ntm-tabbed', '');
return { done: false, name: window.ntmName(e), problem: window.ntmProblem(e) };
"#;

/// The first number field that stands alone in its row (not one part of a
/// ratio, whose other part the server would then name instead): its id.
const FIRST_NUMBER_FIELD: &str = r#"
const numbers = 'input[inputmode=decimal], input[inputmode=numeric], input[type=number]';
const visible = e => !e.disabled && !e.readOnly && e.type !== 'hidden' && e.getBoundingClientRect().height > 0;
const field = [...document.querySelectorAll('form ' + numbers.split(', ').join(', form '))].find(e => {
  if (!visible(e) || !e.id) return false;
  let row = e.parentElement;
  while (row && ![...row.querySelectorAll('input, select, textarea')].some(o => o !== e && visible(o))) row = row.parentElement;
  return row && [...row.querySelectorAll(numbers)].filter(visible).length === 1;
});
return field ? field.id : null;
"#;

/// After the refused save: the links of the error summary (links to a
/// fragment outside the bad field's own part of the form, inside an alert or
/// an element naming itself an error summary); the one whose target is the
/// bad field (or holds it, or labels it) is marked for the test to follow.
const SUMMARY_LINKS: &str = r##"
const field = document.getElementById(arguments[0]);
if (!field) return { error: 'the bad field is gone from the page' };
const links = [];
let chosen = null;
for (const a of document.querySelectorAll('a[href^="#"]')) {
  let inSummary = false;
  for (let e = a; e && !e.contains(field); e = e.parentElement) {
    if (e.getAttribute('role') === 'alert' || /error|loi|summary/i.test((e.className || '') + ' ' + (e.id || ''))) inSummary = true;
  }
  if (!inSummary) continue;
  const id = decodeURIComponent(a.getAttribute('href').slice(1));
  const target = document.getElementById(id);
  links.push(a.getAttribute('href'));
  const reaches = target && (target === field || target.contains(field) || (target.tagName === 'LABEL' && target.htmlFor === field.id));
  if (reaches && !chosen) { chosen = a; a.setAttribute('data-ntm-follow', ''); }
}
return { links, chosen: chosen ? chosen.getAttribute('href') : null };
"##;

/// After following the link: whether the bad field has the focus, and what
/// is wrong with its geometry (it must be in view, clear of the save bar).
const AT_FIELD: &str = r#"
const field = document.getElementById(arguments[0]);
return { focused: document.activeElement === field, problem: window.ntmProblem(field), active: window.ntmName(document.activeElement) };
"#;

async fn run(browser: &Client, script: &str, args: Vec<Value>) -> Value {
    browser
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Tabs through the whole page; the tab stops whose focused element is not
/// fully visible or is under the save bar, and how many stops there were.
async fn tab_through(browser: &Client) -> (Vec<String>, usize) {
    let tab = char::from(Key::Tab).to_string();
    let mut failures = Vec::new();
    for stop in 0..MAX_TAB_STOPS {
        browser
            .active_element()
            .await
            .expect("the focused element")
            .send_keys(&tab)
            .await
            .expect("Tab");
        let now = run(browser, CHECK_FOCUS, vec![]).await;
        if now["done"].as_bool() == Some(true) {
            return (failures, stop);
        }
        if now["problem"].is_string() {
            // A smooth scroll may still be moving: judge where it ends.
            tokio::time::sleep(Duration::from_millis(400)).await;
            let settled = run(
                browser,
                "return window.ntmProblem(document.activeElement)",
                vec![],
            )
            .await;
            let Some(problem) = settled.as_str() else {
                continue;
            };
            failures.push(format!(
                "stop {}: {} {problem}",
                stop + 1,
                now["name"].as_str().unwrap_or("?")
            ));
        }
    }
    panic!("more than {MAX_TAB_STOPS} tab stops: focus never left the page");
}

/// Waits until the page the save button was on has been replaced.
async fn reloaded(browser: &Client) {
    let gone = "return document.readyState === 'complete' && !document.querySelector('[data-ntm-save]')";
    for _ in 0..100 {
        if run(browser, gone, vec![]).await.as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page did not answer the save");
}

#[tokio::test]
async fn tabbing_through_the_entry_page_never_hides_the_focus_under_the_save_bar() {
    let Some((_driver, browser)) = start_browser().await else {
        return;
    };
    let base = server().base.clone();
    login(&browser, &base, "xa.silolau").await;
    let mut failures = Vec::new();

    for (width_name, width, height) in [("desktop", 1280, 900), ("phone", 390, 844)] {
        browser.set_window_size(width, height).await.expect("size");
        browser.goto(&format!("{base}{ENTRY}")).await.expect("entry page");
        let bars = run(&browser, HELPERS, vec![]).await;
        assert!(
            bars.as_u64().unwrap_or(0) >= 1,
            "{width_name}: the entry page has a sticky save bar (a sticky or fixed element holding the save button)"
        );
        let (hidden, stops) = tab_through(&browser).await;
        eprintln!(
            "{width_name}: {stops} tab stops, {} with the focus hidden",
            hidden.len()
        );
        assert!(
            stops > 20,
            "{width_name}: the entry page has its fields as tab stops ({stops})"
        );
        shot(&browser, &format!("nhap-so-lieu-tab-{width_name}")).await;
        failures.extend(hidden.into_iter().map(|f| format!("{width_name} {f}")));

        // A refused value: letters in a number field, then Save.
        let id = run(&browser, FIRST_NUMBER_FIELD, vec![]).await;
        let id = id.as_str().expect("a number field on the entry page").to_string();
        let field = browser.find(Locator::Id(&id)).await.expect("the number field");
        field.clear().await.expect("clear");
        field.send_keys("abc").await.expect("type letters");
        run(
            &browser,
            "window.ntmBars[window.ntmBars.length - 1].querySelector('button:not([type=button]):not([type=reset]), input[type=submit]').setAttribute('data-ntm-save', '')",
            vec![],
        )
        .await;
        browser
            .find(Locator::Css("[data-ntm-save]"))
            .await
            .expect("the save button")
            .click()
            .await
            .expect("save");
        reloaded(&browser).await;
        run(&browser, HELPERS, vec![]).await;
        let focused = run(
            &browser,
            "return document.activeElement && document.activeElement.id",
            vec![],
        )
        .await;
        assert_eq!(
            focused.as_str(),
            Some("loi-nhap"),
            "{width_name}: after a refused save the error summary has the focus"
        );
        let summary = run(&browser, SUMMARY_LINKS, vec![json!(id)]).await;
        assert!(summary["error"].is_null(), "{width_name}: {}", summary["error"]);
        let Some(href) = summary["chosen"].as_str() else {
            failures.push(format!(
                "{width_name}: no link of the error summary leads to the bad field #{id} (links: {})",
                summary["links"]
            ));
            shot(&browser, &format!("nhap-so-lieu-loi-{width_name}")).await;
            continue;
        };
        browser
            .find(Locator::Css("[data-ntm-follow]"))
            .await
            .expect("the summary's link")
            .click()
            .await
            .expect("follow the link");
        let at = run(&browser, AT_FIELD, vec![json!(id)]).await;
        shot(&browser, &format!("nhap-so-lieu-loi-{width_name}")).await;
        if let Some(problem) = at["problem"].as_str() {
            failures.push(format!(
                "{width_name}: after following {href} the bad field #{id} {problem} (focus on {})",
                at["active"]
            ));
        } else {
            eprintln!(
                "{width_name}: {href} brings the bad field #{id} into view{}",
                if at["focused"].as_bool() == Some(true) {
                    " and focuses it"
                } else {
                    ""
                }
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
