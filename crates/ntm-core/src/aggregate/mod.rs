//! Aggregates for a unit subtree and period, all derived from the same
//! evaluated values: per-criterion counts and names, brackets, the average,
//! communes meeting every criterion and communes recognised, changes against
//! a year earlier, the same counted by subdivision, villages, indicator quantities, the marks of figures
//! resting on estimated or derived values, and the findings a reader must see.

mod against_values;
mod changes;
mod check_findings;
mod documents;
mod figures;
mod findings;
mod marks;
mod quantities;
mod stats;
mod subdivisions;
mod summaries;

pub use figures::{
    AllCriteriaFigure, BracketFigure, Changes, CommuneFigure, CriterionChange, CriterionFigure,
    DecisionGroup, RecognizedFigure, SetRef, Stats, StatsError, SubdivisionFigure, UnitRef, VillageFigures,
};
pub use findings::{Finding, FindingKind, Severity};
pub use marks::{Marks, count_note};
pub use quantities::QuantityFigure;
pub use stats::{StatsInput, compute_stats, compute_stats_with, context_for};
pub use summaries::{Judge, SummaryJob, SummarySource};
