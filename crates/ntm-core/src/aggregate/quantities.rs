//! Indicator quantities behind the criteria, as reports print them:
//! "226,84/318,39 km, đạt 71,2%". Taken from the value recorded for the
//! district or province itself when there is one, else summed over communes.

use crate::aggregate::figures::StatsError;
use crate::aggregate::marks::Marks;
use crate::criteria::{CriteriaSet, IndicatorKind};
use crate::quantity::{Quantity, format_percent_hundredths};
use crate::unit::Unit;
use crate::value::{IndicatorValue, PeriodValues};

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QuantityFigure {
    pub indicator: String,
    pub name: String,
    pub unit: Option<String>,
    pub achieved: Option<Quantity>,
    pub total: Option<Quantity>,
    /// Percent, exact to two decimals, as text: "71,25".
    pub percent: Option<String>,
    pub number: Option<Quantity>,
    /// `recorded`: entered for the unit itself; `sum_of_communes`: added up.
    pub basis: &'static str,
    pub communes_counted: u32,
    /// "226,84/318,39 km (71,25%)".
    pub text: String,
    /// Units whose estimated or derived values it rests on (the unit
    /// itself for a recorded figure, else the communes added up).
    pub marks: Marks,
}

/// Achieved and total summed over communes, per indicator.
#[derive(Clone, Default)]
struct Sum<'a> {
    achieved: Quantity,
    total: Quantity,
    counted: u32,
    /// The communes added, in order (named when a sum overflows).
    added: Vec<&'a Unit>,
    marks: Marks,
}

/// Quantities of the set's ratio and number indicators for the root unit.
/// A sum too large to hold is an error naming the units, never a figure
/// silently left out.
pub fn quantities<'a>(
    set: &CriteriaSet,
    root: &Unit,
    communes: impl Iterator<Item = &'a Unit>,
    values: &PeriodValues,
) -> Result<Vec<QuantityFigure>, StatsError> {
    let measured: Vec<_> = set
        .indicators()
        .filter(|(_, i)| matches!(i.kind, IndicatorKind::Ratio | IndicatorKind::Number))
        .collect();
    if measured.is_empty() {
        return Ok(Vec::new());
    }
    // One pass over the communes' values, summing the ratios per indicator.
    // Keys are dense: a slot per key up to the largest measured one.
    let mut sums: Vec<Option<Sum<'a>>> = Vec::new();
    for (_, i) in &measured {
        let slot = i.key.0 as usize;
        if sums.len() <= slot {
            sums.resize_with(slot + 1, || None);
        }
        sums[slot] = Some(Sum::default());
    }
    for commune in communes {
        let Some(obs) = values.unit(commune.id) else {
            continue;
        };
        for (key, value) in obs.values() {
            let sum = sums.get_mut(key.0 as usize).and_then(Option::as_mut);
            if let (Some(sum), IndicatorValue::Ratio { achieved, total }) = (sum, value) {
                match (sum.achieved.checked_add(*achieved), sum.total.checked_add(*total)) {
                    (Some(a), Some(t)) => {
                        sum.achieved = a;
                        sum.total = t;
                        sum.counted += 1;
                        sum.added.push(commune);
                        sum.marks.add(&commune.name, obs.value_provenance(*key));
                    }
                    _ => {
                        let code = measured
                            .iter()
                            .find(|(_, i)| i.key == *key)
                            .map_or(String::new(), |(_, i)| i.code.clone());
                        return Err(StatsError::Overflow {
                            what: format!("tổng chỉ tiêu {code}"),
                            root: root.full_name(),
                            unit: commune.full_name(),
                            units: sum
                                .added
                                .iter()
                                .map(|u| u.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                        });
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (_, indicator) in measured {
        let own = values.unit(root.id);
        let recorded = own.and_then(|o| o.value(indicator.key));
        let sum = sums
            .get_mut(indicator.key.0 as usize)
            .and_then(Option::take)
            .unwrap_or_default();
        let (value, basis, counted, marks) = match (recorded, own) {
            (Some(v), Some(o)) => {
                let mut marks = Marks::default();
                marks.add(&root.name, o.value_provenance(indicator.key));
                (v, "recorded", 0, marks)
            }
            _ if sum.counted > 0 => (
                IndicatorValue::Ratio {
                    achieved: sum.achieved,
                    total: sum.total,
                },
                "sum_of_communes",
                sum.counted,
                sum.marks,
            ),
            _ => continue,
        };
        let (achieved, total, number, percent) = match value {
            IndicatorValue::Ratio { achieved, total } => (
                Some(achieved),
                Some(total),
                None,
                achieved
                    .percent_hundredths_of(total)
                    .map(|h| format_percent_hundredths(h, 2)),
            ),
            IndicatorValue::Percent(p) => (None, None, None, Some(p.format_vi(2))),
            IndicatorValue::Number(n) => (None, None, Some(n), None),
            _ => continue,
        };
        out.push(QuantityFigure {
            indicator: indicator.code.clone(),
            name: indicator.name.clone(),
            unit: indicator.unit.clone(),
            achieved,
            total,
            percent,
            number,
            basis,
            communes_counted: counted,
            text: value.display_vi(indicator),
            marks,
        });
    }
    Ok(out)
}
