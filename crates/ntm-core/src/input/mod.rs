//! What every input goes through, whatever its channel (CSV, XLSX, page
//! forms, the JSON API, GeoJSON, criteria, plan and money TOML files, user
//! and unit names, evidence file names): one normalisation and one set of
//! limits, with Vietnamese messages that say the limit.
//!
//! - [`limits`]: the largest file of each kind, the most rows and columns,
//!   the longest field, note and name, how many errors a screen lists;
//! - [`text`]: Unicode NFC for every text, and the checks of names (no
//!   control or bidirectional-formatting characters) and of free text;
//! - [`errors`]: a screenful of errors, then "… và N lỗi khác";
//! - [`messages`]: the messages of the libraries that read files (serde,
//!   TOML, JSON) in Vietnamese.
//!
//! The functions are pure: the callers read the bytes (bounded by these
//! limits before anything is read whole) and pass them in. The limits, the
//! threat model and what an operator configures are in docs/security.md.

pub mod errors;
pub mod limits;
pub mod messages;
pub mod text;

pub use errors::{more_errors_line, screenful};
pub use limits::FileLimit;
pub use text::{InputError, TextKind, check_text, nfc, nfc_owned};
