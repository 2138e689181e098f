//! Plans and the reporting cycle in the application: targets and
//! registrations with their progress, gaps and priorities, deadlines,
//! submissions, reviews, approvals, locks and reopenings. The rules are in
//! `ntm-core::plan`; the records are kept by the store as versioned JSON
//! documents (`RecordStore`), each change audited.
//!
//! Not here: the rules themselves (targets' status words, deadlines, lock
//! exceptions), which this folder only applies, and file formats.

pub mod cycle;
pub mod edit;
pub mod gaps;
pub mod locks;
pub mod report_parts;
pub mod status;
pub mod years;

pub use cycle::{CycleAction, CycleRow, CycleStatus};
pub use gaps::{GapsReport, UnitGaps};
pub use locks::LockBook;
pub use status::{PlanStatus, RegistrationLine, TargetLine};
