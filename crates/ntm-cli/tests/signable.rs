//! Issue 12 from the command line: the province's figures over the communes
//! with data, Phong Thổ 2024 losing nothing, provenance in the CSV format,
//! and the report with its checks written to a file of their own.

mod support;

use serde_json::Value;
use support::{demo_dir, json, ntm};

#[test]
fn the_provinces_average_is_over_the_communes_with_data_and_says_both_counts() {
    let dir = demo_dir();
    let stats = json(&ntm(
        dir.path(),
        &["stats", "--unit", "12", "--period", "2023", "--format", "json"],
    ));
    assert_eq!(stats["communes"], 94);
    assert_eq!(stats["communes_with_data"], 29);
    assert_eq!(stats["communes_without_data"], 65);
    assert_eq!(stats["coverage_text"], "29/94 xã có số liệu");
    // (177 + 173) criteria over 29 communes, not over 94.
    assert_eq!(stats["average_criteria"], 12.07);
    assert_eq!(stats["average_criteria_text"], "12,07");
    assert_eq!(stats["without_data"].as_array().map(Vec::len), Some(65));
    let under_ten = stats["brackets"]
        .as_array()
        .expect("brackets")
        .iter()
        .find(|b| b["max"] == 9)
        .expect("under 10");
    assert_eq!(under_ten["count"], 13, "9 in Phong Thổ and 4 in Mường Tè, not 78");
    assert_eq!(stats["recognized"]["count"], 4);
    assert_eq!(
        stats["all_criteria_met"]["count"], 5,
        "2 in Phong Thổ and 3 in Mường Tè"
    );

    let text = ntm(dir.path(), &["stats", "--unit", "12", "--period", "2023"]);
    assert!(
        text.stdout.contains("Số xã có số liệu: 29/94 xã có số liệu"),
        "{}",
        text.stdout
    );
}

#[test]
fn phong_tho_2024_without_data_loses_no_standard() {
    let dir = demo_dir();
    let stats = json(&ntm(
        dir.path(),
        &["stats", "--unit", "109", "--period", "2024", "--format", "json"],
    ));
    assert_eq!(stats["communes_with_data"], 0);
    assert_eq!(
        stats["average_criteria"],
        Value::Null,
        "no data: no average, never 0"
    );
    let changes = &stats["changes"];
    assert_eq!(changes["communes_compared"], 0);
    assert_eq!(changes["all_criteria_lost"], serde_json::json!([]));
    assert!(
        changes["per_criterion"]
            .as_array()
            .expect("criteria")
            .iter()
            .all(|c| c["lost"] == serde_json::json!([]))
    );
    // The text says there is nothing to average, in words.
    let text = ntm(dir.path(), &["stats", "--unit", "109", "--period", "2024"]).stdout;
    assert!(
        text.contains("Tổng số tiêu chí đạt, bình quân tiêu chí/xã: chưa có số liệu"),
        "{text}"
    );
    assert!(!text.contains("bình quân chưa có số liệu tiêu chí/xã"), "{text}");
}

#[test]
fn values_carry_their_provenance_and_the_checks_go_to_their_own_file() {
    let dir = demo_dir();
    let csv = dir.path().join("so-lieu.csv");
    std::fs::write(
        &csv,
        "mã đơn vị;kỳ;chỉ tiêu;số đạt;tổng số;nguồn số liệu\n03589;2024;4.2;900;1.000;ước tính\n03589;2024;9.2;700;1.300;văn bản\n",
    )
    .expect("csv");
    let run = ntm(dir.path(), &["values", "import", "so-lieu.csv"]);
    assert!(run.ok, "{}", run.stderr);
    // A consistency rule (households) and a history rule (a criterion lost).
    assert!(run.stdout.contains("Cần kiểm tra lại (2):"), "{}", run.stdout);
    assert!(run.stdout.contains("Tổng số hộ phải như nhau"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("tiêu chí 4 (Điện) đạt năm 2023 nhưng nay chưa đạt"),
        "{}",
        run.stdout
    );
    let eval = json(&ntm(
        dir.path(),
        &[
            "evaluate", "--unit", "03589", "--period", "2024", "--format", "json",
        ],
    ));
    let indicators: Vec<&Value> = eval["units"][0]["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .flat_map(|c| c["indicators"].as_array().expect("indicators"))
        .collect();
    let provenance = |code: &str| {
        indicators
            .iter()
            .find(|i| i["code"] == code)
            .map(|i| i["provenance"].clone())
    };
    assert_eq!(provenance("4.2"), Some(Value::from("estimated")));
    assert_eq!(provenance("9.2"), Some(Value::from("document")));
    // A word the column does not know is refused, naming line and column.
    std::fs::write(
        &csv,
        "unit_code,period,indicator,achieved,total,provenance\n03589,2024,4.2,1,2,đoán\n",
    )
    .expect("csv");
    let bad = ntm(dir.path(), &["values", "import", "so-lieu.csv"]);
    assert!(!bad.ok);
    assert!(bad.stderr.contains("dòng 2, cột provenance"), "{}", bad.stderr);

    let report = ntm(
        dir.path(),
        &[
            "report",
            "--unit",
            "109",
            "--period",
            "2023",
            "--format",
            "docx",
            "--out",
            "bao-cao.docx",
            "--map",
            "none",
            "--date",
            "2024-01-15",
            "--checks",
            "kiem-tra.xlsx",
        ],
    );
    assert!(report.ok, "{}", report.stderr);
    assert!(dir.path().join("bao-cao.docx").is_file());
    let checks = std::fs::read(dir.path().join("kiem-tra.xlsx")).expect("the review file");
    assert!(checks.starts_with(b"PK"));
    let bad_date = ntm(
        dir.path(),
        &[
            "report", "--unit", "109", "--period", "2023", "--format", "docx", "--out", "x.docx", "--date",
            "hôm qua",
        ],
    );
    assert!(
        !bad_date.ok && bad_date.stderr.contains("ngày \"hôm qua\" không hợp lệ"),
        "{}",
        bad_date.stderr
    );
}

#[test]
fn a_province_sets_its_own_numbering_of_the_appendix() {
    let dir = demo_dir();
    std::fs::write(
        dir.path().join("bo-cuc.toml"),
        "[[sheets]]\ntable = \"by_commune\"\nnumber = \"01\"\ntitle = \"KẾT QUẢ THEO XÃ NĂM {năm}\"\n",
    )
    .expect("layout");
    let set = ntm(dir.path(), &["report-layout", "--province", "12", "bo-cuc.toml"]);
    assert!(set.ok, "{}", set.stderr);
    let out = ntm(
        dir.path(),
        &[
            "report", "--unit", "109", "--period", "2023", "--format", "xlsx", "--out", "pb.xlsx", "--map",
            "none",
        ],
    );
    assert!(out.ok, "{}", out.stderr);
    use calamine::Reader;
    let bytes = std::fs::read(dir.path().join("pb.xlsx")).expect("workbook");
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
    let names = book.sheet_names();
    assert_eq!(names[0], "PB01 Theo xã", "{names:?}");
    let first = book.worksheet_range("PB01 Theo xã").expect("sheet");
    assert_eq!(
        first.get((1, 0)).map(|c| c.to_string()).as_deref(),
        Some("KẾT QUẢ THEO XÃ NĂM 2023")
    );
    std::fs::write(
        dir.path().join("sai.toml"),
        "[[sheets]]\ntable = \"tien\"\nnumber = \"01\"\n",
    )
    .expect("bad");
    let bad = ntm(dir.path(), &["report-layout", "--province", "12", "sai.toml"]);
    assert!(
        !bad.ok && bad.stderr.contains("\"tien\" không có"),
        "{}",
        bad.stderr
    );
}
