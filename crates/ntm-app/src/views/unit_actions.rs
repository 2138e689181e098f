//! What an actor may do on one unit's pages, from the same rules the
//! services enforce ([`crate::accounts::access`]): pages show a control only when its
//! action would be allowed, so that no role sees a button it may not press.

use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::unit::Unit;
use time::Date;

use crate::accounts::access::{Actor, can_act_for, can_administer, can_coordinate, can_enter_data};
use crate::error::Result;
use crate::program::Program;
use crate::views::unit::visible_unit;

/// The actions open to an actor on a unit in a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnitActions {
    /// Enter data at all: forms, import files, entry templates.
    pub enter_data: bool,
    /// Set targets, capital and projects, approve and reopen (the
    /// coordination office of the unit or above it).
    pub coordinate: bool,
    /// Register criteria, record contributions, submit reports (its
    /// commune officers and whoever coordinates it).
    pub act_for: bool,
    /// Manage units, boundaries, criteria sets and users.
    pub administer: bool,
}

impl UnitActions {
    /// What `actor` may do on `unit` on `day`.
    pub fn of(actor: &Actor, hierarchy: &Hierarchy, unit: &Unit, day: Date) -> UnitActions {
        UnitActions {
            enter_data: can_enter_data(actor),
            coordinate: can_coordinate(actor, hierarchy, unit, day),
            act_for: can_act_for(actor, hierarchy, unit, day),
            administer: can_administer(actor),
        }
    }
}

impl Program {
    /// What `actor` may do on the unit `code` names in `period`; a unit the
    /// actor may not see answers as an unknown code does.
    pub async fn unit_actions(&self, actor: &Actor, code: &str, period: Period) -> Result<UnitActions> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let unit = visible_unit(self, actor, &snapshot, code, period)?;
        Ok(UnitActions::of(
            actor,
            hierarchy,
            unit,
            hierarchy.reference_date(unit, period),
        ))
    }
}
