//! Making the upgrade fixtures: databases at an older schema version that
//! the upgrade tests open with the current code (see
//! crates/ntm-cli/tests/fixtures/schema/README.md). A fixture is made by
//! building the schema with the migrations 1..N and copying into it, table
//! by table, the columns that version has from a database built by the
//! current code; so it holds what that release would have held. Migrations
//! so far only add tables and columns, which is what makes this exact.
//!
//! Also the checksums of the released migrations: a released migration is
//! never edited (a database already past it would never see the change).

use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection as _};

use crate::maintenance::tables_created;
use crate::{Result, StoreError};

/// `(version, backend, sha256)` of every migration this build has.
pub fn migration_checksums() -> Vec<(i64, &'static str, String)> {
    let mut out = Vec::new();
    for (backend, migrations) in [
        ("sqlite", crate::sqlite::MIGRATIONS),
        ("postgres", crate::postgres::MIGRATIONS),
    ] {
        for (i, sql) in migrations.iter().enumerate() {
            let digest = Sha256::digest(sql.as_bytes());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            out.push((i as i64 + 1, backend, hex));
        }
    }
    out
}

fn check_version(version: i64) -> Result<usize> {
    if !(1..=crate::SCHEMA_VERSION).contains(&version) {
        return Err(crate::Refusal::NoSuchSchemaVersion(version).into());
    }
    Ok(version as usize)
}

/// Writes `out`, an SQLite database at schema `version` with the rows of
/// the (current) database `full`.
pub fn sqlite_at_version(full: &Path, out: &Path, version: i64) -> Result<()> {
    let upto = check_version(version)?;
    let mut conn = Connection::open(out)?;
    crate::sqlite::migrate(&mut conn, upto)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS full",
        [full
            .to_str()
            .ok_or(StoreError::Refused(crate::Refusal::PathNotUtf8))?],
    )?;
    let tx = conn.transaction()?;
    for table in tables_created(&crate::sqlite::MIGRATIONS[..upto]) {
        let columns = |schema: &str| -> Result<Vec<String>> {
            let mut stmt = tx.prepare(&format!("PRAGMA {schema}.table_info(\"{table}\")"))?;
            let names = stmt
                .query_map([], |r| r.get::<_, String>(1))?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok(names)
        };
        let theirs = columns("full")?;
        let common: Vec<String> = columns("main")?
            .into_iter()
            .filter(|c| theirs.contains(c))
            .map(|c| format!("\"{c}\""))
            .collect();
        let list = common.join(",");
        tx.execute(
            &format!("INSERT INTO main.\"{table}\" ({list}) SELECT {list} FROM full.\"{table}\""),
            [],
        )?;
    }
    tx.commit()?;
    conn.execute("DETACH DATABASE full", [])?;
    conn.pragma_update(None, "journal_mode", "delete")?;
    conn.execute_batch("VACUUM")?;
    Ok(())
}

/// Builds, in `to_schema` of the PostgreSQL database at `url`, the schema
/// at `version` with the rows of the (current) schema `from_schema`.
pub async fn postgres_at_version(url: &str, from_schema: &str, to_schema: &str, version: i64) -> Result<()> {
    let upto = check_version(version)?;
    let options = crate::postgres::connect_options(url, Some(to_schema)).await?;
    let mut conn = options.connect().await?;
    let mut tx = conn.begin().await?;
    crate::postgres::migrate_in(&mut tx, upto).await?;
    for table in tables_created(&crate::postgres::MIGRATIONS[..upto]) {
        let columns = |schema: String| {
            sqlx::query_scalar::<_, String>(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
            )
            .bind(schema)
            .bind(table.clone())
        };
        let theirs: Vec<String> = columns(from_schema.to_string()).fetch_all(&mut *tx).await?;
        let common: Vec<String> = columns(to_schema.to_string())
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .filter(|c| theirs.contains(c))
            .map(|c| format!("\"{c}\""))
            .collect();
        let list = common.join(",");
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO \"{to_schema}\".\"{table}\" ({list}) SELECT {list} FROM \"{from_schema}\".\"{table}\""
        )))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    conn.close().await?;
    Ok(())
}
