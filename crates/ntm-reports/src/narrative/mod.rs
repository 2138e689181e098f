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
//! - `header`: the frame's fields, the default header (issued by the body
//!   that exists on the report's date, titled after the period), the date line;
//! - `body`: the parts in order (the period's results, then the next
//!   period's direction), the opening and closing sentences;
//! - `criteria`, `summary`, `communes`, `villages`: the sentences of each
//!   part, with a footnote on every figure resting on estimated or derived
//!   values. ntm's own checks are not in the body: they go to the review file;
//! - `phrasing`: how counts, percents and names are written;
//! - `docx`, `frame`: the page, the body's layout, the frame's tables.

mod body;
mod communes;
mod criteria;
mod docx;
mod frame;
mod header;
mod phrasing;
mod picture;
mod summary;
mod villages;

pub use body::{BodyParts, body_sections, body_sections_with};
pub use docx::narrative_docx;
pub use header::{DocumentHeader, default_header, report_subject};
pub use picture::{map_paragraphs, narrative_docx_with_map};

/// A section of the body: a heading and its paragraphs (plain text,
/// Vietnamese). An empty heading prints the paragraphs alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    /// Footnotes: (paragraph index, text), printed as Word footnotes whose
    /// mark follows the paragraph.
    pub footnotes: Vec<(usize, String)>,
}

impl Section {
    pub fn new(heading: impl Into<String>, paragraphs: Vec<String>) -> Section {
        Section {
            heading: heading.into(),
            paragraphs,
            footnotes: Vec::new(),
        }
    }
}

/// Paragraphs under construction with their footnotes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Noted {
    pub(crate) paragraphs: Vec<String>,
    pub(crate) footnotes: Vec<(usize, String)>,
}

impl Noted {
    /// A paragraph and its footnotes (none, one or several).
    pub(crate) fn push(&mut self, paragraph: String, notes: impl IntoIterator<Item = String>) {
        let at = self.paragraphs.len();
        self.footnotes.extend(notes.into_iter().map(|n| (at, n)));
        self.paragraphs.push(paragraph);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }
}

/// Why a narrative report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum NarrativeError {
    /// The DOCX package could not be written.
    #[error("không ghi được tệp DOCX: {0}")]
    Pack(#[source] Box<dyn std::error::Error + Send + Sync>),
}
