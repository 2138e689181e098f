//! A unit's money for a year: planned, needed and mobilized capital by source
//! (totals always the sum of their parts), projects with allocation, carry-over
//! and disbursement, by source, commune and criterion, community contributions,
//! and what looks wrong. What no record gives is `None` ("chưa có số liệu"),
//! never 0: a project without a disbursement recorded for the year has no
//! disbursement figure; a contribution without land has no land figure. Every
//! sum is checked: one too large is an error naming the project or unit.

use ntm_core::aggregate::UnitRef;
use ntm_core::money::{
    CapitalAmount, CapitalKind, Contribution, Project, Source, SourceTotal, amount_text, percent_text,
    standard_sources,
};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::unit::UnitId;

use crate::accounts::access::Actor;
use crate::error::{AppError, Result};
use crate::program::Program;
use crate::records::Stored;
use crate::views::unit::visible_unit;

use super::capital_tables::capital_tables;
use super::coverage::MoneyCoverage;
use super::project_year::{ProjectYear, Sums};
use super::scope::Scope;
pub use super::sums::ContributionAmounts;

/// A project's year.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProjectLine {
    pub code: String,
    pub name: String,
    pub communes: Vec<String>,
    pub criteria: Vec<String>,
    pub owner: String,
    pub status: String,
    pub allocated: String,
    pub carried_in: String,
    /// `None`: no disbursement recorded for the year.
    pub disbursed: Option<String>,
    pub percent: Option<String>,
    pub behind: bool,
    /// The same amounts, exact, for the reports' number cells.
    #[serde(skip)]
    pub allocated_amount: Quantity,
    #[serde(skip)]
    pub carried_in_amount: Quantity,
    #[serde(skip)]
    pub disbursed_amount: Option<Quantity>,
}

/// The words of a project behind schedule.
pub const BEHIND_VI: &str = "chậm tiến độ";

impl ProjectLine {
    /// Its state in words: behind schedule, or its status.
    pub fn state_text(&self) -> &str {
        if self.behind { BEHIND_VI } else { &self.status }
    }
}

/// Allocated and disbursed for a group (source, commune, criterion).
#[derive(Debug, Clone, serde::Serialize)]
pub struct MoneyLine {
    pub key: String,
    pub label: String,
    pub allocated: String,
    pub carried_in: String,
    /// `None`: no project of the group has a disbursement recorded for the year.
    pub disbursed: Option<String>,
    pub percent: Option<String>,
    /// The same amounts, exact, for maps and sums.
    #[serde(skip)]
    pub allocated_amount: Quantity,
    #[serde(skip)]
    pub carried_in_amount: Quantity,
    #[serde(skip)]
    pub disbursed_amount: Option<Quantity>,
}

/// One commune's contribution; `None` where the record gives nothing.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ContributionLine {
    pub commune: String,
    pub project: Option<String>,
    pub cash: Option<String>,
    pub labour_days: Option<String>,
    pub labour_value: Option<String>,
    pub land_m2: Option<String>,
    pub households: Option<u32>,
    pub money: Option<String>,
    /// The same, exact.
    #[serde(skip)]
    pub amounts: ContributionAmounts,
}

/// Capital amounts of one kind, by source.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CapitalTable {
    pub kind: CapitalKind,
    pub kind_name: String,
    /// "năm 2024", "giai đoạn 2021-2025".
    pub span: String,
    /// "Kế hoạch vốn năm 2024", as a heading.
    pub heading: String,
    pub sources: Vec<SourceTotal>,
    pub total: String,
    #[serde(skip)]
    pub total_amount: Quantity,
    /// Whose records the table adds up, when the unit has subdivisions.
    pub coverage: Option<MoneyCoverage>,
}

/// Money spent on a criterion in the communes that newly met it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CriterionMoney {
    pub criterion: String,
    pub name: String,
    pub communes: Vec<String>,
    /// `None` when no project serves the criterion in those communes.
    pub allocated: Option<String>,
    pub disbursed: Option<String>,
    /// The same, exact.
    #[serde(skip)]
    pub allocated_amount: Option<Quantity>,
    #[serde(skip)]
    pub disbursed_amount: Option<Quantity>,
}

/// A unit's money for a year.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MoneySummary {
    pub unit: UnitRef,
    pub year: i32,
    pub capital: Vec<CapitalTable>,
    pub projects: Vec<ProjectLine>,
    pub by_source: Vec<MoneyLine>,
    pub by_commune: Vec<MoneyLine>,
    pub by_criterion: Vec<MoneyLine>,
    pub allocated: String,
    pub carried_in: String,
    /// Over the projects with a disbursement recorded; `None` when none has one.
    pub disbursed: Option<String>,
    /// Disbursed over allocated, of the projects with a disbursement recorded.
    pub disbursed_percent: Option<String>,
    /// The allocation those projects hold: the percentage's denominator.
    pub allocated_disbursing: Option<String>,
    /// Projects without a disbursement recorded for the year (names).
    pub projects_without_disbursement: Vec<String>,
    #[serde(skip)]
    pub allocated_amount: Quantity,
    #[serde(skip)]
    pub carried_in_amount: Quantity,
    #[serde(skip)]
    pub disbursed_amount: Option<Quantity>,
    pub contributions: Vec<ContributionLine>,
    pub contributions_money: Option<String>,
    pub contributions_labour_days: Option<String>,
    pub contributions_land_m2: Option<String>,
    pub contributions_households: Option<u32>,
    #[serde(skip)]
    pub contributions_amounts: ContributionAmounts,
    pub newly_met: Vec<CriterionMoney>,
    pub findings: Vec<String>,
    /// Which subdivisions hold the capital and projects counted above;
    /// `None` when the unit's records are its own or it has none below.
    pub coverage: Option<MoneyCoverage>,
    /// The same for the projects alone.
    pub projects_coverage: Option<MoneyCoverage>,
    /// The same for the community contributions (kept by communes).
    pub contributions_coverage: Option<MoneyCoverage>,
    /// Codes of the communes whose projects' money is known commune by
    /// commune (their district's or their own projects name the communes
    /// served); the money map shows the others as without data.
    #[serde(skip)]
    pub communes_known: std::collections::BTreeSet<String>,
}

impl MoneySummary {
    /// "Chưa có số liệu giải ngân của: A; B": the projects of the year with
    /// no disbursement recorded, if any (no figure stands in for theirs).
    pub fn missing_disbursement(&self) -> Option<String> {
        (!self.projects_without_disbursement.is_empty()).then(|| {
            format!(
                "Chưa có số liệu giải ngân của: {}",
                self.projects_without_disbursement.join("; ")
            )
        })
    }

    /// The same under a table: what its total and percentage leave out.
    pub fn missing_disbursement_note(&self) -> Option<String> {
        self.missing_disbursement()
            .map(|text| format!("{text}; dòng cộng và tỷ lệ chỉ tính các dự án có số liệu giải ngân."))
    }
}

impl Program {
    /// The capital sources: the program's standard tree and a province's own lines.
    pub async fn money_sources(&self) -> Result<Vec<Source>> {
        let mut sources = standard_sources();
        for s in self.records::<Source>(None).await? {
            if !sources.iter().any(|x| x.code == s.value.code) {
                sources.push(s.value);
            }
        }
        Ok(sources)
    }

    /// A unit's money for a year.
    pub async fn money_summary(&self, actor: &Actor, code: &str, year: i32) -> Result<MoneySummary> {
        let snapshot = self.snapshot().await?;
        let period = Period::year(year);
        let unit = visible_unit(self, actor, &snapshot, code, period)?;
        let scope = Scope {
            hierarchy: &snapshot.hierarchy,
            unit,
            day: snapshot.hierarchy.reference_date(unit, period),
            year,
            today: self.today(),
        };
        let sources = self.money_sources().await?;
        let capital = self.records::<CapitalAmount>(None).await?;
        let (capital, capital_holders) = capital_tables(&scope, &sources, capital)?;
        let (projects, year_of_projects) = self.projects_in(&scope, &sources).await?;
        let (contributions, sum, contribution_holders) = self.contributions_in(&scope).await?;
        let newly_met = self.newly_met_money(actor, code, year, &projects).await?;
        let holders: Vec<UnitId> = capital_holders
            .iter()
            .chain(&year_of_projects.holders)
            .copied()
            .collect();
        let ProjectYear {
            lines,
            total,
            by_source,
            by_commune,
            by_criterion,
            findings,
            holders: project_holders,
            by_commune_holders,
        } = year_of_projects;
        Ok(MoneySummary {
            unit: UnitRef::of(unit),
            year,
            capital,
            projects_without_disbursement: without_disbursement(&lines),
            projects: lines,
            by_source,
            by_commune,
            by_criterion,
            allocated: amount_text(total.allocated),
            carried_in: amount_text(total.carried),
            disbursed: total.disbursed.map(amount_text),
            disbursed_percent: total
                .disbursed
                .and_then(|d| percent_text(d, total.allocated_disbursing)),
            allocated_disbursing: total.disbursed.map(|_| amount_text(total.allocated_disbursing)),
            allocated_amount: total.allocated,
            carried_in_amount: total.carried,
            disbursed_amount: total.disbursed,
            contributions,
            contributions_money: sum.money.map(amount_text),
            contributions_labour_days: sum.labour_days.map(amount_text),
            contributions_land_m2: sum.land_m2.map(amount_text),
            contributions_households: sum.households,
            contributions_amounts: sum,
            newly_met,
            findings,
            coverage: scope.coverage(&holders),
            projects_coverage: scope.coverage(&project_holders),
            contributions_coverage: scope.coverage(&contribution_holders),
            communes_known: scope.communes_under(&by_commune_holders),
        })
    }

    /// The projects held under the scope's unit, and their year.
    async fn projects_in(
        &self,
        scope: &Scope<'_>,
        sources: &[Source],
    ) -> Result<(Vec<Project>, ProjectYear)> {
        let (projects, project_units): (Vec<Project>, Vec<Option<UnitId>>) = self
            .records::<Project>(None)
            .await?
            .into_iter()
            .filter(|r| scope.holds(r.unit))
            .map(|r| (r.value, r.unit))
            .unzip();
        let year_of_projects = ProjectYear::of(scope, sources, &projects, &project_units)?;
        Ok((projects, year_of_projects))
    }

    /// The contributions of the scope's year under its unit, their sum, and
    /// the units that hold them.
    async fn contributions_in(
        &self,
        scope: &Scope<'_>,
    ) -> Result<(Vec<ContributionLine>, ContributionAmounts, Vec<UnitId>)> {
        let contributions = self.records::<Contribution>(Some(scope.year)).await?;
        let holders: Vec<UnitId> = contributions
            .iter()
            .filter(|r| scope.holds(r.unit))
            .filter_map(|r| r.unit)
            .collect();
        let (lines, sum) = contribution_lines(scope, contributions)?;
        Ok((lines, sum, holders))
    }

    /// For each criterion communes newly met this year (against the year
    /// before), the money of the projects serving it there.
    async fn newly_met_money(
        &self,
        actor: &Actor,
        code: &str,
        year: i32,
        projects: &[Project],
    ) -> Result<Vec<CriterionMoney>> {
        let period = Period::year(year);
        if !self.has_values(period).await? {
            return Ok(Vec::new());
        }
        let stats = match self.shared_stats(actor, code, period, None).await {
            Ok(s) => s,
            Err(AppError::Invalid(_) | AppError::Resolve(_) | AppError::NotFound(_)) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let Some(changes) = &stats.changes else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for c in changes.per_criterion.iter().filter(|c| !c.gained.is_empty()) {
            // By code: names repeat (a country has many a "Phú Cường").
            let codes: std::collections::HashSet<&str> = c.gained_codes.iter().map(String::as_str).collect();
            let mut sums = Sums::default();
            let mut serving = 0usize;
            for p in projects.iter().filter(|p| {
                p.criteria
                    .iter()
                    .any(|x| x == &c.criterion || x.split('.').next() == Some(c.criterion.as_str()))
                    && p.communes.iter().any(|k| codes.contains(k.as_str()))
            }) {
                sums.add(p, year, None)?;
                serving += 1;
            }
            let allocated = (serving > 0).then_some(sums.allocated);
            out.push(CriterionMoney {
                criterion: c.criterion.clone(),
                name: c.name.clone(),
                communes: c.gained.clone(),
                allocated: allocated.map(amount_text),
                disbursed: sums.disbursed.map(amount_text),
                allocated_amount: allocated,
                disbursed_amount: sums.disbursed,
            });
        }
        Ok(out)
    }
}

/// The names of the projects without a disbursement recorded for the year.
fn without_disbursement(lines: &[ProjectLine]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.disbursed.is_none())
        .map(|l| l.name.clone())
        .collect()
}

/// The contributions of the year under the scope's unit, and their sum.
fn contribution_lines(
    scope: &Scope<'_>,
    records: Vec<Stored<Contribution>>,
) -> Result<(Vec<ContributionLine>, ContributionAmounts)> {
    let year = scope.year;
    let mut lines = Vec::new();
    let mut sum = ContributionAmounts::default();
    for r in records.into_iter().filter(|r| scope.holds(r.unit)) {
        let c = r.value;
        let commune = r
            .unit
            .and_then(|u| scope.hierarchy.unit(u))
            .map_or_else(String::new, |u| u.name.clone());
        let what = || format!("đóng góp của nhân dân năm {year} khi cộng số liệu của {commune}");
        let a = ContributionAmounts::of(&c);
        sum = sum.plus(&a, &what)?;
        lines.push(ContributionLine {
            commune,
            project: c.project.clone(),
            cash: a.cash.map(amount_text),
            labour_days: a.labour_days.map(amount_text),
            labour_value: a.labour_value.map(amount_text),
            land_m2: a.land_m2.map(amount_text),
            households: a.households,
            money: a.money.map(amount_text),
            amounts: a,
        });
    }
    Ok((lines, sum))
}
