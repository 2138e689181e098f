//! Rows as both backends read them, and their conversion into domain values.
//! Backends only run queries; decoding lives here once.

use std::collections::HashMap;

use ntm_core::agency::{Agency, AgencyId, Ownership};
use ntm_core::hierarchy::{Hierarchy, ParentLink, Succession, SuccessionKind};
use ntm_core::period::Period;
use ntm_core::recognition::{Recognition, Tier};
use ntm_core::reported::{Claim, ReportedFigure};
use ntm_core::unit::{Classification, Flag, Location, Unit, UnitId};
use ntm_core::validity::Validity;

use crate::model::parse_stored_date;
use crate::{Result, StoreError, Stored};

pub type RawValidity = (Option<String>, Option<String>);

pub fn validity((from, to): RawValidity) -> Result<Validity> {
    Ok(Validity::new(parse_stored_date(from)?, parse_stored_date(to)?))
}

/// `SELECT id, code, kind, type_name, name, valid_from, valid_to, region, lat, lon FROM units`
pub struct RawUnit {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub type_name: String,
    pub name: String,
    pub validity: RawValidity,
    pub region: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Every table of the hierarchy, as read.
#[derive(Default)]
pub struct RawHierarchy {
    pub units: Vec<RawUnit>,
    /// child, parent, validity
    pub links: Vec<(i64, i64, RawValidity)>,
    /// unit, flag, validity, source
    pub classifications: Vec<(i64, String, RawValidity, Option<String>)>,
    /// predecessor, successor, date, kind
    pub successions: Vec<(i64, i64, String, String)>,
}

impl RawHierarchy {
    pub fn build(self) -> Result<Hierarchy> {
        let mut classifications: HashMap<i64, Vec<Classification>> = HashMap::new();
        for (unit, flag, v, source) in self.classifications {
            let flag: Flag = flag.parse().map_err(|e| StoreError::corrupt(Stored::Unit, e))?;
            classifications.entry(unit).or_default().push(Classification {
                flag,
                validity: validity(v)?,
                source,
            });
        }
        let mut units = Vec::with_capacity(self.units.len());
        for r in self.units {
            units.push(Unit {
                id: UnitId(r.id),
                code: r.code.parse().map_err(|e| StoreError::corrupt(Stored::Unit, e))?,
                kind: r.kind.parse().map_err(|e| StoreError::corrupt(Stored::Unit, e))?,
                type_name: r.type_name,
                name: r.name,
                validity: validity(r.validity)?,
                region: r
                    .region
                    .map(|t| t.parse().map_err(|e| StoreError::corrupt(Stored::Unit, e)))
                    .transpose()?,
                classifications: classifications.remove(&r.id).unwrap_or_default(),
                location: r.lat.zip(r.lon).map(|(lat, lon)| Location { lat, lon }),
            });
        }
        let links = self
            .links
            .into_iter()
            .map(|(c, p, v)| {
                Ok(ParentLink {
                    child: UnitId(c),
                    parent: UnitId(p),
                    validity: validity(v)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let successions = self
            .successions
            .into_iter()
            .map(|(p, s, date, kind)| {
                Ok(Succession {
                    predecessor: UnitId(p),
                    successor: UnitId(s),
                    date: parse_stored_date(Some(date))?
                        .ok_or_else(|| StoreError::corrupt(Stored::SuccessionDate, "NULL"))?,
                    kind: SuccessionKind::parse(&kind)
                        .ok_or_else(|| StoreError::corrupt(Stored::SuccessionKind, format!("\"{kind}\"")))?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Hierarchy::new(units, &links, successions).map_err(|e| StoreError::corrupt(Stored::Hierarchy, e))
    }
}

/// `SELECT unit_id, tier, decision, decided_on, judged_under, revoked_on, note FROM recognitions`
pub type RawRecognition = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub fn recognition(r: RawRecognition) -> Result<Recognition> {
    let (unit, tier, decision, decided_on, judged_under, revoked_on, note) = r;
    Ok(Recognition {
        unit: UnitId(unit),
        tier: Tier::parse(&tier).ok_or_else(|| StoreError::corrupt(Stored::Tier, format!("\"{tier}\"")))?,
        decision,
        decided_on: parse_stored_date(Some(decided_on))?
            .ok_or_else(|| StoreError::corrupt(Stored::DecisionDate, "NULL"))?,
        judged_under,
        revoked_on: parse_stored_date(revoked_on)?,
        note,
    })
}

/// `SELECT id, code, name, unit_id, valid_from, valid_to FROM agencies`
pub type RawAgency = (i64, String, String, i64, RawValidity);

pub fn agency(r: RawAgency) -> Result<Agency> {
    let (id, code, name, unit, v) = r;
    Ok(Agency {
        id: AgencyId(id),
        code,
        name,
        unit: UnitId(unit),
        validity: validity(v)?,
    })
}

/// `SELECT agency_id, namespace, criterion, indicator, scope_unit_id, valid_from, valid_to, decision FROM ownerships`
/// (`indicator` is '' when the ownership covers the whole criterion.)
pub type RawOwnership = (i64, String, String, String, i64, RawValidity, Option<String>);

pub fn ownership(r: RawOwnership) -> Result<Ownership> {
    let (agency, namespace, criterion, indicator, scope, v, decision) = r;
    Ok(Ownership {
        agency: AgencyId(agency),
        namespace,
        criterion,
        indicator: Some(indicator).filter(|i| !i.is_empty()),
        scope: UnitId(scope),
        validity: validity(v)?,
        decision,
    })
}

/// `SELECT unit_id, period, document, place, claim FROM reported_figures`
pub type RawReported = (i64, i32, String, String, String);

pub fn reported(r: RawReported) -> Result<ReportedFigure> {
    let (unit, period, document, place, claim) = r;
    let claim: Claim =
        serde_json::from_str(&claim).map_err(|e| StoreError::corrupt(Stored::ReportedFigure, e))?;
    Ok(ReportedFigure {
        unit: UnitId(unit),
        period: Period::from_key(period).map_err(|e| StoreError::corrupt(Stored::Period, e))?,
        document,
        place,
        claim,
    })
}

/// A stored provenance code.
pub fn provenance(code: i64) -> Result<ntm_core::value::Provenance> {
    ntm_core::value::Provenance::from_db(code).ok_or_else(|| StoreError::corrupt(Stored::Provenance, code))
}

pub fn claim_json(claim: &Claim) -> Result<String> {
    serde_json::to_string(claim).map_err(|e| {
        StoreError::Refused(crate::Refusal::Unwritable {
            what: Stored::ReportedFigure,
            detail: e.to_string(),
        })
    })
}

/// `SELECT id, unit_id, period, subject, file_name, content_type, size, sha256, uploaded_by, uploaded_at FROM evidence_files`
pub type RawEvidence = (i64, i64, i32, String, String, String, i64, String, String, String);

pub const EVIDENCE_COLUMNS: &str =
    "id, unit_id, period, subject, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

pub fn evidence(r: RawEvidence) -> Result<crate::accounts::EvidenceMeta> {
    let (id, unit, period, subject, file_name, content_type, size, sha256, uploaded_by, uploaded_at) = r;
    Ok(crate::accounts::EvidenceMeta {
        id,
        unit: UnitId(unit),
        period: Period::from_key(period).map_err(|e| StoreError::corrupt(Stored::Period, e))?,
        subject,
        file_name,
        content_type,
        size,
        sha256,
        uploaded_by,
        uploaded_at,
    })
}

/// `SELECT id, username, display_name, password_hash, role, unit_id, agency_id, disabled, created_at FROM users`
pub type RawUser = (
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    bool,
    String,
);

pub const USER_COLUMNS: &str =
    "id, username, display_name, password_hash, role, unit_id, agency_id, disabled, created_at";

pub fn user(r: RawUser) -> crate::accounts::UserRecord {
    let (id, username, display_name, password_hash, role, unit, agency, disabled, created_at) = r;
    crate::accounts::UserRecord {
        id,
        username,
        display_name,
        password_hash,
        role,
        unit: unit.map(UnitId),
        agency: agency.map(AgencyId),
        disabled,
        created_at,
    }
}

/// A stored unit's own fields.
pub fn unit_row(r: RawUnit) -> Result<crate::model::UnitRow> {
    Ok(crate::model::UnitRow {
        code: r.code,
        kind: r.kind.parse().map_err(|e| StoreError::corrupt(Stored::Unit, e))?,
        type_name: r.type_name,
        name: r.name,
        validity: validity(r.validity)?,
        region: r
            .region
            .map(|t| t.parse().map_err(|e| StoreError::corrupt(Stored::Unit, e)))
            .transpose()?,
        location: r.lat.zip(r.lon).map(|(lat, lon)| Location { lat, lon }),
    })
}

/// The change log after a change number, one query for both backends: no
/// row means nothing changed (the common case, asked on every request).
pub const CHANGES_AFTER: &str = "SELECT seq, period, unit_id FROM changes WHERE seq > $1 ORDER BY seq";

/// What changed, from the change-log rows `(seq, period, unit)` after `seen`.
pub fn changes_from_rows(seen: i64, rows: Vec<(i64, i32, i64)>) -> Result<crate::ChangesSince> {
    let mut changes = crate::ChangesSince {
        latest: seen,
        ..Default::default()
    };
    for (seq, period, unit) in rows {
        changes.latest = changes.latest.max(seq);
        match period {
            crate::REFERENCE_CHANGE => changes.reference_changed = true,
            crate::CATALOG_CHANGE => changes.catalog_changed = true,
            _ => changes.touched.push((
                Period::from_key(period).map_err(|e| StoreError::corrupt(Stored::Period, e))?,
                UnitId(unit),
            )),
        }
    }
    changes.touched.sort();
    changes.touched.dedup();
    Ok(changes)
}

/// The periods that hold values or assessments, newest first. Both tables'
/// keys begin with the period, so each step is one index seek (a loose index
/// scan): the cost grows with the number of periods, not of values. A plain
/// `SELECT DISTINCT period` read every value of every year on each page.
pub const PERIODS_WITH_DATA: &str = "WITH RECURSIVE
    v(p) AS (SELECT (SELECT MAX(period) FROM indicator_values)
             UNION ALL SELECT (SELECT MAX(period) FROM indicator_values WHERE period < v.p) FROM v WHERE v.p IS NOT NULL),
    a(p) AS (SELECT (SELECT MAX(period) FROM assessments)
             UNION ALL SELECT (SELECT MAX(period) FROM assessments WHERE period < a.p) FROM a WHERE a.p IS NOT NULL)
    SELECT p FROM v WHERE p IS NOT NULL UNION SELECT p FROM a WHERE p IS NOT NULL ORDER BY 1 DESC";
