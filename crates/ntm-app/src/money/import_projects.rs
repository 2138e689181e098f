//! Projects from a money file ([`super::import`]): the project list, each
//! project keeping the money already recorded for it, and the project money
//! (allocations, carry-overs, disbursements) added to the stored projects.

use ntm_core::money::{Allocation, Disbursement, Project, ProjectStatus};
use ntm_core::quantity::Quantity;
use ntm_core::unit::Unit;
use ntm_core::validity::parse_date;
use ntm_store::RecordWrite;

use crate::documents::csv_input::CsvRow;
use crate::error::Result;
use crate::money::edit::project_key;
use crate::program::Program;
use crate::records::{Stored, put};

use super::import_cells::{Rows, list};

impl Program {
    /// The projects of a project list, each keeping the money already
    /// recorded for it.
    pub(super) async fn project_writes(&self, rows: &mut Rows<'_>) -> Result<Vec<RecordWrite>> {
        let table = rows.table;
        let mut writes = Vec::new();
        for row in &table.rows {
            let Some((unit, mut project)) = listed_project(rows, row) else {
                continue;
            };
            // Keep the money already recorded for an existing project.
            let key = project_key(&unit, &project);
            let existing = self
                .records::<Project>(None)
                .await?
                .into_iter()
                .find(|r| r.key == key);
            if let Some(r) = &existing {
                project.allocations = r.value.allocations.clone();
                project.disbursements = r.value.disbursements.clone();
            }
            writes.push(put(
                key,
                Some(unit.id),
                None,
                &project,
                existing.map(|r| r.version),
            )?);
        }
        Ok(writes)
    }
}

/// The year whose unit a listed project belongs to: the year of its planned
/// end, this year at the latest.
fn project_unit_year(planned_end: Option<time::Date>, this_year: i32) -> i32 {
    planned_end.map_or(this_year, |d| d.year()).min(this_year)
}

/// A row of the project list: the project as listed (its money not read
/// here) and its unit.
fn listed_project(rows: &mut Rows<'_>, row: &CsvRow) -> Option<(Unit, Project)> {
    let status = rows
        .optional(row, "status", ProjectStatus::parse, |t| {
            format!("\"{t}\": ghi planned, ongoing, completed hoặc suspended")
        })?
        .unwrap_or(ProjectStatus::Ongoing);
    let planned_end = rows.optional(row, "planned_end", parse_date, |t| {
        format!("ngày \"{t}\" không hợp lệ (viết 2024-12-31)")
    })?;
    let (Some(code), Some(name), Some(owner)) = (
        rows.required(row, "project").map(str::to_string),
        rows.required(row, "name").map(str::to_string),
        rows.required(row, "owner").map(str::to_string),
    ) else {
        return None;
    };
    let unit = rows.unit(
        row,
        project_unit_year(planned_end, rows.actor.today().year()),
        false,
    )?;
    let project = Project {
        code,
        name,
        communes: list(rows.text(row, "communes")),
        criteria: list(rows.text(row, "criteria")),
        owner,
        status,
        planned_end,
        allocations: Vec::new(),
        disbursements: Vec::new(),
    };
    Some((unit, project))
}

/// The projects a file of project money changes, each read once from the
/// stored ones, with the version it was read at.
struct ProjectsTouched {
    stored: Vec<Stored<Project>>,
    touched: Vec<(Unit, Project, i64)>,
}

impl ProjectsTouched {
    /// The unit's project of that code; `None` if it has none.
    fn project(&mut self, unit: &Unit, code: &str) -> Option<&mut Project> {
        let at = match self
            .touched
            .iter()
            .position(|(u, p, _)| u.id == unit.id && p.code == code)
        {
            Some(i) => i,
            None => {
                let key = format!("{}:{code}", unit.id.0);
                let r = self.stored.iter().find(|r| r.key == key)?;
                self.touched.push((unit.clone(), r.value.clone(), r.version));
                self.touched.len() - 1
            }
        };
        Some(&mut self.touched[at].1)
    }
}

/// What a row of project money says, once its cells are read.
struct ProjectMoneyRow {
    unit: Unit,
    code: String,
    year: i32,
    source: String,
    allocated: Option<Quantity>,
    disbursed: Option<Quantity>,
}

/// The money of a file added to the stored projects, one write per project
/// changed.
pub(super) fn project_money_writes(
    rows: &mut Rows<'_>,
    stored: Vec<Stored<Project>>,
) -> Result<Vec<RecordWrite>> {
    let table = rows.table;
    let mut projects = ProjectsTouched {
        stored,
        touched: Vec::new(),
    };
    for row in &table.rows {
        if let Some(money) = project_money_row(rows, row) {
            add_project_money(rows, &mut projects, row, money);
        }
    }
    let mut writes = Vec::new();
    for (unit, project, version) in &projects.touched {
        writes.push(put(
            project_key(unit, project),
            Some(unit.id),
            None,
            project,
            Some(*version),
        )?);
    }
    Ok(writes)
}

fn project_money_row(rows: &mut Rows<'_>, row: &CsvRow) -> Option<ProjectMoneyRow> {
    let year = rows.year(row, "year");
    let source = rows.required(row, "source").map(str::to_string);
    let code = rows.required(row, "project").map(str::to_string);
    let allocated = rows.amount(row, "allocated");
    let disbursed = rows.amount(row, "disbursed");
    let (Some(year), Some(source), Some(code)) = (year, source, code) else {
        return None;
    };
    if !rows.known_source(row, &source) {
        return None;
    }
    let unit = rows.unit(row, year, false)?;
    Some(ProjectMoneyRow {
        unit,
        code,
        year,
        source,
        allocated,
        disbursed,
    })
}

/// A row's allocation (new, or carried over from an earlier year) and
/// disbursement, added to its project.
fn add_project_money(
    rows: &mut Rows<'_>,
    projects: &mut ProjectsTouched,
    row: &CsvRow,
    money: ProjectMoneyRow,
) {
    let ProjectMoneyRow {
        unit,
        code,
        year,
        source,
        allocated,
        disbursed,
    } = money;
    let Some(project) = projects.project(&unit, &code) else {
        let message = format!(
            "{} không có dự án mã \"{code}\" (nhập danh mục dự án trước)",
            unit.full_name()
        );
        rows.problem(row, "project", message);
        return;
    };
    let carried_from = |t: &str| t.parse::<i32>().ok().filter(|y| *y < year);
    let Some(carried_from) = rows.optional(row, "carried_from", carried_from, |t| {
        format!("\"{t}\": năm chuyển nguồn phải trước năm {year}")
    }) else {
        return;
    };
    if let Some(amount) = allocated
        && let Err(e) = allocate(project, year, &source, amount, carried_from)
    {
        rows.problem(row, "allocated", e);
        return;
    }
    if let Some(amount) = disbursed.filter(|a| a.raw() > 0) {
        let Some(on) = rows.optional(row, "disbursed_on", parse_date, |_| {
            "ngày không hợp lệ (viết 2023-12-31)".to_string()
        }) else {
            return;
        };
        project.disbursements.push(Disbursement {
            year,
            source,
            amount,
            on: on.unwrap_or_else(|| year_end(year)),
            note: rows.text(row, "note").map(str::to_string),
        });
    }
}

/// An allocation: new money, or money carried over from an earlier year.
fn allocate(
    project: &mut Project,
    year: i32,
    source: &str,
    amount: Quantity,
    carried_from: Option<i32>,
) -> std::result::Result<(), String> {
    match carried_from {
        Some(from) => project.carry_over(from, year, source, amount),
        None => {
            project.allocations.push(Allocation {
                year,
                source: source.to_string(),
                amount,
                carried_from: None,
            });
            Ok(())
        }
    }
}

/// The day of a disbursement without one: the last day of its year.
fn year_end(year: i32) -> time::Date {
    time::Date::from_calendar_date(year, time::Month::December, 31).unwrap_or(time::Date::MIN)
}
