//! The storage contract: the same cases run against SQLite (a temporary file)
//! and PostgreSQL (a fresh schema per test on the server named by
//! `NTM_TEST_DATABASE_URL`). Without that variable the PostgreSQL cases print
//! that they were skipped and why; under CI they fail instead.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use ntm_core::agency::{Agency, AgencyId, Ownership};
use ntm_core::criteria::Catalog;
use ntm_core::hierarchy::SuccessionKind;
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::recognition::{Recognition, Tier};
use ntm_core::region::Region;
use ntm_core::reported::{Claim, ReportedFigure};
use ntm_core::unit::{Flag, Location, UnitId, UnitKind};
use ntm_core::validity::Validity;
use ntm_core::value::IndicatorValue;
use ntm_store::{
    AssessmentWrite, KeyMap, PostgresStore, ReferenceBatch, SqliteStore, Store, UnitChanges, UnitRef,
    UnitRow, ValueBatch, ValueWrite,
};
use time::macros::date;

const SET: &str = r#"
code = "t"
namespace = "t"
name = "Bộ thử"
document = "Thử"
level = "commune"
scope = "national"
[[brackets]]
label = "0-2"
min = 0
max = 2
[[criteria]]
code = "1"
name = "A"
[[criteria.indicators]]
code = "1.1"
name = "tỷ lệ"
kind = "ratio"
thresholds = [{ at_least = 50 }]
[[criteria.indicators]]
code = "1.2"
name = "có/không"
kind = "yes_no"
optional = true
thresholds = [{ must_be = "yes" }]
[[criteria]]
code = "2"
name = "B"
[[criteria.indicators]]
code = "2.1"
name = "số"
kind = "number"
thresholds = [{ at_least = 1 }]
[[criteria.indicators]]
code = "2.2"
name = "mức"
kind = "level"
levels = ["a", "b", "c"]
thresholds = [{ level_at_least = "b" }]
"#;

fn catalog() -> Catalog {
    Catalog::from_files(&[("t.toml".into(), SET.into())]).expect("set")
}

async fn sqlite() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ntm.db");
    let store = SqliteStore::open(path.to_str().expect("utf-8 path"))
        .await
        .expect("open sqlite");
    (Arc::new(store), dir)
}

static SCHEMA: AtomicU32 = AtomicU32::new(0);

/// A store on a fresh schema, or `None` (with the reason printed) when no
/// PostgreSQL server is configured.
async fn postgres(test: &str) -> Option<Arc<dyn Store>> {
    let Ok(url) = std::env::var("NTM_TEST_DATABASE_URL") else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI must run the PostgreSQL tests: set NTM_TEST_DATABASE_URL");
        }
        // Written straight to stderr so that the test harness does not hide it.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED postgres::{test}: NTM_TEST_DATABASE_URL is not set (no PostgreSQL server to test against)"
        );
        return None;
    };
    let schema = format!(
        "t{}_{}_{}",
        std::process::id(),
        SCHEMA.fetch_add(1, Ordering::SeqCst),
        test
    );
    Some(Arc::new(
        PostgresStore::connect(&url, Some(&schema))
            .await
            .expect("connect postgres"),
    ))
}

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = super::sqlite().await;
                    super::$name(store).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(store) = super::postgres(stringify!($name)).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}

contract!(
    hierarchy_round_trips,
    updates_replace_fields_and_classifications,
    values_of_every_kind_round_trip,
    a_failing_batch_writes_nothing,
    changes_are_logged_per_period_and_unit,
    reference_data_round_trips,
    keys_are_stable_across_syncs,
);

fn row(code: &str, kind: UnitKind, name: &str, validity: Validity) -> UnitRow {
    UnitRow {
        code: code.into(),
        kind,
        type_name: "".into(),
        name: name.into(),
        validity,
        region: None,
        location: None,
    }
}

/// Province 12 → district 109 (until 30/6/2025) → communes A, B; commune C from
/// 1/7/2025 under the province, succeeding A and B. Returns the new ids.
async fn seed_units(store: &Arc<dyn Store>) -> Vec<UnitId> {
    let old = Validity::new(None, Some(date!(2025 - 06 - 30)));
    let new = Validity::new(Some(date!(2025 - 07 - 01)), None);
    let mut province = row("12", UnitKind::Province, "Lai Châu", Validity::ALWAYS);
    province.region = Some(Region::NorthernMidlandsMountains);
    province.location = Some(Location {
        lat: 22.3,
        lon: 103.2,
    });
    let changes = UnitChanges {
        new_units: vec![
            province,
            row("109", UnitKind::District, "Phong Thổ", old),
            row("03589", UnitKind::Commune, "Mường So", old),
            row("03583", UnitKind::Commune, "Khổng Lào", old),
            row("03583", UnitKind::Commune, "Khổng Lào", new),
        ],
        updated_units: vec![],
        links: vec![
            (UnitRef::New(1), UnitRef::New(0), old),
            (UnitRef::New(2), UnitRef::New(1), old),
            (UnitRef::New(3), UnitRef::New(1), old),
            (UnitRef::New(4), UnitRef::New(0), new),
        ],
        classifications: vec![(
            UnitRef::New(2),
            vec![(Flag::Border, Validity::ALWAYS), (Flag::SpecialDifficulty, old)],
        )],
        successions: vec![
            (
                UnitRef::New(2),
                UnitRef::New(4),
                date!(2025 - 07 - 01),
                SuccessionKind::Merge,
            ),
            (
                UnitRef::New(3),
                UnitRef::New(4),
                date!(2025 - 07 - 01),
                SuccessionKind::Merge,
            ),
        ],
    };
    store.write_units(changes).await.expect("write units").new_ids
}

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
            vec![(Flag::EthnicAreaZone3, Validity::ALWAYS)],
        )],
        ..UnitChanges::default()
    };
    store.write_units(changes).await.expect("update");
    let h = store.load_hierarchy().await.expect("load");
    let so = h.unit(ids[2]).expect("unit");
    assert_eq!(so.full_name(), "Xã Mường So (đổi tên)");
    assert_eq!(so.classifications.len(), 1);
    assert_eq!(so.classifications[0].flag, Flag::EthnicAreaZone3);
}

fn value(
    unit: UnitId,
    period: Period,
    keys: &(Catalog, KeyMap),
    code: &str,
    v: Option<IndicatorValue>,
) -> ValueWrite {
    ValueWrite {
        unit,
        period,
        indicator: keys.0.indicator_key("t", code).expect("key"),
        value: v,
        note: Some(format!("ghi chú {code}")),
        evidence: vec!["Quyết định số 1/QĐ-UBND".into()],
        by: "tester".into(),
        at: "2024-01-05T08:00:00Z".into(),
    }
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
        note: None,
        evidence: vec![],
        by: "phòng".into(),
        at: "2024-01-06T08:00:00Z".into(),
    }];
    let result = store
        .write_values(
            ValueBatch {
                values: writes,
                assessments,
            },
            &keys,
        )
        .await
        .expect("write");
    assert_eq!((result.values_written, result.assessments_written), (7, 1));

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
    store
        .write_values(
            ValueBatch {
                values: writes,
                assessments: vec![],
            },
            &keys,
        )
        .await
        .expect("write");
    let period = store.load_period(p, &keys).await.expect("load");
    let so = period.unit(ids[2]).expect("values");
    assert_eq!(so.value(k("2.2")), None);
    assert_eq!(so.value(k("2.1")), Some(IndicatorValue::Number(q("5"))));
    assert_eq!(
        store.periods_with_data().await.expect("periods"),
        vec![Period::year(2023), Period::year(2022)]
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
    assert!(
        store
            .write_values(
                ValueBatch {
                    values: writes,
                    assessments: vec![]
                },
                &keys
            )
            .await
            .is_err()
    );
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
    store
        .write_values(
            ValueBatch {
                values: writes,
                assessments: vec![],
            },
            &keys,
        )
        .await
        .expect("write");
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
            source: "Báo cáo".into(),
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
    store
        .write_values(
            ValueBatch {
                values: writes,
                assessments: vec![],
            },
            &keys,
        )
        .await
        .expect("write");
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
