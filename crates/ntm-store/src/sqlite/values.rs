//! Indicator values, assessments, key rows and the change log in SQLite.

use std::collections::BTreeSet;

use ntm_core::criteria::Catalog;
use ntm_core::period::Period;
use ntm_core::unit::UnitId;
use ntm_core::value::{AssessmentRecord, PeriodValues, UnitObservations, ValueRecord};
use rusqlite::{Connection, OptionalExtension, params};

use crate::model::{KeyMap, ValueBatch, decode_value, encode_value, evidence_from_json, evidence_json};
use crate::{ChangesSince, REFERENCE_CHANGE, Result, StoreError, ValueWriteResult};

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
    let tx = conn.transaction()?;
    let mut touched = BTreeSet::new();
    {
        let mut upsert = tx.prepare(
            "INSERT INTO indicator_values (period, unit_id, indicator_id, value_kind, a, b, note, evidence, entered_by, entered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (period, unit_id, indicator_id) DO UPDATE SET value_kind = excluded.value_kind,
             a = excluded.a, b = excluded.b, note = excluded.note, evidence = excluded.evidence,
             entered_by = excluded.entered_by, entered_at = excluded.entered_at",
        )?;
        let mut delete = tx.prepare(
            "DELETE FROM indicator_values WHERE period = ?1 AND unit_id = ?2 AND indicator_id = ?3",
        )?;
        for v in &batch.values {
            let id = keys.indicator_db(v.indicator)?;
            match v.value {
                Some(value) => {
                    let (kind, a, b) = encode_value(value);
                    upsert.execute(params![
                        v.period.key(),
                        v.unit.0,
                        id,
                        kind,
                        a,
                        b,
                        v.note,
                        evidence_json(&v.evidence),
                        v.by,
                        v.at
                    ])?;
                }
                None => {
                    delete.execute(params![v.period.key(), v.unit.0, id])?;
                }
            }
            touched.insert((v.period.key(), v.unit.0));
        }
        let mut upsert = tx.prepare(
            "INSERT INTO assessments (period, unit_id, criterion_id, met, assessed_by, evidence, note, assessed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (period, unit_id, criterion_id) DO UPDATE SET met = excluded.met,
             assessed_by = excluded.assessed_by, evidence = excluded.evidence, note = excluded.note,
             assessed_at = excluded.assessed_at",
        )?;
        let mut delete =
            tx.prepare("DELETE FROM assessments WHERE period = ?1 AND unit_id = ?2 AND criterion_id = ?3")?;
        for a in &batch.assessments {
            let id = keys.criterion_db(a.criterion)?;
            match a.met {
                Some(met) => {
                    upsert.execute(params![
                        a.period.key(),
                        a.unit.0,
                        id,
                        met,
                        a.by,
                        evidence_json(&a.evidence),
                        a.note,
                        a.at
                    ])?;
                }
                None => {
                    delete.execute(params![a.period.key(), a.unit.0, id])?;
                }
            }
            touched.insert((a.period.key(), a.unit.0));
        }
        let mut log = tx.prepare("INSERT INTO changes (period, unit_id) VALUES (?1, ?2)")?;
        for (period, unit) in &touched {
            log.execute(params![period, unit])?;
        }
    }
    tx.commit()?;
    Ok(ValueWriteResult {
        values_written: batch.values.len(),
        assessments_written: batch.assessments.len(),
    })
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
        "SELECT unit_id, indicator_id, value_kind, a, b FROM indicator_values WHERE {filter}"
    ))?;
    let mut rows = stmt.query(args)?;
    // Rows of one unit come together (the table is ordered by period, unit):
    // fill a unit's observations, then put them in the period once.
    let mut current: Option<(UnitId, UnitObservations)> = None;
    while let Some(r) = rows.next()? {
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
        if let Some((_, obs)) = current.as_mut() {
            obs.set_value(key, value);
        }
    }
    if let Some((u, obs)) = current.take() {
        out.replace_unit(u, obs);
    }

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT unit_id, criterion_id, met FROM assessments WHERE {filter}"
    ))?;
    let mut rows = stmt.query(args)?;
    while let Some(r) = rows.next()? {
        let Some(key) = keys.criterion(r.get(1)?) else {
            continue;
        };
        out.unit_mut(UnitId(r.get(0)?)).set_assessment(key, r.get(2)?);
    }
    Ok(())
}

pub fn unit_records(
    conn: &mut Connection,
    unit: UnitId,
    period: Period,
) -> Result<(Vec<ValueRecord>, Vec<AssessmentRecord>)> {
    let mut stmt = conn.prepare(
        "SELECT k.namespace, k.code, v.value_kind, v.a, v.b, v.note, v.evidence, v.entered_by, v.entered_at
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
            note: r.get(5)?,
            evidence: evidence_from_json(&evidence)?,
            entered_by: r.get(7)?,
            entered_at: r.get(8)?,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT k.namespace, k.code, a.met, a.assessed_by, a.evidence, a.note, a.assessed_at
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
            assessed_by: r.get(3)?,
            evidence: evidence_from_json(&evidence)?,
            note: r.get(5)?,
            assessed_at: r.get(6)?,
        });
    }
    Ok((values, assessments))
}

pub fn periods_with_data(conn: &mut Connection) -> Result<Vec<Period>> {
    let mut stmt = conn.prepare(
        "SELECT period FROM indicator_values UNION SELECT period FROM assessments ORDER BY 1 DESC",
    )?;
    let keys = stmt
        .query_map([], |r| r.get::<_, i32>(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    keys.into_iter()
        .map(|k| Period::from_key(k).map_err(|e| StoreError::Corrupt(e.to_string())))
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
    let latest = latest_change(conn)?;
    let mut stmt = conn.prepare("SELECT DISTINCT period, unit_id FROM changes WHERE seq > ?1")?;
    let rows = stmt.query_map([seq], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, i64>(1)?)))?;
    let mut touched = Vec::new();
    let mut reference_changed = false;
    for row in rows {
        let (period, unit) = row?;
        if period == REFERENCE_CHANGE {
            reference_changed = true;
            continue;
        }
        touched.push((
            Period::from_key(period).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            UnitId(unit),
        ));
    }
    Ok(ChangesSince {
        latest: latest.max(seq),
        touched,
        reference_changed,
    })
}

/// Records that units or reference data changed.
pub fn log_reference_change(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO changes (period, unit_id) VALUES (?1, 0)",
        [REFERENCE_CHANGE],
    )?;
    Ok(())
}
