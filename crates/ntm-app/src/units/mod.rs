//! Units after the 2025 reform: commune groups and other classifications
//! with their decision, villages carried into the new communes, what became
//! of a unit that no longer exists, and a new commune's baseline from the
//! communes it was formed from.
//!
//! Not here: the hierarchy's own rules (validity, successions, which unit a
//! code names on a day), which live in `ntm_core::hierarchy`; the files of
//! the reform are read in `documents::import`.

pub mod baseline;
pub mod classifications;
pub mod search;
pub mod successors;
