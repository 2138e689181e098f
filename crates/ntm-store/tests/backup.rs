//! Backups restore every row exactly, on both backends: units, values with
//! notes that COPY must escape, users, the audit trail and evidence files
//! with arbitrary bytes; a restore refuses a database with data, a damaged
//! copy and a copy of the other backend, and writes nothing then.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::fixtures::*;
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::value::IndicatorValue;
use ntm_store::backup::{self, BackupKind};
use ntm_store::{BackupError, NewEvidence, NewUser, SqliteStore, Store, StoreError};

/// Text that the dump's escaping must carry: tab, newline, backslash, the
/// literal `\N` that COPY reads as NULL unless escaped, and Vietnamese.
const TRICKY: &str = "Tab\there\nnew line \\ \\N \\. đạt chuẩn";

/// Bytes of an evidence file: every byte value, twice.
fn evidence_bytes() -> Vec<u8> {
    (0..=255u8).chain((0..=255u8).rev()).collect()
}

async fn fill(store: &Arc<dyn Store>) {
    let ids = seed_units(store).await;
    let catalog = catalog();
    let keys = store.sync_keys(&catalog).await.expect("keys");
    let ck = (catalog.clone(), keys.clone());
    let p = Period::year(2023);
    let mut tricky = value(
        ids[2],
        p,
        &ck,
        "2.1",
        Some(IndicatorValue::Number(Quantity::from_int(7))),
    );
    tricky.note = Some(TRICKY.into());
    store
        .write_values(batch(vec![tricky]), &keys)
        .await
        .expect("values");
    store
        .create_user(
            NewUser {
                username: "xa.muongso".into(),
                display_name: TRICKY.into(),
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
                role: "commune_officer".into(),
                unit: Some(ids[2]),
                agency: None,
            },
            ctx("tester"),
        )
        .await
        .expect("user");
    store
        .add_evidence(
            NewEvidence {
                unit: ids[2],
                period: p,
                subject: "2.1".into(),
                file_name: "biên bản.pdf".into(),
                content_type: "application/pdf".into(),
                content: evidence_bytes(),
                sha256: "x".repeat(64),
            },
            ctx("tester"),
        )
        .await
        .expect("evidence");
}

/// What a test compares: the evidence file's bytes, the audit trail and the note.
async fn contents(store: &Arc<dyn Store>) -> (Vec<u8>, Vec<String>, Option<String>, String) {
    let (_, bytes) = store.evidence(1).await.expect("read").expect("evidence 1");
    let audit = store
        .audit(ntm_store::AuditQuery {
            limit: 10_000,
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_iter()
        .map(|e| format!("{e:?}"))
        .collect();
    let hierarchy = store.load_hierarchy().await.expect("hierarchy");
    let unit = hierarchy
        .units()
        .iter()
        .find(|u| u.code.as_str() == "03589")
        .expect("Mường So")
        .id;
    let (values, _) = store
        .unit_records(unit, Period::year(2023))
        .await
        .expect("records");
    let user = store
        .user_by_name("xa.muongso")
        .await
        .expect("user")
        .expect("exists");
    (
        bytes,
        audit,
        values.first().and_then(|v| v.note.clone()),
        user.display_name,
    )
}

async fn round_trip(source: Arc<dyn Store>, source_url: &str, target_url: &str, dir: &Path) {
    fill(&source).await;
    let file = dir.join("copy");
    let summary = backup::backup(source_url, &file).await.expect("backup");
    assert_eq!(summary.schema_version, ntm_store::SCHEMA_VERSION);
    assert_eq!(summary.rows("evidence_files"), 1);
    assert!(summary.rows("audit") >= 3, "{summary:?}");
    assert!(summary.bytes > 512);
    // Never over an existing file.
    let again = backup::backup(source_url, &file).await.expect_err("exists");
    assert!(again.to_string().contains("đã có"), "{again}");

    let restored = backup::restore(target_url, &file).await.expect("restore");
    assert_eq!(restored.to_version, ntm_store::SCHEMA_VERSION);
    assert_eq!(restored.tables, summary.tables);
    let target = ntm_store::open(target_url).await.expect("open restored");
    let (bytes, audit, note, name) = contents(&target).await;
    assert_eq!(bytes, evidence_bytes());
    assert_eq!(note.as_deref(), Some(TRICKY));
    assert_eq!(name, TRICKY);
    assert_eq!((bytes, audit, note, name), contents(&source).await);
    // New rows after a restore get new ids (sequences moved past the copy).
    fill_more(&target).await;

    // A database with data is never overwritten.
    let refused = backup::restore(target_url, &file).await.expect_err("not empty");
    let message = refused.to_string();
    assert!(message.contains("không trống"), "{message}");
    assert!(
        message.contains("Chỉ khôi phục vào một cơ sở dữ liệu trống"),
        "{message}"
    );
}

async fn fill_more(store: &Arc<dyn Store>) {
    let hierarchy = store.load_hierarchy().await.expect("hierarchy");
    let unit = hierarchy.units().first().expect("a unit").id;
    let id = store
        .add_evidence(
            NewEvidence {
                unit,
                period: Period::year(2024),
                subject: "1".into(),
                file_name: "b.pdf".into(),
                content_type: "application/pdf".into(),
                content: vec![1, 2, 3],
                sha256: "y".repeat(64),
            },
            ctx("tester"),
        )
        .await
        .expect("new evidence after restore");
    assert_eq!(id, 2);
}

#[tokio::test]
async fn sqlite_backup_restores_every_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source_path = dir.path().join("source.db");
    let source_url = format!("sqlite://{}", source_path.display());
    let source: Arc<dyn Store> = Arc::new(
        SqliteStore::open(source_path.to_str().expect("utf-8"))
            .await
            .expect("open"),
    );
    let target_url = format!("sqlite://{}", dir.path().join("restored.db").display());
    round_trip(source, &source_url, &target_url, dir.path()).await;
    assert_eq!(
        backup::sniff(&dir.path().join("copy")).expect("kind"),
        BackupKind::Sqlite
    );
}

#[tokio::test]
async fn restore_refuses_what_is_not_a_backup_and_the_other_backend() {
    let dir = tempfile::tempdir().expect("tempdir");
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "not a backup").expect("write");
    let target = format!("sqlite://{}", dir.path().join("t.db").display());
    let e = backup::restore(&target, &junk).await.expect_err("junk");
    assert!(e.to_string().contains("không phải là bản sao lưu"), "{e}");
    assert!(!dir.path().join("t.db").exists(), "nothing created");

    let dump = dir.path().join("x.ntmdump");
    std::fs::write(
        &dump,
        "NTM-BACKUP 1 postgres schema=1 ntm=0.1.0 created=x\nEND rows=0 sha256=0\n",
    )
    .expect("write");
    let e = backup::restore(&target, &dump).await.expect_err("other backend");
    assert!(e.to_string().contains("PostgreSQL"), "{e}");
    assert!(
        matches!(
            e,
            StoreError::Backup(BackupError::WrongBackend {
                made_by: backup::BackupKind::Postgres,
                ..
            })
        ),
        "{e:?}"
    );
    let missing = backup::backup(&target, &dir.path().join("out"))
        .await
        .expect_err("no source");
    assert!(
        matches!(missing, StoreError::Backup(BackupError::NoDatabaseFile(_))),
        "{missing}"
    );
}

#[tokio::test]
async fn postgres_dump_restores_every_row() {
    let Some(url) = common::postgres_url("postgres_dump_restores_every_row") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let source_schema = common::schema_name("dump_src");
    let target_schema = common::schema_name("dump_dst");
    let source: Arc<dyn Store> = Arc::new(
        ntm_store::PostgresStore::connect(&url, Some(&source_schema))
            .await
            .expect("connect"),
    );
    fill(&source).await;
    let file = dir.path().join("copy.ntmdump");
    let summary = backup::backup_postgres_schema(&url, &source_schema, &file)
        .await
        .expect("dump");
    assert_eq!(summary.rows("evidence_files"), 1);
    assert_eq!(backup::sniff(&file).expect("kind"), BackupKind::Postgres);

    // A copy cut short, or changed by one byte, restores nothing.
    let text = std::fs::read(&file).expect("read");
    let cut = dir.path().join("cut.ntmdump");
    std::fs::write(&cut, &text[..text.len() / 2]).expect("write");
    let e = backup::restore_postgres_schema(&url, &target_schema, &cut)
        .await
        .expect_err("cut");
    assert!(e.to_string().contains("hỏng"), "{e}");
    let mut changed = text.clone();
    let at = changed.len() / 2;
    changed[at] = changed[at].wrapping_add(1);
    std::fs::write(&cut, &changed).expect("write");
    assert!(
        backup::restore_postgres_schema(&url, &target_schema, &cut)
            .await
            .is_err()
    );

    let restored = backup::restore_postgres_schema(&url, &target_schema, &file)
        .await
        .expect("restore");
    assert_eq!(restored.tables, summary.tables);
    let target: Arc<dyn Store> = Arc::new(
        ntm_store::PostgresStore::connect(&url, Some(&target_schema))
            .await
            .expect("connect restored"),
    );
    let (bytes, audit, note, name) = contents(&target).await;
    assert_eq!(bytes, evidence_bytes());
    assert_eq!(note.as_deref(), Some(TRICKY));
    assert_eq!(name, TRICKY);
    assert_eq!((bytes, audit, note, name), contents(&source).await);
    // The restored schema dumps to the same rows.
    let second = dir.path().join("second.ntmdump");
    backup::backup_postgres_schema(&url, &target_schema, &second)
        .await
        .expect("dump again");
    let body = |path: &Path| {
        let text = std::fs::read_to_string(path).expect("read");
        text.lines()
            .filter(|l| !l.starts_with("NTM-BACKUP") && !l.starts_with("END "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(body(&file), body(&second));
    fill_more(&target).await;
    let e = backup::restore_postgres_schema(&url, &target_schema, &file)
        .await
        .expect_err("not empty");
    assert!(e.to_string().contains("không trống"), "{e}");
}
