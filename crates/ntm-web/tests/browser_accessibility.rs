//! Accessibility in a real browser: axe-core (the npm package, its WCAG 2 A
//! and AA rules) on every main page each demo role reaches, at desktop and
//! phone width, with no violation; a screenshot of each under
//! target/screenshots/axe/; at phone width, which pages scroll sideways.
//!
//! Needs chromium and chromedriver, and the path of axe-core's `axe.min.js`
//! in NTM_AXE_JS (`.ci/run` installs it with npm; README.md says how).
//! Without them the test says so and stops, except under CI, where it fails.

mod support;

use std::time::{Duration, Instant};

use fantoccini::Client;
use fantoccini::wd::TimeoutConfiguration;
use serde_json::{Value, json};
use support::browser::{login, logout, screenshots, shot, start_browser};
use support::server;

/// Every page fits a phone's width (only table boxes scroll sideways). Set to
/// false to have the test list the pages that do not fit instead of failing.
const ASSERT_NO_SIDEWAYS_SCROLL_ON_PHONE: bool = true;

/// The two widths every page is checked at: (name, width, height).
const WIDTHS: [(&str, u32, u32); 2] = [("desktop", 1280, 900), ("phone", 390, 844)];

/// axe-core's source, from the npm package (see the module comment).
fn axe_source() -> Option<String> {
    let reason = match std::env::var("NTM_AXE_JS") {
        Ok(path) => match std::fs::read_to_string(&path) {
            Ok(source) if source.contains("axe") => return Some(source),
            Ok(_) => format!("{path} is not axe-core's axe.min.js"),
            Err(e) => format!("NTM_AXE_JS={path} cannot be read: {e}"),
        },
        Err(_) => {
            "NTM_AXE_JS is not set (export NTM_AXE_JS=$(bash .ci/install-axe) installs axe-core with npm)"
                .to_string()
        }
    };
    assert!(
        std::env::var("CI").is_err(),
        "under CI the accessibility test must run: {reason}"
    );
    eprintln!("SKIPPED accessibility test: {reason}");
    None
}

/// The main pages of a role: (short name for the screenshot, address).
fn pages_of(username: &str) -> Vec<(&'static str, String)> {
    let p = "period=2023";
    let common = |province: &str, commune: &str, edits: Option<&str>| {
        let mut pages = vec![
            ("trang-chu", "/".to_string()),
            ("tong-quan", format!("/overview/{province}?{p}")),
            ("trang-xa", format!("/units/{commune}?{p}")),
            ("thieu-hut", format!("/gaps/{province}?{p}")),
            ("ke-hoach", format!("/plans/{province}?year=2023")),
            ("nguon-von", format!("/money/{province}?year=2023")),
            ("ban-do", format!("/map/{province}?{p}")),
            ("ban-do-tieu-chi", format!("/map/{province}?{p}&by=criterion:8")),
            ("ky-bao-cao", format!("/cycle/{province}?{p}")),
            ("don-vi", format!("/hierarchy?code={province}&{p}")),
            ("bo-tieu-chi-ds", "/criteria".to_string()),
            ("bo-tieu-chi", "/criteria/qd318-2022".to_string()),
            ("tim-kiem", "/search?q=muong%20so".to_string()),
            ("nhap-tu-tep", "/import".to_string()),
            ("tai-khoan", "/account".to_string()),
        ];
        if let Some(unit) = edits {
            pages.push(("nhap-so-lieu", format!("/units/{unit}/entry?{p}")));
        }
        pages
    };
    match username {
        "vpdp.laichau" => common("12", "03550", Some("03550")),
        "vpdp.phongtho" => common("109", "03550", Some("03550")),
        // A commune's own pages stand in for the aggregate ones.
        "xa.silolau" => common("03550", "03550", Some("03550"))
            .into_iter()
            .filter(|(name, _)| !matches!(*name, "tong-quan" | "don-vi"))
            .collect(),
        "ktht.phongtho" => common("109", "03574", Some("03574")),
        "lanhdao.laichau" => common("12", "03550", None),
        "quantri" => {
            let mut pages = common("12", "03550", Some("03550"));
            pages.extend([
                ("nguoi-dung", "/users".to_string()),
                ("nhat-ky", "/audit".to_string()),
                ("nhat-ky-xa", format!("/units/03550/audit?{p}")),
            ]);
            pages
        }
        other => panic!("no page list for {other}"),
    }
}

const ROLES: [&str; 6] = [
    "vpdp.laichau",
    "vpdp.phongtho",
    "xa.silolau",
    "ktht.phongtho",
    "lanhdao.laichau",
    "quantri",
];

/// Runs axe on the page as it is now; its violations, one line each.
async fn violations(browser: &Client) -> Vec<String> {
    let result = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             // After the layout of the new width (and the page's script's answer to it).
             requestAnimationFrame(() => requestAnimationFrame(() =>
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
                                resultTypes: ['violations']})
               .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ') + ': '
                     + (n.failureSummary || '').replace(/\\s+/g, ' '))}))))
               .catch(e => done({error: String(e)}))));",
            vec![],
        )
        .await
        .expect("axe runs");
    if let Some(error) = result.get("error") {
        panic!("axe failed: {error}");
    }
    let Value::Array(found) = result else {
        panic!("axe answered {result}")
    };
    found
        .iter()
        .map(|v| {
            let nodes: Vec<&str> = v["nodes"]
                .as_array()
                .map(|n| n.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            format!(
                "{} ({}): {} — {} node(s):\n      {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or("?"),
                nodes.len(),
                nodes.join("\n      ")
            )
        })
        .collect()
}

/// The document's width and the window's.
async fn widths(browser: &Client) -> (u64, u64) {
    let widths = browser
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .expect("widths");
    (
        widths[0].as_u64().expect("a width"),
        widths[1].as_u64().expect("a width"),
    )
}

#[tokio::test]
async fn every_main_page_of_every_role_has_no_axe_violation_at_desktop_and_phone_width() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some((_driver, browser)) = start_browser().await else {
        return;
    };
    let started = Instant::now();
    browser
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(120)),
            Some(Duration::from_secs(120)),
            Some(Duration::ZERO),
        ))
        .await
        .expect("timeouts");
    std::fs::create_dir_all(screenshots().join("axe")).expect("screenshot folder");
    let base = server().base.clone();
    let inject = format!("{axe}\n;return typeof axe.run;");
    let (mut failures, mut too_wide, mut checked) = (Vec::new(), Vec::new(), 0);
    let mut slowest = Vec::new();
    for username in ROLES {
        login(&browser, &base, username).await;
        for (name, path) in pages_of(username) {
            let page_started = Instant::now();
            browser
                .set_window_size(WIDTHS[0].1, WIDTHS[0].2)
                .await
                .expect("size");
            browser.goto(&format!("{base}{path}")).await.expect("page");
            let error = browser
                .execute(
                    "const e = document.querySelector('.error-detail'); return e && e.textContent;",
                    vec![],
                )
                .await
                .expect("script");
            if error != Value::Null {
                failures.push(format!("{username} {path}: an error page: {error}"));
                continue;
            }
            let loaded = browser.execute(&inject, vec![]).await.expect("axe loads");
            assert_eq!(loaded, json!("function"), "axe is defined");
            for (width_name, width, height) in WIDTHS {
                browser.set_window_size(width, height).await.expect("size");
                let found = violations(&browser).await;
                checked += 1;
                if !found.is_empty() {
                    failures.push(format!(
                        "{username} {path} at {width} px:\n    {}",
                        found.join("\n    ")
                    ));
                }
                let (scroll, inner) = widths(&browser).await;
                assert_eq!(inner, u64::from(width), "the window is {width} px wide");
                if width_name == "phone" && scroll > inner {
                    too_wide.push(format!("{username} {path}: {scroll} px wide in {inner} px"));
                }
                shot(&browser, &format!("axe/{username}-{name}-{width_name}")).await;
            }
            slowest.push((page_started.elapsed(), format!("{username} {path}")));
        }
        logout(&browser).await;
    }
    eprintln!(
        "axe: {checked} page renderings checked (pages × roles × widths) in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (took, page) in slowest.iter().take(5) {
        eprintln!("  slowest: {page} in {:.1} s (both widths)", took.as_secs_f64());
    }
    if !too_wide.is_empty() {
        eprintln!(
            "pages that scroll sideways at phone width:\n  {}",
            too_wide.join("\n  ")
        );
    }
    assert!(
        failures.is_empty(),
        "axe-core found {} page(s) with violations:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
    assert!(
        !ASSERT_NO_SIDEWAYS_SCROLL_ON_PHONE || too_wide.is_empty(),
        "pages scroll sideways at phone width: {too_wide:?}"
    );
}
