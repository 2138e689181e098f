//! Evaluation: indicator → criterion → unit. Every result carries what it was
//! judged on (value, threshold, why that threshold) and, when unmet, the gap
//! in the indicator's own unit. The same engine judges communes and villages.

mod criterion;
mod explain;
pub mod impact;

pub use explain::target_text;
mod indicator;
mod unit;

pub use criterion::{Basis, CriterionResult, CriterionStatus, combine};
pub use indicator::{Gap, IndicatorResult, IndicatorStatus, judge};
pub use unit::{UnitEvaluation, UnitSummary, evaluate_unit, summarize_unit, summarize_with};
