//! Imports as the program runs them: a units or values file read, checked
//! against the fresh snapshot and what the actor may change, and written in
//! one transaction, or refused with every problem found.

use ntm_store::UnitChanges;

use crate::accounts::access::{Actor, can_administer};
use crate::documents::csv_input::CsvTable;
use crate::documents::import::units::{
    SUCCESSION_COLUMNS, SuccessionInput, UNIT_COLUMNS, plan_units, read_successions, read_units,
};
use crate::documents::import::values::{ImportContext, VALUE_COLUMNS, periods_in, plan_values, touched};
use crate::documents::import::{ImportError, ImportSummary};
use crate::error::{AppError, Result};
use crate::program::Program;

impl Program {
    /// Imports a units file in one transaction; or, recognised by their
    /// header, a successions file (`old_code,new_code`), a village moves file
    /// (`village_code,commune_code`) or a classifications file
    /// (`unit_code,flag`: commune groups and other flags with their decision).
    pub async fn import_units_csv(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        let header =
            String::from_utf8_lossy(bytes.get(..bytes.len().min(512)).unwrap_or(bytes)).to_lowercase();
        let first = header.lines().next().unwrap_or("").to_string();
        if super::classifications::is_classification_header(&first) {
            return self.import_classifications_csv(actor, file, bytes).await;
        }
        if !can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được nhập đơn vị hành chính".into(),
            ));
        }
        if super::village_moves::is_moves_header(&first) {
            return self.import_village_moves_csv(actor, file, bytes).await;
        }
        let is_succession = first.contains("old_code") && first.contains("new_code");
        let snapshot = self.snapshot().await?;
        let mut read_errors = Vec::new();
        let (units, successions): (Vec<_>, Vec<SuccessionInput>) = if is_succession {
            let table = CsvTable::parse(file, bytes, SUCCESSION_COLUMNS).map_err(AppError::Import)?;
            (Vec::new(), read_successions(&table).map_err(AppError::Import)?)
        } else {
            let table = CsvTable::parse(file, bytes, UNIT_COLUMNS).map_err(AppError::Import)?;
            let (units, errors) = read_units(&table);
            read_errors = errors;
            (units, Vec::new())
        };
        // Rows that parsed are still checked, so that every problem is listed at once.
        let (changes, summary) = match plan_units(file, &units, &successions, &snapshot.hierarchy) {
            Ok(ok) if read_errors.is_empty() => ok,
            Ok(_) => return Err(AppError::Import(read_errors)),
            Err(mut errors) => {
                errors.extend(read_errors);
                errors.sort_by_key(|e| e.line);
                return Err(AppError::Import(errors));
            }
        };
        if !changes.is_empty() {
            self.store()
                .write_units(UnitChanges {
                    context: actor.context(),
                    ..changes
                })
                .await?;
        }
        Ok(summary)
    }

    /// A values table checked row by row, with the snapshot and the locks of
    /// its periods, into one batch or every problem found.
    pub(crate) async fn values_batch(
        &self,
        actor: &Actor,
        table: &CsvTable,
    ) -> Result<std::result::Result<ntm_store::ValueBatch, Vec<ImportError>>> {
        let snapshot = self.snapshot().await?;
        let locks = self.lock_book(&periods_in(table)).await?;
        let ctx = ImportContext {
            catalog: &snapshot.catalog,
            rights: snapshot.change_rights(actor, &locks),
        };
        Ok(plan_values(table, ctx))
    }

    /// Imports a values file in one transaction, checking every row against
    /// what the actor may change. Rows equal to what is stored are not written again.
    pub async fn import_values_csv(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        let table = CsvTable::parse(file, bytes, VALUE_COLUMNS).map_err(AppError::Import)?;
        let batch = self
            .values_batch(actor, &table)
            .await?
            .map_err(AppError::Import)?;
        let rows = batch.values.len() + batch.assessments.len();
        let touched = touched(&batch);
        let written = self.store().write_values(batch, &self.keys()).await?;
        Ok(ImportSummary {
            rows,
            created: written.created,
            updated: written.updated + written.deleted,
            unchanged: written.unchanged,
            warnings: self.warnings_of(&touched).await?,
        })
    }
}
