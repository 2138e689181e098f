//! A figure the page writes as text ("08/16", "13,56", "65,5", "120 triệu
//! đồng") as the number cell it is: parsed from the very text the page
//! shows, so the file and the page cannot differ.

use ntm_core::quantity::{Quantity, SCALE};
use ntm_reports::table::{Cell, NO_DATA};

/// "1.234,5" → its exact amount; `None` for anything else.
fn quantity(text: &str) -> Option<Quantity> {
    Quantity::parse_vi(text.trim()).ok()
}

/// A figure of the page as a cell: "08/16" → 8 (the communes counted; the
/// whole is [`out_of`]), "13,56" → 13,56, no figure → `missing`; a text that
/// is no number stays text.
pub fn figure(text: Option<&str>, missing: Cell) -> Cell {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty() && *t != "—") else {
        return missing;
    };
    let part = text.split_once('/').map_or(text, |(part, _)| part);
    match quantity(part) {
        Some(q) if part.contains(',') => {
            let decimals = part.rsplit(',').next().map_or(0, str::len);
            Cell::Number(q.raw() as f64 / SCALE as f64, decimals.min(4) as u8)
        }
        Some(q) if q.raw() >= 0 => Cell::Count((q.raw() / SCALE) as u64),
        Some(q) => Cell::amount(q),
        None => Cell::text(text),
    }
}

/// The whole of "08/16": 16; `None` for a figure that is no share.
pub fn out_of(text: Option<&str>) -> Option<u64> {
    let (_, whole) = text?.split_once('/')?;
    whole.trim().parse().ok()
}

/// "65,5" (per cent) as a number cell, or no figure.
pub fn percent(text: Option<&str>) -> Cell {
    text.and_then(quantity)
        .map_or(Cell::Empty, |q| Cell::Percent(q.raw() as f64 / SCALE as f64))
}

/// "120 triệu đồng" as its amount; none: "chưa có số liệu", never 0.
pub fn amount(text: Option<&str>) -> Cell {
    match text {
        None => Cell::text(NO_DATA),
        Some(t) => {
            let number = t.trim().trim_end_matches("triệu đồng").trim();
            quantity(number).map_or_else(|| Cell::text(t), Cell::amount)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_texts_become_the_numbers_they_say() {
        assert_eq!(figure(Some("08/16"), Cell::Empty), Cell::Count(8));
        assert_eq!(out_of(Some("08/16")), Some(16));
        assert_eq!(figure(Some("0"), Cell::Empty), Cell::Count(0));
        assert_eq!(figure(Some("13,56"), Cell::Empty), Cell::Number(13.56, 2));
        assert_eq!(figure(Some("13,50"), Cell::Empty), Cell::Number(13.5, 2));
        assert_eq!(figure(Some("1.234"), Cell::Empty), Cell::Count(1234));
        assert_eq!(figure(None, Cell::text(NO_DATA)), Cell::text(NO_DATA));
        assert_eq!(figure(Some("—"), Cell::Empty), Cell::Empty);
        assert_eq!(out_of(Some("13,56")), None);
        assert_eq!(percent(Some("65,5")), Cell::Percent(65.5));
        assert_eq!(percent(None), Cell::Empty);
        assert_eq!(amount(Some("1.200,5 triệu đồng")), Cell::Number(1200.5, 1));
        assert_eq!(amount(None), Cell::text(NO_DATA));
    }
}
