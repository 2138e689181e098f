//! The overview in the order an official reads it (headline, matrix,
//! changes, findings), the plan in a few lines with the table on its own
//! page, plan status words that cannot contradict each other, and matrix
//! rows kept short (the recognition as "QĐ 935/2017").

mod support;

use support::login;

#[tokio::test]
async fn the_overview_reads_headline_matrix_changes_findings_with_the_plan_summarised() {
    let district = login("vpdp.phongtho").await;
    let (_, page) = district.get_text("/overview/109?period=2023").await;
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle} on the overview"))
    };
    let order = [
        "id=\"so-lieu-chinh\"",
        "id=\"ma-tran\"",
        "id=\"thay-doi\"",
        "id=\"phat-hien\"",
        "id=\"ke-hoach\"",
        "id=\"theo-tieu-chi\"",
    ];
    let positions: Vec<usize> = order.iter().map(|n| at(n)).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{order:?} at {positions:?}"
    );
    // The plan: after the findings, a few lines and a link, no 24-row table.
    let plan = &page[positions[4]..positions[5]];
    assert!(!plan.contains("<table"), "the plan is summarised: {plan}");
    assert!(plan.contains("24 chỉ tiêu"), "{plan}");
    assert!(plan.contains("href=\"/plans/109?year=2024\""), "{plan}");
    // Recognised communes: the short decision, the whole one as its title.
    assert!(
        page.contains("<abbr title=\"Quyết định 935/QĐ-UBND ngày 28/08/2017\">QĐ 935/2017</abbr>"),
        "the recognition in short in the matrix"
    );
}

#[tokio::test]
async fn plan_rows_say_one_status_with_figures_rounded_and_no_repeated_column() {
    let district = login("vpdp.phongtho").await;
    let (_, page) = district.get_text("/plans/109?year=2024").await;
    assert!(
        !page.contains("sẽ không đạt"),
        "the status alone says a target will miss"
    );
    assert!(!page.contains("11,0625"), "figures rounded to two decimals");
    assert!(
        page.contains("Thực hiện (năm 2023)"),
        "the actuals name their period"
    );
    let rows: Vec<&str> = page.split("<tr>").skip(2).collect();
    let transport = rows
        .iter()
        .find(|r| r.contains("xã đạt tiêu chí 2 Giao thông"))
        .expect("criterion 2");
    // 04/16 in 2023, 08/16 asked by the end of 2024, the trend flat: at risk,
    // and the reason says why.
    assert!(transport.contains("có nguy cơ không đạt"), "{transport}");
    assert!(!transport.contains("đúng tiến độ"), "{transport}");
    assert!(transport.contains("theo xu hướng các năm"), "{transport}");
    // Judged on 2023, before the plan starts: the baseline is the actual,
    // written once.
    assert_eq!(
        transport.matches("04/16").count(),
        2,
        "actual and projection: {transport}"
    );
}
