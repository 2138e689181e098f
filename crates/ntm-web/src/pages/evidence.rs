//! Evidence files: the list and upload form on a unit's page, the upload,
//! and the download (only for users who may see the unit).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::entry::evidence::{EVIDENCE_KINDS, EvidenceUpload};
use ntm_app::entry::form::EntryForm;
use ntm_app::views::unit::UnitDetail;
use ntm_core::period::Period;

use crate::extract::{Path, Query};
use crate::pages::parts::{PeriodQuery, count_vi, period_of};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;
use crate::upload::{Evidence, UploadedFile};

/// The size of a file in words: "12,3 KB".
pub fn size_text(bytes: i64) -> String {
    if bytes < 1024 {
        format!("{} byte", count_vi(bytes.max(0) as usize))
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0).replace('.', ",")
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

/// The evidence list of a unit's page, with the upload form for those who may add.
pub fn evidence_section(
    session: &Session,
    detail: &UnitDetail,
    form: Option<&EntryForm>,
    code: &str,
    period: Period,
) -> Markup {
    let subjects: Vec<(String, String)> = form
        .map(|f| {
            f.criteria
                .iter()
                .flat_map(|c| {
                    let own = c
                        .editable
                        .then(|| (c.code.clone(), format!("Tiêu chí {} {}", c.code, c.name)));
                    own.into_iter().chain(
                        c.indicators
                            .iter()
                            .filter(|i| i.editable)
                            .map(|i| (i.code.clone(), format!("Chỉ tiêu {} {}", i.code, i.name))),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let action = format!(
        "/units/{code}/evidence?period={}&csrf={}",
        period.code(),
        session.csrf
    );
    html! {
        section aria-labelledby="minh-chung" {
            h2 id="minh-chung" { "Minh chứng" }
            @if detail.evidence.is_empty() {
                p.muted { "Chưa có tệp minh chứng nào cho kỳ này." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Tệp" } th { "Cho" } th.num { "Cỡ" } th { "Người tải lên" } th { "Lúc" } } }
                        tbody {
                            @for e in &detail.evidence {
                                tr {
                                    td { a href={"/evidence/" (e.id)} { (e.file_name) } }
                                    td { (e.subject.split_once(':').map_or(e.subject.as_str(), |(_, c)| c)) }
                                    td.num { (size_text(e.size)) }
                                    td { (e.uploaded_by) }
                                    td { (ntm_app::views::audit::local_time_vi(&e.uploaded_at)) }
                                }
                            }
                        }
                    }
                }
            }
            @if !subjects.is_empty() {
                form method="post" action=(action) enctype="multipart/form-data" {
                    div.toolbar {
                        div {
                            label for="subject" { "Minh chứng cho" }
                            select id="subject" name="subject" required {
                                @for (value, label) in &subjects { option value=(value) { (label) } }
                            }
                        }
                        div {
                            label for="file" { "Tệp (" (EVIDENCE_KINDS) ", tối đa 10 MB)" }
                            input id="file" type="file" name="file" required
                                accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx";
                        }
                        button type="submit" { "Tải lên" }
                    }
                }
            }
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
    form: UploadedFile<Evidence>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of(program, q.period.as_deref()).await?;
    let upload = EvidenceUpload {
        unit: &code,
        period,
        subject: form.text("subject"),
        file_name: form.name(),
        content: form.bytes.clone(),
    };
    let meta = program.add_evidence(&session.actor(), upload).await?;
    let query = serde_urlencoded::to_string([("period", period.code()), ("uploaded", meta.file_name)])
        .unwrap_or_default();
    Ok(Redirect::to(&format!("/units/{code}?{query}#minh-chung")).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (meta, content) = state.program.evidence_file(&session.actor(), id).await?;
    // The name is cleaned when stored; RFC 6266 gives it to the browser in UTF-8.
    let encoded: String = meta
        .file_name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let disposition = format!("attachment; filename=\"minh-chung-{id}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (header::CONTENT_TYPE, meta.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        content,
    )
        .into_response())
}
