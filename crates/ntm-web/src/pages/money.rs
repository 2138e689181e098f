//! A unit's money for a year: capital by source, projects with allocation and
//! disbursement, community contributions; a commune enters its own.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::money::MoneySummary;
use ntm_core::aggregate::UnitRef;
use ntm_core::money::Contribution;
use ntm_core::quantity::Quantity;
use serde::Deserialize;

use crate::extract::{Form, Path, Query};
use crate::pages::layout::{csrf_field, notice, page};
use crate::pages::page_exports::money_links as export_links;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

use ntm_core::evaluation::NO_DATA;

pub(crate) fn or_no_data(text: &Option<String>) -> &str {
    text.as_deref().unwrap_or(NO_DATA)
}

#[derive(Debug, Default, Deserialize)]
pub struct MoneyQuery {
    pub year: Option<i32>,
    pub done: Option<String>,
}

/// Whose records a table of a unit's money adds up, when only some of its
/// subdivisions have any.
pub(crate) fn partial(coverage: &Option<ntm_app::money::MoneyCoverage>) -> Markup {
    html! { @if let Some(short) = coverage.as_ref().and_then(|c| c.short.as_ref()) { p.muted.partial { (short) } } }
}

/// The capital tables and the allocation/disbursement summary (also on the overview).
pub fn money_tables(m: &MoneySummary) -> Markup {
    html! {
        @for (i, c) in m.capital.iter().enumerate() {
            h3 { (c.heading) ": " (c.total) " triệu đồng" }
            (partial(&c.coverage))
            div.table-wrap {
                table {
                    thead { tr { th { "Nguồn vốn" } th.num { "Triệu đồng" } } }
                    tbody { @for s in &c.sources {
                        tr { td { @if s.depth > 0 { span aria-hidden="true" { ("— ".repeat(s.depth)) } } (s.name) } td.num { (s.amount.to_vi_string()) } }
                    } }
                }
            }
            (export_links(m, &format!("capital-{}", i + 1), &format!("bảng {}", c.heading.to_lowercase())))
        }
        @if !m.projects.is_empty() {
            h3 { "Giao vốn và giải ngân năm " (m.year) }
            (partial(&m.projects_coverage))
            p { "Giao " strong { (m.allocated) } " triệu đồng (chuyển nguồn " (m.carried_in) "), giải ngân "
                @match &m.disbursed { Some(d) => { strong { (d) } " triệu đồng" } None => { (NO_DATA) } }
                @if let (Some(p), Some(base)) = (&m.disbursed_percent, &m.allocated_disbursing) { ", đạt " strong { (p) "%" } " vốn giao của các dự án có số liệu giải ngân (" (base) " triệu đồng)" } "."
                @if let Some(missing) = m.missing_disbursement() { " " span.muted { (missing) "." } }
            }
            div.table-wrap {
                table.sortable.projects {
                    thead { tr { th { "Dự án" } th { "Xã" } th { "Tiêu chí" } th.num { "Giao" } th.num { "Chuyển nguồn" } th.num { "Giải ngân" } th.num { "Tỷ lệ" } th { "Tình trạng" } } }
                    tbody { @for p in &m.projects {
                        tr {
                            td { (p.name) p.explain { (p.owner) } }
                            td { (p.communes.join(", ")) }
                            td { (p.criteria.join(", ")) }
                            td.num { (p.allocated) }
                            td.num { (p.carried_in) }
                            td.num { (or_no_data(&p.disbursed)) }
                            td.num { (p.percent.as_deref().map(|x| format!("{x}%")).unwrap_or_default()) }
                            td { @if p.behind { span.status.not-met { (ntm_app::money::summary::BEHIND_VI) } } @else { (p.status) } }
                        }
                    } }
                }
            }
            (export_links(m, "projects", "bảng dự án, giao vốn và giải ngân"))
        }
    }
}

/// The years to choose from (those with data and the current one, newest
/// first, and the one shown), sent by GET.
fn year_picker(code: &str, year: i32, years: &[i32]) -> Markup {
    let mut years = years.to_vec();
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    html! {
        form.toolbar method="get" action={"/money/" (code)} {
            div { label for="year" { "Năm" }
                select id="year" name="year" {
                    @for y in &years { option value=(y) selected[*y == year] { (y) } }
                } }
            button.secondary type="submit" { "Xem" }
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<MoneyQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let year = match q.year {
        Some(y) => crate::pages::parts::page_year(y, "năm")?,
        None => program.default_period().await?.calendar_year(),
    };
    let m = program.money_summary(&session.actor(), &code, year).await?;
    let years = program.money_years(&session.actor(), &code, year).await?;
    let may = program
        .unit_actions(&session.actor(), &code, ntm_core::period::Period::year(year))
        .await?;
    let communes = if may.act_for {
        program
            .contribution_communes(&session.actor(), &code, year)
            .await?
    } else {
        Vec::new()
    };
    let body = html! {
        (notice(q.done.as_deref().map(|_| "Đã lưu đóng góp.")))
        h1 { "Vốn năm " (year) " — " (m.unit.full_name) }
        (year_picker(&code, year, &years))
        @if let Some(c) = &m.coverage { p.coverage.warning[c.is_partial()] { (c.text) } }
        @if m.capital.is_empty() && m.projects.is_empty() && m.contributions.is_empty() {
            p.muted { "Chưa có số liệu vốn năm " (year) "." }
        }
        @if m.capital.is_empty() {
            p.muted { "Kế hoạch vốn năm " (year) ": chưa có số liệu." }
        }
        (money_tables(&m))
        @if m.projects.is_empty() {
            h3 { "Dự án, giao vốn và giải ngân năm " (year) }
            p.muted { "Chưa có số liệu dự án, giao vốn và giải ngân năm " (year) "." }
        } @else {
            (crate::pages::money_lines::breakdowns(&m))
        }
        (contributions(&m))
        @if may.act_for && !communes.is_empty() { (contribution_form(&session, &code, year, &communes)) }
        @if !m.findings.is_empty() {
            h2 { "Điểm cần xem lại" }
            ul { @for f in &m.findings { li.warning { (f) } } }
        }
    };
    Ok(page(
        &format!("Vốn năm {year} — {}", m.unit.full_name),
        Some(&session),
        body,
    )
    .into_response())
}

/// The community's contributions: totals, then one row per unit.
fn contributions(m: &MoneySummary) -> Markup {
    html! {
        h2 { "Nhân dân đóng góp" }
        (partial(&m.contributions_coverage))
        @if m.contributions.is_empty() { p.muted { "Chưa có số liệu." } } @else {
            p { "Ngày công: " (or_no_data(&m.contributions_labour_days)) "; đất hiến: " (or_no_data(&m.contributions_land_m2)) " m²; số hộ: "
                (m.contributions_households.map_or_else(|| NO_DATA.to_string(), |n| n.to_string())) "; quy đổi: "
                strong { (or_no_data(&m.contributions_money)) } " triệu đồng." }
            div.table-wrap { table {
                thead { tr { th { "Đơn vị" } th.num { "Tiền" } th.num { "Ngày công" } th.num { "Quy đổi ngày công" } th.num { "Đất (m²)" } th.num { "Hộ" } th.num { "Tổng quy đổi" } } }
                tbody { @for c in &m.contributions { tr { td { (c.commune) } td.num { (or_no_data(&c.cash)) } td.num { (or_no_data(&c.labour_days)) } td.num { (or_no_data(&c.labour_value)) } td.num { (or_no_data(&c.land_m2)) } td.num { (c.households.map_or_else(|| NO_DATA.to_string(), |n| n.to_string())) } td.num { (or_no_data(&c.money)) } } } }
            } }
            (export_links(m, "contributions", "bảng nhân dân đóng góp"))
        }
    }
}

/// The form to enter one commune's contributions for the year.
fn contribution_form(session: &Session, code: &str, year: i32, communes: &[UnitRef]) -> Markup {
    html! {
        h3 { "Nhập đóng góp của một xã" }
        form method="post" action={"/money/" (code) "/contributions?year=" (year)} {
            (csrf_field(session))
            div.toolbar {
                div { label for="c-unit" { "Xã" } select id="c-unit" name="unit" required {
                    @for c in communes { option value=(c.code) { (c.full_name) " (" (c.code) ")" } }
                } }
                div { label for="c-cash" { "Tiền (triệu đồng)" } input id="c-cash" name="cash" inputmode="decimal" size="8"; }
                div { label for="c-days" { "Ngày công" } input id="c-days" name="labour_days" inputmode="decimal" size="8"; }
                div { label for="c-rate" { "Đơn giá ngày công (triệu đồng)" } input id="c-rate" name="day_rate" inputmode="decimal" size="6"; }
                div { label for="c-land" { "Đất hiến (m²)" } input id="c-land" name="land_m2" inputmode="decimal" size="8"; }
                div { label for="c-households" { "Số hộ" } input id="c-households" name="households" inputmode="numeric" size="5"; }
                button type="submit" { "Lưu" }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ContributionForm {
    pub unit: String,
    #[serde(default)]
    pub cash: String,
    #[serde(default)]
    pub labour_days: String,
    #[serde(default)]
    pub day_rate: String,
    #[serde(default)]
    pub land_m2: String,
    #[serde(default)]
    pub households: String,
}

/// An amount typed in a form; an empty field gives no figure, never 0.
fn amount(text: &str, field: &str) -> Result<Option<Quantity>, AppError> {
    match text.trim() {
        "" => Ok(None),
        t => Quantity::parse_vi(t)
            .map(Some)
            .map_err(|e| AppError::Invalid(format!("{field} \"{t}\": {e}"))),
    }
}

pub async fn save_contribution(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<MoneyQuery>,
    Form(form): Form<ContributionForm>,
) -> Result<Response, PageError> {
    let year = q.year.ok_or_else(|| AppError::Invalid("thiếu năm".into()))?;
    let contribution = Contribution {
        year,
        project: None,
        cash: amount(&form.cash, "tiền")?,
        labour_days: amount(&form.labour_days, "ngày công")?,
        day_rate: amount(&form.day_rate, "đơn giá ngày công")?.unwrap_or_default(),
        land_m2: amount(&form.land_m2, "đất")?,
        households: match form.households.trim() {
            "" => None,
            t => Some(
                t.parse()
                    .map_err(|_| AppError::Invalid(format!("số hộ \"{t}\" không hợp lệ")))?,
            ),
        },
        note: None,
    };
    state
        .program
        .save_contribution(&session.actor(), form.unit.trim(), contribution)
        .await?;
    Ok(Redirect::to(&format!("/money/{code}?year={year}&done=1")).into_response())
}
