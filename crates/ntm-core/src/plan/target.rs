//! Targets of a district or province and how far along they are at a date.
//!
//! A target runs from the start of `start_year` to the end of `end_year`
//! (one year, or a phase such as 2021-2025). At a date before its end it is
//! met (already reached), on track (at least where a straight line from the
//! baseline to the target says it should be by now) or at risk; after its end
//! it is met or missed. A target on track by that line whose trend (the
//! projection to its end) falls short is at risk too: one status per target,
//! never "on track" beside "will miss". Every status comes with its reason,
//! in Vietnamese, its figures rounded to two decimals.

use time::{Date, Month};

use crate::aggregate::Stats;
use crate::quantity::Quantity;

/// What a target counts.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "metric", content = "subject", rename_all = "snake_case")]
pub enum TargetMetric {
    /// Communes meeting a criterion ("8/16 xã đạt tiêu chí Giao thông").
    CriterionCommunes(String),
    /// Communes recognised as meeting the standard ("đạt chuẩn NTM": a decision).
    StandardCommunes,
    /// Communes meeting every criterion of the set by their values ("đạt đủ 19 tiêu chí").
    AllCriteriaCommunes,
    /// Villages meeting every village criterion by their values: ntm holds no
    /// recognition decisions of villages, so the count says what it measures.
    StandardVillages,
    /// Average criteria met per commune.
    AverageCriteria,
    /// Communes whose criteria met fall in a bracket, by its label ("10-14 tiêu chí").
    CommunesInBracket(String),
    /// Communes under a number of criteria met ("không còn xã dưới 10 tiêu chí": at most 0).
    CommunesBelow(u32),
}

impl TargetMetric {
    /// Where a target of this metric is listed: criteria first, by number,
    /// then the other metrics by their number (a threshold) and key.
    pub fn listing_order(&self) -> (bool, u32, &'static str) {
        let number = match self {
            TargetMetric::CriterionCommunes(c) | TargetMetric::CommunesInBracket(c) => {
                c.trim().parse().unwrap_or(0)
            }
            TargetMetric::CommunesBelow(n) => *n,
            _ => 0,
        };
        (
            !matches!(self, TargetMetric::CriterionCommunes(_)),
            number,
            self.key(),
        )
    }

    pub fn key(&self) -> &'static str {
        match self {
            TargetMetric::CriterionCommunes(_) => "criterion_communes",
            TargetMetric::StandardCommunes => "standard_communes",
            TargetMetric::AllCriteriaCommunes => "all_criteria_communes",
            TargetMetric::StandardVillages => "standard_villages",
            TargetMetric::AverageCriteria => "average_criteria",
            TargetMetric::CommunesInBracket(_) => "communes_in_bracket",
            TargetMetric::CommunesBelow(_) => "communes_below",
        }
    }

    /// A metric from its key and subject, as files and forms write them.
    pub fn from_parts(key: &str, subject: Option<&str>) -> Result<TargetMetric, String> {
        let need = |what: &str| {
            subject
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .ok_or_else(|| format!("chỉ tiêu \"{key}\" cần {what}"))
        };
        Ok(match key {
            "criterion_communes" => TargetMetric::CriterionCommunes(need("mã tiêu chí")?),
            "standard_communes" => TargetMetric::StandardCommunes,
            "all_criteria_communes" => TargetMetric::AllCriteriaCommunes,
            "standard_villages" => TargetMetric::StandardVillages,
            "average_criteria" => TargetMetric::AverageCriteria,
            "communes_in_bracket" => TargetMetric::CommunesInBracket(need("nhóm (\"10 - 14 tiêu chí\")")?),
            "communes_below" => TargetMetric::CommunesBelow(
                need("số tiêu chí")?
                    .parse()
                    .map_err(|_| "số tiêu chí phải là số nguyên".to_string())?,
            ),
            other => {
                return Err(format!(
                    "loại chỉ tiêu \"{other}\" không có: dùng criterion_communes, standard_communes, all_criteria_communes, standard_villages, average_criteria, communes_in_bracket hoặc communes_below"
                ));
            }
        })
    }

    /// Whether less is better (the target is a ceiling).
    pub fn is_ceiling(&self) -> bool {
        matches!(self, TargetMetric::CommunesBelow(_))
    }

    /// "xã đạt tiêu chí Giao thông", given the criterion's name if known.
    pub fn label_vi(&self, criterion_name: Option<&str>) -> String {
        match self {
            TargetMetric::CriterionCommunes(c) => match criterion_name {
                Some(name) => format!("xã đạt tiêu chí {c} {name}"),
                None => format!("xã đạt tiêu chí {c}"),
            },
            TargetMetric::StandardCommunes => "xã được công nhận đạt chuẩn nông thôn mới".into(),
            TargetMetric::AllCriteriaCommunes => "xã đạt đủ các tiêu chí".into(),
            TargetMetric::StandardVillages => "thôn, bản đạt đủ các tiêu chí thôn, bản nông thôn mới".into(),
            TargetMetric::AverageCriteria => "bình quân tiêu chí/xã".into(),
            TargetMetric::CommunesInBracket(b) => format!("xã đạt {b}"),
            TargetMetric::CommunesBelow(n) => format!("xã dưới {n} tiêu chí"),
        }
    }
}

/// A target.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    #[serde(flatten)]
    pub metric: TargetMetric,
    pub start_year: i32,
    pub end_year: i32,
    pub value: Quantity,
    /// The document that sets it ("Kế hoạch 133/KH-UBND ngày 15/4/2024").
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Target {
    pub fn starts(&self) -> Date {
        Date::from_calendar_date(self.start_year, Month::January, 1).unwrap_or(Date::MIN)
    }

    pub fn ends(&self) -> Date {
        Date::from_calendar_date(self.end_year, Month::December, 31).unwrap_or(Date::MAX)
    }

    /// "năm 2024" or "giai đoạn 2021-2025".
    pub fn span_vi(&self) -> String {
        if self.start_year == self.end_year {
            format!("năm {}", self.end_year)
        } else {
            format!("giai đoạn {}-{}", self.start_year, self.end_year)
        }
    }
}

/// How a target stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Met,
    OnTrack,
    AtRisk,
    Missed,
    /// No figure to judge by yet.
    NoData,
}

impl TargetStatus {
    pub fn name_vi(self) -> &'static str {
        match self {
            TargetStatus::Met => "đã đạt",
            TargetStatus::OnTrack => "đúng tiến độ",
            TargetStatus::AtRisk => "có nguy cơ không đạt",
            TargetStatus::Missed => "không đạt",
            TargetStatus::NoData => crate::evaluation::NO_DATA,
        }
    }
}

/// A target judged at a date.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TargetProgress {
    pub target: Target,
    pub actual: Option<Quantity>,
    pub baseline: Option<Quantity>,
    /// Where a straight line from the baseline says the figure should be now.
    pub expected_now: Option<Quantity>,
    /// Where the trend of past years leads by the end, when it still runs.
    pub projected: Option<Quantity>,
    /// The projection falls short of the target (then the status is at risk).
    pub projection_misses: bool,
    pub status: TargetStatus,
    pub reason: String,
}

/// The figure a metric reads from a unit's statistics.
/// Figures over communes need judged communes (with data that decide a
/// criterion): without any, there is no figure, never 0.
pub fn measure(metric: &TargetMetric, stats: &Stats) -> Option<Quantity> {
    let count = |n: u32| Some(Quantity::from_int(i64::from(n)));
    let has_data = stats.is_judged();
    match metric {
        TargetMetric::CriterionCommunes(c) => stats
            .per_criterion
            .iter()
            .find(|x| x.criterion == *c)
            .filter(|_| has_data)
            .and_then(|x| count(x.met)),
        // "Đạt chuẩn" is a recognition decision, whatever the values say.
        TargetMetric::StandardCommunes => count(stats.recognized.count),
        TargetMetric::AllCriteriaCommunes => has_data.then(|| count(stats.all_criteria_met.count)).flatten(),
        TargetMetric::StandardVillages => stats
            .villages
            .as_ref()
            .filter(|v| v.judged > 0)
            .and_then(|v| count(v.all_criteria_met)),
        TargetMetric::AverageCriteria => {
            // Exact: criteria met over judged communes, to four decimals.
            has_data.then(|| {
                let raw = i64::from(stats.criteria_met_total) * crate::quantity::SCALE
                    / i64::from(stats.communes_judged);
                Quantity::from_raw(raw)
            })
        }
        TargetMetric::CommunesInBracket(label) => stats
            .brackets
            .iter()
            .find(|b| b.label == *label)
            .filter(|_| has_data)
            .and_then(|b| count(b.count)),
        TargetMetric::CommunesBelow(n) => has_data
            .then(|| {
                count(
                    stats
                        .per_commune
                        .iter()
                        .filter(|c| c.judged && c.met < *n)
                        .count() as u32,
                )
            })
            .flatten(),
    }
}

/// A figure in a reason: at most two decimals, only those needed ("11,06", "8").
fn text(q: Quantity) -> String {
    q.to_vi_string_rounded(2)
}

/// The fraction of the target's time gone by at `day`, in ten-thousandths.
fn elapsed(target: &Target, day: Date) -> i64 {
    let total = (target.ends() - target.starts()).whole_days().max(1);
    let gone = (day - target.starts()).whole_days().clamp(0, total);
    gone * 10_000 / total
}

/// Judges a target at a date, from the baseline (the figure before it
/// started), the latest figure and where the trend leads by the end
/// (`projected`, while the target still runs).
pub fn judge_target(
    target: &Target,
    baseline: Option<Quantity>,
    actual: Option<Quantity>,
    day: Date,
    projected: Option<Quantity>,
) -> TargetProgress {
    let goal = target.value;
    let reached = |a: Quantity| {
        if target.metric.is_ceiling() {
            a <= goal
        } else {
            a >= goal
        }
    };
    let (status, expected_now, reason) = match actual {
        None => (
            TargetStatus::NoData,
            None,
            "chưa có số liệu của kỳ nào trong thời gian thực hiện".to_string(),
        ),
        Some(a) if reached(a) => (
            TargetStatus::Met,
            None,
            format!("thực hiện {} so với chỉ tiêu {}", text(a), text(goal)),
        ),
        Some(a) if day > target.ends() => (
            TargetStatus::Missed,
            None,
            format!(
                "hết {}: thực hiện {} so với chỉ tiêu {}",
                target.span_vi(),
                text(a),
                text(goal)
            ),
        ),
        Some(a) => {
            let base = baseline.unwrap_or(a);
            let step = i128::from(goal.raw() - base.raw()) * i128::from(elapsed(target, day)) / 10_000;
            let expected = Quantity::from_raw(base.raw() + step as i64);
            let behind = if target.metric.is_ceiling() {
                a > expected
            } else {
                a < expected
            };
            if behind {
                (
                    TargetStatus::AtRisk,
                    Some(expected),
                    format!(
                        "thực hiện {}, theo tiến độ cần khoảng {} đến thời điểm này (chỉ tiêu {} đến {})",
                        text(a),
                        text(expected),
                        text(goal),
                        crate::validity::format_date_vi(target.ends())
                    ),
                )
            } else {
                (
                    TargetStatus::OnTrack,
                    Some(expected),
                    format!(
                        "thực hiện {}, không thấp hơn tiến độ cần ({}); chỉ tiêu {}",
                        text(a),
                        text(expected),
                        text(goal)
                    ),
                )
            }
        }
    };
    let misses = |p: Quantity| !reached(p);
    // A projection matters while the target runs and is not yet reached.
    let projection_misses =
        matches!(status, TargetStatus::OnTrack | TargetStatus::AtRisk) && projected.is_some_and(misses);
    let trend = |p: Quantity| {
        format!(
            "theo xu hướng các năm, đến {} dự báo đạt {}, {} chỉ tiêu {}",
            crate::validity::format_date_vi(target.ends()),
            text(p),
            if target.metric.is_ceiling() {
                "cao hơn"
            } else {
                "thấp hơn"
            },
            text(goal)
        )
    };
    let (status, reason) = match (status, projected, actual) {
        (TargetStatus::OnTrack, Some(p), Some(a)) if projection_misses => (
            TargetStatus::AtRisk,
            format!("thực hiện {}; {}", text(a), trend(p)),
        ),
        (TargetStatus::AtRisk, Some(p), _) if projection_misses => {
            (status, format!("{reason}; {}", trend(p)))
        }
        (status, _, _) => (status, reason),
    };
    TargetProgress {
        target: target.clone(),
        actual,
        baseline,
        expected_now,
        projected,
        projection_misses,
        status,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn target(value: i64) -> Target {
        Target {
            metric: TargetMetric::CriterionCommunes("2".into()),
            start_year: 2024,
            end_year: 2024,
            value: Quantity::from_int(value),
            source: None,
            note: None,
        }
    }

    fn q(n: i64) -> Option<Quantity> {
        Some(Quantity::from_int(n))
    }

    #[test]
    fn targets_list_criteria_by_number_then_the_other_metrics() {
        let mut metrics = vec![
            TargetMetric::StandardCommunes,
            TargetMetric::CommunesBelow(10),
            TargetMetric::CriterionCommunes("10".into()),
            TargetMetric::AverageCriteria,
            TargetMetric::CommunesBelow(5),
            TargetMetric::CriterionCommunes("2".into()),
        ];
        metrics.sort_by_key(TargetMetric::listing_order);
        assert_eq!(
            metrics,
            vec![
                TargetMetric::CriterionCommunes("2".into()),
                TargetMetric::CriterionCommunes("10".into()),
                TargetMetric::AverageCriteria,
                TargetMetric::StandardCommunes,
                TargetMetric::CommunesBelow(5),
                TargetMetric::CommunesBelow(10),
            ]
        );
    }

    #[test]
    fn a_target_goes_from_on_track_to_at_risk_to_met_or_missed_through_its_year() {
        let t = target(8);
        // 1 January: nothing is expected yet.
        assert_eq!(
            judge_target(&t, q(4), q(4), date!(2024 - 01 - 01), None).status,
            TargetStatus::OnTrack
        );
        // Mid-year with no progress: 6 expected by now.
        let mid = judge_target(&t, q(4), q(4), date!(2024 - 07 - 01), None);
        assert_eq!(mid.status, TargetStatus::AtRisk);
        // 4 + 4 × 182/365 days.
        assert_eq!(mid.expected_now, Some(Quantity::from_raw(59_944)), "{mid:?}");
        assert!(mid.reason.contains("cần khoảng"), "{}", mid.reason);
        // Mid-year with progress: on track.
        assert_eq!(
            judge_target(&t, q(4), q(6), date!(2024 - 07 - 01), None).status,
            TargetStatus::OnTrack
        );
        // Reached: met, even before the end.
        assert_eq!(
            judge_target(&t, q(4), q(8), date!(2024 - 10 - 01), None).status,
            TargetStatus::Met
        );
        // The year over, not reached: missed.
        let missed = judge_target(&t, q(4), q(7), date!(2025 - 01 - 01), None);
        assert_eq!(missed.status, TargetStatus::Missed);
        assert_eq!(missed.reason, "hết năm 2024: thực hiện 7 so với chỉ tiêu 8");
        assert_eq!(
            judge_target(&t, q(4), None, date!(2024 - 03 - 01), None).status,
            TargetStatus::NoData
        );
    }

    #[test]
    fn a_ceiling_is_met_at_or_below_it() {
        let t = Target {
            metric: TargetMetric::CommunesBelow(10),
            value: Quantity::ZERO,
            ..target(0)
        };
        assert_eq!(
            judge_target(&t, q(4), q(0), date!(2024 - 06 - 01), None).status,
            TargetStatus::Met
        );
        assert_eq!(
            judge_target(&t, q(4), q(4), date!(2024 - 09 - 01), None).status,
            TargetStatus::AtRisk
        );
        assert_eq!(
            judge_target(&t, q(4), q(1), date!(2025 - 02 - 01), None).status,
            TargetStatus::Missed
        );
    }

    #[test]
    fn a_target_on_track_whose_trend_misses_is_at_risk_and_says_why() {
        let t = Target {
            end_year: 2025,
            ..target(8)
        };
        // 4 → 8 over 2024-2025: about 6 expected at the end of 2024.
        let on_line = judge_target(&t, q(4), q(6), date!(2024 - 12 - 31), None);
        assert_eq!(on_line.status, TargetStatus::OnTrack, "{}", on_line.reason);
        let short = judge_target(&t, q(4), q(6), date!(2024 - 12 - 31), q(7));
        assert_eq!(short.status, TargetStatus::AtRisk);
        assert!(short.projection_misses);
        assert_eq!(
            short.reason,
            "thực hiện 6; theo xu hướng các năm, đến 31/12/2025 dự báo đạt 7, thấp hơn chỉ tiêu 8"
        );
        // A trend reaching the target leaves it on track; a met target is met.
        let fine = judge_target(&t, q(4), q(6), date!(2024 - 12 - 31), q(8));
        assert_eq!(
            (fine.status, fine.projection_misses),
            (TargetStatus::OnTrack, false)
        );
        let met = judge_target(&t, q(4), q(8), date!(2024 - 12 - 31), q(7));
        assert_eq!((met.status, met.projection_misses), (TargetStatus::Met, false));
    }

    #[test]
    fn reasons_round_figures_to_two_decimals() {
        let t = Target {
            metric: TargetMetric::AverageCriteria,
            value: Quantity::from_int(15),
            ..target(0)
        };
        let p = judge_target(
            &t,
            None,
            Some(Quantity::from_raw(110_625)),
            date!(2025 - 01 - 01),
            None,
        );
        assert_eq!(p.reason, "hết năm 2024: thực hiện 11,06 so với chỉ tiêu 15");
    }
}
