//! The draft editor and what its forms do: change one thing, publish, the
//! workbook out and back in. A refused change shows the editor again with
//! the reason at the top.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::criteria::authoring::DraftRecord;
use ntm_core::criteria::SetVersionRef;
use ntm_core::criteria::draft::VersionStatus;
use ntm_core::validity::{format_date_vi, parse_date};
use serde::Deserialize;

use super::forms::ChangeForm;
use super::version::{Mode, criteria};
use super::{edit_href, version_href};
use crate::extract::{Form, Path, Query};
use crate::pages::layout::{csrf_field, notice, page};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;
use crate::upload::{CriteriaWorkbook, UploadedFile};

fn version_ref(name: &str) -> Result<SetVersionRef, AppError> {
    name.parse::<SetVersionRef>()
        .map_err(|e| AppError::NotFound(e.to_string()))
}

#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    pub saved: Option<String>,
}

fn meta_form(r: &DraftRecord, session: &Session, action: &str) -> Markup {
    let d = &r.draft;
    let date = |v: Option<time::Date>| v.map(format_date_vi).unwrap_or_default();
    let standard = match d.standard {
        ntm_core::criteria::StandardRule::AllCriteria => "tất cả".to_string(),
        ntm_core::criteria::StandardRule::AtLeast(n) => n.to_string(),
    };
    html! {
        details.form open {
            summary { "Thông tin bộ tiêu chí" }
            form method="post" action=(action) id="thong-tin" {
                (csrf_field(session))
                input type="hidden" name="action" value="meta";
                input type="hidden" name="revision" value=(r.revision);
                div.fields {
                    div.wide { label for="m-name" { "Tên bộ tiêu chí" } input id="m-name" name="name" value=(d.name) size="70" required; }
                    div.wide { label for="m-document" { "Văn bản ban hành (số, ngày, cơ quan)" } input id="m-document" name="document" value=(d.document) size="70" required; }
                    div { label for="m-from" { "Có hiệu lực từ ngày" } input id="m-from" name="valid_from" value=(date(d.valid_from)) size="10" placeholder="15/02/2026"; }
                    div { label for="m-to" { "Hết hiệu lực ngày" } input id="m-to" name="valid_to" value=(date(d.valid_to)) size="10"; }
                    div { label for="m-standard" { "Đạt chuẩn khi đạt (tất cả, hoặc số tiêu chí)" } input id="m-standard" name="standard" value=(standard) size="8"; }
                    div { label { input type="checkbox" name="complete" value="có" checked[d.complete]; " Đã liệt kê đủ chỉ tiêu của văn bản" } }
                    div.wide { label for="m-notes" { "Ghi chú" } input id="m-notes" name="notes" value=(d.notes.clone().unwrap_or_default()) size="70"; }
                }
                button type="submit" { "Lưu thông tin" }
            }
        }
    }
}

fn editor(r: &DraftRecord, session: &Session, error: Option<&AppError>, saved: Option<&str>) -> Markup {
    let d = &r.draft;
    let href = edit_href(&d.code, d.version);
    let action = format!("{}/change", version_href(&d.code, d.version));
    let problems = d.problems();
    let (confirmed, unconfirmed, unknown) = d.threshold_coverage();
    let mode = Mode {
        session,
        editing: true,
        may_author: true,
        action: &action,
        revision: r.revision,
    };
    html! {
        h1 { "Dự thảo: " (d.name) }
        p.path { "Phiên bản " (d.version) " (dự thảo, chưa dùng để đánh giá)"
            @if let Some(b) = &d.based_on { " · bắt đầu từ " (b) }
            " · soạn bởi " (d.created.by.label()) }
        (notice(saved))
        @if let Some(e) = error {
            div.errors role="alert" {
                @match e {
                    AppError::Fields(fields) => {
                        p { strong { "Chưa lưu:" } }
                        ul { @for f in fields { li { (super::forms::field_label(&f.field)) ": " (f.message) } } }
                    },
                    other => p { strong { "Chưa lưu: " } (other.to_string()) },
                }
            }
        }
        p { "Ngưỡng: " (confirmed) " đã xác nhận, " (unconfirmed) " chưa xác nhận, " (unknown) " chưa rõ. "
            "Người khác trong văn phòng điều phối đối chiếu văn bản và bấm \"Xác nhận đúng văn bản\" bên cạnh từng ngưỡng." }
        @if !problems.is_empty() {
            div.warning role="status" {
                p { strong { "Cần sửa trước khi ban hành (" (problems.len()) "):" } }
                ul { @for p in &problems { li { (p.to_string()) } } }
            }
        }
        (meta_form(r, session, &action))
        section {
            h2 { "Soạn bằng tệp Excel" }
            p { "Tải tệp, điền ngưỡng theo nhóm xã, vùng, năm cùng văn bản và trang, rồi tải lên: mọi ô được kiểm tra, có lỗi thì không lưu gì." }
            div.toolbar {
                a.button href={(version_href(&d.code, d.version)) "/workbook.xlsx"} { "Tải tệp Excel" }
                form method="post" action={"/criteria/import?csrf=" (session.csrf)} enctype="multipart/form-data" {
                    label for="book" { "Tệp đã điền" }
                    input id="book" type="file" name="file" required accept=".xlsx";
                    button type="submit" { "Tải lên" }
                }
            }
        }
        section {
            h2 { "Xem trước và ban hành" }
            p { a href={(version_href(&d.code, d.version)) "/preview"} { "Xem trước: các xã, thôn đổi kết quả nếu ban hành" } }
            form method="post" action={(version_href(&d.code, d.version)) "/publish"} id="ban-hanh" {
                (csrf_field(session))
                input type="hidden" name="revision" value=(r.revision);
                label for="p-from" { "Có hiệu lực từ ngày" }
                input id="p-from" name="valid_from" value=(d.valid_from.map(format_date_vi).unwrap_or_default()) size="10" required placeholder="15/02/2026";
                button type="submit" disabled[!problems.is_empty()] { "Ban hành" }
            }
        }
        (criteria(d, &mode))
        p { a href=(href) { "Tải lại trang" } " · " a href="/criteria" { "Danh sách bộ tiêu chí" } }
    }
}

async fn editor_page(
    state: &AppState,
    session: &Session,
    name: &str,
    error: Option<AppError>,
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let r = version_ref(name)?;
    let record = state.program.authored_version(&r.code, r.version).await?;
    if record.draft.status == VersionStatus::Published {
        return Ok(Redirect::to(&version_href(&r.code, r.version)).into_response());
    }
    let status = match &error {
        Some(e) => crate::problem::classify(e).0,
        None => StatusCode::OK,
    };
    let body = editor(&record, session, error.as_ref(), saved);
    Ok((
        status,
        page(&format!("Dự thảo {}", record.draft.name), Some(session), body),
    )
        .into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
    Query(q): Query<EditQuery>,
) -> Result<Response, PageError> {
    editor_page(&state, &session, &name, None, q.saved.as_deref()).await
}

/// Applies one change; back to the editor (or the version's page) at the place changed.
pub async fn change(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageError> {
    let r = version_ref(&name)?;
    let program = &state.program;
    let record = program.authored_version(&r.code, r.version).await?;
    let outcome = match form.change(&record.draft) {
        Ok(change) => {
            program
                .change_version(&session.actor(), &r.code, r.version, form.revision, change)
                .await
        }
        Err(e) => Err(e),
    };
    let anchor = if form.indicator.trim().is_empty() {
        String::new()
    } else {
        format!("#ct-{}", form.indicator.trim())
    };
    match outcome {
        Ok(saved) if saved.draft.status == VersionStatus::Published => {
            Ok(Redirect::to(&format!("{}{anchor}", version_href(&r.code, r.version))).into_response())
        }
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?saved=Đã lưu.{anchor}",
            edit_href(&r.code, r.version)
        ))
        .into_response()),
        Err(e) if record.draft.status == VersionStatus::Draft => {
            editor_page(&state, &session, &name, Some(e), None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublishForm {
    pub revision: i64,
    pub valid_from: String,
}

pub async fn publish(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
    Form(form): Form<PublishForm>,
) -> Result<Response, PageError> {
    let r = version_ref(&name)?;
    let Some(day) = parse_date(&form.valid_from) else {
        let e = AppError::Fields(vec![ntm_app::entry::FieldError {
            field: "valid_from".into(),
            message: format!(
                "ngày \"{}\" không hợp lệ: viết 15/02/2026",
                form.valid_from.trim()
            ),
        }]);
        return editor_page(&state, &session, &name, Some(e), None).await;
    };
    match state
        .program
        .publish_version(&session.actor(), &r.code, r.version, form.revision, day)
        .await
    {
        Ok(_) => Ok(Redirect::to(&version_href(&r.code, r.version)).into_response()),
        Err(e) => editor_page(&state, &session, &name, Some(e), None).await,
    }
}

pub async fn workbook(
    State(state): State<AppState>,
    _session: Session,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    Ok(crate::pages::documents::attachment(
        state.program.criteria_workbook(&name).await?,
    ))
}

/// A filled-in workbook: into its draft (or a new version), then to the editor.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    form: UploadedFile<CriteriaWorkbook>,
) -> Result<Response, PageError> {
    let name = form.clean_name();
    let bytes = form.bytes;
    match state
        .program
        .import_criteria_workbook(&session.actor(), &name, &bytes)
        .await
    {
        Ok(done) => {
            let r = version_ref(&done.version)?;
            let saved = format!(
                "Đã nhập {name}: {} chỉ tiêu; ngưỡng {} đã xác nhận, {} chưa xác nhận, {} chưa rõ.",
                done.indicators,
                done.thresholds_confirmed,
                done.thresholds_unconfirmed,
                done.thresholds_unknown
            );
            Ok(Redirect::to(&format!(
                "{}?saved={}",
                edit_href(&r.code, r.version),
                urlencode(&saved)
            ))
            .into_response())
        }
        Err(AppError::Import(errors)) => {
            let body = html! {
                h1 { "Tệp bộ tiêu chí có lỗi" }
                div.errors role="alert" { p { strong { (name) } ": " (errors.len()) " lỗi; không có gì được lưu." } }
                div.table-wrap { table {
                    thead { tr { th { "Trang" } th { "Ô" } th { "Lỗi" } } }
                    tbody { @for e in &errors { tr { td { (e.sheet) } td { (e.cell) } td { (e.message) } } } }
                } }
                p { a href="/criteria" { "Về danh sách bộ tiêu chí" } }
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page("Tệp bộ tiêu chí có lỗi", Some(&session), body),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Percent-encodes a notice for the address.
fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)])
        .map(|s| s.trim_start_matches("x=").to_string())
        .unwrap_or_default()
}
