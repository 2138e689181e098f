//! Money in the application: capital plans, needs and what was mobilized by
//! source; projects with allocations, carry-overs and disbursements;
//! community contributions; the summary of a unit's year. Kept as versioned,
//! audited records (the store's `RecordStore`), checked against the user's rights.
//! Money files are imported in `import` (their cells read in `import_cells`,
//! their projects in `import_projects`).
//!
//! Not here: the rules of money (a total is the sum of its parts, a
//! carry-over neither creates nor loses an amount), which live in
//! `ntm_core::money`, and the report writers (ntm-reports).

mod capital_tables;
mod communes;
pub mod coverage;
pub mod edit;
pub mod import;
mod import_cells;
mod import_projects;
mod project_year;
pub mod report_parts;
mod scope;
pub mod summary;
mod sums;
pub(crate) mod years;

pub use coverage::MoneyCoverage;
pub use summary::{MoneySummary, ProjectLine};
