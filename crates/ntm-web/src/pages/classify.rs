//! Giving a commune its group (Decision 51/2025) or another classification,
//! from a date and by a decision, from the commune's page.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::units::classifications::Classify;
use ntm_core::unit::Flag;
use ntm_core::validity::parse_date;
use serde::Deserialize;

use crate::extract::{Form, Path};
use crate::pages::layout::csrf_field;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

/// The form on a commune's page.
pub fn classify_form(session: &Session, code: &str, period: &str) -> Markup {
    html! {
        details.form {
            summary { "Xếp nhóm, phân loại xã" }
            form method="post" action={"/units/" (code) "/classifications?period=" (period)} id="xep-nhom" {
                (csrf_field(session))
                div.fields {
                    div { label for="c-flag" { "Nhóm, phân loại" }
                        select id="c-flag" name="flag" {
                            @for f in Flag::COMMUNE_GROUPS { option value=(f.key()) { (f.name_vi()) } }
                            @for f in Flag::ALL.iter().filter(|f| !f.is_commune_group()) { option value=(f.key()) { (f.name_vi()) } }
                        } }
                    div { label for="c-from" { "Từ ngày" } input id="c-from" name="valid_from" size="10" required placeholder="15/02/2026"; }
                    div { label for="c-to" { "Đến ngày" } input id="c-to" name="valid_to" size="10"; }
                    div.wide { label for="c-source" { "Quyết định phân loại" } input id="c-source" name="source" size="60" required placeholder="Quyết định số …/QĐ-UBND ngày … của UBND tỉnh"; }
                }
                button type="submit" { "Lưu" }
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClassifyForm {
    pub flag: String,
    pub valid_from: String,
    pub valid_to: String,
    pub source: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ClassifyQuery {
    pub period: Option<String>,
}

pub async fn save(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    crate::extract::Query(q): crate::extract::Query<ClassifyQuery>,
    Form(form): Form<ClassifyForm>,
) -> Result<Response, PageError> {
    let field = |field: &str, message: String| {
        AppError::Fields(vec![ntm_app::entry::FieldError {
            field: field.to_string(),
            message,
        }])
    };
    let flag = ntm_core::criteria::draft::words::flag(&form.flag).map_err(|m| field("Nhóm, phân loại", m))?;
    let from = parse_date(&form.valid_from).ok_or_else(|| {
        field(
            "Từ ngày",
            format!(
                "ngày \"{}\" không hợp lệ: viết 15/02/2026",
                form.valid_from.trim()
            ),
        )
    })?;
    let to = match form.valid_to.trim() {
        "" => None,
        t => Some(parse_date(t).ok_or_else(|| field("Đến ngày", format!("ngày \"{t}\" không hợp lệ")))?),
    };
    let c = Classify {
        unit: code.clone(),
        flag,
        from,
        to,
        source: form.source,
    };
    state.program.classify(&session.actor(), c).await?;
    let period = q.period.unwrap_or_else(|| from.year().to_string());
    Ok(Redirect::to(&format!("/units/{code}?period={period}")).into_response())
}
