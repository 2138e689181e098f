//! Plans and the reporting cycle, as pure rules: targets and how far along
//! they are, communes' registrations, the gaps to close and which to close
//! first, the trend to the end of a phase, deadlines, submissions, approval
//! locks and their narrow exceptions.

pub mod cycle;
pub mod priority;
pub mod projection;
pub mod registration;
pub mod target;

pub use cycle::{
    BadDeadlineRule, DEADLINE_KINDS, DeadlineRule, LockException, LockScope, PeriodLock, Submission,
    SubmissionState, Timeliness, deadline, default_deadline_rules, is_locked, timeliness,
};
pub use priority::{GapLine, PriorityItem, UnitCost, rank_priorities};
pub use projection::{Projection, project};
pub use registration::{Registration, RegistrationStatus, judge_registration};
pub use target::{Target, TargetMetric, TargetProgress, TargetStatus, judge_target, measure};
