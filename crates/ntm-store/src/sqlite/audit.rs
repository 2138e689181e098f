//! The audit trail, criteria set versions and evidence files in SQLite.

use ntm_core::period::Period;
use ntm_core::unit::UnitId;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::Result;
use crate::accounts::{EvidenceMeta, NewEvidence};
use crate::kinds::AuditEntity;
use crate::model::{AuditEntry, AuditQuery, WriteContext};
use crate::rows::{self, EVIDENCE_COLUMNS, RawEvidence};

/// One audit row, written inside the caller's transaction.
pub struct AuditRow<'a> {
    pub entity: AuditEntity,
    pub unit: Option<i64>,
    pub period: Option<i32>,
    pub subject: Option<&'a str>,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
}

pub fn insert_audit(tx: &Transaction<'_>, context: &WriteContext, row: AuditRow<'_>) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO audit (at, actor, user_id, source, entity, unit_id, period, subject, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    stmt.execute(params![
        context.at,
        context.by,
        context.user,
        context.source.key(),
        row.entity,
        row.unit,
        row.period,
        row.subject,
        row.old,
        row.new
    ])?;
    Ok(())
}

pub fn audit(conn: &mut Connection, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, user_id, source, entity, unit_id, period, subject, old_value, new_value FROM audit
         WHERE (?1 IS NULL OR unit_id = ?1) AND (?2 IS NULL OR period = ?2) AND (?3 IS NULL OR entity = ?3)
           AND (?4 IS NULL OR subject = ?4)
         ORDER BY id DESC LIMIT ?5 OFFSET ?6",
    )?;
    let rows = stmt.query_map(
        params![
            q.unit.map(|u| u.0),
            q.period.map(Period::key),
            q.entity,
            q.subject,
            i64::from(q.limit.max(1)),
            i64::from(q.offset)
        ],
        |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                user: r.get(3)?,
                source: r.get(4)?,
                entity: r.get(5)?,
                unit: r.get::<_, Option<i64>>(6)?.map(UnitId),
                period: r.get(7)?,
                subject: r.get(8)?,
                old: r.get(9)?,
                new: r.get(10)?,
            })
        },
    )?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

pub fn record_criteria_sets(
    conn: &mut Connection,
    sets: &[(String, String)],
    context: &WriteContext,
) -> Result<usize> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut changed = 0;
    for (code, sha) in sets {
        let known: Option<String> = tx
            .query_row(
                "SELECT sha256 FROM criteria_set_versions WHERE code = ?1",
                [code],
                |r| r.get(0),
            )
            .optional()?;
        if known.as_deref() == Some(sha.as_str()) {
            continue;
        }
        tx.execute(
            "INSERT INTO criteria_set_versions (code, sha256, loaded_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (code) DO UPDATE SET sha256 = excluded.sha256, loaded_at = excluded.loaded_at",
            params![code, sha, context.at],
        )?;
        let old = known.map(|k| format!("{{\"sha256\":\"{k}\"}}"));
        let new = format!("{{\"sha256\":\"{sha}\"}}");
        insert_audit(
            &tx,
            context,
            AuditRow {
                entity: AuditEntity::CriteriaSet,
                unit: None,
                period: None,
                subject: Some(code),
                old: old.as_deref(),
                new: Some(&new),
            },
        )?;
        changed += 1;
    }
    tx.commit()?;
    Ok(changed)
}

pub fn add_evidence(conn: &mut Connection, file: &NewEvidence, context: &WriteContext) -> Result<i64> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO evidence_files (unit_id, period, subject, file_name, content_type, size, sha256, content, uploaded_by, uploaded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            file.unit.0,
            file.period.key(),
            file.subject,
            file.file_name,
            file.content_type,
            file.content.len() as i64,
            file.sha256,
            file.content,
            context.by,
            context.at
        ],
    )?;
    let id = tx.last_insert_rowid();
    let new = serde_json::json!({ "id": id, "file_name": file.file_name, "size": file.content.len(), "sha256": file.sha256 })
        .to_string();
    insert_audit(
        &tx,
        context,
        AuditRow {
            entity: AuditEntity::Evidence,
            unit: Some(file.unit.0),
            period: Some(file.period.key()),
            subject: Some(&file.subject),
            old: None,
            new: Some(&new),
        },
    )?;
    tx.commit()?;
    Ok(id)
}

fn evidence_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEvidence> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

pub fn evidence_list(conn: &mut Connection, unit: UnitId, period: Period) -> Result<Vec<EvidenceMeta>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {EVIDENCE_COLUMNS} FROM evidence_files WHERE unit_id = ?1 AND period = ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![unit.0, period.key()], evidence_row)?;
    rows.map(|r| rows::evidence(r?)).collect()
}

pub fn evidence(conn: &mut Connection, id: i64) -> Result<Option<(EvidenceMeta, Vec<u8>)>> {
    let row = conn
        .query_row(
            &format!("SELECT {EVIDENCE_COLUMNS}, content FROM evidence_files WHERE id = ?1"),
            [id],
            |r| Ok((evidence_row(r)?, r.get::<_, Vec<u8>>(10)?)),
        )
        .optional()?;
    row.map(|(raw, content)| Ok((rows::evidence(raw)?, content)))
        .transpose()
}
