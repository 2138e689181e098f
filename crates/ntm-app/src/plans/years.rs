//! The years a unit's plan page can show: those with a target of the unit
//! (each year of its span) or a registration under it, those with values,
//! and the current year, each while a unit of that code exists (a district
//! abolished in 2025 lists no later year); newest first.

use std::collections::BTreeSet;

use ntm_core::period::{Period, is_valid_year};
use ntm_core::plan::{Registration, Target};

use crate::accounts::access::{Actor, within};
use crate::error::Result;
// A target's span is read year by year as a capital span is.
use crate::money::years::LONGEST_SPAN;
use crate::program::Program;
use crate::views::unit::visible_unit;

impl Program {
    /// The years with plan records or values for the unit `code` names in
    /// `year`, and the current year, newest first.
    pub async fn plan_years(&self, actor: &Actor, code: &str, year: i32) -> Result<Vec<i32>> {
        let current = self.today().year();
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let unit = visible_unit(self, actor, &snapshot, code, Period::year(year))?;
        let mut years = BTreeSet::from([current]);
        for r in self.records::<Target>(None).await? {
            let t = &r.value;
            if r.unit == Some(unit.id)
                && t.end_year >= t.start_year
                && t.end_year - t.start_year <= LONGEST_SPAN
            {
                years.extend(t.start_year..=t.end_year);
            }
        }
        for r in self.records::<Registration>(None).await? {
            let day = hierarchy.reference_date(unit, Period::year(r.value.year));
            if r.unit.is_some_and(|u| within(hierarchy, u, unit.id, day)) {
                years.insert(r.value.year);
            }
        }
        for p in self.store().periods_with_data().await? {
            years.insert(p.calendar_year());
        }
        let code = unit.code.clone();
        let lived = |y: i32| {
            hierarchy
                .units_with_code(&code)
                .any(|u| u.validity.overlaps(Period::year(y)))
        };
        Ok(years
            .into_iter()
            .rev()
            .filter(|y| is_valid_year(*y) && lived(*y))
            .collect())
    }
}
