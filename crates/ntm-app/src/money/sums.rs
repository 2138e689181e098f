//! Money added up exactly: a sum that does not fit is an error naming what
//! was being added, and a part no document gives stays "no data" (`None`),
//! never 0.

use ntm_core::money::Contribution;
use ntm_core::quantity::Quantity;

use crate::error::{AppError, Result};

/// `a + b`, or an error naming what was being added.
pub(super) fn add(a: Quantity, b: Quantity, what: &dyn Fn() -> String) -> Result<Quantity> {
    a.checked_add(b).ok_or_else(|| {
        AppError::Invalid(format!(
            "không tính được {}: tổng vượt quá giới hạn; kiểm tra lại số tiền",
            what()
        ))
    })
}

/// `a + b` where either may be missing: missing only when both are.
pub(super) fn add_known(
    a: Option<Quantity>,
    b: Option<Quantity>,
    what: &dyn Fn() -> String,
) -> Result<Option<Quantity>> {
    Ok(match (a, b) {
        (Some(a), Some(b)) => Some(add(a, b, what)?),
        (x, None) | (None, x) => x,
    })
}

/// A contribution's amounts, exact (`None`: not given).
#[derive(Debug, Clone, Copy, Default)]
pub struct ContributionAmounts {
    pub cash: Option<Quantity>,
    pub labour_days: Option<Quantity>,
    pub labour_value: Option<Quantity>,
    pub land_m2: Option<Quantity>,
    pub households: Option<u32>,
    pub money: Option<Quantity>,
}

impl ContributionAmounts {
    pub fn of(c: &Contribution) -> ContributionAmounts {
        ContributionAmounts {
            cash: c.cash,
            labour_days: c.labour_days,
            labour_value: c.labour_value(),
            land_m2: c.land_m2,
            households: c.households,
            money: c.money_equivalent(),
        }
    }

    /// The two added part by part; a part stays missing only when both miss it.
    pub fn plus(&self, a: &ContributionAmounts, what: &dyn Fn() -> String) -> Result<ContributionAmounts> {
        Ok(ContributionAmounts {
            cash: add_known(self.cash, a.cash, what)?,
            labour_days: add_known(self.labour_days, a.labour_days, what)?,
            labour_value: add_known(self.labour_value, a.labour_value, what)?,
            land_m2: add_known(self.land_m2, a.land_m2, what)?,
            households: match (self.households, a.households) {
                (Some(x), Some(y)) => {
                    Some(x.checked_add(y).ok_or_else(|| {
                        AppError::Invalid(format!("không tính được {}: quá nhiều hộ", what()))
                    })?)
                }
                (x, None) | (None, x) => x,
            },
            money: add_known(self.money, a.money, what)?,
        })
    }
}
