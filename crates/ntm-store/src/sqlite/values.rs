//! Indicator values, assessments, key rows and the change log in SQLite.

use std::collections::BTreeSet;

use ntm_core::criteria::Catalog;
use ntm_core::period::Period;
use ntm_core::unit::UnitId;
use ntm_core::value::{AssessmentRecord, PeriodValues, UnitObservations, ValueRecord};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::audit::{AuditRow, insert_audit};
use crate::diff::{Payload, PayloadData, Step, StoredRow, Wanted, wanted_assessments, wanted_values};
use crate::kinds::AuditEntity;
use crate::model::{KeyMap, ValueBatch, WriteContext, decode_value, evidence_from_json};
use crate::{CATALOG_CHANGE, ChangesSince, REFERENCE_CHANGE, Result, StoreError, ValueWriteResult, rows};

pub fn sync_keys(conn: &mut Connection, catalog: &Catalog) -> Result<KeyMap> {
    let tx = conn.transaction()?;
    {
        let mut ind = tx.prepare("INSERT OR IGNORE INTO indicator_keys (namespace, code) VALUES (?1, ?2)")?;
        for (ns, code) in catalog.indicator_names() {
            ind.execute(params![ns, code])?;
        }
        let mut crit =
            tx.prepare("INSERT OR IGNORE INTO criterion_keys (namespace, code) VALUES (?1, ?2)")?;
        for (ns, code) in catalog.criterion_names() {
            crit.execute(params![ns, code])?;
        }
    }
    tx.commit()?;
    let read = |sql: &str| -> Result<Vec<(i64, String, String)>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    };
    let indicators = read("SELECT id, namespace, code FROM indicator_keys")?;
    let criteria = read("SELECT id, namespace, code FROM criterion_keys")?;
    Ok(KeyMap::new(catalog, &indicators, &criteria))
}

pub fn write_values(conn: &mut Connection, batch: &ValueBatch, keys: &KeyMap) -> Result<ValueWriteResult> {
    // IMMEDIATE: take the write lock first, so that what is read below is
    // still what is stored when it is written.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut result = ValueWriteResult::default();
    let mut conflicts = Vec::new();
    let mut touched = BTreeSet::new();
    let mut table = Table {
        tx: &tx,
        ctx: &batch.context,
        result: &mut result,
        conflicts: &mut conflicts,
        touched: &mut touched,
    };
    table.write(wanted_values(&batch.values, keys)?, stored_value, apply_value)?;
    table.write(
        wanted_assessments(&batch.assessments, keys)?,
        stored_assessment,
        apply_assessment,
    )?;
    if !conflicts.is_empty() {
        // Dropping the transaction rolls everything back.
        return Err(StoreError::Conflict(conflicts));
    }
    {
        let mut log = tx.prepare_cached("INSERT INTO changes (period, unit_id) VALUES (?1, ?2)")?;
        for (period, unit) in &touched {
            log.execute(params![period, unit])?;
        }
    }
    tx.commit()?;
    Ok(result)
}

/// One table of a value write in progress: what it counted, the conflicts
/// found and the `(period, unit)` pairs it changed.
struct Table<'t, 'c> {
    tx: &'t Transaction<'c>,
    ctx: &'t WriteContext,
    result: &'t mut ValueWriteResult,
    conflicts: &'t mut Vec<crate::Conflict>,
    touched: &'t mut BTreeSet<(i32, i64)>,
}

type Fetch = fn(&Transaction<'_>, i32, i64, i64) -> Result<Option<StoredRow>>;
type Apply = fn(&Transaction<'_>, &Applied<'_>, &WriteContext, &mut ValueWriteResult) -> Result<()>;

impl Table<'_, '_> {
    /// Each wanted row: fetched, decided against what is stored, applied.
    fn write(&mut self, wanted: Vec<Wanted>, fetch: Fetch, apply: Apply) -> Result<()> {
        for w in wanted {
            let (period, unit, id) = w.row;
            let current = fetch(self.tx, period, unit, id)?;
            match w.decide(current.as_ref()) {
                Err(c) => self.conflicts.push(c),
                Ok(step) => {
                    let applied = Applied {
                        step: &step,
                        wanted: &w,
                        current: current.as_ref(),
                    };
                    apply(self.tx, &applied, self.ctx, self.result)?;
                    if !matches!(step, Step::Unchanged | Step::Nothing) {
                        self.touched.insert((period, unit));
                    }
                }
            }
        }
        Ok(())
    }
}

fn stored_value(tx: &Transaction<'_>, period: i32, unit: i64, id: i64) -> Result<Option<StoredRow>> {
    let mut stmt = tx.prepare_cached(
        "SELECT value_kind, a, b, note, evidence, entered_by, entered_at, version, provenance FROM indicator_values
         WHERE period = ?1 AND unit_id = ?2 AND indicator_id = ?3",
    )?;
    Ok(stmt
        .query_row(params![period, unit, id], |r| {
            Ok(StoredRow {
                payload: Payload {
                    data: PayloadData::Value(r.get(0)?, r.get(1)?, r.get(2)?),
                    provenance: r.get(8)?,
                    note: r.get(3)?,
                    evidence: r.get(4)?,
                },
                by: r.get(5)?,
                at: r.get(6)?,
                version: r.get(7)?,
            })
        })
        .optional()?)
}

fn stored_assessment(tx: &Transaction<'_>, period: i32, unit: i64, id: i64) -> Result<Option<StoredRow>> {
    let mut stmt = tx.prepare_cached(
        "SELECT met, note, evidence, assessed_by, assessed_at, version, provenance FROM assessments
         WHERE period = ?1 AND unit_id = ?2 AND criterion_id = ?3",
    )?;
    Ok(stmt
        .query_row(params![period, unit, id], |r| {
            Ok(StoredRow {
                payload: Payload {
                    data: PayloadData::Met(r.get(0)?),
                    provenance: r.get(6)?,
                    note: r.get(1)?,
                    evidence: r.get(2)?,
                },
                by: r.get(3)?,
                at: r.get(4)?,
                version: r.get(5)?,
            })
        })
        .optional()?)
}

/// Counts a step and writes its audit row.
#[allow(clippy::too_many_arguments)]
/// A planned write with its decision and the row stored before it.
struct Applied<'a> {
    step: &'a Step,
    wanted: &'a Wanted,
    current: Option<&'a StoredRow>,
}

fn count_and_audit(
    tx: &Transaction<'_>,
    entity: AuditEntity,
    applied: &Applied<'_>,
    ctx: &WriteContext,
    result: &mut ValueWriteResult,
) -> Result<()> {
    match applied.step {
        Step::Unchanged | Step::Nothing => {
            result.unchanged += 1;
            return Ok(());
        }
        Step::Write { .. } if applied.current.is_none() => result.created += 1,
        Step::Write { .. } => result.updated += 1,
        Step::Delete => result.deleted += 1,
    }
    let old = applied.current.map(|c| c.payload.audit_json());
    let new = applied.wanted.desired.as_ref().map(Payload::audit_json);
    let (period, unit, _) = applied.wanted.row;
    insert_audit(
        tx,
        ctx,
        AuditRow {
            entity,
            unit: Some(unit),
            period: Some(period),
            subject: applied.wanted.audit_subject.as_deref(),
            old: old.as_deref(),
            new: new.as_deref(),
        },
    )
}

fn apply_value(
    tx: &Transaction<'_>,
    applied: &Applied<'_>,
    ctx: &WriteContext,
    result: &mut ValueWriteResult,
) -> Result<()> {
    let key = applied.wanted.row;
    match (applied.step, applied.wanted.desired.as_ref()) {
        (
            Step::Write { version },
            Some(Payload {
                data: PayloadData::Value(kind, a, b),
                provenance,
                note,
                evidence,
            }),
        ) => {
            tx.prepare_cached(
                "INSERT INTO indicator_values (period, unit_id, indicator_id, value_kind, a, b, note, evidence, entered_by, entered_at, version, provenance)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (period, unit_id, indicator_id) DO UPDATE SET value_kind = excluded.value_kind,
                 a = excluded.a, b = excluded.b, note = excluded.note, evidence = excluded.evidence,
                 entered_by = excluded.entered_by, entered_at = excluded.entered_at, version = excluded.version,
                 provenance = excluded.provenance",
            )?
            .execute(params![key.0, key.1, key.2, kind, a, b, note, evidence, ctx.by, ctx.at, version, provenance])?;
        }
        (Step::Delete, _) => {
            tx.prepare_cached(
                "DELETE FROM indicator_values WHERE period = ?1 AND unit_id = ?2 AND indicator_id = ?3",
            )?
            .execute(params![key.0, key.1, key.2])?;
        }
        _ => {}
    }
    count_and_audit(tx, AuditEntity::Value, applied, ctx, result)
}

fn apply_assessment(
    tx: &Transaction<'_>,
    applied: &Applied<'_>,
    ctx: &WriteContext,
    result: &mut ValueWriteResult,
) -> Result<()> {
    let key = applied.wanted.row;
    match (applied.step, applied.wanted.desired.as_ref()) {
        (
            Step::Write { version },
            Some(Payload {
                data: PayloadData::Met(met),
                provenance,
                note,
                evidence,
            }),
        ) => {
            tx.prepare_cached(
                "INSERT INTO assessments (period, unit_id, criterion_id, met, assessed_by, evidence, note, assessed_at, version, provenance)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (period, unit_id, criterion_id) DO UPDATE SET met = excluded.met,
                 assessed_by = excluded.assessed_by, evidence = excluded.evidence, note = excluded.note,
                 assessed_at = excluded.assessed_at, version = excluded.version, provenance = excluded.provenance",
            )?
            .execute(params![key.0, key.1, key.2, met, ctx.by, evidence, note, ctx.at, version, provenance])?;
        }
        (Step::Delete, _) => {
            tx.prepare_cached(
                "DELETE FROM assessments WHERE period = ?1 AND unit_id = ?2 AND criterion_id = ?3",
            )?
            .execute(params![key.0, key.1, key.2])?;
        }
        _ => {}
    }
    count_and_audit(tx, AuditEntity::Assessment, applied, ctx, result)
}

pub fn load_period(
    conn: &mut Connection,
    period: Period,
    units: Option<&[UnitId]>,
    keys: &KeyMap,
) -> Result<PeriodValues> {
    let mut out = PeriodValues::new(period);
    match units {
        None => read_rows(conn, "period = ?1", &[&period.key()], keys, &mut out)?,
        Some(units) => {
            for unit in units {
                read_rows(
                    conn,
                    "period = ?1 AND unit_id = ?2",
                    &[&period.key(), &unit.0],
                    keys,
                    &mut out,
                )?;
            }
        }
    }
    Ok(out)
}

/// Reads the values and assessments matching `filter` into `out`. Rows whose
/// key the catalog no longer has are skipped.
fn read_rows(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
    keys: &KeyMap,
    out: &mut PeriodValues,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT unit_id, indicator_id, value_kind, a, b, provenance FROM indicator_values WHERE {filter}"
    ))?;
    let mut found = stmt.query(args)?;
    // Rows of one unit come together (the table is ordered by period, unit):
    // fill a unit's observations, then put them in the period once.
    let mut current: Option<(UnitId, UnitObservations)> = None;
    while let Some(r) = found.next()? {
        let unit = UnitId(r.get(0)?);
        if current.as_ref().is_none_or(|(u, _)| *u != unit) {
            if let Some((u, obs)) = current.take() {
                out.replace_unit(u, obs);
            }
            current = Some((unit, out.take_unit(unit)));
        }
        let Some(key) = keys.indicator(r.get(1)?) else {
            continue;
        };
        let value = decode_value(r.get(2)?, r.get(3)?, r.get(4)?)?;
        let provenance = rows::provenance(r.get(5)?)?;
        if let Some((_, obs)) = current.as_mut() {
            obs.set_value_from(key, value, provenance);
        }
    }
    if let Some((u, obs)) = current.take() {
        out.replace_unit(u, obs);
    }

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT unit_id, criterion_id, met, provenance FROM assessments WHERE {filter}"
    ))?;
    let mut found = stmt.query(args)?;
    while let Some(r) = found.next()? {
        let Some(key) = keys.criterion(r.get(1)?) else {
            continue;
        };
        let provenance = rows::provenance(r.get(3)?)?;
        out.unit_mut(UnitId(r.get(0)?))
            .set_assessment_from(key, r.get(2)?, provenance);
    }
    Ok(())
}

pub fn unit_records(
    conn: &mut Connection,
    unit: UnitId,
    period: Period,
) -> Result<(Vec<ValueRecord>, Vec<AssessmentRecord>)> {
    let mut stmt = conn.prepare(
        "SELECT k.namespace, k.code, v.value_kind, v.a, v.b, v.note, v.evidence, v.entered_by, v.entered_at, v.version, v.provenance
         FROM indicator_values v JOIN indicator_keys k ON k.id = v.indicator_id
         WHERE v.period = ?1 AND v.unit_id = ?2 ORDER BY k.namespace, k.code",
    )?;
    let mut rows = stmt.query(params![period.key(), unit.0])?;
    let mut values = Vec::new();
    while let Some(r) = rows.next()? {
        let evidence: String = r.get(6)?;
        values.push(ValueRecord {
            unit,
            period,
            namespace: r.get(0)?,
            indicator: r.get(1)?,
            value: decode_value(r.get(2)?, r.get(3)?, r.get(4)?)?,
            provenance: rows::provenance(r.get(10)?)?,
            note: r.get(5)?,
            evidence: evidence_from_json(&evidence)?,
            entered_by: r.get(7)?,
            entered_at: r.get(8)?,
            version: r.get(9)?,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT k.namespace, k.code, a.met, a.assessed_by, a.evidence, a.note, a.assessed_at, a.version, a.provenance
         FROM assessments a JOIN criterion_keys k ON k.id = a.criterion_id
         WHERE a.period = ?1 AND a.unit_id = ?2 ORDER BY k.namespace, k.code",
    )?;
    let mut rows = stmt.query(params![period.key(), unit.0])?;
    let mut assessments = Vec::new();
    while let Some(r) = rows.next()? {
        let evidence: String = r.get(4)?;
        assessments.push(AssessmentRecord {
            unit,
            period,
            namespace: r.get(0)?,
            criterion: r.get(1)?,
            met: r.get(2)?,
            provenance: rows::provenance(r.get(8)?)?,
            assessed_by: r.get(3)?,
            evidence: evidence_from_json(&evidence)?,
            note: r.get(5)?,
            assessed_at: r.get(6)?,
            version: r.get(7)?,
        });
    }
    Ok((values, assessments))
}

pub fn periods_with_data(conn: &mut Connection) -> Result<Vec<Period>> {
    let mut stmt = conn.prepare_cached(crate::rows::PERIODS_WITH_DATA)?;
    let keys = stmt
        .query_map([], |r| r.get::<_, i32>(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    keys.into_iter()
        .map(|k| Period::from_key(k).map_err(|e| StoreError::corrupt(crate::Stored::Period, e)))
        .collect()
}

pub fn latest_change(conn: &mut Connection) -> Result<i64> {
    let latest: Option<i64> = conn
        .query_row("SELECT MAX(seq) FROM changes", [], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(latest.unwrap_or(0))
}

pub fn changes_since(conn: &mut Connection, seq: i64) -> Result<ChangesSince> {
    let mut stmt = conn.prepare_cached(crate::rows::CHANGES_AFTER)?;
    let rows = stmt
        .query_map([seq], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i32>(1)?, r.get::<_, i64>(2)?))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    crate::rows::changes_from_rows(seq, rows)
}

/// Records that a criteria set version was published or changed.
pub fn log_catalog_change(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO changes (period, unit_id) VALUES (?1, 0)",
        [CATALOG_CHANGE],
    )?;
    Ok(())
}

/// Records that units or reference data changed.
pub fn log_reference_change(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO changes (period, unit_id) VALUES (?1, 0)",
        [REFERENCE_CHANGE],
    )?;
    Ok(())
}
