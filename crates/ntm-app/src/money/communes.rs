//! The communes under a unit whose community contributions the actor may
//! record for a year: the choices of the money page's contribution form.

use ntm_core::aggregate::UnitRef;
use ntm_core::period::Period;

use super::coverage::COMMUNE_LEVEL;
use crate::accounts::access::{Actor, can_act_for};
use crate::error::Result;
use crate::program::Program;
use crate::views::unit::visible_unit;

impl Program {
    /// The communes under `code` (or the commune itself) in `year` for which
    /// `actor` may record contributions, in the hierarchy's order.
    pub async fn contribution_communes(&self, actor: &Actor, code: &str, year: i32) -> Result<Vec<UnitRef>> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let period = Period::year(year);
        let unit = visible_unit(self, actor, &snapshot, code, period)?;
        let day = hierarchy.reference_date(unit, period);
        Ok(hierarchy
            .subtree_at(unit.id, day, COMMUNE_LEVEL)
            .into_iter()
            .filter(|c| can_act_for(actor, hierarchy, c, day))
            .map(UnitRef::of)
            .collect())
    }
}
