//! Authored criteria set versions in SQLite.

use async_trait::async_trait;
use ntm_core::criteria::draft::VersionStatus;
use rusqlite::{Connection, OptionalExtension, params};

use super::SqliteStore;
use super::audit::{AuditRow, insert_audit};
use crate::criteria_records::decode_row;
use crate::kinds::AuditEntity;
use crate::{CriteriaStore, CriteriaVersionRecord, CriteriaVersionWrite, Result, WriteContext};

fn load(conn: &mut Connection) -> Result<Vec<CriteriaVersionRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, version, status, body, revision FROM criteria_versions ORDER BY code, version",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (code, version, status, body, revision) = row?;
        decode_row(code, i64::from(version), &status, body, revision)
    })
    .collect()
}

fn write(conn: &mut Connection, w: &CriteriaVersionWrite, ctx: &WriteContext) -> Result<i64> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found: Option<(String, i64)> = tx
        .query_row(
            "SELECT body, revision FROM criteria_versions WHERE code = ?1 AND version = ?2",
            params![w.code, w.version],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let current = found.as_ref().map_or(0, |(_, r)| *r);
    w.check_revision(current)?;
    let old = found.as_ref().map(|(b, _)| b.as_str());
    if old == Some(w.body.as_str()) {
        return Ok(current);
    }
    tx.execute(
        "INSERT INTO criteria_versions (code, version, status, body, revision, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (code, version) DO UPDATE SET status = excluded.status, body = excluded.body,
         revision = excluded.revision, updated_at = excluded.updated_at",
        params![w.code, w.version, w.status.key(), w.body, current + 1, ctx.at],
    )?;
    let name = w.name();
    insert_audit(
        &tx,
        ctx,
        AuditRow {
            entity: AuditEntity::CriteriaVersion,
            unit: None,
            period: None,
            subject: Some(&name),
            old,
            new: Some(&w.body),
        },
    )?;
    if w.status == VersionStatus::Published {
        super::values::log_catalog_change(&tx)?;
    }
    tx.commit()?;
    Ok(current + 1)
}

#[async_trait]
impl CriteriaStore for SqliteStore {
    async fn criteria_versions(&self) -> Result<Vec<CriteriaVersionRecord>> {
        self.read(load).await
    }

    async fn write_criteria_version(
        &self,
        write_: CriteriaVersionWrite,
        context: WriteContext,
    ) -> Result<i64> {
        self.run(move |c| write(c, &write_, &context)).await
    }
}
