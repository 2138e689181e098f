//! Indicator quantities behind the criteria, as reports print them:
//! "226,84/318,39 km, đạt 71,2%". Taken from the value recorded for the
//! district or province itself when there is one, else summed over communes.

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
}

/// Quantities of the set's ratio and number indicators for the root unit.
pub fn quantities<'a>(
    set: &CriteriaSet,
    root: &Unit,
    communes: impl Iterator<Item = &'a Unit> + Clone,
    values: &PeriodValues,
) -> Vec<QuantityFigure> {
    let mut out = Vec::new();
    for (_, indicator) in set.indicators() {
        if !matches!(indicator.kind, IndicatorKind::Ratio | IndicatorKind::Number) {
            continue;
        }
        let recorded = values.unit(root.id).and_then(|o| o.value(indicator.key));
        let (value, basis, counted) = match recorded {
            Some(v) => (Some(v), "recorded", 0),
            None => {
                let mut achieved = Quantity::ZERO;
                let mut total = Quantity::ZERO;
                let mut counted = 0u32;
                let mut overflow = false;
                for c in communes.clone() {
                    if let Some(IndicatorValue::Ratio {
                        achieved: a,
                        total: t,
                    }) = values.unit(c.id).and_then(|o| o.value(indicator.key))
                    {
                        match (achieved.checked_add(a), total.checked_add(t)) {
                            (Some(sa), Some(st)) => {
                                achieved = sa;
                                total = st;
                                counted += 1;
                            }
                            _ => overflow = true,
                        }
                    }
                }
                if counted == 0 || overflow {
                    (None, "sum_of_communes", 0)
                } else {
                    (
                        Some(IndicatorValue::Ratio { achieved, total }),
                        "sum_of_communes",
                        counted,
                    )
                }
            }
        };
        let Some(value) = value else { continue };
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
        });
    }
    out
}
