//! The kinds the store records by name: what an audit row is about
//! ([`AuditEntity`]), the kind of a plan, cycle or money record
//! ([`RecordKind`]) and where a change was made ([`ChangeSource`]). Each is
//! stored as its key ("value", "target", "page"); reading a key ntm did not
//! write is a corrupt database, never a guess.

use std::fmt;
use std::str::FromStr;

/// A key the store does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} \"{key}\"")]
pub struct UnknownKey {
    pub what: &'static str,
    pub key: String,
}

impl From<UnknownKey> for crate::StoreError {
    fn from(e: UnknownKey) -> Self {
        crate::StoreError::corrupt(crate::Stored::Key, e)
    }
}

/// `key`, `Display` and `FromStr` of a fieldless enum from one table.
macro_rules! keyed {
    ($ty:ident, $what:literal, { $($variant:ident => $key:literal),+ $(,)? }) => {
        impl $ty {
            /// Every kind, in a stable order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The key it is stored and sent as.
            pub fn key(self) -> &'static str {
                match self {
                    $($ty::$variant => $key),+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }

        impl FromStr for $ty {
            type Err = UnknownKey;

            fn from_str(key: &str) -> Result<Self, UnknownKey> {
                match key {
                    $($key => Ok($ty::$variant),)+
                    _ => Err(UnknownKey { what: $what, key: key.to_string() }),
                }
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }
    };
}

/// Where a change was made, for the audit trail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ChangeSource {
    Page,
    Api,
    #[default]
    Import,
    Cli,
    Demo,
    Benchmark,
}

keyed!(ChangeSource, "change source", {
    Page => "page",
    Api => "api",
    Import => "import",
    Cli => "cli",
    Demo => "demo",
    Benchmark => "benchmark",
});

/// The kind of a plan, cycle or money record (the store's `RecordStore`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Target,
    Registration,
    UnitCost,
    DeadlineRule,
    Submission,
    Lock,
    LockException,
    Capital,
    Project,
    Contribution,
    MoneySource,
    AppendixLayout,
}

keyed!(RecordKind, "record kind", {
    Target => "target",
    Registration => "registration",
    UnitCost => "unit_cost",
    DeadlineRule => "deadline_rule",
    Submission => "submission",
    Lock => "lock",
    LockException => "lock_exception",
    Capital => "capital",
    Project => "project",
    Contribution => "contribution",
    MoneySource => "money_source",
    AppendixLayout => "appendix_layout",
});

impl RecordKind {
    /// The record's kind in words, as pages, the audit log and a stale
    /// write's refusal name it.
    pub fn name_vi(self) -> &'static str {
        match self {
            RecordKind::Target => "mục tiêu kế hoạch",
            RecordKind::Registration => "đăng ký đạt chuẩn",
            RecordKind::UnitCost => "suất đầu tư",
            RecordKind::DeadlineRule => "hạn báo cáo",
            RecordKind::Submission => "nộp, duyệt báo cáo",
            RecordKind::Lock => "khoá kỳ báo cáo",
            RecordKind::LockException => "mở khoá ngoại lệ",
            RecordKind::Capital => "vốn",
            RecordKind::Project => "dự án",
            RecordKind::Contribution => "đóng góp của nhân dân",
            RecordKind::MoneySource => "nguồn vốn",
            RecordKind::AppendixLayout => "bố cục phụ biểu",
        }
    }
}

/// What an audit row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditEntity {
    Value,
    Assessment,
    Unit,
    UnitLink,
    Classification,
    Succession,
    Recognition,
    Agency,
    Ownership,
    CriteriaSet,
    CriteriaVersion,
    User,
    ApiToken,
    Evidence,
    Geometry,
    /// A plan, cycle or money record, audited under its kind.
    Record(RecordKind),
}

/// The entities that are not records, with their keys.
const ENTITIES: &[(AuditEntity, &str)] = &[
    (AuditEntity::Value, "value"),
    (AuditEntity::Assessment, "assessment"),
    (AuditEntity::Unit, "unit"),
    (AuditEntity::UnitLink, "unit_link"),
    (AuditEntity::Classification, "classification"),
    (AuditEntity::Succession, "succession"),
    (AuditEntity::Recognition, "recognition"),
    (AuditEntity::Agency, "agency"),
    (AuditEntity::Ownership, "ownership"),
    (AuditEntity::CriteriaSet, "criteria_set"),
    (AuditEntity::CriteriaVersion, "criteria_version"),
    (AuditEntity::User, "user"),
    (AuditEntity::ApiToken, "api_token"),
    (AuditEntity::Evidence, "evidence"),
    (AuditEntity::Geometry, "geometry"),
];

impl AuditEntity {
    /// Every entity: the plain ones, then every record kind.
    pub fn all() -> impl Iterator<Item = AuditEntity> {
        ENTITIES
            .iter()
            .map(|(e, _)| *e)
            .chain(RecordKind::ALL.iter().map(|k| AuditEntity::Record(*k)))
    }

    /// The key it is stored and sent as.
    pub fn key(self) -> &'static str {
        match self {
            AuditEntity::Record(kind) => kind.key(),
            plain => ENTITIES
                .iter()
                .find(|(e, _)| *e == plain)
                .map(|(_, k)| *k)
                .unwrap_or_default(),
        }
    }
}

impl fmt::Display for AuditEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for AuditEntity {
    type Err = UnknownKey;

    fn from_str(key: &str) -> Result<Self, UnknownKey> {
        if let Some((e, _)) = ENTITIES.iter().find(|(_, k)| *k == key) {
            return Ok(*e);
        }
        key.parse::<RecordKind>()
            .map(AuditEntity::Record)
            .map_err(|_| UnknownKey {
                what: "audit entity",
                key: key.to_string(),
            })
    }
}

impl serde::Serialize for AuditEntity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl From<RecordKind> for AuditEntity {
    fn from(kind: RecordKind) -> Self {
        AuditEntity::Record(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_back_as_its_kind_and_keys_are_unique() {
        let keys: Vec<&str> = AuditEntity::all().map(AuditEntity::key).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{keys:?}");
        for e in AuditEntity::all() {
            assert!(!e.key().is_empty());
            assert_eq!(e.key().parse::<AuditEntity>(), Ok(e));
        }
        for s in ChangeSource::ALL {
            assert_eq!(s.to_string().parse::<ChangeSource>(), Ok(*s));
        }
    }

    #[test]
    fn an_unknown_key_is_refused_not_guessed() {
        let err = "values".parse::<AuditEntity>().unwrap_err();
        assert_eq!(err.key, "values");
        assert!("Page".parse::<ChangeSource>().is_err());
        assert!("".parse::<RecordKind>().is_err());
    }
}
