//! Writing values and assessments in PostgreSQL: the stored rows are read and
//! locked (`FOR UPDATE`), every write is decided (`diff::decide`), and the
//! changes, audit rows and change log go in with `UNNEST` statements. A row
//! created by someone else after the read is caught by the version check in
//! the upsert, and the batch fails as a conflict.

use std::collections::{BTreeSet, HashMap};

use sqlx::{PgConnection, PgPool};

use super::audit::{AuditRows, insert_audit};
use crate::diff::{
    Payload, PayloadData, RowKey, Step, StoredRow, Wanted, conflict, wanted_assessments, wanted_values,
};
use crate::kinds::AuditEntity;
use crate::model::{Conflict, KeyMap, ValueBatch, WriteContext};
use crate::{Result, StoreError, ValueWriteResult};

/// Rows per statement.
const CHUNK: usize = 20_000;

/// One decided write.
struct Planned {
    wanted: Wanted,
    step: Step,
    current: Option<StoredRow>,
}

impl Planned {
    fn key(&self) -> RowKey {
        self.wanted.row
    }
}

/// Which table: values or assessments.
#[derive(Clone, Copy)]
enum Table {
    Values,
    Assessments,
}

impl Table {
    fn entity(self) -> AuditEntity {
        match self {
            Table::Values => AuditEntity::Value,
            Table::Assessments => AuditEntity::Assessment,
        }
    }
}

type StoredValueRow = (
    i32,
    i64,
    i64,
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
type StoredAssessmentRow = (
    i32,
    i64,
    i64,
    bool,
    Option<String>,
    String,
    String,
    String,
    i64,
    i16,
);

/// The stored rows of these keys, locked until the transaction ends.
async fn current_rows(
    tx: &mut PgConnection,
    table: Table,
    keys: &[RowKey],
) -> Result<HashMap<RowKey, StoredRow>> {
    let (p, u, k): (Vec<i32>, Vec<i64>, Vec<i64>) =
        keys.iter().fold((vec![], vec![], vec![]), |mut acc, (p, u, k)| {
            acc.0.push(*p);
            acc.1.push(*u);
            acc.2.push(*k);
            acc
        });
    let mut out = HashMap::with_capacity(keys.len());
    match table {
        Table::Values => {
            let rows: Vec<StoredValueRow> = sqlx::query_as(
                "SELECT v.period, v.unit_id, v.indicator_id, v.value_kind, v.a, v.b, v.note, v.evidence, v.entered_by,
                        v.entered_at, v.version, v.provenance
                 FROM indicator_values v JOIN UNNEST($1::int[], $2::bigint[], $3::bigint[]) AS k(p, u, i)
                   ON v.period = k.p AND v.unit_id = k.u AND v.indicator_id = k.i
                 FOR UPDATE OF v",
            )
            .bind(&p)
            .bind(&u)
            .bind(&k)
            .fetch_all(&mut *tx)
            .await?;
            for (p, u, k, kind, a, b, note, evidence, by, at, version, provenance) in rows {
                let payload = Payload {
                    data: PayloadData::Value(kind, a, b),
                    provenance,
                    note,
                    evidence,
                };
                out.insert(
                    (p, u, k),
                    StoredRow {
                        payload,
                        by,
                        at,
                        version,
                    },
                );
            }
        }
        Table::Assessments => {
            let rows: Vec<StoredAssessmentRow> = sqlx::query_as(
                "SELECT v.period, v.unit_id, v.criterion_id, v.met, v.note, v.evidence, v.assessed_by, v.assessed_at, v.version,
                        v.provenance
                 FROM assessments v JOIN UNNEST($1::int[], $2::bigint[], $3::bigint[]) AS k(p, u, i)
                   ON v.period = k.p AND v.unit_id = k.u AND v.criterion_id = k.i
                 FOR UPDATE OF v",
            )
            .bind(&p)
            .bind(&u)
            .bind(&k)
            .fetch_all(&mut *tx)
            .await?;
            for (p, u, k, met, note, evidence, by, at, version, provenance) in rows {
                let payload = Payload {
                    data: PayloadData::Met(met),
                    provenance,
                    note,
                    evidence,
                };
                out.insert(
                    (p, u, k),
                    StoredRow {
                        payload,
                        by,
                        at,
                        version,
                    },
                );
            }
        }
    }
    Ok(out)
}

/// Upserts the writes; returns the keys actually written (a key missing was
/// written by someone else after it was read).
async fn upsert(
    tx: &mut PgConnection,
    table: Table,
    writes: &[&Planned],
    ctx: &WriteContext,
) -> Result<BTreeSet<RowKey>> {
    let mut written = BTreeSet::new();
    for chunk in writes.chunks(CHUNK) {
        let mut p = Vec::new();
        let mut u = Vec::new();
        let mut k = Vec::new();
        let mut kind = Vec::new();
        let mut a = Vec::new();
        let mut b = Vec::new();
        let mut met = Vec::new();
        let mut note = Vec::new();
        let mut evidence = Vec::new();
        let mut version = Vec::new();
        let mut provenance = Vec::new();
        for w in chunk {
            let (Step::Write { version: v }, Some(payload)) = (&w.step, &w.wanted.desired) else {
                continue;
            };
            p.push(w.key().0);
            u.push(w.key().1);
            k.push(w.key().2);
            match payload.data {
                PayloadData::Value(kd, x, y) => {
                    kind.push(kd);
                    a.push(x);
                    b.push(y);
                }
                PayloadData::Met(m) => met.push(m),
            }
            note.push(payload.note.clone());
            evidence.push(payload.evidence.clone());
            version.push(*v);
            provenance.push(payload.provenance);
        }
        let rows: Vec<RowKey> = match table {
            Table::Values => {
                sqlx::query_as(
                    "INSERT INTO indicator_values (period, unit_id, indicator_id, value_kind, a, b, note, evidence,
                                                   entered_by, entered_at, version, provenance)
                     SELECT p, u, k, kind, a, b, n, e, $10, $11, v, s
                     FROM UNNEST($1::int[], $2::bigint[], $3::bigint[], $4::smallint[], $5::bigint[], $6::bigint[],
                                 $7::text[], $8::text[], $9::bigint[], $12::smallint[]) AS t(p, u, k, kind, a, b, n, e, v, s)
                     ON CONFLICT (period, unit_id, indicator_id) DO UPDATE SET value_kind = excluded.value_kind,
                       a = excluded.a, b = excluded.b, note = excluded.note, evidence = excluded.evidence,
                       entered_by = excluded.entered_by, entered_at = excluded.entered_at, version = excluded.version,
                       provenance = excluded.provenance
                     WHERE indicator_values.version = excluded.version - 1
                     RETURNING period, unit_id, indicator_id",
                )
                .bind(&p)
                .bind(&u)
                .bind(&k)
                .bind(&kind)
                .bind(&a)
                .bind(&b)
                .bind(&note)
                .bind(&evidence)
                .bind(&version)
                .bind(&ctx.by)
                .bind(&ctx.at)
                .bind(&provenance)
                .fetch_all(&mut *tx)
                .await?
            }
            Table::Assessments => {
                sqlx::query_as(
                    "INSERT INTO assessments (period, unit_id, criterion_id, met, note, evidence, assessed_by, assessed_at, version,
                                              provenance)
                     SELECT p, u, k, m, n, e, $7, $8, v, s
                     FROM UNNEST($1::int[], $2::bigint[], $3::bigint[], $4::bool[], $5::text[], $6::text[], $9::bigint[],
                                 $10::smallint[])
                          AS t(p, u, k, m, n, e, v, s)
                     ON CONFLICT (period, unit_id, criterion_id) DO UPDATE SET met = excluded.met, note = excluded.note,
                       evidence = excluded.evidence, assessed_by = excluded.assessed_by,
                       assessed_at = excluded.assessed_at, version = excluded.version, provenance = excluded.provenance
                     WHERE assessments.version = excluded.version - 1
                     RETURNING period, unit_id, criterion_id",
                )
                .bind(&p)
                .bind(&u)
                .bind(&k)
                .bind(&met)
                .bind(&note)
                .bind(&evidence)
                .bind(&ctx.by)
                .bind(&ctx.at)
                .bind(&version)
                .bind(&provenance)
                .fetch_all(&mut *tx)
                .await?
            }
        };
        written.extend(rows);
    }
    Ok(written)
}

async fn delete(tx: &mut PgConnection, table: Table, deletes: &[&Planned]) -> Result<()> {
    if deletes.is_empty() {
        return Ok(());
    }
    let p: Vec<i32> = deletes.iter().map(|d| d.key().0).collect();
    let u: Vec<i64> = deletes.iter().map(|d| d.key().1).collect();
    let k: Vec<i64> = deletes.iter().map(|d| d.key().2).collect();
    let sql = match table {
        Table::Values => {
            "DELETE FROM indicator_values v USING UNNEST($1::int[], $2::bigint[], $3::bigint[]) AS d(p, u, i)
             WHERE v.period = d.p AND v.unit_id = d.u AND v.indicator_id = d.i"
        }
        Table::Assessments => {
            "DELETE FROM assessments v USING UNNEST($1::int[], $2::bigint[], $3::bigint[]) AS d(p, u, i)
             WHERE v.period = d.p AND v.unit_id = d.u AND v.criterion_id = d.i"
        }
    };
    sqlx::query(sql).bind(&p).bind(&u).bind(&k).execute(tx).await?;
    Ok(())
}

/// Plans, checks and applies the writes of one table.
async fn write_table(
    tx: &mut PgConnection,
    table: Table,
    planned: Vec<Planned>,
    ctx: &WriteContext,
    result: &mut ValueWriteResult,
    conflicts: &mut Vec<Conflict>,
) -> Result<BTreeSet<(i32, i64)>> {
    let writes: Vec<&Planned> = planned
        .iter()
        .filter(|p| matches!(p.step, Step::Write { .. }))
        .collect();
    let written = upsert(tx, table, &writes, ctx).await?;
    for w in &writes {
        if !written.contains(&w.key()) {
            // Created by someone else between our read and our write.
            let now = current_rows(tx, table, &[w.key()]).await?;
            let found = now.get(&w.key());
            conflicts.push(conflict(
                w.wanted.unit,
                w.wanted.period,
                w.wanted.subject,
                w.wanted.expected.unwrap_or(0),
                (
                    found.map_or(0, |f| f.version),
                    found.map(|f| f.payload.audit_json()),
                    found.map(|f| f.by.clone()),
                    found.map(|f| f.at.clone()),
                ),
            ));
        }
    }
    if !conflicts.is_empty() {
        return Ok(BTreeSet::new());
    }
    let deletes: Vec<&Planned> = planned.iter().filter(|p| p.step == Step::Delete).collect();
    delete(tx, table, &deletes).await?;
    let mut audit: AuditRows = Vec::new();
    let mut touched = BTreeSet::new();
    for p in &planned {
        match p.step {
            Step::Unchanged | Step::Nothing => {
                result.unchanged += 1;
                continue;
            }
            Step::Write { .. } if p.current.is_none() => result.created += 1,
            Step::Write { .. } => result.updated += 1,
            Step::Delete => result.deleted += 1,
        }
        let (period, unit, _) = p.key();
        touched.insert((period, unit));
        audit.push((
            Some(unit),
            Some(period),
            p.wanted.audit_subject.clone(),
            p.current.as_ref().map(|c| c.payload.audit_json()),
            p.wanted.desired.as_ref().map(Payload::audit_json),
        ));
    }
    insert_audit(tx, ctx, table.entity(), audit).await?;
    Ok(touched)
}

/// Decides each wanted write against the stored rows (read and locked
/// here): the planned steps, and the conflicts found.
async fn plan(
    tx: &mut PgConnection,
    table: Table,
    wanted: &[Wanted],
    conflicts: &mut Vec<Conflict>,
) -> Result<Vec<Planned>> {
    let row_keys: Vec<RowKey> = wanted.iter().map(|w| w.row).collect();
    let mut current = current_rows(tx, table, &row_keys).await?;
    let mut planned = Vec::with_capacity(wanted.len());
    for w in wanted {
        let current = current.remove(&w.row);
        match w.decide(current.as_ref()) {
            Err(c) => conflicts.push(c),
            Ok(step) => planned.push(Planned {
                wanted: w.clone(),
                step,
                current,
            }),
        }
    }
    Ok(planned)
}

pub async fn write_values(pool: &PgPool, batch: &ValueBatch, keys: &KeyMap) -> Result<ValueWriteResult> {
    let mut tx = pool.begin().await?;
    let ctx = &batch.context;
    let mut result = ValueWriteResult::default();
    let mut conflicts = Vec::new();
    let mut touched = BTreeSet::new();

    let mut planned = Vec::with_capacity(batch.values.len());
    for chunk in wanted_values(&batch.values, keys)?.chunks(CHUNK) {
        planned.extend(plan(&mut tx, Table::Values, chunk, &mut conflicts).await?);
    }
    let planned_assessments = plan(
        &mut tx,
        Table::Assessments,
        &wanted_assessments(&batch.assessments, keys)?,
        &mut conflicts,
    )
    .await?;
    if !conflicts.is_empty() {
        return Err(StoreError::Conflict(conflicts));
    }
    touched.extend(write_table(&mut tx, Table::Values, planned, ctx, &mut result, &mut conflicts).await?);
    touched.extend(
        write_table(
            &mut tx,
            Table::Assessments,
            planned_assessments,
            ctx,
            &mut result,
            &mut conflicts,
        )
        .await?,
    );
    if !conflicts.is_empty() {
        return Err(StoreError::Conflict(conflicts));
    }
    let (periods, units): (Vec<i32>, Vec<i64>) = touched.into_iter().unzip();
    super::values::lock_change_log(&mut tx).await?;
    sqlx::query("INSERT INTO changes (period, unit_id) SELECT * FROM UNNEST($1::int[], $2::bigint[])")
        .bind(&periods)
        .bind(&units)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(result)
}
