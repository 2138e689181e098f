//! What the operations tests share: running `ntm` commands, `ntm serve`
//! processes (their address read from what they print), signing in over
//! HTTP, and fresh PostgreSQL databases on the test server.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};

pub const DEMO_PASSWORD: &str = "ntm-demo-2026";

pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

/// A command of `ntm` without the caller's NTM_* variables.
pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ntm"));
    cmd.current_dir(dir);
    for (key, _) in std::env::vars() {
        if key.starts_with("NTM_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

pub fn ntm(dir: &Path, args: &[&str]) -> Run {
    ntm_with(dir, args, &[])
}

pub fn ntm_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = command(dir);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run ntm");
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A running `ntm serve`, stopped (SIGKILL) when dropped.
pub struct ServerProcess {
    pub child: Child,
    /// `http://127.0.0.1:PORT` or `https://…`.
    pub base: String,
    pub addr: String,
    pub output: Arc<Mutex<String>>,
}

impl ServerProcess {
    /// Starts `ntm ARGS serve … --addr 127.0.0.1:0` and waits for its address.
    pub fn start(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> ServerProcess {
        let mut cmd = command(dir);
        cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start ntm serve");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let seen = Arc::clone(&output);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("ntm đang chạy tại ") {
                    let url = rest.split_whitespace().next().unwrap_or("").trim_end_matches('/');
                    let _ = tx.send(url.to_string());
                }
                let mut out = seen.lock().unwrap();
                out.push_str(&line);
                out.push('\n');
            }
        });
        let seen = Arc::clone(&output);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut out = seen.lock().unwrap();
                out.push_str(&line);
                out.push('\n');
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(240)) {
            Ok(base) => base,
            Err(_) => {
                let _ = child.kill();
                panic!("ntm serve did not start: {}", output.lock().unwrap());
            }
        };
        let addr = base.split("://").nth(1).unwrap_or("").to_string();
        ServerProcess {
            child,
            base,
            addr,
            output,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{name}");
    }

    /// Waits for the process to end by itself.
    pub fn wait(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + limit;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    pub fn printed(&self) -> String {
        self.output.lock().unwrap().clone()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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

/// Signs a demo user in; the client keeps the session cookie.
pub async fn login(base: &str, username: &str) -> Client {
    let client = client();
    let response = client
        .post(format!("{base}/login"))
        .form(&[("username", username), ("password", DEMO_PASSWORD), ("next", "/")])
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "login of {username}");
    client
}

/// An API key of a user, made with `ntm user token`.
pub fn api_token(dir: &Path, db_args: &[&str], username: &str) -> String {
    let mut args = db_args.to_vec();
    args.extend(["user", "token", username, "--name", "kiểm thử"]);
    let run = ntm(dir, &args);
    assert!(run.ok, "ntm user token: {}", run.stderr);
    run.stdout.trim().to_string()
}

/// Text of a page without tags.
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

/// How many communes of an overview page meet criterion `code` ("5/16"),
/// read from the per-criterion chart's bars (each titled "Tiêu chí 6 …: 5/16").
pub fn criterion_count(html: &str, code: &str) -> String {
    let marker = format!("<li title=\"Tiêu chí {code} ");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no criterion {code} on the page"));
    let title = html[at + marker.len()..].split('"').next().unwrap_or("");
    title.rsplit(": ").next().unwrap_or("").to_string()
}

/// A fresh PostgreSQL database on the test server (`NTM_TEST_DATABASE_URL`),
/// or `None` with the reason printed; under CI its absence fails the test.
pub async fn postgres_database(name: &str) -> Option<String> {
    let Ok(url) = std::env::var("NTM_TEST_DATABASE_URL") else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI must run the PostgreSQL tests: set NTM_TEST_DATABASE_URL");
        }
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {name}: NTM_TEST_DATABASE_URL is not set (no PostgreSQL server to test against)"
        );
        return None;
    };
    let database = format!("ntm_{name}_{}", std::process::id());
    let (server, _) = url.rsplit_once('/').expect("a database URL");
    let admin = format!("{server}/postgres");
    let status = Command::new("psql")
        .env("PGOPTIONS", "-c client_min_messages=warning")
        .args([
            &admin,
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-c",
            &format!("DROP DATABASE IF EXISTS {database}"),
            "-c",
            &format!("CREATE DATABASE {database}"),
        ])
        .status()
        .expect("psql (postgresql-client) is needed for this test");
    assert!(status.success(), "create database {database}");
    Some(format!("{server}/{database}"))
}

/// A folder with a fresh demo database (`ntm demo`).
pub fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = ntm(dir.path(), &["demo"]);
    assert!(run.ok, "demo failed: {}", run.stderr);
    dir
}

/// A command's standard output as JSON (the command must have succeeded).
pub fn json(run: &Run) -> serde_json::Value {
    assert!(run.ok, "command failed: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("valid JSON")
}
