//! Units, parent links, classifications and successions in SQLite.

use ntm_core::hierarchy::Hierarchy;
use ntm_core::unit::UnitId;
use rusqlite::{Connection, OptionalExtension, params};

use super::audit::{AuditRow, insert_audit};
use crate::audit_json;
use crate::kinds::AuditEntity;
use crate::model::{UnitChanges, UnitRef, UnitRow, date_text, resolve};
use crate::rows::{RawHierarchy, RawUnit};
use crate::{Result, UnitWriteResult};

pub fn write_units(conn: &mut Connection, changes: &UnitChanges) -> Result<UnitWriteResult> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let ctx = &changes.context;
    let audit = |entity: AuditEntity, unit: i64, old: Option<String>, new: String| -> Result<()> {
        insert_audit(
            &tx,
            ctx,
            AuditRow {
                entity,
                unit: Some(unit),
                period: None,
                subject: None,
                old: old.as_deref(),
                new: Some(&new),
            },
        )
    };
    let mut new_ids = Vec::with_capacity(changes.new_units.len());
    {
        let mut insert = tx.prepare(
            "INSERT INTO units (code, kind, type_name, name, valid_from, valid_to, region, lat, lon)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for u in &changes.new_units {
            let p = unit_params(u);
            insert.execute(params![p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7, p.8])?;
            new_ids.push(UnitId(tx.last_insert_rowid()));
            audit(
                AuditEntity::Unit,
                tx.last_insert_rowid(),
                None,
                audit_json::unit(u),
            )?;
        }
        let mut update = tx.prepare(
            "UPDATE units SET code = ?1, kind = ?2, type_name = ?3, name = ?4, valid_from = ?5, valid_to = ?6,
             region = ?7, lat = ?8, lon = ?9 WHERE id = ?10",
        )?;
        for (id, u) in &changes.updated_units {
            let old = stored_unit_row(&tx, id.0)?.map(|o| audit_json::unit(&o));
            audit(AuditEntity::Unit, id.0, old, audit_json::unit(u))?;
            let p = unit_params(u);
            update.execute(params![p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7, p.8, id.0])?;
        }
        let id_of = |r: UnitRef| resolve(r, &new_ids);
        let mut link = tx.prepare(
            "INSERT INTO unit_links (child_id, parent_id, valid_from, valid_to) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (child, parent, v) in &changes.links {
            let (c, p) = (id_of(*child)?, id_of(*parent)?);
            link.execute(params![c, p, date_text(v.from), date_text(v.to)])?;
            audit(AuditEntity::UnitLink, c, None, audit_json::link(c, p, v))?;
        }
        let mut close = tx.prepare(
            "UPDATE unit_links SET valid_to = ?3 WHERE child_id = ?1 AND parent_id = ?2
             AND (valid_to IS NULL OR valid_to > ?3)",
        )?;
        for (child, parent, last) in &changes.closed_links {
            let closed = close.execute(params![child.0, parent.0, last.to_string()])?;
            if closed > 0 {
                audit(
                    AuditEntity::UnitLink,
                    child.0,
                    None,
                    audit_json::link_end(child.0, parent.0, *last),
                )?;
            }
        }
        let mut clear = tx.prepare("DELETE FROM unit_classifications WHERE unit_id = ?1")?;
        let mut class = tx.prepare(
            "INSERT INTO unit_classifications (unit_id, flag, valid_from, valid_to, source) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (unit, flags) in &changes.classifications {
            let id = id_of(*unit)?;
            audit(
                AuditEntity::Classification,
                id,
                None,
                audit_json::classifications(flags),
            )?;
            clear.execute([id])?;
            for c in flags {
                let v = c.validity;
                class.execute(params![
                    id,
                    c.flag.key(),
                    date_text(v.from),
                    date_text(v.to),
                    c.source
                ])?;
            }
        }
        let mut succ = tx.prepare(
            "INSERT OR REPLACE INTO unit_successions (predecessor_id, successor_id, date, kind) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (pred, next, date, kind) in &changes.successions {
            let (p, n) = (id_of(*pred)?, id_of(*next)?);
            succ.execute(params![p, n, date.to_string(), kind.key()])?;
            audit(
                AuditEntity::Succession,
                p,
                None,
                audit_json::succession(p, n, *date, *kind),
            )?;
        }
    }
    super::values::log_reference_change(&tx)?;
    tx.commit()?;
    Ok(UnitWriteResult { new_ids })
}

/// A unit's stored fields (for the audit trail's "before").
fn stored_unit_row(tx: &rusqlite::Transaction<'_>, id: i64) -> Result<Option<UnitRow>> {
    let raw = tx
        .query_row(
            "SELECT id, code, kind, type_name, name, valid_from, valid_to, region, lat, lon FROM units WHERE id = ?1",
            [id],
            |r| {
                Ok(RawUnit {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    kind: r.get(2)?,
                    type_name: r.get(3)?,
                    name: r.get(4)?,
                    validity: (r.get(5)?, r.get(6)?),
                    region: r.get(7)?,
                    lat: r.get(8)?,
                    lon: r.get(9)?,
                })
            },
        )
        .optional()?;
    raw.map(crate::rows::unit_row).transpose()
}

type UnitParams = (
    String,
    &'static str,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<&'static str>,
    Option<f64>,
    Option<f64>,
);

pub fn unit_params(u: &UnitRow) -> UnitParams {
    (
        u.code.clone(),
        u.kind.key(),
        u.type_name.clone(),
        u.name.clone(),
        date_text(u.validity.from),
        date_text(u.validity.to),
        u.region.map(|r| r.key()),
        u.location.map(|l| l.lat),
        u.location.map(|l| l.lon),
    )
}

pub fn load_hierarchy(conn: &mut Connection) -> Result<Hierarchy> {
    let mut raw = RawHierarchy::default();
    let mut stmt = conn.prepare(
        "SELECT id, code, kind, type_name, name, valid_from, valid_to, region, lat, lon FROM units",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        raw.units.push(RawUnit {
            id: r.get(0)?,
            code: r.get(1)?,
            kind: r.get(2)?,
            type_name: r.get(3)?,
            name: r.get(4)?,
            validity: (r.get(5)?, r.get(6)?),
            region: r.get(7)?,
            lat: r.get(8)?,
            lon: r.get(9)?,
        });
    }
    let mut stmt = conn.prepare("SELECT child_id, parent_id, valid_from, valid_to FROM unit_links")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        raw.links.push((r.get(0)?, r.get(1)?, (r.get(2)?, r.get(3)?)));
    }
    let mut stmt =
        conn.prepare("SELECT unit_id, flag, valid_from, valid_to, source FROM unit_classifications")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        raw.classifications
            .push((r.get(0)?, r.get(1)?, (r.get(2)?, r.get(3)?), r.get(4)?));
    }
    let mut stmt = conn.prepare("SELECT predecessor_id, successor_id, date, kind FROM unit_successions")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        raw.successions.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
    }
    raw.build()
}
