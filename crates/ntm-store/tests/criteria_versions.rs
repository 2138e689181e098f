//! Authored criteria set versions: stored, read back, refused when stale,
//! audited, and announced to every process when published; on both backends.

mod common;

use std::sync::Arc;

use common::fixtures::ctx;
use ntm_core::criteria::draft::VersionStatus;
use ntm_store::{AuditQuery, CriteriaVersionWrite, Store, StoreError};

contract!(
    versions_round_trip_and_are_audited,
    a_save_over_a_newer_revision_is_refused,
    publishing_tells_other_processes_to_reload_the_catalog,
);

fn write(version: u32, status: VersionStatus, body: &str, expected: i64) -> CriteriaVersionWrite {
    CriteriaVersionWrite {
        code: "lai-chau-2026".into(),
        version,
        status,
        body: body.into(),
        expected_revision: expected,
    }
}

async fn versions_round_trip_and_are_audited(store: Arc<dyn Store>) {
    let r1 = store
        .write_criteria_version(
            write(1, VersionStatus::Draft, "{\"a\":1}", 0),
            ctx("vpdp.laichau"),
        )
        .await
        .expect("create");
    assert_eq!(r1, 1);
    let r2 = store
        .write_criteria_version(
            write(1, VersionStatus::Draft, "{\"a\":2}", 1),
            ctx("vpdp.laichau"),
        )
        .await
        .expect("save");
    assert_eq!(r2, 2);
    let same = store
        .write_criteria_version(
            write(1, VersionStatus::Draft, "{\"a\":2}", 2),
            ctx("vpdp.laichau"),
        )
        .await
        .expect("unchanged");
    assert_eq!(same, 2, "an unchanged save writes nothing");
    store
        .write_criteria_version(
            write(2, VersionStatus::Draft, "{\"b\":1}", 0),
            ctx("vpdp.laichau"),
        )
        .await
        .expect("second version");
    let stored = store.criteria_versions().await.expect("load");
    assert_eq!(stored.len(), 2);
    assert_eq!(
        (stored[0].version, stored[0].revision, stored[0].body.as_str()),
        (1, 2, "{\"a\":2}")
    );
    assert_eq!(stored[1].version, 2);
    let audit = store
        .audit(AuditQuery {
            entity: Some(ntm_store::AuditEntity::CriteriaVersion),
            limit: 100,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert_eq!(audit.len(), 3, "{audit:?}");
    assert!(
        audit
            .iter()
            .any(|a| a.old.as_deref() == Some("{\"a\":1}") && a.new.as_deref() == Some("{\"a\":2}"))
    );
}

async fn a_save_over_a_newer_revision_is_refused(store: Arc<dyn Store>) {
    store
        .write_criteria_version(write(1, VersionStatus::Draft, "{}", 0), ctx("vpdp.laichau"))
        .await
        .expect("create");
    store
        .write_criteria_version(
            write(1, VersionStatus::Draft, "{\"x\":1}", 1),
            ctx("vpdp.laichau"),
        )
        .await
        .expect("first save");
    let stale = store
        .write_criteria_version(
            write(1, VersionStatus::Draft, "{\"y\":1}", 1),
            ctx("vpdp.laichau"),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Stale(_))), "{stale:?}");
    let twice = store
        .write_criteria_version(write(1, VersionStatus::Draft, "{}", 0), ctx("vpdp.laichau"))
        .await;
    assert!(
        matches!(twice, Err(StoreError::Stale(_))),
        "creating an existing version: {twice:?}"
    );
    let stored = store.criteria_versions().await.expect("load");
    assert_eq!(stored[0].body, "{\"x\":1}");
}

async fn publishing_tells_other_processes_to_reload_the_catalog(store: Arc<dyn Store>) {
    let seen = store.latest_change().await.expect("latest");
    store
        .write_criteria_version(write(1, VersionStatus::Draft, "{}", 0), ctx("vpdp.laichau"))
        .await
        .expect("draft");
    let after_draft = store.changes_since(seen).await.expect("changes");
    assert!(!after_draft.catalog_changed, "a draft is not in the catalog");
    store
        .write_criteria_version(
            write(1, VersionStatus::Published, "{\"p\":1}", 1),
            ctx("vpdp.laichau"),
        )
        .await
        .expect("publish");
    let after_publish = store.changes_since(seen).await.expect("changes");
    assert!(after_publish.catalog_changed);
    assert!(!after_publish.reference_changed);
    assert!(after_publish.touched.is_empty());
}
