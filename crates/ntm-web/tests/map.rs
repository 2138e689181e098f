//! The map over HTTP: the page (SVG with a link and the figures of every
//! unit, the schematic notice, the legend), the files, the API's GeoJSON and
//! boundary import, and who may see what.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{login, server};

#[tokio::test]
async fn the_map_page_links_every_commune_and_says_it_is_schematic() {
    let s = login("vpdp.phongtho").await;
    let (status, html) = s.get_text("/map/109?period=2023").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<h1>Bản đồ Huyện Phong Thổ</h1>"), "{html}");
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\""));
    assert!(
        html.contains("<strong>Sơ đồ.</strong> 17 đơn vị chưa có ranh giới"),
        "the schematic notice"
    );
    assert!(html.contains(">SƠ ĐỒ</text>"), "the picture's own mark");
    // Every commune (and the town) is a focusable link to its page with its figures.
    for (code, name) in [
        ("03589", "Xã Mường So"),
        ("03550", "Xã Sì Lở Lầu"),
        ("03592", "Xã Sin Suối Hồ"),
    ] {
        assert!(
            html.contains(&format!(
                "<a href=\"/units/{code}?period=2023\" class=\"area\" data-code=\"{code}\""
            )),
            "{code}"
        );
        assert!(html.contains(&format!("<title>{name} (sơ đồ) — Đạt ")), "{name}");
    }
    assert!(
        html.contains("id=\"map-info\""),
        "the box the script fills on focus"
    );
    assert!(
        html.contains("19 tiêu chí — 2"),
        "the legend counts Phong Thổ's two at 19"
    );
    assert!(
        html.contains("value=\"criterion:8\""),
        "one criterion can be chosen"
    );

    let (status, html) = s.get_text("/map/109?period=2023&by=criterion:8").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Tiêu chí 8: Thông tin và Truyền thông"));
    let (status, html) = s.get_text("/map/109?period=2023&by=tô-màu").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");

    let png = s.get("/map/109/map.png?period=2023").await;
    assert_eq!(png.status(), StatusCode::OK);
    assert_eq!(png.headers()["content-type"], "image/png");
    assert!(png.bytes().await.expect("bytes").starts_with(b"\x89PNG"));
    let svg = s.get("/map/109/map.svg?period=2023").await;
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.expect("svg").contains("Bản đồ Huyện Phong Thổ"));

    // The district's office may not see the province's map: it answers as
    // for a unit that does not exist.
    let (status, _) = s.get_text("/map/12?period=2023").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The overview links to the map, and /map opens one's own unit.
    let (_, overview) = s.get_text("/overview/109?period=2023").await;
    assert!(overview.contains("href=\"/map/109?period=2023\""));
    let home = s.get("/map?period=2023").await;
    assert_eq!(home.status(), StatusCode::SEE_OTHER);
    assert_eq!(home.headers()["location"], "/map/109?period=2023");
}

#[tokio::test]
async fn the_api_serves_geojson_and_imports_boundaries_all_or_nothing() {
    let srv = server();
    let http = reqwest::Client::new();
    let admin = srv.token("quantri").await;
    let office = srv.token("vpdp.phongtho").await;

    let layer: Value = http
        .get(srv.url("/api/v1/units/109/map?period=2023&by=criterion:8"))
        .bearer_auth(&office)
        .send()
        .await
        .expect("map")
        .json()
        .await
        .expect("json");
    assert_eq!(layer["type"], "FeatureCollection");
    assert_eq!(layer["layer"], "criterion:8");
    let features = layer["features"].as_array().expect("features");
    assert_eq!(features.len(), 17, "16 communes and the town");
    let sì_lở_lầu = features
        .iter()
        .find(|f| f["properties"]["code"] == "03550")
        .expect("Sì Lở Lầu");
    assert_eq!(sì_lở_lầu["properties"]["class_label"], "Chưa đạt");
    assert_eq!(sì_lở_lầu["properties"]["schematic"], true);
    assert_eq!(sì_lở_lầu["geometry"]["type"], "Polygon");

    // An import with one bad feature: 422 naming it; nothing stored.
    let ring = |lon: f64, lat: f64| {
        json!([
            [lon, lat],
            [lon + 0.01, lat],
            [lon + 0.01, lat + 0.01],
            [lon, lat]
        ])
    };
    let body = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "03589", "valid_to": "2025-06-30"},
         "geometry": {"type": "Polygon", "coordinates": [ring(103.35, 22.52)]}},
        {"type": "Feature", "properties": {"code": "03550", "valid_to": "2025-06-30"},
         "geometry": {"type": "LineString", "coordinates": [[103.3, 22.7], [103.4, 22.8]]}},
    ]});
    let refused = http
        .post(srv.url("/api/v1/geometry"))
        .bearer_auth(&admin)
        .header("content-type", "application/geo+json")
        .body(body.to_string())
        .send()
        .await
        .expect("import");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = refused.json().await.expect("problem");
    assert_eq!(problem["errors"].as_array().map(Vec::len), Some(1), "{problem}");
    let message = problem["errors"][0]["message"].as_str().expect("message");
    assert!(
        message.starts_with("đối tượng thứ 2 (mã 03550): hình học kiểu LineString"),
        "{message}"
    );
    let stored: Value = http
        .get(srv.url("/api/v1/units/109/geometry?period=2023"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("geometry")
        .json()
        .await
        .expect("json");
    assert_eq!(stored["features"], json!([]), "nothing stored");

    // Only administrators import boundaries.
    let body = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "03589", "valid_to": "2025-06-30"},
         "geometry": {"type": "Polygon", "coordinates": [ring(103.35, 22.52)]}}]});
    let forbidden = http
        .post(srv.url("/api/v1/geometry"))
        .bearer_auth(&office)
        .body(body.to_string())
        .send()
        .await
        .expect("import");
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);

    let openapi: Value = http
        .get(srv.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("openapi")
        .json()
        .await
        .expect("json");
    for path in [
        "/api/v1/units/{code}/map",
        "/api/v1/units/{code}/map.png",
        "/api/v1/units/{code}/geometry",
        "/api/v1/geometry",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} documented");
    }
}

#[tokio::test]
async fn the_menus_map_opens_on_a_period_in_which_the_users_unit_exists() {
    // Phong Thổ district ended on 30/06/2025: its office's map is of its
    // last period, not of today's, in which the district does not exist.
    for (user, unit) in [("vpdp.phongtho", "109"), ("vpdp.laichau", "12")] {
        let s = login(user).await;
        let r = s.get("/map").await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{user}");
        let to = r.headers()["location"].to_str().expect("ascii").to_string();
        assert!(to.starts_with(&format!("/map/{unit}?period=")), "{user}: {to}");
        let (status, html) = s.get_text(&to).await;
        assert_eq!(status, StatusCode::OK, "{user}: {to}: {html}");
    }
}
