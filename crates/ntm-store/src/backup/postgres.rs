//! PostgreSQL backups: a logical dump of ntm's tables made by ntm, every
//! table copied inside one `REPEATABLE READ` read-only transaction (so the
//! dump is one snapshot however much the servers write meanwhile), and its
//! restore into an empty database in one transaction.

use std::io::{BufReader, BufWriter};
use std::path::Path;

use futures_util::TryStreamExt;
use sqlx::{AssertSqlSafe, ConnectOptions, Connection, PgConnection};

use super::dump::{self, Header, Item};
use super::{BackupSummary, RestoreSummary, io_error, newer_copy, not_empty};
use crate::maintenance::tables_created;
use crate::postgres::{MIGRATIONS, connect_options, migrate_in};
use crate::{
    BackupError, Damage, MaintenanceStore, PostgresStore, RestoreTarget, Result, SCHEMA_VERSION, StoreError,
};

/// Rows sent to the server in pieces of about this size.
const CHUNK: usize = 1 << 20;

async fn connect(url: &str, schema: Option<&str>) -> Result<PgConnection> {
    let options = connect_options(url, schema).await?;
    Ok(options.connect().await?)
}

/// The schema version of the database, `None` when it holds no ntm schema.
async fn version_of(conn: &mut PgConnection) -> Result<Option<i64>> {
    let table: Option<String> = sqlx::query_scalar("SELECT to_regclass('ntm_schema_version')::text")
        .fetch_one(&mut *conn)
        .await?;
    if table.is_none() {
        return Ok(None);
    }
    let version: Option<i32> = sqlx::query_scalar("SELECT MAX(version) FROM ntm_schema_version")
        .fetch_one(&mut *conn)
        .await?;
    Ok(Some(i64::from(version.unwrap_or(0))))
}

/// ntm's tables at a schema version that exist in the database, in the
/// order they were created (so a table comes after those it refers to).
async fn tables_at(conn: &mut PgConnection, version: i64) -> Result<Vec<String>> {
    let upto = usize::try_from(version).unwrap_or(0).min(MIGRATIONS.len());
    let mut found = Vec::new();
    for table in tables_created(&MIGRATIONS[..upto]) {
        let exists: Option<String> = sqlx::query_scalar("SELECT to_regclass($1)::text")
            .bind(format!("\"{table}\""))
            .fetch_one(&mut *conn)
            .await?;
        if exists.is_some() {
            found.push(table);
        }
    }
    Ok(found)
}

async fn columns_of(conn: &mut PgConnection, table: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT attname::text FROM pg_attribute \
         WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
    )
    .bind(format!("\"{table}\""))
    .fetch_all(&mut *conn)
    .await?)
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn write_error(out: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| io_error(out, e)
}

pub(super) async fn backup(url: &str, schema: Option<&str>, out: &Path) -> Result<BackupSummary> {
    let mut conn = connect(url, schema).await?;
    sqlx::raw_sql("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut conn)
        .await?;
    let Some(version) = version_of(&mut conn).await? else {
        return Err(BackupError::NoNtmSchema.into());
    };
    if version > SCHEMA_VERSION {
        // Tables this build does not know would be left out of the copy.
        return Err(crate::maintenance::newer_schema(version));
    }
    let partial = {
        let mut name = out.as_os_str().to_owned();
        name.push(".partial");
        std::path::PathBuf::from(name)
    };
    let file = std::fs::File::create(&partial).map_err(write_error(&partial))?;
    let result = async {
        let mut writer = dump::Writer::new(BufWriter::with_capacity(CHUNK, file));
        let header = Header {
            schema_version: version,
            ntm_version: env!("CARGO_PKG_VERSION").to_string(),
            created: now(),
        };
        writer.write(header.line().as_bytes()).map_err(write_error(out))?;
        let mut tables = Vec::new();
        for table in tables_at(&mut conn, version).await? {
            let columns = columns_of(&mut conn, &table).await?;
            writer.table(&table, &columns).map_err(write_error(out))?;
            let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
            let statement = format!("COPY \"{table}\" ({}) TO STDOUT", quoted.join(","));
            let mut stream = conn.copy_out_raw(&statement).await?;
            let mut rows = 0;
            while let Some(chunk) = stream.try_next().await? {
                rows += writer.rows(&chunk).map_err(write_error(out))?;
            }
            drop(stream);
            writer.end_table().map_err(write_error(out))?;
            tables.push((table, rows));
        }
        sqlx::raw_sql("COMMIT").execute(&mut conn).await?;
        let bytes = writer.bytes;
        let buffered = writer.finish().map_err(write_error(out))?;
        let file = buffered.into_inner().map_err(|e| io_error(out, e.into_error()))?;
        file.sync_all().map_err(write_error(out))?;
        Ok::<_, StoreError>(BackupSummary {
            backend: "postgres",
            schema_version: version,
            tables,
            bytes,
        })
    }
    .await;
    match result {
        Ok(mut summary) => {
            std::fs::rename(&partial, out).map_err(write_error(out))?;
            summary.bytes = std::fs::metadata(out).map_err(write_error(out))?.len();
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn open_dump(file: &Path) -> Result<BufReader<std::fs::File>> {
    Ok(BufReader::with_capacity(
        CHUNK,
        std::fs::File::open(file).map_err(|e| io_error(file, e))?,
    ))
}

pub(super) async fn restore(url: &str, schema: Option<&str>, file: &Path) -> Result<RestoreSummary> {
    // The whole file is checked before anything is written.
    let owned = file.to_path_buf();
    let header = tokio::task::spawn_blocking(move || dump::verify(open_dump(&owned)?))
        .await
        .map_err(StoreError::from)??;
    if header.schema_version > SCHEMA_VERSION {
        return Err(newer_copy(file, header.schema_version));
    }
    let target = schema.map_or(RestoreTarget::PostgresDatabase, |s| {
        RestoreTarget::PostgresSchema(s.to_string())
    });
    let mut conn = connect(url, schema).await?;
    let mut tx = conn.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(crate::postgres::MIGRATION_LOCK)
        .execute(&mut *tx)
        .await?;
    if let Some(current) = version_of(&mut tx).await? {
        for table in tables_at(&mut tx, current).await? {
            let rows: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\"")))
                .fetch_one(&mut *tx)
                .await?;
            if rows > 0 {
                return Err(not_empty(target, &table, rows as u64));
            }
        }
        if current > header.schema_version {
            return Err(BackupError::TargetNewer {
                target,
                current,
                backup: header.schema_version,
            }
            .into());
        }
    }
    let upto = usize::try_from(header.schema_version).unwrap_or(0);
    migrate_in(&mut tx, upto).await?;
    let known = tables_created(&MIGRATIONS[..upto.min(MIGRATIONS.len())]);
    let mut reader = dump::Reader::new(open_dump(file)?)?;
    if reader.header != header {
        return Err(BackupError::ChangedDuringRestore.into());
    }
    let mut tables = Vec::new();
    while let Some(item) = reader.next_item(CHUNK)? {
        let Item::Table(section) = item else {
            return Err(Damage::OutsideTable.into());
        };
        if !known.contains(&section.name) {
            return Err(BackupError::UnknownTable {
                table: section.name,
                version: header.schema_version,
            }
            .into());
        }
        let quoted: Vec<String> = section.columns.iter().map(|c| format!("\"{c}\"")).collect();
        let statement = format!("COPY \"{}\" ({}) FROM STDIN", section.name, quoted.join(","));
        let mut copy = tx.copy_in_raw(&statement).await?;
        loop {
            match reader.next_item(CHUNK)? {
                Some(Item::Rows(rows)) => {
                    copy.send(rows).await?;
                }
                Some(Item::EndTable) => break,
                _ => {
                    copy.abort("dump cut short").await?;
                    return Err(Damage::UnendedTable.into());
                }
            }
        }
        let rows = copy.finish().await?;
        tables.push((section.name, rows));
    }
    reset_sequences(&mut tx).await?;
    tx.commit().await?;
    conn.close().await?;
    // Opening migrates the restored copy to this build's schema.
    let store = PostgresStore::connect(url, schema).await?;
    Ok(RestoreSummary {
        backend: "postgres",
        from_version: header.schema_version,
        to_version: store.schema_version().await?,
        tables,
    })
}

/// Moves every serial column's sequence past the largest restored value.
async fn reset_sequences(conn: &mut PgConnection) -> Result<()> {
    let serials: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (table, column) in serials {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), \
             COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false)"
        )))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
