//! The browser harness the end-to-end tests share: chromedriver and
//! headless chromium started for a test, screenshots under
//! target/screenshots/, signing in and out as a user would.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find_program(name: &str, env: &str) -> Option<PathBuf> {
    if let Ok(p) = std::env::var(env) {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub async fn start_browser() -> Option<(Driver, Client)> {
    let (Some(driver), Some(chromium)) = (
        find_program("chromedriver", "NTM_CHROMEDRIVER"),
        find_program("chromium", "NTM_CHROMIUM"),
    ) else {
        let reason = "chromedriver or chromium not found (apt-get install chromium chromium-driver)";
        assert!(
            std::env::var("CI").is_err(),
            "under CI the browser test must run: {reason}"
        );
        eprintln!("SKIPPED browser test: {reason}");
        return None;
    };
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1366,900", "--lang=vi"]
        }
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        let connected = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&url)
            .await;
        if let Ok(client) = connected {
            return Some((driver, client));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not accept a session on {url}");
}

pub fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target folder")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

pub async fn shot(browser: &Client, name: &str) {
    let png = browser.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshots().join(format!("{name}.png")), png).expect("write screenshot");
}

pub async fn main_text(browser: &Client) -> String {
    browser
        .find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text")
}

pub async fn login(browser: &Client, base: &str, username: &str) {
    browser.goto(&format!("{base}/login")).await.expect("login page");
    browser
        .find(Locator::Css("#username"))
        .await
        .expect("user field")
        .send_keys(username)
        .await
        .expect("type user");
    browser
        .find(Locator::Css("#password"))
        .await
        .expect("password field")
        .send_keys(ntm_app::accounts::demo::DEMO_PASSWORD)
        .await
        .expect("type password");
    browser
        .find(Locator::Css("form button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("submit");
    browser
        .wait()
        .for_element(Locator::Css("header nav"))
        .await
        .expect("signed in");
}

pub async fn logout(browser: &Client) {
    browser
        .find(Locator::Css("header .who button"))
        .await
        .expect("logout button")
        .click()
        .await
        .expect("logout");
    browser
        .wait()
        .for_element(Locator::Css("#username"))
        .await
        .expect("back at login");
}
