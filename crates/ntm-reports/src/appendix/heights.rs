//! Row heights computed from the text: a cell of long names (PB02's lists
//! of communes) wraps, and its row must be tall enough for every line, or
//! Excel and LibreOffice cut the text or draw it over the next row.
//!
//! The estimate is deliberately generous: a line of a column `w` characters
//! wide (Excel's unit, the width of a "0" in the default font) holds about
//! `0.85 w` characters of 12 pt Times New Roman, and text wraps at spaces.

use crate::table::{Cell, Column};

/// One line of 12 pt text, with its leading, in points.
pub(crate) const LINE: f64 = 16.0;
/// Room above and below the text of a cell, in points.
const PADDING: f64 = 3.0;
/// Excel's tallest row, in points.
const MAX_ROW: f64 = 409.0;

/// Characters of body text a line of the column holds.
fn per_line(width: f64) -> usize {
    ((width * 0.85).floor() as usize).max(1)
}

/// Lines `text` takes in a column `width` wide, wrapping at spaces (a word
/// longer than a line takes as many lines as it needs).
pub(crate) fn lines(text: &str, width: f64) -> usize {
    let room = per_line(width);
    let mut count = 0;
    for paragraph in text.split('\n') {
        let mut used = 0usize;
        count += 1;
        for word in paragraph.split_whitespace() {
            let len = word.chars().count();
            if used == 0 {
                used = len;
            } else if used + 1 + len <= room {
                used += 1 + len;
            } else {
                count += 1;
                used = len;
            }
            while used > room {
                count += 1;
                used -= room;
            }
        }
    }
    count.max(1)
}

/// The height of a row of `cells` under `columns`, in points: enough for
/// the tallest wrapped cell, never less than one line.
pub(crate) fn row_height(cells: &[Cell], columns: &[Column]) -> f64 {
    let tallest = cells
        .iter()
        .zip(columns)
        .map(|(cell, column)| match cell {
            Cell::Text(t) if column.wrap => lines(t, column.width),
            _ => 1,
        })
        .max()
        .unwrap_or(1);
    (tallest as f64 * LINE + PADDING).min(MAX_ROW)
}

/// The height of a header row whose labels wrap in their columns.
pub(crate) fn header_height(labels: &[(&str, f64)], at_least: f64) -> f64 {
    let tallest = labels
        .iter()
        .map(|(label, width)| lines(label, *width))
        .max()
        .unwrap_or(1);
    (tallest as f64 * LINE + PADDING).clamp(at_least, MAX_ROW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_at_spaces_within_the_column() {
        assert_eq!(lines("Mường So", 20.0), 1);
        // 38 wide: 32 characters a line.
        let names = "Mường So, Khổng Lào, Ma Li Pho, Huổi Luông, Lản Nhì Thàng, Nậm Xe";
        assert_eq!(lines(names, 38.0), 3);
        assert_eq!(lines("", 10.0), 1);
        assert_eq!(lines("a\nb", 10.0), 2);
        // A word longer than the line breaks over several.
        assert_eq!(lines(&"x".repeat(25), 10.0), 4);
    }

    #[test]
    fn a_row_is_as_tall_as_its_longest_wrapped_cell() {
        let columns = [Column::new("STT", 5.0), Column::wrapped("Xã đạt", 10.0)];
        let short = [Cell::Count(1), Cell::text("A")];
        let long = [Cell::Count(1), Cell::text("Mường So, Khổng Lào, Ma Li Pho")];
        assert_eq!(row_height(&short, &columns), LINE + PADDING);
        // "Mường | So, | Khổng | Lào, Ma | Li Pho": 8 characters a line.
        assert_eq!(row_height(&long, &columns), 5.0 * LINE + PADDING);
        let huge = [Cell::Count(1), Cell::text("xã ".repeat(2000))];
        assert_eq!(row_height(&huge, &columns), MAX_ROW);
    }
}
