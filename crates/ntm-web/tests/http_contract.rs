//! The real server over HTTP, at its edges: every error of the API is
//! problem+json in Vietnamese (the framework's own refusals included), a
//! failure inside ntm is a 500 with a correlation id, texts arrive composed
//! and bounded, the login comes back only to a local path, HSTS behind
//! HTTPS, slow and idle connections are closed, and the OpenAPI document is
//! typed and documents what real requests get.

mod support;

use std::io::{Read, Write};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};
use support::{client, login, login_at, server};
use unicode_normalization::UnicodeNormalization;

/// English words that must not reach a user.
fn assert_vietnamese(text: &str) {
    let lower = text.to_lowercase();
    for word in [
        "failed",
        "invalid",
        "expected",
        "missing",
        "error",
        "deserialize",
        "unknown",
        "length limit",
        "method not allowed",
        "not found",
        "payload",
        "content-type header",
    ] {
        assert!(!lower.contains(word), "English «{word}» in: {text}");
    }
}

async fn problem(r: reqwest::Response) -> (StatusCode, Value) {
    let status = r.status();
    assert_eq!(
        r.headers()
            .get(CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string()),
        Some("application/problem+json".to_string()),
        "{status}"
    );
    let body: Value = r.json().await.expect("problem JSON");
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert!(
        body["type"].as_str().is_some_and(|t| t.starts_with("/problems/")),
        "{body}"
    );
    for key in ["title", "detail"] {
        let text = body[key].as_str().unwrap_or_else(|| panic!("{key} in {body}"));
        assert_vietnamese(text);
    }
    (status, body)
}

#[tokio::test]
async fn every_api_error_is_problem_json_in_vietnamese() {
    let s = server();
    let token = s.token("vpdp.phongtho").await;
    let api = client();
    let values = s.url("/api/v1/units/03589/values?period=2024");

    let r = api
        .get(s.url("/api/v1/units?per_page=nhiều"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["field"], "per_page", "{body}");
    let r = api
        .get(s.url("/api/v1/units?page=0"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await.0, StatusCode::BAD_REQUEST);
    let r = api
        .get(s.url("/api/v1/units/03589?period=2023-Q7"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await.0, StatusCode::BAD_REQUEST);

    let put = |body: Vec<u8>, content_type: &'static str| {
        api.put(values.clone())
            .bearer_auth(&token)
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .send()
    };
    let (status, body) = problem(put(b"{\"values\": [".to_vec(), "application/json").await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .starts_with("JSON không hợp lệ ở dòng 1"),
        "{body}"
    );
    let (status, _) = problem(put(b"values=1".to_vec(), "text/plain").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!("{{\"values\": [], \"x\": \"{}\"}}", "a".repeat(3 * 1024 * 1024));
    let (status, body) = problem(put(huge.into_bytes(), "application/json").await.unwrap()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body["detail"].as_str().unwrap().contains("quá giới hạn 2 MB"),
        "{body}"
    );
    let (status, body) = problem(
        put(r#"{"values": "một"}"#.as_bytes().to_vec(), "application/json")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "values", "{body}");

    // An upload that is not a multipart form, and an audit filter of a kind
    // the trail does not hold: refused in Vietnamese before any work.
    let r = api
        .post(s.url("/api/v1/import"))
        .bearer_auth(&token)
        .header(CONTENT_TYPE, "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("multipart/form-data"),
        "{body}"
    );
    let admin = s.token("quantri").await;
    let r = api
        .get(s.url("/api/v1/audit?entity=values"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["detail"].as_str().unwrap().contains("\"values\""), "{body}");

    let r = api
        .get(s.url("/api/v1/khong-co"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await.0, StatusCode::NOT_FOUND);
    let r = api
        .delete(s.url("/api/v1/units"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let allow = r.headers().get("allow").map(|v| v.to_str().unwrap().to_string());
    assert_eq!(problem(r).await.0, StatusCode::METHOD_NOT_ALLOWED);
    assert!(allow.is_some_and(|a| a.contains("GET")), "the methods it takes");
    let r = api.get(s.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(problem(r).await.0, StatusCode::UNAUTHORIZED);
    let r = api
        .get(s.url("/api/v1/evidence/khong-phai-so"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_pages_refuse_inside_the_layout_in_vietnamese() {
    let s = server();
    let user = login("vpdp.phongtho").await;
    for (path, status) in [
        ("/khong-co-trang-nay", StatusCode::NOT_FOUND),
        ("/units/03589?period=2023-Q9", StatusCode::BAD_REQUEST),
        ("/units/khong-phai-ma?period=2023", StatusCode::NOT_FOUND),
    ] {
        let (got, html) = user.get_text(path).await;
        assert_eq!(got, status, "{path}");
        assert!(html.contains("Đăng xuất"), "{path}: the menu is there");
        assert!(html.contains("<html lang=\"vi\""), "{path}");
    }
    let r = user
        .client
        .delete(s.url(&format!("/overview/109?csrf={}", user.csrf)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let html = r.text().await.unwrap();
    assert!(html.contains("Phương thức không được hỗ trợ"), "{html}");
}

#[tokio::test]
async fn an_internal_failure_is_a_500_with_a_correlation_id() {
    let s = server();
    let admin = s.token("quantri").await;
    let api = client();
    // A boundary stored broken (by hand, or a disk fault): drawing the map fails inside ntm.
    let units: Value = api
        .get(s.url("/api/v1/units?parent=107&period=2023"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = units["items"][0]["code"]
        .as_str()
        .expect("a commune of Mường Tè")
        .to_string();
    let snapshot = s.program.snapshot().await.unwrap();
    let unit = snapshot
        .hierarchy
        .resolve(&code.parse().unwrap(), ntm_core::period::Period::year(2023))
        .unwrap()
        .id;
    let broken = ntm_store::GeometryWrite {
        unit,
        validity: ntm_core::validity::Validity::ALWAYS,
        geojson: "không phải JSON".into(),
        sha256: "hong".into(),
        bounds: [102.0, 22.0, 102.1, 22.1],
        source: "kiểm thử".into(),
    };
    let ctx = ntm_store::WriteContext {
        by: "kiểm thử".into(),
        user: None,
        at: ntm_app::clock::rfc3339(ntm_app::Clock::System.now()),
        source: ntm_store::ChangeSource::Import,
    };
    s.program
        .store()
        .write_geometries(vec![broken], ctx)
        .await
        .expect("write");
    let r = api
        .get(s.url("/api/v1/units/107/map?period=2023"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let header = r
        .headers()
        .get("x-correlation-id")
        .map(|v| v.to_str().unwrap().to_string());
    let (status, body) = problem(r).await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "a failure of ntm, not the user's 400"
    );
    let id = body["correlation_id"]
        .as_str()
        .expect("correlation id")
        .to_string();
    assert_eq!(id.len(), 16);
    assert_eq!(header.as_deref(), Some(id.as_str()));
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains(&format!("mã sự cố {id}")), "{detail}");
    assert!(!detail.contains("JSON"), "the detail stays in the log: {detail}");
    // The page says the same, inside the layout.
    let page = login("quantri").await;
    let (status, html) = page.get_text("/map/107?period=2023").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(html.contains("mã sự cố") && html.contains("Đăng xuất"), "{html}");
}

#[tokio::test]
async fn texts_arrive_composed_bounded_and_clean() {
    let s = server();
    let token = s.token("vpdp.phongtho").await;
    let api = client();
    let url = s.url("/api/v1/units/03583/values?period=2024");
    let note: String = "Đã nghiệm thu đường trục xã".nfd().collect();
    let value: String = "đạt".nfd().collect();
    let r = api
        .put(url.clone())
        .bearer_auth(&token)
        .json(&json!({"values": [{"indicator": "3.2", "value": value, "note": note, "version": 0}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let form: Value = api
        .get(url.clone())
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored = form["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["indicators"].as_array().unwrap().iter())
        .find(|i| i["code"] == "3.2")
        .expect("3.2")
        .clone();
    assert_eq!(stored["note"], "Đã nghiệm thu đường trục xã", "stored composed");
    assert_eq!(stored["value"], "đạt");
    // A note over its limit, a key named to deceive: refused, saying why.
    let r = api
        .put(url)
        .bearer_auth(&token)
        .json(&json!({"values": [{"indicator": "3.2", "value": "đạt", "note": "ghi".repeat(2_000), "version": 1}]}))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("quá giới hạn 5.000 ký tự"), "{body}");
    let r = api
        .post(s.url("/api/v1/keys"))
        .bearer_auth(&token)
        .json(&json!({"name": "báo cáo\u{202E}fdp.exe"}))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["detail"].as_str().unwrap().contains("U+202E"), "{body}");
}

#[tokio::test]
async fn the_login_comes_back_only_to_a_local_path() {
    let s = server();
    let attempt = |next: &'static str| {
        let c = client();
        async move {
            c.post(s.url("/login"))
                .form(&[
                    ("username", "lanhdao.laichau"),
                    ("password", ntm_app::accounts::demo::DEMO_PASSWORD),
                    ("next", next),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    for next in [
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "/units/03589\nSet-Cookie: x=1",
        "/units\r\n",
        "/a\u{0}b",
    ] {
        let r = attempt(next).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.headers()["location"], "/", "{next:?} falls back to /");
    }
    let r = attempt("/units/03589?period=2023").await;
    assert_eq!(r.headers()["location"], "/units/03589?period=2023");
    let page = client()
        .get(s.url("/login?next=%2F%2Fevil.example"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"next\" value=\"/\""), "{page}");
}

#[tokio::test]
async fn behind_https_every_response_carries_hsts_and_cookies_are_secure() {
    let s = server();
    let plain = client().get(s.url("/login")).send().await.unwrap();
    assert!(plain.headers().get("strict-transport-security").is_none());
    let base = s.another_with(|state| state.secure_cookies = true).await;
    let r = client().get(format!("{base}/login")).send().await.unwrap();
    assert_eq!(r.headers()["strict-transport-security"], ntm_web::HSTS);
    let r = client()
        .post(format!("{base}/login"))
        .form(&[
            ("username", "lanhdao.laichau"),
            ("password", ntm_app::accounts::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Secure"));
    assert!(r.headers().get("strict-transport-security").is_some());
    let _ = login_at(&base, "lanhdao.laichau").await;
}

/// Reads until the server closes the connection; how long that took.
fn closed_after(stream: &mut std::net::TcpStream) -> Duration {
    let started = std::time::Instant::now();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return started.elapsed(),
            Ok(_) => continue,
            Err(e) => panic!("the connection stayed open: {e}"),
        }
    }
}

#[tokio::test]
async fn slow_and_idle_connections_are_closed() {
    let s = server();
    let base = s
        .another_with(|state| {
            state.timeouts = ntm_web::server::Timeouts {
                header_read: Duration::from_millis(500),
                body: Duration::from_millis(500),
                request: Duration::from_secs(30),
            }
        })
        .await;
    let addr = base.trim_start_matches("http://").to_string();
    let (slow, idle, body) = tokio::task::spawn_blocking(move || {
        // Headers that never end (a "slowloris" client).
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        stream.write_all(b"GET /login HTTP/1.1\r\nHost: ntm\r\n").unwrap();
        let slow = closed_after(&mut stream);
        // A kept-alive connection with nothing more to ask.
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        stream
            .write_all(b"GET /login HTTP/1.1\r\nHost: ntm\r\nConnection: keep-alive\r\n\r\n")
            .unwrap();
        let idle = closed_after(&mut stream);
        // A body that stops arriving.
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        stream
            .write_all(b"POST /api/v1/keys HTTP/1.1\r\nHost: ntm\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"na")
            .unwrap();
        let mut answer = String::new();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let _ = stream.read_to_string(&mut answer);
        (slow, idle, answer)
    })
    .await
    .unwrap();
    assert!(
        slow < Duration::from_secs(5),
        "slow headers closed after {slow:?}"
    );
    assert!(
        idle < Duration::from_secs(6),
        "an idle connection closed after {idle:?}"
    );
    assert!(
        body.starts_with("HTTP/1.1 401") || body.starts_with("HTTP/1.1 408"),
        "a stalled body is answered and closed: {body}"
    );
}

#[tokio::test]
async fn the_document_is_typed_and_documents_what_real_requests_get() {
    let s = server();
    let api = client();
    let doc: Value = api
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                assert!(
                    response["description"].as_str().is_some_and(|d| !d.is_empty()),
                    "{method} {path} {status}: a description"
                );
            }
            if let Some(body) = op.get("requestBody") {
                for (media, content) in body["content"].as_object().unwrap() {
                    let schema = &content["schema"];
                    let typed = schema.get("$ref").is_some()
                        || schema.get("properties").is_some()
                        || schema.get("oneOf").is_some()
                        || media == "application/geo+json";
                    assert!(typed, "{method} {path}: the {media} body is typed: {schema}");
                }
            }
        }
    }
    // Dates are ISO 8601 strings.
    let cycle = &doc["components"]["schemas"]["CycleActionBody"];
    let text = cycle.to_string();
    assert!(text.contains("\"format\":\"date\""), "{text}");
    // A few real requests: each status they get is one the document gives.
    let token = s.token("vpdp.phongtho").await;
    let checks: Vec<(&str, &str, String, StatusCode)> = vec![
        (
            "get",
            "/api/v1/units/{code}",
            "/api/v1/units/03589?period=2023".into(),
            StatusCode::OK,
        ),
        (
            "get",
            "/api/v1/units/{code}",
            "/api/v1/units/99999?period=2023".into(),
            StatusCode::NOT_FOUND,
        ),
        (
            "get",
            "/api/v1/units/{code}",
            "/api/v1/units/03589?period=2023-Q9".into(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "get",
            "/api/v1/units",
            "/api/v1/units?parent=109&period=2023&per_page=0".into(),
            StatusCode::BAD_REQUEST,
        ),
        ("get", "/api/v1/keys", "/api/v1/keys".into(), StatusCode::OK),
        (
            "get",
            "/api/v1/units/{code}/values",
            "/api/v1/units/109/values?period=2023".into(),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (method, template, url, expected) in checks {
        let r = api.get(s.url(&url)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), expected, "{url}");
        let documented = &paths[template][method]["responses"][r.status().as_str()];
        assert!(
            documented.is_object(),
            "{method} {template}: {} is documented",
            r.status()
        );
    }
    let r = api
        .put(s.url("/api/v1/units/03589/values?period=2024"))
        .bearer_auth(&token)
        .header(CONTENT_TYPE, "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(paths["/api/v1/units/{code}/values"]["put"]["responses"]["415"].is_object());
}
