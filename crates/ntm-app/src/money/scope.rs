//! Where and when a money summary looks: the unit, its day and year, and
//! which records are the unit's (held by it or by a unit under it).

use ntm_core::hierarchy::Hierarchy;
use ntm_core::unit::{Unit, UnitId};
use time::Date;

use super::coverage::{MoneyCoverage, money_coverage};
use crate::accounts::access::within;

pub(super) struct Scope<'a> {
    pub hierarchy: &'a Hierarchy,
    pub unit: &'a Unit,
    /// The unit's reference day in the year.
    pub day: Date,
    pub year: i32,
    /// Today, for what is late or overdue.
    pub today: Date,
}

impl Scope<'_> {
    /// Whether a record held by `holder` counts in the unit's money.
    pub fn holds(&self, holder: Option<UnitId>) -> bool {
        holder.is_some_and(|u| within(self.hierarchy, u, self.unit.id, self.day))
    }

    /// Whose records `holders` are, among the unit's subdivisions.
    pub fn coverage(&self, holders: &[UnitId]) -> Option<MoneyCoverage> {
        money_coverage(self.hierarchy, self.unit, self.day, self.year, holders)
    }

    /// The codes of the communes under `holders` (each a commune or above).
    pub fn communes_under(&self, holders: &[UnitId]) -> std::collections::BTreeSet<String> {
        holders
            .iter()
            .flat_map(|h| {
                self.hierarchy
                    .subtree_at(*h, self.day, super::coverage::COMMUNE_LEVEL)
            })
            .map(|u| u.code.to_string())
            .collect()
    }

    /// A commune's name from its code, the code itself when none has it.
    pub fn commune_name(&self, code: &str) -> String {
        let period = ntm_core::period::Period::year(self.year);
        code.parse()
            .ok()
            .and_then(|c| self.hierarchy.resolve(&c, period).ok())
            .map_or(code.to_string(), |u| u.name.clone())
    }
}
