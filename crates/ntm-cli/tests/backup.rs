//! `ntm backup` while a server keeps writing, then `ntm restore`: the copy
//! is one moment of the database (its figures, audit trail and evidence
//! files agree with each other and with the source at that moment), and a
//! copy taken once the writes stopped restores identical figures, audit and
//! evidence. On SQLite and on the CI's PostgreSQL.

mod support;

use std::path::Path;
use std::sync::Arc;

use ntm_store::{AuditQuery, Store};
use serde_json::{Value, json};
use support::*;

const COMMUNE: &str = "03550";
const CRITERION: &str = "6";
const WRITES: usize = 24;

fn stats(dir: &Path, db: &str) -> Value {
    let run = ntm(
        dir,
        &[
            "--db", db, "stats", "--unit", "109", "--period", "2023", "--format", "json",
        ],
    );
    assert!(run.ok, "stats: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

async fn audit(store: &Arc<dyn Store>) -> Vec<String> {
    let mut rows: Vec<(i64, String)> = store
        .audit(AuditQuery {
            limit: 1_000_000,
            ..AuditQuery::default()
        })
        .await
        .expect("audit")
        .into_iter()
        .map(|e| (e.id, format!("{e:?}")))
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, e)| e).collect()
}

async fn evidence(store: &Arc<dyn Store>, upto: i64) -> Vec<(i64, Vec<u8>)> {
    let mut files = Vec::new();
    for id in 1..=upto {
        if let Some((_, bytes)) = store.evidence(id).await.expect("evidence") {
            files.push((id, bytes));
        }
    }
    files
}

/// The criterion's assessment as the restored data says it, and as the last
/// audit row about it says it.
async fn assessment_and_its_audit(store: &Arc<dyn Store>) -> (bool, bool) {
    let hierarchy = store.load_hierarchy().await.expect("hierarchy");
    let unit = hierarchy
        .units()
        .iter()
        .find(|u| u.code.as_str() == COMMUNE)
        .expect("the commune")
        .id;
    let (_, assessments) = store
        .unit_records(unit, ntm_core_period())
        .await
        .expect("records");
    let stored = assessments
        .iter()
        .find(|a| a.criterion == CRITERION && a.namespace == "xa-2021")
        .expect("the assessment")
        .met;
    let last = store
        .audit(AuditQuery {
            unit: Some(unit),
            entity: Some(ntm_store::AuditEntity::Assessment),
            subject: Some(format!("xa-2021:{CRITERION}")),
            limit: 1,
            ..AuditQuery::default()
        })
        .await
        .expect("audit")
        .into_iter()
        .next()
        .and_then(|e| e.new)
        .expect("an audit row of the assessment");
    let last: Value = serde_json::from_str(&last).expect("JSON");
    (stored, last["met"] == true)
}

fn ntm_core_period() -> ntm_core::period::Period {
    ntm_core::period::Period::year(2023)
}

/// Sets the criterion met or not through the API of the running server.
async fn save(server: &ServerProcess, token: &str, met: bool) {
    let http = client();
    let path = server.url(&format!("/api/v1/units/{COMMUNE}/values?period=2023"));
    let form: Value = http
        .get(&path)
        .bearer_auth(token)
        .send()
        .await
        .expect("form")
        .json()
        .await
        .expect("JSON");
    let version = form["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .find(|c| c["code"] == CRITERION)
        .map(|c| c["assessment_version"].clone())
        .expect("the criterion");
    let body = json!({"assessments": [{"criterion": CRITERION, "met": if met { "đạt" } else { "chưa đạt" }, "version": version}]});
    let saved = http
        .put(&path)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("save");
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap_or_default());
}

async fn upload(server: &ServerProcess, token: &str, n: usize) {
    let part = reqwest::multipart::Part::bytes(format!("%PDF-1.4 biên bản {n}\n\0\x01\x02").into_bytes())
        .file_name(format!("biên bản {n}.pdf"));
    let form = reqwest::multipart::Form::new()
        .text("subject", CRITERION)
        .part("file", part);
    let stored = client()
        .post(server.url(&format!("/api/v1/units/{COMMUNE}/evidence?period=2023")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(
        stored.status(),
        200,
        "{}",
        stored.text().await.unwrap_or_default()
    );
}

async fn backup_during_writes_then_restore(
    dir: &Path,
    source: &str,
    during: &str,
    after: &str,
    extension: &str,
) {
    // The demo database with its accounts, served.
    let server = ServerProcess::start(
        dir,
        &["--db", source, "serve", "--demo", "--addr", "127.0.0.1:0"],
        &[],
    );
    let unmet = stats(dir, source);
    let token = api_token(dir, &["--db", source], "quantri");
    let source_store = ntm_store::open(source).await.expect("open source");
    let audit_before = audit(&source_store).await.len();

    save(&server, &token, true).await;
    let met = stats(dir, source);
    assert_ne!(met, unmet, "the save changes the figures");

    // The copy is taken while the writes go on.
    let copy = dir.join(format!("during.{extension}"));
    let mut backup = None;
    for n in 1..WRITES {
        upload(&server, &token, n).await;
        save(&server, &token, n % 2 == 0).await;
        if n == 4 {
            let (dir, source, copy) = (dir.to_path_buf(), source.to_string(), copy.clone());
            backup = Some(std::thread::spawn(move || {
                ntm(
                    &dir,
                    &["--db", &source, "backup", "--out", copy.to_str().expect("utf-8")],
                )
            }));
        }
    }
    let backup = backup.expect("started").join().expect("backup thread");
    assert!(backup.ok, "backup: {}", backup.stderr);
    assert!(backup.stdout.contains("Đã sao lưu"), "{}", backup.stdout);
    assert!(backup.stdout.contains("tệp minh chứng"), "{}", backup.stdout);
    // WRITES saves, ending unmet: the figures are those of the start.
    let final_stats = stats(dir, source);
    assert_eq!(final_stats, unmet);
    let source_audit = audit(&source_store).await;
    let source_evidence = evidence(&source_store, WRITES as i64 + 5).await;
    assert_eq!(source_evidence.len(), WRITES - 1);

    let restored = ntm(dir, &["--db", during, "restore", copy.to_str().expect("utf-8")]);
    assert!(restored.ok, "restore: {}", restored.stderr);
    assert!(restored.stdout.contains("Đã khôi phục"), "{}", restored.stdout);
    let during_store = ntm_store::open(during).await.expect("open restored");
    let during_audit = audit(&during_store).await;
    eprintln!(
        "audit rows: {audit_before} before the writes, {} in the copy taken during them, {} at the end",
        during_audit.len(),
        source_audit.len()
    );
    assert!(during_audit.len() > audit_before && during_audit.len() <= source_audit.len());
    assert_eq!(
        during_audit,
        source_audit[..during_audit.len()],
        "the copy's audit trail is the source's up to the moment of the copy"
    );
    let during_evidence = evidence(&during_store, WRITES as i64 + 5).await;
    assert!(
        during_evidence.iter().all(|file| source_evidence.contains(file)),
        "every evidence file of the copy is the source's, byte for byte"
    );
    let (stored, audited) = assessment_and_its_audit(&during_store).await;
    assert_eq!(stored, audited, "the value and its last audit row agree");
    let during_stats = stats(dir, during);
    assert!(
        during_stats == met || during_stats == unmet,
        "the copy's figures are those of one moment"
    );
    assert_eq!(
        during_stats == met,
        stored,
        "the figures agree with the data and the audit trail"
    );

    // Once the writes stopped (the server still running): identical.
    let quiet = dir.join(format!("after.{extension}"));
    let backup = ntm(
        dir,
        &["--db", source, "backup", "--out", quiet.to_str().expect("utf-8")],
    );
    assert!(backup.ok, "backup: {}", backup.stderr);
    let restored = ntm(dir, &["--db", after, "restore", quiet.to_str().expect("utf-8")]);
    assert!(restored.ok, "restore: {}", restored.stderr);
    let after_store = ntm_store::open(after).await.expect("open restored");
    assert_eq!(audit(&after_store).await, source_audit, "identical audit trail");
    assert_eq!(
        evidence(&after_store, WRITES as i64 + 5).await,
        source_evidence,
        "identical evidence files"
    );
    assert_eq!(stats(dir, after), final_stats, "identical figures");

    // A database with data is never restored over.
    let refused = ntm(dir, &["--db", after, "restore", quiet.to_str().expect("utf-8")]);
    assert!(!refused.ok);
    assert!(refused.stderr.contains("không trống"), "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("Chỉ khôi phục vào một cơ sở dữ liệu trống"),
        "{}",
        refused.stderr
    );
    drop(server);
}

#[tokio::test]
async fn sqlite_backup_during_writes_then_restore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = |name: &str| format!("sqlite://{}", dir.path().join(name).display());
    backup_during_writes_then_restore(
        dir.path(),
        &url("ntm.db"),
        &url("during.db"),
        &url("after.db"),
        "sqlite3",
    )
    .await;
}

#[tokio::test]
async fn postgres_backup_during_writes_then_restore() {
    let Some(source) = postgres_database("backup_src").await else {
        return;
    };
    let during = postgres_database("backup_during").await.expect("database");
    let after = postgres_database("backup_after").await.expect("database");
    let dir = tempfile::tempdir().expect("tempdir");
    backup_during_writes_then_restore(dir.path(), &source, &during, &after, "ntmdump").await;
}
