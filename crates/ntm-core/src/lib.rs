//! The ntm domain: administrative units on an effective-dated hierarchy,
//! reporting periods, criteria sets as data, indicator values and criterion
//! assessments, their evaluation, and every aggregate a report needs.
//!
//! Invariant: this crate does no I/O. It reads no files, opens no database or
//! socket and looks at no clock; callers pass text, values and dates in. Its
//! dependencies are serde, thiserror, time, toml, rustc-hash and
//! unicode-normalization only.

pub mod agency;
pub mod aggregate;
pub mod baseline;
pub mod checks;
pub mod criteria;
pub mod evaluation;
pub mod geometry;
pub mod hierarchy;
pub mod input;
pub mod money;
pub mod period;
pub mod plan;
pub mod provenance;
pub mod quantity;
pub mod recognition;
pub mod region;
pub mod reported;
pub mod search;
pub mod unit;
pub mod validity;
pub mod value;

pub use period::Period;
pub use quantity::Quantity;
pub use unit::{Unit, UnitCode, UnitId, UnitKind};
