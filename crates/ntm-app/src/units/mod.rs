//! Units after the 2025 reform: commune groups and other classifications
//! with their decision, villages carried into the new communes, what became
//! of a unit that no longer exists, and a new commune's baseline from the
//! communes it was formed from.

pub mod baseline;
pub mod classifications;
pub mod search;
pub mod successors;
