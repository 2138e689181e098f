//! Authored criteria set versions in PostgreSQL.

use async_trait::async_trait;
use ntm_core::criteria::draft::VersionStatus;
use sqlx::PgPool;

use super::PostgresStore;
use super::audit::insert_audit;
use crate::criteria_records::decode_row;
use crate::kinds::AuditEntity;
use crate::{CriteriaStore, CriteriaVersionRecord, CriteriaVersionWrite, Result, StoreError, WriteContext};

async fn load(pool: &PgPool) -> Result<Vec<CriteriaVersionRecord>> {
    let rows: Vec<(String, i32, String, String, i64)> = sqlx::query_as(
        "SELECT code, version, status, body, revision FROM criteria_versions ORDER BY code, version",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(code, version, status, body, revision)| {
            decode_row(code, i64::from(version), &status, body, revision)
        })
        .collect()
}

async fn write(pool: &PgPool, w: &CriteriaVersionWrite, ctx: &WriteContext) -> Result<i64> {
    let mut tx = pool.begin().await?;
    let version = i32::try_from(w.version)
        .map_err(|_| StoreError::Refused(crate::Refusal::VersionTooLarge(w.version)))?;
    // Two first saves of one version at once: the advisory lock orders them.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
        .bind(w.name())
        .execute(&mut *tx)
        .await?;
    let found: Option<(String, i64)> = sqlx::query_as(
        "SELECT body, revision FROM criteria_versions WHERE code = $1 AND version = $2 FOR UPDATE",
    )
    .bind(&w.code)
    .bind(version)
    .fetch_optional(&mut *tx)
    .await?;
    let current = found.as_ref().map_or(0, |(_, r)| *r);
    w.check_revision(current)?;
    let old = found.map(|(b, _)| b);
    if old.as_deref() == Some(w.body.as_str()) {
        return Ok(current);
    }
    sqlx::query(
        "INSERT INTO criteria_versions (code, version, status, body, revision, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (code, version) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body,
         revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at",
    )
    .bind(&w.code)
    .bind(version)
    .bind(w.status.key())
    .bind(&w.body)
    .bind(current + 1)
    .bind(&ctx.at)
    .execute(&mut *tx)
    .await?;
    insert_audit(
        &mut tx,
        ctx,
        AuditEntity::CriteriaVersion,
        vec![(None, None, Some(w.name()), old, Some(w.body.clone()))],
    )
    .await?;
    if w.status == VersionStatus::Published {
        super::values::log_catalog_change(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(current + 1)
}

#[async_trait]
impl CriteriaStore for PostgresStore {
    async fn criteria_versions(&self) -> Result<Vec<CriteriaVersionRecord>> {
        load(self.pool()).await
    }

    async fn write_criteria_version(
        &self,
        write_: CriteriaVersionWrite,
        context: WriteContext,
    ) -> Result<i64> {
        write(self.pool(), &write_, &context).await
    }
}
