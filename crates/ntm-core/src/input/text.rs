//! Unicode NFC for every text that enters ntm, and the checks of what a text
//! may contain. Vietnamese can be typed composed ("ạ" as one character) or
//! decomposed ("a" + dot below + …, as macOS and some keyboards and older
//! tools produce it); both look alike but compare unequal, so a header
//! would not be recognised and a name search would miss a commune. Every
//! path normalises to the composed form (NFC) before comparing or storing.

use std::borrow::Cow;
use std::fmt;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::limits::{MAX_FIELD_CHARS, MAX_FILE_NAME_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS};
use crate::quantity::group_thousands;

/// The text in NFC; borrowed when it already is (the usual case, checked
/// in one quick pass).
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => {
            let composed: String = text.nfc().collect();
            if composed == text {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(composed)
            }
        }
    }
}

/// An owned text in NFC, reusing its allocation when it already is.
pub fn nfc_owned(text: String) -> String {
    match nfc(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(composed) => composed,
    }
}

/// What a text is: it decides the characters allowed and the longest length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A name others read (of a unit, user, API key, project, capital
    /// source): one line; no control, bidirectional-formatting or invisible
    /// characters, which could make one name pass for another.
    Name,
    /// An evidence file's name: as a name, shorter.
    FileName,
    /// A code, number, value, date or choice.
    Field,
    /// A note, comment or reason: line breaks and tabs allowed, no other
    /// control characters (no export format holds them) and no
    /// bidirectional overrides.
    Note,
}

impl TextKind {
    pub fn max_chars(self) -> usize {
        match self {
            TextKind::Name => MAX_NAME_CHARS,
            TextKind::FileName => MAX_FILE_NAME_CHARS,
            TextKind::Field => MAX_FIELD_CHARS,
            TextKind::Note => MAX_NOTE_CHARS,
        }
    }
}

/// Why a character is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharProblem {
    /// A control character (a line break in a name, a NUL, an escape).
    Control,
    /// A bidirectional embedding, override, isolate or mark: it reorders
    /// how text is shown, so that "abc.exe" can display as "exe.cba".
    Bidi,
    /// A character that shows nothing (zero-width space, joiner, BOM).
    Invisible,
    /// Not a character (U+FFFE, U+FFFF and the like): no file format holds it.
    NonCharacter,
}

/// A text refused, with what it is ("ghi chú", "tên đơn vị").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    TooLong {
        what: String,
        chars: usize,
        max: usize,
    },
    BadChar {
        what: String,
        problem: CharProblem,
        code: u32,
        /// 1-based, in characters.
        position: usize,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::TooLong { what, chars, max } => write!(
                f,
                "{what} dài {} ký tự, quá giới hạn {} ký tự",
                group_thousands(*chars as u64),
                group_thousands(*max as u64)
            ),
            InputError::BadChar {
                what,
                problem,
                code,
                position,
            } => {
                let kind = match problem {
                    CharProblem::Control => "ký tự điều khiển",
                    CharProblem::Bidi => "ký tự đổi chiều hiển thị văn bản",
                    CharProblem::Invisible => "ký tự vô hình",
                    CharProblem::NonCharacter => "mã không phải ký tự",
                };
                write!(
                    f,
                    "{what} có {kind} U+{code:04X} ở vị trí {position}: hãy xoá ký tự này (nó không hiện ra hoặc làm chữ hiển thị sai)"
                )
            }
        }
    }
}

impl std::error::Error for InputError {}

/// Why `c` may not be in a text of this kind, if it may not.
pub fn char_problem(c: char, kind: TextKind) -> Option<CharProblem> {
    let code = c as u32;
    if c.is_control() {
        let allowed = kind == TextKind::Note && matches!(c, '\n' | '\r' | '\t');
        return (!allowed).then_some(CharProblem::Control);
    }
    if matches!(code, 0x202A..=0x202E | 0x2066..=0x2069 | 0x200E | 0x200F | 0x061C) {
        return Some(CharProblem::Bidi);
    }
    if matches!(code, 0xFDD0..=0xFDEF) || code & 0xFFFE == 0xFFFE {
        return Some(CharProblem::NonCharacter);
    }
    let invisible = matches!(code, 0x200B..=0x200D | 0x2060..=0x2064 | 0xFEFF | 0x00AD);
    (invisible && kind != TextKind::Note).then_some(CharProblem::Invisible)
}

/// The first refused character of a text, with its 1-based position.
pub fn first_bad_char(text: &str, kind: TextKind) -> Option<(usize, char, CharProblem)> {
    text.chars()
        .enumerate()
        .find_map(|(i, c)| char_problem(c, kind).map(|p| (i + 1, c, p)))
}

/// A text as ntm keeps it: NFC, trimmed, checked for what it may contain
/// and for its length. `what` names it in the message ("ghi chú").
pub fn check_text(text: &str, kind: TextKind, what: &str) -> Result<String, InputError> {
    let text = nfc(text);
    let text = text.trim();
    if let Some((position, c, problem)) = first_bad_char(text, kind) {
        return Err(InputError::BadChar {
            what: what.to_string(),
            problem,
            code: c as u32,
            position,
        });
    }
    check_length(text, kind, what)?;
    Ok(text.to_string())
}

/// Refuses a text longer than its kind allows (counted in characters).
pub fn check_length(text: &str, kind: TextKind, what: &str) -> Result<(), InputError> {
    let max = kind.max_chars();
    // Bytes bound characters from above: most texts need no count.
    if text.len() > max {
        let chars = text.chars().count();
        if chars > max {
            return Err(InputError::TooLong {
                what: what.to_string(),
                chars,
                max,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_vietnamese_becomes_composed() {
        let decomposed: String = "Mường So đạt".nfd().collect();
        assert_ne!(decomposed, "Mường So đạt");
        let decomposed = decomposed.as_str();
        assert_eq!(nfc(decomposed), "Mường So đạt");
        assert!(matches!(nfc("Mường So đạt"), Cow::Borrowed(_)));
        assert_eq!(nfc_owned(decomposed.to_string()), "Mường So đạt");
    }

    #[test]
    fn names_refuse_control_bidi_and_invisible_characters() {
        assert_eq!(
            check_text(" Xã Mường So ", TextKind::Name, "tên").unwrap(),
            "Xã Mường So"
        );
        let e = check_text("hoá-đơn\u{202E}fdp.exe", TextKind::FileName, "tên tệp").unwrap_err();
        assert!(e.to_string().contains("U+202E ở vị trí 8"), "{e}");
        assert!(e.to_string().contains("đổi chiều"), "{e}");
        let e = check_text("Mường\nSo", TextKind::Name, "tên").unwrap_err();
        assert!(e.to_string().contains("ký tự điều khiển U+000A"), "{e}");
        let e = check_text("Mường\u{200B}So", TextKind::Name, "tên").unwrap_err();
        assert!(e.to_string().contains("vô hình"), "{e}");
    }

    #[test]
    fn notes_keep_line_breaks_but_not_other_controls() {
        assert!(check_text("dòng 1\ndòng 2\tcột", TextKind::Note, "ghi chú").is_ok());
        assert!(check_text("chuông\u{7}", TextKind::Note, "ghi chú").is_err());
        assert!(check_text("a\u{FFFF}", TextKind::Note, "ghi chú").is_err());
    }

    #[test]
    fn lengths_are_counted_in_characters_after_composition() {
        // 5,000 decomposed "ạ" are 10,000 code points but 5,000 characters.
        let note = "a\u{323}".repeat(5_000);
        assert_eq!(
            check_text(&note, TextKind::Note, "ghi chú")
                .unwrap()
                .chars()
                .count(),
            5_000
        );
        let e = check_text(&"đ".repeat(5_001), TextKind::Note, "ghi chú").unwrap_err();
        assert_eq!(e.to_string(), "ghi chú dài 5.001 ký tự, quá giới hạn 5.000 ký tự");
    }
}
