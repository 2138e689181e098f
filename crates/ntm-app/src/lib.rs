//! ntm's application services, between the pure domain (`ntm-core`) and the
//! places users reach it (the `ntm` command, later the web app): the
//! program's data with always-fresh figures ([`Program`]), imports, the demo
//! database and the synthetic national dataset used by the benchmarks.

pub mod access;
pub mod accounts;
pub mod activity;
pub mod api_keys;
pub mod audit_trail;
pub mod browse;
pub mod catalog_files;
pub mod criteria;
pub mod criteria_view;
pub mod csv_input;
pub mod demo;
pub mod demo_accounts;
pub mod entry;
pub mod entry_cells;
pub mod entry_checks;
pub mod entry_form;
mod error;
pub mod evaluation_report;
pub mod evidence;
pub mod geojson;
pub mod import;
pub mod input_file;
pub mod map;
pub mod money;
pub mod plans;
mod program;
pub mod report_layout;
pub mod reports;
pub mod table_export;
pub mod template_export;
pub mod unit_actions;
pub mod unit_detail;
pub mod units;

pub use error::{AppError, ErrorKind, Result};
pub use program::{Program, Snapshot, now_rfc3339};
