//! What every storage contract test shares: a store on SQLite (a temporary
//! file) or on PostgreSQL (a fresh schema on the server named by
//! `NTM_TEST_DATABASE_URL`; without it the PostgreSQL cases say they were
//! skipped and why, and under CI they fail), the `contract!` macro that runs
//! each case on both, and the fixtures of units, values and writes.

#![allow(dead_code)]

pub mod fixtures;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use ntm_store::{PostgresStore, SqliteStore, Store};

pub async fn sqlite() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ntm.db");
    let store = SqliteStore::open(path.to_str().expect("utf-8 path"))
        .await
        .expect("open sqlite");
    (Arc::new(store), dir)
}

static SCHEMA: AtomicU32 = AtomicU32::new(0);

/// The test server's URL, or `None` (with the reason printed) when no
/// PostgreSQL server is configured; under CI its absence fails the test.
pub fn postgres_url(test: &str) -> Option<String> {
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
    Some(url)
}

/// A schema name no other test uses.
pub fn schema_name(test: &str) -> String {
    format!(
        "t{}_{}_{}",
        std::process::id(),
        SCHEMA.fetch_add(1, Ordering::SeqCst),
        test
    )
}

/// A store on a fresh schema, or `None` (with the reason printed) when no
/// PostgreSQL server is configured.
pub async fn postgres(test: &str) -> Option<Arc<dyn Store>> {
    let url = postgres_url(test)?;
    let schema = schema_name(test);
    Some(Arc::new(
        PostgresStore::connect(&url, Some(&schema))
            .await
            .expect("connect postgres"),
    ))
}

/// Runs each named case (`async fn case(store: Arc<dyn Store>)`) on SQLite
/// and on PostgreSQL.
#[macro_export]
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = $crate::common::sqlite().await;
                    super::$name(store).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(store) = $crate::common::postgres(stringify!($name)).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}
