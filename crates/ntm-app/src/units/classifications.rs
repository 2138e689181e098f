//! Giving communes their group (Decision 51/2025) or another classification,
//! from a date and by a decision: one at a time from a page, or a file of
//! them. The province's coordination office (or an administrator) decides.

use ntm_core::unit::{Classification, Flag};
use ntm_core::validity::Validity;
use time::Date;

use crate::accounts::access::{Actor, can_coordinate};
use crate::documents::csv_input::CsvTable;
use crate::documents::import::ImportSummary;
use crate::documents::import::classifications::{
    CLASSIFICATION_COLUMNS, ClassificationInput, plan_classifications, read_classifications,
};
use crate::documents::import::village_moves::{MOVE_COLUMNS, plan_moves};
use crate::error::{AppError, Result};
use crate::program::Program;

/// One classification to give, from a page or the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classify {
    pub unit: String,
    pub flag: Flag,
    pub from: Date,
    pub to: Option<Date>,
    /// The decision: "Quyết định số 12/QĐ-UBND ngày 05/01/2026 của UBND tỉnh Lai Châu".
    pub source: String,
}

impl Program {
    /// Imports a classifications file in one transaction: all rows or none.
    pub async fn import_classifications_csv(
        &self,
        actor: &Actor,
        file: &str,
        bytes: &[u8],
    ) -> Result<ImportSummary> {
        let snapshot = self.snapshot().await?;
        let table = CsvTable::parse(file, bytes, CLASSIFICATION_COLUMNS).map_err(AppError::Import)?;
        let inputs = read_classifications(&table).map_err(AppError::Import)?;
        self.write_classifications(actor, &snapshot, file, &inputs).await
    }

    /// Gives one unit a classification.
    pub async fn classify(&self, actor: &Actor, c: Classify) -> Result<ImportSummary> {
        let snapshot = self.snapshot().await?;
        let source = c.source.trim().to_string();
        if source.is_empty() {
            return Err(AppError::Fields(vec![crate::entry::FieldError {
                field: "source".into(),
                message: "cần ghi văn bản phân loại (số, ngày quyết định của UBND tỉnh)".into(),
            }]));
        }
        let validity = Validity::new(Some(c.from), c.to);
        if validity.is_inverted() {
            return Err(AppError::Fields(vec![crate::entry::FieldError {
                field: "valid_to".into(),
                message: "ngày kết thúc trước ngày bắt đầu".into(),
            }]));
        }
        let input = ClassificationInput {
            line: 0,
            unit: c
                .unit
                .parse()
                .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?,
            classification: Classification {
                flag: c.flag,
                validity,
                source: Some(source),
            },
        };
        self.write_classifications(actor, &snapshot, "trang phân nhóm xã", &[input])
            .await
    }

    async fn write_classifications(
        &self,
        actor: &Actor,
        snapshot: &crate::Snapshot,
        file: &str,
        inputs: &[ClassificationInput],
    ) -> Result<ImportSummary> {
        let hierarchy = &snapshot.hierarchy;
        let may = |u: &ntm_core::unit::Unit, day: Date| can_coordinate(actor, hierarchy, u, day);
        let (changes, summary) = plan_classifications(file, inputs, hierarchy, may).map_err(|errors| {
            if errors.iter().all(|e| e.message.starts_with("bạn không được")) {
                AppError::Forbidden(
                    errors
                        .iter()
                        .map(|e| e.message.clone())
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            } else {
                AppError::Import(errors)
            }
        })?;
        self.write_unit_changes(actor, changes).await?;
        Ok(summary)
    }

    /// Writes hierarchy changes as the actor, if there are any.
    async fn write_unit_changes(&self, actor: &Actor, changes: ntm_store::UnitChanges) -> Result<()> {
        if !changes.is_empty() {
            self.store()
                .write_units(ntm_store::UnitChanges {
                    context: actor.context(),
                    ..changes
                })
                .await?;
        }
        Ok(())
    }

    /// Imports a village moves file in one transaction.
    pub async fn import_village_moves_csv(
        &self,
        actor: &Actor,
        file: &str,
        bytes: &[u8],
    ) -> Result<ImportSummary> {
        let snapshot = self.snapshot().await?;
        let table = CsvTable::parse(file, bytes, MOVE_COLUMNS).map_err(AppError::Import)?;
        let (changes, summary) = plan_moves(&table, &snapshot.hierarchy).map_err(AppError::Import)?;
        self.write_unit_changes(actor, changes).await?;
        Ok(summary)
    }
}
