//! Where a value or an assessment came from. Every stored value carries one
//! kind; a figure resting on a derived or estimated value carries that mark
//! to every page, export and report (GUIDE: "no figure without its basis").

use std::fmt;

/// The source kind of a value or assessment.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Entered by a user on a page or through the API.
    #[default]
    Entered,
    /// Read from an imported file (CSV, a filled-in template).
    Imported,
    /// Copied from a document; the note names the document and its place.
    Document,
    /// Derived from other figures (a change a document states, a sum of the
    /// predecessors of a merged commune); the note says how.
    Derived,
    /// Estimated or filled in to complete the picture: no document gives it.
    Estimated,
}

impl Provenance {
    pub const ALL: [Provenance; 5] = [
        Provenance::Entered,
        Provenance::Imported,
        Provenance::Document,
        Provenance::Derived,
        Provenance::Estimated,
    ];

    /// The code files and the API use: `entered`, `imported`, `document`,
    /// `derived`, `estimated`.
    pub fn code(self) -> &'static str {
        match self {
            Provenance::Entered => "entered",
            Provenance::Imported => "imported",
            Provenance::Document => "document",
            Provenance::Derived => "derived",
            Provenance::Estimated => "estimated",
        }
    }

    /// How users read it.
    pub fn name_vi(self) -> &'static str {
        match self {
            Provenance::Entered => "nhập trực tiếp",
            Provenance::Imported => "nhập từ tệp",
            Provenance::Document => "theo văn bản",
            Provenance::Derived => "suy ra",
            Provenance::Estimated => "ước tính, điền bổ sung",
        }
    }

    /// Whether a figure built on it must say so (a note mark and a footnote).
    pub fn is_marked(self) -> bool {
        matches!(self, Provenance::Derived | Provenance::Estimated)
    }

    /// The integer stored in the database.
    pub fn db(self) -> i16 {
        match self {
            Provenance::Entered => 0,
            Provenance::Imported => 1,
            Provenance::Document => 2,
            Provenance::Derived => 3,
            Provenance::Estimated => 4,
        }
    }

    pub fn from_db(code: i64) -> Option<Provenance> {
        Provenance::ALL.into_iter().find(|p| i64::from(p.db()) == code)
    }

    /// Reads what a file or form writes: the code, or the Vietnamese words
    /// ("nhập trực tiếp", "nhập từ tệp", "văn bản", "suy ra", "ước tính",
    /// "điền bổ sung"), in any case.
    pub fn parse(text: &str) -> Option<Provenance> {
        let t = text.trim().to_lowercase();
        let found = match t.as_str() {
            "entered" | "nhập trực tiếp" | "nhập trên trang" | "trực tiếp" => {
                Provenance::Entered
            }
            "imported" | "nhập từ tệp" | "tệp" | "từ tệp" => Provenance::Imported,
            "document" | "văn bản" | "theo văn bản" | "tài liệu" | "nguồn" => Provenance::Document,
            "derived" | "suy ra" => Provenance::Derived,
            "estimated" | "ước tính" | "điền bổ sung" | "ước tính, điền bổ sung" | "filled_in" => {
                Provenance::Estimated
            }
            _ => return None,
        };
        Some(found)
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_vi())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_words_and_storage_round_trip() {
        for p in Provenance::ALL {
            assert_eq!(Provenance::parse(p.code()), Some(p));
            assert_eq!(Provenance::parse(p.name_vi()), Some(p));
            assert_eq!(Provenance::from_db(i64::from(p.db())), Some(p));
        }
        assert_eq!(Provenance::parse("Điền bổ sung"), Some(Provenance::Estimated));
        assert_eq!(Provenance::parse("SUY RA"), Some(Provenance::Derived));
        assert_eq!(Provenance::parse("đoán"), None);
        assert_eq!(Provenance::from_db(9), None);
        assert_eq!(Provenance::Estimated.to_string(), "ước tính, điền bổ sung");
    }

    #[test]
    fn only_derived_and_estimated_values_mark_a_figure() {
        let marked: Vec<_> = Provenance::ALL.into_iter().filter(|p| p.is_marked()).collect();
        assert_eq!(marked, [Provenance::Derived, Provenance::Estimated]);
    }
}
