//! One real server for a test binary: a demo database (SQLite in the target
//! folder), the demo accounts, `ntm_web::serve` on a free port, in its own
//! thread and runtime so that every test can reach it.

#![allow(dead_code)]

pub mod browser;

use std::sync::{Arc, OnceLock};

use ntm_app::Program;
use ntm_app::accounts::access::{Actor, User};
use ntm_app::accounts::demo::{DEMO_PASSWORD, create_demo_accounts};
use ntm_app::criteria::catalog_files::shipped_catalog;
use ntm_app::demo::build_demo;
use ntm_store::ChangeSource;
use ntm_web::AppState;
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use tokio::net::TcpListener;
use tokio::runtime::Handle;

pub struct Server {
    pub base: String,
    pub program: Arc<Program>,
    pub runtime: Handle,
}

static SERVER: OnceLock<Server> = OnceLock::new();

/// Who builds the demo: as `ntm serve --demo` does, so that the pages show the
/// names the demo's rows really carry.
fn system() -> Actor {
    Actor::command("dữ liệu mẫu", ChangeSource::Demo, ntm_app::Clock::System.now())
}

/// The shared server, started on first use.
pub fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
                    .join(format!("ntm-web-{}", std::process::id()));
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).expect("test folder");
                let url = format!("sqlite://{}", dir.join("web.db").display());
                let store = ntm_store::open(&url).await.expect("store");
                let (program, _) = build_demo(store, shipped_catalog().expect("catalog"), &system())
                    .await
                    .expect("demo");
                create_demo_accounts(&program, &system()).await.expect("accounts");
                let program = Arc::new(program);
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("port");
                let base = format!("http://{}", listener.local_addr().expect("address"));
                tx.send((base, Arc::clone(&program), Handle::current()))
                    .expect("send");
                ntm_web::serve(listener, AppState::new(program))
                    .await
                    .expect("serve");
            });
        });
        let (base, program, runtime) = rx.recv().expect("server started");
        Server {
            base,
            program,
            runtime,
        }
    })
}

impl Server {
    /// Another server on the same data with its own login limits.
    pub async fn another(&self) -> String {
        let program = Arc::clone(&self.program);
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.runtime.spawn(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("port");
            let _ = tx.send(format!("http://{}", listener.local_addr().expect("address")));
            ntm_web::serve(listener, AppState::new(program))
                .await
                .expect("serve");
        });
        rx.await.expect("second server")
    }

    /// Another server on the same data, its state changed first (secure
    /// cookies, short timeouts).
    pub async fn another_with(&self, change: impl FnOnce(&mut AppState) + Send + 'static) -> String {
        let program = Arc::clone(&self.program);
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.runtime.spawn(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("port");
            let _ = tx.send(format!("http://{}", listener.local_addr().expect("address")));
            let mut state = AppState::new(program);
            change(&mut state);
            ntm_web::serve(listener, state).await.expect("serve");
        });
        rx.await.expect("another server")
    }

    /// An API token of a demo user.
    pub async fn token(&self, username: &str) -> String {
        let record = self
            .program
            .store()
            .user_by_name(username)
            .await
            .expect("store")
            .expect("user exists");
        let user = User::from_record(&record).expect("enabled");
        let actor = Actor::user(user, ChangeSource::Api, ntm_app::Clock::System.now());
        self.program
            .create_api_key(&actor, "kiểm thử", 30)
            .await
            .expect("token")
            .token
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// The CSRF token in a page's forms.
pub fn csrf_in(html: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..].split('"').next().expect("token").to_string()
}

/// A signed-in user of the pages.
pub struct Session {
    pub client: Client,
    pub base: String,
    pub csrf: String,
}

pub async fn login_at(base: &str, username: &str) -> Session {
    let client = client();
    let response = client
        .post(format!("{base}/login"))
        .form(&[
            ("username", username),
            ("password", DEMO_PASSWORD),
            ("next", "/account"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "login of {username}");
    let page = client
        .get(format!("{base}/account"))
        .send()
        .await
        .expect("account page")
        .text()
        .await
        .expect("text");
    Session {
        csrf: csrf_in(&page),
        client,
        base: base.to_string(),
    }
}

pub async fn login(username: &str) -> Session {
    login_at(&server().base, username).await
}

impl Session {
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET")
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        (r.status(), r.text().await.expect("text"))
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .expect("POST")
    }
}

/// Text of a page without tags, for reading assertions.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cells of a CSV text, quotes undone.
pub fn csv_cells(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .flat_map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The JSON a user's API token reads at `path` on the shared server.
pub async fn api_json(username: &str, path: &str) -> serde_json::Value {
    let s = server();
    let token = s.token(username).await;
    client()
        .get(s.url(path))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json")
}
