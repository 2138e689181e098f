//! Stored records (plans, the cycle, money) in SQLite.

use async_trait::async_trait;
use ntm_core::unit::UnitId;
use rusqlite::{Connection, OptionalExtension, params};

use super::SqliteStore;
use super::audit::{AuditRow, insert_audit};
use crate::{RecordKind, RecordStore, RecordWrite, Result, StoredRecord, WriteContext};

fn load(conn: &mut Connection, kind: RecordKind, period: Option<i32>) -> Result<Vec<StoredRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, unit_id, period, body, version FROM plan_records
         WHERE kind = ?1 AND (?2 IS NULL OR period = ?2) ORDER BY key",
    )?;
    let rows = stmt.query_map(params![kind.key(), period], |r| {
        Ok(StoredRecord {
            kind,
            key: r.get(0)?,
            unit: r.get::<_, Option<i64>>(1)?.map(UnitId),
            period: r.get(2)?,
            body: r.get(3)?,
            version: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn write(conn: &mut Connection, writes: &[RecordWrite], ctx: &WriteContext) -> Result<usize> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut written = 0;
    for w in writes {
        let found: Option<(String, i64)> = tx
            .query_row(
                "SELECT body, version FROM plan_records WHERE kind = ?1 AND key = ?2",
                params![w.kind.key(), w.key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let current = found.as_ref().map_or(0, |(_, v)| *v);
        w.check_version(current)?;
        let old = found.as_ref().map(|(b, _)| b.as_str());
        if old == w.body.as_deref() {
            continue;
        }
        match &w.body {
            Some(body) => {
                tx.execute(
                    "INSERT INTO plan_records (kind, key, unit_id, period, body, version, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (kind, key) DO UPDATE SET unit_id = excluded.unit_id, period = excluded.period,
                     body = excluded.body, version = excluded.version, updated_at = excluded.updated_at",
                    params![w.kind.key(), w.key, w.unit.map(|u| u.0), w.period, body, current + 1, ctx.at],
                )?;
            }
            None => {
                tx.execute(
                    "DELETE FROM plan_records WHERE kind = ?1 AND key = ?2",
                    params![w.kind.key(), w.key],
                )?;
            }
        }
        insert_audit(
            &tx,
            ctx,
            AuditRow {
                entity: w.kind.into(),
                unit: w.unit.map(|u| u.0),
                period: w.period,
                subject: Some(&w.key),
                old,
                new: w.body.as_deref(),
            },
        )?;
        written += 1;
    }
    tx.commit()?;
    Ok(written)
}

#[async_trait]
impl RecordStore for SqliteStore {
    async fn records(&self, kind: RecordKind, period: Option<i32>) -> Result<Vec<StoredRecord>> {
        self.read(move |c| load(c, kind, period)).await
    }

    async fn write_records(&self, writes: Vec<RecordWrite>, context: WriteContext) -> Result<usize> {
        self.run(move |c| write(c, &writes, &context)).await
    }
}
