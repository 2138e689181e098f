//! Aggregates for a unit subtree and period, all derived from the same
//! evaluated values: per-criterion counts and names, brackets, the average,
//! communes meeting the standard, changes against a year earlier, villages,
//! indicator quantities, and the findings a reader must see.

mod findings;
mod quantities;
mod stats;

pub use findings::{Finding, FindingKind, Severity};
pub use quantities::QuantityFigure;
pub use stats::{
    BracketFigure, Changes, CommuneFigure, CriterionChange, CriterionFigure, SetRef, StandardFigure, Stats,
    StatsInput, UnitRef, VillageFigures, compute_stats, context_for,
};
