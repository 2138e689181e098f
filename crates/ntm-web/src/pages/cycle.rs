//! The reporting cycle of a unit's period: who reports by when, who has,
//! what was returned and why, approvals (many at once), reopenings.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use ntm_app::AppError;
use ntm_app::plans::CycleAction;
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
        div.cards {
            div.card { span.figure { (status.submitted) "/" (status.expected) } span.label { "báo cáo đã gửi" } }
            div.card { span.figure { (status.on_time) } span.label { "đúng hạn" } }
            div.card { span.figure { (status.late) } span.label { "gửi chậm" } }
            div.card { span.figure { (status.overdue) } span.label { "quá hạn chưa gửi" } }
            div.card { span.figure { (status.approved) } span.label { "đã phê duyệt" } }
            div.card { span.figure { (status.changes_after_approval) } span.label { "thay đổi sau phê duyệt" } }
        }
        @if status.can_approve_unit {
            form method="post" action=(action) {
                (csrf_field(&session))
                input type="hidden" name="action" value="approve";
                input type="hidden" name="units" value=(status.unit.code);
                button type="submit" { "Phê duyệt số liệu của " (status.unit.full_name) }
            }
        }
        @if status.unit_locked { p.notice { "Số liệu của " (status.unit.full_name) " kỳ này đã được phê duyệt và khoá." } }
        @if bulk {
            form method="post" action=(action) id="bulk" {
                (csrf_field(&session))
                input type="hidden" name="action" value="approve";
            }
        }
        div.table-wrap {
            table.sortable {
                thead { tr { @if bulk { th { "Phê duyệt" } } th { "Báo cáo của" } th { "Tình trạng" } th { "Gửi lúc" } th { "Hạn" } th { "Ý kiến" } th.num { "Sửa sau duyệt" } th { "Thao tác" } } }
                tbody {
                    @for r in &status.rows {
                        @let who = r.agency.clone().unwrap_or_else(|| r.unit.full_name.clone());
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
                                @if r.can_submit {
                                    form method="post" action=(action) { (csrf_field(&session))
                                        input type="hidden" name="action" value="submit";
                                        input type="hidden" name="unit" value=(r.unit.code);
                                        input type="hidden" name="agency" value=(r.agency_code.as_deref().unwrap_or(""));
                                        button type="submit" { "Gửi báo cáo" } }
                                }
                                @if r.can_review {
                                    form method="post" action=(action) { (csrf_field(&session))
                                        input type="hidden" name="unit" value=(r.unit.code);
                                        input type="hidden" name="agency" value=(r.agency_code.as_deref().unwrap_or(""));
                                        label { "Ý kiến " input name="comment" size="18"; }
                                        button type="submit" name="action" value="accept" { "Chấp nhận" } " "
                                        button.secondary type="submit" name="action" value="return" { "Trả lại" } }
                                }
                                @if r.can_reopen {
                                    details { summary { "Mở lại" }
                                        form method="post" action=(action) { (csrf_field(&session))
                                            input type="hidden" name="action" value="reopen";
                                            input type="hidden" name="unit" value=(r.unit.code);
                                            label { "Phạm vi " select name="scope" { option value="unit" { "toàn bộ" } option value="criterion" { "một tiêu chí" } option value="indicator" { "một chỉ tiêu" } } }
                                            label { " Mã " input name="code" size="5"; }
                                            label { " Đến ngày " input name="until" type="date" required; }
                                            label { " Lý do " input name="reason" required size="20"; }
                                            button type="submit" { "Mở lại" } } }
                                }
                            }
                        }
                    }
                }
            }
        }
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

pub async fn act(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
    crate::extract::Form(fields): crate::extract::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let agency = Some(get("agency")).filter(|a| !a.is_empty());
    let action = match get("action").as_str() {
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
        "reopen" => {
            let until = ntm_core::validity::parse_date(&get("until"))
                .ok_or_else(|| AppError::Invalid(format!("ngày \"{}\" không hợp lệ", get("until"))))?;
            let scope = match get("scope").as_str() {
                "criterion" => LockScope::Criterion(get("code")),
                "indicator" => LockScope::Indicator(get("code")),
                _ => LockScope::Unit,
            };
            CycleAction::Reopen {
                unit: get("unit"),
                scope,
                reason: get("reason"),
                until,
            }
        }
        other => return Err(AppError::Invalid(format!("thao tác \"{other}\" không có")).into()),
    };
    match program.cycle_action(&session.actor(), period, action).await {
        Ok(outcome) => {
            let mut message = outcome.done.join("; ");
            if !outcome.skipped.is_empty() {
                message.push_str(&format!(". Không phê duyệt được: {}", outcome.skipped.join("; ")));
            }
            // The entry page's reopening form comes back to the entry page.
            let secure = state.secure_cookies;
            let back = get("back");
            if back.starts_with("/units/") && crate::session::local_path(&back).is_some() {
                return Ok(flash::redirect_with(&back, &message, secure));
            }
            let to = format!("/cycle/{code}?period={}", period.code());
            Ok(flash::redirect_with(&to, &message, secure))
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
