//! Deciding what a write of one value or assessment does, given what is
//! stored: nothing (the same), a new version, a deletion, or a conflict (the
//! writer saw an older version). Both backends use it, so that they agree.

use serde_json::json;

use crate::model::{Conflict, Subject};
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
