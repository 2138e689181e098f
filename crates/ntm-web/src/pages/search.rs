//! The unit search of the header: names with or without diacritics, codes;
//! the units the user may see, today's first.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use ntm_app::units::search::{MAX_HITS, UnitSearch};
use serde::Deserialize;

use crate::extract::Query;
use crate::pages::layout::page;
use crate::pages::parts::count_vi;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

/// The longest query read; more is cut (a name is far shorter).
const MAX_QUERY_CHARS: usize = 100;

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
}

/// The search field, in the header of every page.
pub fn search_form(value: &str) -> Markup {
    html! {
        form.search role="search" method="get" action="/search" {
            label.visually-hidden for="tim-don-vi" { "Tìm đơn vị" }
            input id="tim-don-vi" type="search" name="q" value=(value)
                placeholder="Tìm xã, huyện, tỉnh hoặc mã" autocomplete="off" maxlength="100";
            button type="submit" { "Tìm" }
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let query: String = q.q.unwrap_or_default().chars().take(MAX_QUERY_CHARS).collect();
    let found = if query.trim().is_empty() {
        None
    } else {
        Some(state.program.search_units(&session.actor(), &query).await?)
    };
    Ok(page("Tìm đơn vị", Some(&session), body(&query, found.as_ref())).into_response())
}

fn href(hit: &ntm_app::units::search::UnitHit) -> String {
    if hit.aggregate {
        format!("/overview/{}", hit.code)
    } else {
        format!("/units/{}", hit.code)
    }
}

fn body(query: &str, found: Option<&UnitSearch>) -> Markup {
    html! {
        h1 { "Tìm đơn vị" }
        p.muted { "Gõ tên (có dấu hoặc không dấu, ví dụ \"muong so\") hoặc mã đơn vị." }
        (search_form(query))
        @if let Some(found) = found {
            @if found.hits.is_empty() {
                p role="status" { "Không tìm thấy đơn vị nào khớp với \"" (found.query) "\" trong phạm vi bạn được xem." }
            } @else {
                p role="status" {
                    (count_vi(found.total)) " đơn vị khớp với \"" (found.query) "\""
                    @if found.total > found.hits.len() { " (hiện " (MAX_HITS) " đơn vị đầu; hãy gõ thêm để thu hẹp)" }
                    "."
                }
                ul.search-hits {
                    @for hit in &found.hits {
                        li {
                            a href=(href(hit)) { (hit.name) }
                            " " span.muted { "(mã " (hit.code) (hit.parent.as_deref().map(|p| format!("; {p}")).unwrap_or_default()) ")" }
                            @if let Some(ended) = &hit.ended { " " span.badge { "tồn tại " (ended) } }
                        }
                    }
                }
            }
        }
    }
}
