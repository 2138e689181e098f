//! Recognition records, agencies and ownerships, and reported figures in PostgreSQL.

use ntm_core::period::Period;
use ntm_core::recognition::Recognition;
use ntm_core::reported::ReportedFigure;
use sqlx::PgPool;

use super::audit::{AuditRows, insert_audit};
use crate::audit_json;
use crate::kinds::AuditEntity;
use crate::model::{AgencyData, ReferenceBatch, date_text};
use crate::rows::{self, RawAgency, RawOwnership, RawRecognition, RawReported};
use crate::{Result, StoreError};

pub async fn write_reference(pool: &PgPool, batch: &ReferenceBatch) -> Result<()> {
    let mut tx = pool.begin().await?;
    let ctx = &batch.context;
    let mut audit_recognitions: AuditRows = Vec::new();
    let mut audit_agencies: AuditRows = Vec::new();
    let mut audit_ownerships: AuditRows = Vec::new();
    for r in &batch.recognitions {
        let old: Option<RawRecognition> = sqlx::query_as(
            "SELECT unit_id, tier, decision, decided_on, judged_under, revoked_on, note FROM recognitions
             WHERE unit_id = $1 AND tier = $2 AND decision = $3 FOR UPDATE",
        )
        .bind(r.unit.0)
        .bind(r.tier.key())
        .bind(&r.decision)
        .fetch_optional(&mut *tx)
        .await?;
        let old = old
            .map(rows::recognition)
            .transpose()?
            .map(|o| audit_json::recognition(&o));
        let new = audit_json::recognition(r);
        if old.as_deref() != Some(new.as_str()) {
            audit_recognitions.push((Some(r.unit.0), None, Some(r.decision.clone()), old, Some(new)));
        }
        sqlx::query(
            "INSERT INTO recognitions (unit_id, tier, decision, decided_on, judged_under, revoked_on, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (unit_id, tier, decision) DO UPDATE SET decided_on = excluded.decided_on,
             judged_under = excluded.judged_under, revoked_on = excluded.revoked_on, note = excluded.note",
        )
        .bind(r.unit.0)
        .bind(r.tier.key())
        .bind(&r.decision)
        .bind(r.decided_on.to_string())
        .bind(&r.judged_under)
        .bind(date_text(r.revoked_on))
        .bind(&r.note)
        .execute(&mut *tx)
        .await?;
    }
    for a in &batch.agencies {
        let new = serde_json::json!({ "name": a.name, "unit": a.unit.0, "valid_from": date_text(a.validity.from), "valid_to": date_text(a.validity.to) }).to_string();
        audit_agencies.push((Some(a.unit.0), None, Some(a.code.clone()), None, Some(new)));
        sqlx::query(
            "INSERT INTO agencies (code, name, unit_id, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id,
             valid_from = excluded.valid_from, valid_to = excluded.valid_to",
        )
        .bind(&a.code)
        .bind(&a.name)
        .bind(a.unit.0)
        .bind(date_text(a.validity.from))
        .bind(date_text(a.validity.to))
        .execute(&mut *tx)
        .await?;
    }
    for (code, o) in &batch.ownerships {
        let (subject, new) = audit_json::ownership(code, o);
        audit_ownerships.push((Some(o.scope.0), None, Some(subject), None, Some(new)));
        let agency: Option<i64> = sqlx::query_scalar("SELECT id FROM agencies WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut *tx)
            .await?;
        let agency = agency.ok_or_else(|| StoreError::Refused(crate::Refusal::NoSuchAgency(code.clone())))?;
        sqlx::query(
            "INSERT INTO ownerships (agency_id, namespace, criterion, indicator, scope_unit_id, valid_from, valid_to, decision)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (agency_id, namespace, criterion, indicator, scope_unit_id) DO UPDATE SET
             valid_from = excluded.valid_from, valid_to = excluded.valid_to, decision = excluded.decision",
        )
        .bind(agency)
        .bind(&o.namespace)
        .bind(&o.criterion)
        .bind(o.indicator.as_deref().unwrap_or(""))
        .bind(o.scope.0)
        .bind(date_text(o.validity.from))
        .bind(date_text(o.validity.to))
        .bind(&o.decision)
        .execute(&mut *tx)
        .await?;
    }
    for r in &batch.reported {
        sqlx::query("INSERT INTO reported_figures (unit_id, period, source, claim, document, place) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
            .bind(r.unit.0)
            .bind(r.period.key())
            .bind(r.source())
            .bind(rows::claim_json(&r.claim)?)
            .bind(&r.document)
            .bind(&r.place)
            .execute(&mut *tx)
            .await?;
    }
    insert_audit(&mut tx, ctx, AuditEntity::Recognition, audit_recognitions).await?;
    insert_audit(&mut tx, ctx, AuditEntity::Agency, audit_agencies).await?;
    insert_audit(&mut tx, ctx, AuditEntity::Ownership, audit_ownerships).await?;
    super::values::log_reference_change(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn load_recognitions(pool: &PgPool) -> Result<Vec<Recognition>> {
    let raw: Vec<RawRecognition> = sqlx::query_as(
        "SELECT unit_id, tier, decision, decided_on, judged_under, revoked_on, note FROM recognitions ORDER BY decided_on",
    )
    .fetch_all(pool)
    .await?;
    raw.into_iter().map(rows::recognition).collect()
}

type AgencyRow = (i64, String, String, i64, Option<String>, Option<String>);
type OwnershipRow = (
    i64,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub async fn load_agencies(pool: &PgPool) -> Result<AgencyData> {
    let agencies: Vec<AgencyRow> =
        sqlx::query_as("SELECT id, code, name, unit_id, valid_from, valid_to FROM agencies ORDER BY code")
            .fetch_all(pool)
            .await?;
    let ownerships: Vec<OwnershipRow> = sqlx::query_as(
        "SELECT agency_id, namespace, criterion, indicator, scope_unit_id, valid_from, valid_to, decision
             FROM ownerships ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    Ok(AgencyData {
        agencies: agencies
            .into_iter()
            .map(|(id, code, name, unit, f, t)| -> RawAgency { (id, code, name, unit, (f, t)) })
            .map(rows::agency)
            .collect::<Result<_>>()?,
        ownerships: ownerships
            .into_iter()
            .map(|(a, ns, c, i, s, f, t, d)| -> RawOwnership { (a, ns, c, i, s, (f, t), d) })
            .map(rows::ownership)
            .collect::<Result<_>>()?,
    })
}

pub async fn load_reported(pool: &PgPool, period: Period) -> Result<Vec<ReportedFigure>> {
    let raw: Vec<RawReported> = sqlx::query_as(
        "SELECT unit_id, period, document, place, claim FROM reported_figures WHERE period = $1 ORDER BY id",
    )
    .bind(period.key())
    .fetch_all(pool)
    .await?;
    raw.into_iter().map(rows::reported).collect()
}
