//! Views: read-only pictures of the program for pages, the API and the
//! command line: a unit's detail and history ([`unit`]), the evaluation
//! ([`evaluation`]), a unit's figures ([`figures`]), browsing the hierarchy
//! ([`browse`]), the criteria sets ([`criteria`]), the audit trail ([`audit`]) and recent activity
//! ([`activity`]), what a user may do on a unit ([`unit_actions`]) and what
//! a unit's page shows ([`unit_page`]).
//!
//! Lives here: view models built from the program's fresh figures. Not
//! here: writes of any kind, HTML or file formats (ntm-web, ntm-reports).

pub mod activity;
pub mod audit;
pub mod browse;
pub mod criteria;
pub mod evaluation;
pub mod figures;
pub(crate) mod summaries;
pub mod unit;
pub mod unit_actions;
pub mod unit_page;
