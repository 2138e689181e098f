//! Upgrades: a database of every released schema version (fixtures/schema,
//! made by `cargo run -p ntm-cli --example schema_fixture`) opened by the
//! current `ntm`, migrated, and still giving Phong Thổ's 2023 figures, its
//! users, evidence file, boundary and plan target. SQLite files are opened
//! in place (the upgrade path of a one-server install); PostgreSQL dumps are
//! restored into a new database (restore builds the old schema, loads the
//! rows, then migrates). Released migrations are never edited.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ntm_app::Program;
use ntm_app::criteria::catalog_files::shipped_catalog;
use ntm_store::{SCHEMA_VERSION, Store};
use serde_json::Value;
use support::*;

/// Schema versions released so far: each has its fixtures.
const RELEASED: i64 = 8;
const PASSWORD: &str = "ntm-fixture-2026";
/// Communes of Phong Thổ meeting each criterion in 2023 (its 2023 report, seed 001).
const PER_CRITERION: [i64; 19] = [16, 4, 16, 16, 9, 5, 16, 14, 5, 2, 4, 7, 6, 6, 6, 14, 4, 11, 16];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema")
}

fn fixture(version: i64, extension: &str) -> PathBuf {
    fixtures().join(format!("schema-{version:04}.{extension}"))
}

fn check_figures(dir: &Path, db: &str) {
    let run = ntm(
        dir,
        &[
            "--db", db, "stats", "--unit", "109", "--period", "2023", "--format", "json",
        ],
    );
    assert!(run.ok, "stats: {}", run.stderr);
    let stats: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(stats["communes"], 16);
    assert_eq!(stats["average_criteria"], 11.06);
    let met: Vec<i64> = stats["per_criterion"]
        .as_array()
        .expect("per criterion")
        .iter()
        .map(|c| c["met"].as_i64().unwrap_or(-1))
        .collect();
    assert_eq!(met, PER_CRITERION);
}

/// What later schema versions added, present as the fixture's version had it.
async fn check_data(db: &str, version: i64) {
    let store: Arc<dyn Store> = ntm_store::open(db).await.expect("open");
    assert_eq!(store.schema_version().await.expect("version"), SCHEMA_VERSION);
    let program = Program::open(Arc::clone(&store), shipped_catalog().expect("catalog"))
        .await
        .expect("program");
    let hierarchy = store.load_hierarchy().await.expect("hierarchy");
    let muong_so = hierarchy
        .units()
        .iter()
        .find(|u| u.code.as_str() == "03589")
        .expect("Mường So")
        .id;
    let login = program
        .login("xa.muongso", PASSWORD, time::OffsetDateTime::now_utc())
        .await
        .expect("login");
    let evidence = store.evidence(1).await.expect("evidence");
    let boundaries = store.geometries(&[muong_so]).await.expect("geometries");
    let targets = store
        .records(ntm_store::RecordKind::Target, None)
        .await
        .expect("plans");
    assert_eq!(login.is_some(), version >= 2, "users came with schema 2");
    assert_eq!(
        evidence.is_some_and(|(_, bytes)| bytes.starts_with(b"%PDF")),
        version >= 2,
        "evidence files came with schema 2"
    );
    assert_eq!(
        boundaries.len(),
        usize::from(version >= 3),
        "boundaries came with schema 3"
    );
    assert_eq!(
        targets.len(),
        usize::from(version >= 4),
        "plans came with schema 4"
    );
}

#[tokio::test]
async fn every_released_sqlite_database_migrates_and_keeps_its_figures() {
    for version in 1..=RELEASED {
        let dir = tempfile::tempdir().expect("tempdir");
        let copy = dir.path().join("ntm.db");
        std::fs::copy(fixture(version, "sqlite3"), &copy).expect("fixture");
        let db = format!("sqlite://{}", copy.display());
        let init = ntm(dir.path(), &["--db", &db, "init"]);
        assert!(init.ok, "schema {version}: {}", init.stderr);
        assert!(
            init.stdout
                .contains(&format!("lược đồ phiên bản {SCHEMA_VERSION}")),
            "{}",
            init.stdout
        );
        check_figures(dir.path(), &db);
        check_data(&db, version).await;
    }
}

#[tokio::test]
async fn every_released_postgres_dump_restores_migrates_and_keeps_its_figures() {
    for version in 1..=RELEASED {
        let Some(db) = postgres_database(&format!("fixture_v{version}")).await else {
            return;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let file = fixture(version, "ntmdump");
        let run = ntm(
            dir.path(),
            &["--db", &db, "restore", file.to_str().expect("utf-8")],
        );
        assert!(run.ok, "schema {version}: {}", run.stderr);
        if version < SCHEMA_VERSION {
            assert!(
                run.stdout.contains(&format!(
                    "Bản sao lưu có lược đồ phiên bản {version}; đã nâng cấp lên phiên bản {SCHEMA_VERSION}."
                )),
                "{}",
                run.stdout
            );
        }
        check_figures(dir.path(), &db);
        check_data(&db, version).await;
    }
}

#[test]
fn released_migrations_are_never_edited() {
    let recorded = std::fs::read_to_string(fixtures().join("migrations.sha256")).expect("checksums");
    let current = ntm_store::fixture::migration_checksums();
    let mut versions = Vec::new();
    for line in recorded.lines().filter(|l| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [version, backend, hash] = parts[..] else {
            panic!("bad line: {line}");
        };
        let version: i64 = version.parse().expect("version");
        let now = current
            .iter()
            .find(|(v, b, _)| *v == version && *b == backend)
            .unwrap_or_else(|| panic!("migration {version} ({backend}) was released and must stay"));
        assert_eq!(
            now.2, hash,
            "migration {version} ({backend}) was released and has been edited: add a new migration instead"
        );
        versions.push(version);
    }
    for version in 1..=RELEASED {
        assert!(
            versions.contains(&version),
            "checksum of released migration {version}"
        );
        assert!(
            fixture(version, "sqlite3").exists(),
            "fixture of schema {version}"
        );
        assert!(fixture(version, "ntmdump").exists(), "dump of schema {version}");
    }
    const { assert!(RELEASED <= SCHEMA_VERSION) };
}
