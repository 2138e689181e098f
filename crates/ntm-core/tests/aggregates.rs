//! Aggregates: properties that must hold for any data (bracket counts add up to
//! the number of communes; per-criterion counts add up to average × communes),
//! and the effective-dated hierarchy across the 2025 reorganisation.

mod common;

use ntm_core::aggregate::{FindingKind, Stats, StatsInput, compute_stats};
use ntm_core::hierarchy::{Hierarchy, ParentLink, Succession, SuccessionKind};
use ntm_core::period::Period;
use ntm_core::recognition::{Recognition, Tier};
use ntm_core::region::Region;
use ntm_core::reported::{Claim, ReportedFigure};
use ntm_core::unit::{UnitId, UnitKind};
use ntm_core::validity::Validity;
use ntm_core::value::PeriodValues;
use proptest::prelude::*;
use time::macros::date;

fn stats_for(
    hierarchy: &Hierarchy,
    values: &PeriodValues,
    previous: Option<&PeriodValues>,
    recognitions: &[Recognition],
    reported: &[ReportedFigure],
) -> Stats {
    let catalog = common::shipped_catalog();
    let set = catalog.set("lai-chau-1285-2022").expect("set").clone();
    let root = hierarchy.unit(UnitId(2)).expect("district").clone();
    compute_stats(StatsInput {
        hierarchy,
        root: &root,
        period: values.period,
        set: &set,
        values,
        previous,
        village_set: None,
        recognitions,
        reported,
        day: None,
        registrations: &[],
    })
    .expect("figures")
}

fn figure(claim: Claim) -> ReportedFigure {
    ReportedFigure {
        unit: UnitId(2),
        period: Period::year(2023),
        document: "Báo cáo năm 2023".into(),
        place: "mục II".into(),
        claim,
    }
}

proptest! {
    #[test]
    fn counts_always_add_up(matrix in prop::collection::vec(prop::collection::vec(0u8..3, 19), 1..25)) {
        let hierarchy = common::district(Region::NorthernMidlandsMountains, matrix.len());
        let catalog = common::shipped_catalog();
        let set = catalog.set("lai-chau-1285-2022").expect("set");
        let mut values = PeriodValues::new(Period::year(2023));
        for (i, row) in matrix.iter().enumerate() {
            let obs = values.unit_mut(UnitId(10 + i as i64));
            for (c, cell) in row.iter().enumerate() {
                // 0: met, 1: not met, 2: no assessment.
                if *cell < 2 {
                    obs.set_assessment(set.criteria[c].key, *cell == 0);
                }
            }
        }
        let stats = stats_for(&hierarchy, &values, None, &[], &[]);
        let n = matrix.len() as u32;
        // A commune with no assessment at all has no data: counted apart.
        let with_data = matrix.iter().filter(|row| row.iter().any(|c| *c < 2)).count() as u32;
        prop_assert_eq!(stats.communes, n);
        prop_assert_eq!(stats.communes_with_data, with_data);
        prop_assert_eq!(stats.communes_without_data, n - with_data);
        prop_assert_eq!(stats.without_data.len() as u32, n - with_data);
        prop_assert_eq!(stats.brackets.iter().map(|b| b.count).sum::<u32>(), with_data);
        let per_criterion: u32 = stats.per_criterion.iter().map(|c| c.met).sum();
        prop_assert_eq!(per_criterion, stats.criteria_met_total);
        let expected: u32 = matrix.iter().flatten().filter(|c| **c == 0).count() as u32;
        prop_assert_eq!(stats.criteria_met_total, expected);
        // The average is the exact ratio over communes with data, rounded half up.
        match stats.average_criteria {
            Some(average) => {
                let exact = f64::from(stats.criteria_met_total) / f64::from(with_data);
                prop_assert!((average - exact).abs() <= 0.005 + 1e-9);
                prop_assert!((average * f64::from(with_data) - f64::from(per_criterion)).abs() <= 0.005 * f64::from(with_data) + 1e-9);
            }
            None => prop_assert_eq!(with_data, 0),
        }
        let nineteen = stats.brackets.iter().find(|b| b.min == 19).expect("19 bracket");
        prop_assert_eq!(nineteen.count, stats.all_criteria_met.count);
        for c in &stats.per_criterion {
            prop_assert_eq!(c.total, with_data);
            prop_assert_eq!(c.met as usize + c.not_met.len() + c.no_data.len(), with_data as usize);
        }
    }
}

#[test]
fn findings_name_recognised_communes_short_of_the_standard_and_wrong_report_figures() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 2);
    let catalog = common::shipped_catalog();
    let set = catalog.set("lai-chau-1285-2022").expect("set");
    let mut values = PeriodValues::new(Period::year(2023));
    for (id, met) in [(10, 19), (11, 18)] {
        let obs = values.unit_mut(UnitId(id));
        for (i, c) in set.criteria.iter().enumerate() {
            obs.set_assessment(c.key, i < met);
        }
    }
    let recognitions: Vec<Recognition> = [10, 11]
        .into_iter()
        .map(|id| Recognition {
            unit: UnitId(id),
            tier: Tier::Standard,
            decision: "935/QĐ-UBND".into(),
            decided_on: date!(2017 - 08 - 28),
            judged_under: None,
            revoked_on: None,
            note: None,
        })
        .collect();
    let reported = vec![
        // Right: both hold a recognition decision, whatever their values say.
        figure(Claim::StandardCount { count: 2 }),
        figure(Claim::CriterionCount {
            criterion: "19".into(),
            count: 2,
        }),
        figure(Claim::Average { hundredths: 1850 }),
    ];
    let stats = stats_for(&hierarchy, &values, None, &recognitions, &reported);
    let recognised: Vec<_> = stats
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::RecognizedNotMeeting)
        .collect();
    assert_eq!(recognised.len(), 1);
    assert_eq!(recognised[0].unit.as_deref(), Some("90001"));
    assert!(
        recognised[0].message.contains("18/19") && recognised[0].message.contains("chưa đạt: tiêu chí 19 ("),
        "{}",
        recognised[0].message
    );
    let mismatches: Vec<&str> = stats
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::ReportedFigureMismatch)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(mismatches.len(), 1, "{mismatches:?}");
    assert!(
        mismatches[0].contains("ghi 02/02 xã đạt tiêu chí 19 (Quốc phòng và An ninh); số liệu cho 01/02"),
        "{mismatches:?}"
    );
    assert_eq!(stats.recognized.count, 2);
    assert_eq!(stats.all_criteria_met.count, 1);
    assert_eq!(
        stats.recognized.short_of_all_criteria,
        vec!["Xã số 1".to_string()]
    );

    // A count of recognitions that the decisions do not give is a finding.
    let stats = stats_for(
        &hierarchy,
        &values,
        None,
        &recognitions,
        &[figure(Claim::StandardCount { count: 3 })],
    );
    let messages: Vec<&str> = stats.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains(
            "Báo cáo ghi 03/02 xã đạt chuẩn nông thôn mới; theo các quyết định công nhận còn hiệu lực có 02/02 xã (Xã số 0, Xã số 1)"
        )),
        "{messages:?}"
    );
}

#[test]
fn gains_and_losses_are_named() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 3);
    let catalog = common::shipped_catalog();
    let set = catalog.set("lai-chau-1285-2022").expect("set");
    let transport = set.criteria[1].key;
    let mut before = PeriodValues::new(Period::year(2022));
    let mut now = PeriodValues::new(Period::year(2023));
    for (id, b, a) in [(10, false, true), (11, true, false), (12, true, true)] {
        before.unit_mut(UnitId(id)).set_assessment(transport, b);
        now.unit_mut(UnitId(id)).set_assessment(transport, a);
    }
    let stats = stats_for(&hierarchy, &now, Some(&before), &[], &[]);
    let changes = stats.changes.expect("changes");
    let c2 = &changes.per_criterion[1];
    assert_eq!((c2.before, c2.after), (2, 2));
    assert_eq!(c2.gained, vec!["Xã số 0".to_string()]);
    assert_eq!(c2.lost, vec!["Xã số 1".to_string()]);
    assert!(
        changes.per_criterion[0].gained.is_empty(),
        "no data is neither a gain nor a loss"
    );
}

/// Province 12; old district 109 with communes A, B until 30/6/2025; from
/// 1/7/2025 commune C (reusing A's code) directly under the province.
fn reorganised() -> Hierarchy {
    let old = Validity::new(None, Some(date!(2025 - 06 - 30)));
    let new = Validity::new(Some(date!(2025 - 07 - 01)), None);
    let mut p = common::unit(1, "12", UnitKind::Province, "Lai Châu");
    p.region = Some(Region::NorthernMidlandsMountains);
    let mut d = common::unit(2, "109", UnitKind::District, "Phong Thổ");
    d.validity = old;
    let mut a = common::unit(10, "03589", UnitKind::Commune, "Mường So");
    a.validity = old;
    let mut b = common::unit(11, "03583", UnitKind::Commune, "Khổng Lào");
    b.validity = old;
    let mut c = common::unit(20, "03589", UnitKind::Commune, "Khổng Lào (mới)");
    c.validity = new;
    let links = [
        ParentLink {
            child: UnitId(2),
            parent: UnitId(1),
            validity: old,
        },
        ParentLink {
            child: UnitId(10),
            parent: UnitId(2),
            validity: old,
        },
        ParentLink {
            child: UnitId(11),
            parent: UnitId(2),
            validity: old,
        },
        ParentLink {
            child: UnitId(20),
            parent: UnitId(1),
            validity: new,
        },
    ];
    let successions = vec![
        Succession {
            predecessor: UnitId(10),
            successor: UnitId(20),
            date: date!(2025 - 07 - 01),
            kind: SuccessionKind::Merge,
        },
        Succession {
            predecessor: UnitId(11),
            successor: UnitId(20),
            date: date!(2025 - 07 - 01),
            kind: SuccessionKind::Merge,
        },
    ];
    Hierarchy::new(vec![p, d, a, b, c], &links, successions).expect("hierarchy")
}

#[test]
fn figures_use_the_hierarchy_of_their_period() {
    let h = reorganised();
    let province = h.unit(UnitId(1)).expect("p");
    let in_2023 = h.subtree_at(province.id, Period::year(2023).end(), &[UnitKind::Commune]);
    // In code order: 03583 before 03589.
    assert_eq!(in_2023.iter().map(|u| u.id.0).collect::<Vec<_>>(), vec![11, 10]);
    let in_2026 = h.subtree_at(province.id, Period::year(2026).end(), &[UnitKind::Commune]);
    assert_eq!(in_2026.iter().map(|u| u.id.0).collect::<Vec<_>>(), vec![20]);
    // The old district still answers for 2025, on its last valid day.
    let district = h
        .resolve(&"109".parse().expect("code"), Period::year(2025))
        .expect("109 in 2025");
    assert_eq!(
        h.reference_date(district, Period::year(2025)),
        date!(2025 - 06 - 30)
    );
    assert_eq!(
        h.subtree_at(district.id, date!(2025 - 06 - 30), &[UnitKind::Commune])
            .len(),
        2
    );
    assert!(
        h.resolve(&"109".parse().expect("code"), Period::year(2026))
            .is_err()
    );
}

#[test]
fn a_reused_code_names_the_unit_valid_in_the_period() {
    let h = reorganised();
    let code = "03589".parse().expect("code");
    assert_eq!(h.resolve(&code, Period::year(2023)).expect("2023").id, UnitId(10));
    assert_eq!(h.resolve(&code, Period::year(2026)).expect("2026").id, UnitId(20));
    // In 2025 both held the code; the one valid at the end of the year wins.
    assert_eq!(h.resolve(&code, Period::year(2025)).expect("2025").id, UnitId(20));
    assert_eq!(
        h.resolve(&code, "2025-H1".parse().expect("p")).expect("H1").id,
        UnitId(10)
    );
    let before: Vec<i64> = h.predecessors(UnitId(20)).iter().map(|(u, _)| u.id.0).collect();
    assert_eq!(before, vec![10, 11]);
}

/// A province of two districts; commune `i` lies in the first district when
/// `in_first[i]`.
fn two_districts(in_first: &[bool]) -> Hierarchy {
    let mut p = common::unit(1, "12", UnitKind::Province, "Lai Châu");
    p.region = Some(Region::NorthernMidlandsMountains);
    let mut units = vec![
        p,
        common::unit(2, "105", UnitKind::District, "Tam Đường"),
        common::unit(3, "106", UnitKind::District, "Mường Tè"),
    ];
    let mut links = vec![common::link(2, 1), common::link(3, 1)];
    for (i, first) in in_first.iter().enumerate() {
        let id = 10 + i as i64;
        units.push(common::unit(
            id,
            &format!("9{i:04}"),
            UnitKind::Commune,
            &format!("Xã số {i}"),
        ));
        links.push(common::link(id, if *first { 2 } else { 3 }));
    }
    Hierarchy::new(units, &links, Vec::new()).expect("hierarchy")
}

proptest! {
    #[test]
    fn the_figures_by_district_add_up_to_the_province_s(
        rows in prop::collection::vec((any::<bool>(), prop::collection::vec(0u8..3, 19)), 1..25)
    ) {
        let in_first: Vec<bool> = rows.iter().map(|(f, _)| *f).collect();
        let hierarchy = two_districts(&in_first);
        let catalog = common::shipped_catalog();
        let set = catalog.set("lai-chau-1285-2022").expect("set");
        let mut values = PeriodValues::new(Period::year(2023));
        for (i, (_, row)) in rows.iter().enumerate() {
            let obs = values.unit_mut(UnitId(10 + i as i64));
            for (c, cell) in row.iter().enumerate() {
                if *cell < 2 {
                    obs.set_assessment(set.criteria[c].key, *cell == 0);
                }
            }
        }
        let root = hierarchy.unit(UnitId(1)).expect("province").clone();
        let stats = common::plain_stats(&hierarchy, &root, set, &values);
        let subs = &stats.per_subdivision;
        prop_assert_eq!(subs.len(), 2);
        prop_assert_eq!(subs[0].unit.code.as_str(), "105");
        prop_assert_eq!(subs[0].communes as usize, in_first.iter().filter(|f| **f).count());
        prop_assert_eq!(subs.iter().map(|s| s.communes).sum::<u32>(), stats.communes);
        prop_assert_eq!(subs.iter().map(|s| s.communes_with_data).sum::<u32>(), stats.communes_with_data);
        prop_assert_eq!(subs.iter().map(|s| s.communes_judged).sum::<u32>(), stats.communes_judged);
        prop_assert_eq!(subs.iter().map(|s| s.criteria_met_total).sum::<u32>(), stats.criteria_met_total);
        prop_assert_eq!(subs.iter().map(|s| s.all_criteria_met).sum::<u32>(), stats.all_criteria_met.count);
        for (i, c) in stats.per_criterion.iter().enumerate() {
            prop_assert_eq!(subs.iter().map(|s| s.per_criterion_met[i]).sum::<u32>(), c.met);
        }
        // Each district's own figures, computed with it as the root, agree.
        for sub in subs {
            let unit = hierarchy.units().iter().find(|u| u.code.as_str() == sub.unit.code).expect("district").clone();
            let own = common::plain_stats(&hierarchy, &unit, set, &values);
            prop_assert_eq!(sub.communes_judged, own.communes_judged);
            prop_assert_eq!(&sub.average_criteria_text, &own.average_criteria_text);
            prop_assert_eq!(sub.all_criteria_met, own.all_criteria_met.count);
            prop_assert!(own.per_subdivision.is_empty());
        }
    }
}
