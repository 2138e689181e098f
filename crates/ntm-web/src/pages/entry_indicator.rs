//! One indicator's row on the entry page: its inputs by kind (yes/no, a
//! level, a ratio, a number) and the note, each with its errors; after a
//! conflict, what the user had typed. Read-only for whoever may not change it.

use maud::{Markup, html};
use ntm_app::entry::FieldError;
use ntm_app::entry::form::IndicatorEntry;

use crate::pages::entry::{Returned, field, indicator_orig, is_conflict, typed_but_not_saved};
use crate::pages::entry_field_errors as fe;
use crate::pages::parts::indicator_badge;
use ntm_core::criteria::IndicatorKind;

/// The parts of an indicator's value a form sends, the note included.
const PARTS: [&str; 4] = ["value", "achieved", "total", "note"];

/// The choices of a yes/no indicator, after "not entered".
const YES_NO: [&str; 3] = ["đạt", "không đạt", "không áp dụng"];

pub(crate) fn indicator_row(i: &IndicatorEntry, returned: &Returned<'_>) -> Markup {
    let conflict = is_conflict(returned, &i.code);
    html! {
        div.entry-row id={"ct-" (i.code)} {
            div {
                strong { (i.code) " " (i.name) }
                p.explain { "Ngưỡng: " (i.threshold) " · " (indicator_badge(i.status)) }
                @if let Some(by) = &i.entered_by { p.explain { "Lần sửa cuối: " (by) } }
            }
            @if i.editable {
                (inputs(&Fields::of(i, returned), &Shown::of(i, returned, conflict), conflict))
            } @else {
                (read_only(i, returned))
            }
        }
    }
}

/// What an indicator's fields show: what the user typed when a save was
/// refused; what is stored now after a conflict (someone else saved it).
struct Shown {
    value: String,
    achieved: String,
    total: String,
    note: String,
    version: String,
    orig: String,
}

impl Shown {
    fn of(i: &IndicatorEntry, returned: &Returned<'_>, conflict: bool) -> Shown {
        let value_of = |suffix: &str, stored: &str| -> String {
            if conflict {
                return stored.to_string();
            }
            field(returned, &format!("v.{}.{suffix}", i.code))
                .unwrap_or(stored)
                .to_string()
        };
        Shown {
            value: value_of("value", &i.value),
            achieved: value_of("achieved", &i.achieved),
            total: value_of("total", &i.total),
            note: value_of("note", &i.note),
            version: value_of("version", &i.version.to_string()),
            orig: value_of("orig", &indicator_orig(i)),
        }
    }
}

/// An editable indicator's inputs: their ids, names and errors by part.
struct Fields<'a, 'r> {
    i: &'a IndicatorEntry,
    returned: &'a Returned<'r>,
    /// `v-3.2`: the inputs' ids are `v-3.2-value`, `v-3.2-note`, …
    id: String,
    unit: String,
    /// The part a field error without one is about.
    default_part: &'static str,
}

impl<'a, 'r> Fields<'a, 'r> {
    fn of(i: &'a IndicatorEntry, returned: &'a Returned<'r>) -> Fields<'a, 'r> {
        Fields {
            i,
            returned,
            id: format!("v-{}", i.code),
            unit: i.unit.clone().unwrap_or_default(),
            default_part: if i.kind == IndicatorKind::Ratio {
                "achieved"
            } else {
                "value"
            },
        }
    }

    fn name(&self, part: &str) -> String {
        format!("v.{}.{part}", self.i.code)
    }

    fn bad(&self, part: &str) -> Vec<&'a FieldError> {
        fe::part_errors(self.returned.errors, &self.i.code, part, self.default_part)
    }

    /// A label with the indicator's unit, when it has one: "Số đạt (hộ)".
    fn with_unit(&self, label: &str) -> Markup {
        html! { (label) @if !self.unit.is_empty() { " (" (self.unit) ")" } }
    }
}

fn inputs(f: &Fields<'_, '_>, shown: &Shown, conflict: bool) -> Markup {
    html! {
        div.inputs {
            input type="hidden" name=(f.name("version")) value=(shown.version);
            input type="hidden" name=(f.name("orig")) value=(shown.orig);
            (value_fields(f, shown))
            (note_field(f, &shown.note))
            @for e in fe::other_errors(f.returned.errors, &f.i.code, &PARTS) { p.field-error { (e.message) } }
            @if conflict { (typed_before_conflict(f)) }
        }
    }
}

/// The value's inputs, by the indicator's kind.
fn value_fields(f: &Fields<'_, '_>, shown: &Shown) -> Markup {
    match f.i.kind {
        IndicatorKind::YesNo => choice_field(f, "Kết quả", &shown.value, &YES_NO),
        IndicatorKind::Level => {
            let levels: Vec<&str> = f.i.levels.iter().map(String::as_str).collect();
            choice_field(f, "Mức", &shown.value, &levels)
        }
        IndicatorKind::Ratio => html! {
            (decimal_field(f, "achieved", f.with_unit("Số đạt"), &shown.achieved))
            (decimal_field(f, "total", f.with_unit("Tổng số"), &shown.total))
            (decimal_field(f, "value", html! { "hoặc tỷ lệ (%)" }, &shown.value))
        },
        IndicatorKind::Number => decimal_field(f, "value", f.with_unit("Giá trị"), &shown.value),
    }
}

/// A value chosen from a list, "not entered" first.
fn choice_field(f: &Fields<'_, '_>, label: &str, value: &str, choices: &[&str]) -> Markup {
    let id = format!("{}-value", f.id);
    let bad = f.bad("value");
    html! {
        div.field {
            label for=(id) { (label) }
            select id=(id) name=(f.name("value")) aria-invalid=[fe::invalid(&bad)] aria-describedby=[fe::described_by(&id, &bad)] {
                option value="" selected[value.is_empty()] { "— chưa nhập —" }
                @for c in choices { option value=(c) selected[value == *c] { (c) } }
            }
            (fe::messages(&id, &bad))
        }
    }
}

/// A number typed in.
fn decimal_field(f: &Fields<'_, '_>, part: &str, label: Markup, value: &str) -> Markup {
    let id = format!("{}-{part}", f.id);
    let bad = f.bad(part);
    html! {
        div.field {
            label for=(id) { (label) }
            input id=(id) name=(f.name(part)) inputmode="decimal" value=(value) aria-invalid=[fe::invalid(&bad)] aria-describedby=[fe::described_by(&id, &bad)];
            (fe::messages(&id, &bad))
        }
    }
}

fn note_field(f: &Fields<'_, '_>, note: &str) -> Markup {
    let id = format!("{}-note", f.id);
    let bad = f.bad("note");
    html! {
        div.field {
            label for=(id) { "Ghi chú, nguồn số liệu" }
            input.note id=(id) name=(f.name("note")) value=(note) aria-invalid=[fe::invalid(&bad)] aria-describedby=[fe::described_by(&id, &bad)];
            (fe::messages(&id, &bad))
        }
    }
}

/// After a conflict the fields show what is stored now; what the user had
/// typed is said below them.
fn typed_before_conflict(f: &Fields<'_, '_>) -> Markup {
    let typed = |part: &str| field(f.returned, &f.name(part));
    let mine = typed("value")
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "{}/{}",
                typed("achieved").unwrap_or(""),
                typed("total").unwrap_or("")
            )
        });
    html! {
        p.conflict { "Người khác vừa lưu giá trị đang hiện. Giá trị bạn đã nhập: " (mine) }
    }
}

/// The stored value for whoever may not change it, and what they had typed
/// if the save was refused.
fn read_only(i: &IndicatorEntry, returned: &Returned<'_>) -> Markup {
    let unit = i.unit.clone().unwrap_or_default();
    html! {
        div.readonly {
            @if i.kind == IndicatorKind::Ratio && !i.achieved.is_empty() { (i.achieved) "/" (i.total) " " (unit) }
            @else if i.value.is_empty() { "chưa nhập" }
            @else { (i.value) }
            @if !i.note.is_empty() { p.explain { (i.note) } }
        }
        (typed_but_not_saved(returned, &format!("v.{}", i.code), &PARTS))
    }
}
