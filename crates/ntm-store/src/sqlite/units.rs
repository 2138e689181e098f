//! Units, parent links, classifications and successions in SQLite.

use ntm_core::hierarchy::Hierarchy;
use ntm_core::unit::UnitId;
use rusqlite::{Connection, params};

use crate::model::{UnitChanges, UnitRef, UnitRow, date_text, resolve};
use crate::rows::{RawHierarchy, RawUnit};
use crate::{Result, UnitWriteResult};

pub fn write_units(conn: &mut Connection, changes: &UnitChanges) -> Result<UnitWriteResult> {
    let tx = conn.transaction()?;
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
        }
        let mut update = tx.prepare(
            "UPDATE units SET code = ?1, kind = ?2, type_name = ?3, name = ?4, valid_from = ?5, valid_to = ?6,
             region = ?7, lat = ?8, lon = ?9 WHERE id = ?10",
        )?;
        for (id, u) in &changes.updated_units {
            let p = unit_params(u);
            update.execute(params![p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7, p.8, id.0])?;
        }
        let id_of = |r: UnitRef| resolve(r, &new_ids);
        let mut link = tx.prepare(
            "INSERT INTO unit_links (child_id, parent_id, valid_from, valid_to) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (child, parent, v) in &changes.links {
            link.execute(params![
                id_of(*child)?,
                id_of(*parent)?,
                date_text(v.from),
                date_text(v.to)
            ])?;
        }
        let mut clear = tx.prepare("DELETE FROM unit_classifications WHERE unit_id = ?1")?;
        let mut class = tx.prepare(
            "INSERT INTO unit_classifications (unit_id, flag, valid_from, valid_to) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (unit, flags) in &changes.classifications {
            let id = id_of(*unit)?;
            clear.execute([id])?;
            for (flag, v) in flags {
                class.execute(params![id, flag.key(), date_text(v.from), date_text(v.to)])?;
            }
        }
        let mut succ = tx.prepare(
            "INSERT OR REPLACE INTO unit_successions (predecessor_id, successor_id, date, kind) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (pred, next, date, kind) in &changes.successions {
            succ.execute(params![
                id_of(*pred)?,
                id_of(*next)?,
                date.to_string(),
                kind.key()
            ])?;
        }
    }
    super::values::log_reference_change(&tx)?;
    tx.commit()?;
    Ok(UnitWriteResult { new_ids })
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
    let mut stmt = conn.prepare("SELECT unit_id, flag, valid_from, valid_to FROM unit_classifications")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        raw.classifications
            .push((r.get(0)?, r.get(1)?, (r.get(2)?, r.get(3)?)));
    }
    let mut stmt = conn.prepare("SELECT predecessor_id, successor_id, date, kind FROM unit_successions")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        raw.successions.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
    }
    raw.build()
}
