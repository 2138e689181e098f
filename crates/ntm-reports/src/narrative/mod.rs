//! The narrative report (báo cáo) as a DOCX in the official format of Decree
//! 30/2020/NĐ-CP: the national motto header, number, place and date, title
//! and subject, a body written from the figures in the district reports' own
//! sentences, recipients and signature block.
//!
//! Two steps, each testable alone: [`body_sections`] writes the text from a
//! [`Stats`](ntm_core::aggregate::Stats) (pure, no layout), and
//! [`narrative_docx`] lays out a [`DocumentHeader`] and the sections (no
//! wording). [`default_header`] proposes a header for the unit.
//!
//! - `header`: the frame's fields, the default header, the date line;
//! - `body`: the sections in order, the opening and closing sentences;
//! - `criteria`, `summary`, `communes`, `villages`, `findings`: the sentences
//!   of each part;
//! - `phrasing`: how counts, percents and names are written;
//! - `docx`, `frame`: the page, the body's layout, the frame's tables.

mod body;
mod communes;
mod criteria;
mod docx;
mod findings;
mod frame;
mod header;
mod phrasing;
mod picture;
mod summary;
mod villages;

pub use body::{body_sections, body_sections_with};
pub use docx::narrative_docx;
pub use header::{DocumentHeader, default_header};
pub use picture::{map_paragraphs, narrative_docx_with_map};

/// A section of the body: a heading and its paragraphs (plain text,
/// Vietnamese). An empty heading prints the paragraphs alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// Why a narrative report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum NarrativeError {
    /// The DOCX package could not be written.
    #[error("không ghi được tệp DOCX: {0}")]
    Pack(#[source] Box<dyn std::error::Error + Send + Sync>),
}
