//! Criteria sets as offices author them: drafts started from a shipped or
//! published set, edited on pages, through the API or a workbook, checked,
//! confirmed threshold by threshold by a second person, previewed against the
//! current period's values, and published with a valid-from date. The catalog
//! the program judges with is the shipped sets plus every published version.
//!
//! - [`authoring`]: starting, editing, confirming and publishing versions,
//!   with the rights and the locks they must respect;
//! - [`preview`]: what a version would change before it is published;
//! - [`workbook`]: a version as an Excel workbook, out and back in.
//!
//! The rules of a set (what a threshold may ask, who may confirm it) live in
//! `ntm_core::criteria`; nothing here decides them again.

pub mod authoring;
pub mod catalog_files;
pub mod preview;
pub mod workbook;

use ntm_core::criteria::draft::{SetDraft, VersionStatus};
use ntm_core::criteria::{Catalog, CriteriaSet};
use ntm_store::{CriteriaVersionRecord, Store, StoreError, Stored};

use crate::error::{AppError, Result};

/// Reads a stored version's document.
pub fn decode(record: &CriteriaVersionRecord) -> Result<SetDraft> {
    serde_json::from_str(&record.body).map_err(|e| {
        AppError::Store(StoreError::corrupt(
            Stored::CriteriaVersion,
            format!("{}@{}: {e}", record.code, record.version),
        ))
    })
}

/// The catalog: the shipped sets, then every published version in the order
/// it was published (so that a new version adds keys after all others and
/// every key already handed out stays the same).
pub async fn published_catalog(store: &dyn Store, shipped: &[CriteriaSet]) -> Result<Catalog> {
    let mut published: Vec<SetDraft> = Vec::new();
    for record in store.criteria_versions().await? {
        if record.status == VersionStatus::Published {
            published.push(decode(&record)?);
        }
    }
    published.sort_by(|a, b| {
        let at = |d: &SetDraft| d.published.as_ref().map(|p| p.at.clone()).unwrap_or_default();
        (at(a), &a.code, a.version).cmp(&(at(b), &b.code, b.version))
    });
    let mut sets = shipped.to_vec();
    for draft in &published {
        let set = draft.build().map_err(|problems| {
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            AppError::Store(StoreError::corrupt(
                Stored::PublishedVersion,
                format!("{}@{}: {}", draft.code, draft.version, problems.join("; ")),
            ))
        })?;
        sets.push(set);
    }
    Catalog::from_sets(sets).map_err(|e| AppError::Criteria(vec![e]))
}
