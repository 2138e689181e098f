//! The storage contract: units, values, reference data, keys and versions;
//! the same cases run against SQLite and PostgreSQL (see `common`).

mod common;

use std::sync::Arc;

use common::fixtures::*;
use ntm_core::agency::{Agency, AgencyId, Ownership};
use ntm_core::criteria::Catalog;
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::recognition::{Recognition, Tier};
use ntm_core::region::Region;
use ntm_core::reported::{Claim, ReportedFigure};
use ntm_core::unit::{Classification, Flag, Location, UnitId, UnitKind};
use ntm_core::validity::Validity;
use ntm_core::value::IndicatorValue;
use ntm_store::{
    AssessmentWrite, ReferenceBatch, Store, StoreError, Subject, UnitChanges, UnitRef, ValueBatch, ValueWrite,
};
use time::macros::date;

contract!(
    a_village_moves_to_a_new_commune,
    hierarchy_round_trips,
    updates_replace_fields_and_classifications,
    values_of_every_kind_round_trip,
    a_failing_batch_writes_nothing,
    changes_are_logged_per_period_and_unit,
    reference_data_round_trips,
    keys_are_stable_across_syncs,
    a_save_over_a_newer_version_is_refused,
);

async fn hierarchy_round_trips(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    assert_eq!(ids.len(), 5);
    let h = store.load_hierarchy().await.expect("load");
    assert_eq!(h.len(), 5);
    let so = h.unit(ids[2]).expect("Mường So");
    assert_eq!(so.name, "Mường So");
    assert_eq!(so.validity.to, Some(date!(2025 - 06 - 30)));
    assert!(
        so.flags_at(date!(2023 - 01 - 01))
            .contains(Flag::SpecialDifficulty)
    );
    assert!(
        !so.flags_at(date!(2026 - 01 - 01))
            .contains(Flag::SpecialDifficulty)
    );
    assert_eq!(
        h.region_at(ids[2], date!(2023 - 01 - 01)),
        Some(Region::NorthernMidlandsMountains)
    );
    assert_eq!(
        h.unit(ids[0]).and_then(|u| u.location),
        Some(Location {
            lat: 22.3,
            lon: 103.2
        })
    );
    let communes_2023 = h.subtree_at(ids[0], date!(2023 - 12 - 31), &[UnitKind::Commune]);
    assert_eq!(communes_2023.len(), 2);
    let communes_2026 = h.subtree_at(ids[0], date!(2026 - 12 - 31), &[UnitKind::Commune]);
    assert_eq!(
        communes_2026.iter().map(|u| u.id).collect::<Vec<_>>(),
        vec![ids[4]]
    );
    assert_eq!(h.predecessors(ids[4]).len(), 2);
}

async fn updates_replace_fields_and_classifications(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let mut renamed = row(
        "03589",
        UnitKind::Commune,
        "Mường So (đổi tên)",
        Validity::new(None, Some(date!(2025 - 06 - 30))),
    );
    renamed.type_name = "Xã".into();
    let changes = UnitChanges {
        updated_units: vec![(ids[2], renamed)],
        classifications: vec![(
            UnitRef::Stored(ids[2]),
            vec![Classification {
                flag: Flag::CommuneGroup3,
                validity: Validity::new(Some(date!(2026 - 01 - 01)), None),
                source: Some("Quyết định số 12/QĐ-UBND ngày 05/01/2026 của UBND tỉnh Lai Châu".into()),
            }],
        )],
        ..UnitChanges::default()
    };
    store.write_units(changes).await.expect("update");
    let h = store.load_hierarchy().await.expect("load");
    let so = h.unit(ids[2]).expect("unit");
    assert_eq!(so.full_name(), "Xã Mường So (đổi tên)");
    assert_eq!(so.classifications.len(), 1);
    assert_eq!(so.classifications[0].flag, Flag::CommuneGroup3);
    assert_eq!(
        so.commune_group_at(date!(2026 - 03 - 31))
            .and_then(|c| c.source.as_deref()),
        Some("Quyết định số 12/QĐ-UBND ngày 05/01/2026 của UBND tỉnh Lai Châu"),
        "the decision that grouped the commune is kept"
    );
    assert!(so.commune_group_at(date!(2025 - 12 - 31)).is_none());
}

async fn values_of_every_kind_round_trip(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let catalog = catalog();
    let keys = store.sync_keys(&catalog).await.expect("keys");
    let ck = (catalog.clone(), keys.clone());
    let p = Period::year(2023);
    let q = |s: &str| s.parse::<Quantity>().expect("q");
    let writes = vec![
        value(
            ids[2],
            p,
            &ck,
            "1.1",
            Some(IndicatorValue::Ratio {
                achieved: q("226,84"),
                total: q("318,39"),
            }),
        ),
        value(ids[2], p, &ck, "1.2", Some(IndicatorValue::NotApplicable)),
        value(ids[2], p, &ck, "2.1", Some(IndicatorValue::Number(q("-0,0001")))),
        value(ids[2], p, &ck, "2.2", Some(IndicatorValue::Level(2))),
        value(ids[3], p, &ck, "1.1", Some(IndicatorValue::Percent(q("98,99")))),
        value(ids[3], p, &ck, "1.2", Some(IndicatorValue::YesNo(true))),
        value(
            ids[3],
            Period::year(2022),
            &ck,
            "1.2",
            Some(IndicatorValue::YesNo(false)),
        ),
    ];
    let assessments = vec![AssessmentWrite {
        unit: ids[2],
        period: p,
        criterion: catalog.criterion_key("t", "2").expect("key"),
        met: Some(true),
        provenance: ntm_core::value::Provenance::Entered,
        note: None,
        evidence: vec![],
        expected_version: None,
    }];
    let result = store
        .write_values(
            ValueBatch {
                values: writes,
                assessments,
                context: ctx("phòng"),
            },
            &keys,
        )
        .await
        .expect("write");
    assert_eq!((result.created, result.updated, result.unchanged), (8, 0, 0));

    let period = store.load_period(p, &keys).await.expect("load");
    assert_eq!(period.unit_count(), 2);
    let so = period.unit(ids[2]).expect("values");
    let k = |code: &str| catalog.indicator_key("t", code).expect("key");
    assert_eq!(
        so.value(k("1.1")),
        Some(IndicatorValue::Ratio {
            achieved: q("226,84"),
            total: q("318,39")
        })
    );
    assert_eq!(so.value(k("1.2")), Some(IndicatorValue::NotApplicable));
    assert_eq!(so.value(k("2.1")), Some(IndicatorValue::Number(q("-0,0001"))));
    assert_eq!(so.value(k("2.2")), Some(IndicatorValue::Level(2)));
    assert_eq!(
        so.assessment(catalog.criterion_key("t", "2").expect("key")),
        Some(true)
    );
    assert_eq!(
        period.unit(ids[3]).and_then(|o| o.value(k("1.1"))),
        Some(IndicatorValue::Percent(q("98,99")))
    );

    let only = store
        .load_period_units(p, &[ids[3]], &keys)
        .await
        .expect("load units");
    assert_eq!(only.unit_count(), 1);
    assert!(only.unit(ids[2]).is_none());

    let (records, assessed) = store.unit_records(ids[2], p).await.expect("records");
    assert_eq!(records.len(), 4);
    assert_eq!(records[0].indicator, "1.1");
    assert_eq!(records[0].note.as_deref(), Some("ghi chú 1.1"));
    assert_eq!(records[0].evidence, vec!["Quyết định số 1/QĐ-UBND".to_string()]);
    assert_eq!(assessed.len(), 1);
    assert!(assessed[0].met);

    // Deleting a value and overwriting another.
    let writes = vec![
        value(ids[2], p, &ck, "2.2", None),
        value(ids[2], p, &ck, "2.1", Some(IndicatorValue::Number(q("5")))),
    ];
    store.write_values(batch(writes), &keys).await.expect("write");
    let period = store.load_period(p, &keys).await.expect("load");
    let so = period.unit(ids[2]).expect("values");
    assert_eq!(so.value(k("2.2")), None);
    assert_eq!(so.value(k("2.1")), Some(IndicatorValue::Number(q("5"))));
    assert_eq!(
        store.periods_with_data().await.expect("periods"),
        vec![Period::year(2023), Period::year(2022)]
    );

    // A period with only an assessment has data; one whose last value is
    // deleted has none.
    let only_assessed = ValueBatch {
        values: vec![value(ids[3], Period::year(2022), &ck, "1.2", None)],
        assessments: vec![AssessmentWrite {
            unit: ids[3],
            period: Period::year(2021),
            criterion: catalog.criterion_key("t", "2").expect("key"),
            met: Some(false),
            provenance: ntm_core::value::Provenance::Entered,
            note: None,
            evidence: vec![],
            expected_version: None,
        }],
        context: ctx("phòng"),
    };
    store.write_values(only_assessed, &keys).await.expect("write");
    assert_eq!(
        store.periods_with_data().await.expect("periods"),
        vec![Period::year(2023), Period::year(2021)]
    );
}

async fn a_failing_batch_writes_nothing(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let catalog = catalog();
    let keys = store.sync_keys(&catalog).await.expect("keys");
    let ck = (catalog.clone(), keys.clone());
    let p = Period::year(2023);
    let writes = vec![
        value(ids[2], p, &ck, "1.2", Some(IndicatorValue::YesNo(true))),
        // No such unit: the foreign key fails, and the whole batch with it.
        value(UnitId(999_999), p, &ck, "1.2", Some(IndicatorValue::YesNo(true))),
    ];
    assert!(store.write_values(batch(writes), &keys).await.is_err());
    let period = store.load_period(p, &keys).await.expect("load");
    assert_eq!(period.unit_count(), 0, "nothing of the failed batch is stored");
    let start = store.changes_since(0).await.expect("changes");
    assert_eq!(start.touched, vec![]);

    let before = store.load_hierarchy().await.expect("load").len();
    let bad = UnitChanges {
        new_units: vec![row("1", UnitKind::Commune, "X", Validity::ALWAYS)],
        links: vec![(
            UnitRef::New(0),
            UnitRef::Stored(UnitId(999_999)),
            Validity::ALWAYS,
        )],
        ..UnitChanges::default()
    };
    assert!(store.write_units(bad).await.is_err());
    assert_eq!(
        store.load_hierarchy().await.expect("load").len(),
        before,
        "no unit of the failed batch is stored"
    );
}

async fn changes_are_logged_per_period_and_unit(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let catalog = catalog();
    let keys = store.sync_keys(&catalog).await.expect("keys");
    let ck = (catalog.clone(), keys.clone());
    let start = store.changes_since(0).await.expect("changes").latest;
    let p = Period::year(2023);
    let writes = vec![
        value(ids[2], p, &ck, "1.2", Some(IndicatorValue::YesNo(true))),
        value(
            ids[2],
            p,
            &ck,
            "2.1",
            Some(IndicatorValue::Number(Quantity::from_int(3))),
        ),
        value(
            ids[3],
            Period::year(2024),
            &ck,
            "1.2",
            Some(IndicatorValue::YesNo(true)),
        ),
    ];
    store.write_values(batch(writes), &keys).await.expect("write");
    let changes = store.changes_since(start).await.expect("changes");
    let mut touched = changes.touched.clone();
    touched.sort();
    assert_eq!(touched, vec![(p, ids[2]), (Period::year(2024), ids[3])]);
    assert!(changes.latest > start);
    assert!(!changes.reference_changed);
    let none = store.changes_since(changes.latest).await.expect("changes");
    assert!(none.touched.is_empty());
    assert_eq!(none.latest, changes.latest);
    store
        .write_reference(ReferenceBatch::default())
        .await
        .expect("reference");
    let after = store.changes_since(changes.latest).await.expect("changes");
    assert!(after.reference_changed && after.touched.is_empty());
}

async fn reference_data_round_trips(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let batch = ReferenceBatch {
        context: ctx("tester"),
        recognitions: vec![Recognition {
            unit: ids[2],
            tier: Tier::Standard,
            decision: "935/QĐ-UBND".into(),
            decided_on: date!(2017 - 08 - 28),
            judged_under: Some("1980/QĐ-TTg".into()),
            revoked_on: None,
            note: Some("giai đoạn 2016-2020".into()),
        }],
        agencies: vec![Agency {
            id: AgencyId(0),
            code: "109-ktht".into(),
            name: "Phòng Kinh tế - Hạ tầng huyện Phong Thổ".into(),
            unit: ids[1],
            validity: Validity::new(None, Some(date!(2025 - 06 - 30))),
        }],
        ownerships: vec![(
            "109-ktht".into(),
            Ownership {
                agency: AgencyId(0),
                namespace: "t".into(),
                criterion: "2".into(),
                indicator: None,
                scope: ids[1],
                validity: Validity::ALWAYS,
                decision: Some("2151/QĐ-UBND".into()),
            },
        )],
        reported: vec![ReportedFigure {
            unit: ids[1],
            period: Period::year(2023),
            document: "Báo cáo năm 2023 của UBND huyện Phong Thổ".into(),
            place: "mục II.4.1.2".into(),
            claim: Claim::CommuneCriteria {
                commune: "03589".into(),
                count: 15,
                listed: Some(vec!["1".into()]),
            },
        }],
    };
    store.write_reference(batch.clone()).await.expect("write");
    let recognitions = store.load_recognitions().await.expect("recognitions");
    assert_eq!(recognitions, batch.recognitions);
    let agencies = store.load_agencies().await.expect("agencies");
    assert_eq!(agencies.agencies.len(), 1);
    assert_eq!(agencies.ownerships.len(), 1);
    assert_eq!(agencies.ownerships[0].agency, agencies.agencies[0].id);
    assert_eq!(agencies.ownerships[0].decision.as_deref(), Some("2151/QĐ-UBND"));
    assert_eq!(
        agencies.ownerships[0],
        Ownership {
            agency: agencies.agencies[0].id,
            ..batch.ownerships[0].1.clone()
        }
    );
    assert_eq!(
        store.load_reported(Period::year(2023)).await.expect("reported"),
        batch.reported
    );
    assert!(
        store
            .load_reported(Period::year(2022))
            .await
            .expect("reported")
            .is_empty()
    );
    // Writing the same recognition again updates it instead of duplicating it.
    store
        .write_reference(ReferenceBatch {
            recognitions: batch.recognitions.clone(),
            ..ReferenceBatch::default()
        })
        .await
        .expect("again");
    assert_eq!(store.load_recognitions().await.expect("recognitions").len(), 1);
}

async fn keys_are_stable_across_syncs(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let catalog = catalog();
    let keys = store.sync_keys(&catalog).await.expect("keys");
    let ck = (catalog.clone(), keys.clone());
    let writes = vec![value(
        ids[2],
        Period::year(2023),
        &ck,
        "2.1",
        Some(IndicatorValue::Number(Quantity::from_int(7))),
    )];
    store.write_values(batch(writes), &keys).await.expect("write");
    // A catalog whose keys come in another order still reads the same values.
    let extra = SET.replace(
        "code = \"t\"\nnamespace = \"t\"",
        "code = \"u\"\nnamespace = \"u\"",
    );
    let other =
        Catalog::from_files(&[("u.toml".into(), extra), ("t.toml".into(), SET.into())]).expect("catalog");
    let keys2 = store.sync_keys(&other).await.expect("keys");
    let period = store.load_period(Period::year(2023), &keys2).await.expect("load");
    let key = other.indicator_key("t", "2.1").expect("key");
    assert_ne!(
        key,
        catalog.indicator_key("t", "2.1").expect("key"),
        "the dense keys differ"
    );
    assert_eq!(
        period.unit(ids[2]).and_then(|o| o.value(key)),
        Some(IndicatorValue::Number(Quantity::from_int(7)))
    );
}

async fn a_save_over_a_newer_version_is_refused(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let catalog = catalog();
    let keys = store.sync_keys(&catalog).await.expect("keys");
    let ck = (catalog.clone(), keys.clone());
    let p = Period::year(2023);
    let k = catalog.indicator_key("t", "2.1").expect("key");
    let write = |n: i64, expected: Option<i64>| ValueWrite {
        expected_version: expected,
        ..value(
            ids[2],
            p,
            &ck,
            "2.1",
            Some(IndicatorValue::Number(Quantity::from_int(n))),
        )
    };
    // Alice creates the value (she saw none: version 0).
    let mut first = batch(vec![write(5, Some(0))]);
    first.context = ctx("Alice");
    store.write_values(first, &keys).await.expect("create");
    let (records, _) = store.unit_records(ids[2], p).await.expect("records");
    assert_eq!(records[0].version, 1);
    // Bob saw version 1 and saves: version 2.
    let mut second = batch(vec![write(7, Some(1))]);
    second.context = ctx("Bob");
    store.write_values(second, &keys).await.expect("update");
    // Alice, still on version 1, saves again: refused, with Bob's value and name.
    let mut late = batch(vec![
        write(9, Some(1)),
        value(
            ids[3],
            p,
            &ck,
            "2.1",
            Some(IndicatorValue::Number(Quantity::from_int(1))),
        ),
    ]);
    late.context = ctx("Alice");
    match store.write_values(late, &keys).await {
        Err(StoreError::Conflict(conflicts)) => {
            assert_eq!(conflicts.len(), 1);
            let c = &conflicts[0];
            assert_eq!((c.unit, c.expected, c.current_version), (ids[2], 1, 2));
            assert_eq!(c.subject, Subject::Indicator(k));
            assert_eq!(c.by.as_deref(), Some("Bob"));
            assert!(
                c.current.as_deref().is_some_and(|j| j.contains("70000")),
                "{:?}",
                c.current
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let period = store.load_period(p, &keys).await.expect("load");
    assert_eq!(
        period.unit(ids[2]).and_then(|o| o.value(k)),
        Some(IndicatorValue::Number(Quantity::from_int(7)))
    );
    assert!(
        period.unit(ids[3]).is_none(),
        "the conflicting batch wrote nothing at all"
    );
    // Saving the same value again is never a conflict, whatever version was seen.
    let same = batch(vec![ValueWrite {
        note: Some("ghi chú 2.1".into()),
        ..write(7, Some(1))
    }]);
    let r = store.write_values(same, &keys).await.expect("same");
    assert_eq!(r.unchanged, 1);
}

async fn a_village_moves_to_a_new_commune(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    // ids: 0 province, 1 district, 2 Mường So (to 30/06/2025), 3 Khổng Lào (old), 4 Khổng Lào (new).
    let village = row("03589-01", UnitKind::Village, "Bản Số 01", Validity::ALWAYS);
    let created = store
        .write_units(UnitChanges {
            new_units: vec![village],
            links: vec![(UnitRef::New(0), UnitRef::Stored(ids[2]), Validity::ALWAYS)],
            ..UnitChanges::default()
        })
        .await
        .expect("village");
    let v = created.new_ids[0];
    store
        .write_units(UnitChanges {
            closed_links: vec![(v, ids[2], date!(2025 - 06 - 30))],
            links: vec![(
                UnitRef::Stored(v),
                UnitRef::Stored(ids[4]),
                Validity::new(Some(date!(2025 - 07 - 01)), None),
            )],
            ..UnitChanges::default()
        })
        .await
        .expect("move");
    let h = store.load_hierarchy().await.expect("load");
    assert_eq!(h.parent_at(v, date!(2024 - 12 - 31)).map(|u| u.id), Some(ids[2]));
    assert_eq!(h.parent_at(v, date!(2026 - 12 - 31)).map(|u| u.id), Some(ids[4]));
}
