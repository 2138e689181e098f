//! Where a computation of figures gets the summary of each unit (which
//! criteria it meets, on what basis): judged now ([`Judge`]), or kept by the
//! caller from an earlier judgment. A summary depends only on the set, the
//! unit's values of one period, and its threshold context on a day (region,
//! flags, year), so a caller that knows when a unit's values and the
//! hierarchy last changed may keep it (ntm-app does, by the change log).

use time::Date;

use crate::aggregate::stats::summarise_units;
use crate::criteria::CriteriaSet;
use crate::evaluation::UnitSummary;
use crate::hierarchy::Hierarchy;
use crate::unit::Unit;
use crate::value::PeriodValues;

/// The summaries asked for: `units` under `set`, with `values` (of
/// `values.period`), their context taken on `day`, thresholds of `year`.
#[derive(Clone, Copy, Debug)]
pub struct SummaryJob<'a, 'u> {
    pub hierarchy: &'a Hierarchy,
    pub units: &'a [&'u Unit],
    pub set: &'a CriteriaSet,
    pub values: &'a PeriodValues,
    pub day: Date,
    pub year: i32,
}

impl<'a, 'u> SummaryJob<'a, 'u> {
    /// Judges `units` (all or some of the job's) now.
    pub fn judge(&self, units: &[&'u Unit]) -> Vec<(&'u Unit, UnitSummary)> {
        summarise_units(self.hierarchy, units, self.set, self.values, self.day, self.year)
    }
}

/// A provider of unit summaries; it answers every unit of the job, in the
/// job's order.
pub trait SummarySource: Sync {
    fn summaries<'u>(&self, job: &SummaryJob<'_, 'u>) -> Vec<(&'u Unit, UnitSummary)>;
}

/// Every unit judged afresh.
#[derive(Clone, Copy, Debug, Default)]
pub struct Judge;

impl SummarySource for Judge {
    fn summaries<'u>(&self, job: &SummaryJob<'_, 'u>) -> Vec<(&'u Unit, UnitSummary)> {
        job.judge(job.units)
    }
}
