//! ntm's application services, between the pure domain (`ntm-core`) and the
//! places users reach it (the `ntm` command, the web app and its API): the
//! program's data with always-fresh figures ([`Program`], the façade every
//! caller goes through) and the rooms it hands off to, one folder each:
//! [`accounts`] (who signs in, who may do what), [`entry`] (data entry and
//! evidence), [`views`] (read-only view models), [`documents`] (reports,
//! templates, table exports, imports), [`criteria`] (sets as offices author
//! them), [`units`] (the 2025 reform), [`map`], [`plans`] (and the reporting
//! cycle) and [`money`]; [`demo`] builds the demonstration database.
//!
//! No HTML and no file format is written here (ntm-web, ntm-reports), and no
//! rule of the program is decided here that `ntm-core` already decides.

pub mod accounts;
pub mod clock;
pub mod criteria;
pub mod demo;
pub mod documents;
pub mod entry;
mod error;
pub mod map;
pub mod money;
pub mod plans;
mod program;
pub mod records;
pub mod units;
pub mod views;

pub use clock::Clock;
pub use error::{AppError, ErrorKind, Result};
pub use program::{Program, Snapshot};
