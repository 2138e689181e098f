//! Criteria sets authored as data: thresholds by commune group and by year, a
//! commune without a group, drafts and their rules, version chains, the impact
//! of a new version, and the baseline of a merged commune.

mod common;

use ntm_core::baseline::{Derivation, baseline};
use ntm_core::criteria::draft::{
    EditError, Person, SetDraft, Stamp, TargetDraft, ThresholdDraft, VersionStatus,
};
use ntm_core::criteria::{Catalog, IndicatorKind, ThresholdContext};
use ntm_core::evaluation::impact::compare_sets;
use ntm_core::evaluation::{CriterionStatus, IndicatorStatus, evaluate_unit};
use ntm_core::hierarchy::{Hierarchy, Succession, SuccessionKind};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::region::Region;
use ntm_core::unit::{Flag, FlagSet, UnitId, UnitKind};
use ntm_core::validity::Validity;
use ntm_core::value::{IndicatorValue, PeriodValues, UnitObservations};
use time::macros::date;

fn stamp(user: &str) -> Stamp {
    Stamp {
        by: Person {
            username: user.into(),
            name: format!("Cán bộ {user}"),
        },
        at: "2026-11-30T08:00:00Z".into(),
    }
}

fn q(n: i64) -> Quantity {
    Quantity::from_int(n)
}

/// Lai Châu's own version of the 2026-2030 set, started from the shipped one.
fn lai_chau_draft() -> SetDraft {
    let catalog = common::shipped_catalog();
    let national = catalog.set("qd51-2025").expect("51");
    let mut draft = SetDraft::copy_of(national, "lai-chau-2026", 1, stamp("vpdp.laichau"));
    draft.scope = ntm_core::criteria::SetScope::Province("12".parse().expect("code"));
    draft.name = "Bộ tiêu chí xã nông thôn mới tỉnh Lai Châu giai đoạn 2026-2030".into();
    draft
}

fn citation() -> ThresholdDraft {
    ThresholdDraft {
        source: Some("Quyết định số 51/2025/QĐ-TTg".into()),
        place: Some("Phụ lục I".into()),
        page: Some("4".into()),
        ..ThresholdDraft::unknown(Vec::new())
    }
}

/// Water (8.a): at least 60/80/95% by group 3/2/1.
fn with_water_thresholds(draft: &mut SetDraft) {
    draft
        .put_group_thresholds(
            "8.a",
            &[
                (Flag::CommuneGroup1, TargetDraft::AtLeast(q(95))),
                (Flag::CommuneGroup2, TargetDraft::AtLeast(q(80))),
                (Flag::CommuneGroup3, TargetDraft::AtLeast(q(60))),
            ],
            &citation(),
            &stamp("vpdp.laichau"),
        )
        .expect("draft is editable");
}

fn ctx(flags: &[Flag], year: i32) -> ThresholdContext {
    ThresholdContext {
        region: Some(Region::NorthernMidlandsMountains),
        flags: flags.iter().copied().collect::<FlagSet>(),
        year,
    }
}

fn catalog_with(draft: &SetDraft) -> Catalog {
    let mut sets = common::shipped_catalog().sets().to_vec();
    sets.push(draft.build().expect("draft builds"));
    Catalog::from_sets(sets).expect("catalog")
}

fn water(catalog: &Catalog, set: &str, flags: &[Flag], percent: i64, year: i32) -> (IndicatorStatus, String) {
    let set = catalog.set(set).expect("set");
    let key = set.indicator("8.a").expect("8.a").1.key;
    let mut obs = UnitObservations::default();
    obs.set_value(
        key,
        IndicatorValue::Ratio {
            achieved: q(percent),
            total: q(100),
        },
    );
    let eval = evaluate_unit(set, UnitId(1), Period::year(year), ctx(flags, year), Some(&obs));
    let r = eval.criteria[7]
        .indicators
        .iter()
        .find(|r| r.indicator.code == "8.a")
        .expect("8.a")
        .clone();
    (r.status, r.threshold.reason_vi())
}

#[test]
fn a_threshold_depends_on_the_commune_group() {
    let mut draft = lai_chau_draft();
    with_water_thresholds(&mut draft);
    let catalog = catalog_with(&draft);
    assert_eq!(
        water(&catalog, "lai-chau-2026", &[Flag::CommuneGroup3], 70, 2026).0,
        IndicatorStatus::Met
    );
    assert_eq!(
        water(&catalog, "lai-chau-2026", &[Flag::CommuneGroup2], 70, 2026).0,
        IndicatorStatus::NotMet
    );
    assert_eq!(
        water(&catalog, "lai-chau-2026", &[Flag::CommuneGroup1], 94, 2026).0,
        IndicatorStatus::NotMet
    );
    assert_eq!(
        water(&catalog, "lai-chau-2026", &[Flag::CommuneGroup1], 95, 2026).0,
        IndicatorStatus::Met
    );
}

#[test]
fn a_commune_without_a_group_is_not_judged_by_a_guess() {
    let mut draft = lai_chau_draft();
    with_water_thresholds(&mut draft);
    let catalog = catalog_with(&draft);
    let (status, reason) = water(&catalog, "lai-chau-2026", &[], 99, 2026);
    assert_eq!(
        status,
        IndicatorStatus::NoThreshold,
        "no group: no threshold applies"
    );
    assert!(reason.contains("chưa xếp nhóm"), "{reason}");
}

#[test]
fn a_threshold_can_depend_on_the_year() {
    let mut draft = lai_chau_draft();
    for (years, at_least) in [((2026, 2027), 70), ((2028, 2030), 85)] {
        draft
            .put_threshold(
                "8.a",
                None,
                ThresholdDraft {
                    flags: vec![Flag::CommuneGroup3],
                    years: Some(years),
                    target: TargetDraft::AtLeast(q(at_least)),
                    ..citation()
                },
                &stamp("vpdp.laichau"),
            )
            .expect("editable");
    }
    let catalog = catalog_with(&draft);
    assert_eq!(
        water(&catalog, "lai-chau-2026", &[Flag::CommuneGroup3], 75, 2026).0,
        IndicatorStatus::Met
    );
    let (status, reason) = water(&catalog, "lai-chau-2026", &[Flag::CommuneGroup3], 75, 2029);
    assert_eq!(status, IndicatorStatus::NotMet);
    assert!(reason.contains("năm 2029"), "{reason}");
}

#[test]
fn a_published_version_is_never_edited_in_place() {
    let mut draft = lai_chau_draft();
    with_water_thresholds(&mut draft);
    draft
        .publish(date!(2026 - 02 - 15), stamp("vpdp.laichau"))
        .expect("publishable");
    assert_eq!(draft.status, VersionStatus::Published);
    let refused = draft.put_threshold("8.a", Some(1), citation(), &stamp("vpdp.laichau"));
    assert!(matches!(refused, Err(EditError::Published(_))), "{refused:?}");
    assert!(draft.remove_indicator("8.a").is_err());
    // Its next version is a draft with the same content.
    let next = draft.next_version(2, stamp("vpdp.laichau"));
    assert_eq!(next.status, VersionStatus::Draft);
    assert_eq!(next.criteria, draft.criteria);
    assert_eq!(next.based_on.as_deref(), Some("lai-chau-2026@1"));
}

#[test]
fn a_threshold_is_confirmed_by_a_second_person_only_and_loses_it_when_changed() {
    let mut draft = lai_chau_draft();
    with_water_thresholds(&mut draft);
    let index = draft
        .indicator("8.a")
        .expect("8.a")
        .thresholds
        .iter()
        .position(|t| t.flags == [Flag::CommuneGroup3])
        .expect("group 3")
        + 1;
    let own = draft.confirm_threshold("8.a", index, &stamp("vpdp.laichau"));
    assert!(matches!(own, Err(EditError::SelfConfirmation(_))), "{own:?}");
    draft
        .confirm_threshold("8.a", index, &stamp("kiemtra.laichau"))
        .expect("a second person confirms");
    assert_eq!(draft.threshold_coverage().0, 1);
    let unknown = draft.confirm_threshold("6.a", 1, &stamp("kiemtra.laichau"));
    assert_eq!(unknown, Err(EditError::ConfirmUnknown));
    // Changing the number makes it a new, unconfirmed threshold.
    let mut changed = draft.indicator("8.a").expect("8.a").thresholds[index - 1].clone();
    changed.target = TargetDraft::AtLeast(q(65));
    draft
        .put_threshold("8.a", Some(index), changed, &stamp("vpdp.laichau"))
        .expect("editable");
    assert_eq!(draft.threshold_coverage().0, 0);
    let built = draft.build().expect("builds");
    let rule = &built.indicator("8.a").expect("8.a").1.thresholds[index - 1];
    assert!(!rule.confirmed);
    assert_eq!(
        rule.entered_by.as_deref(),
        Some("Cán bộ vpdp.laichau (vpdp.laichau)")
    );
    assert_eq!(
        rule.citation_vi().as_deref(),
        Some("Quyết định số 51/2025/QĐ-TTg, Phụ lục I, trang 4")
    );
}

#[test]
fn a_bad_draft_names_every_problem_by_place() {
    let mut draft = lai_chau_draft();
    draft
        .put_threshold(
            "8.a",
            None,
            ThresholdDraft {
                flags: vec![Flag::CommuneGroup1],
                target: TargetDraft::AtLeast(q(150)),
                ..citation()
            },
            &stamp("a"),
        )
        .expect("editable");
    draft.criteria[0].code = "2".into();
    let problems: Vec<String> = draft.problems().iter().map(ToString::to_string).collect();
    let joined = problems.join("\n");
    assert!(
        joined.contains("chỉ tiêu 8.a, ngưỡng thứ 2: ngưỡng không hợp với loại chỉ tiêu"),
        "{joined}"
    );
    assert!(
        joined.contains("tiêu chí 2: mã tiêu chí \"2\" bị trùng"),
        "{joined}"
    );
}

#[test]
fn versions_form_a_chain_by_their_dates() {
    let mut v1 = lai_chau_draft();
    with_water_thresholds(&mut v1);
    v1.publish(date!(2026 - 02 - 15), stamp("a")).expect("publish");
    let mut v2 = v1.next_version(2, stamp("a"));
    let index = v2.indicator("8.a").expect("8.a").thresholds.len();
    let mut t = v2.indicator("8.a").expect("8.a").thresholds[index - 1].clone();
    t.target = TargetDraft::AtLeast(q(65));
    v2.put_threshold("8.a", Some(index), t, &stamp("a"))
        .expect("draft");
    v2.publish(date!(2026 - 09 - 01), stamp("a")).expect("publish");
    let mut sets = common::shipped_catalog().sets().to_vec();
    sets.push(v1.build().expect("v1"));
    sets.push(v2.build().expect("v2"));
    let catalog = Catalog::from_sets(sets).expect("catalog");
    let province = "12".parse().expect("code");
    let level = ntm_core::criteria::SetLevel::Commune;
    let in_march = catalog
        .set_in_force(level, Some(&province), date!(2026 - 03 - 31))
        .expect("set");
    let in_december = catalog
        .set_in_force(level, Some(&province), date!(2026 - 12 - 31))
        .expect("set");
    assert_eq!((in_march.code.as_str(), in_march.version), ("lai-chau-2026", 1));
    assert_eq!(
        (in_december.code.as_str(), in_december.version),
        ("lai-chau-2026", 2)
    );
    assert_eq!(catalog.set("lai-chau-2026").expect("latest").version, 2);
    assert_eq!(catalog.set("lai-chau-2026@1").expect("v1").version, 1);
    assert_eq!(
        catalog
            .set_on("lai-chau-2026", date!(2026 - 06 - 30))
            .expect("on")
            .version,
        1
    );
    // Another province still uses the national set.
    let other = "01".parse().expect("code");
    assert_eq!(
        catalog
            .set_in_force(level, Some(&other), date!(2026 - 12 - 31))
            .expect("set")
            .code,
        "qd51-2025"
    );
}

#[test]
fn the_impact_of_a_new_version_lists_the_communes_that_change() {
    let hierarchy = common::district(Region::NorthernMidlandsMountains, 3);
    let mut draft = lai_chau_draft();
    with_water_thresholds(&mut draft);
    let catalog = catalog_with(&draft);
    let before = catalog.set("qd51-2025").expect("national");
    let after = catalog.set("lai-chau-2026").expect("draft");
    let key = after.indicator("8.a").expect("8.a").1.key;
    let mut values = PeriodValues::new(Period::year(2026));
    for (id, percent) in [(10, 50), (11, 99)] {
        values.unit_mut(UnitId(id)).set_value(
            key,
            IndicatorValue::Ratio {
                achieved: q(percent),
                total: q(100),
            },
        );
    }
    // The test district's communes carry no group: give them group 3.
    let units: Vec<_> = hierarchy
        .units()
        .iter()
        .filter(|u| u.kind == UnitKind::Commune)
        .cloned()
        .map(|u| common::flagged(u, &[Flag::CommuneGroup3]))
        .collect();
    let mut all: Vec<_> = hierarchy
        .units()
        .iter()
        .filter(|u| u.kind != UnitKind::Commune)
        .cloned()
        .collect();
    all.extend(units);
    let links: Vec<_> = (10..13)
        .map(|i| common::link(i, 2))
        .chain([common::link(2, 1), common::link(9, 2)])
        .collect();
    let hierarchy = Hierarchy::new(all, &links, Vec::new()).expect("hierarchy");
    let communes: Vec<_> = hierarchy
        .units()
        .iter()
        .filter(|u| u.kind == UnitKind::Commune)
        .collect();
    let shifts = compare_sets(
        &hierarchy,
        &communes,
        date!(2026 - 12 - 31),
        2026,
        &values,
        Some(before),
        after,
    );
    assert_eq!(shifts.len(), 1, "{shifts:?}");
    assert_eq!(shifts[0].unit, UnitId(10));
    assert_eq!(shifts[0].criteria[0].criterion, "8");
    assert_eq!(shifts[0].criteria[0].before, Some(CriterionStatus::NoData));
    assert_eq!(shifts[0].criteria[0].after, Some(CriterionStatus::NotMet));
}

fn merged_hierarchy() -> Hierarchy {
    let mut old_a = common::unit(10, "03001", UnitKind::Commune, "Cũ A");
    let mut old_b = common::unit(11, "03002", UnitKind::Commune, "Cũ B");
    let mut new = common::unit(20, "03001", UnitKind::Commune, "Mới");
    old_a.validity = Validity::new(None, Some(date!(2025 - 06 - 30)));
    old_b.validity = old_a.validity;
    new.validity = Validity::new(Some(date!(2025 - 07 - 01)), None);
    let mut province = common::unit(1, "12", UnitKind::Province, "Lai Châu");
    province.region = Some(Region::NorthernMidlandsMountains);
    let successions = [10, 11]
        .into_iter()
        .map(|p| Succession {
            predecessor: UnitId(p),
            successor: UnitId(20),
            date: date!(2025 - 07 - 01),
            kind: SuccessionKind::Merge,
        })
        .collect();
    Hierarchy::new(
        vec![province, old_a, old_b, new],
        &[common::link(10, 1), common::link(11, 1), common::link(20, 1)],
        successions,
    )
    .expect("hierarchy")
}

#[test]
fn a_merged_commune_baseline_sums_its_predecessors_exactly() {
    let hierarchy = merged_hierarchy();
    let catalog = common::shipped_catalog();
    let set = catalog.set("lai-chau-1285-2022").expect("set");
    let (_, roads) = set.indicator("2.2").expect("2.2");
    assert_eq!(roads.kind, IndicatorKind::Ratio);
    let (_, yes_no) = set
        .indicators()
        .find(|(_, i)| i.kind == IndicatorKind::YesNo)
        .expect("a yes/no indicator");
    let mut values = PeriodValues::new(Period::year(2023));
    let parts = [(10, 130, 150, true), (11, 45, 50, false)];
    for (id, a, t, yes) in parts {
        let o = values.unit_mut(UnitId(id));
        o.set_value(
            roads.key,
            IndicatorValue::Ratio {
                achieved: q(a),
                total: q(t),
            },
        );
        o.set_value(yes_no.key, IndicatorValue::YesNo(yes));
        o.set_assessment(set.criteria[0].key, true);
    }
    let new = hierarchy.unit(UnitId(20)).expect("new commune");
    let b = baseline(&hierarchy, new, Period::year(2023), set, &values).expect("has predecessors");
    let road = b.indicators.iter().find(|i| i.code == "2.2").expect("2.2");
    assert_eq!(road.how, Derivation::Sum);
    assert_eq!(
        road.derived,
        Some(IndicatorValue::Ratio {
            achieved: q(175),
            total: q(200)
        })
    );
    let yn = b
        .indicators
        .iter()
        .find(|i| i.code == yes_no.code)
        .expect("yes/no");
    assert_eq!(yn.how, Derivation::SideBySide);
    assert_eq!(yn.derived, None);
    assert_eq!(
        yn.parts,
        vec![
            Some(IndicatorValue::YesNo(true)),
            Some(IndicatorValue::YesNo(false))
        ]
    );
    let first = &b.criteria[0];
    assert_eq!(first.parts, vec![Some(true), Some(true)]);
    assert_eq!(
        first.derived, None,
        "two communes met it: the merged one must be assessed"
    );
    assert_eq!(b.observations.value(roads.key), road.derived);
    assert_eq!(
        b.observations.value_provenance(roads.key),
        ntm_core::value::Provenance::Derived,
        "the sum is derived, and every figure built on it says so"
    );
}

#[test]
fn a_missing_part_makes_no_sum() {
    let hierarchy = merged_hierarchy();
    let catalog = common::shipped_catalog();
    let set = catalog.set("lai-chau-1285-2022").expect("set");
    let (_, roads) = set.indicator("2.2").expect("2.2");
    let mut values = PeriodValues::new(Period::year(2023));
    values.unit_mut(UnitId(10)).set_value(
        roads.key,
        IndicatorValue::Ratio {
            achieved: q(1),
            total: q(2),
        },
    );
    let new = hierarchy.unit(UnitId(20)).expect("new");
    let b = baseline(&hierarchy, new, Period::year(2023), set, &values).expect("baseline");
    assert_eq!(b.indicators[0].how, Derivation::Incomplete);
    assert!(b.observations.value(roads.key).is_none());
}
