//! Importing money from CSV (or the first sheet of an XLSX workbook):
//! capital amounts, projects, project allocations and disbursements, and
//! community contributions, recognised by their columns. Every cell is
//! checked, every problem listed with its line and column, the user's rights
//! applied row by row; nothing is stored unless the whole file is valid.

use ntm_core::money::{
    Allocation, CapitalAmount, CapitalKind, Contribution, Disbursement, Project, ProjectStatus,
};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::unit::{Unit, UnitKind};
use ntm_core::validity::parse_date;
use ntm_store::PlanWrite;

use crate::accounts::access::{Actor, can_act_for, can_coordinate};
use crate::documents::csv_input::{CsvRow, CsvTable};
use crate::documents::import::{ImportError, ImportSummary, parse_quantity};
use crate::error::{AppError, Result};
use crate::money::edit::{capital_key, contribution_key, project_key};
use crate::money::{CAPITAL, CONTRIBUTION, PROJECT};
use crate::plans::records::put;
use crate::program::{Program, Snapshot};

pub const CAPITAL_COLUMNS: &[&str] = &[
    "unit_code",
    "kind",
    "start_year",
    "end_year",
    "source",
    "amount",
    "note",
];
pub const PROJECT_COLUMNS: &[&str] = &[
    "unit_code",
    "project",
    "name",
    "communes",
    "criteria",
    "owner",
    "status",
    "planned_end",
];
pub const PROJECT_MONEY_COLUMNS: &[&str] = &[
    "unit_code",
    "project",
    "year",
    "source",
    "allocated",
    "disbursed",
    "disbursed_on",
    "carried_from",
    "note",
];
pub const CONTRIBUTION_COLUMNS: &[&str] = &[
    "unit_code",
    "year",
    "project",
    "cash",
    "labour_days",
    "day_rate",
    "land_m2",
    "households",
    "note",
];

fn aliases(columns: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    columns.iter().map(|c| (*c, *c)).collect()
}

/// The first sheet of a workbook as a table with its header row.
fn sheet_table(file: &str, bytes: &[u8]) -> std::result::Result<CsvTable, Vec<ImportError>> {
    let sheet = ntm_reports::template::read_first_sheet(bytes)
        .map_err(|e| vec![ImportError::at(file, 0, "", e.to_string())])?;
    let mut errors = Vec::new();
    for row in &sheet.rows {
        for (key, message) in &row.bad_cells {
            errors.push(ImportError::at(file, u64::from(row.line), key, message.clone()));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let rows = sheet
        .rows
        .into_iter()
        .map(|r| (u64::from(r.line), r.cells))
        .collect();
    CsvTable::from_sheet(file, &sheet.sheet, &sheet.keys, sheet.letters, rows)
}

struct Rows<'a> {
    table: &'a CsvTable,
    snapshot: &'a Snapshot,
    actor: &'a Actor,
    errors: Vec<ImportError>,
}

impl Rows<'_> {
    fn text<'r>(&self, row: &'r CsvRow, column: &str) -> Option<&'r str> {
        self.table.get(row, column)
    }

    fn required<'r>(&mut self, row: &'r CsvRow, column: &str) -> Option<&'r str> {
        let v = self.table.get(row, column);
        if v.is_none() {
            self.errors.push(self.table.error(row, column, "ô trống"));
        }
        v
    }

    fn amount(&mut self, row: &CsvRow, column: &str) -> Option<Quantity> {
        let text = self.table.get(row, column)?;
        match parse_quantity(text) {
            Ok(q) if q.raw() >= 0 => Some(q),
            Ok(_) => {
                self.errors
                    .push(self.table.error(row, column, "số không được âm"));
                None
            }
            Err(e) => {
                self.errors
                    .push(self.table.error(row, column, format!("\"{text}\": {e}")));
                None
            }
        }
    }

    fn year(&mut self, row: &CsvRow, column: &str) -> Option<i32> {
        let text = self.required(row, column)?;
        match text.parse::<i32>() {
            Ok(y) if ntm_core::period::is_valid_year(y) => Some(y),
            _ => {
                self.errors.push(
                    self.table
                        .error(row, column, format!("\"{text}\" không phải năm")),
                );
                None
            }
        }
    }

    /// The unit of a row, if the actor may change its money (`commune`: a
    /// contribution, which the commune itself may enter).
    fn unit(&mut self, row: &CsvRow, year: i32, commune: bool) -> Option<Unit> {
        let code = self.required(row, "unit_code")?.to_string();
        let hierarchy = &self.snapshot.hierarchy;
        let unit = match code
            .parse()
            .map_err(|e: ntm_core::unit::UnitCodeError| e.to_string())
            .and_then(|c| {
                hierarchy
                    .resolve(&c, Period::year(year))
                    .map_err(|e| e.to_string())
            }) {
            Ok(u) => u,
            Err(e) => {
                self.errors.push(self.table.error(row, "unit_code", e));
                return None;
            }
        };
        let day = hierarchy.reference_date(unit, Period::year(year));
        let allowed = if commune {
            unit.kind == UnitKind::Commune && can_act_for(self.actor, hierarchy, unit, day)
        } else {
            can_coordinate(self.actor, hierarchy, unit, day)
        };
        if !allowed {
            self.errors.push(self.table.error(
                row,
                "unit_code",
                format!("bạn không được nhập số liệu vốn của {}", unit.full_name()),
            ));
            return None;
        }
        Some(unit.clone())
    }
}

fn list(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.split(';')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

impl Program {
    /// Imports a money file: capital, projects, project money or contributions.
    pub async fn import_money(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        let table = if bytes.starts_with(b"PK\x03\x04") {
            sheet_table(file, bytes).map_err(AppError::Import)?
        } else {
            let mut all: Vec<&'static str> = Vec::new();
            for c in [
                CAPITAL_COLUMNS,
                PROJECT_COLUMNS,
                PROJECT_MONEY_COLUMNS,
                CONTRIBUTION_COLUMNS,
            ]
            .concat()
            {
                if !all.contains(&c) {
                    all.push(c);
                }
            }
            CsvTable::parse(file, bytes, &aliases(&all)).map_err(AppError::Import)?
        };
        let snapshot = self.snapshot().await?;
        let sources = self.money_sources().await?;
        let mut rows = Rows {
            table: &table,
            snapshot: &snapshot,
            actor,
            errors: Vec::new(),
        };
        let mut writes: Vec<PlanWrite> = Vec::new();
        let source_ok = |rows: &mut Rows<'_>, row: &CsvRow, code: &str| {
            let ok = sources.iter().any(|s| s.code == code);
            if !ok {
                rows.errors.push(table.error(
                    row,
                    "source",
                    format!("nguồn vốn \"{code}\" không có trong danh mục"),
                ));
            }
            ok
        };
        if table.has("kind") && table.has("amount") {
            for row in &table.rows {
                let kind = match rows.required(row, "kind") {
                    Some("plan" | "kế hoạch") => Some(CapitalKind::Plan),
                    Some("mobilized" | "huy động") => Some(CapitalKind::Mobilized),
                    Some("need" | "nhu cầu") => Some(CapitalKind::Need),
                    Some(other) => {
                        rows.errors.push(table.error(
                            row,
                            "kind",
                            format!("\"{other}\": ghi plan, mobilized hoặc need"),
                        ));
                        None
                    }
                    None => None,
                };
                let start = rows.year(row, "start_year");
                let end = if table.get(row, "end_year").is_some() {
                    rows.year(row, "end_year")
                } else {
                    start
                };
                let source = rows.required(row, "source").map(str::to_string);
                let amount = rows.amount(row, "amount");
                let (Some(kind), Some(start), Some(end), Some(source), Some(amount)) =
                    (kind, start, end, source, amount)
                else {
                    continue;
                };
                if !source_ok(&mut rows, row, &source) {
                    continue;
                }
                let Some(unit) = rows.unit(row, end, false) else {
                    continue;
                };
                let c = CapitalAmount {
                    kind,
                    start_year: start,
                    end_year: end,
                    source,
                    amount,
                    note: rows.text(row, "note").map(str::to_string),
                };
                writes.push(put(
                    CAPITAL,
                    capital_key(&unit, &c),
                    Some(unit.id),
                    Some(end),
                    &c,
                    None,
                )?);
            }
        } else if table.has("name") && table.has("owner") {
            for row in &table.rows {
                let status = match rows.text(row, "status") {
                    None => ProjectStatus::Ongoing,
                    Some(t) => match ProjectStatus::parse(t) {
                        Some(s) => s,
                        None => {
                            rows.errors.push(table.error(
                                row,
                                "status",
                                format!("\"{t}\": ghi planned, ongoing, completed hoặc suspended"),
                            ));
                            continue;
                        }
                    },
                };
                let planned_end = match rows.text(row, "planned_end") {
                    None => None,
                    Some(t) => match parse_date(t) {
                        Some(d) => Some(d),
                        None => {
                            rows.errors.push(table.error(
                                row,
                                "planned_end",
                                format!("ngày \"{t}\" không hợp lệ (viết 2024-12-31)"),
                            ));
                            continue;
                        }
                    },
                };
                let (Some(code), Some(name), Some(owner)) = (
                    rows.required(row, "project").map(str::to_string),
                    rows.required(row, "name").map(str::to_string),
                    rows.required(row, "owner").map(str::to_string),
                ) else {
                    continue;
                };
                let year = planned_end.map_or(crate::plans::cycle::today_vn().year(), |d| d.year());
                let Some(unit) = rows.unit(row, year.min(crate::plans::cycle::today_vn().year()), false)
                else {
                    continue;
                };
                let key_unit = unit;
                // Keep the money already recorded for an existing project.
                let existing = self
                    .records::<Project>(PROJECT, None)
                    .await?
                    .into_iter()
                    .find(|r| r.key == format!("{}:{code}", key_unit.id.0));
                let project = Project {
                    code,
                    name,
                    communes: list(rows.text(row, "communes")),
                    criteria: list(rows.text(row, "criteria")),
                    owner,
                    status,
                    planned_end,
                    allocations: existing
                        .as_ref()
                        .map(|r| r.value.allocations.clone())
                        .unwrap_or_default(),
                    disbursements: existing
                        .as_ref()
                        .map(|r| r.value.disbursements.clone())
                        .unwrap_or_default(),
                };
                writes.push(put(
                    PROJECT,
                    project_key(&key_unit, &project),
                    Some(key_unit.id),
                    None,
                    &project,
                    existing.map(|r| r.version),
                )?);
            }
        } else if table.has("project") && (table.has("allocated") || table.has("disbursed")) {
            let mut projects: Vec<(Unit, Project, i64)> = Vec::new();
            let stored = self.records::<Project>(PROJECT, None).await?;
            for row in &table.rows {
                let year = rows.year(row, "year");
                let source = rows.required(row, "source").map(str::to_string);
                let code = rows.required(row, "project").map(str::to_string);
                let allocated = rows.amount(row, "allocated");
                let disbursed = rows.amount(row, "disbursed");
                let (Some(year), Some(source), Some(code)) = (year, source, code) else {
                    continue;
                };
                if !source_ok(&mut rows, row, &source) {
                    continue;
                }
                let Some(unit) = rows.unit(row, year, false) else {
                    continue;
                };
                let key = format!("{}:{code}", unit.id.0);
                let at = match projects
                    .iter()
                    .position(|(u, p, _)| u.id == unit.id && p.code == code)
                {
                    Some(i) => i,
                    None => match stored.iter().find(|r| r.key == key) {
                        Some(r) => {
                            projects.push((unit.clone(), r.value.clone(), r.version));
                            projects.len() - 1
                        }
                        None => {
                            rows.errors.push(table.error(
                                row,
                                "project",
                                format!(
                                    "{} không có dự án mã \"{code}\" (nhập danh mục dự án trước)",
                                    unit.full_name()
                                ),
                            ));
                            continue;
                        }
                    },
                };
                let carried_from = match rows.text(row, "carried_from") {
                    None => None,
                    Some(t) => match t.parse::<i32>() {
                        Ok(y) if y < year => Some(y),
                        _ => {
                            rows.errors.push(table.error(
                                row,
                                "carried_from",
                                format!("\"{t}\": năm chuyển nguồn phải trước năm {year}"),
                            ));
                            continue;
                        }
                    },
                };
                let project = &mut projects[at].1;
                if let Some(amount) = allocated {
                    match carried_from {
                        Some(from) => {
                            if let Err(e) = project.carry_over(from, year, &source, amount) {
                                rows.errors.push(table.error(row, "allocated", e));
                                continue;
                            }
                        }
                        None => project.allocations.push(Allocation {
                            year,
                            source: source.clone(),
                            amount,
                            carried_from: None,
                        }),
                    }
                }
                if let Some(amount) = disbursed.filter(|a| a.raw() > 0) {
                    let on = match rows.text(row, "disbursed_on").map(parse_date) {
                        Some(Some(d)) => d,
                        Some(None) => {
                            rows.errors.push(table.error(
                                row,
                                "disbursed_on",
                                "ngày không hợp lệ (viết 2023-12-31)",
                            ));
                            continue;
                        }
                        None => time::Date::from_calendar_date(year, time::Month::December, 31)
                            .unwrap_or(time::Date::MIN),
                    };
                    project.disbursements.push(Disbursement {
                        year,
                        source: source.clone(),
                        amount,
                        on,
                        note: rows.text(row, "note").map(str::to_string),
                    });
                }
            }
            for (unit, project, version) in &projects {
                writes.push(put(
                    PROJECT,
                    project_key(unit, project),
                    Some(unit.id),
                    None,
                    project,
                    Some(*version),
                )?);
            }
        } else if table.has("labour_days") || table.has("cash") || table.has("land_m2") {
            for row in &table.rows {
                let Some(year) = rows.year(row, "year") else {
                    continue;
                };
                let households = match rows.text(row, "households") {
                    None => None,
                    Some(t) => match t.replace('.', "").parse::<u32>() {
                        Ok(n) => Some(n),
                        Err(_) => {
                            rows.errors.push(table.error(
                                row,
                                "households",
                                format!("\"{t}\" không phải số hộ"),
                            ));
                            continue;
                        }
                    },
                };
                let c = Contribution {
                    year,
                    project: rows.text(row, "project").map(str::to_string),
                    cash: rows.amount(row, "cash"),
                    labour_days: rows.amount(row, "labour_days"),
                    day_rate: rows.amount(row, "day_rate").unwrap_or_default(),
                    land_m2: rows.amount(row, "land_m2"),
                    households,
                    note: rows.text(row, "note").map(str::to_string),
                };
                if c.labour_days.is_some_and(|d| d.raw() > 0) && c.day_rate.raw() == 0 {
                    rows.errors.push(table.error(
                        row,
                        "day_rate",
                        "có ngày công thì cần đơn giá ngày công (triệu đồng/ngày)",
                    ));
                    continue;
                }
                let Some(unit) = rows.unit(row, year, true) else {
                    continue;
                };
                writes.push(put(
                    CONTRIBUTION,
                    contribution_key(&unit, &c),
                    Some(unit.id),
                    Some(year),
                    &c,
                    None,
                )?);
            }
        } else {
            return Err(AppError::Import(vec![ImportError::at(
                file,
                1,
                "",
                "không nhận ra loại tệp vốn: xem các cột trong docs/money.md (vốn theo nguồn, dự án, giải ngân, đóng góp)",
            )]));
        }
        if !rows.errors.is_empty() {
            let mut errors = rows.errors;
            errors.sort_by_key(|e| e.line);
            return Err(AppError::Import(errors));
        }
        let rows_count = table.rows.len();
        let written = self.write_records(actor, writes).await?;
        Ok(ImportSummary {
            rows: rows_count,
            created: written,
            updated: 0,
            unchanged: rows_count.saturating_sub(written),
            warnings: Vec::new(),
        })
    }
}
