//! Figures as an imported document states them. Hand-made reports contradict
//! themselves; the system keeps what they claimed and compares it with what
//! the values give, so that taking in old data points at the contradictions.

use crate::period::Period;
use crate::unit::UnitId;

/// One statement of a document about a unit and period.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Claim {
    /// "Có 13/16 xã đạt tiêu chí Thông tin và truyền thông".
    CriterionCount { criterion: String, count: u32 },
    /// "Số xã đạt 19 tiêu chí: 04 xã".
    BracketCount { min: u32, max: u32, count: u32 },
    /// "Bình quân đạt 11,06 tiêu chí/xã" (in hundredths).
    Average { hundredths: i64 },
    /// "04/16 xã đã được công nhận đạt chuẩn".
    StandardCount { count: u32 },
    /// "146,51km/187,62km, đạt 75%": the percent printed for an indicator
    /// quantity (in hundredths).
    QuantityPercent { indicator: String, hundredths: i64 },
    /// "Xã Mường So: số tiêu chí đã đạt 15/19 (tiêu chí 1, 2, ...)".
    CommuneCriteria {
        commune: String,
        count: u32,
        listed: Option<Vec<String>>,
    },
}

/// A claim with where it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportedFigure {
    pub unit: UnitId,
    pub period: Period,
    /// "Báo cáo huyện Phong Thổ năm 2023, mục II.2".
    pub source: String,
    pub claim: Claim,
}
