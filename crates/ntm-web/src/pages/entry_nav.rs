//! Finding one's way on the entry page: the jump list of criteria, a Save
//! button at the end of each criterion's group, the summary of refused
//! fields with a link to each, and the group the page comes back to after
//! a save.

use maud::{Markup, html};
use ntm_app::entry::form::{CriterionEntry, EntryForm};
use ntm_app::entry::{AssessmentInput, FieldError, ValueInput};

/// The anchor of a criterion's group on the page.
pub fn group_anchor(criterion: &str) -> String {
    format!("tc-{criterion}")
}

/// Links to each criterion's group, at the top of the page.
pub fn jump_list(form: &EntryForm) -> Markup {
    if form.criteria.len() < 2 {
        return html! {};
    }
    html! {
        nav.jump aria-labelledby="den-tieu-chi" {
            p id="den-tieu-chi" { strong { "Đến tiêu chí:" } }
            ul {
                @for c in &form.criteria {
                    li { a href={"#" (group_anchor(&c.code))} { (c.code) ". " (c.name) } }
                }
            }
        }
    }
}

/// Whether the user may change anything in a criterion's group.
fn group_editable(c: &CriterionEntry) -> bool {
    c.editable || c.indicators.iter().any(|i| i.editable)
}

/// The Save button at the end of a criterion's group: the same form, and
/// the page comes back to this group.
pub fn group_save(c: &CriterionEntry) -> Markup {
    if !group_editable(c) {
        return html! {};
    }
    html! {
        div.group-actions {
            button type="submit" name="back" value=(group_anchor(&c.code)) {
                "Lưu số liệu" span.visually-hidden { " (đang ở tiêu chí " (c.code) ")" }
            }
            " " a href="#den-tieu-chi" { "Về danh sách tiêu chí" }
        }
    }
}

/// One refused field as the summary lists it.
#[derive(Debug, PartialEq, Eq)]
pub struct BadField {
    /// The id of the field's input, when the page has one.
    pub id: Option<String>,
    /// "Chỉ tiêu 2.2 Tỷ lệ … — Số đạt".
    pub label: String,
    pub message: String,
}

/// The name of a part of an indicator's or assessment's fields.
fn part_name(part: &str) -> Option<&'static str> {
    match part {
        "value" => Some("giá trị"),
        "achieved" => Some("số đạt"),
        "total" => Some("tổng số"),
        "note" => Some("ghi chú"),
        "met" => Some("đánh giá"),
        _ => None,
    }
}

/// The part of `key`'s fields an error names: `Some(None)` for the whole
/// (`2.2`, `tc.5`), `Some(Some("achieved"))` for `2.2.achieved`.
fn part_of<'a>(field: &'a str, key: &str) -> Option<Option<&'a str>> {
    if field == key {
        return Some(None);
    }
    let part = field.strip_prefix(key)?.strip_prefix('.')?;
    part_name(part).map(|_| Some(part))
}

/// Which field of the form an error names (`2.2.achieved`, `2.2`,
/// `tc.5`, `tc.5.note`), with the input's id.
pub fn bad_field(form: &EntryForm, error: &FieldError) -> BadField {
    let found = |id: Option<String>, what: String, part: &str| BadField {
        id,
        label: format!("{what} — {}", part_name(part).unwrap_or("giá trị")),
        message: error.message.clone(),
    };
    for c in &form.criteria {
        if let Some(part) = part_of(&error.field, &format!("tc.{}", c.code)) {
            let part = part.unwrap_or("met");
            let id = c.editable.then(|| format!("a-{}-{part}", c.code));
            return found(id, format!("Tiêu chí {}. {}", c.code, c.name), part);
        }
        for i in &c.indicators {
            if let Some(part) = part_of(&error.field, &i.code) {
                let part = part.unwrap_or(if i.kind == ntm_core::criteria::IndicatorKind::Ratio {
                    "achieved"
                } else {
                    "value"
                });
                let id = i.editable.then(|| format!("v-{}-{part}", i.code));
                return found(id, format!("Chỉ tiêu {} {}", i.code, i.name), part);
            }
        }
    }
    BadField {
        id: None,
        label: error.field.clone(),
        message: error.message.clone(),
    }
}

/// "Chưa lưu: 2 ô chưa hợp lệ", then a link to each refused field with
/// the reason.
pub fn error_summary(form: &EntryForm, errors: &[FieldError]) -> Markup {
    if errors.is_empty() {
        return html! {};
    }
    html! {
        div.errors role="alert" id="loi-nhap" tabindex="-1" {
            p { "Chưa lưu: " (errors.len()) " ô chưa hợp lệ. Sửa các ô dưới đây rồi lưu lại." }
            ul {
                @for e in errors {
                    @let bad = bad_field(form, e);
                    li {
                        @match &bad.id {
                            Some(id) => { a href={"#" (id)} { (bad.label) } }
                            None => { (bad.label) }
                        }
                        ": " (bad.message)
                    }
                }
            }
        }
    }
}

/// The criteria (codes) the changes touch, in the form's order.
fn changed_groups<'a>(
    form: &'a EntryForm,
    values: &[ValueInput],
    assessments: &[AssessmentInput],
) -> Vec<&'a str> {
    form.criteria
        .iter()
        .filter(|c| {
            assessments.iter().any(|a| a.criterion == c.code)
                || values
                    .iter()
                    .any(|v| c.indicators.iter().any(|i| i.code == v.indicator))
        })
        .map(|c| c.code.as_str())
        .collect()
}

/// The criterion whose group the page comes back to after a save: the one
/// whose Save was pressed when it holds a change (or nothing changed), else
/// the first group with a change (Enter in a field presses the first
/// button, which need not be the user's group).
pub fn return_group(
    form: &EntryForm,
    back: Option<&str>,
    values: &[ValueInput],
    assessments: &[AssessmentInput],
) -> Option<String> {
    let pressed = back
        .and_then(|b| b.strip_prefix("tc-"))
        .and_then(|code| form.criteria.iter().find(|c| c.code == code))
        .map(|c| c.code.as_str());
    let changed = changed_groups(form, values, assessments);
    match pressed {
        Some(p) if changed.is_empty() || changed.contains(&p) => Some(p.to_string()),
        _ => changed.first().map(|c| (*c).to_string()),
    }
}
