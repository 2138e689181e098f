//! The demo reproduces the source documents' figures: Phong Thổ's 2023
//! per-criterion lists (seed 001), the average and brackets they imply, and
//! findings for the contradictions the brief names.

mod common;

use std::sync::Arc;

use common::{actor, demo};
use ntm_app::criteria::catalog_files::shipped_catalog;
use ntm_app::demo::build_demo;
use ntm_core::aggregate::{FindingKind, Stats};
use ntm_core::period::Period;

fn names(stats: &Stats, criterion: &str) -> Vec<String> {
    let mut n = stats
        .per_criterion
        .iter()
        .find(|c| c.criterion == criterion)
        .expect("criterion")
        .communes
        .clone();
    n.sort();
    n
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[tokio::test]
async fn phong_tho_2023_matches_the_seed_lists() {
    let (program, _dir) = demo().await;
    let stats = program
        .stats(&actor(), "109", Period::year(2023), None)
        .await
        .expect("stats");
    assert_eq!(stats.communes, 16);
    assert_eq!(stats.criteria_set.code, "lai-chau-1285-2022");
    assert_eq!(
        names(&stats, "2"),
        sorted(&["Mường So", "Khổng Lào", "Ma Li Pho", "Huổi Luông"])
    );
    assert_eq!(names(&stats, "10"), sorted(&["Mường So", "Huổi Luông"]));
    assert_eq!(
        names(&stats, "5"),
        sorted(&[
            "Mường So",
            "Khổng Lào",
            "Ma Li Pho",
            "Huổi Luông",
            "Lản Nhì Thàng",
            "Nậm Xe",
            "Hoang Thèn",
            "Dào San",
            "Bản Lang"
        ])
    );
    let counts: Vec<u32> = stats.per_criterion.iter().map(|c| c.met).collect();
    assert_eq!(
        counts,
        vec![16, 4, 16, 16, 9, 5, 16, 14, 5, 2, 4, 7, 6, 6, 6, 14, 4, 11, 16]
    );
    assert_eq!(stats.criteria_met_total, 177);
    assert_eq!(stats.average_criteria_text.as_deref(), Some("11,06"));
    assert_eq!(stats.coverage_text, "16/16 xã có số liệu");
    let brackets: Vec<u32> = stats.brackets.iter().map(|b| b.count).collect();
    assert_eq!(brackets, vec![2, 2, 3, 9]);
    assert_eq!(
        stats.all_criteria_met.communes,
        vec!["Huổi Luông".to_string(), "Mường So".to_string()]
    );
    // Recognition is a decision, apart from meeting every criterion.
    assert_eq!(stats.recognized.count, 4);
    assert_eq!(
        stats.recognized.short_of_all_criteria,
        vec!["Ma Li Pho".to_string(), "Khổng Lào".to_string()]
    );
}

#[tokio::test]
async fn phong_tho_findings_name_the_contradictions() {
    let (program, _dir) = demo().await;
    let stats = program
        .stats(&actor(), "109", Period::year(2023), None)
        .await
        .expect("stats");
    let of = |kind: FindingKind| -> Vec<&str> {
        stats
            .findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.message.as_str())
            .collect()
    };
    let recognised = of(FindingKind::RecognizedNotMeeting);
    assert_eq!(recognised.len(), 2, "{recognised:?}");
    assert!(
        recognised
            .iter()
            .any(|m| m.contains("Khổng Lào") && m.contains("18/19")),
        "{recognised:?}"
    );
    assert!(
        recognised
            .iter()
            .any(|m| m.contains("Ma Li Pho") && m.contains("18/19")),
        "{recognised:?}"
    );
    let reported = of(FindingKind::ReportedFigureMismatch);
    let has = |needle: &str| reported.iter().any(|m| m.contains(needle));
    assert!(has("ghi 13/16 xã đạt tiêu chí 8"), "{reported:?}");
    // "04/16 xã đạt chuẩn" is right: four communes hold a recognition decision.
    assert!(
        !has("đạt chuẩn nông thôn mới; theo các quyết định"),
        "{reported:?}"
    );
    assert!(
        has(
            "ghi 04 xã 19 tiêu chí; số liệu cho 02 xã (Huổi Luông, Mường So); các xã đã được công nhận đạt chuẩn nhưng chưa đạt đủ 19 tiêu chí: Ma Li Pho, Khổng Lào"
        ),
        "{reported:?}"
    );
    assert!(
        has("Báo cáo ghi xã Mường So đạt 15/19 tiêu chí; số liệu cho 19/19"),
        "{reported:?}"
    );
    assert!(
        has("Báo cáo ghi xã Huổi Luông đạt 13/19 tiêu chí nhưng chỉ liệt kê 12"),
        "{reported:?}"
    );
    assert!(
        has("chỉ tiêu 2.3 đạt 75%; 146,51/187,62 km là 78,09%"),
        "{reported:?}"
    );
    assert!(
        !has("bình quân"),
        "the lists give the report's own average: {reported:?}"
    );
    assert!(!has("chỉ tiêu 2.2"), "71,2% is right: {reported:?}");
}

#[tokio::test]
async fn changes_against_2022_name_the_gains() {
    let (program, _dir) = demo().await;
    let stats = program
        .stats(&actor(), "109", Period::year(2023), None)
        .await
        .expect("stats");
    let changes = stats.changes.expect("2022 data exists");
    let c5 = &changes.per_criterion[4];
    assert_eq!(
        (c5.before, c5.after, c5.gained.clone()),
        (8, 9, vec!["Bản Lang".to_string()])
    );
    let c15 = &changes.per_criterion[14];
    assert_eq!(c15.gained.len(), 2);
}

#[tokio::test]
async fn muong_te_2023_contradicts_its_own_average() {
    let (program, _dir) = demo().await;
    let stats = program
        .stats(&actor(), "107", Period::year(2023), None)
        .await
        .expect("stats");
    assert_eq!(stats.communes, 13);
    assert_eq!(stats.criteria_met_total, 173);
    assert_eq!(stats.average_criteria_text.as_deref(), Some("13,31"));
    assert_eq!(
        stats.brackets.iter().map(|b| b.count).collect::<Vec<_>>(),
        vec![3, 1, 5, 4]
    );
    assert!(stats.findings.iter().any(|f| {
        f.message
            .contains("bình quân 13,38 tiêu chí/xã; số liệu cho 13,31")
    }));
}

#[tokio::test]
async fn villages_and_the_province() {
    let (program, _dir) = demo().await;
    let stats = program
        .stats(&actor(), "109", Period::year(2023), None)
        .await
        .expect("stats");
    let villages = stats.villages.expect("village set in force");
    assert_eq!(villages.total, 163);
    assert_eq!(
        villages.brackets.iter().map(|b| b.count).collect::<Vec<_>>(),
        vec![3, 3, 5, 3, 18, 16, 92, 23, 0]
    );
    let province = program
        .stats(&actor(), "12", Period::year(2023), None)
        .await
        .expect("province");
    assert_eq!(
        province.communes, 94,
        "Lai Châu had 94 communes (xã) before 2025 (VOV, 29/9/2023: \"39/94 xã\"), towns and wards aside"
    );
    let after = program
        .stats(&actor(), "12", Period::year(2026), None)
        .await
        .expect("2026");
    assert_eq!(after.criteria_set.code, "qd51-2025");
    assert_eq!(after.communes, 36);
}

#[tokio::test]
async fn building_twice_changes_nothing() {
    let (program, _dir) = demo().await;
    let store = Arc::clone(program.store());
    let before = store.latest_change().await.expect("seq");
    let (_, summary) = build_demo(store.clone(), shipped_catalog().expect("catalog"), &actor())
        .await
        .expect("again");
    assert_eq!(summary.units.created + summary.units.updated, 0, "{summary:?}");
    assert_eq!(summary.values.created + summary.values.updated, 0, "{summary:?}");
    // Only the reference rewrite is logged.
    assert!(store.latest_change().await.expect("seq") <= before + 1);
}

#[tokio::test]
async fn evaluation_names_owners_and_explains() {
    let (program, _dir) = demo().await;
    let report = program
        .evaluate(&actor(), "03589", Period::year(2023), None, Default::default())
        .await
        .expect("evaluate");
    assert_eq!(report.units.len(), 1);
    let so = &report.units[0];
    assert_eq!(so.met, 19);
    let transport = &so.criteria[1];
    assert_eq!(
        transport.owner.as_deref(),
        Some("Phòng Kinh tế và Hạ tầng huyện Phong Thổ")
    );
    let income = &so.criteria[9];
    assert_eq!(income.owner.as_deref(), Some("Chi cục Thống kê huyện Phong Thổ"));
    let defence = &so.criteria[18];
    assert_eq!(
        defence.indicators[0].owner.as_deref(),
        Some("Ban Chỉ huy Quân sự huyện Phong Thổ")
    );
    assert_eq!(
        defence.indicators[1].owner.as_deref(),
        Some("Công an huyện Phong Thổ")
    );
}

#[tokio::test]
async fn shared_figures_are_computed_once_and_anew_after_any_write() {
    let (program, _dir) = demo().await;
    let period = Period::year(2023);
    let first = program
        .shared_stats(&actor(), "109", period, None)
        .await
        .expect("stats");
    let again = program
        .shared_stats(&actor(), "109", period, None)
        .await
        .expect("stats");
    assert!(Arc::ptr_eq(&first, &again), "the same computation is shared");
    let before = first
        .per_criterion
        .iter()
        .find(|c| c.criterion == "8")
        .expect("8")
        .met;
    // Sì Lở Lầu's criterion 8 becomes met through its four indicators.
    let values: Vec<ntm_app::entry::ValueInput> = ["8.1", "8.2", "8.3", "8.4"]
        .iter()
        .map(|code| ntm_app::entry::ValueInput {
            indicator: code.to_string(),
            value: Some("đạt".into()),
            ..Default::default()
        })
        .collect();
    program
        .save_entry(&actor(), "03550", period, &values, &[])
        .await
        .expect("save");
    let after = program
        .shared_stats(&actor(), "109", period, None)
        .await
        .expect("stats");
    assert!(!Arc::ptr_eq(&first, &after));
    assert_eq!(
        after
            .per_criterion
            .iter()
            .find(|c| c.criterion == "8")
            .expect("8")
            .met,
        before + 1
    );
    let fresh = program.stats(&actor(), "109", period, None).await.expect("stats");
    assert_eq!(*after, fresh, "the shared figures are the computed ones");
}

/// Criterion 8 of Sì Lở Lầu (03550) made met through its four indicators.
fn criterion_8_met() -> Vec<ntm_app::entry::ValueInput> {
    ["8.1", "8.2", "8.3", "8.4"]
        .iter()
        .map(|code| ntm_app::entry::ValueInput {
            indicator: code.to_string(),
            value: Some("đạt".into()),
            ..Default::default()
        })
        .collect()
}

#[tokio::test]
async fn after_a_write_only_the_changed_commune_is_judged_again_even_from_another_process() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("demo.db");
    let path = path.to_str().expect("utf-8");
    let store = ntm_store::open(path).await.expect("open");
    let (reader, _) = build_demo(store, shipped_catalog().expect("catalog"), &actor())
        .await
        .expect("demo");
    // Another server process on the same database writes.
    let writer = ntm_app::Program::open(
        ntm_store::open(path).await.expect("open"),
        shipped_catalog().expect("catalog"),
    )
    .await
    .expect("writer");
    let period = Period::year(2023);
    let counts = || reader.activity();
    let first = reader.stats(&actor(), "109", period, None).await.expect("stats");
    let judged_first = counts().units_judged;
    assert!(judged_first > 0, "the first figures judge every unit");
    let again = reader.stats(&actor(), "109", period, None).await.expect("stats");
    assert_eq!(first, again);
    assert_eq!(
        counts().units_judged,
        judged_first,
        "nothing changed: nothing judged again"
    );
    assert!(counts().units_kept >= judged_first);

    writer
        .save_entry(&actor(), "03550", period, &criterion_8_met(), &[])
        .await
        .expect("save");
    let after = reader.stats(&actor(), "109", period, None).await.expect("stats");
    assert_eq!(
        counts().units_judged,
        judged_first + 1,
        "only Sì Lở Lầu's 2023 summary is judged again"
    );
    let met = |s: &Stats| {
        s.per_criterion
            .iter()
            .find(|c| c.criterion == "8")
            .expect("8")
            .met
    };
    assert_eq!(met(&after), met(&first) + 1, "the write shows in the next read");
    // A program with nothing kept computes the very same figures.
    let fresh = ntm_app::Program::open(
        ntm_store::open(path).await.expect("open"),
        shipped_catalog().expect("catalog"),
    )
    .await
    .expect("fresh")
    .stats(&actor(), "109", period, None)
    .await
    .expect("stats");
    assert_eq!(after, fresh);
}
