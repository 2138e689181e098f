//! Issue 12 against the demo: the findings name seed 001's 65,6% and the
//! disagreements of seeds 001 and 004, each with its document and place;
//! Phong Thổ 2024 (no data yet) loses nothing; the province counts the
//! communes with data apart; a consistency rule and a history rule warn in
//! the import report and on the entry form; provenance reaches the page.

mod common;

use common::{actor, demo};
use ntm_app::entry::ValueInput;
use ntm_core::aggregate::FindingKind;
use ntm_core::period::Period;
use ntm_core::value::Provenance;

const Y2023: Period = Period::year(2023);

#[tokio::test]
async fn findings_name_the_documents_errors_and_their_disagreements() {
    let (program, _dir) = demo().await;
    let stats = program.stats(&actor(), "109", Y2023, None).await.expect("stats");
    let of = |kind: FindingKind| -> Vec<(String, String)> {
        stats
            .findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| (f.message.clone(), f.source.clone().unwrap_or_default()))
            .collect()
    };
    let report = "Báo cáo kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2023; phương hướng nhiệm vụ năm 2024 của UBND huyện Phong Thổ";
    let plan = "Kế hoạch số 133/KH-UBND ngày 15/4/2024 của UBND huyện Phong Thổ";

    // The 65,6% of 3.890/5.939, with the document and its place.
    let arithmetic = of(FindingKind::DocumentArithmetic);
    let disbursed = arithmetic
        .iter()
        .find(|(m, _)| m.contains("ghi 65,6% nhưng 3.890/5.939 là 65,5%"))
        .unwrap_or_else(|| panic!("{arithmetic:?}"));
    assert_eq!(disbursed.1, format!("{report}, mục III.1 (Phần thứ nhất)"));
    // 14/16 printed 82,35% (that is 14/17); 38,35% of households is right.
    assert!(
        arithmetic
            .iter()
            .any(|(m, _)| m.contains("ghi 82,35% nhưng 14/16 là 87,50%"))
    );
    assert!(
        !arithmetic.iter().any(|(m, _)| m.contains("38,35")),
        "{arithmetic:?}"
    );

    // The plan's baselines against the report's lists (DOMAIN.md §5).
    let disagree = of(FindingKind::DocumentsDisagree);
    for (criterion, in_report, in_plan) in [
        ("2 (Giao thông)", "04/16", "05/16"),
        ("6 (Cơ sở vật chất văn hóa)", "05/16", "04/16"),
        ("10 (Thu nhập)", "02/16", "04/16"),
        ("12 (Lao động)", "07/16", "15/16"),
    ] {
        let found = disagree
            .iter()
            .find(|(m, _)| m.contains(&format!("số xã đạt tiêu chí {criterion} năm 2023")))
            .unwrap_or_else(|| panic!("criterion {criterion}: {disagree:?}"));
        assert!(found.0.contains(&format!("{report} (mục II.1")), "{}", found.0);
        assert!(
            found.0.contains(&format!("ghi {in_report} xã; {plan}")),
            "{}",
            found.0
        );
        assert!(found.0.contains(&format!("ghi {in_plan}")), "{}", found.0);
        assert!(found.1.contains(report) && found.1.contains(plan), "{}", found.1);
    }
    assert_eq!(
        disagree.len(),
        4,
        "no disagreement where both say the same: {disagree:?}"
    );

    // A count its list of names does not match, and units missing from a figure.
    let counts = of(FindingKind::DocumentCountMismatch);
    assert!(
        counts.iter().any(|(m, s)| m.contains(
            "ghi 03 xã (xã không đạt tiêu chí 8) nhưng chỉ nêu tên 02 xã: Sì Lở Lầu, Vàng Ma Chải"
        ) && s.ends_with("mục II.1.2.h"))
    );
    assert!(
        counts
            .iter()
            .any(|(m, s)| m.starts_with("Kế hoạch ghi 05 xã") && s.starts_with(plan))
    );
    let missing = of(FindingKind::DocumentMissingUnit);
    assert!(
        missing
            .iter()
            .any(|(m, _)| m.contains("thiếu 02 xã") && m.contains("Vàng Ma Chải") && m.contains("Mù Sang")),
        "{missing:?}"
    );

    // Registrations for 2024 of what 2023 already meets.
    let registered = of(FindingKind::RegistrationAlreadyMet);
    assert!(
        registered
            .iter()
            .any(|(m, s)| m.starts_with("Xã Dào San đăng ký hoàn thành tiêu chí 8")
                && s.contains("133/KH-UBND"))
    );
    assert!(
        registered
            .iter()
            .any(|(m, _)| m.starts_with("Xã Lản Nhì Thàng đăng ký hoàn thành tiêu chí 6"))
    );

    // "04/16 xã đạt chuẩn" is right (four decisions); only named communes disagree.
    assert!(
        !stats
            .findings
            .iter()
            .any(|f| f.message.contains("đạt chuẩn nông thôn mới; theo các quyết định"))
    );
    let recognised = of(FindingKind::RecognizedNotMeeting);
    assert_eq!(recognised.len(), 2, "{recognised:?}");

    // The district's own household totals disagree (16.184, 15.621, 17.617).
    let checks = of(FindingKind::EntryCheck);
    assert!(
        checks.iter().any(
            |(m, _)| m.starts_with("Huyện Phong Thổ: Tổng số hộ phải như nhau")
                && m.contains("16.184")
                && m.contains("17.617")
        ),
        "{checks:?}"
    );
}

#[tokio::test]
async fn a_period_without_data_loses_nothing_and_coverage_is_counted_apart() {
    let (program, _dir) = demo().await;
    let next = program
        .stats(&actor(), "109", Period::year(2024), None)
        .await
        .expect("2024");
    assert_eq!((next.communes, next.communes_with_data), (16, 0));
    assert_eq!(next.average_criteria_text, None);
    let changes = next.changes.expect("2023 exists");
    assert!(
        changes.all_criteria_lost.is_empty(),
        "Huổi Luông and Mường So lose nothing"
    );
    assert!(changes.per_criterion.iter().all(|c| c.lost.is_empty()));

    let province = program
        .stats(&actor(), "12", Y2023, None)
        .await
        .expect("province");
    assert_eq!(
        (province.communes_with_data, province.communes_without_data),
        (29, 65)
    );
    assert_eq!(province.coverage_text, "29/94 xã có số liệu");
    // (177 + 173) / 29.
    assert_eq!(province.average_criteria_text.as_deref(), Some("12,07"));
    let under_ten = province.brackets.iter().find(|b| b.max == 9).expect("bracket");
    assert_eq!(under_ten.count, 9 + 4, "only communes with data are under 10");
}

#[tokio::test]
async fn a_consistency_rule_and_a_history_rule_warn_on_import_and_on_the_entry_form() {
    let (program, _dir) = demo().await;
    let csv = "unit_code,period,indicator,achieved,total\n\
               03589,2023,4.2,700,1000\n\
               03589,2023,9.2,800,1200\n";
    let summary = program
        .import_values_csv(&actor(), "hang-nam.csv", csv.as_bytes())
        .await
        .expect("imported");
    assert_eq!(summary.created, 2);
    assert!(
        summary.warnings.iter().any(
            |w| w.starts_with("Xã Mường So (năm 2023): Tổng số hộ phải như nhau")
                && w.contains("chỉ tiêu 4.2: 1.000; chỉ tiêu 9.2: 1.200")
        ),
        "{:?}",
        summary.warnings
    );
    // A year on, electricity jumps 25 points: a history warning.
    let csv = "unit_code,period,indicator,achieved,total\n03589,2024,4.2,950,1000\n";
    let summary = program
        .import_values_csv(&actor(), "nam-sau.csv", csv.as_bytes())
        .await
        .expect("imported");
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("tăng 25 điểm phần trăm so với năm 2023 (từ 70% lên 95%)")),
        "{:?}",
        summary.warnings
    );
    // The same rules on the entry form, and after a save from it.
    let form = program
        .entry_form(&actor(), "03589", Period::year(2024))
        .await
        .expect("form");
    assert!(
        form.warnings.iter().any(|w| w.contains("tăng 25 điểm phần trăm")),
        "{:?}",
        form.warnings
    );
    let saved = program
        .save_entry(
            &actor(),
            "03589",
            Period::year(2024),
            &[ValueInput {
                indicator: "9.2".into(),
                achieved: Some("500".into()),
                total: Some("900".into()),
                provenance: Some("theo văn bản".into()),
                ..ValueInput::default()
            }],
            &[],
        )
        .await
        .expect("saved");
    assert!(
        saved
            .warnings
            .iter()
            .any(|w| w.contains("Tổng số hộ phải như nhau")),
        "{:?}",
        saved.warnings
    );
    // The page shows where each value came from.
    let detail = program
        .unit_detail(&actor(), "03589", Period::year(2024))
        .await
        .expect("detail");
    let evaluation = detail.evaluation.expect("evaluated");
    let provenance = |code: &str| {
        evaluation
            .criteria
            .iter()
            .flat_map(|c| &c.indicators)
            .find(|i| i.code == code)
            .and_then(|i| i.provenance)
    };
    assert_eq!(provenance("4.2"), Some(Provenance::Imported));
    assert_eq!(provenance("9.2"), Some(Provenance::Document));
    // The findings list them too.
    let stats = program
        .stats(&actor(), "109", Period::year(2024), None)
        .await
        .expect("stats");
    assert!(
        stats
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::EntryCheck && f.message.starts_with("Xã Mường So: "))
    );
}

#[tokio::test]
async fn the_demos_filled_in_values_carry_their_mark() {
    let (program, _dir) = demo().await;
    let stats = program.stats(&actor(), "109", Y2023, None).await.expect("stats");
    // Criterion 8: 14 communes meet it by the list of names (derived).
    let eight = stats
        .per_criterion
        .iter()
        .find(|c| c.criterion == "8")
        .expect("8");
    assert_eq!(eight.marks.derived.len(), 14);
    assert!(
        stats
            .per_criterion
            .iter()
            .find(|c| c.criterion == "2")
            .expect("2")
            .marks
            .is_empty()
    );
    // 2022 was built to complete the picture: every change rests on it.
    let changes = stats.changes.expect("2022");
    assert!(changes.per_criterion.iter().all(|c| !c.marks.is_empty()));
    assert!(
        changes
            .marks_before
            .estimated
            .contains(&"Lản Nhì Thàng".to_string())
    );
    let villages = stats.villages.expect("villages");
    assert_eq!(
        villages.estimated, villages.with_data,
        "which village meets what is filled in"
    );
    let muong_te = program
        .stats(&actor(), "107", Y2023, None)
        .await
        .expect("Mường Tè");
    let schools = muong_te
        .per_criterion
        .iter()
        .find(|c| c.criterion == "5")
        .expect("5");
    assert_eq!(schools.marks.estimated.len(), 13, "seed 000 gives only the count");
}
