//! Figures as an imported or recorded document states them. Hand-made
//! reports contradict themselves and each other; the system keeps what they
//! claimed, where (document and place), and compares it with what the values
//! give, with the document's own numbers, and with the other documents of
//! the same unit and period, so that taking in old data points at every
//! contradiction instead of silently correcting it.

use crate::period::Period;
use crate::quantity::Quantity;
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
    /// "04/16 xã đã được công nhận đạt chuẩn": communes holding a recognition.
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
    /// "Đã giải ngân được 3.890 triệu đồng (của 5.939), đạt 65,6%": a
    /// percentage printed with the two numbers it should come from. `printed`
    /// is written as the document writes it ("65,6"): its decimals give the
    /// tolerance of its rounding.
    StatedPercent {
        label: String,
        part: Quantity,
        whole: Quantity,
        printed: String,
    },
    /// "03 xã không đạt tiêu chí gồm Sì Lở Lầu, Vàng Ma Chải": a count with
    /// the communes (codes) it names. With a criterion and a status, the
    /// list means every commune in that status for the criterion, and a
    /// commune the values put there but the list leaves out is missing from
    /// the figure.
    NamedCount {
        label: String,
        count: u32,
        communes: Vec<String>,
        #[serde(default)]
        criterion: Option<String>,
        #[serde(default)]
        status: Option<NamedStatus>,
    },
}

/// What the communes of a [`Claim::NamedCount`] are, for a criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NamedStatus {
    Met,
    NotMet,
}

/// A claim with where it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportedFigure {
    pub unit: UnitId,
    pub period: Period,
    /// "Báo cáo kết quả thực hiện Chương trình MTQG xây dựng NTM năm 2023 của UBND huyện Phong Thổ".
    pub document: String,
    /// Where in it: "mục II.1.2.h", "trang 4".
    pub place: String,
    pub claim: Claim,
}

impl ReportedFigure {
    /// "document, place" (the document alone without a place).
    pub fn source(&self) -> String {
        if self.place.trim().is_empty() {
            self.document.clone()
        } else {
            format!("{}, {}", self.document, self.place)
        }
    }
}
