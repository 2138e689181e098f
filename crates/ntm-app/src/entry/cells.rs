//! Every refused cell of one indicator's entry, not only the first: a ratio
//! whose "số đạt" holds letters and whose total is empty names both cells,
//! so that the page can mark and link each.

use ntm_core::criteria::{Indicator, IndicatorKind};

use crate::documents::import::parse_quantity;
use crate::documents::import::values::ValueCells;

/// The cells of `cells` that are wrong, each with its reason, given the
/// first reason the value's parser found (`first`): the number cells that
/// are no number, then that reason unless it names one of them already.
pub fn cell_errors(
    indicator: &Indicator,
    cells: ValueCells<'_>,
    first: (&'static str, String),
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if indicator.kind == IndicatorKind::Ratio {
        for (part, text) in [("achieved", cells.achieved), ("total", cells.total)] {
            if let Some(text) = text
                && let Err(e) = parse_quantity(text)
            {
                out.push((part, e));
            }
        }
    }
    if !out.iter().any(|(part, _)| *part == first.0) {
        out.push(first);
    }
    out
}
