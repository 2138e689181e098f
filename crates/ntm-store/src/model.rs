//! What goes in and out of the store: write batches, the mapping between the
//! catalog's dense keys and the database's key rows, and the compact encoding
//! of indicator values as (kind, a, b) integers.

use rustc_hash::FxHashMap;

use ntm_core::agency::{Agency, Ownership};
use ntm_core::criteria::{Catalog, CriterionKey, IndicatorKey};
use ntm_core::hierarchy::SuccessionKind;
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::recognition::Recognition;
use ntm_core::region::Region;
use ntm_core::reported::ReportedFigure;
use ntm_core::unit::{Classification, Location, UnitId, UnitKind};

use crate::kinds::{AuditEntity, ChangeSource};
use ntm_core::validity::Validity;
use ntm_core::value::{IndicatorValue, Provenance};

use crate::StoreError;

/// A unit's own fields, as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    pub code: String,
    pub kind: UnitKind,
    pub type_name: String,
    pub name: String,
    pub validity: Validity,
    pub region: Option<Region>,
    pub location: Option<Location>,
}

/// A unit already stored, or one of the batch's new units (by index).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitRef {
    Stored(UnitId),
    New(usize),
}

/// The database id of a unit reference, given the ids the batch's new units got.
pub fn resolve(r: UnitRef, new_ids: &[UnitId]) -> Result<i64, StoreError> {
    match r {
        UnitRef::Stored(id) => Ok(id.0),
        UnitRef::New(i) => new_ids
            .get(i)
            .map(|id| id.0)
            .ok_or(StoreError::Refused(crate::Refusal::NoSuchNewUnit(i))),
    }
}

/// Changes to the hierarchy, written in one transaction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitChanges {
    pub new_units: Vec<UnitRow>,
    pub updated_units: Vec<(UnitId, UnitRow)>,
    pub links: Vec<(UnitRef, UnitRef, Validity)>,
    /// Ends the links of a child to a parent on a day (child, parent, last
    /// day): a village that moves to a new commune leaves its old one.
    pub closed_links: Vec<(UnitId, UnitId, time::Date)>,
    /// Replaces every classification of the unit.
    pub classifications: Vec<(UnitRef, Vec<Classification>)>,
    pub successions: Vec<(UnitRef, UnitRef, time::Date, SuccessionKind)>,
    pub context: WriteContext,
}

impl UnitChanges {
    pub fn is_empty(&self) -> bool {
        self.new_units.is_empty()
            && self.updated_units.is_empty()
            && self.links.is_empty()
            && self.closed_links.is_empty()
            && self.classifications.is_empty()
            && self.successions.is_empty()
    }
}

/// One indicator value to write.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueWrite {
    pub unit: UnitId,
    pub period: Period,
    pub indicator: IndicatorKey,
    /// `None` deletes the value.
    pub value: Option<IndicatorValue>,
    /// Where it came from.
    pub provenance: Provenance,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    /// The version the writer saw (0: no value). `None` writes whatever is
    /// stored (imports that replace data wholesale).
    pub expected_version: Option<i64>,
}

/// One criterion assessment to write.
#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentWrite {
    pub unit: UnitId,
    pub period: Period,
    pub criterion: CriterionKey,
    /// `None` deletes the assessment.
    pub met: Option<bool>,
    /// Where it came from.
    pub provenance: Provenance,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    /// As for values.
    pub expected_version: Option<i64>,
}

/// Who writes, when and through what: recorded with every change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteContext {
    /// A readable name: the user's display name and username.
    pub by: String,
    pub user: Option<i64>,
    /// RFC 3339.
    pub at: String,
    pub source: ChangeSource,
}

/// Values and assessments written in one transaction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValueBatch {
    pub values: Vec<ValueWrite>,
    pub assessments: Vec<AssessmentWrite>,
    pub context: WriteContext,
}

/// What a save finds when someone saved in between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub unit: UnitId,
    pub period: Period,
    pub subject: Subject,
    /// The version the writer saw.
    pub expected: i64,
    /// The version stored now (0: none).
    pub current_version: i64,
    /// The stored value now, as audit JSON.
    pub current: Option<String>,
    pub by: Option<String>,
    pub at: Option<String>,
}

/// An indicator value or a criterion assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Indicator(IndicatorKey),
    Criterion(CriterionKey),
}

/// A row of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub user: Option<i64>,
    pub source: ChangeSource,
    pub entity: AuditEntity,
    pub unit: Option<UnitId>,
    pub period: Option<i32>,
    /// For values and assessments `namespace:code`; for others what changed.
    pub subject: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Which audit rows to read, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub unit: Option<UnitId>,
    pub period: Option<Period>,
    pub entity: Option<AuditEntity>,
    pub subject: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// Reference data written in one transaction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReferenceBatch {
    pub recognitions: Vec<Recognition>,
    /// Agencies by code; ownerships name their agency by the same code.
    pub agencies: Vec<Agency>,
    pub ownerships: Vec<(String, Ownership)>,
    pub reported: Vec<ReportedFigure>,
    pub context: WriteContext,
}

/// Everything stored about agencies.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgencyData {
    pub agencies: Vec<Agency>,
    pub ownerships: Vec<Ownership>,
}

/// The database ids of the catalog's indicator and criterion keys.
#[derive(Clone, Debug, Default)]
pub struct KeyMap {
    indicator_from_db: FxHashMap<i64, IndicatorKey>,
    indicator_to_db: Vec<i64>,
    criterion_from_db: FxHashMap<i64, CriterionKey>,
    criterion_to_db: Vec<i64>,
    /// `namespace:code` by key, for the audit trail.
    indicator_subjects: Vec<String>,
    criterion_subjects: Vec<String>,
}

impl KeyMap {
    /// Builds the map from the stored key rows `(id, namespace, code)`.
    pub fn new(
        catalog: &Catalog,
        indicators: &[(i64, String, String)],
        criteria: &[(i64, String, String)],
    ) -> KeyMap {
        let mut map = KeyMap {
            indicator_to_db: vec![-1; catalog.indicator_names().len()],
            criterion_to_db: vec![-1; catalog.criterion_names().len()],
            indicator_subjects: catalog
                .indicator_names()
                .iter()
                .map(|(n, c)| format!("{n}:{c}"))
                .collect(),
            criterion_subjects: catalog
                .criterion_names()
                .iter()
                .map(|(n, c)| format!("{n}:{c}"))
                .collect(),
            ..KeyMap::default()
        };
        for (id, ns, code) in indicators {
            if let Some(key) = catalog.indicator_key(ns, code) {
                map.indicator_from_db.insert(*id, key);
                map.indicator_to_db[key.0 as usize] = *id;
            }
        }
        for (id, ns, code) in criteria {
            if let Some(key) = catalog.criterion_key(ns, code) {
                map.criterion_from_db.insert(*id, key);
                map.criterion_to_db[key.0 as usize] = *id;
            }
        }
        map
    }

    pub fn indicator(&self, db_id: i64) -> Option<IndicatorKey> {
        self.indicator_from_db.get(&db_id).copied()
    }

    pub fn criterion(&self, db_id: i64) -> Option<CriterionKey> {
        self.criterion_from_db.get(&db_id).copied()
    }

    pub fn indicator_subject(&self, key: IndicatorKey) -> Option<String> {
        self.indicator_subjects.get(key.0 as usize).cloned()
    }

    pub fn criterion_subject(&self, key: CriterionKey) -> Option<String> {
        self.criterion_subjects.get(key.0 as usize).cloned()
    }

    pub fn indicator_db(&self, key: IndicatorKey) -> Result<i64, StoreError> {
        match self.indicator_to_db.get(key.0 as usize) {
            Some(id) if *id >= 0 => Ok(*id),
            _ => Err(crate::Refusal::NoSuchIndicator(key.0).into()),
        }
    }

    pub fn criterion_db(&self, key: CriterionKey) -> Result<i64, StoreError> {
        match self.criterion_to_db.get(key.0 as usize) {
            Some(id) if *id >= 0 => Ok(*id),
            _ => Err(crate::Refusal::NoSuchCriterion(key.0).into()),
        }
    }
}

/// A stored value: kind code and two integers.
pub fn encode_value(value: IndicatorValue) -> (i16, Option<i64>, Option<i64>) {
    match value {
        IndicatorValue::YesNo(b) => (0, Some(i64::from(b)), None),
        IndicatorValue::Ratio { achieved, total } => (1, Some(achieved.raw()), Some(total.raw())),
        IndicatorValue::Percent(p) => (2, Some(p.raw()), None),
        IndicatorValue::Number(n) => (3, Some(n.raw()), None),
        IndicatorValue::Level(l) => (4, Some(i64::from(l)), None),
        IndicatorValue::NotApplicable => (5, None, None),
    }
}

pub fn decode_value(kind: i64, a: Option<i64>, b: Option<i64>) -> Result<IndicatorValue, StoreError> {
    let bad = || {
        StoreError::corrupt(
            crate::Stored::IndicatorValue,
            format!("kind={kind} a={a:?} b={b:?}"),
        )
    };
    Ok(match kind {
        0 => IndicatorValue::YesNo(a.ok_or_else(bad)? != 0),
        1 => IndicatorValue::Ratio {
            achieved: Quantity::from_raw(a.ok_or_else(bad)?),
            total: Quantity::from_raw(b.ok_or_else(bad)?),
        },
        2 => IndicatorValue::Percent(Quantity::from_raw(a.ok_or_else(bad)?)),
        3 => IndicatorValue::Number(Quantity::from_raw(a.ok_or_else(bad)?)),
        4 => IndicatorValue::Level(u8::try_from(a.ok_or_else(bad)?).map_err(|_| bad())?),
        5 => IndicatorValue::NotApplicable,
        _ => return Err(bad()),
    })
}

/// `Some(date)` → ISO text.
pub fn date_text(d: Option<time::Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub fn parse_stored_date(text: Option<String>) -> Result<Option<time::Date>, StoreError> {
    match text {
        None => Ok(None),
        Some(t) => ntm_core::validity::parse_date(&t)
            .map(Some)
            .ok_or_else(|| StoreError::corrupt(crate::Stored::Date, format!("\"{t}\""))),
    }
}

pub fn evidence_json(evidence: &[String]) -> String {
    serde_json::to_string(evidence).unwrap_or_else(|_| "[]".to_string())
}

pub fn evidence_from_json(text: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::corrupt(crate::Stored::EvidenceList, e))
}
