//! A version of a criteria set as an Excel workbook, out and back in. Coming
//! back, the workbook replaces the content of its draft (or becomes the next
//! version of a published or shipped set): all of it, or nothing and every
//! problem by sheet and cell.

use ntm_core::criteria::draft::{SetDraft, VersionStatus};
use ntm_reports::criteria_book::{BookError, criteria_book_xlsx, read_criteria_book};

use crate::accounts::access::Actor;
use crate::criteria::authoring::{DraftRecord, StartVersion, stamp};
use crate::documents::import::ImportError;
use crate::error::{AppError, Result};
use crate::program::Program;

/// What importing a workbook did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportedVersion {
    /// `lai-chau-2026@2`.
    pub version: String,
    /// A new version was made (the workbook came from a published or shipped one).
    pub created: bool,
    pub indicators: usize,
    pub thresholds_confirmed: usize,
    pub thresholds_unconfirmed: usize,
    pub thresholds_unknown: usize,
}

fn import_errors(file: &str, errors: Vec<BookError>) -> AppError {
    AppError::Import(
        errors
            .into_iter()
            .map(|e| ImportError {
                file: file.to_string(),
                line: 0,
                column: String::new(),
                sheet: e.sheet.into(),
                cell: e.cell.into(),
                message: e.message,
            })
            .collect(),
    )
}

impl Program {
    /// The workbook of a set: `code@N` for that version, a plain code for its
    /// latest (an authored draft or published version, or a shipped set).
    pub async fn criteria_workbook(&self, name: &str) -> Result<crate::documents::reports::ReportFile> {
        let snapshot = self.snapshot().await?;
        let stored = self.authored_versions().await?;
        let wanted = |r: &&DraftRecord| match name.split_once('@') {
            Some((code, v)) => r.draft.code == code && v.parse() == Ok(r.draft.version),
            None => r.draft.code == name,
        };
        let latest_stored = stored.iter().filter(wanted).max_by_key(|r| r.draft.version);
        let (draft, revision) = match (latest_stored, snapshot.catalog.set(name)) {
            (Some(r), Some(set)) if set.version > r.draft.version => (self.shipped_draft(set), 0),
            (Some(r), _) => (r.draft.clone(), r.revision),
            (None, Some(set)) => (self.shipped_draft(set), 0),
            (None, None) => {
                return Err(AppError::NotFound(format!("không có bộ tiêu chí \"{name}\"")));
            }
        };
        let bytes = criteria_book_xlsx(&draft, revision)
            .map_err(|e| AppError::Invalid(format!("không tạo được tệp Excel của bộ tiêu chí: {e}")))?;
        Ok(crate::documents::reports::ReportFile {
            name: format!("bo-tieu-chi-{}-phien-ban-{}.xlsx", draft.code, draft.version),
            content_type: crate::documents::reports::XLSX,
            bytes,
        })
    }

    /// A shipped set as a draft image (for its workbook).
    fn shipped_draft(&self, set: &ntm_core::criteria::CriteriaSet) -> SetDraft {
        // Shipped with ntm: nobody entered it here, at no time of ours.
        let nobody = ntm_core::criteria::draft::Stamp {
            by: ntm_core::criteria::draft::Person {
                username: "ntm".into(),
                name: "ntm".into(),
            },
            at: String::new(),
        };
        let mut d = SetDraft::copy_of(set, &set.code, set.version, nobody);
        d.status = VersionStatus::Published;
        d.based_on = None;
        d.extends = set.extends.clone();
        d
    }

    /// Imports a filled-in criteria workbook.
    pub async fn import_criteria_workbook(
        &self,
        actor: &Actor,
        file: &str,
        bytes: &[u8],
    ) -> Result<ImportedVersion> {
        let book = read_criteria_book(bytes).map_err(|e| import_errors(file, e))?;
        let snapshot = self.snapshot().await?;
        let stored = self.authored_versions().await?;
        let existing = stored
            .iter()
            .find(|r| r.draft.code == book.code && r.draft.version == book.version);
        let (mut draft, expected, created) = match existing {
            Some(r) if r.draft.status == VersionStatus::Draft => {
                if r.revision != book.revision {
                    return Err(AppError::Stale(format!(
                        "phiên bản {}@{} đã được lưu lại sau khi xuất tệp này (lần lưu {}, tệp xuất ở lần lưu {}): hãy xuất tệp mới rồi điền lại",
                        book.code, book.version, r.revision, book.revision
                    )));
                }
                self.require_author(actor, &snapshot, &r.draft.scope)?;
                (r.draft.clone(), r.revision, false)
            }
            _ => {
                let start = StartVersion {
                    from: format!("{}@{}", book.code, book.version),
                    code: None,
                    name: None,
                    province: None,
                };
                (self.new_version(actor, &snapshot, start).await?, 0, true)
            }
        };
        draft
            .replace_content(book.draft.clone(), &stamp(actor))
            .map_err(|e| AppError::Locked(e.to_string()))?;
        let problems = draft.problems();
        if !problems.is_empty() {
            return Err(import_errors(file, book.locate(&problems)));
        }
        let saved = self.save_version(actor, &draft, expected).await?;
        let (confirmed, unconfirmed, unknown) = saved.draft.threshold_coverage();
        Ok(ImportedVersion {
            version: saved.draft.version_ref().to_string(),
            created,
            indicators: saved.draft.indicators().count(),
            thresholds_confirmed: confirmed,
            thresholds_unconfirmed: unconfirmed,
            thresholds_unknown: unknown,
        })
    }
}
