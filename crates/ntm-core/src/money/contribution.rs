//! What the community gives: cash, labour days (with their money
//! equivalent at a rate per day), land, and the households that gave. What
//! a document does not give is `None` ("chưa có số liệu"), never 0.

use crate::quantity::{Quantity, SCALE};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contribution {
    pub year: i32,
    /// The project it went to, if one.
    #[serde(default)]
    pub project: Option<String>,
    /// Million VND.
    #[serde(default)]
    pub cash: Option<Quantity>,
    #[serde(default)]
    pub labour_days: Option<Quantity>,
    /// Million VND per labour day (0,2 = 200.000 đồng).
    #[serde(default)]
    pub day_rate: Quantity,
    #[serde(default)]
    pub land_m2: Option<Quantity>,
    #[serde(default)]
    pub households: Option<u32>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Why a contribution cannot be kept, with the field at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContributionError {
    #[error("{what} không được âm")]
    Negative { field: &'static str, what: &'static str },
    /// Labour days are counted in money at their rate: without one they
    /// would count as nothing.
    #[error("có ngày công thì cần đơn giá ngày công (triệu đồng/ngày)")]
    NoDayRate,
}

impl ContributionError {
    /// The field (column) at fault.
    pub fn field(&self) -> &'static str {
        match self {
            ContributionError::Negative { field, .. } => field,
            ContributionError::NoDayRate => "day_rate",
        }
    }
}

impl Contribution {
    /// The rules a contribution keeps, however it is entered: no amount
    /// below zero, and labour days with their day rate.
    pub fn check(&self) -> Result<(), ContributionError> {
        for (field, what, q) in [
            ("cash", "tiền", self.cash),
            ("labour_days", "ngày công", self.labour_days),
            ("day_rate", "đơn giá ngày công", Some(self.day_rate)),
            ("land_m2", "đất", self.land_m2),
        ] {
            if q.is_some_and(|q| q.raw() < 0) {
                return Err(ContributionError::Negative { field, what });
            }
        }
        if self.labour_days.is_some_and(|d| d.raw() > 0) && self.day_rate.raw() == 0 {
            return Err(ContributionError::NoDayRate);
        }
        Ok(())
    }

    /// Labour days at their rate, million VND, exactly; `None` without
    /// labour days or when it does not fit.
    pub fn labour_value(&self) -> Option<Quantity> {
        let days = self.labour_days?;
        let raw = i128::from(days.raw()) * i128::from(self.day_rate.raw()) / i128::from(SCALE);
        i64::try_from(raw).ok().map(Quantity::from_raw)
    }

    /// Cash and labour, million VND (land is counted in m², not money);
    /// `None` when neither is given.
    pub fn money_equivalent(&self) -> Option<Quantity> {
        match (self.cash, self.labour_value()) {
            (Some(c), Some(l)) => c.checked_add(l),
            (x, None) | (None, x) => x,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contribution_is_refused_below_zero_or_with_days_and_no_rate() {
        let q = |s: &str| Quantity::parse_vi(s).expect("amount");
        let ok = Contribution {
            year: 2026,
            project: None,
            cash: Some(q("10")),
            labour_days: None,
            day_rate: Quantity::ZERO,
            land_m2: None,
            households: None,
            note: None,
        };
        assert_eq!(ok.check(), Ok(()), "cash alone needs no rate");
        let negative = Contribution {
            land_m2: Some(q("-1")),
            ..ok.clone()
        };
        let e = negative.check().expect_err("negative land");
        assert_eq!(
            (e.field(), e.to_string().as_str()),
            ("land_m2", "đất không được âm")
        );
        let no_rate = Contribution {
            labour_days: Some(q("12")),
            ..ok.clone()
        };
        assert_eq!(no_rate.check(), Err(ContributionError::NoDayRate));
        let rated = Contribution {
            day_rate: q("0,2"),
            ..no_rate
        };
        assert_eq!(rated.check(), Ok(()));
    }

    #[test]
    fn labour_days_turn_into_money_at_their_rate() {
        let q = |s: &str| Quantity::parse_vi(s).expect("amount");
        let phong_tho = Contribution {
            year: 2023,
            project: None,
            cash: None,
            labour_days: Some(q("1.790")),
            day_rate: q("0,2"),
            land_m2: Some(q("58.690")),
            households: Some(279),
            note: None,
        };
        assert_eq!(
            phong_tho.money_equivalent(),
            Some(q("358")),
            "seed 001: 1.790 ngày công, 358,0 triệu đồng"
        );
        let muong_te = Contribution {
            labour_days: Some(q("3.726")),
            day_rate: q("0,25"),
            cash: Some(q("10,5")),
            land_m2: None,
            households: None,
            ..phong_tho
        };
        assert_eq!(muong_te.labour_value(), Some(q("931,5")));
        assert_eq!(muong_te.money_equivalent(), Some(q("942")));
        let nothing = Contribution {
            cash: None,
            labour_days: None,
            ..muong_te
        };
        assert_eq!(nothing.money_equivalent(), None, "no figure is no data, never 0");
    }
}
