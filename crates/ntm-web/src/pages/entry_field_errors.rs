//! A refused field of the entry page marked where it is: `aria-invalid` on
//! the input, its own reason right below it, tied to it by
//! `aria-describedby`; the summary at the top links each such input.

use maud::{Markup, html};
use ntm_app::entry::FieldError;

/// The errors of one part (`achieved`) of the fields `key` names (`2.2`,
/// `tc.5`); an error naming the whole key belongs to `default_part`.
pub fn part_errors<'a>(
    errors: &'a [FieldError],
    key: &str,
    part: &str,
    default_part: &str,
) -> Vec<&'a FieldError> {
    errors
        .iter()
        .filter(|e| {
            let of_part = e
                .field
                .strip_prefix(key)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|p| p == part);
            of_part || (e.field == key && part == default_part)
        })
        .collect()
}

/// The errors of `key` that belong to none of `parts` (the source of a
/// value): shown together after the fields.
pub fn other_errors<'a>(
    errors: &'a [FieldError],
    key: &str,
    parts: &[&str],
) -> impl Iterator<Item = &'a FieldError> + 'a {
    let key = key.to_string();
    let parts: Vec<String> = parts.iter().map(|p| (*p).to_string()).collect();
    errors.iter().filter(move |e| {
        e.field
            .strip_prefix(key.as_str())
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|p| !parts.iter().any(|x| x == p))
    })
}

/// The id of the reason shown under the input `input_id`.
pub fn error_id(input_id: &str) -> String {
    format!("{input_id}-loi")
}

/// `aria-invalid` for an input with errors.
pub fn invalid(errors: &[&FieldError]) -> Option<&'static str> {
    (!errors.is_empty()).then_some("true")
}

/// `aria-describedby` for an input with errors.
pub fn described_by(input_id: &str, errors: &[&FieldError]) -> Option<String> {
    (!errors.is_empty()).then(|| error_id(input_id))
}

/// The reasons under an input, one paragraph with the id the input names.
pub fn messages(input_id: &str, errors: &[&FieldError]) -> Markup {
    if errors.is_empty() {
        return html! {};
    }
    html! {
        p.field-error id=(error_id(input_id)) {
            @for (i, e) in errors.iter().enumerate() { @if i > 0 { " " } (e.message) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: &str) -> FieldError {
        FieldError {
            field: field.into(),
            message: format!("sai {field}"),
        }
    }

    #[test]
    fn each_error_belongs_to_its_part_and_the_whole_to_the_default_part() {
        let errors = [
            error("2.2.achieved"),
            error("2.2.total"),
            error("2.2"),
            error("2.2.provenance"),
            error("2.21.total"),
        ];
        let fields = |part| -> Vec<&str> {
            part_errors(&errors, "2.2", part, "achieved")
                .iter()
                .map(|e| e.field.as_str())
                .collect()
        };
        assert_eq!(fields("achieved"), ["2.2.achieved", "2.2"]);
        assert_eq!(fields("total"), ["2.2.total"]);
        assert!(fields("value").is_empty());
        let other: Vec<_> = other_errors(&errors, "2.2", &["achieved", "total", "value", "note"])
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(other, ["2.2.provenance"]);
    }
}
