//! The map page of a province, district or commune for a period: the map
//! drawn on the server (each unit a link to its page, its figures in its
//! title and, for the keyboard, in the box under the map when focused), the
//! legend, the schematic notice, the list of units with their figures (what
//! a phone or a screen reader reads best), and the map as files.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, PreEscaped, html};
use ntm_app::AppError;
use ntm_app::map::MapView;
use ntm_core::geometry::layer::LayerKind;
use ntm_core::period::Period;
use ntm_reports::map::{ClassMark, SvgOptions, map_svg};
use serde::Deserialize;

use crate::extract::{Path, Query};
use crate::pages::layout::page;
use crate::pages::parts::{count_vi, period_of, period_of_unit, unit_or_overview_href};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

/// What the map's address carries.
#[derive(Debug, Default, Deserialize)]
pub struct MapQuery {
    pub period: Option<String>,
    /// `criteria` (default), `criterion:N`, `plan`, `money`.
    pub by: Option<String>,
    pub set: Option<String>,
}

pub fn layer_of(by: Option<&str>) -> Result<LayerKind, AppError> {
    by.unwrap_or("criteria")
        .parse()
        .map_err(|e: ntm_core::geometry::layer::LayerKindError| AppError::BadRequest(e.to_string()))
}

/// The query string that keeps the map's choices: "?period=2023&by=criterion:8".
fn query(period: Period, layer: &LayerKind) -> String {
    format!("?period={}&by={layer}", period.code())
}

/// `/map`: the map of the user's own unit.
pub async fn home(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<MapQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let asked = period_of(program, q.period.as_deref()).await?;
    let unit = program
        .home_unit(&session.actor(), asked)
        .await?
        .ok_or_else(|| AppError::NotFound("chưa có đơn vị hành chính nào".into()))?;
    // Without a period asked: the newest in which the user's unit exists
    // (a district office's unit ended on 30/06/2025).
    let period = period_of_unit(program, q.period.as_deref(), unit.code.as_str()).await?;
    Ok(Redirect::to(&format!("/map/{}?period={}", unit.code, period.code())).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<MapQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let layer = layer_of(q.by.as_deref())?;
    let view = program
        .map(&session.actor(), &code, period, &layer, q.set.as_deref())
        .await?;
    let mut periods = program.periods().await?;
    if !periods.contains(&period) {
        periods.push(period);
        periods.sort_by(|a, b| b.cmp(a));
    }
    let svg = map_svg(&view.model, &SvgOptions::WEB);
    let title = format!("Bản đồ {} — {}", view.unit.full_name, view.period_label);
    let files = query(period, &layer);
    let body = html! {
        h1 { "Bản đồ " (view.unit.full_name) }
        p.path {
            "Kỳ báo cáo: " (view.period_label) " (đơn vị hành chính ngày " (view.reference_date) ")"
            @if let Some(set) = &view.criteria_set { " · Bộ tiêu chí: " (set.name) }
            " · " a href=(unit_or_overview_href(&view.unit.code, view.unit.kind, period)) { "Số liệu chi tiết" }
        }
        (choices(&view, &periods, &layer, &code))
        @if view.schematic > 0 {
            p.notice.schematic role="note" {
                strong { "Sơ đồ." } " " (count_vi(view.schematic)) " đơn vị chưa có ranh giới được vẽ thành ô quanh tọa độ trung tâm (gạch chéo, viền nét đứt). "
                "Các ô này chỉ cho biết vị trí tương đối và các đơn vị lân cận, không phải ranh giới hành chính."
            }
        }
        figure.map-figure {
            div.map-wrap { (PreEscaped(svg)) }
            figcaption {
                span.muted { (view.layer.title) ". Chạm hoặc di chuột vào một đơn vị để xem số liệu; bấm để mở trang của nó." }
            }
        }
        p #map-info .map-info aria-live="polite" { "Chọn một đơn vị trên bản đồ (phím Tab) để xem số liệu của nó ở đây." }
        (legend(&view))
        p.toolbar {
            a.button.secondary href={"/map/" (code) "/map.png" (files)} { "Tải ảnh PNG" }
            a.button.secondary href={"/map/" (code) "/map.svg" (files)} { "Tải SVG" }
            a.button.secondary href={"/map/" (code) "/map.geojson" (files)} { "Tải GeoJSON (QGIS)" }
            @if ntm_app::accounts::access::can_administer(&session.actor()) {
                a.button.secondary href="/import" { "Nhập ranh giới (GeoJSON)" }
            }
        }
        (units_table(&view))
    };
    Ok(page(&title, Some(&session), body).into_response())
}

/// The period and layer to show.
fn choices(view: &MapView, periods: &[Period], layer: &LayerKind, code: &str) -> Markup {
    let current = layer.to_string();
    html! {
        form.toolbar method="get" action={"/map/" (code)} {
            div {
                label for="period" { "Kỳ báo cáo" }
                select id="period" name="period" {
                    @for p in periods {
                        option value=(p.code()) selected[*p == view.period] { (p.label_vi()) }
                    }
                }
            }
            div {
                label for="by" { "Tô màu theo" }
                select id="by" name="by" {
                    option value="criteria" selected[current == "criteria"] { "Số tiêu chí đạt" }
                    @for (c, name) in &view.criteria {
                        @let key = format!("criterion:{c}");
                        option value=(key) selected[current == key] { "Tiêu chí " (c) ": " (name) }
                    }
                    @if view.unit.kind.is_aggregate() {
                        option value="plan" selected[current == "plan"] { "Thực hiện nội dung đăng ký (kế hoạch năm)" }
                        option value="money" selected[current == "money"] { "Vốn các dự án theo xã" }
                    }
                }
            }
            button.secondary type="submit" { "Xem" }
        }
    }
}

/// A colour square (SVG: the page's security policy allows no inline style).
fn swatch(colour: &str) -> Markup {
    html! {
        svg.swatch width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" {
            rect width="14" height="14" fill=(colour) stroke="#6b7280" stroke-width="1" {}
        }
    }
}

/// A class's swatch: its colour, hatched when not met, and its symbol
/// (✓, ✗), so that met and not met are told apart without colour.
fn class_swatch(colour: &str, mark: ClassMark) -> Markup {
    html! {
        @if mark.hatched() {
            svg.swatch width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" {
                rect width="14" height="14" fill=(colour) stroke="#6b7280" stroke-width="1" {}
                path d="M0 14L14 0M-4 4L4 -4M10 18L18 10M0 7L7 0M7 14L14 7" stroke="#111827" stroke-opacity="0.6" stroke-width="1.4" {}
            }
        } @else {
            (swatch(colour))
        }
        @if let Some(symbol) = mark.symbol() { span.mark aria-hidden="true" { (symbol) " " } }
    }
}

fn hatched_swatch() -> Markup {
    html! {
        svg.swatch width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" {
            rect width="14" height="14" fill="#9ca3af" stroke="#6b7280" stroke-dasharray="3 2" {}
            path d="M0 14L14 0M-4 4L4 -4M10 18L18 10M0 7L7 0M7 14L14 7" stroke="#ffffff" stroke-width="1.5" {}
        }
    }
}

fn legend(view: &MapView) -> Markup {
    html! {
        section aria-labelledby="chu-giai" {
            h2 id="chu-giai" { "Chú giải" }
            ul.map-legend {
                @for entry in &view.model.legend {
                    li {
                        (class_swatch(&entry.colour, entry.mark))
                        (entry.label) " — " (entry.count)
                    }
                }
                @if view.schematic > 0 {
                    li { (hatched_swatch()) "Sơ đồ (không phải ranh giới)" }
                }
            }
            @if !view.model.unplaced.is_empty() {
                p.muted { "Không có vị trí trên bản đồ (chưa có ranh giới, chưa có tọa độ): " (view.model.unplaced.join(", ")) "." }
            }
        }
    }
}

fn units_table(view: &MapView) -> Markup {
    html! {
        section aria-labelledby="danh-sach" {
            h2 id="danh-sach" { "Các đơn vị trên bản đồ" }
            div.table-wrap {
                table.sortable {
                    thead { tr { th { "Đơn vị" } th { "Nhóm" } th { "Số liệu" } th { "Vẽ theo" } } }
                    tbody {
                        @for r in &view.rows {
                            tr {
                                td { a href=(r.href) { (r.unit.full_name) } }
                                td { (class_swatch(&r.colour, r.mark)) (r.class_label) }
                                td { (r.figures.join("; ")) }
                                td { (r.drawn_as) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn file(content_type: &str, name: String, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The file name of a map: "ban-do-109-2023.png".
pub fn file_name(code: &str, period: Period, extension: &str) -> String {
    let safe: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("ban-do-{safe}-{}.{extension}", period.code())
}

pub async fn svg_file(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<MapQuery>,
) -> Result<Response, PageError> {
    let period = period_of(&state.program, q.period.as_deref()).await?;
    let layer = layer_of(q.by.as_deref())?;
    let svg = state
        .program
        .map_svg(
            &session.actor(),
            &code,
            period,
            &layer,
            q.set.as_deref(),
            &SvgOptions::DOCUMENT,
        )
        .await?;
    Ok(file(
        "image/svg+xml",
        file_name(&code, period, "svg"),
        svg.into_bytes(),
    ))
}

pub async fn png_file(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<MapQuery>,
) -> Result<Response, PageError> {
    let period = period_of(&state.program, q.period.as_deref()).await?;
    let layer = layer_of(q.by.as_deref())?;
    let png = state
        .program
        .map_png(&session.actor(), &code, period, &layer, q.set.as_deref())
        .await?;
    Ok(file("image/png", file_name(&code, period, "png"), png))
}

pub async fn geojson_file(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<MapQuery>,
) -> Result<Response, PageError> {
    let period = period_of(&state.program, q.period.as_deref()).await?;
    let layer = layer_of(q.by.as_deref())?;
    let json = state
        .program
        .map_geojson(&session.actor(), &code, period, &layer, q.set.as_deref())
        .await?;
    let bytes = serde_json::to_vec(&json).map_err(|e| AppError::internal("không ghi được tệp GeoJSON", e))?;
    Ok(file(
        "application/geo+json",
        file_name(&code, period, "geojson"),
        bytes,
    ))
}
