//! Data entry for a unit and period: every indicator and criterion the user
//! may change, with the version each was read at. Only the fields the user
//! changed are sent, so someone else's save of another field is no conflict;
//! a save over a newer value is refused and shows who saved what.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::accounts::access::Actor;
use ntm_app::entry::form::{CriterionEntry, EntryForm, IndicatorEntry};
use ntm_app::entry::{AssessmentInput, ConflictView, FieldError, ValueInput};
use ntm_app::{AppError, Program};
use ntm_core::evaluation::CriterionStatus;
use ntm_core::period::Period;
use serde::Deserialize;

use crate::extract::{Form, Path, Query};
use crate::pages::entry_field_errors as fe;
use crate::pages::layout::{csrf_field, notice, page};
use crate::pages::parts::{criterion_badge, period_of_unit, unit_href};
use crate::pages::{entry_indicator, entry_nav};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct EntryQuery {
    pub period: Option<String>,
    /// After a save: how many values and assessments changed.
    pub saved: Option<usize>,
    /// After a save: each criterion's status before it (m, n, d).
    pub was: Option<String>,
    /// After a save: the criterion whose group the page came back to; the
    /// notice is shown there.
    pub at: Option<String>,
}

/// What a refused save brings back to the form.
#[derive(Debug, Default)]
pub(crate) struct Returned<'a> {
    pub(crate) fields: Option<&'a HashMap<String, String>>,
    pub(crate) errors: &'a [FieldError],
    pub(crate) conflicts: &'a [ConflictView],
    /// Why the whole save was refused (a lock, a right), when it was.
    pub(crate) reason: Option<&'a str>,
    /// The criterion whose group shows the notice after a save.
    pub(crate) at: Option<&'a str>,
}

/// Joins the fields of what a form showed (a visible character: forms
/// refuse control characters).
const SEPARATOR: char = '\u{241f}';

fn status_letter(status: CriterionStatus) -> char {
    match status {
        CriterionStatus::Met => 'm',
        CriterionStatus::NotMet => 'n',
        CriterionStatus::NoData => 'd',
    }
}

fn status_from_letter(letter: char) -> Option<CriterionStatus> {
    match letter {
        'm' => Some(CriterionStatus::Met),
        'n' => Some(CriterionStatus::NotMet),
        'd' => Some(CriterionStatus::NoData),
        _ => None,
    }
}

pub(crate) fn indicator_orig(i: &IndicatorEntry) -> String {
    [i.value.as_str(), &i.achieved, &i.total, &i.note].join(&SEPARATOR.to_string())
}

fn assessment_orig(c: &CriterionEntry) -> String {
    [c.assessment.as_str(), &c.assessment_note].join(&SEPARATOR.to_string())
}

pub async fn form(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<EntryQuery>,
    jar: axum_extra::extract::cookie::CookieJar,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let form = program.entry_form(&session.actor(), &code, period).await?;
    let saved = q.saved.map(|n| saved_notice(n, q.was.as_deref(), &form));
    // After a reopening from this page: what was reopened.
    let (done, jar) = crate::pages::flash::take(jar);
    let message = saved.as_deref().or(done.as_deref());
    let at =
        q.at.as_deref()
            .filter(|at| saved.is_some() && form.criteria.iter().any(|c| c.code == *at));
    let returned = Returned {
        at,
        ..Returned::default()
    };
    Ok((jar, render(&session, &form, &code, period, message, &returned)).into_response())
}

/// "Đã lưu 2 thay đổi. Số tiêu chí đạt: 11/19 → 12/19. Tiêu chí 5: chưa đạt → đạt."
fn saved_notice(count: usize, was: Option<&str>, form: &EntryForm) -> String {
    let mut text = if count == 0 {
        "Không có thay đổi nào để lưu.".to_string()
    } else {
        format!("Đã lưu {count} thay đổi.")
    };
    let before: Vec<Option<CriterionStatus>> = was.unwrap_or("").chars().map(status_from_letter).collect();
    if before.len() == form.criteria.len() {
        let met_before = before
            .iter()
            .filter(|s| **s == Some(CriterionStatus::Met))
            .count();
        text.push_str(&format!(
            " Số tiêu chí đạt: {met_before}/{total} → {}/{total}.",
            form.met,
            total = form.criteria_total
        ));
        for (c, old) in form.criteria.iter().zip(before) {
            if let Some(old) = old.filter(|o| *o != c.status) {
                text.push_str(&format!(
                    " Tiêu chí {}: {} → {}.",
                    c.code,
                    old.name_vi(),
                    c.status.name_vi()
                ));
            }
        }
    }
    text
}

pub(crate) fn field<'a>(returned: &'a Returned<'_>, name: &str) -> Option<&'a str> {
    returned.fields.and_then(|f| f.get(name)).map(String::as_str)
}

pub(crate) fn is_conflict(returned: &Returned<'_>, key: &str) -> bool {
    returned.conflicts.iter().any(|c| c.field == key)
}

fn render(
    session: &Session,
    form: &EntryForm,
    code: &str,
    period: Period,
    message: Option<&str>,
    returned: &Returned<'_>,
) -> Markup {
    let was: String = form.criteria.iter().map(|c| status_letter(c.status)).collect();
    let action = format!("/units/{code}/entry?period={}", period.code());
    let groups = html! {
        @for c in &form.criteria {
            (criterion_fieldset(c, returned, message))
        }
    };
    let body = html! {
        @if returned.at.is_none() { (notice(message)) }
        h1 { "Số liệu " (form.unit.full_name) }
        p.path { (form.path) " · " (form.period_label) " · " (form.criteria_set.label) }
        // A count over criteria none of which is decided is no figure.
        @let decided = form.criteria.iter().filter(|c| c.status != CriterionStatus::NoData).count();
        p { @if decided == 0 { "Số tiêu chí đạt: " strong { (ntm_core::evaluation::NO_DATA) } " (chưa tiêu chí nào xác định được đạt hay chưa đạt). " }
            @else { "Hiện đạt " strong { (form.met) "/" (form.criteria_total) } " tiêu chí" @if decided < form.criteria.len() { " (" (decided) "/" (form.criteria_total) " tiêu chí đã xác định được)" } ". " }
            a href=(unit_href(code, period)) { "Xem kết quả đánh giá" } }
        (crate::pages::entry_lock::lock_notice(session, form, code, period))
        @if let Some(reason) = returned.reason {
            div.errors role="alert" {
                p { strong { "Chưa lưu: " } (reason) }
                p { "Mọi giá trị bạn đã nhập vẫn còn dưới đây (các ô không sửa được ghi rõ giá trị bạn đã nhập) để bạn chép lại hoặc sửa rồi lưu lại." }
            }
        }
        (entry_nav::error_summary(form, returned.errors))
        @if !returned.conflicts.is_empty() {
            div.warning role="alert" {
                p { strong { "Chưa lưu: có người đã sửa số liệu này trong lúc bạn nhập." } " Giá trị mới nhất đang hiện trong ô; các ô khác vẫn giữ giá trị bạn nhập. Kiểm tra rồi lưu lại." }
                ul {
                    @for c in returned.conflicts {
                        li { (c.label) ": " strong { (c.current.as_deref().unwrap_or("(đã xoá)")) }
                            @if let Some(by) = &c.by { " — do " (by) } @if let Some(at) = &c.at { " lưu lúc " (ntm_app::views::audit::local_time_vi(at)) } }
                    }
                }
            }
        }
        @if !form.warnings.is_empty() {
            div.warning.checks role="status" {
                p { strong { "Cần kiểm tra lại (" (form.warnings.len()) "):" }
                    " số liệu đã lưu, nhưng các quy tắc kiểm tra của bộ tiêu chí cho thấy có điểm bất thường." }
                ul { @for w in &form.warnings { li { (w) } } }
            }
        }
        @if form.editable == 0 && form.locked.is_none() {
            p.warning { "Bạn chỉ được xem số liệu của đơn vị này, không được sửa." }
        }
        (entry_nav::jump_list(form))
        // A form only for whoever may change a field; others read the groups.
        @if form.editable > 0 {
            form method="post" action=(action) novalidate {
                (csrf_field(session))
                input type="hidden" name="was" value=(was);
                (groups)
                div.sticky-actions { button type="submit" { "Lưu số liệu" } " " a href=(unit_href(code, period)) { "Huỷ" } }
            }
        } @else {
            (groups)
        }
    };
    page(
        &format!("Nhập số liệu {} — {}", form.unit.full_name, form.period_label),
        Some(session),
        body,
    )
}

fn criterion_fieldset(c: &CriterionEntry, returned: &Returned<'_>, message: Option<&str>) -> Markup {
    let key = format!("tc.{}", c.code);
    let conflict = is_conflict(returned, &key);
    let value_of = |suffix: &str, stored: &str| -> String {
        if conflict {
            return stored.to_string();
        }
        field(returned, &format!("a.{}.{suffix}", c.code))
            .unwrap_or(stored)
            .to_string()
    };
    let met = value_of("met", &c.assessment);
    let note = value_of("note", &c.assessment_note);
    let version = if conflict {
        c.assessment_version.to_string()
    } else {
        value_of("version", &c.assessment_version.to_string())
    };
    let orig = if conflict {
        assessment_orig(c)
    } else {
        value_of("orig", &assessment_orig(c))
    };
    let id = format!("a-{}", c.code);
    let bad = |part: &str| fe::part_errors(returned.errors, &key, part, "met");
    html! {
        fieldset id=(entry_nav::group_anchor(&c.code)) {
            legend { "Tiêu chí " (c.code) ". " (c.name) " " (criterion_badge(c.status)) }
            @if returned.at == Some(c.code.as_str()) { (notice(message)) }
            p.explain { (c.explanation) }
            div.entry-row {
                div { strong { "Đánh giá chung của tiêu chí" }
                    p.explain { "Dùng khi chưa nhập đủ các chỉ tiêu; khi đủ, kết quả tính từ chỉ tiêu." }
                    @if let Some(by) = &c.assessed_by { p.explain { "Lần sửa cuối: " (by) } } }
                @if c.editable {
                    div.inputs {
                        input type="hidden" name={"a." (c.code) ".version"} value=(version);
                        input type="hidden" name={"a." (c.code) ".orig"} value=(orig);
                        div.field {
                            label for={(id) "-met"} { "Đánh giá" }
                            select id={(id) "-met"} name={"a." (c.code) ".met"} aria-invalid=[fe::invalid(&bad("met"))] aria-describedby=[fe::described_by(&format!("{id}-met"), &bad("met"))] {
                                option value="" selected[met.is_empty()] { "— chưa đánh giá —" }
                                option value="đạt" selected[met == "đạt"] { "đạt" }
                                option value="chưa đạt" selected[met == "chưa đạt"] { "chưa đạt" }
                            }
                            (fe::messages(&format!("{id}-met"), &bad("met")))
                        }
                        div.field {
                            label for={(id) "-note"} { "Ghi chú" }
                            input.note id={(id) "-note"} name={"a." (c.code) ".note"} value=(note) aria-invalid=[fe::invalid(&bad("note"))] aria-describedby=[fe::described_by(&format!("{id}-note"), &bad("note"))];
                            (fe::messages(&format!("{id}-note"), &bad("note")))
                        }
                        @for e in fe::other_errors(returned.errors, &key, &["met", "note"]) { p.field-error { (e.message) } }
                    }
                } @else {
                    div.readonly { (if c.assessment.is_empty() { "chưa đánh giá" } else { c.assessment.as_str() }) }
                    (typed_but_not_saved(returned, &format!("a.{}", c.code), &["met", "note"]))
                }
            }
            @for i in &c.indicators { (entry_indicator::indicator_row(i, returned)) }
            (entry_nav::group_save(c))
        }
    }
}

/// What the user typed in fields that could not be saved and are shown
/// read-only now (the period was locked meanwhile, a right was taken back),
/// so that nothing typed is lost.
pub(crate) fn typed_but_not_saved(returned: &Returned<'_>, prefix: &str, parts: &[&str]) -> Markup {
    let Some(fields) = returned.fields else {
        return html! {};
    };
    let typed: Vec<String> = parts
        .iter()
        .filter_map(|part| {
            fields
                .get(&format!("{prefix}.{part}"))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .map(|v| format!("{part}: {v}"))
        })
        .collect();
    let orig = fields
        .get(&format!("{prefix}.orig"))
        .map(String::as_str)
        .unwrap_or("");
    let now: Vec<&str> = parts
        .iter()
        .map(|part| fields.get(&format!("{prefix}.{part}")).map_or("", |v| v.trim()))
        .collect();
    if typed.is_empty() || now.join(&SEPARATOR.to_string()) == orig {
        return html! {};
    }
    html! { p.conflict { "Chưa lưu — bạn đã nhập: " (typed.join("; ")) } }
}

/// The values and assessments the user changed.
fn changed_inputs(
    fields: &HashMap<String, String>,
    form: &EntryForm,
) -> (Vec<ValueInput>, Vec<AssessmentInput>) {
    let get = |name: String| fields.get(&name).cloned().unwrap_or_default();
    let mut values = Vec::new();
    let mut assessments = Vec::new();
    for c in &form.criteria {
        if fields.contains_key(&format!("a.{}.version", c.code)) {
            let met = get(format!("a.{}.met", c.code));
            let note = get(format!("a.{}.note", c.code));
            let now = [met.trim(), note.trim()].join(&SEPARATOR.to_string());
            let orig = get(format!("a.{}.orig", c.code));
            if now != orig {
                assessments.push(AssessmentInput {
                    criterion: c.code.clone(),
                    met: Some(met),
                    note: Some(note),
                    provenance: None,
                    version: get(format!("a.{}.version", c.code)).parse().unwrap_or(0),
                });
            }
        }
        for i in &c.indicators {
            if !fields.contains_key(&format!("v.{}.version", i.code)) {
                continue;
            }
            let part = |suffix: &str| get(format!("v.{}.{suffix}", i.code));
            let (value, achieved, total, note) =
                (part("value"), part("achieved"), part("total"), part("note"));
            let now = [value.trim(), achieved.trim(), total.trim(), note.trim()].join(&SEPARATOR.to_string());
            if now != part("orig") {
                values.push(ValueInput {
                    indicator: i.code.clone(),
                    value: Some(value),
                    achieved: Some(achieved),
                    total: Some(total),
                    note: Some(note),
                    evidence: i.evidence.clone(),
                    provenance: None,
                    version: part("version").parse().unwrap_or(0),
                });
            }
        }
    }
    (values, assessments)
}

pub async fn save(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<EntryQuery>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let actor = session.actor();
    let fields: HashMap<String, String> = fields.into_iter().collect();
    let form = program.entry_form(&actor, &code, period).await?;
    let (values, assessments) = changed_inputs(&fields, &form);
    let count = values.len() + assessments.len();
    let was = fields.get("was").cloned().unwrap_or_default();
    // Back to the group the user was at.
    let at = entry_nav::return_group(
        &form,
        fields.get("back").map(String::as_str),
        &values,
        &assessments,
    );
    if count == 0 {
        return Ok(back_to(
            &code,
            at.as_deref(),
            vec![("period", period.code()), ("saved", "0".into())],
        ));
    }
    match program
        .save_entry(&actor, &code, period, &values, &assessments)
        .await
    {
        Ok(_) => Ok(back_to(
            &code,
            at.as_deref(),
            vec![
                ("period", period.code()),
                ("saved", count.to_string()),
                ("was", was),
            ],
        )),
        Err(e) => {
            let refused = Refused {
                actor: &actor,
                code: &code,
                period,
                fields: &fields,
            };
            refused.form_again(program, &session, &form, e).await
        }
    }
}

/// The entry page after a save, at the group the user was at (`at`).
fn back_to(code: &str, at: Option<&str>, mut pairs: Vec<(&str, String)>) -> Response {
    if let Some(at) = at {
        pairs.push(("at", at.to_string()));
    }
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    let anchor = at.map(entry_nav::group_anchor);
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    Redirect::to(&format!("/units/{code}/entry?{query}{anchor}")).into_response()
}

/// A save that was refused, and what the user sent.
struct Refused<'a> {
    actor: &'a Actor,
    code: &'a str,
    period: Period,
    fields: &'a HashMap<String, String>,
}

impl Refused<'_> {
    /// The form again with everything the user typed and why nothing was
    /// saved: a field's reason on the field; a lock's, a right's or a
    /// conflict's over the form as it is now.
    async fn form_again(
        &self,
        program: &Program,
        session: &Session,
        form: &EntryForm,
        error: AppError,
    ) -> Result<Response, PageError> {
        let (code, period) = (self.code, self.period);
        match error {
            AppError::Fields(errors) => {
                let returned = Returned {
                    fields: Some(self.fields),
                    errors: &errors,
                    ..Returned::default()
                };
                Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render(session, form, code, period, None, &returned),
                )
                    .into_response())
            }
            e
            @ (AppError::Locked(_) | AppError::Forbidden(_) | AppError::Invalid(_) | AppError::Stale(_)) => {
                // The form again as it is now (locked fields read-only), with
                // everything the user typed and why nothing was saved.
                let status = crate::problem::classify(&e).0;
                let reason = e.to_string();
                let fresh = program.entry_form(self.actor, code, period).await?;
                let returned = Returned {
                    fields: Some(self.fields),
                    reason: Some(&reason),
                    ..Returned::default()
                };
                Ok((status, render(session, &fresh, code, period, None, &returned)).into_response())
            }
            AppError::Conflict(conflicts) => {
                // The form again, with what is stored now.
                let fresh = program.entry_form(self.actor, code, period).await?;
                let returned = Returned {
                    fields: Some(self.fields),
                    conflicts: &conflicts,
                    ..Returned::default()
                };
                Ok((
                    StatusCode::CONFLICT,
                    render(session, &fresh, code, period, None, &returned),
                )
                    .into_response())
            }
            e => Err(e.into()),
        }
    }
}
