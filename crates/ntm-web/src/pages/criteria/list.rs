//! The list of criteria sets and versions, and starting a new one.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use ntm_app::criteria::authoring::StartVersion;
use ntm_app::views::criteria::all_summaries;
use serde::Deserialize;

use super::{edit_href, version_href};
use crate::extract::Form;
use crate::pages::layout::{csrf_field, page};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

pub async fn list(State(state): State<AppState>, session: Session) -> Result<Response, PageError> {
    let program = &state.program;
    let snapshot = program.snapshot().await?;
    let drafts: Vec<_> = program
        .authored_versions()
        .await?
        .into_iter()
        .map(|r| r.draft)
        .collect();
    let sets = all_summaries(&snapshot.catalog, &drafts);
    let actor = session.actor();
    let may_start = program.may_author_any(&actor, &snapshot);
    let body = html! {
        h1 { "Bộ tiêu chí" }
        p.muted { "Mỗi bộ tiêu chí là dữ liệu có phiên bản: bộ có sẵn trong ntm, các phiên bản văn phòng điều phối đã soạn và ban hành, và các dự thảo. "
            "Một kỳ được đánh giá theo phiên bản có hiệu lực vào ngày tham chiếu của kỳ." }
        div.table-wrap {
            table.sortable {
                thead { tr { th { "Mã, phiên bản" } th { "Tên" } th { "Cấp" } th { "Phạm vi" } th { "Áp dụng" } th { "Trạng thái" } th.num { "Tiêu chí" } th.num { "Chỉ tiêu" } th { "Ngưỡng" } } }
                tbody {
                    @for s in &sets {
                        tr {
                            td { a href=(if s.draft { edit_href(&s.code, s.version) } else { version_href(&s.code, s.version) }) { (s.name_ref) } }
                            td { (s.name) br; span.muted { (s.document) } }
                            td { (s.level_name) }
                            td { (s.scope) }
                            td { (s.in_force) }
                            td { (s.status) }
                            td.num { (s.criteria) }
                            td.num { (s.indicators) }
                            td { (s.thresholds_confirmed) " đã xác nhận, " (s.thresholds_unconfirmed) " chưa xác nhận, " (s.thresholds_unknown) " chưa rõ" }
                        }
                    }
                }
            }
        }
        @if may_start {
            section {
                h2 { "Soạn bộ tiêu chí" }
                p { "Bắt đầu một dự thảo từ một bộ đang có: phiên bản mới của chính bộ đó (sửa đổi, bổ sung), "
                    "hoặc bộ riêng của tỉnh kế thừa bộ quốc gia (ghi mã bộ mới và mã tỉnh). "
                    "Dự thảo chưa được dùng để đánh giá cho đến khi ban hành." }
                form method="post" action="/criteria/start" id="bat-dau" {
                    (csrf_field(&session))
                    div.fields {
                        div { label for="from" { "Từ bộ" }
                            select id="from" name="from" {
                                @for s in sets.iter().filter(|s| !s.draft) { option value=(s.name_ref) { (s.name_ref) " — " (s.name) } }
                            } }
                        div { label for="code" { "Mã bộ mới (bỏ trống: phiên bản mới của bộ đã chọn)" } input id="code" name="code" size="20" placeholder="lai-chau-2026"; }
                        div.wide { label for="name" { "Tên bộ mới" } input id="name" name="name" size="60"; }
                        div { label for="province" { "Mã tỉnh (bộ riêng của tỉnh)" } input id="province" name="province" size="4" inputmode="numeric"; }
                    }
                    button type="submit" { "Tạo dự thảo" }
                }
            }
        }
    };
    Ok(page("Bộ tiêu chí", Some(&session), body).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StartForm {
    pub from: String,
    pub code: String,
    pub name: String,
    pub province: String,
}

fn opt(t: &str) -> Option<String> {
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub async fn start(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<StartForm>,
) -> Result<Response, PageError> {
    let start = StartVersion {
        from: form.from.trim().to_string(),
        code: opt(&form.code),
        name: opt(&form.name),
        province: opt(&form.province),
    };
    let r = state.program.start_version(&session.actor(), start).await?;
    Ok(Redirect::to(&edit_href(&r.draft.code, r.draft.version)).into_response())
}
