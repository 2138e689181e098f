//! Vietnamese explanations of results: the value, the threshold and why it
//! applies, and what is missing.

use crate::criteria::{Indicator, Target};
use crate::evaluation::criterion::{Basis, CriterionResult, CriterionStatus};
use crate::evaluation::indicator::{Gap, IndicatorResult, IndicatorStatus};

/// "≥ 80%", "đạt", "≤ 24%", "≥ 45 triệu đồng/người/năm", "chưa rõ".
pub fn target_text(indicator: &Indicator, target: Target) -> String {
    let unit = || match indicator.kind {
        crate::criteria::IndicatorKind::Ratio => "%".to_string(),
        _ => indicator
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default(),
    };
    match target {
        Target::Unknown => "chưa rõ".to_string(),
        Target::Yes => "đạt".to_string(),
        Target::AtLeast(q) => format!("≥ {}{}", q.to_vi_string(), unit()),
        Target::AtMost(q) => format!("≤ {}{}", q.to_vi_string(), unit()),
        Target::LevelAtLeast(l) => format!(
            "từ {} trở lên",
            indicator
                .levels
                .get(usize::from(l))
                .map(String::as_str)
                .unwrap_or("?")
        ),
    }
}

impl IndicatorResult<'_> {
    /// The threshold applied, with its unit: "≥ 80%".
    pub fn threshold_text(&self) -> String {
        if self.threshold.ungrouped {
            return "chưa xác định được vì xã chưa xếp nhóm".to_string();
        }
        target_text(self.indicator, self.threshold.target())
    }

    /// What is missing: "còn thiếu 91,55 km", or `None` when nothing is.
    pub fn gap_text(&self) -> Option<String> {
        let unit = self
            .indicator
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        Some(match self.gap? {
            Gap::Shortfall(q) => format!("còn thiếu {}{unit}", q.to_vi_string()),
            Gap::Excess(q) => format!("cần giảm {}{unit}", q.to_vi_string()),
            Gap::PercentPointsShort(q) => format!("còn thiếu {} điểm phần trăm", q.to_vi_string()),
            Gap::PercentPointsOver(q) => {
                format!("vượt {} điểm phần trăm so với mức tối đa", q.to_vi_string())
            }
            Gap::Levels(n) => format!("còn thiếu {n} mức"),
        })
    }

    /// The value as read: "226,84/318,39 km (71,25%)" or "chưa có số liệu".
    pub fn value_text(&self) -> String {
        match self.value {
            Some(v) => {
                let text = v.display_vi(self.indicator);
                if self.borrowed {
                    format!("{text} (lấy từ số liệu của bộ tiêu chí khác)")
                } else {
                    text
                }
            }
            None => super::NO_DATA.to_string(),
        }
    }

    /// One sentence: value; threshold (why); result and gap.
    pub fn explain(&self) -> String {
        let mut out = format!(
            "{} {}: {}; ngưỡng {} ({}); {}",
            self.indicator.code,
            self.indicator.name,
            self.value_text(),
            self.threshold_text(),
            self.threshold.reason_vi(),
            self.status.name_vi()
        );
        if let Some(gap) = self.gap_text() {
            out.push_str(", ");
            out.push_str(&gap);
        }
        out.push('.');
        out
    }
}

impl CriterionResult<'_> {
    /// Why the criterion has its status, in one sentence.
    pub fn explain(&self) -> String {
        let head = format!(
            "Tiêu chí {} {}: {}",
            self.criterion.code,
            self.criterion.name,
            self.status.name_vi()
        );
        let unmet: Vec<&str> = self
            .indicators
            .iter()
            .filter(|r| r.status == IndicatorStatus::NotMet)
            .map(|r| r.indicator.code.as_str())
            .collect();
        let reason = match self.basis {
            Basis::Indicators if self.status == CriterionStatus::Met => {
                "theo số liệu các chỉ tiêu, tất cả đều đạt".to_string()
            }
            Basis::Indicators => format!("theo số liệu, chỉ tiêu chưa đạt: {}", unmet.join(", ")),
            Basis::Assessment => {
                "theo kết quả đánh giá tiêu chí đã ghi nhận (số liệu chỉ tiêu chưa đủ để tự đánh giá)"
                    .to_string()
            }
            Basis::Nothing => "chưa có số liệu chỉ tiêu và chưa có kết quả đánh giá".to_string(),
        };
        let mut out = format!("{head} — {reason}");
        if self.is_conflict() {
            let said = if self.assessment == Some(true) {
                "đạt"
            } else {
                "chưa đạt"
            };
            out.push_str(&format!(
                "; lưu ý: kết quả đánh giá ghi \"{said}\", mâu thuẫn với số liệu"
            ));
        }
        out.push('.');
        out
    }
}
