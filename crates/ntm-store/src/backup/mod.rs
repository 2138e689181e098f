//! Backups that restore. `backup` takes a consistent copy of a database while
//! servers keep writing to it; `restore` puts a copy into an empty database.
//! Evidence files live in the database, so every copy carries them.
//!
//! - SQLite: SQLite's online backup API copies every page in one read
//!   transaction (WAL lets writers go on); the copy is itself an SQLite
//!   database, checked with `PRAGMA integrity_check` before it is kept.
//! - PostgreSQL: a logical dump of ntm's tables made by ntm itself, every
//!   table read with `COPY … TO STDOUT` inside one `REPEATABLE READ` read-only
//!   transaction (one snapshot), in the file format of [`dump`] with a
//!   SHA-256 of its content that `restore` checks before writing anything.
//!
//! A copy of an older schema restores too: the schema is built at the copy's
//! version, the rows loaded, and the migrations since are applied.

mod dump;
mod postgres;
mod sqlite;

use std::path::Path;

use crate::{BackupError, DatabaseUrl, RestoreTarget, Result, StoreError};

/// What a backup wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupSummary {
    pub backend: &'static str,
    pub schema_version: i64,
    /// Rows per table, in the order they were copied.
    pub tables: Vec<(String, u64)>,
    /// The size of the file written.
    pub bytes: u64,
}

impl BackupSummary {
    /// The rows of one table.
    pub fn rows(&self, table: &str) -> u64 {
        self.tables
            .iter()
            .find(|(t, _)| t == table)
            .map_or(0, |(_, n)| *n)
    }
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoreSummary {
    pub backend: &'static str,
    /// The schema version of the copy, and of the database after migrating.
    pub from_version: i64,
    pub to_version: i64,
    pub tables: Vec<(String, u64)>,
}

/// The kind of a backup file, told from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupKind {
    Sqlite,
    Postgres,
}

/// The file extension backups of each backend get in a backup folder.
pub fn extension(kind: BackupKind) -> &'static str {
    match kind {
        BackupKind::Sqlite => "sqlite3",
        BackupKind::Postgres => "ntmdump",
    }
}

/// The kind of backup a database URL makes.
pub fn kind_of_url(url: &str) -> Result<BackupKind> {
    Ok(match DatabaseUrl::parse(url)? {
        DatabaseUrl::Sqlite(_) => BackupKind::Sqlite,
        DatabaseUrl::Postgres(_) => BackupKind::Postgres,
    })
}

/// Reads the first bytes of a file to tell which kind of backup it is.
pub fn sniff(file: &Path) -> Result<BackupKind> {
    use std::io::Read;
    let mut head = [0u8; 32];
    let mut f = std::fs::File::open(file).map_err(|e| io_error(file, e))?;
    let n = f.read(&mut head).map_err(|e| io_error(file, e))?;
    let head = &head[..n];
    if head.starts_with(b"SQLite format 3\0") {
        Ok(BackupKind::Sqlite)
    } else if head.starts_with(dump::MAGIC.as_bytes()) {
        Ok(BackupKind::Postgres)
    } else {
        Err(BackupError::UnknownFile(file.to_path_buf()).into())
    }
}

/// Takes a consistent copy of the database at `url` into the new file `out`
/// (refused if it exists). The database is not migrated or changed.
pub async fn backup(url: &str, out: &Path) -> Result<BackupSummary> {
    if out.exists() {
        return Err(BackupError::OutputExists(out.to_path_buf()).into());
    }
    match DatabaseUrl::parse(url)? {
        DatabaseUrl::Sqlite(path) => sqlite::backup(path, out).await,
        DatabaseUrl::Postgres(url) => postgres::backup(url, None, out).await,
    }
}

/// Restores the copy `file` into the empty database at `url` (an SQLite
/// file that does not exist yet or has no rows, or a PostgreSQL database with
/// no ntm rows), then migrates it to this build's schema.
pub async fn restore(url: &str, file: &Path) -> Result<RestoreSummary> {
    let kind = sniff(file)?;
    match (DatabaseUrl::parse(url)?, kind) {
        (DatabaseUrl::Sqlite(path), BackupKind::Sqlite) => sqlite::restore(path, file).await,
        (DatabaseUrl::Postgres(url), BackupKind::Postgres) => postgres::restore(url, None, file).await,
        (DatabaseUrl::Sqlite(_), made_by @ BackupKind::Postgres)
        | (DatabaseUrl::Postgres(_), made_by @ BackupKind::Sqlite) => Err(BackupError::WrongBackend {
            file: file.to_path_buf(),
            made_by,
        }
        .into()),
    }
}

/// [`backup`] of a PostgreSQL database whose ntm tables live in `schema`.
pub async fn backup_postgres_schema(url: &str, schema: &str, out: &Path) -> Result<BackupSummary> {
    postgres::backup(url, Some(schema), out).await
}

/// [`restore`] into a PostgreSQL schema (created if needed).
pub async fn restore_postgres_schema(url: &str, schema: &str, file: &Path) -> Result<RestoreSummary> {
    postgres::restore(url, Some(schema), file).await
}

fn io_error(file: &Path, source: std::io::Error) -> StoreError {
    BackupError::File {
        file: file.to_path_buf(),
        source,
    }
    .into()
}

/// The refusal to restore into a database that holds data.
fn not_empty(target: RestoreTarget, table: &str, rows: u64) -> StoreError {
    BackupError::TargetNotEmpty {
        target,
        table: table.to_string(),
        rows,
    }
    .into()
}

/// The refusal of a copy made by a newer ntm.
fn newer_copy(file: &Path, version: i64) -> StoreError {
    BackupError::BackupNewer {
        file: file.to_path_buf(),
        version,
    }
    .into()
}
