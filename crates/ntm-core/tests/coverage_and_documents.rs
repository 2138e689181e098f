//! Figures people can sign: coverage (communes without data neither count
//! nor gain nor lose), the marks of estimated and derived values, 0/0,
//! sums that do not fit, and the findings on the documents themselves.

mod common;

use ntm_core::aggregate::{FindingKind, Stats, StatsError, StatsInput, compute_stats};
use ntm_core::criteria::CriteriaSet;
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::plan::{Registration, TargetMetric, measure};
use ntm_core::quantity::Quantity;
use ntm_core::region::Region;
use ntm_core::reported::{Claim, NamedStatus, ReportedFigure};
use ntm_core::unit::UnitId;
use ntm_core::value::{IndicatorValue, PeriodValues, Provenance, ValueError};

fn set() -> CriteriaSet {
    common::shipped_catalog()
        .set("lai-chau-1285-2022")
        .expect("set")
        .clone()
}

struct Case<'a> {
    hierarchy: &'a Hierarchy,
    values: &'a PeriodValues,
    previous: Option<&'a PeriodValues>,
    reported: &'a [ReportedFigure],
    registrations: &'a [(UnitId, Registration)],
}

fn run(case: Case<'_>) -> Result<Stats, StatsError> {
    let set = set();
    let root = case.hierarchy.unit(UnitId(2)).expect("district").clone();
    compute_stats(StatsInput {
        hierarchy: case.hierarchy,
        root: &root,
        period: case.values.period,
        set: &set,
        values: case.values,
        previous: case.previous,
        village_set: None,
        recognitions: &[],
        reported: case.reported,
        registrations: case.registrations,
        day: None,
    })
}

fn simple(hierarchy: &Hierarchy, values: &PeriodValues, previous: Option<&PeriodValues>) -> Stats {
    run(Case {
        hierarchy,
        values,
        previous,
        reported: &[],
        registrations: &[],
    })
    .expect("figures")
}

/// Assessments for a commune: the first `met` criteria met, the rest not.
fn assess(values: &mut PeriodValues, id: i64, met: usize, provenance: Provenance) {
    let set = set();
    let obs = values.unit_mut(UnitId(id));
    for (i, c) in set.criteria.iter().enumerate() {
        obs.set_assessment_from(c.key, i < met, provenance);
    }
}

fn doc(document: &str, place: &str, period: i32, claim: Claim) -> ReportedFigure {
    ReportedFigure {
        unit: UnitId(2),
        period: Period::year(period),
        document: document.into(),
        place: place.into(),
        claim,
    }
}

#[test]
fn communes_without_data_are_counted_apart_and_out_of_every_figure() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 3);
    let mut values = PeriodValues::new(Period::year(2023));
    assess(&mut values, 10, 19, Provenance::Imported);
    assess(&mut values, 11, 10, Provenance::Imported);
    let stats = simple(&hierarchy, &values, None);
    assert_eq!(
        (
            stats.communes,
            stats.communes_with_data,
            stats.communes_without_data
        ),
        (3, 2, 1)
    );
    assert_eq!(stats.coverage_text, "02/03 xã có số liệu");
    assert_eq!(stats.without_data, vec!["Xã số 2".to_string()]);
    // 29 criteria over 2 communes, not over 3.
    assert_eq!(stats.average_criteria_text.as_deref(), Some("14,50"));
    assert_eq!(stats.brackets.iter().map(|b| b.count).sum::<u32>(), 2);
    let under_ten = stats.brackets.iter().find(|b| b.max == 9).expect("bracket");
    assert_eq!(under_ten.count, 0, "a commune without data is under no bracket");
    assert!(stats.per_criterion.iter().all(|c| c.total == 2));
    let empty = stats
        .per_commune
        .iter()
        .find(|c| c.name == "Xã số 2")
        .expect("listed");
    assert!(!empty.has_data && !empty.all_criteria_met);
    assert_eq!(
        measure(&TargetMetric::CriterionCommunes("1".into()), &stats),
        Some(Quantity::from_int(2))
    );
}

#[test]
fn a_period_without_data_has_no_figures_and_loses_nothing() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 2);
    let mut before = PeriodValues::new(Period::year(2023));
    assess(&mut before, 10, 19, Provenance::Document);
    assess(&mut before, 11, 19, Provenance::Document);
    let now = PeriodValues::new(Period::year(2024));
    let stats = simple(&hierarchy, &now, Some(&before));
    assert_eq!(stats.communes_with_data, 0);
    assert_eq!(stats.average_criteria, None, "no data: no average, never 0,00");
    assert_eq!(stats.coverage_text, "0/02 xã có số liệu");
    let changes = stats.changes.clone().expect("compared");
    assert_eq!(changes.communes_compared, 0);
    assert!(
        changes.all_criteria_lost.is_empty(),
        "no standard lost for lack of data"
    );
    assert!(
        changes
            .per_criterion
            .iter()
            .all(|c| c.lost.is_empty() && c.gained.is_empty())
    );
    assert_eq!(changes.average_before, None);
    assert_eq!(measure(&TargetMetric::AverageCriteria, &stats), None);
    assert_eq!(
        measure(&TargetMetric::CriterionCommunes("2".into()), &stats),
        None
    );
    assert_eq!(measure(&TargetMetric::AllCriteriaCommunes, &stats), None);
}

#[test]
fn a_criterion_gone_without_data_loses_nothing_a_criterion_found_unmet_does() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 2);
    let set = set();
    let mut before = PeriodValues::new(Period::year(2022));
    assess(&mut before, 10, 19, Provenance::Entered);
    assess(&mut before, 11, 19, Provenance::Entered);
    let mut now = PeriodValues::new(Period::year(2023));
    // Commune 10: 18 criteria assessed met, the last not assessed at all.
    for c in &set.criteria[..18] {
        now.unit_mut(UnitId(10)).set_assessment(c.key, true);
    }
    // Commune 11: the last criterion found unmet.
    assess(&mut now, 11, 18, Provenance::Entered);
    let stats = simple(&hierarchy, &now, Some(&before));
    let changes = stats.changes.clone().expect("compared");
    assert_eq!(changes.communes_compared, 2);
    assert_eq!(changes.all_criteria_lost, vec!["Xã số 1".to_string()]);
    assert_eq!(changes.per_criterion[18].lost, vec!["Xã số 1".to_string()]);
    assert_eq!(stats.communes_partial, 1);
}

#[test]
fn figures_resting_on_estimated_or_derived_values_carry_the_mark() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 3);
    let set = set();
    let mut values = PeriodValues::new(Period::year(2023));
    assess(&mut values, 10, 12, Provenance::Document);
    assess(&mut values, 11, 12, Provenance::Document);
    assess(&mut values, 12, 12, Provenance::Document);
    // Commune 11's criterion 9 was filled in; commune 12's criterion 8 derived.
    values
        .unit_mut(UnitId(11))
        .set_assessment_from(set.criteria[8].key, true, Provenance::Estimated);
    values
        .unit_mut(UnitId(12))
        .set_assessment_from(set.criteria[7].key, true, Provenance::Derived);
    let stats = simple(&hierarchy, &values, None);
    let nine = &stats.per_criterion[8];
    assert_eq!(nine.marks.estimated, vec!["Xã số 1".to_string()]);
    assert!(nine.marks.derived.is_empty());
    assert_eq!(stats.per_criterion[7].marks.derived, vec!["Xã số 2".to_string()]);
    assert!(
        stats.per_criterion[0].marks.is_empty(),
        "documented values carry no mark"
    );
    let one = stats
        .per_commune
        .iter()
        .find(|c| c.name == "Xã số 1")
        .expect("commune");
    assert_eq!(one.estimated_criteria, vec!["9".to_string()]);
    assert_eq!(stats.marks.estimated, vec!["Xã số 1".to_string()]);
    assert_eq!(stats.marks.derived, vec!["Xã số 2".to_string()]);
    assert!(
        nine.marks
            .note("")
            .is_some_and(|n| n.contains("ước tính, điền bổ sung (Xã số 1)"))
    );
    // A value decides a criterion when it can: its mark is what counts.
    let (_, electricity) = set.indicator("4.2").expect("4.2");
    let mut values = PeriodValues::new(Period::year(2023));
    values.unit_mut(UnitId(10)).set_value_from(
        electricity.key,
        IndicatorValue::Ratio {
            achieved: Quantity::from_int(1),
            total: Quantity::from_int(10),
        },
        Provenance::Estimated,
    );
    let stats = simple(&hierarchy, &values, None);
    assert_eq!(
        stats.per_criterion[3].marks.estimated,
        vec!["Xã số 0".to_string()]
    );
    assert_eq!(stats.per_criterion[3].not_met, vec!["Xã số 0".to_string()]);
}

#[test]
fn zero_over_zero_is_never_met_and_is_refused_on_entry() {
    let set = set();
    let (_, roads) = set.indicator("2.1").expect("2.1");
    let zero = IndicatorValue::Ratio {
        achieved: Quantity::ZERO,
        total: Quantity::ZERO,
    };
    assert!(matches!(zero.check(roads), Err(ValueError::ZeroTotal { .. })));
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 1);
    let mut values = PeriodValues::new(Period::year(2023));
    values.unit_mut(UnitId(10)).set_value(roads.key, zero);
    let stats = simple(&hierarchy, &values, None);
    assert_eq!(stats.per_criterion[1].met, 0, "0/0 is never met");
}

#[test]
fn a_sum_too_large_is_an_error_naming_the_units() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 2);
    let set = set();
    let (_, roads) = set.indicator("2.2").expect("2.2");
    let huge = Quantity::from_raw(i64::MAX / 2 + 1);
    let mut values = PeriodValues::new(Period::year(2023));
    for id in [10, 11] {
        values.unit_mut(UnitId(id)).set_value(
            roads.key,
            IndicatorValue::Ratio {
                achieved: huge,
                total: huge,
            },
        );
    }
    let err = run(Case {
        hierarchy: &hierarchy,
        values: &values,
        previous: None,
        reported: &[],
        registrations: &[],
    })
    .expect_err("an overflow is an error");
    let message = err.to_string();
    assert!(
        message.contains("tổng chỉ tiêu 2.2 của Huyện Phong Thổ"),
        "{message}"
    );
    assert!(
        message.contains("Xã Xã số 1") && message.contains("Xã số 0"),
        "{message}"
    );
}

#[test]
fn documents_are_checked_against_their_own_numbers_names_and_each_other() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 4);
    let mut values = PeriodValues::new(Period::year(2023));
    // Criterion 2 (index 1): communes 10 and 11 meet it, 12 and 13 do not.
    for (id, met) in [(10, 2), (11, 2), (12, 1), (13, 1)] {
        assess(&mut values, id, met, Provenance::Document);
    }
    let report = "Báo cáo kết quả năm 2023 của UBND huyện Phong Thổ";
    let plan = "Kế hoạch 133/KH-UBND ngày 15/4/2024 của UBND huyện Phong Thổ";
    let reported = vec![
        doc(
            report,
            "mục III.1",
            2023,
            Claim::StatedPercent {
                label: "Giải ngân vốn đầu tư chuyển nguồn năm 2022".into(),
                part: Quantity::from_int(3890),
                whole: Quantity::from_int(5939),
                printed: "65,6".into(),
            },
        ),
        doc(
            report,
            "mục II.1.2.a",
            2023,
            Claim::NamedCount {
                label: "chưa đạt tiêu chí 2".into(),
                count: 3,
                communes: vec!["90002".into()],
                criterion: Some("2".into()),
                status: Some(NamedStatus::NotMet),
            },
        ),
        doc(
            report,
            "mục II.1.2.a",
            2023,
            Claim::CriterionCount {
                criterion: "2".into(),
                count: 2,
            },
        ),
        doc(
            plan,
            "mục II.2",
            2023,
            Claim::CriterionCount {
                criterion: "2".into(),
                count: 3,
            },
        ),
    ];
    let stats = run(Case {
        hierarchy: &hierarchy,
        values: &values,
        previous: None,
        reported: &reported,
        registrations: &[],
    })
    .expect("figures");
    let of = |kind: FindingKind| -> Vec<(&str, &str)> {
        stats
            .findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| (f.message.as_str(), f.source.as_deref().unwrap_or("")))
            .collect()
    };
    let arithmetic = of(FindingKind::DocumentArithmetic);
    assert_eq!(arithmetic.len(), 1, "{arithmetic:?}");
    assert!(
        arithmetic[0].0.contains("ghi 65,6% nhưng 3.890/5.939 là 65,5%"),
        "{arithmetic:?}"
    );
    assert_eq!(arithmetic[0].1, format!("{report}, mục III.1"));
    let count = of(FindingKind::DocumentCountMismatch);
    assert!(
        count[0]
            .0
            .contains("ghi 03 xã (chưa đạt tiêu chí 2) nhưng chỉ nêu tên 01 xã: Xã số 2"),
        "{count:?}"
    );
    let missing = of(FindingKind::DocumentMissingUnit);
    assert!(
        missing
            .iter()
            .any(|(m, _)| m.contains("thiếu 01 xã") && m.contains("Xã số 3")),
        "{missing:?}"
    );
    let disagree = of(FindingKind::DocumentsDisagree);
    assert_eq!(disagree.len(), 1, "{disagree:?}");
    assert!(
        disagree[0]
            .0
            .contains(&format!("{report} (mục II.1.2.a) ghi 02/04 xã")),
        "{disagree:?}"
    );
    assert!(
        disagree[0].0.contains(&format!("{plan} (mục II.2) ghi 03/04 xã")),
        "{disagree:?}"
    );
    assert!(disagree[0].0.ends_with("số liệu cho 02/04 xã"), "{disagree:?}");
    // The plan's 3 is also what the values do not give.
    let against = of(FindingKind::ReportedFigureMismatch);
    assert!(
        against
            .iter()
            .any(|(m, s)| m.starts_with("Kế hoạch ghi 03/04") && s.starts_with(plan))
    );
}

#[test]
fn a_registration_for_a_criterion_already_met_is_a_finding() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 2);
    let mut values = PeriodValues::new(Period::year(2023));
    assess(&mut values, 10, 8, Provenance::Document);
    assess(&mut values, 11, 5, Provenance::Document);
    let registration = |criterion: &str| Registration {
        year: 2024,
        namespace: "xa-2021".into(),
        criterion: criterion.into(),
        indicator: None,
        agency: None,
        planned_capital: None,
        note: Some("Kế hoạch 133/KH-UBND, mục V".into()),
        proposed: false,
    };
    let registrations = vec![(UnitId(10), registration("8")), (UnitId(11), registration("8"))];
    let stats = run(Case {
        hierarchy: &hierarchy,
        values: &values,
        previous: None,
        reported: &[],
        registrations: &registrations,
    })
    .expect("figures");
    let found: Vec<_> = stats
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::RegistrationAlreadyMet)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].unit.as_deref(), Some("90000"));
    assert!(
        found[0].message.contains("đăng ký hoàn thành tiêu chí 8"),
        "{}",
        found[0].message
    );
    assert_eq!(found[0].source.as_deref(), Some("Kế hoạch 133/KH-UBND, mục V"));
}

/// A value of the indicator's kind (no threshold of the 2026 set judges it).
fn any_value(kind: ntm_core::criteria::IndicatorKind) -> IndicatorValue {
    use ntm_core::criteria::IndicatorKind;
    let q = |n| Quantity::from_int(n);
    match kind {
        IndicatorKind::YesNo => IndicatorValue::YesNo(true),
        IndicatorKind::Ratio => IndicatorValue::Ratio {
            achieved: q(3),
            total: q(4),
        },
        IndicatorKind::Number => IndicatorValue::Number(q(7)),
        IndicatorKind::Level => IndicatorValue::Level(0),
    }
}

fn stats_2026(values: &PeriodValues, hierarchy: &Hierarchy) -> Stats {
    let catalog = common::shipped_catalog();
    let set = catalog.set("qd51-2025").expect("the 2026-2030 set");
    let root = hierarchy.unit(UnitId(2)).expect("district").clone();
    common::plain_stats(hierarchy, &root, set, values)
}

/// Values for every indicator of the 2026-2030 set, whose thresholds no
/// source gives yet.
fn values_without_thresholds(values: &mut PeriodValues, id: i64) {
    let catalog = common::shipped_catalog();
    let set = catalog.set("qd51-2025").expect("the 2026-2030 set");
    let obs = values.unit_mut(UnitId(id));
    for i in set.criteria.iter().flat_map(|c| &c.indicators) {
        obs.set_value(i.key, any_value(i.kind));
    }
}

#[test]
fn values_no_threshold_judges_are_undetermined_never_zero_criteria_met() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 3);
    let mut values = PeriodValues::new(Period::year(2026));
    values_without_thresholds(&mut values, 10);
    let stats = stats_2026(&values, &hierarchy);
    assert_eq!((stats.communes_with_data, stats.communes_judged), (1, 0));
    assert!(stats.has_data() && !stats.is_judged());
    assert_eq!(stats.average_criteria, None, "no average, not 0,00");
    assert_eq!(stats.average_criteria_text, None);
    assert_eq!(stats.unjudged, vec!["Xã số 0".to_string()]);
    let why = stats.unjudged_text.as_deref().expect("the headline says why");
    assert!(why.starts_with("01 xã có số liệu nhưng chưa xác định"), "{why}");
    assert!(why.contains("chưa có ngưỡng"), "{why}");
    assert_eq!(stats.brackets.iter().map(|b| b.count).sum::<u32>(), 0);
    assert!(stats.per_criterion.iter().all(|c| c.total == 0));
    // Criteria with known indicators name the commune they cannot judge;
    // the others have no value of it at all.
    let catalog = common::shipped_catalog();
    let set = catalog.set("qd51-2025").expect("the 2026-2030 set");
    let with_indicators: Vec<&str> = set
        .criteria
        .iter()
        .filter(|c| !c.indicators.is_empty())
        .map(|c| c.code.as_str())
        .collect();
    assert!(!with_indicators.is_empty());
    for c in &stats.per_criterion {
        let expected: Vec<String> = if with_indicators.contains(&c.criterion.as_str()) {
            vec!["Xã số 0".into()]
        } else {
            Vec::new()
        };
        assert_eq!(c.unjudged, expected, "criterion {}", c.criterion);
    }
    let commune = stats
        .per_commune
        .iter()
        .find(|c| c.name == "Xã số 0")
        .expect("listed");
    assert!(commune.has_data && !commune.judged && !commune.all_criteria_met);
    assert_eq!(commune.unjudged_criteria, with_indicators);
    // Plans read no figure from it either.
    assert_eq!(measure(&TargetMetric::AverageCriteria, &stats), None);
    assert_eq!(measure(&TargetMetric::AllCriteriaCommunes, &stats), None);
}

#[test]
fn an_undetermined_commune_is_out_of_the_average_of_the_judged_ones() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 3);
    let mut values = PeriodValues::new(Period::year(2026));
    values_without_thresholds(&mut values, 10);
    let catalog = common::shipped_catalog();
    let set = catalog.set("qd51-2025").expect("the 2026-2030 set");
    // Xã số 1: two criteria assessed met, one not met.
    let obs = values.unit_mut(UnitId(11));
    obs.set_assessment(set.criteria[0].key, true);
    obs.set_assessment(set.criteria[1].key, true);
    obs.set_assessment(set.criteria[2].key, false);
    let stats = stats_2026(&values, &hierarchy);
    assert_eq!((stats.communes_with_data, stats.communes_judged), (2, 1));
    assert_eq!(stats.coverage_text, "02/03 xã có số liệu");
    // 2 criteria over the one judged commune, not over 2.
    assert_eq!(stats.average_criteria_text.as_deref(), Some("2,00"));
    assert_eq!(stats.criteria_met_total, 2);
    assert_eq!(stats.brackets.iter().map(|b| b.count).sum::<u32>(), 1);
    assert_eq!(stats.per_criterion[0].total, 1);
    assert_eq!(stats.per_criterion[0].met, 1);
    assert_eq!(
        measure(&TargetMetric::AverageCriteria, &stats),
        Some(Quantity::from_int(2))
    );
}
