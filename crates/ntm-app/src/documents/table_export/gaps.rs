//! The table of the gaps page (`/gaps/{code}?period=…`) as a file: the
//! commune-criterion pairs in their order of priority, from the gaps report
//! the page renders.

use ntm_core::period::Period;
use ntm_reports::table::{Cell, Column, Table};

use super::{TableFormat, file, frame, unknown_table};
use crate::accounts::access::Actor;
use crate::documents::reports::ReportFile;
use crate::error::Result;
use crate::plans::GapsReport;
use crate::program::Program;

/// A table of the gaps page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapsTable {
    /// "Thứ tự ưu tiên".
    Priorities,
}

impl GapsTable {
    /// The keys, for an error naming them.
    pub const KEYS: &'static str = "priorities";

    /// From the address's `table=`.
    pub fn parse(text: &str) -> Result<GapsTable> {
        match text.trim() {
            "priorities" => Ok(GapsTable::Priorities),
            _ => Err(unknown_table(text, "còn thiếu và ưu tiên", Self::KEYS)),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            GapsTable::Priorities => "priorities",
        }
    }
}

/// The pairs as the page lists them: order, commune, criterion, why, and
/// each unmet indicator with what it lacks (one a line).
fn priorities(report: &GapsReport) -> Table {
    let mut t = frame(
        "priorities",
        "Thứ tự ưu tiên",
        "THỨ TỰ ƯU TIÊN CÁC TIÊU CHÍ CÒN THIẾU".into(),
        format!("({}, {})", report.unit.full_name, report.period_label),
    );
    t.columns = vec![
        Column::new("Thứ tự", 7.0),
        Column::wrapped("Xã", 20.0),
        Column::new("Mã xã", 8.0),
        Column::wrapped("Tiêu chí", 30.0),
        Column::wrapped("Vì sao", 50.0),
        Column::wrapped("Còn thiếu", 50.0),
    ];
    t.frozen_columns = 2;
    t.rows = report
        .priorities
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let gaps: Vec<String> = p
                .gaps
                .iter()
                .map(|g| format!("{}: {}", g.indicator, g.gap))
                .collect();
            vec![
                Cell::Count(i as u64 + 1),
                Cell::text(&p.unit_name),
                Cell::text(&p.unit_code),
                Cell::text(format!("{}. {}", p.criterion, p.criterion_name)),
                Cell::text(&p.reason),
                Cell::text(gaps.join("\n")),
            ]
        })
        .collect();
    t.notes = vec!["Làm trước những tiêu chí còn ít chỉ tiêu chưa đạt, gần đạt và ít tốn kém.".into()];
    t
}

impl Program {
    /// One table of a unit's gaps page for a period, visible to whoever may
    /// see the page.
    pub async fn gaps_table(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        table: GapsTable,
        format: TableFormat,
    ) -> Result<ReportFile> {
        let report = self.gaps(actor, code, period).await?;
        // The page shows the table even without a row: so does the file.
        let data = match table {
            GapsTable::Priorities => priorities(&report),
        };
        let name = format!("con-thieu-{}-{}-{}", table.key(), report.unit.code, period.code());
        file(&name, &data, format)
    }
}
