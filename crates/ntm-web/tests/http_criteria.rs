//! Criteria authoring over HTTP, against the real server: the pages' forms
//! (start, thresholds by group, a refused value kept on the page, confirm,
//! preview, publish), the API's versions, changes and classifications, and
//! the page of a district asked for after its abolition.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{client, login, server, text_of};

#[tokio::test]
async fn a_district_after_its_abolition_answers_with_what_became_of_it() {
    let s = login("vpdp.laichau").await;
    for path in ["/overview/109?period=2026", "/units/03589?period=2026"] {
        let (status, html) = s.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let text = text_of(&html);
        assert!(
            text.contains("Các đơn vị hiện nay trên địa bàn"),
            "{path}: {text}"
        );
        assert!(
            html.contains("/units/03549?period=2026"),
            "links to the new commune Phong Thổ: {path}"
        );
        assert!(html.contains("<nav"), "inside the layout");
    }
    let (_, html) = s.get_text("/overview/109?period=2026").await;
    assert!(text_of(&html).contains("bỏ cấp huyện"));
    assert!(html.contains("/overview/12?period=2026"), "links to the province");
    // Its own last figures open: the year it ended in included.
    assert!(html.contains("href=\"/overview/109?period=2025\""), "{html}");
    let (status, html) = s.get_text("/overview/109?period=2025").await;
    assert_eq!(status, StatusCode::OK, "{}", text_of(&html));
}

#[tokio::test]
async fn the_province_office_authors_its_set_through_the_pages() {
    let office = login("vpdp.laichau").await;
    let started = office
        .post_form(
            "/criteria/start",
            &[
                ("csrf", &office.csrf),
                ("from", "qd51-2025@1"),
                ("code", "lai-chau-trang"),
                (
                    "name",
                    "Bộ tiêu chí xã nông thôn mới tỉnh Lai Châu (soạn trên trang)",
                ),
                ("province", "12"),
            ],
        )
        .await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    assert_eq!(started.headers()["location"], "/criteria/lai-chau-trang@1/edit");
    let (status, html) = office.get_text("/criteria/lai-chau-trang@1/edit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(text_of(&html).contains("Ngưỡng theo nhóm xã"));

    // A ratio of 150% is refused with the group named; nothing saved.
    let group = |value_3: &'static str| {
        vec![
            ("csrf", office.csrf.as_str()),
            ("action", "group_thresholds"),
            ("revision", "1"),
            ("indicator", "8.a"),
            ("condition_1", "≥"),
            ("value_1", "95"),
            ("condition_2", "≥"),
            ("value_2", "90"),
            ("condition_3", "≥"),
            ("value_3", value_3),
            ("source", "Quyết định số 51/2025/QĐ-TTg"),
            ("place", "Phụ lục I"),
            ("page", "7"),
        ]
    };
    let refused = office
        .post_form("/criteria/lai-chau-trang@1/change", &group("150"))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = text_of(&refused.text().await.expect("page"));
    assert!(text.contains("Nhóm 3:") && text.contains("0-100%"), "{text}");
    let saved = office
        .post_form("/criteria/lai-chau-trang@1/change", &group("80"))
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, html) = office.get_text("/criteria/lai-chau-trang@1/edit").await;
    let text = text_of(&html);
    assert!(
        text.contains("≥ 80%") && text.contains("Quyết định số 51/2025/QĐ-TTg, Phụ lục I, trang 7"),
        "{text}"
    );
    assert!(
        !html.contains("Xác nhận ngưỡng 4 của chỉ tiêu 8.a"),
        "who entered a threshold is not offered to confirm it"
    );

    // A second officer confirms one; the preview lists the communes that change.
    let checker = login("kiemtra.laichau").await;
    let (_, html) = checker.get_text("/criteria/lai-chau-trang@1/edit").await;
    assert!(html.contains("Xác nhận ngưỡng 4 của chỉ tiêu 8.a"));
    let revision = html
        .split(r#"name="revision" value=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("revision")
        .to_string();
    let confirm = checker
        .post_form(
            "/criteria/lai-chau-trang@1/change",
            &[
                ("csrf", &checker.csrf),
                ("action", "confirm"),
                ("revision", &revision),
                ("indicator", "8.a"),
                ("index", "4"),
            ],
        )
        .await;
    assert_eq!(confirm.status(), StatusCode::SEE_OTHER);
    let (_, html) = checker.get_text("/criteria/lai-chau-trang@1/edit").await;
    assert!(text_of(&html).contains("1 đã xác nhận"), "{}", text_of(&html));
    let (status, html) = office
        .get_text("/criteria/lai-chau-trang@1/preview?period=2026")
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = text_of(&html);
    assert!(
        text.contains("Xã Thu Lũm") && text.contains("chưa có số liệu → chưa đạt"),
        "{text}"
    );

    // A viewer may neither edit nor preview.
    let viewer = login("lanhdao.laichau").await;
    let (status, _) = viewer
        .get_text("/criteria/lai-chau-trang@1/preview?period=2026")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let refused = viewer
        .post_form(
            "/criteria/lai-chau-trang@1/change",
            &[
                ("csrf", &viewer.csrf),
                ("action", "confirm"),
                ("revision", "3"),
                ("indicator", "8.a"),
                ("index", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_api_authors_versions_and_classifies_communes() {
    let s = server();
    let token = s.token("vpdp.laichau").await;
    let api = client();
    let started: Value = api
        .post(s.url("/api/v1/criteria-versions"))
        .bearer_auth(&token)
        .json(&json!({ "from": "qd51-2025", "code": "lai-chau-api", "province": "12" }))
        .send()
        .await
        .expect("start")
        .json()
        .await
        .expect("json");
    assert_eq!(started["version"], "lai-chau-api@1");
    let revision = started["revision"].as_i64().expect("revision");
    let changed = api
        .post(s.url("/api/v1/criteria-versions/lai-chau-api@1/changes"))
        .bearer_auth(&token)
        .json(&json!({
            "action": "group_thresholds", "revision": revision, "indicator": "6.a",
            "groups": [["nhom_1", {"kind": "at_most", "value": "3"}], ["nhom_3", {"kind": "at_most", "value": "10.5"}]],
            "source": "Quyết định số 51/2025/QĐ-TTg", "page": "5"
        }))
        .send()
        .await
        .expect("change");
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: Value = changed.json().await.expect("json");
    let stale = api
        .post(s.url("/api/v1/criteria-versions/lai-chau-api@1/changes"))
        .bearer_auth(&token)
        .json(&json!({ "action": "remove_threshold", "revision": revision, "indicator": "6.a", "index": 1 }))
        .send()
        .await
        .expect("stale");
    assert_eq!(
        stale.status(),
        StatusCode::CONFLICT,
        "a change over an older revision"
    );
    let published = api
        .post(s.url("/api/v1/criteria-versions/lai-chau-api@1/publish"))
        .bearer_auth(&token)
        .json(&json!({ "revision": changed["revision"], "valid_from": "2030-01-01" }))
        .send()
        .await
        .expect("publish");
    assert_eq!(published.status(), StatusCode::OK);
    let list: Value = api
        .get(s.url("/api/v1/criteria-sets?per_page=50"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert!(
        list["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["name_ref"] == "lai-chau-api@1")
    );
    let workbook = api
        .get(s.url("/api/v1/criteria-sets/lai-chau-api@1/workbook.xlsx"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("workbook");
    assert_eq!(workbook.status(), StatusCode::OK);
    assert!(workbook.bytes().await.expect("bytes").starts_with(b"PK"));

    // Sin Suối Hồ is left without a group by the demo: the matrix says so
    // until the office classifies it.
    let office = login("vpdp.laichau").await;
    let (_, html) = office.get_text("/overview/12?period=2026").await;
    let row = matrix_row(&html, "Sin Suối Hồ");
    assert!(row.contains("chưa xếp nhóm"), "{row}");
    let classified = api
        .put(s.url("/api/v1/units/03394/classifications"))
        .bearer_auth(&token)
        .json(&json!({ "flag": "nhom_3", "valid_from": "2026-02-15", "source": "Quyết định số 7/QĐ-UBND" }))
        .send()
        .await
        .expect("classify");
    assert_eq!(classified.status(), StatusCode::OK);
    let (_, html) = office.get_text("/overview/12?period=2026").await;
    let row = matrix_row(&html, "Sin Suối Hồ");
    assert!(
        row.contains("xã nhóm 3") && !row.contains("chưa xếp nhóm"),
        "{row}"
    );
    let viewer = s.token("lanhdao.laichau").await;
    let refused = api
        .put(s.url("/api/v1/units/03394/classifications"))
        .bearer_auth(&viewer)
        .json(&json!({ "flag": "nhom_1", "valid_from": "2026-02-15", "source": "QĐ" }))
        .send()
        .await
        .expect("refused");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

/// The text of a commune's row in an overview's matrix.
fn matrix_row(html: &str, name: &str) -> String {
    let start = html
        .find(&format!(">{name}</a>"))
        .unwrap_or_else(|| panic!("{name} in the matrix"));
    let end = html[start..].find("</tr>").expect("row end") + start;
    text_of(&html[start..end])
}

#[tokio::test]
async fn the_matrix_names_each_communes_group() {
    let s = login("vpdp.laichau").await;
    let (status, html) = s.get_text("/overview/12?period=2026").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("title=\"Nhóm xã theo Quyết định 51/2025/QĐ-TTg\""));
    let row = matrix_row(&html, "Phong Thổ");
    assert!(row.contains("xã nhóm 2"), "{row}");
    // Before the groups existed there is no such column.
    let (_, html) = s.get_text("/overview/109?period=2023").await;
    assert!(!html.contains("Nhóm xã theo Quyết định 51/2025/QĐ-TTg"));
}

/// The 2026 overview of Lai Châu: the demo's communes have values, but the
/// national set of 2026-2030 gives no threshold yet. Nothing may read as
/// "0 criteria met": the figures are "chưa xác định", and the page says why.
#[tokio::test]
async fn values_no_threshold_judges_make_the_figures_undetermined_not_zero() {
    let s = login("vpdp.laichau").await;
    let (status, html) = s.get_text("/overview/12?period=2026").await;
    assert_eq!(status, StatusCode::OK);
    let start = html.find("id=\"so-lieu-chinh\"").expect("key figures");
    let end = html[start..].find("</section>").expect("section end") + start;
    let key = text_of(&html[start..end]);
    let (status, body) = s.get_text("/api/v1/units/12/statistics?period=2026").await;
    assert_eq!(status, StatusCode::OK);
    let stats: Value = serde_json::from_str(&body).expect("json");
    let with_data = stats["communes_with_data"].as_u64().expect("count");
    let judged = stats["communes_judged"].as_u64().expect("count");
    let unjudged: Vec<&str> = stats["unjudged"]
        .as_array()
        .expect("names")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // Most demo communes are judged by nothing; the few with values the
    // 2021-2025 thresholds still judge (read through `values_from`) are.
    assert!(!unjudged.is_empty() && judged < with_data, "{body}");
    assert_eq!(judged + unjudged.len() as u64, with_data, "{body}");
    assert!(unjudged.contains(&"Sì Lở Lầu"), "{body}");
    // The page says why, names them, and takes its denominators from the
    // judged communes alone.
    assert!(key.contains("chưa xác định được tiêu chí nào"), "{key}");
    assert!(key.contains("chưa có ngưỡng để đánh giá"), "{key}");
    assert!(key.contains("Sì Lở Lầu"), "{key}");
    assert!(
        key.contains(&format!("trên {judged:02} xã đánh giá được")),
        "{key}"
    );
    assert!(key.contains(&format!("/{judged:02} xã đạt đủ")), "{key}");
    assert!(!key.contains(&format!("/{with_data:02} xã đạt đủ")), "{key}");
    let per_criterion = stats["per_criterion"].as_array().expect("criteria");
    assert!(per_criterion.iter().all(|c| c["total"] == judged), "{body}");
    // A criterion no judged commune decides has no count ("0/2 xã" would
    // read as a fact); "chưa có số liệu" and "chưa xác định" never overlap.
    let start = html.find("id=\"theo-tieu-chi\"").expect("per criterion");
    let end = html[start..].find("</section>").expect("section end") + start;
    let section = text_of(&html[start..end]);
    let zero_counts = per_criterion
        .iter()
        .filter(|c| c["met"] == 0 && !c["not_met"].as_array().expect("names").is_empty())
        .count();
    assert_eq!(
        section.matches(&format!("0/{judged} xã")).count(),
        zero_counts,
        "{section}"
    );
    for c in per_criterion {
        let names = |k: &str| -> Vec<String> {
            c[k].as_array()
                .expect("names")
                .iter()
                .filter_map(|n| n.as_str().map(String::from))
                .collect()
        };
        let unjudged = names("unjudged");
        assert!(names("no_data").iter().all(|n| !unjudged.contains(n)), "{c}");
    }
    // The villages: none judged, so no bracket reads 0.
    if let Some(start) = html.find("id=\"thon-ban\"") {
        let end = html[start..].find("</section>").expect("section end") + start;
        let villages = text_of(&html[start..end]);
        if stats["villages"]["judged"] == 0 {
            assert!(!villages.contains(": 0"), "{villages}");
        }
    }
    // The commune's own page: no "0/10 tiêu chí đạt".
    let code = stats["per_commune"]
        .as_array()
        .expect("communes")
        .iter()
        .find(|c| c["name"] == "Sì Lở Lầu")
        .and_then(|c| c["code"].as_str())
        .expect("Sì Lở Lầu's code")
        .to_string();
    let (status, html) = s.get_text(&format!("/units/{code}?period=2026")).await;
    assert_eq!(status, StatusCode::OK);
    let start = html.find("id=\"tom-tat\"").expect("summary");
    let end = html[start..].find("</section>").expect("section end") + start;
    let summary = text_of(&html[start..end]);
    assert!(summary.contains("chưa xác định"), "{summary}");
    assert!(!summary.contains("0/10"), "{summary}");
}
