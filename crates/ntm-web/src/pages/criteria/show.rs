//! One version of a set: its facts, then every criterion, indicator and
//! threshold with its source and confirmation. A second person of the
//! authoring office confirms thresholds here (also after publication).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use ntm_app::AppError;
use ntm_core::criteria::draft::{SetDraft, VersionStatus};
use ntm_core::criteria::{CriteriaSet, SetScope};

use super::version::{Mode, criteria};
use super::{edit_href, version_href};
use crate::extract::Path;
use crate::pages::layout::{csrf_field, page};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

/// A shipped set as a draft image, for showing it like the others.
fn image(set: &CriteriaSet) -> SetDraft {
    let nobody = ntm_core::criteria::draft::Stamp {
        by: ntm_core::criteria::draft::Person {
            username: String::new(),
            name: String::new(),
        },
        at: String::new(),
    };
    let mut d = SetDraft::copy_of(set, &set.code, set.version, nobody);
    d.status = VersionStatus::Published;
    d.extends = set.extends.clone();
    d.based_on = None;
    d
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let snapshot = program.snapshot().await?;
    let set = snapshot
        .catalog
        .set(&name)
        .ok_or_else(|| AppError::NotFound(format!("không có bộ tiêu chí \"{name}\"")))?;
    let stored = program.authored_versions().await?;
    let record = stored
        .iter()
        .find(|r| r.draft.code == set.code && r.draft.version == set.version);
    let (draft, revision) = match record {
        Some(r) => (r.draft.clone(), r.revision),
        None => (image(set), 0),
    };
    let open_draft = stored
        .iter()
        .find(|r| r.draft.code == set.code && r.draft.status == VersionStatus::Draft);
    let actor = session.actor();
    let today = state.program.today();
    let may_author = program.may_author(&actor, &snapshot, &set.scope, today);
    let action = format!("{}/change", version_href(&set.code, set.version));
    let mode = Mode {
        session: &session,
        editing: false,
        may_author: may_author && record.is_some(),
        action: &action,
        revision,
    };
    let versions = snapshot.catalog.versions(&set.code);
    let scope = match &set.scope {
        SetScope::National => "toàn quốc".to_string(),
        SetScope::Province(code) => format!("tỉnh mã {code}"),
    };
    let view = ntm_app::views::criteria::set_view(set);
    let body = html! {
        h1 { (set.name) }
        p.path { "Phiên bản " (set.version) " · " (view.status) }
        dl.facts {
            dt { "Mã" } dd { (set.code) "@" (set.version) }
            dt { "Văn bản" } dd { (set.document) }
            dt { "Cấp" } dd { (set.level.name_vi()) }
            dt { "Phạm vi" } dd { (scope) }
            dt { "Hiệu lực theo văn bản" } dd { (set.validity.label_vi()) }
            dt { "Áp dụng" } dd { (view.in_force) }
            dt { "Đạt chuẩn khi" } dd { (view.standard) }
            dt { "Nhóm báo cáo" } dd { (view.brackets.join("; ")) }
            @if let Some(base) = &set.extends { dt { "Kế thừa" } dd { a href={"/criteria/" (base)} { (base) } } }
            @for r in &view.region_rules { dt { "Quy tắc vùng" } dd { (r) } }
        }
        @if versions.len() > 1 {
            p { "Các phiên bản: "
                @for v in &versions { a href=(version_href(&v.code, v.version)) { (v.version) } " " } }
        }
        @if let Some(n) = &set.notes { p.muted { (n) } }
        @if !set.complete { p.warning { "Bộ này chưa liệt kê đủ mọi chỉ tiêu của văn bản." } }
        div.toolbar {
            a.button href={(version_href(&set.code, set.version)) "/workbook.xlsx"} { "Tải tệp Excel của bộ" }
            @if may_author {
                @match open_draft {
                    Some(d) => a.button href=(edit_href(&d.draft.code, d.draft.version)) { "Mở dự thảo phiên bản " (d.draft.version) },
                    None => form method="post" action="/criteria/start" {
                        (csrf_field(&session))
                        input type="hidden" name="from" value={(set.code) "@" (set.version)};
                        button type="submit" { "Tạo phiên bản mới từ phiên bản này" }
                    },
                }
            }
        }
        (criteria(&draft, &mode))
    };
    Ok(page(&set.name, Some(&session), body).into_response())
}

/// `/criteria/code@N` of a draft goes to its editor.
pub async fn show_or_edit(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    if let Ok(r) = name.parse::<ntm_core::criteria::SetVersionRef>() {
        let stored = state.program.authored_versions().await?;
        if stored
            .iter()
            .any(|s| s.draft.version_ref() == r && s.draft.status == VersionStatus::Draft)
        {
            return Ok(Redirect::to(&edit_href(&r.code, r.version)).into_response());
        }
    }
    show(State(state), session, Path(name)).await
}
