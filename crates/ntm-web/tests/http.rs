//! The real server over HTTP: sessions, CSRF, failed-login limits, security
//! headers, problem details, pagination and the OpenAPI document.

mod support;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, SET_COOKIE};
use serde_json::{Value, json};
use support::{client, csrf_in, login, login_at, server, text_of};

#[tokio::test]
async fn login_opens_a_session_and_logout_ends_it() {
    let s = server();
    let c = client();
    // Not signed in: every page sends to the login page, coming back after.
    let r = c.get(s.url("/units/03589?period=2023")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        "/login?next=%2Funits%2F03589%3Fperiod%3D2023"
    );
    // A wrong password is refused and says so in Vietnamese.
    let r = c
        .post(s.url("/login"))
        .form(&[
            ("username", "vpdp.phongtho"),
            ("password", "sai-mat-khau"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Tên đăng nhập hoặc mật khẩu không đúng")
    );
    // The right one opens a session with a safe cookie.
    let r = c
        .post(s.url("/login"))
        .form(&[
            ("username", "vpdp.phongtho"),
            ("password", ntm_app::accounts::demo::DEMO_PASSWORD),
            ("next", "/units/03589?period=2023"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/units/03589?period=2023");
    let cookie = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    // A login never sends anyone to another site.
    let evil = c
        .post(s.url("/login"))
        .form(&[
            ("username", "vpdp.phongtho"),
            ("password", ntm_app::accounts::demo::DEMO_PASSWORD),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(evil.headers()["location"], "/");

    let page = c.get(s.url("/units/03589?period=2023")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Xã Mường So"));
    let csrf = csrf_in(&html);

    let out = c
        .post(s.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let after = c.get(s.url("/units/03589?period=2023")).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "the session is over");
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused() {
    let s = server();
    let user = login("vpdp.phongtho").await;
    let entry = "/units/03553/entry?period=2023";
    let fields = [
        ("v.8.1.version", "0"),
        ("v.8.1.orig", "\u{241f}\u{241f}\u{241f}"),
        ("v.8.1.value", "đạt"),
    ];
    let r = user.post_form(entry, &fields).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("mã chống giả mạo"));
    let mut wrong = fields.to_vec();
    wrong.push(("csrf", "0000"));
    assert_eq!(
        user.post_form(entry, &wrong).await.status(),
        StatusCode::FORBIDDEN
    );
    // A form sent from another site is refused even with a token.
    let mut with_token = fields.to_vec();
    with_token.push(("csrf", user.csrf.as_str()));
    let foreign = user
        .client
        .post(s.url(entry))
        .header("origin", "https://evil.example")
        .form(&with_token)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    // Uploads carry the token in the address.
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.4 test".to_vec()).file_name("a.pdf");
    let form = reqwest::multipart::Form::new()
        .text("subject", "8.1")
        .part("file", part);
    let upload = user
        .client
        .post(s.url("/units/03553/evidence?period=2023"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), StatusCode::FORBIDDEN);
    // Logging out needs it too.
    assert_eq!(
        user.post_form("/logout", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    // Nothing was written; with the token, the same form saves.
    let (_, html) = user.get_text(entry).await;
    assert!(!html.contains("Lần sửa cuối: Văn phòng Điều phối NTM huyện Phong Thổ"));
    let saved = user.post_form(entry, &with_token).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, html) = user.get_text(saved.headers()["location"].to_str().unwrap()).await;
    assert!(
        text_of(&html).contains("Đã lưu 1 thay đổi."),
        "{}",
        text_of(&html)
    );
}

#[tokio::test]
async fn api_errors_are_problem_details() {
    let s = server();
    let api = client();
    let anonymous = api.get(s.url("/api/v1/units")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.headers()[CONTENT_TYPE], "application/problem+json");
    let bad_token = api
        .get(s.url("/api/v1/units"))
        .bearer_auth("abc")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_token.status(), StatusCode::UNAUTHORIZED);

    let token = s.token("vpdp.phongtho").await;
    let missing = api
        .get(s.url("/api/v1/units/99999?period=2023"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let p: Value = missing.json().await.unwrap();
    assert_eq!(p["status"], 404);
    assert_eq!(p["type"], "/problems/not-found");
    assert!(p["title"].is_string() && p["detail"].is_string(), "{p}");

    let invalid = api
        .put(s.url("/api/v1/units/03559/values?period=2023"))
        .bearer_auth(&token)
        .json(&json!({"values": [
            {"indicator": "2.1", "achieved": "12", "total": "10", "version": 0},
            {"indicator": "8.1", "value": "có lẽ", "version": 0},
            {"indicator": "99.9", "value": "1", "version": 0}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.headers()[CONTENT_TYPE], "application/problem+json");
    let p: Value = invalid.json().await.unwrap();
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["2.1.achieved", "8.1.value", "99.9"], "{p}");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("lớn hơn tổng số"),
        "{p}"
    );

    let bad_period = api
        .get(s.url("/api/v1/units/109/statistics?period=2023-Q5"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad_period.status(), StatusCode::BAD_REQUEST);
    let p: Value = bad_period.json().await.unwrap();
    assert!(p["detail"].as_str().unwrap().contains("2023-Q5"));

    let page_zero = api
        .get(s.url("/api/v1/units?parent=109&period=2023&page=0"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(page_zero.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn lists_are_paginated_and_the_openapi_document_describes_the_api() {
    let s = server();
    let token = s.token("vpdp.laichau").await;
    let api = client();
    let first: Value = api
        .get(s.url("/api/v1/units?parent=109&period=2023&per_page=5"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        first["total"], 17,
        "16 communes and a town under Phong Thổ: {first}"
    );
    assert_eq!(first["items"].as_array().unwrap().len(), 5);
    let last: Value = api
        .get(s.url("/api/v1/units?parent=109&period=2023&per_page=5&page=4"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(last["items"].as_array().unwrap().len(), 2);
    assert_ne!(first["items"][0]["code"], last["items"][0]["code"]);

    let doc: Value = api
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/units",
        "/api/v1/units/{code}/values",
        "/api/v1/units/{code}/statistics",
        "/api/v1/units/{code}/evaluation",
        "/api/v1/criteria-sets",
        "/api/v1/audit",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["paths"]["/api/v1/units/{code}/values"]["put"]["requestBody"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

#[tokio::test]
async fn repeated_failed_logins_are_stopped_for_a_while() {
    let s = server();
    // Its own server, so that these failures do not block the other tests.
    let base = s.another().await;
    let c = client();
    for _ in 0..ntm_web::guard::LOGIN_FAILURES {
        let r = c
            .post(format!("{base}/login"))
            .form(&[
                ("username", "lanhdao.laichau"),
                ("password", "doan-thu"),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let blocked = c
        .post(format!("{base}/login"))
        .form(&[
            ("username", "lanhdao.laichau"),
            ("password", ntm_app::accounts::demo::DEMO_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers().contains_key("retry-after"));
    assert!(
        blocked
            .text()
            .await
            .unwrap()
            .contains("Đăng nhập sai quá nhiều lần")
    );
    // The shared server still lets the user in.
    let ok = login_at(&s.base, "lanhdao.laichau").await;
    assert_eq!(ok.get("/criteria").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let s = server();
    let user = login("lanhdao.laichau").await;
    for path in ["/login", "/criteria", "/static/app.css", "/api/v1/openapi.json"] {
        let r = user.get(path).await;
        let csp = r.headers()["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff", "{path}");
    }
    // No page carries inline script.
    let (_, html) = user.get_text("/overview/12?period=2023").await;
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=").count()
    );
    let _ = s;
}
