//! Whether an actor may change one value or assessment now: the one rule the
//! entry form, a save, an import and the unit page's actions all ask. It
//! takes the actor's right over the criterion or indicator
//! ([`can_edit`]) and then the approval locks ([`LockBook`]); a value the
//! actor may not change is refused before anything is said about what it
//! holds.

use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::unit::Unit;

use crate::accounts::access::{Actor, Target, can_edit};
use ntm_store::AgencyData;

use crate::plans::LockBook;

/// Why a change is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// The actor has no right over it (the caller words it).
    Denied,
    /// An approval lock closes it: the lock's own words.
    Locked(String),
}

/// What the rule needs: who asks, the units and owners, and the locks of
/// the periods being changed.
#[derive(Clone, Copy, Debug)]
pub struct ChangeRights<'a> {
    pub actor: &'a Actor,
    pub hierarchy: &'a Hierarchy,
    pub agencies: &'a AgencyData,
    pub locks: &'a LockBook,
}

impl ChangeRights<'_> {
    /// May the actor change the assessment (`indicator`: `None`) or the
    /// value of `criterion` in the set's namespace, for `unit` in `period`?
    pub fn check(
        &self,
        unit: &Unit,
        period: Period,
        namespace: &str,
        criterion: &str,
        indicator: Option<&str>,
    ) -> Result<(), ChangeRefusal> {
        let target = Target {
            unit,
            namespace,
            criterion,
            indicator,
            day: self.hierarchy.reference_date(unit, period),
        };
        if !can_edit(self.actor, self.hierarchy, self.agencies, target) {
            return Err(ChangeRefusal::Denied);
        }
        match self
            .locks
            .refusal(self.hierarchy, unit, period, criterion, indicator)
        {
            Some(lock) => Err(ChangeRefusal::Locked(lock)),
            None => Ok(()),
        }
    }
}
