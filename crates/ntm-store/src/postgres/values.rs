//! Indicator values, assessments, key rows and the change log in PostgreSQL.

use std::collections::BTreeSet;

use ntm_core::criteria::Catalog;
use ntm_core::period::Period;
use ntm_core::unit::UnitId;
use ntm_core::value::{AssessmentRecord, PeriodValues, ValueRecord};
use sqlx::{AssertSqlSafe, PgPool};

use crate::model::{KeyMap, ValueBatch, decode_value, encode_value, evidence_from_json, evidence_json};
use crate::{ChangesSince, REFERENCE_CHANGE, Result, StoreError, ValueWriteResult};

/// Rows per `UNNEST` statement.
const CHUNK: usize = 20_000;

pub async fn sync_keys(pool: &PgPool, catalog: &Catalog) -> Result<KeyMap> {
    let mut tx = pool.begin().await?;
    for (table, names) in [
        ("indicator_keys", catalog.indicator_names()),
        ("criterion_keys", catalog.criterion_names()),
    ] {
        let ns: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
        let codes: Vec<&str> = names.iter().map(|(_, c)| c.as_str()).collect();
        // `table` is one of two constants above.
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO {table} (namespace, code) SELECT * FROM UNNEST($1::text[], $2::text[]) ON CONFLICT DO NOTHING"
        )))
        .bind(&ns)
        .bind(&codes)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let indicators: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, namespace, code FROM indicator_keys")
            .fetch_all(pool)
            .await?;
    let criteria: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, namespace, code FROM criterion_keys")
            .fetch_all(pool)
            .await?;
    Ok(KeyMap::new(catalog, &indicators, &criteria))
}

pub async fn write_values(pool: &PgPool, batch: &ValueBatch, keys: &KeyMap) -> Result<ValueWriteResult> {
    let mut tx = pool.begin().await?;
    let mut touched = BTreeSet::new();
    for chunk in batch.values.chunks(CHUNK) {
        let mut c = ValueColumns::default();
        let (mut del_period, mut del_unit, mut del_ind) = (Vec::new(), Vec::new(), Vec::new());
        for v in chunk {
            let id = keys.indicator_db(v.indicator)?;
            touched.insert((v.period.key(), v.unit.0));
            match v.value {
                Some(value) => {
                    let (kind, a, b) = encode_value(value);
                    c.period.push(v.period.key());
                    c.unit.push(v.unit.0);
                    c.indicator.push(id);
                    c.kind.push(kind);
                    c.a.push(a);
                    c.b.push(b);
                    c.note.push(v.note.clone());
                    c.evidence.push(evidence_json(&v.evidence));
                    c.by.push(v.by.clone());
                    c.at.push(v.at.clone());
                }
                None => {
                    del_period.push(v.period.key());
                    del_unit.push(v.unit.0);
                    del_ind.push(id);
                }
            }
        }
        sqlx::query(
            "INSERT INTO indicator_values (period, unit_id, indicator_id, value_kind, a, b, note, evidence, entered_by, entered_at)
             SELECT * FROM UNNEST($1::int[], $2::bigint[], $3::bigint[], $4::smallint[], $5::bigint[], $6::bigint[],
                                  $7::text[], $8::text[], $9::text[], $10::text[])
             ON CONFLICT (period, unit_id, indicator_id) DO UPDATE SET value_kind = excluded.value_kind,
             a = excluded.a, b = excluded.b, note = excluded.note, evidence = excluded.evidence,
             entered_by = excluded.entered_by, entered_at = excluded.entered_at",
        )
        .bind(&c.period)
        .bind(&c.unit)
        .bind(&c.indicator)
        .bind(&c.kind)
        .bind(&c.a)
        .bind(&c.b)
        .bind(&c.note)
        .bind(&c.evidence)
        .bind(&c.by)
        .bind(&c.at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM indicator_values v USING UNNEST($1::int[], $2::bigint[], $3::bigint[]) AS d(p, u, i)
             WHERE v.period = d.p AND v.unit_id = d.u AND v.indicator_id = d.i",
        )
        .bind(&del_period)
        .bind(&del_unit)
        .bind(&del_ind)
        .execute(&mut *tx)
        .await?;
    }
    for a in &batch.assessments {
        let id = keys.criterion_db(a.criterion)?;
        touched.insert((a.period.key(), a.unit.0));
        match a.met {
            Some(met) => {
                sqlx::query(
                    "INSERT INTO assessments (period, unit_id, criterion_id, met, assessed_by, evidence, note, assessed_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     ON CONFLICT (period, unit_id, criterion_id) DO UPDATE SET met = excluded.met,
                     assessed_by = excluded.assessed_by, evidence = excluded.evidence, note = excluded.note,
                     assessed_at = excluded.assessed_at",
                )
                .bind(a.period.key())
                .bind(a.unit.0)
                .bind(id)
                .bind(met)
                .bind(&a.by)
                .bind(evidence_json(&a.evidence))
                .bind(&a.note)
                .bind(&a.at)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "DELETE FROM assessments WHERE period = $1 AND unit_id = $2 AND criterion_id = $3",
                )
                .bind(a.period.key())
                .bind(a.unit.0)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    let (periods, units): (Vec<i32>, Vec<i64>) = touched.into_iter().unzip();
    sqlx::query("INSERT INTO changes (period, unit_id) SELECT * FROM UNNEST($1::int[], $2::bigint[])")
        .bind(&periods)
        .bind(&units)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ValueWriteResult {
        values_written: batch.values.len(),
        assessments_written: batch.assessments.len(),
    })
}

#[derive(Default)]
struct ValueColumns {
    period: Vec<i32>,
    unit: Vec<i64>,
    indicator: Vec<i64>,
    kind: Vec<i16>,
    a: Vec<Option<i64>>,
    b: Vec<Option<i64>>,
    note: Vec<Option<String>>,
    evidence: Vec<String>,
    by: Vec<String>,
    at: Vec<String>,
}

pub async fn load_period(
    pool: &PgPool,
    period: Period,
    units: Option<&[UnitId]>,
    keys: &KeyMap,
) -> Result<PeriodValues> {
    let ids: Option<Vec<i64>> = units.map(|u| u.iter().map(|u| u.0).collect());
    // `filter` is one of two constant strings.
    let filter = if ids.is_some() {
        "period = $1 AND unit_id = ANY($2)"
    } else {
        "period = $1"
    };
    let values: Vec<CompactValueRow> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT unit_id, indicator_id, value_kind, a, b FROM indicator_values WHERE {filter}"
    )))
    .bind(period.key())
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let assessments: Vec<(i64, i64, bool)> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT unit_id, criterion_id, met FROM assessments WHERE {filter}"
    )))
    .bind(period.key())
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let mut out = PeriodValues::new(period);
    for (unit, indicator, kind, a, b) in values {
        if let Some(key) = keys.indicator(indicator) {
            out.unit_mut(UnitId(unit))
                .set_value(key, decode_value(i64::from(kind), a, b)?);
        }
    }
    for (unit, criterion, met) in assessments {
        if let Some(key) = keys.criterion(criterion) {
            out.unit_mut(UnitId(unit)).set_assessment(key, met);
        }
    }
    Ok(out)
}

/// unit, indicator, kind, a, b
type CompactValueRow = (i64, i64, i16, Option<i64>, Option<i64>);
type ValueRow = (
    String,
    String,
    i16,
    Option<i64>,
    Option<i64>,
    Option<String>,
    String,
    String,
    String,
);
type AssessmentRow = (String, String, bool, String, String, Option<String>, String);

pub async fn unit_records(
    pool: &PgPool,
    unit: UnitId,
    period: Period,
) -> Result<(Vec<ValueRecord>, Vec<AssessmentRecord>)> {
    let rows: Vec<ValueRow> = sqlx::query_as(
        "SELECT k.namespace, k.code, v.value_kind, v.a, v.b, v.note, v.evidence, v.entered_by, v.entered_at
         FROM indicator_values v JOIN indicator_keys k ON k.id = v.indicator_id
         WHERE v.period = $1 AND v.unit_id = $2 ORDER BY k.namespace, k.code",
    )
    .bind(period.key())
    .bind(unit.0)
    .fetch_all(pool)
    .await?;
    let values = rows
        .into_iter()
        .map(
            |(namespace, indicator, kind, a, b, note, evidence, entered_by, entered_at)| {
                Ok(ValueRecord {
                    unit,
                    period,
                    namespace,
                    indicator,
                    value: decode_value(i64::from(kind), a, b)?,
                    note,
                    evidence: evidence_from_json(&evidence)?,
                    entered_by,
                    entered_at,
                })
            },
        )
        .collect::<Result<Vec<_>>>()?;
    let rows: Vec<AssessmentRow> = sqlx::query_as(
        "SELECT k.namespace, k.code, a.met, a.assessed_by, a.evidence, a.note, a.assessed_at
         FROM assessments a JOIN criterion_keys k ON k.id = a.criterion_id
         WHERE a.period = $1 AND a.unit_id = $2 ORDER BY k.namespace, k.code",
    )
    .bind(period.key())
    .bind(unit.0)
    .fetch_all(pool)
    .await?;
    let assessments = rows
        .into_iter()
        .map(
            |(namespace, criterion, met, assessed_by, evidence, note, assessed_at)| {
                Ok(AssessmentRecord {
                    unit,
                    period,
                    namespace,
                    criterion,
                    met,
                    assessed_by,
                    evidence: evidence_from_json(&evidence)?,
                    note,
                    assessed_at,
                })
            },
        )
        .collect::<Result<Vec<_>>>()?;
    Ok((values, assessments))
}

pub async fn periods_with_data(pool: &PgPool) -> Result<Vec<Period>> {
    let keys: Vec<i32> = sqlx::query_scalar(
        "SELECT period FROM indicator_values UNION SELECT period FROM assessments ORDER BY 1 DESC",
    )
    .fetch_all(pool)
    .await?;
    keys.into_iter()
        .map(|k| Period::from_key(k).map_err(|e| StoreError::Corrupt(e.to_string())))
        .collect()
}

pub async fn latest_change(pool: &PgPool) -> Result<i64> {
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM changes")
        .fetch_one(pool)
        .await?;
    Ok(latest.unwrap_or(0))
}

pub async fn changes_since(pool: &PgPool, seq: i64) -> Result<ChangesSince> {
    let latest = latest_change(pool).await?;
    let rows: Vec<(i32, i64)> = sqlx::query_as("SELECT DISTINCT period, unit_id FROM changes WHERE seq > $1")
        .bind(seq)
        .fetch_all(pool)
        .await?;
    let reference_changed = rows.iter().any(|(p, _)| *p == REFERENCE_CHANGE);
    let touched = rows
        .into_iter()
        .filter(|(p, _)| *p != REFERENCE_CHANGE)
        .map(|(p, u)| {
            Ok((
                Period::from_key(p).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                UnitId(u),
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ChangesSince {
        latest: latest.max(seq),
        touched,
        reference_changed,
    })
}

/// Records that units or reference data changed.
pub async fn log_reference_change(tx: &mut sqlx::PgConnection) -> Result<()> {
    sqlx::query("INSERT INTO changes (period, unit_id) VALUES ($1, 0)")
        .bind(REFERENCE_CHANGE)
        .execute(tx)
        .await?;
    Ok(())
}
