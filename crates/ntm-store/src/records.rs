//! Stored records (plans, the cycle, money) as the store keeps them: a
//! kind, a key, the unit and period they belong to, a JSON body and a
//! version.

use ntm_core::unit::UnitId;

use crate::kinds::RecordKind;

/// A stored record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    pub kind: RecordKind,
    /// Unique within the kind ("109:2024:criterion_communes:2").
    pub key: String,
    pub unit: Option<UnitId>,
    pub period: Option<i32>,
    pub body: String,
    /// 1 for a new record, one more with every change.
    pub version: i64,
}

/// A record to write: `body: None` deletes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordWrite {
    pub kind: RecordKind,
    pub key: String,
    pub unit: Option<UnitId>,
    pub period: Option<i32>,
    pub body: Option<String>,
    /// The version the writer read (0: it expects none); `None`: no check.
    pub expected_version: Option<i64>,
}

impl RecordWrite {
    /// Refuses the write when it asks for a version (0: none) and the
    /// stored one (0: none) is another.
    pub fn check_version(&self, current: i64) -> crate::Result<()> {
        match self.expected_version {
            Some(expected) if expected != current => Err(crate::StoreError::Stale(crate::Stale::Record {
                kind: self.kind,
                key: self.key.clone(),
                found: current,
                expected,
            })),
            _ => Ok(()),
        }
    }
}
