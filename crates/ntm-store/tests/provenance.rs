//! The storage contract for where values come from: every value and
//! assessment keeps its provenance (schema version 0007), a change of
//! provenance alone is a change (a new version and an audit row), and
//! reported figures keep their document and place. The same cases run on
//! SQLite and PostgreSQL (see `common`).

mod common;

use std::sync::Arc;

use common::fixtures::*;
use ntm_core::criteria::Catalog;
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::reported::{Claim, ReportedFigure};
use ntm_core::value::{IndicatorValue, Provenance};
use ntm_store::{AssessmentWrite, AuditQuery, ReferenceBatch, Store, ValueBatch, ValueWrite};

contract!(
    every_provenance_round_trips,
    a_change_of_provenance_alone_is_a_new_version,
    reported_figures_keep_document_and_place,
);

async fn every_provenance_round_trips(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let catalog = Catalog::from_files(&[("t.toml".into(), SET.into())]).expect("catalog");
    let keys = store.sync_keys(&catalog).await.expect("keys");
    let ck = (catalog.clone(), keys.clone());
    let p = Period::year(2023);
    // One value of each provenance, on four units and two indicators.
    let sources = [
        (ids[2], "1.2", Provenance::Entered),
        (ids[2], "2.2", Provenance::Imported),
        (ids[3], "1.2", Provenance::Document),
        (ids[3], "2.2", Provenance::Derived),
        (ids[4], "1.2", Provenance::Estimated),
    ];
    let values = sources
        .iter()
        .map(|(unit, code, provenance)| {
            let v = if *code == "1.2" {
                IndicatorValue::YesNo(true)
            } else {
                IndicatorValue::Level(1)
            };
            ValueWrite {
                provenance: *provenance,
                ..value(*unit, p, &ck, code, Some(v))
            }
        })
        .collect();
    let criterion = catalog.criterion_key("t", "2").expect("key");
    let assessments = [(ids[2], Provenance::Estimated), (ids[3], Provenance::Derived)]
        .into_iter()
        .map(|(unit, provenance)| AssessmentWrite {
            unit,
            period: p,
            criterion,
            met: Some(true),
            provenance,
            note: None,
            evidence: vec![],
            expected_version: None,
        })
        .collect();
    store
        .write_values(
            ValueBatch {
                values,
                assessments,
                context: ctx("nhập"),
            },
            &keys,
        )
        .await
        .expect("write");

    let period = store.load_period(p, &keys).await.expect("load");
    for (unit, code, provenance) in sources {
        let key = catalog.indicator_key("t", code).expect("key");
        let obs = period.unit(unit).expect("unit");
        assert!(obs.value(key).is_some());
        assert_eq!(obs.value_provenance(key), provenance, "{code} of {unit:?}");
    }
    assert_eq!(
        period.unit(ids[2]).expect("u").assessment_provenance(criterion),
        Provenance::Estimated
    );
    assert_eq!(
        period.unit(ids[3]).expect("u").assessment_provenance(criterion),
        Provenance::Derived
    );
    // A reload of some units (the cache's refresh) reads the same.
    let some = store
        .load_period_units(p, &[ids[3]], &keys)
        .await
        .expect("reload");
    let derived = catalog.indicator_key("t", "2.2").expect("key");
    assert_eq!(
        some.unit(ids[3]).expect("u").value_provenance(derived),
        Provenance::Derived
    );
    // The full records show it too.
    let (values, assessments) = store.unit_records(ids[3], p).await.expect("records");
    let by_code: Vec<(&str, Provenance)> = values
        .iter()
        .map(|v| (v.indicator.as_str(), v.provenance))
        .collect();
    assert_eq!(
        by_code,
        vec![("1.2", Provenance::Document), ("2.2", Provenance::Derived)]
    );
    assert_eq!(assessments[0].provenance, Provenance::Derived);
}

async fn a_change_of_provenance_alone_is_a_new_version(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let catalog = Catalog::from_files(&[("t.toml".into(), SET.into())]).expect("catalog");
    let keys = store.sync_keys(&catalog).await.expect("keys");
    let ck = (catalog.clone(), keys.clone());
    let p = Period::year(2023);
    let write = |provenance: Provenance| ValueWrite {
        provenance,
        ..value(
            ids[2],
            p,
            &ck,
            "2.1",
            Some(IndicatorValue::Number(Quantity::from_int(5))),
        )
    };
    let r = store
        .write_values(batch(vec![write(Provenance::Estimated)]), &keys)
        .await
        .expect("first");
    assert_eq!(r.created, 1);
    let r = store
        .write_values(batch(vec![write(Provenance::Estimated)]), &keys)
        .await
        .expect("same");
    assert_eq!(
        r.unchanged, 1,
        "the same value from the same source changes nothing"
    );
    let r = store
        .write_values(batch(vec![write(Provenance::Document)]), &keys)
        .await
        .expect("documented");
    assert_eq!(r.updated, 1, "the value now rests on a document: a change");
    let (values, _) = store.unit_records(ids[2], p).await.expect("records");
    assert_eq!(
        (values[0].provenance, values[0].version),
        (Provenance::Document, 2)
    );
    let audit = store
        .audit(AuditQuery {
            unit: Some(ids[2]),
            entity: Some(ntm_store::AuditEntity::Value),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert_eq!(audit.len(), 2);
    assert!(
        audit[0]
            .old
            .as_deref()
            .is_some_and(|o| o.contains("\"provenance\":\"estimated\"")),
        "{:?}",
        audit[0]
    );
    assert!(
        audit[0]
            .new
            .as_deref()
            .is_some_and(|n| n.contains("\"provenance\":\"document\"")),
        "{:?}",
        audit[0]
    );
}

async fn reported_figures_keep_document_and_place(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let figure = |place: &str, claim: Claim| ReportedFigure {
        unit: ids[1],
        period: Period::year(2023),
        document: "Báo cáo kết quả năm 2023 của UBND huyện Phong Thổ".into(),
        place: place.into(),
        claim,
    };
    let reported = vec![
        figure(
            "mục III.1",
            Claim::StatedPercent {
                label: "Giải ngân vốn chuyển nguồn".into(),
                part: Quantity::from_int(3890),
                whole: Quantity::from_int(5939),
                printed: "65,6".into(),
            },
        ),
        // The same claim at another place of the same document is kept too.
        figure(
            "mục II.1.2.h",
            Claim::CriterionCount {
                criterion: "8".into(),
                count: 13,
            },
        ),
        figure(
            "mục II.2",
            Claim::CriterionCount {
                criterion: "8".into(),
                count: 13,
            },
        ),
    ];
    store
        .write_reference(ReferenceBatch {
            reported: reported.clone(),
            context: ctx("demo"),
            ..ReferenceBatch::default()
        })
        .await
        .expect("write");
    assert_eq!(
        store.load_reported(Period::year(2023)).await.expect("load"),
        reported
    );
    assert!(
        store
            .load_reported(Period::year(2024))
            .await
            .expect("load")
            .is_empty()
    );
}
