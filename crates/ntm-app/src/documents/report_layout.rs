//! A province's numbering and titles of the appendix tables (phụ biểu),
//! kept as a versioned, audited record (like plans): set once by the
//! province's coordination office or an administrator from a TOML file
//! (docs/reports-and-templates.md), used by every report of the units under
//! the province. Without one, the seeds' order applies.

use ntm_core::period::Period;
use ntm_core::unit::{UnitCode, UnitKind};
use ntm_reports::appendix::AppendixLayout;

use crate::accounts::access::{Actor, can_administer, can_coordinate};
use crate::error::{AppError, Result};
use crate::program::Program;
use crate::records::put;

impl Program {
    /// The layout of the province a unit belongs to in a period, if it set one.
    pub async fn appendix_layout(&self, code: &str, period: Period) -> Result<Option<AppendixLayout>> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let unit = self.resolve(hierarchy, code, period)?;
        let day = hierarchy.reference_date(unit, period);
        let Some(province) = hierarchy.province_at(unit.id, day) else {
            return Ok(None);
        };
        let stored = self.records::<AppendixLayout>(None).await?;
        Ok(stored
            .into_iter()
            .find(|r| r.unit == Some(province.id))
            .map(|r| r.value))
    }

    /// Sets a province's layout from a TOML file (checked: unknown tables,
    /// numbers used twice and bad numbers are refused with the reason).
    pub async fn set_appendix_layout(
        &self,
        actor: &Actor,
        province: &str,
        text: &str,
    ) -> Result<AppendixLayout> {
        let layout = AppendixLayout::from_toml(text).map_err(|e| AppError::Invalid(e.to_string()))?;
        let snapshot = self.snapshot().await?;
        let code: UnitCode = province
            .parse()
            .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?;
        let today = self.today();
        let unit = snapshot
            .hierarchy
            .units_with_code(&code)
            .find(|u| u.kind == UnitKind::Province && u.validity.contains(today))
            .ok_or_else(|| AppError::NotFound(format!("không có tỉnh mã {province} hiện nay")))?;
        if !can_administer(actor) && !can_coordinate(actor, &snapshot.hierarchy, unit, today) {
            return Err(AppError::Forbidden(format!(
                "chỉ quản trị hệ thống hoặc văn phòng điều phối của {} được đặt bố cục phụ biểu",
                unit.full_name()
            )));
        }
        let current = self
            .records::<AppendixLayout>(None)
            .await?
            .into_iter()
            .find(|r| r.unit == Some(unit.id));
        let write = put(
            format!("{}", unit.id.0),
            Some(unit.id),
            None,
            &layout,
            current.map(|c| c.version),
        )?;
        self.write_records(actor, vec![write]).await?;
        Ok(layout)
    }
}
