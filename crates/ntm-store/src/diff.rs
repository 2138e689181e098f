//! Deciding what a write of one value or assessment does, given what is
//! stored: nothing (the same), a new version, a deletion, or a conflict (the
//! writer saw an older version). Both backends use it, so that they agree.

use serde_json::json;

use crate::StoreError;
use crate::model::{AssessmentWrite, Conflict, KeyMap, Subject, ValueWrite, encode_value, evidence_json};
use ntm_core::period::Period;
use ntm_core::unit::UnitId;

/// What a value or assessment holds, comparable and printable for the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    pub data: PayloadData,
    /// `Provenance::db`: a change of source is a change.
    pub provenance: i16,
    pub note: Option<String>,
    /// The evidence list as stored (JSON).
    pub evidence: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadData {
    /// kind, a, b as in `model::encode_value`.
    Value(i16, Option<i64>, Option<i64>),
    Met(bool),
}

impl Payload {
    /// The audit trail's JSON for this payload.
    pub fn audit_json(&self) -> String {
        let evidence: serde_json::Value = serde_json::from_str(&self.evidence).unwrap_or(json!([]));
        let mut v = match self.data {
            PayloadData::Value(kind, a, b) => json!({ "kind": kind, "a": a, "b": b }),
            PayloadData::Met(met) => json!({ "met": met }),
        };
        if let Some(note) = &self.note {
            v["note"] = json!(note);
        }
        if self.provenance != 0 {
            let code = ntm_core::value::Provenance::from_db(i64::from(self.provenance)).map(|p| p.code());
            v["provenance"] = json!(code);
        }
        if evidence.as_array().is_some_and(|e| !e.is_empty()) {
            v["evidence"] = evidence;
        }
        v.to_string()
    }
}

/// A stored row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRow {
    pub payload: Payload,
    pub by: String,
    pub at: String,
    pub version: i64,
}

/// What a conflicting write found: the stored version, value (audit JSON),
/// who saved it and when.
pub type Found = (i64, Option<String>, Option<String>, Option<String>);

/// What to do with one write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Unchanged,
    /// Insert or update to this version.
    Write {
        version: i64,
    },
    Delete,
    /// Deleting what is not there.
    Nothing,
}

/// Decides a write: `desired` is `None` for a deletion; `expected` is the
/// version the writer saw (0 for none), or `None` for an unconditional write.
pub fn decide(
    desired: Option<&Payload>,
    current: Option<&StoredRow>,
    expected: Option<i64>,
) -> Result<Step, Found> {
    let current_version = current.map_or(0, |c| c.version);
    let step = match (desired, current) {
        (Some(d), Some(c)) if *d == c.payload => return Ok(Step::Unchanged),
        (None, None) => return Ok(Step::Nothing),
        (Some(_), _) => Step::Write {
            version: current_version + 1,
        },
        (None, Some(_)) => Step::Delete,
    };
    match expected {
        Some(seen) if seen != current_version => Err((
            current_version,
            current.map(|c| c.payload.audit_json()),
            current.map(|c| c.by.clone()),
            current.map(|c| c.at.clone()),
        )),
        _ => Ok(step),
    }
}

/// A conflict from `decide`'s error.
pub fn conflict(unit: UnitId, period: Period, subject: Subject, expected: i64, found: Found) -> Conflict {
    let (current_version, current, by, at) = found;
    Conflict {
        unit,
        period,
        subject,
        expected,
        current_version,
        current,
        by,
        at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(a: i64) -> Payload {
        Payload {
            data: PayloadData::Value(3, Some(a), None),
            provenance: 0,
            note: None,
            evidence: "[]".into(),
        }
    }

    fn row(a: i64, version: i64) -> StoredRow {
        StoredRow {
            payload: payload(a),
            by: "x".into(),
            at: "t".into(),
            version,
        }
    }

    #[test]
    fn decisions() {
        assert_eq!(
            decide(Some(&payload(1)), None, Some(0)),
            Ok(Step::Write { version: 1 })
        );
        assert_eq!(
            decide(Some(&payload(1)), Some(&row(1, 4)), Some(2)),
            Ok(Step::Unchanged),
            "the same is never a conflict"
        );
        assert_eq!(
            decide(Some(&payload(2)), Some(&row(1, 4)), Some(4)),
            Ok(Step::Write { version: 5 })
        );
        assert!(decide(Some(&payload(2)), Some(&row(1, 4)), Some(3)).is_err());
        assert!(
            decide(Some(&payload(2)), Some(&row(1, 1)), Some(0)).is_err(),
            "someone created it meanwhile"
        );
        assert_eq!(
            decide(Some(&payload(2)), Some(&row(1, 4)), None),
            Ok(Step::Write { version: 5 })
        );
        assert_eq!(decide(None, Some(&row(1, 4)), Some(4)), Ok(Step::Delete));
        assert_eq!(decide(None, None, Some(0)), Ok(Step::Nothing));
    }
}

/// (period key, unit id, indicator or criterion key id): a stored row's key.
pub type RowKey = (i32, i64, i64);

/// One value or assessment write as both backends plan it: the row it
/// goes to, what the row should hold, and the version the writer saw.
#[derive(Clone, Debug)]
pub struct Wanted {
    pub row: RowKey,
    pub unit: UnitId,
    pub period: Period,
    pub subject: Subject,
    /// `namespace:code`, for the audit trail.
    pub audit_subject: Option<String>,
    /// `None`: delete the row.
    pub desired: Option<Payload>,
    pub expected: Option<i64>,
}

impl Wanted {
    /// What to do, given the stored row; a conflict when the writer saw an
    /// older version.
    pub fn decide(&self, current: Option<&StoredRow>) -> Result<Step, Conflict> {
        decide(self.desired.as_ref(), current, self.expected).map_err(|found| {
            conflict(
                self.unit,
                self.period,
                self.subject,
                self.expected.unwrap_or(0),
                found,
            )
        })
    }
}

/// The value writes of a batch, planned.
pub fn wanted_values(values: &[ValueWrite], keys: &KeyMap) -> Result<Vec<Wanted>, StoreError> {
    values
        .iter()
        .map(|v| {
            Ok(Wanted {
                row: (v.period.key(), v.unit.0, keys.indicator_db(v.indicator)?),
                unit: v.unit,
                period: v.period,
                subject: Subject::Indicator(v.indicator),
                audit_subject: keys.indicator_subject(v.indicator),
                desired: v.value.map(|value| {
                    let (kind, a, b) = encode_value(value);
                    Payload {
                        data: PayloadData::Value(kind, a, b),
                        provenance: v.provenance.db(),
                        note: v.note.clone(),
                        evidence: evidence_json(&v.evidence),
                    }
                }),
                expected: v.expected_version,
            })
        })
        .collect()
}

/// The assessment writes of a batch, planned.
pub fn wanted_assessments(assessments: &[AssessmentWrite], keys: &KeyMap) -> Result<Vec<Wanted>, StoreError> {
    assessments
        .iter()
        .map(|a| {
            Ok(Wanted {
                row: (a.period.key(), a.unit.0, keys.criterion_db(a.criterion)?),
                unit: a.unit,
                period: a.period,
                subject: Subject::Criterion(a.criterion),
                audit_subject: keys.criterion_subject(a.criterion),
                desired: a.met.map(|met| Payload {
                    data: PayloadData::Met(met),
                    provenance: a.provenance.db(),
                    note: a.note.clone(),
                    evidence: evidence_json(&a.evidence),
                }),
                expected: a.expected_version,
            })
        })
        .collect()
}
