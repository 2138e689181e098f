//! Plan against actual for a unit and year: each target with its status and
//! reason and where the trend leads; the communes' registrations; forms to
//! set a target (coordination office) and to register a criterion.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::plans::PlanStatus;
use ntm_app::plans::edit::RegistrationInput;
use ntm_core::period::Period;
use ntm_core::plan::{Target, TargetMetric, TargetStatus};
use ntm_core::quantity::Quantity;
use serde::Deserialize;

use crate::extract::{Form, Path, Query};
use crate::pages::layout::{csrf_field, notice, page};
use crate::pages::parts::unit_or_overview_href;
use crate::pages::plan_picker::plan_picker;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct PlanQuery {
    pub year: Option<i32>,
    pub as_of: Option<String>,
    pub done: Option<String>,
}

pub fn status_class(status: TargetStatus) -> &'static str {
    match status {
        TargetStatus::Met | TargetStatus::OnTrack => "met",
        TargetStatus::AtRisk | TargetStatus::Missed => "not-met",
        TargetStatus::NoData => "no-data",
    }
}

/// The targets table (the overview summarises it in a few lines).
pub fn targets_table(plan: &PlanStatus) -> Markup {
    html! {
        div.table-wrap {
            table.sortable {
                thead { tr { th { "Chỉ tiêu" } th { "Thời hạn" } th.num { "Mục tiêu" }
                    th.num title="Số liệu cuối năm trước khi bắt đầu thực hiện chỉ tiêu" { "Trước kỳ kế hoạch" }
                    th.num { "Thực hiện (" (plan.as_of_label) ")" }
                    th { "Tình trạng" } th { "Dự báo cuối kỳ" } th { "Lý do" } } }
                tbody {
                    @for t in &plan.targets {
                        tr {
                            td { (t.label) @if let Some(s) = &t.source { p.explain { (s) } } }
                            td { (t.span) }
                            td.num { (t.target) }
                            td.num { (t.baseline.as_deref().unwrap_or("—")) }
                            td.num { (t.actual.as_deref().unwrap_or("—")) }
                            td { span class={"status " (status_class(t.status))} { (t.status_name) } }
                            // The status already says when the trend misses.
                            td.num { (t.projected.as_deref().unwrap_or("—")) }
                            td.explain { (t.reason) }
                        }
                    }
                }
            }
        }
    }
}

fn registrations(plan: &PlanStatus, session: &Session, code: &str, may_register: bool) -> Markup {
    html! {
        div.table-wrap {
            table.sortable {
                thead { tr { th { "Xã" } th { "Đăng ký" } th { "Cơ quan hỗ trợ" } th { "Vốn dự kiến" } th { "Tình trạng" } @if may_register { th { "" } } } }
                tbody {
                    @for r in &plan.registrations {
                        tr {
                            td { a href={"/units/" (r.unit.code) "?period=" (plan.as_of.code())} { (r.unit.name) } }
                            td { "Tiêu chí " (r.criterion) " " (r.criterion_name)
                                @if let Some(i) = &r.indicator { " — chỉ tiêu " (i) }
                                @if r.proposed { " " span.muted { "(đề xuất)" } } }
                            td { (r.agency.as_deref().unwrap_or("")) }
                            td { (r.planned_capital.as_deref().unwrap_or("")) }
                            td { span class={"status " (match r.status { ntm_core::plan::RegistrationStatus::Met => "met", ntm_core::plan::RegistrationStatus::InProgress => "no-data", ntm_core::plan::RegistrationStatus::Missed => "not-met" })} { (r.status_name) } }
                            @if may_register { td {
                                form method="post" action={"/plans/" (code) "/registrations?year=" (plan.year)} {
                                    (csrf_field(session))
                                    input type="hidden" name="unit" value=(r.unit.code);
                                    input type="hidden" name="criterion" value=(r.criterion);
                                    input type="hidden" name="indicator" value=(r.indicator.as_deref().unwrap_or(""));
                                    input type="hidden" name="remove" value="1";
                                    button.secondary type="submit" aria-label={"Bỏ đăng ký của " (r.unit.name)} { "Bỏ" }
                                }
                            } }
                        }
                    }
                }
            }
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<PlanQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let default_year = program.default_period().await?.calendar_year() + 1;
    let year = crate::pages::parts::page_year(q.year.unwrap_or(default_year), "năm kế hoạch")?;
    let as_of = as_of_period(q.as_of.as_deref())?;
    let plan = program.plan_status(&session.actor(), &code, year, as_of).await?;
    let years = program.plan_years(&session.actor(), &code, year).await?;
    let periods = program.periods().await?;
    let may = program
        .unit_actions(&session.actor(), &code, ntm_core::period::Period::year(year))
        .await?;
    let body = html! {
        (notice(saved_message(q.done.as_deref())))
        h1 { "Kế hoạch năm " (year) " — " (plan.unit.full_name) }
        (related_links(&plan, &code))
        (plan_picker(&code, year, &years, as_of, &periods))
        (target_counts(&plan))
        h2 { "Chỉ tiêu" }
        @if plan.targets.is_empty() { p.muted { "Chưa có chỉ tiêu kế hoạch nào cho năm này." } } @else {
            (targets_table(&plan))
            (crate::pages::page_exports::plan_links(&plan, "targets", "bảng chỉ tiêu kế hoạch"))
        }
        @if may.coordinate { (target_form(&session, &code, year)) }
        h2 { "Đăng ký hoàn thành năm " (year) }
        @if plan.registrations.is_empty() { p.muted { "Chưa có xã nào đăng ký." } } @else {
            (registrations(&plan, &session, &code, may.act_for))
            (crate::pages::page_exports::plan_links(&plan, "registrations", "bảng đăng ký hoàn thành"))
        }
        @if may.act_for { (registration_form(&session, &code, year)) }
    };
    Ok(page(
        &format!("Kế hoạch năm {year} — {}", plan.unit.full_name),
        Some(&session),
        body,
    )
    .into_response())
}

/// The period whose figures the plan is measured on, when the page asks for one.
fn as_of_period(text: Option<&str>) -> Result<Option<Period>, AppError> {
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        Some(p) => Ok(Some(p.parse().map_err(|e: ntm_core::period::PeriodError| {
            AppError::BadRequest(e.to_string())
        })?)),
        None => Ok(None),
    }
}

/// The notice after a save, by what was saved.
fn saved_message(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("target") => Some("Đã lưu chỉ tiêu kế hoạch."),
        Some("registration") => Some("Đã lưu đăng ký."),
        _ => None,
    }
}

/// Which figures the plan is measured on, and the unit's related pages.
fn related_links(plan: &PlanStatus, code: &str) -> Markup {
    html! {
        p.path { "Số liệu thực hiện: " (plan.as_of_label) ". "
            a href=(unit_or_overview_href(&plan.unit.code, plan.unit.kind, plan.as_of)) { "Về số liệu" } " · "
            a href={"/gaps/" (code) "?period=" (plan.as_of.code())} { "Còn thiếu và ưu tiên" } " · "
            a href={"/cycle/" (code) "?period=" (plan.as_of.code())} { "Chu kỳ báo cáo" } }
    }
}

/// The targets met, on track, at risk and missed.
fn target_counts(plan: &PlanStatus) -> Markup {
    html! {
        // Counts of nothing are no figures: the cards only over targets.
        @if !plan.targets.is_empty() { div.cards {
            div.card { span.figure { (plan.met) } span.label { "chỉ tiêu đã đạt" } }
            div.card { span.figure { (plan.on_track) } span.label { "đúng tiến độ" } }
            div.card { span.figure { (plan.at_risk) } span.label { "có nguy cơ không đạt" } }
            div.card { span.figure { (plan.missed) } span.label { "không đạt" } }
        } }
    }
}

/// The coordination office's form to set a target.
fn target_form(session: &Session, code: &str, year: i32) -> Markup {
    html! {
        h3 { "Đặt chỉ tiêu (Văn phòng Điều phối)" }
        form method="post" action={"/plans/" (code) "/targets?year=" (year)} {
            (csrf_field(session))
            div.toolbar {
                div { label for="metric" { "Loại" }
                    select id="metric" name="metric" {
                        option value="criterion_communes" { "Số xã đạt một tiêu chí" }
                        option value="standard_communes" { "Số xã được công nhận đạt chuẩn (có quyết định)" }
                        option value="all_criteria_communes" { "Số xã đạt đủ các tiêu chí (theo số liệu)" }
                        option value="standard_villages" { "Số thôn, bản đạt đủ các tiêu chí (theo số liệu)" }
                        option value="average_criteria" { "Bình quân tiêu chí/xã" }
                        option value="communes_in_bracket" { "Số xã trong một nhóm" }
                        option value="communes_below" { "Số xã dưới N tiêu chí (tối đa)" }
                    } }
                div { label for="subject" { "Tiêu chí, nhóm hoặc N" } input id="subject" name="subject" size="10"; }
                div { label for="start_year" { "Từ năm" } input id="start_year" name="start_year" type="number" value=(year) required; }
                div { label for="end_year" { "Đến năm" } input id="end_year" name="end_year" type="number" value=(year) required; }
                div { label for="value" { "Mục tiêu" } input id="value" name="value" inputmode="decimal" required size="6"; }
                div { label for="source" { "Văn bản" } input id="source" name="source" size="24"; }
                button type="submit" { "Lưu chỉ tiêu" }
            }
        }
    }
}

/// The form to register one more commune's criterion for the year.
fn registration_form(session: &Session, code: &str, year: i32) -> Markup {
    html! {
        h3 { "Đăng ký thêm" }
        form method="post" action={"/plans/" (code) "/registrations?year=" (year)} {
            (csrf_field(session))
            div.toolbar {
                div { label for="r-unit" { "Mã xã" } input id="r-unit" name="unit" required size="8" inputmode="numeric"; }
                div { label for="r-criterion" { "Tiêu chí" } input id="r-criterion" name="criterion" required size="4"; }
                div { label for="r-indicator" { "Chỉ tiêu (nếu chỉ một)" } input id="r-indicator" name="indicator" size="5"; }
                div { label for="r-capital" { "Vốn dự kiến (triệu đồng)" } input id="r-capital" name="capital" inputmode="decimal" size="10"; }
                button type="submit" { "Đăng ký" }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct TargetForm {
    pub metric: String,
    #[serde(default)]
    pub subject: String,
    pub start_year: i32,
    pub end_year: i32,
    pub value: String,
    #[serde(default)]
    pub source: String,
}

pub async fn save_target(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<PlanQuery>,
    Form(form): Form<TargetForm>,
) -> Result<Response, PageError> {
    let metric = TargetMetric::from_parts(&form.metric, Some(&form.subject)).map_err(AppError::Invalid)?;
    let value = Quantity::parse_vi(form.value.trim())
        .map_err(|e| AppError::Invalid(format!("mục tiêu \"{}\": {e}", form.value)))?;
    let target = Target {
        metric,
        start_year: form.start_year,
        end_year: form.end_year,
        value,
        source: Some(form.source.trim().to_string()).filter(|s| !s.is_empty()),
        note: None,
    };
    state
        .program
        .save_target(&session.actor(), &code, target, false, None)
        .await?;
    let year = q.year.unwrap_or(form.end_year);
    Ok(Redirect::to(&format!("/plans/{code}?year={year}&done=target")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct RegistrationForm {
    pub unit: String,
    pub criterion: String,
    #[serde(default)]
    pub indicator: String,
    #[serde(default)]
    pub capital: String,
    #[serde(default)]
    pub remove: String,
}

pub async fn save_registration(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<PlanQuery>,
    Form(form): Form<RegistrationForm>,
) -> Result<Response, PageError> {
    let year = q
        .year
        .ok_or_else(|| AppError::Invalid("thiếu năm đăng ký".into()))?;
    let program = &state.program;
    let capital = match form.capital.trim() {
        "" => None,
        text => Some(
            Quantity::parse_vi(text)
                .map_err(|e| AppError::Invalid(format!("vốn dự kiến \"{text}\": {e}")))?,
        ),
    };
    let registration = RegistrationInput {
        year,
        criterion: form.criterion.trim().to_string(),
        indicator: Some(form.indicator.trim().to_string()).filter(|s| !s.is_empty()),
        planned_capital: capital,
        ..RegistrationInput::default()
    };
    program
        .save_registration(
            &session.actor(),
            form.unit.trim(),
            registration,
            form.remove == "1",
            None,
        )
        .await?;
    Ok(Redirect::to(&format!("/plans/{code}?year={year}&done=registration")).into_response())
}
