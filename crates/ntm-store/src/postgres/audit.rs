//! The audit trail, criteria set versions and evidence files in PostgreSQL.

use ntm_core::period::Period;
use ntm_core::unit::UnitId;
use sqlx::{PgConnection, PgPool};

use crate::Result;
use crate::accounts::{EvidenceMeta, NewEvidence};
use crate::kinds::AuditEntity;
use crate::model::{AuditEntry, AuditQuery, WriteContext};
use crate::rows::{self, EVIDENCE_COLUMNS, RawEvidence};

/// Audit rows of one entity: (unit, period, subject, old, new).
pub type AuditRows = Vec<(
    Option<i64>,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<String>,
)>;

/// Writes audit rows in one statement, inside the caller's transaction.
pub async fn insert_audit(
    tx: &mut PgConnection,
    ctx: &WriteContext,
    entity: AuditEntity,
    rows: AuditRows,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut unit = Vec::with_capacity(rows.len());
    let mut period = Vec::with_capacity(rows.len());
    let mut subject = Vec::with_capacity(rows.len());
    let mut old = Vec::with_capacity(rows.len());
    let mut new = Vec::with_capacity(rows.len());
    for (u, p, s, o, n) in rows {
        unit.push(u);
        period.push(p);
        subject.push(s);
        old.push(o);
        new.push(n);
    }
    sqlx::query(
        "INSERT INTO audit (at, actor, user_id, source, entity, unit_id, period, subject, old_value, new_value)
         SELECT $1, $2, $3, $4, $5, u, p, s, o, n
         FROM UNNEST($6::bigint[], $7::int[], $8::text[], $9::text[], $10::text[]) AS t(u, p, s, o, n)",
    )
    .bind(&ctx.at)
    .bind(&ctx.by)
    .bind(ctx.user)
    .bind(ctx.source.key())
    .bind(entity.key())
    .bind(&unit)
    .bind(&period)
    .bind(&subject)
    .bind(&old)
    .bind(&new)
    .execute(tx)
    .await?;
    Ok(())
}

type AuditRow = (
    i64,
    String,
    String,
    Option<i64>,
    String,
    String,
    Option<i64>,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub async fn audit(pool: &PgPool, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT id, at, actor, user_id, source, entity, unit_id, period, subject, old_value, new_value FROM audit
         WHERE ($1::bigint IS NULL OR unit_id = $1) AND ($2::int IS NULL OR period = $2)
           AND ($3::text IS NULL OR entity = $3) AND ($4::text IS NULL OR subject = $4)
         ORDER BY id DESC LIMIT $5 OFFSET $6",
    )
    .bind(q.unit.map(|u| u.0))
    .bind(q.period.map(Period::key))
    .bind(q.entity.map(AuditEntity::key))
    .bind(&q.subject)
    .bind(i64::from(q.limit.max(1)))
    .bind(i64::from(q.offset))
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(
            |(id, at, actor, user, source, entity, unit, period, subject, old, new)| {
                Ok(AuditEntry {
                    id,
                    at,
                    actor,
                    user,
                    source: source.parse()?,
                    entity: entity.parse()?,
                    unit: unit.map(UnitId),
                    period,
                    subject,
                    old,
                    new,
                })
            },
        )
        .collect()
}

pub async fn record_criteria_sets(
    pool: &PgPool,
    sets: &[(String, String)],
    ctx: &WriteContext,
) -> Result<usize> {
    let mut tx = pool.begin().await?;
    let mut rows: AuditRows = Vec::new();
    for (code, sha) in sets {
        let known: Option<String> =
            sqlx::query_scalar("SELECT sha256 FROM criteria_set_versions WHERE code = $1 FOR UPDATE")
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?;
        if known.as_deref() == Some(sha.as_str()) {
            continue;
        }
        sqlx::query(
            "INSERT INTO criteria_set_versions (code, sha256, loaded_at) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET sha256 = excluded.sha256, loaded_at = excluded.loaded_at",
        )
        .bind(code)
        .bind(sha)
        .bind(&ctx.at)
        .execute(&mut *tx)
        .await?;
        let old = known.map(|k| format!("{{\"sha256\":\"{k}\"}}"));
        rows.push((
            None,
            None,
            Some(code.clone()),
            old,
            Some(format!("{{\"sha256\":\"{sha}\"}}")),
        ));
    }
    let changed = rows.len();
    insert_audit(&mut tx, ctx, AuditEntity::CriteriaSet, rows).await?;
    tx.commit().await?;
    Ok(changed)
}

pub async fn add_evidence(pool: &PgPool, file: &NewEvidence, ctx: &WriteContext) -> Result<i64> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evidence_files (unit_id, period, subject, file_name, content_type, size, sha256, content, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(file.unit.0)
    .bind(file.period.key())
    .bind(&file.subject)
    .bind(&file.file_name)
    .bind(&file.content_type)
    .bind(file.content.len() as i64)
    .bind(&file.sha256)
    .bind(&file.content)
    .bind(&ctx.by)
    .bind(&ctx.at)
    .fetch_one(&mut *tx)
    .await?;
    let new = serde_json::json!({ "id": id, "file_name": file.file_name, "size": file.content.len(), "sha256": file.sha256 })
        .to_string();
    insert_audit(
        &mut tx,
        ctx,
        AuditEntity::Evidence,
        vec![(
            Some(file.unit.0),
            Some(file.period.key()),
            Some(file.subject.clone()),
            None,
            Some(new),
        )],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn evidence_list(pool: &PgPool, unit: UnitId, period: Period) -> Result<Vec<EvidenceMeta>> {
    let raw: Vec<RawEvidence> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {EVIDENCE_COLUMNS} FROM evidence_files WHERE unit_id = $1 AND period = $2 ORDER BY id"
    )))
    .bind(unit.0)
    .bind(period.key())
    .fetch_all(pool)
    .await?;
    raw.into_iter().map(rows::evidence).collect()
}

pub async fn evidence(pool: &PgPool, id: i64) -> Result<Option<(EvidenceMeta, Vec<u8>)>> {
    let raw: Option<RawEvidence> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {EVIDENCE_COLUMNS} FROM evidence_files WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(raw) = raw else { return Ok(None) };
    let content: Vec<u8> = sqlx::query_scalar("SELECT content FROM evidence_files WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(Some((rows::evidence(raw)?, content)))
}
