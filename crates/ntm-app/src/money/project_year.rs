//! A unit's projects in a year: each project's allocation, carry-over and
//! disbursement, and the same added up in all, by source, by commune and by
//! criterion (a project serving several communes or criteria counts in
//! each), every sum checked.

use std::collections::BTreeMap;

use ntm_core::money::{Project, Source, amount_text, percent_text};
use ntm_core::quantity::Quantity;
use ntm_core::unit::UnitId;

use super::scope::Scope;
use super::summary::{MoneyLine, ProjectLine};
use super::sums::{add, add_known};
use crate::error::Result;

/// The projects of the year, added up.
pub(super) struct ProjectYear {
    pub lines: Vec<ProjectLine>,
    pub total: Sums,
    pub by_source: Vec<MoneyLine>,
    pub by_commune: Vec<MoneyLine>,
    pub by_criterion: Vec<MoneyLine>,
    pub findings: Vec<String>,
    /// The units holding the projects with figures in the year.
    pub holders: Vec<UnitId>,
    /// The units holding projects that name the communes they serve: under
    /// them, a commune no project names has no money; elsewhere a commune's
    /// money is unknown (a district total is no commune's figure).
    pub by_commune_holders: Vec<UnitId>,
}

impl ProjectYear {
    /// `projects` (each with the unit holding it) in the scope's year; a
    /// project with nothing allocated or disbursed in the year is left out.
    pub fn of(
        scope: &Scope<'_>,
        sources: &[Source],
        projects: &[Project],
        holders: &[Option<UnitId>],
    ) -> Result<ProjectYear> {
        let year = scope.year;
        let today = scope.today;
        let mut out = ProjectYear {
            lines: Vec::new(),
            total: Sums::default(),
            by_source: Vec::new(),
            by_commune: Vec::new(),
            by_criterion: Vec::new(),
            findings: Vec::new(),
            holders: Vec::new(),
            by_commune_holders: Vec::new(),
        };
        let (mut by_source, mut by_commune, mut by_criterion) =
            (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        for (p, holder) in projects.iter().zip(holders) {
            let mut s = Sums::default();
            s.add(p, year, None)?;
            if s.allocated.raw() == 0 && s.disbursed.is_none() {
                continue;
            }
            out.holders.extend(*holder);
            if !p.communes.is_empty() {
                out.by_commune_holders.extend(*holder);
            }
            out.total.add(p, year, None)?;
            for source in sources_used(p, year) {
                by_source
                    .entry(source.to_string())
                    .or_insert_with(Sums::default)
                    .add(p, year, Some(source))?;
            }
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
            out.findings.extend(p.findings(today));
            out.lines.push(ProjectLine {
                code: p.code.clone(),
                name: p.name.clone(),
                communes: p.communes.iter().map(|c| scope.commune_name(c)).collect(),
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
        let source_name = |c: &str| {
            sources
                .iter()
                .find(|s| s.code == c)
                .map_or(c.to_string(), |s| s.name.clone())
        };
        out.by_source = lines(by_source, source_name);
        out.by_commune = lines(by_commune, |k| scope.commune_name(k));
        out.by_criterion = lines(by_criterion, |k| format!("Tiêu chí {k}"));
        Ok(out)
    }
}

/// The sources a project allocates or disburses from in the year, once each.
fn sources_used(p: &Project, year: i32) -> Vec<&str> {
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
    used
}

fn lines(groups: BTreeMap<String, Sums>, label: impl Fn(&str) -> String) -> Vec<MoneyLine> {
    groups
        .into_iter()
        .map(|(k, s)| {
            let name = label(&k);
            s.line(k, name)
        })
        .collect()
}

#[derive(Default, Clone, Copy)]
pub(super) struct Sums {
    pub allocated: Quantity,
    pub carried: Quantity,
    /// `None` until a disbursement is recorded.
    pub disbursed: Option<Quantity>,
    /// The allocation of the projects with a disbursement recorded.
    pub allocated_disbursing: Quantity,
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
    pub fn add(&mut self, p: &Project, year: i32, source: Option<&str>) -> Result<()> {
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
