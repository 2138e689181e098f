//! Indicator values, assessments, key rows and the change log in PostgreSQL.

use ntm_core::criteria::Catalog;
use ntm_core::period::Period;
use ntm_core::unit::UnitId;
use ntm_core::value::{AssessmentRecord, PeriodValues, ValueRecord};
use sqlx::{AssertSqlSafe, PgPool};

use crate::model::{KeyMap, decode_value, evidence_from_json};
use crate::rows;
use crate::{CATALOG_CHANGE, ChangesSince, REFERENCE_CHANGE, Result, StoreError};

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
        "SELECT unit_id, indicator_id, value_kind, a, b, provenance FROM indicator_values WHERE {filter}"
    )))
    .bind(period.key())
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let assessments: Vec<(i64, i64, bool, i16)> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT unit_id, criterion_id, met, provenance FROM assessments WHERE {filter}"
    )))
    .bind(period.key())
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let mut out = PeriodValues::new(period);
    for (unit, indicator, kind, a, b, source) in values {
        if let Some(key) = keys.indicator(indicator) {
            out.unit_mut(UnitId(unit)).set_value_from(
                key,
                decode_value(i64::from(kind), a, b)?,
                rows::provenance(i64::from(source))?,
            );
        }
    }
    for (unit, criterion, met, source) in assessments {
        if let Some(key) = keys.criterion(criterion) {
            out.unit_mut(UnitId(unit))
                .set_assessment_from(key, met, rows::provenance(i64::from(source))?);
        }
    }
    Ok(out)
}

/// unit, indicator, kind, a, b, provenance
type CompactValueRow = (i64, i64, i16, Option<i64>, Option<i64>, i16);
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
    i64,
    i16,
);
type AssessmentRow = (
    String,
    String,
    bool,
    String,
    String,
    Option<String>,
    String,
    i64,
    i16,
);

pub async fn unit_records(
    pool: &PgPool,
    unit: UnitId,
    period: Period,
) -> Result<(Vec<ValueRecord>, Vec<AssessmentRecord>)> {
    let rows: Vec<ValueRow> = sqlx::query_as(
        "SELECT k.namespace, k.code, v.value_kind, v.a, v.b, v.note, v.evidence, v.entered_by, v.entered_at, v.version,
                v.provenance
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
            |(namespace, indicator, kind, a, b, note, evidence, entered_by, entered_at, version, source)| {
                Ok(ValueRecord {
                    unit,
                    period,
                    namespace,
                    indicator,
                    value: decode_value(i64::from(kind), a, b)?,
                    provenance: rows::provenance(i64::from(source))?,
                    note,
                    evidence: evidence_from_json(&evidence)?,
                    entered_by,
                    entered_at,
                    version,
                })
            },
        )
        .collect::<Result<Vec<_>>>()?;
    let rows: Vec<AssessmentRow> = sqlx::query_as(
        "SELECT k.namespace, k.code, a.met, a.assessed_by, a.evidence, a.note, a.assessed_at, a.version, a.provenance
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
            |(namespace, criterion, met, assessed_by, evidence, note, assessed_at, version, source)| {
                Ok(AssessmentRecord {
                    unit,
                    period,
                    namespace,
                    criterion,
                    met,
                    provenance: rows::provenance(i64::from(source))?,
                    assessed_by,
                    evidence: evidence_from_json(&evidence)?,
                    note,
                    assessed_at,
                    version,
                })
            },
        )
        .collect::<Result<Vec<_>>>()?;
    Ok((values, assessments))
}

pub async fn periods_with_data(pool: &PgPool) -> Result<Vec<Period>> {
    let keys: Vec<i32> = sqlx::query_scalar(crate::rows::PERIODS_WITH_DATA)
        .fetch_all(pool)
        .await?;
    keys.into_iter()
        .map(|k| Period::from_key(k).map_err(|e| StoreError::corrupt(crate::Stored::Period, e)))
        .collect()
}

pub async fn latest_change(pool: &PgPool) -> Result<i64> {
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM changes")
        .fetch_one(pool)
        .await?;
    Ok(latest.unwrap_or(0))
}

pub async fn changes_since(pool: &PgPool, seq: i64) -> Result<ChangesSince> {
    let rows: Vec<(i64, i32, i64)> = sqlx::query_as(crate::rows::CHANGES_AFTER)
        .bind(seq)
        .fetch_all(pool)
        .await?;
    crate::rows::changes_from_rows(seq, rows)
}

/// Takes the change log's lock for the rest of the transaction: every
/// writer does, just before its entry in the log (`CHANGE_LOG_LOCK`).
pub(crate) async fn lock_change_log(tx: &mut sqlx::PgConnection) -> Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(super::CHANGE_LOG_LOCK)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Records that a criteria set version was published or changed.
pub async fn log_catalog_change(tx: &mut sqlx::PgConnection) -> Result<()> {
    lock_change_log(tx).await?;
    sqlx::query("INSERT INTO changes (period, unit_id) VALUES ($1, 0)")
        .bind(CATALOG_CHANGE)
        .execute(tx)
        .await?;
    Ok(())
}

/// Records that units or reference data changed.
pub async fn log_reference_change(tx: &mut sqlx::PgConnection) -> Result<()> {
    lock_change_log(tx).await?;
    sqlx::query("INSERT INTO changes (period, unit_id) VALUES ($1, 0)")
        .bind(REFERENCE_CHANGE)
        .execute(tx)
        .await?;
    Ok(())
}
