//! `ntm serve` as operators run it: HTTPS with a certificate reloaded on
//! SIGHUP, secure cookies and HSTS; SIGTERM lets a request in flight finish;
//! `/healthz` and `/metrics` (read back by a Prometheus text parser); the
//! configuration layered from file, environment and flags.

mod support;

use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::{CertificateDer, ServerName};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A certificate for localhost, written as the server's files.
fn certificate(dir: &std::path::Path) -> CertificateDer<'static> {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .expect("certificate");
    std::fs::write(dir.join("cert.pem"), made.cert.pem()).expect("write cert");
    std::fs::write(dir.join("key.pem"), made.signing_key.serialize_pem()).expect("write key");
    made.cert.der().clone()
}

struct HttpsAnswer {
    head: String,
    body: String,
    peer: Vec<u8>,
}

/// One HTTP/1.1 request over TLS, trusting `roots` only.
async fn https(addr: &str, roots: &[CertificateDer<'static>], request: &str) -> HttpsAnswer {
    let mut store = rustls::RootCertStore::empty();
    for root in roots {
        store.add(root.clone()).expect("root");
    }
    let config =
        rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("protocols")
            .with_root_certificates(store)
            .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = TcpStream::connect(addr).await.expect("connect");
    let mut tls = connector
        .connect(ServerName::try_from("localhost").expect("name"), tcp)
        .await
        .expect("TLS handshake with a trusted certificate");
    let peer = tls.get_ref().1.peer_certificates().expect("certificate")[0].to_vec();
    tls.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    let _ = tls.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    HttpsAnswer {
        head: head.to_string(),
        body: body.to_string(),
        peer,
    }
}

fn header<'a>(head: &'a str, name: &str) -> Vec<&'a str> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .collect()
}

fn wait_for(server: &ServerProcess, text: &str) {
    for _ in 0..200 {
        if server.printed().contains(text) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the server never said \"{text}\": {}", server.printed());
}

#[tokio::test]
async fn https_sign_in_with_secure_cookies_and_a_certificate_reloaded_on_sighup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = certificate(dir.path());
    let db = format!("sqlite://{}", dir.path().join("ntm.db").display());
    let server = ServerProcess::start(
        dir.path(),
        &["--db", &db, "serve", "--demo", "--addr", "127.0.0.1:0"],
        &[("NTM_TLS_CERT", "cert.pem"), ("NTM_TLS_KEY", "key.pem")],
    );
    assert!(server.base.starts_with("https://"), "{}", server.base);

    let body = format!("username=vpdp.laichau&password={DEMO_PASSWORD}&next=%2Faccount");
    let login = https(
        &server.addr,
        std::slice::from_ref(&first),
        &format!(
            "POST /login HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            server.addr,
            body.len()
        ),
    )
    .await;
    assert!(login.head.starts_with("HTTP/1.1 303"), "{}", login.head);
    assert_eq!(login.peer, first.to_vec());
    let cookie = header(&login.head, "set-cookie")
        .into_iter()
        .find(|c| c.starts_with("ntm_session="))
        .expect("a session cookie")
        .to_string();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert_eq!(
        header(&login.head, "strict-transport-security"),
        vec![ntm_web_hsts()]
    );
    let session = cookie.split(';').next().expect("name=value");
    let account = https(
        &server.addr,
        std::slice::from_ref(&first),
        &format!(
            "GET /account HTTP/1.1\r\nHost: {}\r\nCookie: {session}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    )
    .await;
    assert!(account.head.starts_with("HTTP/1.1 200"), "{}", account.head);
    assert!(account.body.contains("vpdp.laichau"), "signed in over HTTPS");

    // A new certificate in the same files, then SIGHUP: new connections get it.
    let second = certificate(dir.path());
    server.signal("HUP");
    wait_for(&server, "Đã nạp lại chứng chỉ TLS.");
    let request = format!(
        "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    let health = https(&server.addr, &[first.clone(), second.clone()], &request).await;
    assert_eq!(health.peer, second.to_vec());
    assert!(health.body.contains(r#""status":"ok""#), "{}", health.body);

    // A broken file is refused and the working certificate stays.
    std::fs::write(dir.path().join("cert.pem"), "not a certificate").expect("write");
    server.signal("HUP");
    wait_for(&server, "vẫn dùng chứng chỉ cũ");
    let still = https(&server.addr, &[first, second.clone()], &request).await;
    assert_eq!(still.peer, second.to_vec());
}

fn ntm_web_hsts() -> &'static str {
    "max-age=31536000"
}

#[tokio::test]
async fn sigterm_lets_a_request_in_flight_finish_then_stops() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("ntm.db").display());
    let mut server = ServerProcess::start(
        dir.path(),
        &[
            "--db",
            &db,
            "serve",
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--shutdown-grace",
            "20",
        ],
        &[],
    );
    // A sign-in whose form is only half sent when the server is told to stop.
    let body = format!("username=vpdp.laichau&password={DEMO_PASSWORD}&next=%2F");
    let (first, rest) = body.split_at(10);
    let mut tcp = TcpStream::connect(&server.addr).await.expect("connect");
    tcp.write_all(
        format!(
            "POST /login HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\n\r\n{first}",
            server.addr,
            body.len()
        )
        .as_bytes(),
    )
    .await
    .expect("send the start");
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.signal("TERM");
    wait_for(&server, "Đang dừng");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        server.child.try_wait().expect("status").is_none(),
        "still finishing the request"
    );
    // New connections are no longer taken.
    assert!(
        TcpStream::connect(&server.addr).await.is_err(),
        "the listener is closed once stopping"
    );
    tcp.write_all(rest.as_bytes()).await.expect("send the rest");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), tcp.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 303"),
        "the request finished: {answer}"
    );
    let status = server.wait(Duration::from_secs(20)).expect("the server ends");
    assert!(status.success(), "clean exit: {status:?}");
    assert!(server.printed().contains("Đã dừng ntm."), "{}", server.printed());
}

/// One sample as the Prometheus project's own text parser (its Python
/// client, Debian's python3-prometheus-client) read it.
#[derive(Debug, serde::Deserialize)]
struct Sample {
    family: String,
    kind: String,
    name: String,
    labels: std::collections::BTreeMap<String, String>,
    value: f64,
}

const PARSER: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        print(json.dumps({"family": family.name, "kind": family.type, "name": s.name,
                          "labels": s.labels, "value": s.value}))
"#;

/// Parses the text with an independent reader; `None` (said why) when it
/// is not installed outside CI.
fn parse_prometheus(text: &str) -> Option<Vec<Sample>> {
    use std::io::Write as _;
    let python = "/usr/bin/python3";
    let available = std::process::Command::new(python)
        .args(["-c", "import prometheus_client.parser"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI must install python3-prometheus-client"
        );
        eprintln!(
            "SKIPPED the Prometheus parser check: /usr/bin/python3 with python3-prometheus-client is not installed"
        );
        return None;
    }
    let mut child = std::process::Command::new(python)
        .args(["-c", PARSER])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("parser");
    assert!(
        out.status.success(),
        "not valid Prometheus text: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("sample"))
            .collect(),
    )
}

fn sample(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|s| {
            s.name == name
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
}

#[tokio::test]
async fn health_and_metrics_in_the_prometheus_text_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("ntm.db").display());
    let server = ServerProcess::start(
        dir.path(),
        &[
            "--db",
            &db,
            "serve",
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--metrics-token",
            "khoa-do-luong",
        ],
        &[],
    );
    let http = client();
    let health = http.get(server.url("/healthz")).send().await.expect("healthz");
    assert_eq!(health.status(), 200);
    let health: serde_json::Value = health.json().await.expect("JSON");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], "ok");
    assert_eq!(health["schema_version"], ntm_store::SCHEMA_VERSION);

    for _ in 0..2 {
        let refused = http
            .post(server.url("/login"))
            .form(&[("username", "vpdp.phongtho"), ("password", "sai"), ("next", "/")])
            .send()
            .await
            .expect("login");
        assert_eq!(refused.status(), 401);
    }
    let user = login(&server.base, "vpdp.phongtho").await;
    for _ in 0..2 {
        let page = user
            .get(server.url("/overview/109?period=2023"))
            .send()
            .await
            .expect("overview");
        assert_eq!(page.status(), 200);
    }
    let token = api_token(dir.path(), &["--db", &db], "quantri");
    let bad = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"unit_code,period,indicator,value\n99999,2023,1.1,x\n".to_vec())
            .file_name("sai.csv"),
    );
    let refused = http
        .post(server.url("/api/v1/import"))
        .bearer_auth(&token)
        .multipart(bad)
        .send()
        .await
        .expect("import");
    assert_eq!(refused.status(), 422);

    let metrics = http.get(server.url("/metrics")).send().await.expect("metrics");
    assert_eq!(metrics.status(), 200);
    assert!(
        metrics
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/plain; version=0.0.4"))
    );
    let text = metrics.text().await.expect("text");
    assert!(text.contains("# TYPE ntm_http_requests_total counter"), "{text}");
    assert!(
        text.contains("# TYPE ntm_http_request_duration_seconds histogram"),
        "{text}"
    );
    if let Some(scrape) = parse_prometheus(&text) {
        assert_eq!(
            sample(&scrape, "ntm_login_failures_total", &[]),
            Some(2.0),
            "{text}"
        );
        assert_eq!(
            sample(
                &scrape,
                "ntm_http_requests_total",
                &[
                    ("route", "/overview/{code}"),
                    ("status", "200"),
                    ("method", "GET")
                ]
            ),
            Some(2.0),
            "by route template, not by address: {text}"
        );
        assert_eq!(
            sample(
                &scrape,
                "ntm_imports_total",
                &[("kind", "file"), ("outcome", "refused")]
            ),
            Some(1.0),
            "{text}"
        );
        assert!(sample(&scrape, "ntm_figures_computed_total", &[]).is_some_and(|v| v >= 1.0));
        assert!(
            sample(&scrape, "ntm_figures_cache_hits_total", &[]).is_some_and(|v| v >= 1.0),
            "the second overview came from the cache: {text}"
        );
        assert_eq!(
            sample(
                &scrape,
                "ntm_build_info",
                &[("version", env!("CARGO_PKG_VERSION"))]
            ),
            Some(1.0)
        );
        let latency = scrape
            .iter()
            .find(|s| s.family == "ntm_http_request_duration_seconds" && s.kind == "histogram")
            .expect("the latency histogram");
        assert_eq!(latency.family, "ntm_http_request_duration_seconds");
        assert_eq!(
            sample(
                &scrape,
                "ntm_http_request_duration_seconds_count",
                &[("route", "/overview/{code}")]
            ),
            Some(2.0)
        );
        assert_eq!(
            sample(
                &scrape,
                "ntm_http_request_duration_seconds_bucket",
                &[("route", "/overview/{code}"), ("le", "+Inf")]
            ),
            Some(2.0)
        );
    }

    // Through a proxy (a forwarding header), only with the token.
    let forwarded = http
        .get(server.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .expect("metrics");
    assert_eq!(forwarded.status(), 404);
    let wrong = http
        .get(server.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .bearer_auth("khoa-sai")
        .send()
        .await
        .expect("metrics");
    assert_eq!(wrong.status(), 404);
    let with_token = http
        .get(server.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .bearer_auth("khoa-do-luong")
        .send()
        .await
        .expect("metrics");
    assert_eq!(with_token.status(), 200);
}

#[test]
fn configuration_layers_defaults_file_environment_and_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("ntm.toml");
    std::fs::write(
        &file,
        "address = \"127.0.0.1:7001\"\ndata_dir = \"/srv/ntm\"\n[limits]\nrequest_timeout_seconds = 60\n\
         [metrics]\ntoken = \"bi-mat\"\n",
    )
    .expect("write");
    let config = file.to_str().expect("utf-8");
    let show = |args: &[&str], env: &[(&str, &str)]| {
        let run = ntm_with(dir.path(), args, env);
        assert!(run.ok, "{}", run.stderr);
        run.stdout
    };
    let defaults = show(&["serve", "--print-config"], &[]);
    assert!(defaults.contains("address = \"127.0.0.1:8080\""), "{defaults}");
    assert!(
        defaults.contains("database_url = \"sqlite://ntm.db\""),
        "{defaults}"
    );
    let from_file = show(&["--config", config, "serve", "--print-config"], &[]);
    assert!(from_file.contains("address = \"127.0.0.1:7001\""), "{from_file}");
    assert!(
        from_file.contains("database_url = \"sqlite:///srv/ntm/ntm.db\""),
        "{from_file}"
    );
    assert!(
        from_file.contains("limits.request_timeout_seconds = 60"),
        "{from_file}"
    );
    assert!(
        !from_file.contains("bi-mat"),
        "secrets are not printed: {from_file}"
    );
    let env = [
        ("NTM_CONFIG", config),
        ("NTM_ADDR", "127.0.0.1:7002"),
        ("NTM_REQUEST_TIMEOUT", "7"),
        ("NTM_DATABASE_URL", "postgres://ntm:mat-khau@db/ntm"),
    ];
    let from_env = show(&["serve", "--print-config"], &env);
    assert!(from_env.contains("address = \"127.0.0.1:7002\""), "{from_env}");
    assert!(
        from_env.contains("limits.request_timeout_seconds = 7"),
        "{from_env}"
    );
    assert!(from_env.contains("postgres://ntm:***@db/ntm"), "{from_env}");
    let from_flags = show(
        &[
            "serve",
            "--print-config",
            "--addr",
            "127.0.0.1:7003",
            "--secure-cookies",
        ],
        &env,
    );
    assert!(
        from_flags.contains("address = \"127.0.0.1:7003\""),
        "{from_flags}"
    );
    assert!(from_flags.contains("secure_cookies = true"), "{from_flags}");

    std::fs::write(&file, "address = \"x\"\n[limits]\nrequest_timout_seconds = 60\n").expect("write");
    let bad = ntm(dir.path(), &["--config", config, "serve", "--print-config"]);
    assert!(!bad.ok);
    assert!(
        bad.stderr
            .contains("dòng 3: không có khoá \"limits.request_timout_seconds\""),
        "{}",
        bad.stderr
    );
    let missing = ntm(dir.path(), &["--config", "khong-co.toml", "init"]);
    assert!(!missing.ok);
    assert!(
        missing
            .stderr
            .contains("không đọc được tệp cấu hình khong-co.toml"),
        "{}",
        missing.stderr
    );
}

#[test]
fn version_names_the_schema_and_the_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = ntm(dir.path(), &["--version"]);
    assert!(run.ok);
    let expected = format!(
        "ntm {} (lược đồ cơ sở dữ liệu {}; bản dựng ",
        env!("CARGO_PKG_VERSION"),
        ntm_store::SCHEMA_VERSION
    );
    assert!(run.stdout.starts_with(&expected), "{}", run.stdout);
    let build = run.stdout.trim().rsplit("bản dựng ").next().unwrap_or("");
    let (commit, date) = build
        .trim_end_matches(')')
        .split_once(", ")
        .expect("commit, date");
    assert!(
        commit == "unknown" || commit.chars().all(|c| c.is_ascii_hexdigit()),
        "{commit}"
    );
    assert!(date == "unknown" || date.len() == 10, "{date}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_login_limit_counts_each_client() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("ntm.db").display());
    let server = ServerProcess::start(
        dir.path(),
        &[
            "--db",
            &db,
            "serve",
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--trusted-proxy",
            "127.0.0.1",
        ],
        &[],
    );
    let attempt = |user: &'static str, password: &'static str, client: &'static str| {
        let url = server.url("/login");
        async move {
            support::client()
                .post(url)
                .header("X-Forwarded-For", format!("198.51.100.77, {client}"))
                .form(&[("username", user), ("password", password), ("next", "/")])
                .send()
                .await
                .expect("login")
                .status()
        }
    };
    for _ in 0..5 {
        assert_eq!(attempt("vpdp.laichau", "sai", "203.0.113.1").await, 401);
    }
    // That client is now blocked, whoever it names…
    assert_eq!(attempt("vpdp.phongtho", DEMO_PASSWORD, "203.0.113.1").await, 429);
    // …but another client behind the same proxy is not.
    assert_eq!(attempt("vpdp.phongtho", DEMO_PASSWORD, "203.0.113.2").await, 303);
}
