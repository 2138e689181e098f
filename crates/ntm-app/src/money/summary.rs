//! A unit's money for a year: planned, needed and mobilized capital by source
//! (totals always the sum of their parts), projects with allocation, carry-over
//! and disbursement, by source, commune and criterion, community contributions,
//! and what looks wrong. What no record gives is `None` ("chưa có số liệu"),
//! never 0: a project without a disbursement recorded for the year has no
//! disbursement figure; a contribution without land has no land figure. Every
//! sum is checked: one too large is an error naming the project or unit.

use std::collections::BTreeMap;

use ntm_core::aggregate::UnitRef;
use ntm_core::money::{
    CapitalAmount, CapitalKind, Contribution, Project, Source, SourceTotal, amount_text, percent_text,
    rollup, standard_sources,
};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::unit::UnitId;

use crate::access::{Actor, within};
use crate::error::{AppError, Result};
use crate::money::{CAPITAL, CONTRIBUTION, PROJECT, SOURCE};
use crate::program::Program;
use crate::unit_detail::visible_unit;

use super::coverage::{MoneyCoverage, money_coverage};
pub use super::sums::ContributionAmounts;
use super::sums::{add, add_known};

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
}

/// A capital table's amounts by source and the units holding them.
type CapitalGroup = (Vec<(String, Quantity)>, Vec<UnitId>);

#[derive(Default, Clone, Copy)]
struct Sums {
    allocated: Quantity,
    carried: Quantity,
    /// `None` until a disbursement is recorded.
    disbursed: Option<Quantity>,
    /// The allocation of the projects with a disbursement recorded.
    allocated_disbursing: Quantity,
}

impl Sums {
    fn line(self, key: String, label: String) -> MoneyLine {
        MoneyLine {
            key,
            label,
            allocated: amount_text(self.allocated),
            carried_in: amount_text(self.carried),
            disbursed: self.disbursed.map(amount_text),
            percent: self
                .disbursed
                .and_then(|d| percent_text(d, self.allocated_disbursing)),
            allocated_amount: self.allocated,
            carried_in_amount: self.carried,
            disbursed_amount: self.disbursed,
        }
    }

    /// Adds a project's year (of one source, if given), checking every sum.
    fn add(&mut self, p: &Project, year: i32, source: Option<&str>) -> Result<()> {
        let what = || format!("vốn năm {year} khi cộng dự án {} ({})", p.code, p.name);
        let mine = |y: i32, s: &str| y == year && source.is_none_or(|x| x == s);
        let mut allocated = Quantity::ZERO;
        for a in p.allocations.iter().filter(|a| mine(a.year, &a.source)) {
            allocated = add(allocated, a.amount, &what)?;
            if a.carried_from.is_some() {
                self.carried = add(self.carried, a.amount, &what)?;
            }
        }
        self.allocated = add(self.allocated, allocated, &what)?;
        let mut disbursed = None;
        for d in p.disbursements.iter().filter(|d| mine(d.year, &d.source)) {
            disbursed = Some(add(disbursed.unwrap_or(Quantity::ZERO), d.amount, &what)?);
        }
        if disbursed.is_some() {
            self.allocated_disbursing = add(self.allocated_disbursing, allocated, &what)?;
        }
        self.disbursed = add_known(self.disbursed, disbursed, &what)?;
        Ok(())
    }
}

impl Program {
    /// The capital sources: the program's standard tree and a province's own lines.
    pub async fn money_sources(&self) -> Result<Vec<Source>> {
        let mut sources = standard_sources();
        for s in self.records::<Source>(SOURCE, None).await? {
            if !sources.iter().any(|x| x.code == s.value.code) {
                sources.push(s.value);
            }
        }
        Ok(sources)
    }

    /// A unit's money for a year.
    pub async fn money_summary(&self, actor: &Actor, code: &str, year: i32) -> Result<MoneySummary> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let period = Period::year(year);
        let unit = visible_unit(self, actor, &snapshot, code, period)?;
        let day = hierarchy.reference_date(unit, period);
        let mine = |u: Option<UnitId>| u.is_some_and(|u| within(hierarchy, u, unit.id, day));
        let sources = self.money_sources().await?;
        let source_name = |c: &str| {
            sources
                .iter()
                .find(|s| s.code == c)
                .map_or(c.to_string(), |s| s.name.clone())
        };

        // The units holding the capital and projects counted.
        let mut holders = Vec::new();
        // Capital by kind and span.
        let mut groups: BTreeMap<(u8, i32, i32), CapitalGroup> = BTreeMap::new();
        for r in self.records::<CapitalAmount>(CAPITAL, None).await? {
            let c = r.value;
            if mine(r.unit) && c.start_year <= year && year <= c.end_year {
                holders.extend(r.unit);
                let order = match c.kind {
                    CapitalKind::Plan => 0,
                    CapitalKind::Mobilized => 1,
                    CapitalKind::Need => 2,
                };
                let group = groups.entry((order, c.start_year, c.end_year)).or_default();
                group.0.push((c.source, c.amount));
                group.1.extend(r.unit);
            }
        }
        let mut capital = Vec::new();
        for ((order, start, end), (amounts, group_holders)) in groups {
            let (totals, total) = rollup(&sources, &amounts).map_err(AppError::Invalid)?;
            let total_amount = total;
            let kind = [CapitalKind::Plan, CapitalKind::Mobilized, CapitalKind::Need][usize::from(order)];
            let span = if start == end {
                format!("năm {end}")
            } else {
                format!("giai đoạn {start}-{end}")
            };
            let mut heading: String = kind
                .name_vi()
                .chars()
                .take(1)
                .flat_map(char::to_uppercase)
                .collect();
            heading.extend(kind.name_vi().chars().skip(1));
            heading.push_str(&format!(" {span}"));
            capital.push(CapitalTable {
                kind,
                kind_name: kind.name_vi().to_string(),
                span,
                heading,
                sources: totals,
                total: amount_text(total),
                total_amount,
                coverage: money_coverage(hierarchy, unit, day, year, &group_holders),
            });
        }

        // Projects.
        let (projects, project_units): (Vec<Project>, Vec<Option<UnitId>>) = self
            .records::<Project>(PROJECT, None)
            .await?
            .into_iter()
            .filter(|r| mine(r.unit))
            .map(|r| (r.value, r.unit))
            .unzip();
        let today = crate::plans::cycle::today_vn();
        let commune_name = |code: &str| {
            code.parse()
                .ok()
                .and_then(|c| hierarchy.resolve(&c, period).ok())
                .map_or(code.to_string(), |u| u.name.clone())
        };
        let mut lines = Vec::new();
        let (mut total, mut by_source, mut by_commune, mut by_criterion) =
            (Sums::default(), BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        let mut findings = Vec::new();
        let mut project_holders = Vec::new();
        for (p, holder) in projects.iter().zip(&project_units) {
            let mut s = Sums::default();
            s.add(p, year, None)?;
            if s.allocated.raw() == 0 && s.disbursed.is_none() {
                continue;
            }
            holders.extend(*holder);
            project_holders.extend(*holder);
            total.add(p, year, None)?;
            let mut used: Vec<&str> = p
                .allocations
                .iter()
                .filter(|a| a.year == year)
                .map(|a| a.source.as_str())
                .chain(
                    p.disbursements
                        .iter()
                        .filter(|d| d.year == year)
                        .map(|d| d.source.as_str()),
                )
                .collect();
            used.sort_unstable();
            used.dedup();
            for source in used {
                by_source
                    .entry(source.to_string())
                    .or_insert_with(Sums::default)
                    .add(p, year, Some(source))?;
            }
            // A project serving several communes or criteria counts in each.
            for c in &p.communes {
                by_commune
                    .entry(c.clone())
                    .or_insert_with(Sums::default)
                    .add(p, year, None)?;
            }
            for c in &p.criteria {
                by_criterion
                    .entry(c.clone())
                    .or_insert_with(Sums::default)
                    .add(p, year, None)?;
            }
            findings.extend(p.findings(today));
            lines.push(ProjectLine {
                code: p.code.clone(),
                name: p.name.clone(),
                communes: p.communes.iter().map(|c| commune_name(c)).collect(),
                criteria: p.criteria.clone(),
                owner: p.owner.clone(),
                status: p.status.name_vi().to_string(),
                allocated: amount_text(s.allocated),
                carried_in: amount_text(s.carried),
                disbursed: s.disbursed.map(amount_text),
                percent: s.disbursed.and_then(|d| percent_text(d, s.allocated)),
                behind: p.is_behind(today),
                allocated_amount: s.allocated,
                carried_in_amount: s.carried,
                disbursed_amount: s.disbursed,
            });
        }

        // Contributions.
        let mut contributions = Vec::new();
        let mut sum = ContributionAmounts::default();
        for r in self.records::<Contribution>(CONTRIBUTION, Some(year)).await? {
            if !mine(r.unit) {
                continue;
            }
            let c = r.value;
            let commune = r
                .unit
                .and_then(|u| hierarchy.unit(u))
                .map_or_else(String::new, |u| u.name.clone());
            let what = || format!("đóng góp của nhân dân năm {year} khi cộng số liệu của {commune}");
            let a = ContributionAmounts::of(&c);
            sum = sum.plus(&a, &what)?;
            contributions.push(ContributionLine {
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
        let projects_without_disbursement = lines
            .iter()
            .filter(|l: &&ProjectLine| l.disbursed.is_none())
            .map(|l| l.name.clone())
            .collect();

        let newly_met = self.newly_met_money(actor, code, year, &projects).await?;
        Ok(MoneySummary {
            unit: UnitRef::of(unit),
            year,
            capital,
            projects: lines,
            by_source: by_source
                .into_iter()
                .map(|(k, s)| {
                    let label = source_name(&k);
                    s.line(k, label)
                })
                .collect(),
            by_commune: by_commune
                .into_iter()
                .map(|(k, s)| {
                    let label = commune_name(&k);
                    s.line(k, label)
                })
                .collect(),
            by_criterion: by_criterion
                .into_iter()
                .map(|(k, s)| s.line(k.clone(), format!("Tiêu chí {k}")))
                .collect(),
            allocated: amount_text(total.allocated),
            carried_in: amount_text(total.carried),
            disbursed: total.disbursed.map(amount_text),
            disbursed_percent: total
                .disbursed
                .and_then(|d| percent_text(d, total.allocated_disbursing)),
            allocated_disbursing: total.disbursed.map(|_| amount_text(total.allocated_disbursing)),
            projects_without_disbursement,
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
            coverage: money_coverage(hierarchy, unit, day, year, &holders),
            projects_coverage: money_coverage(hierarchy, unit, day, year, &project_holders),
        })
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
        if self.period_values(period).await?.unit_count() == 0 {
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
        let code_of = |name: &str| {
            stats
                .per_commune
                .iter()
                .find(|c| c.name == name)
                .map(|c| c.code.clone())
        };
        let mut out = Vec::new();
        for c in changes.per_criterion.iter().filter(|c| !c.gained.is_empty()) {
            let codes: Vec<String> = c.gained.iter().filter_map(|n| code_of(n)).collect();
            let mut sums = Sums::default();
            let mut serving = 0usize;
            for p in projects.iter().filter(|p| {
                p.criteria
                    .iter()
                    .any(|x| x == &c.criterion || x.split('.').next() == Some(c.criterion.as_str()))
                    && p.communes.iter().any(|k| codes.contains(k))
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
