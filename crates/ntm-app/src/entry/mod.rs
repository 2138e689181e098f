//! Data entry and evidence: the entry form of one unit and period
//! ([`form`]), the checks shown beside it ([`checks`]), the cells of a
//! table read back ([`cells`]), saving values and assessments with the
//! version the user saw (here), and the evidence files attached to them
//! ([`evidence`]).
//!
//! Lives here: everything between a user's input and the values stored.
//! Not here: imports of whole files (documents::import) and the figures
//! the values make (views, `ntm-core`).

pub mod cells;
pub mod checks;
pub mod evidence;
pub mod form;
pub mod rights;
mod save;

pub use save::*;
