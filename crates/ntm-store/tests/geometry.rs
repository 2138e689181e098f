//! The storage contract for unit boundaries: the same cases against SQLite
//! and PostgreSQL (see `common`).

mod common;

use std::sync::Arc;

use ntm_core::unit::{UnitId, UnitKind};
use ntm_core::validity::Validity;
use ntm_store::{
    AuditQuery, ChangeSource, GeometryWrite, GeometryWriteResult, Store, UnitChanges, UnitRow, WriteContext,
};
use time::macros::date;

contract!(
    boundaries_round_trip_replace_and_audit,
    a_failing_write_stores_nothing
);

fn ctx(at: &str) -> WriteContext {
    WriteContext {
        by: "kiểm thử".into(),
        user: None,
        at: at.into(),
        source: ChangeSource::Import,
    }
}

/// Two communes; returns their ids.
async fn seed(store: &Arc<dyn Store>) -> Vec<UnitId> {
    let row = |code: &str, name: &str| UnitRow {
        code: code.into(),
        kind: UnitKind::Commune,
        type_name: "Xã".into(),
        name: name.into(),
        validity: Validity::ALWAYS,
        region: None,
        location: None,
    };
    store
        .write_units(UnitChanges {
            context: ctx("2024-01-01T00:00:00Z"),
            new_units: vec![row("03589", "Mường So"), row("03583", "Khổng Lào")],
            updated_units: vec![],
            links: vec![],
            closed_links: vec![],
            classifications: vec![],
            successions: vec![],
        })
        .await
        .expect("units")
        .new_ids
}

fn boundary(unit: UnitId, validity: Validity, x: f64, sha: &str) -> GeometryWrite {
    let geojson = format!(
        r#"{{"type":"Polygon","coordinates":[[[{x},22.0],[{x1},22.0],[{x1},22.1],[{x},22.0]]]}}"#,
        x1 = x + 0.1
    );
    GeometryWrite {
        unit,
        validity,
        geojson,
        sha256: sha.into(),
        bounds: [x, 22.0, x + 0.1, 22.1],
        source: "ranh-gioi.geojson".into(),
    }
}

async fn boundaries_round_trip_replace_and_audit(store: Arc<dyn Store>) {
    let ids = seed(&store).await;
    let until = Validity::new(None, Some(date!(2025 - 06 - 30)));
    let from = Validity::new(Some(date!(2025 - 07 - 01)), None);
    let first = vec![
        boundary(ids[0], until, 103.0, "a"),
        boundary(ids[0], from, 103.5, "b"),
        boundary(ids[1], Validity::ALWAYS, 104.0, "c"),
    ];
    let done = store
        .write_geometries(first.clone(), ctx("2024-02-01T00:00:00Z"))
        .await
        .expect("write");
    assert_eq!(
        done,
        GeometryWriteResult {
            created: 3,
            replaced: 0,
            unchanged: 0
        }
    );
    let stored = store.geometries(&ids).await.expect("load");
    assert_eq!(stored.len(), 3);
    let mine: Vec<_> = stored.iter().filter(|g| g.unit == ids[0]).collect();
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0].validity, until);
    assert_eq!(mine[1].validity, from);
    assert_eq!(mine[0].geojson, first[0].geojson);
    assert_eq!(mine[0].bounds, [103.0, 22.0, 103.1, 22.1]);
    assert_eq!(mine[0].source, "ranh-gioi.geojson");
    assert_eq!(mine[0].imported_at, "2024-02-01T00:00:00Z");
    assert!(store.geometries(&[ids[1]]).await.expect("one").len() == 1);

    // The same file again changes nothing and adds no audit row.
    let again = store
        .write_geometries(first, ctx("2024-02-02T00:00:00Z"))
        .await
        .expect("again");
    assert_eq!(again.unchanged, 3);
    let audit = |store: Arc<dyn Store>| async move {
        store
            .audit(AuditQuery {
                entity: Some(ntm_store::AuditEntity::Geometry),
                limit: 100,
                ..AuditQuery::default()
            })
            .await
            .expect("audit")
    };
    assert_eq!(audit(Arc::clone(&store)).await.len(), 3);

    // A boundary for all time replaces both of the unit's, in one audited change.
    let replaced = store
        .write_geometries(
            vec![boundary(ids[0], Validity::ALWAYS, 103.2, "d")],
            ctx("2024-03-01T00:00:00Z"),
        )
        .await
        .expect("replace");
    assert_eq!(replaced.replaced, 1);
    let mine = store.geometries(&[ids[0]]).await.expect("load");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].sha256, "d");
    let rows = audit(Arc::clone(&store)).await;
    assert_eq!(rows.len(), 4);
    let last = &rows[0];
    assert_eq!(last.unit, Some(ids[0]));
    let old: serde_json::Value = serde_json::from_str(last.old.as_deref().expect("old")).expect("json");
    assert_eq!(old.as_array().map(Vec::len), Some(2), "both replaced: {old}");
    let new: serde_json::Value = serde_json::from_str(last.new.as_deref().expect("new")).expect("json");
    assert_eq!(new["sha256"], "d");
    assert_eq!(new["valid_from"], serde_json::Value::Null);
}

async fn a_failing_write_stores_nothing(store: Arc<dyn Store>) {
    let ids = seed(&store).await;
    let writes = vec![
        boundary(ids[0], Validity::ALWAYS, 103.0, "a"),
        // No such unit: the foreign key fails the whole transaction.
        boundary(UnitId(9_999), Validity::ALWAYS, 103.0, "b"),
    ];
    assert!(
        store
            .write_geometries(writes, ctx("2024-02-01T00:00:00Z"))
            .await
            .is_err()
    );
    assert!(store.geometries(&ids).await.expect("load").is_empty());
    let rows = store
        .audit(AuditQuery {
            entity: Some(ntm_store::AuditEntity::Geometry),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert!(rows.is_empty(), "no audit row without a change");
}
