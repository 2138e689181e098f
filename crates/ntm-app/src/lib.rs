//! ntm's application services, between the pure domain (`ntm-core`) and the
//! places users reach it (the `ntm` command, later the web app): the
//! program's data with always-fresh figures ([`Program`]), imports, the demo
//! database and the synthetic national dataset used by the benchmarks.

pub mod access;
pub mod accounts;
pub mod catalog_files;
pub mod csv_input;
pub mod demo;
pub mod entry;
mod error;
pub mod evaluation_report;
pub mod import;
mod program;

pub use error::{AppError, Result};
pub use program::{Program, Snapshot};
