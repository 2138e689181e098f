//! Units, parent links, classifications and successions in PostgreSQL.

use ntm_core::hierarchy::Hierarchy;
use ntm_core::unit::UnitId;
use sqlx::PgPool;

use super::audit::{AuditRows, insert_audit};
use crate::audit_json;
use crate::kinds::AuditEntity;
use crate::model::{UnitChanges, UnitRow, date_text, resolve};
use crate::rows::{RawHierarchy, RawUnit};
use crate::{Result, UnitWriteResult};

/// Column arrays of a set of unit rows, for `UNNEST`.
#[derive(Default)]
struct UnitColumns {
    code: Vec<String>,
    kind: Vec<String>,
    type_name: Vec<String>,
    name: Vec<String>,
    from: Vec<Option<String>>,
    to: Vec<Option<String>>,
    region: Vec<Option<String>>,
    lat: Vec<Option<f64>>,
    lon: Vec<Option<f64>>,
}

impl UnitColumns {
    fn push(&mut self, u: &UnitRow) {
        self.code.push(u.code.clone());
        self.kind.push(u.kind.key().to_string());
        self.type_name.push(u.type_name.clone());
        self.name.push(u.name.clone());
        self.from.push(date_text(u.validity.from));
        self.to.push(date_text(u.validity.to));
        self.region.push(u.region.map(|r| r.key().to_string()));
        self.lat.push(u.location.map(|l| l.lat));
        self.lon.push(u.location.map(|l| l.lon));
    }
}

pub async fn write_units(pool: &PgPool, changes: &UnitChanges) -> Result<UnitWriteResult> {
    let mut tx = pool.begin().await?;
    // Take ids first so that the batch's references can be resolved in order.
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT nextval(pg_get_serial_sequence('units', 'id')) FROM generate_series(1, $1)",
    )
    .bind(changes.new_units.len() as i64)
    .fetch_all(&mut *tx)
    .await?;
    let mut cols = UnitColumns::default();
    changes.new_units.iter().for_each(|u| cols.push(u));
    sqlx::query(
        "INSERT INTO units (id, code, kind, type_name, name, valid_from, valid_to, region, lat, lon)
         SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::float8[], $10::float8[])",
    )
    .bind(&ids)
    .bind(&cols.code)
    .bind(&cols.kind)
    .bind(&cols.type_name)
    .bind(&cols.name)
    .bind(&cols.from)
    .bind(&cols.to)
    .bind(&cols.region)
    .bind(&cols.lat)
    .bind(&cols.lon)
    .execute(&mut *tx)
    .await?;
    let new_ids: Vec<UnitId> = ids.into_iter().map(UnitId).collect();
    let ctx = &changes.context;
    let mut audit_units: AuditRows = changes
        .new_units
        .iter()
        .zip(&new_ids)
        .map(|(u, id)| (Some(id.0), None, None, None, Some(audit_json::unit(u))))
        .collect();
    for (id, u) in &changes.updated_units {
        let raw: Option<UnitTuple> = sqlx::query_as(
            "SELECT id, code, kind, type_name, name, valid_from, valid_to, region, lat, lon FROM units WHERE id = $1 FOR UPDATE",
        )
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        let old = raw
            .map(raw_unit)
            .map(crate::rows::unit_row)
            .transpose()?
            .map(|o| audit_json::unit(&o));
        audit_units.push((Some(id.0), None, None, old, Some(audit_json::unit(u))));
        sqlx::query(
            "UPDATE units SET code = $1, kind = $2, type_name = $3, name = $4, valid_from = $5, valid_to = $6,
             region = $7, lat = $8, lon = $9 WHERE id = $10",
        )
        .bind(&u.code)
        .bind(u.kind.key())
        .bind(&u.type_name)
        .bind(&u.name)
        .bind(date_text(u.validity.from))
        .bind(date_text(u.validity.to))
        .bind(u.region.map(|r| r.key()))
        .bind(u.location.map(|l| l.lat))
        .bind(u.location.map(|l| l.lon))
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    }
    let (mut child, mut parent, mut from, mut to) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut audit_links: AuditRows = Vec::new();
    for (c, p, v) in &changes.links {
        let (c, p) = (resolve(*c, &new_ids)?, resolve(*p, &new_ids)?);
        audit_links.push((Some(c), None, None, None, Some(audit_json::link(c, p, v))));
        child.push(c);
        parent.push(p);
        from.push(date_text(v.from));
        to.push(date_text(v.to));
    }
    sqlx::query(
        "INSERT INTO unit_links (child_id, parent_id, valid_from, valid_to)
         SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::text[])",
    )
    .bind(&child)
    .bind(&parent)
    .bind(&from)
    .bind(&to)
    .execute(&mut *tx)
    .await?;
    for (c, p, last) in &changes.closed_links {
        let closed = sqlx::query(
            "UPDATE unit_links SET valid_to = $3 WHERE child_id = $1 AND parent_id = $2
             AND (valid_to IS NULL OR valid_to > $3)",
        )
        .bind(c.0)
        .bind(p.0)
        .bind(last.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if closed > 0 {
            audit_links.push((
                Some(c.0),
                None,
                None,
                None,
                Some(audit_json::link_end(c.0, p.0, *last)),
            ));
        }
    }
    let mut audit_classes: AuditRows = Vec::new();
    for (unit, flags) in &changes.classifications {
        let id = resolve(*unit, &new_ids)?;
        audit_classes.push((
            Some(id),
            None,
            None,
            None,
            Some(audit_json::classifications(flags)),
        ));
        sqlx::query("DELETE FROM unit_classifications WHERE unit_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for c in flags {
            sqlx::query(
                "INSERT INTO unit_classifications (unit_id, flag, valid_from, valid_to, source) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(c.flag.key())
            .bind(date_text(c.validity.from))
            .bind(date_text(c.validity.to))
            .bind(&c.source)
            .execute(&mut *tx)
            .await?;
        }
    }
    let (mut pred, mut next, mut date, mut kind) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut audit_successions: AuditRows = Vec::new();
    for (p, s, d, k) in &changes.successions {
        let (p, s) = (resolve(*p, &new_ids)?, resolve(*s, &new_ids)?);
        audit_successions.push((
            Some(p),
            None,
            None,
            None,
            Some(audit_json::succession(p, s, *d, *k)),
        ));
        pred.push(p);
        next.push(s);
        date.push(d.to_string());
        kind.push(k.key().to_string());
    }
    sqlx::query(
        "INSERT INTO unit_successions (predecessor_id, successor_id, date, kind)
         SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::text[])
         ON CONFLICT (predecessor_id, successor_id) DO UPDATE SET date = excluded.date, kind = excluded.kind",
    )
    .bind(&pred)
    .bind(&next)
    .bind(&date)
    .bind(&kind)
    .execute(&mut *tx)
    .await?;
    insert_audit(&mut tx, ctx, AuditEntity::Unit, audit_units).await?;
    insert_audit(&mut tx, ctx, AuditEntity::UnitLink, audit_links).await?;
    insert_audit(&mut tx, ctx, AuditEntity::Classification, audit_classes).await?;
    insert_audit(&mut tx, ctx, AuditEntity::Succession, audit_successions).await?;
    super::values::log_reference_change(&mut tx).await?;
    tx.commit().await?;
    Ok(UnitWriteResult { new_ids })
}

type UnitTuple = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<f64>,
);

fn raw_unit((id, code, kind, type_name, name, from, to, region, lat, lon): UnitTuple) -> RawUnit {
    RawUnit {
        id,
        code,
        kind,
        type_name,
        name,
        validity: (from, to),
        region,
        lat,
        lon,
    }
}

pub async fn load_hierarchy(pool: &PgPool) -> Result<Hierarchy> {
    let units: Vec<UnitTuple> = sqlx::query_as(
        "SELECT id, code, kind, type_name, name, valid_from, valid_to, region, lat, lon FROM units",
    )
    .fetch_all(pool)
    .await?;
    let links: Vec<(i64, i64, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT child_id, parent_id, valid_from, valid_to FROM unit_links")
            .fetch_all(pool)
            .await?;
    /// unit, flag, valid from, valid to, source
    type ClassRow = (i64, String, Option<String>, Option<String>, Option<String>);
    let classifications: Vec<ClassRow> =
        sqlx::query_as("SELECT unit_id, flag, valid_from, valid_to, source FROM unit_classifications")
            .fetch_all(pool)
            .await?;
    let successions: Vec<(i64, i64, String, String)> =
        sqlx::query_as("SELECT predecessor_id, successor_id, date, kind FROM unit_successions")
            .fetch_all(pool)
            .await?;
    RawHierarchy {
        units: units.into_iter().map(raw_unit).collect(),
        links: links.into_iter().map(|(c, p, f, t)| (c, p, (f, t))).collect(),
        classifications: classifications
            .into_iter()
            .map(|(u, fl, f, t, source)| (u, fl, (f, t), source))
            .collect(),
        successions,
    }
    .build()
}
