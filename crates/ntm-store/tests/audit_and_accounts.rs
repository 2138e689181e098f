//! The storage contract: the audit trail (every change leaves a row, rows
//! cannot be changed), users, sessions and tokens, evidence files, criteria
//! set changes and plan records; the same cases run against SQLite and
//! PostgreSQL (see `common`).

mod common;

use std::sync::Arc;

use common::fixtures::*;
use common::postgres;
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::value::IndicatorValue;
use ntm_store::prelude::AuditStore;
use ntm_store::{
    AuditQuery, NewApiToken, NewEvidence, NewUser, PostgresStore, SessionRecord, SqliteStore, Store,
    StoreError, UserUpdate,
};

contract!(
    every_change_leaves_an_audit_row,
    audit_rows_cannot_be_changed,
    users_sessions_and_tokens,
    evidence_files_round_trip,
    criteria_set_changes_are_audited,
    plan_records_are_versioned_and_audited,
);

async fn every_change_leaves_an_audit_row(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let catalog = catalog();
    let keys = store.sync_keys(&catalog).await.expect("keys");
    let ck = (catalog.clone(), keys.clone());
    let p = Period::year(2023);
    let write = |n: i64| {
        value(
            ids[2],
            p,
            &ck,
            "2.1",
            Some(IndicatorValue::Number(Quantity::from_int(n))),
        )
    };
    store
        .write_values(batch(vec![write(5)]), &keys)
        .await
        .expect("create");
    store
        .write_values(batch(vec![write(5)]), &keys)
        .await
        .expect("same again");
    store
        .write_values(batch(vec![write(6)]), &keys)
        .await
        .expect("update");
    store
        .write_values(batch(vec![value(ids[2], p, &ck, "2.1", None)]), &keys)
        .await
        .expect("delete");
    let rows = store
        .audit(AuditQuery {
            unit: Some(ids[2]),
            period: Some(p),
            entity: Some(ntm_store::AuditEntity::Value),
            limit: 50,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert_eq!(
        rows.len(),
        3,
        "create, update, delete; the unchanged write left none: {rows:?}"
    );
    assert_eq!(rows[0].subject.as_deref(), Some("t:2.1"));
    assert!(
        rows[0].new.is_none() && rows[0].old.as_deref().is_some_and(|o| o.contains("60000")),
        "newest first: the deletion"
    );
    assert!(
        rows[1].old.as_deref().is_some_and(|o| o.contains("50000"))
            && rows[1].new.as_deref().is_some_and(|n| n.contains("60000"))
    );
    assert!(rows[2].old.is_none());
    assert_eq!(rows[2].actor, "tester");
    assert_eq!(rows[2].source, ntm_store::ChangeSource::Import);
    let units = store
        .audit(AuditQuery {
            entity: Some(ntm_store::AuditEntity::Unit),
            limit: 50,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert_eq!(units.len(), 5, "one row per unit created");
}

async fn audit_rows_cannot_be_changed(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let rows = store
        .audit(AuditQuery {
            unit: Some(ids[0]),
            limit: 5,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert!(!rows.is_empty());
    // The store offers no way to change them; the database refuses it too.
    let refused = match store.backend() {
        "sqlite" => {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("a.db");
            let s = SqliteStore::open(path.to_str().expect("path"))
                .await
                .expect("open");
            seed_units(&(Arc::new(s) as Arc<dyn Store>)).await;
            let conn = rusqlite_connection(&path);
            conn.execute("UPDATE audit SET actor = 'x'", []).is_err()
                && conn.execute("DELETE FROM audit", []).is_err()
        }
        _ => true, // checked through SQL in postgres_audit_is_append_only below
    };
    assert!(refused);
}

fn rusqlite_connection(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("open")
}

async fn users_sessions_and_tokens(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let new = NewUser {
        username: "muongso".into(),
        display_name: "Cán bộ xã Mường So".into(),
        password_hash: "$argon2id$v=19$hash".into(),
        role: "commune_officer".into(),
        unit: Some(ids[2]),
        agency: None,
    };
    let id = store
        .create_user(new.clone(), ctx("admin"))
        .await
        .expect("create");
    assert!(
        store.create_user(new, ctx("admin")).await.is_err(),
        "usernames are unique"
    );
    let u = store
        .user_by_name("muongso")
        .await
        .expect("read")
        .expect("exists");
    assert_eq!((u.id, u.unit, u.disabled), (id, Some(ids[2]), false));
    let session = SessionRecord {
        user: id,
        csrf_token: "csrf".into(),
        expires_at: "2099-01-01T00:00:00Z".into(),
    };
    store
        .create_session("hash1", session.clone(), "2024-01-01T00:00:00Z")
        .await
        .expect("session");
    assert_eq!(store.session("hash1").await.expect("read"), Some(session));
    let token = NewApiToken {
        user: id,
        name: "script".into(),
        token_hash: "tokenhash".into(),
        expires_at: "2099-01-01T00:00:00Z".into(),
    };
    store.create_api_token(token, ctx("admin")).await.expect("token");
    assert_eq!(
        store.api_token("tokenhash").await.expect("read").map(|t| t.user),
        Some(id)
    );
    store
        .update_user(
            id,
            UserUpdate {
                disabled: Some(true),
                password_hash: Some("new".into()),
                ..UserUpdate::default()
            },
            ctx("admin"),
        )
        .await
        .expect("disable");
    assert!(
        store
            .user(id)
            .await
            .expect("read")
            .is_some_and(|u| u.disabled && u.password_hash == "new")
    );
    assert_eq!(
        store.session("hash1").await.expect("read"),
        None,
        "disabling ends the sessions"
    );
    let audit = store
        .audit(AuditQuery {
            entity: Some(ntm_store::AuditEntity::User),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert_eq!(audit.len(), 2);
    assert!(
        audit[0]
            .new
            .as_deref()
            .is_some_and(|n| n.contains("password_changed") && !n.contains("new")),
        "{:?}",
        audit[0].new
    );
    assert_eq!(store.users().await.expect("users").len(), 1);
    store
        .delete_session("nothing")
        .await
        .expect("deleting a missing session is fine");
}

async fn evidence_files_round_trip(store: Arc<dyn Store>) {
    let ids = seed_units(&store).await;
    let file = NewEvidence {
        unit: ids[2],
        period: Period::year(2023),
        subject: "t:2.1".into(),
        file_name: "bien-ban.pdf".into(),
        content_type: "application/pdf".into(),
        content: b"%PDF-1.4 ...".to_vec(),
        sha256: "abc".into(),
    };
    let id = store.add_evidence(file, ctx("tester")).await.expect("add");
    let list = store
        .evidence_list(ids[2], Period::year(2023))
        .await
        .expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].id, list[0].size, list[0].file_name.as_str()),
        (id, 12, "bien-ban.pdf")
    );
    let (meta, content) = store.evidence(id).await.expect("get").expect("exists");
    assert_eq!(
        (meta.subject.as_str(), content.as_slice()),
        ("t:2.1", b"%PDF-1.4 ...".as_slice())
    );
    assert!(store.evidence(id + 1000).await.expect("get").is_none());
    assert!(
        store
            .evidence_list(ids[3], Period::year(2023))
            .await
            .expect("list")
            .is_empty()
    );
}

async fn criteria_set_changes_are_audited(store: Arc<dyn Store>) {
    let sets = vec![
        ("qd318-2022".to_string(), "aaa".to_string()),
        ("qd51-2025".to_string(), "bbb".to_string()),
    ];
    assert_eq!(
        store
            .record_criteria_sets(&sets, ctx("khởi động"))
            .await
            .expect("first"),
        2
    );
    assert_eq!(
        store
            .record_criteria_sets(&sets, ctx("khởi động"))
            .await
            .expect("same"),
        0
    );
    let changed = vec![("qd318-2022".to_string(), "ccc".to_string())];
    assert_eq!(
        store
            .record_criteria_sets(&changed, ctx("khởi động"))
            .await
            .expect("changed"),
        1
    );
    let rows = store
        .audit(AuditQuery {
            entity: Some(ntm_store::AuditEntity::CriteriaSet),
            subject: Some("qd318-2022".into()),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].old.as_deref().is_some_and(|o| o.contains("aaa"))
            && rows[0].new.as_deref().is_some_and(|n| n.contains("ccc"))
    );
}

#[tokio::test]
async fn postgres_audit_is_append_only() {
    let Some(store) = postgres("append_only").await else {
        return;
    };
    seed_units(&store).await;
    let Ok(url) = std::env::var("NTM_TEST_DATABASE_URL") else {
        return;
    };
    let pool = sqlx::PgPool::connect(&url).await.expect("connect");
    // The store's own schema is private to the test; the trigger is checked in a fresh one.
    sqlx::raw_sql("CREATE SCHEMA IF NOT EXISTS append_check")
        .execute(&pool)
        .await
        .expect("schema");
    let check = PostgresStore::connect(&url, Some("append_check"))
        .await
        .expect("store");
    check
        .record_criteria_sets(&[("x".into(), "y".into())], ctx("t"))
        .await
        .expect("row");
    let err = sqlx::raw_sql("UPDATE append_check.audit SET actor = 'x'")
        .execute(&pool)
        .await;
    assert!(err.is_err(), "updates are refused");
    let err = sqlx::raw_sql("DELETE FROM append_check.audit")
        .execute(&pool)
        .await;
    assert!(err.is_err(), "deletes are refused");
}

async fn plan_records_are_versioned_and_audited(store: Arc<dyn Store>) {
    use ntm_store::RecordWrite;
    let units = seed_units(&store).await;
    let put = |key: &str, body: Option<&str>, expected: Option<i64>| RecordWrite {
        kind: ntm_store::RecordKind::Target,
        key: key.into(),
        unit: Some(units[0]),
        period: Some(2024),
        body: body.map(str::to_string),
        expected_version: expected,
    };
    let written = store
        .write_records(
            vec![put("a", Some(r#"{"v":8}"#), Some(0)), put("b", Some("{}"), None)],
            ctx("VPĐP"),
        )
        .await
        .expect("write");
    assert_eq!(written, 2);
    let records = store
        .records(ntm_store::RecordKind::Target, Some(2024))
        .await
        .expect("read");
    assert_eq!(records.len(), 2);
    assert_eq!((records[0].key.as_str(), records[0].version), ("a", 1));
    assert!(
        store
            .records(ntm_store::RecordKind::Target, Some(2025))
            .await
            .expect("read")
            .is_empty()
    );
    assert!(
        store
            .records(ntm_store::RecordKind::Lock, None)
            .await
            .expect("read")
            .is_empty()
    );
    // The same body again: nothing written. A new one over version 1: version 2.
    assert_eq!(
        store
            .write_records(vec![put("a", Some(r#"{"v":8}"#), Some(1))], ctx("x"))
            .await
            .expect("same"),
        0
    );
    store
        .write_records(vec![put("a", Some(r#"{"v":9}"#), Some(1))], ctx("x"))
        .await
        .expect("update");
    // Over a stale version: refused whole, b untouched.
    let stale = store
        .write_records(
            vec![put("b", None, Some(1)), put("a", Some(r#"{"v":10}"#), Some(1))],
            ctx("y"),
        )
        .await;
    assert!(
        matches!(
            stale,
            Err(StoreError::Stale(ntm_store::Stale::Record { ref key, found: 2, expected: 1, .. })) if key == "a"
        ),
        "{stale:?}"
    );
    let records = store
        .records(ntm_store::RecordKind::Target, None)
        .await
        .expect("read");
    assert_eq!(
        records
            .iter()
            .map(|r| (r.key.as_str(), r.version))
            .collect::<Vec<_>>(),
        [("a", 2), ("b", 1)]
    );
    store
        .write_records(vec![put("b", None, Some(1))], ctx("z"))
        .await
        .expect("delete");
    assert_eq!(
        store
            .records(ntm_store::RecordKind::Target, None)
            .await
            .expect("read")
            .len(),
        1
    );
    let audit = store
        .audit(AuditQuery {
            entity: Some(ntm_store::AuditEntity::Record(ntm_store::RecordKind::Target)),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert_eq!(audit.len(), 4, "two creations, an update, a deletion");
    assert_eq!(audit[0].actor, "z");
    assert_eq!(audit[0].old.as_deref(), Some("{}"));
    assert!(audit[0].new.is_none());
    assert_eq!(audit[1].old.as_deref(), Some(r#"{"v":8}"#));
}
