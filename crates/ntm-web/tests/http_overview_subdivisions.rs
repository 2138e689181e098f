//! A province's overview read by district (and the country's by province):
//! one row per subdivision, counted as the province's own figures are, each
//! leading down to its own overview; past a size no page can hold, the
//! commune matrix is downloaded instead of drawn.

mod support;

use calamine::{Data, Reader, Xlsx};
use ntm_web::pages::overview_subdivisions::{MATRIX_MAX_ROWS, draws_matrix, matrix_downloaded};
use support::{api_json, login, server};

#[tokio::test]
async fn a_province_s_overview_has_a_row_per_district_that_adds_up_and_leads_down() {
    let province = login("vpdp.laichau").await;
    let (status, page) = province.get_text("/overview/12?period=2023").await;
    assert_eq!(status, 200);
    let table = page.find("id=\"theo-don-vi\"").expect("the figures by district");
    let matrix = page.find("id=\"ma-tran\"").expect("the matrix");
    assert!(table < matrix, "by district, then the communes");
    assert!(page.contains("Kết quả theo từng huyện"));

    let stats = api_json("vpdp.laichau", "/api/v1/units/12/statistics?period=2023").await;
    let subs = stats["per_subdivision"].as_array().expect("per_subdivision");
    assert_eq!(subs.len(), 8, "Lai Châu's seven districts and its city");
    let sum = |field: &str| subs.iter().map(|s| s[field].as_u64().expect(field)).sum::<u64>();
    assert_eq!(sum("communes"), stats["communes"].as_u64().expect("communes"));
    assert_eq!(
        sum("communes_judged"),
        stats["communes_judged"].as_u64().expect("judged")
    );
    assert_eq!(
        sum("criteria_met_total"),
        stats["criteria_met_total"].as_u64().expect("met")
    );
    for (i, c) in stats["per_criterion"]
        .as_array()
        .expect("criteria")
        .iter()
        .enumerate()
    {
        let by_district: u64 = subs
            .iter()
            .map(|s| s["per_criterion_met"][i].as_u64().expect("count"))
            .sum();
        assert_eq!(
            by_district,
            c["met"].as_u64().expect("met"),
            "criterion {}",
            c["criterion"]
        );
    }
    // Each row leads to that district's own overview, whose figures agree.
    let phong_tho = subs
        .iter()
        .find(|s| s["unit"]["code"] == "109")
        .expect("Phong Thổ");
    assert!(page.contains("href=\"/overview/109?period=2023\""));
    let own = api_json("vpdp.laichau", "/api/v1/units/109/statistics?period=2023").await;
    assert_eq!(phong_tho["communes_judged"], own["communes_judged"]);
    assert_eq!(phong_tho["average_criteria_text"], own["average_criteria_text"]);
    assert_eq!(phong_tho["all_criteria_met"], own["all_criteria_met"]["count"]);
    // A district's subdivisions are communes: no such table.
    assert!(own["per_subdivision"].as_array().expect("list").is_empty());
    let (_, district_page) = province.get_text("/overview/109?period=2023").await;
    assert!(!district_page.contains("id=\"theo-don-vi\""));
}

#[tokio::test]
async fn the_table_by_district_downloads_as_the_page_shows_it() {
    let province = login("vpdp.laichau").await;
    let response = province
        .get("/overview/12/export?period=2023&table=subdivisions&format=xlsx")
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("body");
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("sheet");
    let stats = api_json("vpdp.laichau", "/api/v1/units/12/statistics?period=2023").await;
    let subs = stats["per_subdivision"].as_array().expect("list");
    for s in subs {
        let name = s["unit"]["full_name"].as_str().expect("name");
        let row = range
            .rows()
            .find(|r| r.first().is_some_and(|c| *c == name))
            .unwrap_or_else(|| panic!("{name} in the workbook"));
        // Communes, then judged communes: number cells, as on the page.
        assert_eq!(
            row[1],
            Data::Float(s["communes"].as_f64().expect("communes")),
            "{name}"
        );
        assert_eq!(
            row[3],
            Data::Float(s["communes_judged"].as_f64().expect("judged")),
            "{name}"
        );
    }
}

#[tokio::test]
async fn past_a_page_s_size_the_matrix_is_downloaded_not_drawn() {
    let server = server();
    let program = std::sync::Arc::clone(&server.program);
    let stats = server
        .runtime
        .spawn(async move {
            let actor = ntm_app::accounts::access::Actor::command(
                "kiểm thử",
                ntm_store::ChangeSource::Cli,
                ntm_app::Clock::System.now(),
            );
            program
                .stats(&actor, "12", ntm_core::period::Period::year(2023), None)
                .await
                .expect("figures")
        })
        .await
        .expect("task");
    assert!(draws_matrix(&stats), "94 communes are drawn");
    // The same province with more communes than a page can show.
    let mut large = stats.clone();
    while large.per_commune.len() <= MATRIX_MAX_ROWS {
        large.per_commune.extend(stats.per_commune.iter().cloned());
    }
    assert!(!draws_matrix(&large));
    let html = matrix_downloaded(&large, ntm_core::period::Period::year(2023)).into_string();
    assert!(html.contains(&format!(
        "Bảng có {} xã",
        ntm_web::pages::parts::count_vi(large.per_commune.len())
    )));
    assert!(
        html.contains("table=matrix"),
        "the whole matrix still downloads: {html}"
    );
    // Without districts to go down to, the matrix is drawn whatever its size.
    large.per_subdivision.clear();
    assert!(draws_matrix(&large));
}
