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

impl Contribution {
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
