//! What running ntm for real needs of the store: the schema version (for
//! health checks, `ntm --version` and upgrades) and opening with limits.

use std::sync::Arc;

use async_trait::async_trait;

use crate::{DatabaseUrl, PostgresStore, Result, SqliteStore, Store, StoreError};

/// The schema version this build creates and expects: the number of
/// migrations (the same for both backends; a test checks it).
pub const SCHEMA_VERSION: i64 = crate::sqlite::MIGRATIONS.len() as i64;

/// How a store is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenOptions {
    /// The most PostgreSQL connections one process holds.
    pub max_connections: u32,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions { max_connections: 8 }
    }
}

/// The state of the database itself.
#[async_trait]
pub trait MaintenanceStore: Send + Sync {
    /// The last migration applied to the database (read from it now, so it
    /// also tells whether the database answers).
    async fn schema_version(&self) -> Result<i64>;
}

/// [`crate::open`] with options.
pub async fn open_with(url: &str, options: &OpenOptions) -> Result<Arc<dyn Store>> {
    Ok(match DatabaseUrl::parse(url)? {
        DatabaseUrl::Postgres(url) => {
            Arc::new(PostgresStore::connect_with(url, None, options.max_connections).await?)
        }
        DatabaseUrl::Sqlite(path) => Arc::new(SqliteStore::open(path).await?),
    })
}

/// The error for a database that a newer ntm has already migrated.
pub(crate) fn newer_schema(found: i64) -> StoreError {
    StoreError::SchemaNewer { found }
}

/// The tables a list of migrations creates, in order of creation.
pub(crate) fn tables_created(migrations: &[&str]) -> Vec<String> {
    let mut tables = Vec::new();
    for sql in migrations {
        for line in sql.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let name = match words.as_slice() {
                ["CREATE", "TABLE", "IF", "NOT", "EXISTS", name, ..] | ["CREATE", "TABLE", name, ..] => name,
                _ => continue,
            };
            let name = name.trim_end_matches('(').trim_matches('"').to_string();
            if !tables.contains(&name) {
                tables.push(name);
            }
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_schema_versions_and_tables() {
        assert_eq!(crate::sqlite::MIGRATIONS.len(), crate::postgres::MIGRATIONS.len());
        let sqlite = tables_created(crate::sqlite::MIGRATIONS);
        let mut postgres = tables_created(crate::postgres::MIGRATIONS);
        let mut sqlite_sorted = sqlite.clone();
        sqlite_sorted.sort();
        postgres.sort();
        assert_eq!(sqlite_sorted, postgres);
        assert!(sqlite.iter().any(|t| t == "evidence_files"));
        assert!(sqlite.iter().any(|t| t == "audit"));
        assert_eq!(sqlite.first().map(String::as_str), Some("units"));
    }
}
