//! NTM recognition records: the decision that recognised a unit as meeting
//! the standard (or the advanced or model tier), under which criteria set.

use time::Date;

use crate::unit::UnitId;

/// The tier a unit was recognised at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Đạt chuẩn nông thôn mới.
    Standard,
    /// Nông thôn mới nâng cao.
    Advanced,
    /// Nông thôn mới kiểu mẫu.
    Model,
}

impl Tier {
    pub fn key(self) -> &'static str {
        match self {
            Tier::Standard => "ntm",
            Tier::Advanced => "nang_cao",
            Tier::Model => "kieu_mau",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Tier::Standard => "đạt chuẩn nông thôn mới",
            Tier::Advanced => "đạt chuẩn nông thôn mới nâng cao",
            Tier::Model => "đạt chuẩn nông thôn mới kiểu mẫu",
        }
    }

    pub fn parse(s: &str) -> Option<Tier> {
        match s.trim() {
            "ntm" | "standard" => Some(Tier::Standard),
            "nang_cao" | "advanced" => Some(Tier::Advanced),
            "kieu_mau" | "model" => Some(Tier::Model),
            _ => None,
        }
    }
}

/// A recognition decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recognition {
    pub unit: UnitId,
    pub tier: Tier,
    /// "935/QĐ-UBND"
    pub decision: String,
    pub decided_on: Date,
    /// The criteria set (or the older document) it was judged under.
    pub judged_under: Option<String>,
    pub revoked_on: Option<Date>,
    pub note: Option<String>,
}

impl Recognition {
    pub fn in_force(&self, day: Date) -> bool {
        self.decided_on <= day && self.revoked_on.is_none_or(|r| day < r)
    }

    /// "Quyết định 935/QĐ-UBND ngày 28/08/2017".
    pub fn decision_label(&self) -> String {
        format!(
            "Quyết định {} ngày {}",
            self.decision,
            crate::validity::format_date_vi(self.decided_on)
        )
    }

    /// "QĐ 935/2017": the decision's number and year, for a narrow cell
    /// (the full label goes beside it, as its title).
    pub fn short_label(&self) -> String {
        let number = self.decision.split('/').next().unwrap_or(&self.decision).trim();
        format!("QĐ {number}/{}", self.decided_on.year())
    }
}
