//! Text as a spreadsheet cell holds it. An Excel cell holds at most 32,767
//! characters; notes are held far below that on entry, but a derived cell
//! (the names of every commune meeting a criterion, at national level) or
//! a value stored before the limit could exceed it. A writer never fails
//! for one value: such a text is cut and says so.

use std::borrow::Cow;

use ntm_core::input::limits::EXCEL_CELL_CHARS;
use ntm_core::quantity::group_thousands;

/// Whether a text fits in one cell.
pub fn fits(text: &str) -> bool {
    text.len() <= EXCEL_CELL_CHARS || text.chars().count() <= EXCEL_CELL_CHARS
}

/// The text, or its beginning and "… (còn N ký tự, xem trên trang web)".
pub fn fit(text: &str) -> Cow<'_, str> {
    if fits(text) {
        return Cow::Borrowed(text);
    }
    let total = text.chars().count();
    // Room for the mark (at most ~60 characters).
    let keep = EXCEL_CELL_CHARS - 80;
    let kept: String = text.chars().take(keep).collect();
    Cow::Owned(format!(
        "{kept}… (còn {} ký tự không vừa một ô Excel, xem trên trang web)",
        group_thousands((total - keep) as u64)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_too_long_for_a_cell_is_cut_and_says_so() {
        assert_eq!(fit("ngắn"), "ngắn");
        let long = "Mường So, ".repeat(4_000);
        let cut = fit(&long);
        assert!(cut.chars().count() <= EXCEL_CELL_CHARS);
        assert!(
            cut.ends_with("ký tự không vừa một ô Excel, xem trên trang web)"),
            "{}",
            &cut[cut.len() - 100..]
        );
    }
}
