//! The table of the reporting-cycle page (`/cycle/{code}?period=…`) as a
//! file: each expected report with its state, when and by whom it was sent,
//! whether on time, the reviewer's comment and the changes after approval,
//! from the cycle status the page renders: who is late, to send up the line.

use ntm_core::period::Period;
use ntm_reports::table::{Cell, Column, Table};

use super::{TableFormat, file, frame, unknown_table};
use crate::accounts::access::Actor;
use crate::documents::reports::ReportFile;
use crate::error::Result;
use crate::plans::cycle::CycleStatus;
use crate::program::Program;

/// A table of the cycle page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CycleTable {
    /// The expected reports, one a row.
    Reports,
}

impl CycleTable {
    /// The keys, for an error naming them.
    pub const KEYS: &'static str = "reports";

    /// From the address's `table=`.
    pub fn parse(text: &str) -> Result<CycleTable> {
        match text.trim() {
            "reports" => Ok(CycleTable::Reports),
            _ => Err(unknown_table(text, "chu kỳ báo cáo", Self::KEYS)),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            CycleTable::Reports => "reports",
        }
    }
}

/// The rows as the page lists them, without its controls.
fn reports(status: &CycleStatus) -> Table {
    let mut t = frame(
        "reports",
        "Chu kỳ báo cáo",
        format!("TÌNH HÌNH GỬI BÁO CÁO {}", status.period_label.to_uppercase()),
        format!(
            "({}; hạn gửi trước ngày {}; tình hình đến ngày {})",
            status.unit.full_name, status.due, status.today
        ),
    );
    t.columns = vec![
        Column::new("STT", 6.0),
        Column::wrapped("Báo cáo của", 34.0),
        Column::wrapped("Tình trạng", 16.0),
        Column::new("Gửi lúc", 12.0),
        Column::wrapped("Người gửi", 20.0),
        Column::wrapped("Hạn", 22.0),
        Column::wrapped("Ý kiến", 30.0),
        Column::wrapped("Sửa sau duyệt", 10.0),
    ];
    t.rows = status
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut state = r.state_name.clone();
            if r.locked {
                state.push_str(" (đã khoá)");
            }
            vec![
                Cell::Count(i as u64 + 1),
                Cell::text(r.agency.clone().unwrap_or_else(|| r.unit.full_name.clone())),
                Cell::text(state),
                Cell::text(r.submitted_on.clone().unwrap_or_default()),
                Cell::text(r.submitted_by.clone().unwrap_or_default()),
                Cell::text(&r.timeliness_text),
                Cell::text(r.comment.clone().unwrap_or_default()),
                Cell::Count(r.changes_after_approval as u64),
            ]
        })
        .collect();
    t.notes = vec![format!(
        "Cần gửi {} báo cáo; đã gửi {} ({} đúng hạn, {} muộn); quá hạn chưa gửi {}; đã phê duyệt {}.",
        status.expected, status.submitted, status.on_time, status.late, status.overdue, status.approved
    )];
    t
}

impl Program {
    /// One table of a unit's cycle page for a period, visible to whoever
    /// may see the page.
    pub async fn cycle_table(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        table: CycleTable,
        format: TableFormat,
    ) -> Result<ReportFile> {
        let status = self.cycle_status(actor, code, period).await?;
        let data = match table {
            CycleTable::Reports => reports(&status),
        };
        let name = format!("chu-ky-{}-{}-{}", table.key(), status.unit.code, period.code());
        file(&name, &data, format)
    }
}
