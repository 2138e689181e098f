//! What a unit's page shows, decided once: a unit that ended points to its
//! successors, a district or province is shown by its overview, and a
//! commune, town or village gets its detail, the entry form it may use, the
//! actions open to the user and the notice of a report sent back.

use ntm_core::period::Period;
use ntm_core::unit::UnitKind;

use crate::accounts::access::Actor;
use crate::entry::form::EntryForm;
use crate::error::Result;
use crate::plans::CycleRow;
use crate::program::Program;
use crate::units::successors::EndedUnit;
use crate::views::unit::{UnitDetail, visible_unit};
use crate::views::unit_actions::UnitActions;

/// A unit's page, or where it is shown instead.
#[derive(Debug)]
pub enum UnitPageView {
    /// The unit no longer exists in the period: its successors.
    Ended(Box<EndedUnit>),
    /// A district or province: its figures are on its overview.
    Aggregate,
    Unit(Box<UnitPage>),
}

/// The page of a commune, town or village.
#[derive(Debug)]
pub struct UnitPage {
    pub detail: UnitDetail,
    /// The entry form, for the evidence it may attach to; `None` when the
    /// unit's period has no form for this user.
    pub form: Option<EntryForm>,
    pub actions: UnitActions,
    /// Whether the user may change some value or assessment now (their
    /// rights, and no approval lock closing all of them).
    pub may_enter: bool,
    /// Whether the user sends this commune's report (from its cycle page).
    pub sends_report: bool,
    /// The commune's report for the period, if it was sent back.
    pub returned: Option<CycleRow>,
}

impl Program {
    /// The page of the unit `code` in `period` for `actor`; a unit the
    /// actor may not see answers as an unknown code does.
    pub async fn unit_page(&self, actor: &Actor, code: &str, period: Period) -> Result<UnitPageView> {
        if let Some(ended) = self.ended_unit(actor, code, period).await? {
            return Ok(UnitPageView::Ended(Box::new(ended)));
        }
        let snapshot = self.snapshot().await?;
        let unit = visible_unit(self, actor, &snapshot, code, period)?;
        if unit.kind.is_aggregate() {
            return Ok(UnitPageView::Aggregate);
        }
        let detail = self.detail_of(actor, &snapshot, unit, period).await?;
        // Any refusal of the form (no set in the period) means no form.
        let form = self.form_of(actor, &snapshot, unit, period).await.ok();
        let day = snapshot.hierarchy.reference_date(unit, period);
        let actions = UnitActions::of(actor, &snapshot.hierarchy, unit, day);
        let is_commune = unit.kind == UnitKind::Commune;
        let returned = if is_commune {
            self.returned_report(actor, code, period).await?
        } else {
            None
        };
        Ok(UnitPageView::Unit(Box::new(UnitPage {
            may_enter: form.as_ref().is_some_and(|f| f.editable > 0),
            sends_report: actions.act_for && is_commune,
            detail,
            form,
            actions,
            returned,
        })))
    }
}
