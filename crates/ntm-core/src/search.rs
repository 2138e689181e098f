//! Finding units by what people type: names with or without diacritics
//! ("muong so" finds Mường So), in any case, and codes.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A text reduced to what a search compares: lower case, Vietnamese
/// diacritics removed (đ → d), runs of spaces and punctuation as one space.
pub fn search_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// How well a unit's name and code answer a query, both already reduced by
/// [`search_key`] (the name once per unit, by the caller); `None`: not at all. Lower is better: the code itself,
/// then a name that is the query, then one that starts with it, then one
/// whose words start with the query's words in order.
pub fn rank(query: &str, name: &str, code: &str) -> Option<u8> {
    if query.is_empty() {
        return None;
    }
    if code.eq_ignore_ascii_case(query) {
        return Some(0);
    }
    if name == query {
        return Some(1);
    }
    if name.starts_with(query) {
        return Some(2);
    }
    if words_in_order(name, query) {
        return Some(3);
    }
    if code.starts_with(query) {
        return Some(4);
    }
    None
}

/// Each word of the query starts a word of the name, in the same order.
fn words_in_order(name: &str, query: &str) -> bool {
    let mut words = name.split(' ');
    query.split(' ').all(|q| words.by_ref().any(|w| w.starts_with(q)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_with_or_without_diacritics_in_any_form() {
        assert_eq!(search_key("Mường  So"), "muong so");
        assert_eq!(search_key("ĐÀO SAN"), "dao san");
        // Decomposed input (NFD), as some keyboards type it.
        let decomposed: String = "Mường So".nfd().collect();
        assert_eq!(search_key(&decomposed), "muong so");
        assert_eq!(
            rank(&search_key("muong so"), &search_key("Mường So"), "03589"),
            Some(1)
        );
        assert_eq!(
            rank(&search_key("Mường"), &search_key("Mường So"), "03589"),
            Some(2)
        );
        assert_eq!(
            rank(&search_key("m so"), &search_key("Mường So"), "03589"),
            Some(3)
        );
        assert_eq!(rank("03589", &search_key("Mường So"), "03589"), Some(0));
        assert_eq!(rank("0358", &search_key("Mường So"), "03589"), Some(4));
        assert_eq!(
            rank(&search_key("so muong"), &search_key("Mường So"), "03589"),
            None
        );
        assert_eq!(rank("", &search_key("Mường So"), "03589"), None);
        // "d" finds "đ" and the other way round.
        assert_eq!(rank(&search_key("Đông"), &search_key("Dông"), "1"), Some(1));
    }
}
