//! Files from the pages: the appendix tables, the narrative report, the
//! review file of ntm's checks beside them, the data-entry template, and the page that imports a filled-in template or
//! CSV file and lists every problem by sheet and cell.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::documents::import::{ImportError, ImportSummary};
use ntm_app::documents::reports::{ReportFile, ReportOptions, XLSX};
use ntm_app::documents::template_export::TemplateUnits;
use serde::Deserialize;

use crate::extract::{Path, Query};
use crate::pages::layout::page;
use crate::pages::parts::period_of;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;
use crate::upload::{AnyImport, UploadedFile};

/// A file as a download.
pub fn attachment(file: ReportFile) -> Response {
    (
        [
            (header::CONTENT_TYPE, file.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.name),
            ),
        ],
        file.bytes,
    )
        .into_response()
}

/// What a report's address carries.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    pub period: Option<String>,
    pub set: Option<String>,
    /// The map in the report: `criteria` (default), `criterion:N`, `plan`, `money` or `none`.
    pub map: Option<String>,
}

pub async fn appendix(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let period = period_of(&state.program, q.period.as_deref()).await?;
    let options = ReportOptions::parse(q.set.as_deref(), q.map.as_deref())?;
    let file = state
        .program
        .appendix(&session.actor(), &code, period, &options)
        .await?;
    Ok(attachment(file))
}

pub async fn narrative(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let period = period_of(&state.program, q.period.as_deref()).await?;
    let options = ReportOptions::parse(q.set.as_deref(), q.map.as_deref())?;
    let file = state
        .program
        .narrative(&session.actor(), &code, period, &options)
        .await?;
    Ok(attachment(file))
}

/// ntm's own checks of the report, a file of their own beside it.
pub async fn checks(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let period = period_of(&state.program, q.period.as_deref()).await?;
    let options = ReportOptions::parse(q.set.as_deref(), Some("none"))?;
    let file = state
        .program
        .report_checks(&session.actor(), &code, period, &options)
        .await?;
    Ok(attachment(file))
}

#[derive(Debug, Default, Deserialize)]
pub struct TemplateQuery {
    pub period: Option<String>,
    /// `1`: the villages' template.
    pub villages: Option<String>,
}

pub async fn template(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<TemplateQuery>,
) -> Result<Response, PageError> {
    let period = period_of(&state.program, q.period.as_deref()).await?;
    let which = if q.villages.as_deref() == Some("1") {
        TemplateUnits::Villages
    } else {
        TemplateUnits::Communes
    };
    let (name, bytes) = state
        .program
        .template(&session.actor(), &code, period, which)
        .await?;
    Ok(attachment(ReportFile {
        name,
        content_type: XLSX,
        bytes,
    }))
}

/// What an import did: the file's name and its summary, or its errors.
type Outcome<'a> = Result<(&'a str, &'a ImportSummary), (&'a str, &'a [ImportError])>;

fn import_page(session: &Session, result: Option<Outcome<'_>>) -> Markup {
    let action = format!("/import?csrf={}", session.csrf);
    let body = html! {
        h1 { "Nhập số liệu từ tệp" }
        p { "Nhập lại mẫu nhập số liệu (.xlsx) đã điền, tệp CSV số liệu, bảng vốn (.csv, .xlsx: kế hoạch vốn, dự án, giải ngân, đóng góp) "
            "hoặc ranh giới đơn vị (.geojson) — xem tài liệu định dạng. "
            "Mọi ô được kiểm tra; nếu có lỗi, không có gì được lưu." }
        @match result {
            Some(Ok((file, s))) => {
                p.notice role="status" {
                    "Đã nhập " (file) ": " (s.rows) " dòng; " (s.created) " giá trị mới, " (s.updated) " cập nhật, "
                    (s.unchanged) " không đổi."
                }
                @if !s.warnings.is_empty() {
                    div.warning.checks role="status" {
                        p { strong { "Cần kiểm tra lại (" (s.warnings.len()) "):" }
                            " số liệu đã nhập, nhưng các quy tắc kiểm tra của bộ tiêu chí cho thấy có điểm bất thường." }
                        ul { @for w in &s.warnings { li { (w) } } }
                    }
                }
            },
            Some(Err((file, errors))) => {
                @let (shown, more) = ntm_core::input::screenful(errors);
                div.errors role="alert" { p { strong { (file) } ": " (ntm_core::quantity::group_thousands(errors.len() as u64)) " lỗi; không có dữ liệu nào được lưu." } }
                div.table-wrap {
                    table {
                        thead { tr { th { "Trang" } th { "Ô" } th { "Dòng" } th { "Cột" } th { "Lỗi" } } }
                        tbody {
                            @for e in shown {
                                tr {
                                    td { (e.sheet) }
                                    td { (e.cell) }
                                    td.num { @if e.line > 0 { (e.line) } }
                                    td { (e.column) }
                                    td { (e.message) }
                                }
                            }
                        }
                    }
                }
                @if let Some(line) = ntm_core::input::more_errors_line(more) { p.muted { (line) } }
            },
            None => {},
        }
        @if ntm_app::accounts::access::can_enter_data(&session.actor()) {
            form method="post" action=(action) enctype="multipart/form-data" {
                div.toolbar {
                    div {
                        label for="file" { "Tệp (.xlsx hoặc .csv)" }
                        input id="file" type="file" name="file" required accept=".xlsx,.csv";
                    }
                    button type="submit" { "Nhập" }
                }
            }
        } @else {
            p.warning { "Tài khoản của bạn chỉ để xem: không nhập được số liệu từ tệp." }
        }
    };
    page("Nhập số liệu từ tệp", Some(session), body)
}

pub async fn import_form(session: Session) -> Response {
    import_page(&session, None).into_response()
}

pub async fn import_upload(
    State(state): State<AppState>,
    session: Session,
    form: UploadedFile<AnyImport>,
) -> Result<Response, PageError> {
    let name = form.clean_name();
    let result = state
        .program
        .import_file(&session.actor(), &name, &form.bytes)
        .await;
    state.metrics.import_result("file", &result, |s| s.rows);
    match result {
        Ok(summary) => Ok(import_page(&session, Some(Ok((&name, &summary)))).into_response()),
        Err(AppError::Import(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            import_page(&session, Some(Err((&name, &errors)))),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
