//! The real server over HTTP: scoped access (commune officer, agency,
//! viewer), the refusal of lost updates, the audit trail and evidence files.

mod support;

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};
use support::{client, login, server, text_of};

const PERIOD: &str = "2023";

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
        "/hierarchy?code=109&period=2023",
    ] {
        // Answered exactly as a unit that does not exist: nothing tells it does.
        let (status, html) = officer.get_text(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("không có đơn vị nào mang mã"), "{path}: {html}");
        assert!(
            !html.contains("Sì Lở Lầu") && !html.contains("Phong Thổ"),
            "{path}: {html}"
        );
    }
    // The same through the API: the same answer as for a code nobody has.
    let token = s.token("xa.muongso").await;
    let api = client();
    let answer = |r: reqwest::Response, code: &'static str| async move {
        let status = r.status();
        let kind = r.headers()[CONTENT_TYPE].to_str().unwrap().to_string();
        let body: Value = r.json().await.unwrap();
        let detail = body["detail"].as_str().unwrap_or("").replace(code, "…");
        (status, kind, body["type"].clone(), body["title"].clone(), detail)
    };
    for (path, code) in [
        ("/api/v1/units/{}?period=2023", "03550"),
        ("/api/v1/units/{}/statistics?period=2023", "109"),
        ("/api/v1/units/{}/values?period=2023", "03550"),
    ] {
        let other = api
            .get(s.url(&path.replace("{}", code)))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let unknown = api
            .get(s.url(&path.replace("{}", "99998")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let (other, unknown) = (answer(other, code).await, answer(unknown, "99998").await);
        assert_eq!(other.0, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(other.1, "application/problem+json");
        assert_eq!(other, unknown, "{path}: outside one's scope answers as unknown");
    }
    // A write to another commune: refused before anything in it is checked.
    let r = api
        .put(s.url("/api/v1/units/03550/values?period=2023"))
        .bearer_auth(&token)
        .json(&json!({"values": [{"indicator": "99.9", "value": "không biết", "version": 0}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let body: Value = r.json().await.unwrap();
    assert!(body.get("errors").is_none(), "no field is checked: {body}");
    // In one's own commune, a field one may not change is refused before
    // its value is checked (no message about the value).
    let agency = s.token("ktht.phongtho").await;
    let r = api
        .put(s.url("/api/v1/units/03574/values?period=2023"))
        .bearer_auth(&agency)
        .json(&json!({"values": [{"indicator": "8.1", "value": "không biết", "version": 0}]}))
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
                ("v.2.4.orig", "\u{241f}\u{241f}\u{241f}"),
                ("v.2.4.achieved", "1"),
                ("v.2.4.total", "4"),
                ("v.2.4.value", ""),
                ("v.2.4.note", ""),
                ("v.8.2.version", "0"),
                ("v.8.2.orig", "\u{241f}\u{241f}\u{241f}"),
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
                ("v.6.3.orig", "\u{241f}\u{241f}\u{241f}"),
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
    // Well-formed but not an accepted kind of file: 422.
    assert_eq!(disguised.status(), StatusCode::UNPROCESSABLE_ENTITY);
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
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let page = too_big.text().await.unwrap();
    assert!(page.contains("quá giới hạn 10 MB"), "{page}");
    assert!(
        page.contains("Đăng xuất"),
        "the refusal is inside the layout, with the menu"
    );

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
