//! What the community gives: cash, labour days (with their money
//! equivalent at a rate per day), land, and the households that gave.

use crate::quantity::{Quantity, SCALE};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contribution {
    pub year: i32,
    /// The project it went to, if one.
    #[serde(default)]
    pub project: Option<String>,
    /// Million VND.
    #[serde(default)]
    pub cash: Quantity,
    #[serde(default)]
    pub labour_days: Quantity,
    /// Million VND per labour day (0,2 = 200.000 đồng).
    #[serde(default)]
    pub day_rate: Quantity,
    #[serde(default)]
    pub land_m2: Quantity,
    #[serde(default)]
    pub households: u32,
    #[serde(default)]
    pub note: Option<String>,
}

impl Contribution {
    /// Labour days at their rate, million VND, exactly.
    pub fn labour_value(&self) -> Quantity {
        let raw = i128::from(self.labour_days.raw()) * i128::from(self.day_rate.raw()) / i128::from(SCALE);
        Quantity::from_raw(raw.clamp(0, i128::from(i64::MAX)) as i64)
    }

    /// Cash and labour, million VND (land is counted in m², not money).
    pub fn money_equivalent(&self) -> Quantity {
        Quantity::from_raw(self.cash.raw().saturating_add(self.labour_value().raw()))
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
            cash: Quantity::ZERO,
            labour_days: q("1.790"),
            day_rate: q("0,2"),
            land_m2: q("58.690"),
            households: 279,
            note: None,
        };
        assert_eq!(
            phong_tho.money_equivalent(),
            q("358"),
            "seed 001: 1.790 ngày công, 358,0 triệu đồng"
        );
        let muong_te = Contribution {
            labour_days: q("3.726"),
            day_rate: q("0,25"),
            cash: q("10,5"),
            ..phong_tho
        };
        assert_eq!(muong_te.labour_value(), q("931,5"));
        assert_eq!(muong_te.money_equivalent(), q("942"));
    }
}
