//! The reporting cycle of a unit's period: who reports by when, who has,
//! what was returned and why, approvals (many at once), reopenings.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::plans::cycle::CycleOutcome;
use ntm_app::plans::{CycleAction, CycleRow, CycleStatus};
use ntm_core::period::Period;
use ntm_core::plan::{LockScope, Timeliness};
use serde::Deserialize;

use axum_extra::extract::cookie::CookieJar;

use crate::extract::{Path, Query};
use crate::pages::flash;
use crate::pages::layout::{csrf_field, notice, page};
use crate::pages::parts::{PeriodQuery, period_of_unit, period_picker};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct CycleQuery {
    pub period: Option<String>,
}

fn timeliness_class(t: Timeliness) -> &'static str {
    match t {
        Timeliness::OnTime => "met",
        Timeliness::Late(_) | Timeliness::Overdue(_) => "not-met",
        Timeliness::Pending => "no-data",
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<CycleQuery>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let status = program.cycle_status(&session.actor(), &code, period).await?;
    let (done, jar) = flash::take(jar);
    let picker = period_picker(program, &format!("/cycle/{code}"), period).await?;
    let action = format!("/cycle/{code}/action?period={}", period.code());
    // The approval of many rows at once, only for whoever may approve one.
    let bulk = status.rows.iter().any(|r| r.can_approve);
    let body = html! {
        (notice(done.as_deref()))
        h1 { "Chu kỳ báo cáo — " (status.unit.full_name) }
        p.path { (status.period_label) " · hạn gửi trước ngày " strong { (status.due) } " · hôm nay " (status.today) }
        (picker)
        (report_counts(&status))
        (unit_approval(&status, &session, &action))
        @if bulk {
            form method="post" action=(action) id="bulk" {
                (csrf_field(&session))
                input type="hidden" name="action" value="approve";
            }
        }
        (reports_table(&status, &session, &action, bulk))
        (crate::pages::page_exports::links(&format!("/cycle/{code}/export"), "reports", &format!("&period={}", period.code()), "bảng tình hình gửi báo cáo"))
        @if bulk { button type="submit" form="bulk" { "Phê duyệt các dòng đã chọn" } }
    };
    Ok((
        jar,
        page(
            &format!("Chu kỳ báo cáo — {}", status.unit.full_name),
            Some(&session),
            body,
        ),
    )
        .into_response())
}

/// The cards: reports sent, on time, late, overdue, approved, changed after approval.
fn report_counts(status: &CycleStatus) -> Markup {
    html! {
        div.cards {
            div.card { span.figure { (status.submitted) "/" (status.expected) } span.label { "báo cáo đã gửi" } }
            div.card { span.figure { (status.on_time) } span.label { "đúng hạn" } }
            div.card { span.figure { (status.late) } span.label { "gửi chậm" } }
            div.card { span.figure { (status.overdue) } span.label { "quá hạn chưa gửi" } }
            div.card { span.figure { (status.approved) } span.label { "đã phê duyệt" } }
            div.card { span.figure { (status.changes_after_approval) } span.label { "thay đổi sau phê duyệt" } }
        }
    }
}

/// The approval of the unit's own figures, or that they are approved and locked.
fn unit_approval(status: &CycleStatus, session: &Session, action: &str) -> Markup {
    html! {
        @if status.can_approve_unit {
            form method="post" action=(action) {
                (csrf_field(session))
                input type="hidden" name="action" value="approve";
                input type="hidden" name="units" value=(status.unit.code);
                button type="submit" { "Phê duyệt số liệu của " (status.unit.full_name) }
            }
        }
        @if status.unit_locked { p.notice { "Số liệu của " (status.unit.full_name) " kỳ này đã được phê duyệt và khoá." } }
    }
}

/// One row per expected report, with what the user may do with it.
fn reports_table(status: &CycleStatus, session: &Session, action: &str, bulk: bool) -> Markup {
    html! {
        div.table-wrap {
            table.sortable {
                thead { tr { @if bulk { th { "Phê duyệt" } } th { "Báo cáo của" } th { "Tình trạng" } th { "Gửi lúc" } th { "Hạn" } th { "Ý kiến" } th.num { "Sửa sau duyệt" } th { "Thao tác" } } }
                tbody {
                    @for r in &status.rows {
                        (report_row(r, session, action, bulk))
                    }
                }
            }
        }
    }
}

fn report_row(r: &CycleRow, session: &Session, action: &str, bulk: bool) -> Markup {
    let who = r.agency.clone().unwrap_or_else(|| r.unit.full_name.clone());
    html! {
        tr {
            @if bulk { td { @if r.can_approve { input type="checkbox" form="bulk" name="units" value=(r.unit.code) aria-label={"Chọn " (who) " để phê duyệt"}; } } }
            td { (who) }
            td { (r.state_name) @if r.locked { " " span.status.met { "đã khoá" } }
                @for e in &r.exceptions { p.explain { "Đang mở lại: " (e) } } }
            td { (r.submitted_on.as_deref().unwrap_or("")) @if let Some(b) = &r.submitted_by { p.explain { (b) } } }
            td { span class={"status " (timeliness_class(r.timeliness))} { (r.timeliness_text) } }
            td { (r.comment.as_deref().unwrap_or("")) }
            td.num { (r.changes_after_approval) }
            td {
                @if r.can_submit { (submit_form(r, session, action)) }
                @if r.can_review { (review_form(r, session, action)) }
                @if r.can_reopen { (reopen_form(r, session, action)) }
            }
        }
    }
}

fn submit_form(r: &CycleRow, session: &Session, action: &str) -> Markup {
    html! {
        form method="post" action=(action) { (csrf_field(session))
            input type="hidden" name="action" value="submit";
            input type="hidden" name="unit" value=(r.unit.code);
            input type="hidden" name="agency" value=(r.agency_code.as_deref().unwrap_or(""));
            button type="submit" { "Gửi báo cáo" } }
    }
}

/// Accepting or returning a sent report, with a comment.
fn review_form(r: &CycleRow, session: &Session, action: &str) -> Markup {
    html! {
        form method="post" action=(action) { (csrf_field(session))
            input type="hidden" name="unit" value=(r.unit.code);
            input type="hidden" name="agency" value=(r.agency_code.as_deref().unwrap_or(""));
            label { "Ý kiến " input name="comment" size="18"; }
            button type="submit" name="action" value="accept" { "Chấp nhận" } " "
            button.secondary type="submit" name="action" value="return" { "Trả lại" } }
    }
}

/// Reopening an approved report: the whole of it, a criterion or an indicator, until a day.
fn reopen_form(r: &CycleRow, session: &Session, action: &str) -> Markup {
    html! {
        details { summary { "Mở lại" }
            form method="post" action=(action) { (csrf_field(session))
                input type="hidden" name="action" value="reopen";
                input type="hidden" name="unit" value=(r.unit.code);
                label { "Phạm vi " select name="scope" { option value="unit" { "toàn bộ" } option value="criterion" { "một tiêu chí" } option value="indicator" { "một chỉ tiêu" } } }
                label { " Mã " input name="code" size="5"; }
                label { " Đến ngày " input name="until" type="date" required; }
                label { " Lý do " input name="reason" required size="20"; }
                button type="submit" { "Mở lại" } } }
    }
}

pub async fn act(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
    crate::extract::Form(fields): crate::extract::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let action = cycle_action(&fields)?;
    match program.cycle_action(&session.actor(), period, action).await {
        Ok(outcome) => {
            let to = after_action(&field(&fields, "back"), &code, period);
            Ok(flash::redirect_with(
                &to,
                &outcome_message(&outcome),
                state.secure_cookies,
            ))
        }
        Err(e @ (AppError::Invalid(_) | AppError::Stale(_))) => {
            let message = e.to_string();
            Ok(crate::pages::layout::error_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Chưa thực hiện được",
                &message,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// A form field, trimmed; empty when not sent.
fn field(fields: &[(String, String)], name: &str) -> String {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// The action a cycle form asks for.
fn cycle_action(fields: &[(String, String)]) -> Result<CycleAction, AppError> {
    let get = |k: &str| field(fields, k);
    let agency = Some(get("agency")).filter(|a| !a.is_empty());
    Ok(match get("action").as_str() {
        "submit" => CycleAction::Submit {
            unit: get("unit"),
            agency,
        },
        "accept" => CycleAction::Accept {
            unit: get("unit"),
            agency,
            comment: Some(get("comment")),
        },
        "return" => CycleAction::Return {
            unit: get("unit"),
            agency,
            comment: get("comment"),
        },
        "approve" => CycleAction::Approve {
            units: fields
                .iter()
                .filter(|(k, _)| k == "units")
                .map(|(_, v)| v.clone())
                .collect(),
        },
        "reopen" => reopening(fields)?,
        other => return Err(AppError::Invalid(format!("thao tác \"{other}\" không có"))),
    })
}

/// A reopening: of the unit, one criterion or one indicator, until a day.
fn reopening(fields: &[(String, String)]) -> Result<CycleAction, AppError> {
    let get = |k: &str| field(fields, k);
    let until = ntm_core::validity::parse_date(&get("until"))
        .ok_or_else(|| AppError::Invalid(format!("ngày \"{}\" không hợp lệ", get("until"))))?;
    let scope = match get("scope").as_str() {
        "criterion" => LockScope::Criterion(get("code")),
        "indicator" => LockScope::Indicator(get("code")),
        _ => LockScope::Unit,
    };
    Ok(CycleAction::Reopen {
        unit: get("unit"),
        scope,
        reason: get("reason"),
        until,
    })
}

/// What was done, and the units a bulk approval skipped.
fn outcome_message(outcome: &CycleOutcome) -> String {
    let mut message = outcome.done.join("; ");
    if !outcome.skipped.is_empty() {
        message.push_str(&format!(". Không phê duyệt được: {}", outcome.skipped.join("; ")));
    }
    message
}

/// Where an action leads: the entry page's reopening form comes back to the
/// entry page; every other form to the cycle page.
fn after_action(back: &str, code: &str, period: Period) -> String {
    if back.starts_with("/units/") && crate::session::local_path(back).is_some() {
        return back.to_string();
    }
    format!("/cycle/{code}?period={}", period.code())
}
