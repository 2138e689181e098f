//! SQLite backups: the online backup API, one step over every page (one read
//! transaction, so the copy is one moment of the database while writers go
//! on in WAL mode), then checked before the file takes its name.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{BackupSummary, RestoreSummary, io_error, newer_copy, not_empty};
use crate::{BackupError, RestoreTarget, Result, SqliteStore, StoreError};

/// How often a busy source is retried (another process holding a lock
/// that the copy must wait for).
const BUSY_RETRIES: u32 = 200;

pub(super) async fn backup(path: &str, out: &Path) -> Result<BackupSummary> {
    let (path, out) = (path.to_string(), out.to_path_buf());
    tokio::task::spawn_blocking(move || backup_blocking(&path, &out))
        .await
        .map_err(StoreError::from)?
}

/// The file a copy is written to before it is checked and renamed.
fn partial_name(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn open_existing(path: &str) -> Result<Connection> {
    if !Path::new(path).exists() {
        return Err(BackupError::NoDatabaseFile(path.to_string()).into());
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "query_only", "on")?;
    Ok(conn)
}

fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Every table of the database with its row count, in creation order.
fn table_rows(conn: &Connection) -> Result<Vec<(String, u64)>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
    )?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    names
        .into_iter()
        .map(|name| {
            let rows: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM \"{name}\""), [], |r| r.get(0))?;
            Ok((name, rows.max(0) as u64))
        })
        .collect()
}

fn is_ntm_database(conn: &Connection) -> Result<bool> {
    let units: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'units'",
        [],
        |r| r.get(0),
    )?;
    Ok(units == 1 && schema_version(conn)? >= 1)
}

fn check_integrity(conn: &Connection, what: &Path) -> Result<()> {
    let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if result == "ok" {
        Ok(())
    } else {
        Err(BackupError::Integrity {
            file: what.to_path_buf(),
            result,
        }
        .into())
    }
}

fn copy_all(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    for _ in 0..BUSY_RETRIES {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(BackupError::SourceBusy.into())
}

fn backup_blocking(path: &str, out: &Path) -> Result<BackupSummary> {
    let source = open_existing(path)?;
    if !is_ntm_database(&source)? {
        return Err(BackupError::NotNtmDatabase(path.to_string()).into());
    }
    let partial = partial_name(out);
    let _ = std::fs::remove_file(&partial);
    let result = (|| -> Result<BackupSummary> {
        let mut copy = Connection::open(&partial)?;
        copy_all(&source, &mut copy)?;
        // The copy stands alone: no -wal file next to it.
        copy.pragma_update(None, "journal_mode", "delete")?;
        check_integrity(&copy, out)?;
        let summary = BackupSummary {
            backend: "sqlite",
            schema_version: schema_version(&copy)?,
            tables: table_rows(&copy)?,
            bytes: 0,
        };
        drop(copy);
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_error(&partial, e))?;
        std::fs::rename(&partial, out).map_err(|e| io_error(out, e))?;
        Ok(summary)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let mut summary = result?;
    summary.bytes = std::fs::metadata(out).map_err(|e| io_error(out, e))?.len();
    Ok(summary)
}

pub(super) async fn restore(path: &str, file: &Path) -> Result<RestoreSummary> {
    let (owned, file) = (path.to_string(), file.to_path_buf());
    let (from_version, tables) = tokio::task::spawn_blocking(move || restore_blocking(&owned, &file))
        .await
        .map_err(StoreError::from)??;
    // Opening migrates the copy to this build's schema.
    let store = SqliteStore::open(path).await?;
    use crate::MaintenanceStore;
    Ok(RestoreSummary {
        backend: "sqlite",
        from_version,
        to_version: store.schema_version().await?,
        tables,
    })
}

fn restore_blocking(path: &str, file: &Path) -> Result<(i64, Vec<(String, u64)>)> {
    let copy = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if !is_ntm_database(&copy)? {
        return Err(BackupError::NotNtmBackup(file.to_path_buf()).into());
    }
    check_integrity(&copy, file)?;
    let version = schema_version(&copy)?;
    if version > crate::SCHEMA_VERSION {
        return Err(newer_copy(file, version));
    }
    let tables = table_rows(&copy)?;
    drop(copy);
    if path == ":memory:" || path.is_empty() {
        return Err(BackupError::IntoMemory.into());
    }
    if Path::new(path).exists() {
        let target = open_existing(path)?;
        if let Some((table, rows)) = table_rows(&target)?.into_iter().find(|(_, n)| *n > 0) {
            return Err(not_empty(
                RestoreTarget::SqliteFile(path.to_string()),
                &table,
                rows,
            ));
        }
    }
    let mut target = Connection::open(path)?;
    target.busy_timeout(Duration::from_secs(10))?;
    let copy = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    copy_all(&copy, &mut target)?;
    check_integrity(&target, Path::new(path))?;
    Ok((version, tables))
}
