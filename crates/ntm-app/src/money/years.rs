//! The years a unit's money page can show: those with capital (plans,
//! needs, what was mobilized, each year of a span), project allocations or
//! disbursements, or community contributions under the unit, and the
//! current year; newest first.

use std::collections::BTreeSet;

use ntm_core::money::{CapitalAmount, Contribution, Project};
use ntm_core::period::Period;
use ntm_core::unit::UnitId;

use crate::accounts::access::{Actor, within};
use crate::error::Result;
use crate::program::Program;
use crate::views::unit::visible_unit;

/// Capital spans are read year by year; a span wider than this is not
/// listed year by year (a mistake in the record, which the summary names).
pub(crate) const LONGEST_SPAN: i32 = 20;

impl Program {
    /// The years with money data under the unit `code` names in `year`
    /// (a district abolished since is still found), and the current year,
    /// newest first.
    pub async fn money_years(&self, actor: &Actor, code: &str, year: i32) -> Result<Vec<i32>> {
        let current = self.today().year();
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let unit = visible_unit(self, actor, &snapshot, code, Period::year(year))?;
        let under = |u: Option<UnitId>, year: i32| {
            let day = hierarchy.reference_date(unit, Period::year(year));
            u.is_some_and(|u| within(hierarchy, u, unit.id, day))
        };
        let mut years = BTreeSet::from([current]);
        for r in self.records::<CapitalAmount>(None).await? {
            let c = &r.value;
            if c.end_year >= c.start_year && c.end_year - c.start_year <= LONGEST_SPAN {
                years.extend((c.start_year..=c.end_year).filter(|y| under(r.unit, *y)));
            }
        }
        for r in self.records::<Project>(None).await? {
            let p = &r.value;
            let used = p
                .allocations
                .iter()
                .map(|a| a.year)
                .chain(p.disbursements.iter().map(|d| d.year));
            years.extend(used.filter(|y| under(r.unit, *y)).collect::<Vec<_>>());
        }
        for r in self.records::<Contribution>(None).await? {
            if under(r.unit, r.value.year) {
                years.insert(r.value.year);
            }
        }
        Ok(years.into_iter().rev().collect())
    }
}
