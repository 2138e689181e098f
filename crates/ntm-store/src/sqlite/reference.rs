//! Recognition records, agencies and ownerships, and reported figures in SQLite.

use std::collections::HashMap;

use ntm_core::period::Period;
use ntm_core::recognition::Recognition;
use ntm_core::reported::ReportedFigure;
use rusqlite::{Connection, OptionalExtension, params};

use super::audit::{AuditRow, insert_audit};
use crate::audit_json;
use crate::kinds::AuditEntity;
use crate::model::{AgencyData, ReferenceBatch, date_text};
use crate::rows::{self, RawAgency, RawOwnership, RawRecognition, RawReported};
use crate::{Result, StoreError};

pub fn write_reference(conn: &mut Connection, batch: &ReferenceBatch) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let ctx = &batch.context;
    {
        let mut rec = tx.prepare(
            "INSERT INTO recognitions (unit_id, tier, decision, decided_on, judged_under, revoked_on, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (unit_id, tier, decision) DO UPDATE SET decided_on = excluded.decided_on,
             judged_under = excluded.judged_under, revoked_on = excluded.revoked_on, note = excluded.note",
        )?;
        for r in &batch.recognitions {
            let old: Option<String> = tx
                .query_row(
                    "SELECT unit_id, tier, decision, decided_on, judged_under, revoked_on, note FROM recognitions
                     WHERE unit_id = ?1 AND tier = ?2 AND decision = ?3",
                    params![r.unit.0, r.tier.key(), r.decision],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?)),
                )
                .optional()?
                .map(rows::recognition)
                .transpose()?
                .map(|old| audit_json::recognition(&old));
            let new = audit_json::recognition(r);
            if old.as_deref() != Some(new.as_str()) {
                insert_audit(
                    &tx,
                    ctx,
                    AuditRow {
                        entity: AuditEntity::Recognition,
                        unit: Some(r.unit.0),
                        period: None,
                        subject: Some(&r.decision),
                        old: old.as_deref(),
                        new: Some(&new),
                    },
                )?;
            }
            rec.execute(params![
                r.unit.0,
                r.tier.key(),
                r.decision,
                r.decided_on.to_string(),
                r.judged_under,
                date_text(r.revoked_on),
                r.note
            ])?;
        }
        let mut agency = tx.prepare(
            "INSERT INTO agencies (code, name, unit_id, valid_from, valid_to) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id,
             valid_from = excluded.valid_from, valid_to = excluded.valid_to",
        )?;
        for a in &batch.agencies {
            let new = serde_json::json!({ "name": a.name, "unit": a.unit.0, "valid_from": date_text(a.validity.from), "valid_to": date_text(a.validity.to) }).to_string();
            insert_audit(
                &tx,
                ctx,
                AuditRow {
                    entity: AuditEntity::Agency,
                    unit: Some(a.unit.0),
                    period: None,
                    subject: Some(&a.code),
                    old: None,
                    new: Some(&new),
                },
            )?;
            agency.execute(params![
                a.code,
                a.name,
                a.unit.0,
                date_text(a.validity.from),
                date_text(a.validity.to)
            ])?;
        }
        let mut ids: HashMap<String, i64> = HashMap::new();
        let mut stmt = tx.prepare("SELECT code, id FROM agencies")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (code, id) = row?;
            ids.insert(code, id);
        }
        let mut own = tx.prepare(
            "INSERT INTO ownerships (agency_id, namespace, criterion, indicator, scope_unit_id, valid_from, valid_to, decision)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (agency_id, namespace, criterion, indicator, scope_unit_id) DO UPDATE SET
             valid_from = excluded.valid_from, valid_to = excluded.valid_to, decision = excluded.decision",
        )?;
        for (code, o) in &batch.ownerships {
            let agency_id = ids
                .get(code)
                .ok_or_else(|| StoreError::Refused(crate::Refusal::NoSuchAgency(code.clone())))?;
            let (subject, new) = audit_json::ownership(code, o);
            insert_audit(
                &tx,
                ctx,
                AuditRow {
                    entity: AuditEntity::Ownership,
                    unit: Some(o.scope.0),
                    period: None,
                    subject: Some(&subject),
                    old: None,
                    new: Some(&new),
                },
            )?;
            own.execute(params![
                agency_id,
                o.namespace,
                o.criterion,
                o.indicator.as_deref().unwrap_or(""),
                o.scope.0,
                date_text(o.validity.from),
                date_text(o.validity.to),
                o.decision
            ])?;
        }
        let mut rep = tx.prepare(
            "INSERT INTO reported_figures (unit_id, period, source, claim, document, place) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        )?;
        for r in &batch.reported {
            rep.execute(params![
                r.unit.0,
                r.period.key(),
                r.source(),
                rows::claim_json(&r.claim)?,
                r.document,
                r.place
            ])?;
        }
    }
    super::values::log_reference_change(&tx)?;
    tx.commit()?;
    Ok(())
}

pub fn load_recognitions(conn: &mut Connection) -> Result<Vec<Recognition>> {
    let mut stmt = conn.prepare(
        "SELECT unit_id, tier, decision, decided_on, judged_under, revoked_on, note FROM recognitions ORDER BY decided_on",
    )?;
    let raw = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<std::result::Result<Vec<RawRecognition>, _>>()?;
    raw.into_iter().map(rows::recognition).collect()
}

pub fn load_agencies(conn: &mut Connection) -> Result<AgencyData> {
    let mut stmt =
        conn.prepare("SELECT id, code, name, unit_id, valid_from, valid_to FROM agencies ORDER BY code")?;
    let agencies = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, (r.get(4)?, r.get(5)?)))
        })?
        .collect::<std::result::Result<Vec<RawAgency>, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT agency_id, namespace, criterion, indicator, scope_unit_id, valid_from, valid_to, decision FROM ownerships ORDER BY id",
    )?;
    let ownerships = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                (r.get(5)?, r.get(6)?),
                r.get(7)?,
            ))
        })?
        .collect::<std::result::Result<Vec<RawOwnership>, _>>()?;
    Ok(AgencyData {
        agencies: agencies.into_iter().map(rows::agency).collect::<Result<_>>()?,
        ownerships: ownerships
            .into_iter()
            .map(rows::ownership)
            .collect::<Result<_>>()?,
    })
}

pub fn load_reported(conn: &mut Connection, period: Period) -> Result<Vec<ReportedFigure>> {
    let mut stmt = conn.prepare(
        "SELECT unit_id, period, document, place, claim FROM reported_figures WHERE period = ?1 ORDER BY id",
    )?;
    let raw = stmt
        .query_map([period.key()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<std::result::Result<Vec<RawReported>, _>>()?;
    raw.into_iter().map(rows::reported).collect()
}
