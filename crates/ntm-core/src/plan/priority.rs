//! What is missing and what to do first. Leaders are told to start with the
//! criteria "that cost little, are easy, or are nearly met" (seed 001): the
//! ranking puts first the commune-criterion pairs with the fewest unmet
//! indicators, the smallest share still missing, and the lowest estimated cost.

use crate::evaluation::{CriterionStatus, Gap, IndicatorStatus, UnitEvaluation};
use crate::quantity::{Quantity, SCALE};

/// The cost of closing one unit of an indicator's gap ("1 km of road":
/// 1.500 million VND), configurable per indicator.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnitCost {
    pub namespace: String,
    pub indicator: String,
    /// Million VND per unit of the indicator's quantity.
    pub cost: Quantity,
    #[serde(default)]
    pub note: Option<String>,
}

/// One unmet indicator of a commune.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GapLine {
    pub criterion: String,
    pub criterion_name: String,
    pub indicator: String,
    pub indicator_name: String,
    /// "còn thiếu 91,55 km".
    pub gap: String,
    /// How much of what is needed is still missing, in ten-thousandths (0..=10000);
    /// `None` when the value says only met or not met.
    pub missing_share: Option<i64>,
    /// Shortfall × unit cost, million VND.
    pub cost: Option<Quantity>,
}

/// A commune-criterion pair to work on.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PriorityItem {
    pub unit_code: String,
    pub unit_name: String,
    pub namespace: String,
    pub criterion: String,
    pub criterion_name: String,
    pub gaps: Vec<GapLine>,
    /// Unmet indicators with values; criteria judged by assessment have none.
    pub unmet_indicators: usize,
    /// Indicators without a value.
    pub unknown_indicators: usize,
    pub missing_share: Option<i64>,
    pub estimated_cost: Option<Quantity>,
    /// Why it ranks where it does.
    pub reason: String,
}

fn share(gap: &Gap, value: Option<crate::value::IndicatorValue>) -> Option<i64> {
    use crate::value::IndicatorValue;
    let hundred = 100 * SCALE;
    match (gap, value) {
        (Gap::Shortfall(q), Some(IndicatorValue::Ratio { total, .. })) if total.raw() > 0 => {
            Some((i128::from(q.raw()) * 10_000 / i128::from(total.raw())).clamp(0, 10_000) as i64)
        }
        (Gap::Excess(q), Some(IndicatorValue::Ratio { total, .. })) if total.raw() > 0 => {
            Some((i128::from(q.raw()) * 10_000 / i128::from(total.raw())).clamp(0, 10_000) as i64)
        }
        (Gap::PercentPointsShort(p) | Gap::PercentPointsOver(p), _) => {
            Some((i128::from(p.raw()) * 10_000 / i128::from(hundred)).clamp(0, 10_000) as i64)
        }
        (Gap::Shortfall(q), Some(IndicatorValue::Number(v))) => {
            let needed = v.raw() + q.raw();
            (needed > 0).then(|| (i128::from(q.raw()) * 10_000 / i128::from(needed)).clamp(0, 10_000) as i64)
        }
        _ => None,
    }
}

fn shortfall(gap: &Gap) -> Option<Quantity> {
    match gap {
        Gap::Shortfall(q) | Gap::Excess(q) => Some(*q),
        _ => None,
    }
}

/// The pairs of one commune's evaluation that are not met, with their gaps.
pub fn unmet_pairs(
    eval: &UnitEvaluation<'_>,
    namespace: &str,
    unit_code: &str,
    unit_name: &str,
    costs: &[UnitCost],
) -> Vec<PriorityItem> {
    eval.criteria
        .iter()
        .filter(|c| c.status != CriterionStatus::Met)
        .map(|c| {
            let gaps: Vec<GapLine> = c
                .indicators
                .iter()
                .filter(|r| r.status == IndicatorStatus::NotMet)
                .map(|r| {
                    let unit_cost = costs
                        .iter()
                        .find(|k| k.namespace == namespace && k.indicator == r.indicator.code);
                    let cost = match (r.gap.as_ref().and_then(shortfall), unit_cost) {
                        (Some(q), Some(k)) => {
                            let raw = i128::from(q.raw()) * i128::from(k.cost.raw()) / i128::from(SCALE);
                            Some(Quantity::from_raw(raw.clamp(0, i128::from(i64::MAX)) as i64))
                        }
                        _ => None,
                    };
                    GapLine {
                        criterion: c.criterion.code.clone(),
                        criterion_name: c.criterion.name.clone(),
                        indicator: r.indicator.code.clone(),
                        indicator_name: r.indicator.name.clone(),
                        gap: r.gap_text().unwrap_or_else(|| "chưa đạt".into()),
                        missing_share: r.gap.as_ref().and_then(|g| share(g, r.value)),
                        cost,
                    }
                })
                .collect();
            let unknown = c
                .indicators
                .iter()
                .filter(|r| r.status == IndicatorStatus::NoValue)
                .count();
            let shares: Vec<i64> = gaps.iter().filter_map(|g| g.missing_share).collect();
            let missing_share = (!shares.is_empty() && shares.len() == gaps.len())
                .then(|| shares.iter().sum::<i64>() / shares.len() as i64);
            let costs: Vec<Quantity> = gaps.iter().filter_map(|g| g.cost).collect();
            let estimated_cost = (!costs.is_empty() && costs.len() == gaps.len())
                .then(|| Quantity::from_raw(costs.iter().map(|q| q.raw()).sum()));
            PriorityItem {
                unit_code: unit_code.to_string(),
                unit_name: unit_name.to_string(),
                namespace: namespace.to_string(),
                criterion: c.criterion.code.clone(),
                criterion_name: c.criterion.name.clone(),
                unmet_indicators: gaps.len(),
                unknown_indicators: unknown,
                missing_share,
                estimated_cost,
                gaps,
                reason: String::new(),
            }
        })
        .collect()
}

/// Orders pairs: known gaps before unknown ones; fewer unmet indicators; a
/// smaller share missing; a lower cost; then by commune and criterion. Fills
/// in each item's reason.
pub fn rank_priorities(mut items: Vec<PriorityItem>) -> Vec<PriorityItem> {
    let key = |i: &PriorityItem| {
        (
            i.unmet_indicators == 0,
            i.unmet_indicators,
            i.missing_share.unwrap_or(i64::MAX),
            i.estimated_cost.map_or(i64::MAX, |c| c.raw()),
            i.unit_code.clone(),
            i.criterion.parse::<u32>().unwrap_or(u32::MAX),
        )
    };
    items.sort_by_key(key);
    for item in &mut items {
        item.reason = if item.unmet_indicators == 0 {
            "chưa đạt theo kết quả đánh giá; chưa có số liệu chỉ tiêu để ước lượng khối lượng còn thiếu"
                .into()
        } else {
            let mut parts = vec![format!("còn {} chỉ tiêu chưa đạt", item.unmet_indicators)];
            if let Some(s) = item.missing_share {
                parts.push(format!(
                    "thiếu khoảng {}% khối lượng",
                    crate::quantity::format_percent_hundredths(s, 1)
                ));
            }
            if let Some(c) = item.estimated_cost {
                parts.push(format!("ước cần {} triệu đồng", c.format_vi(0)));
            }
            parts.join("; ")
        };
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, unmet: usize, share: Option<i64>, cost: Option<i64>) -> PriorityItem {
        PriorityItem {
            unit_code: name.into(),
            unit_name: name.into(),
            namespace: "xa-2021".into(),
            criterion: "2".into(),
            criterion_name: "Giao thông".into(),
            gaps: Vec::new(),
            unmet_indicators: unmet,
            unknown_indicators: 0,
            missing_share: share,
            estimated_cost: cost.map(Quantity::from_int),
            reason: String::new(),
        }
    }

    #[test]
    fn the_nearest_and_cheapest_come_first() {
        let ranked = rank_priorities(vec![
            item("A: two indicators short", 2, Some(5_000), Some(10)),
            item("E: judged by assessment only", 0, None, None),
            item("B: one indicator, 80% missing", 1, Some(8_000), Some(10)),
            item("C: one indicator, 10% missing, dear", 1, Some(1_000), Some(100)),
            item("D: one indicator, 10% missing, cheap", 1, Some(1_000), Some(50)),
        ]);
        let order: Vec<char> = ranked
            .iter()
            .map(|i| i.unit_code.chars().next().unwrap_or('?'))
            .collect();
        assert_eq!(order, ['D', 'C', 'B', 'A', 'E']);
        assert_eq!(
            ranked[0].reason,
            "còn 1 chỉ tiêu chưa đạt; thiếu khoảng 10,0% khối lượng; ước cần 50 triệu đồng"
        );
        assert!(ranked[4].reason.contains("chưa có số liệu chỉ tiêu"));
    }
}
