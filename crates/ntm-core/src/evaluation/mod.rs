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
/// What a figure, a value or a criterion without any data reads, wherever
/// it is shown: never 0, never blank.
pub const NO_DATA: &str = "chưa có số liệu";

/// What a count or a criterion is when values exist but no threshold judges
/// them (or they are too few to decide anything): undetermined, not 0.
pub const UNJUDGED: &str = "chưa xác định";

pub use unit::{UnitEvaluation, UnitSummary, evaluate_unit, summarize_unit, summarize_with};
