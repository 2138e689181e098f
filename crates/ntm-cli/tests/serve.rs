//! `ntm serve` as operators run it: HTTPS with a certificate reloaded on
//! SIGHUP, secure cookies and HSTS; SIGTERM lets a request in flight finish;
//! the login limits behind a trusted proxy.

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
