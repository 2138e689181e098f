//! Versions of criteria sets authored in ntm, as stored: the set's code and
//! version, its status, its JSON document and a revision for concurrent saves.

use ntm_core::criteria::draft::VersionStatus;

/// A stored version of an authored set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriteriaVersionRecord {
    pub code: String,
    pub version: u32,
    pub status: VersionStatus,
    /// The `SetDraft` as JSON.
    pub body: String,
    /// 1 when created, one more with every save.
    pub revision: i64,
}

/// A version to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriteriaVersionWrite {
    pub code: String,
    pub version: u32,
    pub status: VersionStatus,
    pub body: String,
    /// The revision the writer read (0: it creates the version). Another
    /// revision stored means someone saved meanwhile: nothing is written.
    pub expected_revision: i64,
}

impl CriteriaVersionWrite {
    /// The audit subject and message name: `lai-chau-2026@2`.
    pub fn name(&self) -> String {
        format!("{}@{}", self.code, self.version)
    }

    /// Refuses the write when the stored revision (0: none) is not the one
    /// the writer read.
    pub fn check_revision(&self, current: i64) -> crate::Result<()> {
        if current == self.expected_revision {
            return Ok(());
        }
        Err(crate::StoreError::Stale(crate::Stale::CriteriaVersion {
            name: self.name(),
            found: current,
            expected: self.expected_revision,
        }))
    }
}

/// A row read back by either backend: code, version, status, body, revision.
pub fn decode_row(
    code: String,
    version: i64,
    status: &str,
    body: String,
    revision: i64,
) -> crate::Result<CriteriaVersionRecord> {
    let status = match status {
        "draft" => VersionStatus::Draft,
        "published" => VersionStatus::Published,
        other => {
            return Err(crate::StoreError::corrupt(crate::Stored::VersionStatus, other));
        }
    };
    let version = u32::try_from(version)
        .map_err(|_| crate::StoreError::corrupt(crate::Stored::VersionNumber, format!("{code}@{version}")))?;
    Ok(CriteriaVersionRecord {
        code,
        version,
        status,
        body,
        revision,
    })
}
