//! The real server over HTTP: sessions, scoped access, CSRF, problem
//! details, the audit trail and the refusal of lost updates.

mod support;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, SET_COOKIE};
use serde_json::{Value, json};
use support::{client, csrf_in, login, login_at, server, text_of};

const PERIOD: &str = "2023";

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
            ("password", ntm_app::demo_accounts::DEMO_PASSWORD),
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
            ("password", ntm_app::demo_accounts::DEMO_PASSWORD),
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
async fn a_commune_officer_sees_only_their_commune() {
    let s = server();
    let officer = login("xa.muongso").await;
    let (status, html) = officer.get_text("/units/03589?period=2023").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text_of(&html).contains("Tiêu chí đạt 19/19"),
        "{}",
        text_of(&html)
    );
    // A village of their commune.
    let (status, _) = officer.get_text("/units/03589-01?period=2023").await;
    assert_eq!(status, StatusCode::OK);
    // Another commune, the district, another commune's entry form and audit trail.
    for path in [
        "/units/03550?period=2023",
        "/overview/109?period=2023",
        "/units/03550/entry?period=2023",
        "/units/03550/audit",
        "/hierarchy?code=109",
    ] {
        let (status, html) = officer.get_text(path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(html.contains("bạn không được xem số liệu"), "{path}: {html}");
    }
    // The same through the API.
    let token = s.token("xa.muongso").await;
    let api = client();
    for path in [
        "/api/v1/units/03550?period=2023",
        "/api/v1/units/109/statistics?period=2023",
        "/api/v1/units/03550/values?period=2023",
    ] {
        let r = api.get(s.url(path)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(r.headers()[CONTENT_TYPE], "application/problem+json");
    }
    let r = api
        .put(s.url("/api/v1/units/03550/values?period=2023"))
        .bearer_auth(&token)
        .json(&json!({"values": [{"indicator": "8.1", "value": "đạt", "version": 0}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let own = api
        .get(s.url("/api/v1/units/03589?period=2023"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_agency_writes_only_what_it_owns() {
    let s = server();
    // Phòng Kinh tế và Hạ tầng owns criteria 1, 2 and 9 in Phong Thổ.
    let token = s.token("ktht.phongtho").await;
    let api = client();
    let put = |body: Value| {
        api.put(s.url("/api/v1/units/03574/values?period=2023"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let owned =
        put(json!({"values": [{"indicator": "2.1", "achieved": "10,5", "total": "12", "version": 0}]}))
            .await
            .unwrap();
    assert_eq!(owned.status(), StatusCode::OK, "{}", owned.text().await.unwrap());
    let body: Value = owned.json().await.unwrap();
    assert_eq!(body["created"], 1);

    let unowned = put(json!({"values": [{"indicator": "10", "value": "45", "version": 0}]}))
        .await
        .unwrap();
    assert_eq!(unowned.status(), StatusCode::FORBIDDEN);
    let problem: Value = unowned.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("không có quyền sửa chỉ tiêu 10"),
        "{problem}"
    );
    // Nothing of a refused write is kept.
    let mixed = put(json!({"values": [
        {"indicator": "2.2", "achieved": "1", "total": "2", "version": 0},
        {"indicator": "10", "value": "45", "version": 0}
    ]}))
    .await
    .unwrap();
    assert_eq!(mixed.status(), StatusCode::FORBIDDEN);
    let read: Value = api
        .get(s.url("/api/v1/units/03574/values?period=2023"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let transport = &read["criteria"][1];
    assert_eq!(transport["indicators"][0]["achieved"], "10,5");
    assert_eq!(transport["indicators"][1]["version"], 0, "2.2 was not written");
    assert_eq!(transport["editable"], true);
    assert_eq!(
        read["criteria"][9]["editable"], false,
        "criterion 10 is not theirs"
    );
    // A viewer writes nothing.
    let viewer = s.token("lanhdao.laichau").await;
    let r = api
        .put(s.url("/api/v1/units/03574/values?period=2023"))
        .bearer_auth(&viewer)
        .json(&json!({"values": [{"indicator": "2.3", "achieved": "1", "total": "2", "version": 0}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused() {
    let s = server();
    let user = login("vpdp.phongtho").await;
    let entry = "/units/03553/entry?period=2023";
    let fields = [
        ("v.8.1.version", "0"),
        ("v.8.1.orig", "\u{1f}\u{1f}\u{1f}"),
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
        .get(s.url("/api/v1/units?parent=109&page=0"))
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
async fn the_later_of_two_edits_is_refused_and_told_who_saved() {
    let s = server();
    let api = client();
    let district = s.token("vpdp.phongtho").await;
    let agency = s.token("ktht.phongtho").await;
    let path = "/api/v1/units/03565/values?period=2023";
    let read: Value = api
        .get(s.url(path))
        .bearer_auth(&district)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let seen = read["criteria"][1]["indicators"][2]["version"].as_i64().unwrap();
    assert_eq!(read["criteria"][1]["indicators"][2]["code"], "2.3");
    // Both read version `seen`; the agency saves first.
    let first = api
        .put(s.url(path))
        .bearer_auth(&agency)
        .json(&json!({"values": [{"indicator": "2.3", "achieved": "7", "total": "9", "version": seen}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let second = api
        .put(s.url(path))
        .bearer_auth(&district)
        .json(&json!({"values": [{"indicator": "2.3", "achieved": "8", "total": "9", "version": seen}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), StatusCode::CONFLICT);
    let p: Value = second.json().await.unwrap();
    let conflict = &p["conflicts"][0];
    assert_eq!(conflict["field"], "2.3");
    assert_eq!(conflict["current"], "7/9 km (77,78%)");
    assert!(conflict["by"].as_str().unwrap().contains("ktht.phongtho"), "{p}");
    // Knowing the newer version, the district can overwrite it.
    let third = api
        .put(s.url(path))
        .bearer_auth(&district)
        .json(
            &json!({"values": [{"indicator": "2.3", "achieved": "8", "total": "9",
            "version": conflict["current_version"]}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(third.status(), StatusCode::OK);

    // On the pages: a form read before a change elsewhere is refused, shows
    // the newer value and who saved it, and keeps the user's other input.
    let page_user = login("vpdp.phongtho").await;
    let (_, html) = page_user.get_text("/units/03565/entry?period=2023").await;
    assert!(html.contains(r#"name="v.2.4.version" value="0""#));
    let meanwhile = api
        .put(s.url(path))
        .bearer_auth(&agency)
        .json(&json!({"values": [{"indicator": "2.4", "achieved": "3", "total": "4", "version": 0}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(meanwhile.status(), StatusCode::OK);
    let stale = page_user
        .post_form(
            "/units/03565/entry?period=2023",
            &[
                ("csrf", page_user.csrf.as_str()),
                ("v.2.4.version", "0"),
                ("v.2.4.orig", "\u{1f}\u{1f}\u{1f}"),
                ("v.2.4.achieved", "1"),
                ("v.2.4.total", "4"),
                ("v.2.4.value", ""),
                ("v.2.4.note", ""),
                ("v.8.2.version", "0"),
                ("v.8.2.orig", "\u{1f}\u{1f}\u{1f}"),
                ("v.8.2.value", "đạt"),
            ],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let text = text_of(&stale.text().await.unwrap());
    assert!(text.contains("có người đã sửa số liệu này"), "{text}");
    assert!(text.contains("3/4 km (75,00%)"), "{text}");
    assert!(
        text.contains("Phòng Kinh tế và Hạ tầng huyện Phong Thổ (ktht.phongtho)"),
        "{text}"
    );
    assert!(text.contains("Giá trị bạn đã nhập: 1/4"), "{text}");
}

async fn audit_entities(token: &str, entity: &str) -> Vec<Value> {
    let s = server();
    let r: Value = client()
        .get(s.url(&format!("/api/v1/audit?entity={entity}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["entries"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn every_kind_of_change_is_in_the_audit_trail() {
    let s = server();
    let admin_token = s.token("quantri").await;
    let admin = login("quantri").await;
    // A value and an assessment through the pages.
    let entry = "/units/03568/entry?period=2023";
    let (_, html) = admin.get_text(entry).await;
    let version = |name: &str| {
        let marker = format!(r#"name="{name}" value=""#);
        let at = html.find(&marker).unwrap() + marker.len();
        html[at..].split('"').next().unwrap().to_string()
    };
    let a_version = version("a.6.version");
    let saved = admin
        .post_form(
            entry,
            &[
                ("csrf", admin.csrf.as_str()),
                ("v.6.3.version", "0"),
                ("v.6.3.orig", "\u{1f}\u{1f}\u{1f}"),
                ("v.6.3.achieved", "5"),
                ("v.6.3.total", "6"),
                ("v.6.3.value", ""),
                ("v.6.3.note", "Biên bản kiểm tra 10/2023"),
                ("a.6.version", &a_version),
                ("a.6.orig", "x"),
                ("a.6.met", "chưa đạt"),
                ("a.6.note", "xem lại"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    // A user through the users page.
    let created = admin
        .post_form(
            "/users",
            &[
                ("csrf", admin.csrf.as_str()),
                ("username", "xa.musang"),
                ("display_name", "Cán bộ xã Mù Sang"),
                ("password", "mat-khau-du-dai"),
                ("role", "commune_officer"),
                ("unit", "03568"),
                ("agency", ""),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    // An evidence file.
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.4 bien ban".to_vec()).file_name("Biên bản.pdf");
    let form = reqwest::multipart::Form::new()
        .text("subject", "6.3")
        .part("file", part);
    let upload = admin
        .client
        .post(s.url(&format!("/units/03568/evidence?period=2023&csrf={}", admin.csrf)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), StatusCode::SEE_OTHER);

    let values = audit_entities(&admin_token, "value").await;
    let value = values
        .iter()
        .find(|e| e["unit"] == "03568" && e["subject"] == "xa-2021:6.3")
        .expect("the value's audit row");
    assert_eq!(value["source"], "page");
    assert_eq!(
        value["new"],
        "5/6 thôn, bản (83,33%) — ghi chú: Biên bản kiểm tra 10/2023"
    );
    assert!(value["old"].is_null());
    assert!(value["actor"].as_str().unwrap().contains("quantri"));
    let assessments = audit_entities(&admin_token, "assessment").await;
    let assessment = assessments
        .iter()
        .find(|e| e["unit"] == "03568" && e["subject"] == "xa-2021:6")
        .expect("the assessment's audit row");
    assert!(
        assessment["old"].as_str().unwrap().contains("ghi chú: Nguồn:"),
        "{assessment}"
    );
    assert_eq!(assessment["new"], "chưa đạt — ghi chú: xem lại");
    let users = audit_entities(&admin_token, "user").await;
    assert!(
        users
            .iter()
            .any(|e| e["new"].as_str().unwrap_or("").contains("xa.musang"))
    );
    assert!(
        users.iter().all(|e| !e.to_string().contains("argon2")),
        "no password hashes"
    );
    let evidence = audit_entities(&admin_token, "evidence").await;
    assert!(evidence.iter().any(|e| e["unit"] == "03568"));
    // Units, recognitions, agencies and criteria sets were recorded when the
    // demo was built (imports) and when ntm started.
    for entity in [
        "unit",
        "succession",
        "recognition",
        "agency",
        "ownership",
        "criteria_set",
        "api_token",
    ] {
        assert!(
            !audit_entities(&admin_token, entity).await.is_empty(),
            "no audit row of {entity}"
        );
    }
    // The trail of one unit and indicator is open to those who see the unit.
    let district = s.token("vpdp.phongtho").await;
    let one: Value = client()
        .get(s.url("/api/v1/units/03568/audit?period=2023&subject=6.3"))
        .bearer_auth(&district)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let labels: Vec<&str> = one["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["subject_label"].as_str().unwrap())
        .collect();
    let name = "6.3 Tỷ lệ thôn, bản, ấp (khu dân cư) có nhà văn hóa hoặc nơi sinh hoạt văn hóa, thể thao phục vụ cộng đồng";
    assert_eq!(
        labels,
        [
            format!("Minh chứng cho chỉ tiêu {name}"),
            format!("Chỉ tiêu {name}")
        ],
        "newest first: {one}"
    );
    // …but the whole trail only to administrators.
    let r = client()
        .get(s.url("/api/v1/audit"))
        .bearer_auth(&district)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn evidence_is_checked_stored_and_served_only_to_who_may_see_it() {
    let s = server();
    let officer = login("xa.silolau").await;
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name);
        let form = reqwest::multipart::Form::new()
            .text("subject", "8.3")
            .part("file", part);
        officer
            .client
            .post(s.url(&format!(
                "/units/03550/evidence?period=2023&csrf={}",
                officer.csrf
            )))
            .multipart(form)
            .send()
    };
    let disguised = upload("bao-cao.pdf", b"<html><script>alert(1)</script>".to_vec())
        .await
        .unwrap();
    assert_eq!(disguised.status(), StatusCode::BAD_REQUEST);
    assert!(
        disguised
            .text()
            .await
            .unwrap()
            .contains("không phải loại được nhận")
    );
    let too_big = upload("lon.pdf", {
        let mut b = b"%PDF-1.4".to_vec();
        b.resize(10 * 1024 * 1024 + 10, b' ');
        b
    })
    .await
    .unwrap();
    assert_eq!(too_big.status(), StatusCode::BAD_REQUEST);

    let png = b"\x89PNG\r\n\x1a\n rest of a picture".to_vec();
    let ok = upload("../../Ảnh điểm bưu chính.png", png.clone()).await.unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let (_, html) = officer.get_text(ok.headers()["location"].to_str().unwrap()).await;
    assert!(html.contains("Đã tải lên minh chứng"));
    let marker = "href=\"/evidence/";
    let at = html.find(marker).expect("a download link") + marker.len();
    let id: String = html[at..].chars().take_while(char::is_ascii_digit).collect();
    let download = officer.get(&format!("/evidence/{id}")).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()[CONTENT_TYPE], "image/png");
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(!disposition.contains(".."), "{disposition}");
    assert_eq!(download.bytes().await.unwrap().as_ref(), png.as_slice());
    // Another commune's officer: as if it did not exist.
    let other = login("xa.muongso").await;
    assert_eq!(
        other.get(&format!("/evidence/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    // The district sees it.
    let district = login("vpdp.phongtho").await;
    assert_eq!(
        district.get(&format!("/evidence/{id}")).await.status(),
        StatusCode::OK
    );
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
            ("password", ntm_app::demo_accounts::DEMO_PASSWORD),
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

#[tokio::test]
async fn a_viewer_reads_the_province_but_has_nothing_to_edit() {
    let viewer = login("lanhdao.laichau").await;
    let (status, html) = viewer.get_text("/overview/12?period=2023").await;
    assert_eq!(status, StatusCode::OK);
    let text = text_of(&html);
    assert!(text.contains("Tỉnh Lai Châu"));
    assert!(text.contains("Bảng xã × tiêu chí"));
    let (_, entry) = viewer.get_text("/units/03589/entry?period=2023").await;
    assert!(text_of(&entry).contains("Bạn chỉ được xem số liệu của đơn vị này, không được sửa."));
    assert!(!entry.contains("name=\"v."), "no editable field");
    // Administration pages are closed to them.
    let (status, _) = viewer.get_text("/users").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = viewer.get_text("/audit").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let period = PERIOD;
    let (status, _) = viewer
        .get_text(&format!("/hierarchy?code=12&period={period}"))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn scripts_upload_evidence_and_administrators_list_users() {
    let s = server();
    let api = client();
    let agency = s.token("ktht.phongtho").await;
    let upload = |token: String, subject: &'static str| {
        let part = reqwest::multipart::Part::bytes(b"%PDF-1.7 quyet dinh".to_vec()).file_name("QĐ 12.pdf");
        let form = reqwest::multipart::Form::new()
            .text("subject", subject)
            .part("file", part);
        api.post(s.url("/api/v1/units/03391/evidence?period=2023"))
            .bearer_auth(token)
            .multipart(form)
            .send()
    };
    let stored = upload(agency.clone(), "9.1").await.unwrap();
    assert_eq!(stored.status(), StatusCode::OK);
    let meta: Value = stored.json().await.unwrap();
    assert_eq!(meta["file_name"], "QĐ 12.pdf");
    assert_eq!(meta["content_type"], "application/pdf");
    assert_eq!(meta["subject"], "xa-2021:9.1");
    // Criterion 10 is not the agency's.
    let refused = upload(agency.clone(), "10").await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let file = api
        .get(s.url(&format!("/api/v1/evidence/{}", meta["id"])))
        .bearer_auth(&agency)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"%PDF-1.7 quyet dinh");

    let admin = s.token("quantri").await;
    let users: Value = api
        .get(s.url("/api/v1/users?per_page=100"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"xa.silolau") && names.contains(&"quantri"),
        "{users}"
    );
    assert!(!users.to_string().contains("argon2"), "no password hashes");
    let r = api
        .get(s.url("/api/v1/users"))
        .bearer_auth(&agency)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn reports_and_templates_download_and_imports_list_their_errors() {
    use calamine::Reader;
    let s = server();
    let district = login("vpdp.phongtho").await;
    let (_, overview) = district.get_text("/overview/109?period=2023").await;
    assert!(overview.contains("/overview/109/appendix.xlsx?period=2023"));
    let xlsx = district.get("/overview/109/appendix.xlsx?period=2023").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert_eq!(
        xlsx.headers()[CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        xlsx.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("phu-bieu-109-2023.xlsx")
    );
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    let book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert!(book.sheet_names().contains(&"PB01 Theo xã".to_string()));
    let docx = district.get("/overview/109/report.docx?period=2023").await;
    assert_eq!(docx.status(), StatusCode::OK);
    let bytes = docx.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK") && bytes.windows(17).any(|w| w == b"word/document.xml"));

    // A commune officer: not the district's report; their own commune's template.
    let officer = login("xa.muongso").await;
    assert_eq!(
        officer
            .get("/overview/109/appendix.xlsx?period=2023")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let template = officer.get("/units/03589/template.xlsx?period=2023").await;
    assert_eq!(template.status(), StatusCode::OK);
    let template = template.bytes().await.unwrap().to_vec();
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(template.clone())).unwrap();
    let sheet = book.worksheet_range("Số liệu").unwrap();
    let codes: std::collections::BTreeSet<String> = (4..sheet.height())
        .map(|r| sheet.get((r, 0)).unwrap().to_string())
        .collect();
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["03589"]);

    // The import page: the unchanged template imports without a change …
    let upload = |session: &support::Session, name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        session
            .client
            .post(s.url(&format!("/import?csrf={}", session.csrf)))
            .multipart(form)
            .send()
    };
    let ok = upload(&officer, "mau.xlsx", template).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let text = text_of(&ok.text().await.unwrap());
    assert!(text.contains("0 giá trị mới, 0 cập nhật"), "{text}");
    // … a bad CSV lists every error and stores nothing.
    let csv =
        "unit_code,period,indicator,value,achieved,total\n03589,2023,2.1,,30,20\n03550,2023,8.1,đạt,,\n"
            .as_bytes()
            .to_vec();
    let bad = upload(&officer, "so-lieu.csv", csv.clone()).await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = text_of(&bad.text().await.unwrap());
    assert!(text.contains("2 lỗi; không có dữ liệu nào được lưu"), "{text}");
    assert!(
        text.contains("lớn hơn tổng số") && text.contains("không có quyền sửa chỉ tiêu 8.1"),
        "{text}"
    );
    // The same through the API, as problem details.
    let token = s.token("xa.muongso").await;
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(csv).file_name("a.csv"));
    let r = client()
        .post(s.url("/api/v1/import"))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"].as_array().unwrap().len(), 2, "{p}");
}

#[tokio::test]
async fn an_approved_period_is_locked_on_every_write_path_and_a_returned_report_reaches_the_commune() {
    let s = server();
    let api = client();
    let commune = s.token("xa.muongso").await;
    let district = s.token("vpdp.phongtho").await;
    let act = |token: &str, body: Value| {
        api.post(s.url("/api/v1/cycle?period=2022"))
            .bearer_auth(token.to_string())
            .json(&body)
            .send()
    };
    let r = act(&commune, json!({"action": "submit", "unit": "03589"}))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let r = act(
        &district,
        json!({"action": "return", "unit": "03589", "comment": "Thiếu minh chứng tiêu chí 2"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // The commune sees the comment on its page.
    let officer = login("xa.muongso").await;
    let (_, html) = officer.get_text("/units/03589?period=2022").await;
    let text = text_of(&html);
    assert!(
        text.contains("bị trả lại") && text.contains("Thiếu minh chứng tiêu chí 2"),
        "{text}"
    );
    // Sent again, approved: locked.
    assert_eq!(
        act(&commune, json!({"action": "submit", "unit": "03589"}))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let approved = act(&district, json!({"action": "approve", "units": ["03589"]}))
        .await
        .unwrap();
    assert_eq!(approved.status(), StatusCode::OK);
    // The API …
    let put = api
        .put(s.url("/api/v1/units/03589/values?period=2022"))
        .bearer_auth(&commune)
        .json(&json!({"values": [{"indicator": "8.1", "value": "đạt", "version": 0}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::CONFLICT);
    let p: Value = put.json().await.unwrap();
    assert_eq!(p["type"], "/problems/locked");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("đã được phê duyệt và khoá"),
        "{p}"
    );
    // … the page …
    let page = officer
        .post_form(
            "/units/03589/entry?period=2022",
            &[
                ("csrf", officer.csrf.as_str()),
                ("v.8.1.version", "0"),
                ("v.8.1.orig", "\u{1f}\u{1f}\u{1f}"),
                ("v.8.1.value", "đạt"),
            ],
        )
        .await;
    assert_eq!(page.status(), StatusCode::CONFLICT);
    assert!(page.text().await.unwrap().contains("đã được phê duyệt và khoá"));
    // … and imports.
    let csv = "unit_code,period,indicator,value\n03589,2022,8.1,đạt\n"
        .as_bytes()
        .to_vec();
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(csv).file_name("a.csv"));
    let import = api
        .post(s.url("/api/v1/import"))
        .bearer_auth(&commune)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(import.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = import.json().await.unwrap();
    assert!(
        p["errors"][0]["message"].as_str().unwrap().contains("khoá"),
        "{p}"
    );
    // The cycle page tells the district who approved.
    let office = login("vpdp.phongtho").await;
    let (status, html) = office.get_text("/cycle/109?period=2022").await;
    assert_eq!(status, StatusCode::OK, "{}", text_of(&html));
    assert!(text_of(&html).contains("đã khoá"));
}
