//! The HTML pages. Each module renders one page (or a few close ones) from
//! the application services' views; access is checked by those services.
//!
//! Not here: decisions of what a page shows beyond drawing it (the unit
//! page's view model is `Program::unit_page`'s), figures computed in a page,
//! or rights decided in a page: a control is drawn only when the services'
//! own rules say its action is allowed (`views::unit_actions`).

pub mod account;
pub mod assets;
pub mod audit;
pub mod charts;
pub mod classify;
pub mod criteria;
pub mod cycle;
pub mod documents;
pub mod ended;
pub mod entry;
pub mod entry_field_errors;
pub mod entry_indicator;
pub mod entry_lock;
pub mod entry_nav;
pub mod errors;
pub mod evidence;
pub mod field_labels;
pub mod flash;
pub mod gaps;
pub mod hierarchy;
pub mod home;
pub mod layout;
pub mod login;
pub mod map;
pub mod money;
pub mod money_lines;
pub mod overview;
pub mod overview_export;
pub mod overview_money;
pub mod overview_plan;
pub mod overview_subdivisions;
pub mod overview_today;
pub mod page_exports;
pub mod parts;
pub mod plan_picker;
pub mod plans;
pub mod search;
pub mod unit;
pub mod users;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use ntm_core::input::limits::UPLOAD_BYTES;

use crate::guard;
use crate::state::AppState;

pub use errors::not_found;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/overview/{code}", get(overview::show))
        .route("/overview/{code}/appendix.xlsx", get(documents::appendix))
        .route("/overview/{code}/report.docx", get(documents::narrative))
        .route("/overview/{code}/checks.xlsx", get(documents::checks))
        .route("/overview/{code}/export", get(overview_export::export))
        .route("/units/{code}/template.xlsx", get(documents::template))
        .route(
            "/import",
            get(documents::import_form).post(documents::import_upload),
        )
        .route("/units/{code}", get(unit::show))
        .route("/plans/{code}", get(plans::show))
        .route("/plans/{code}/export", get(page_exports::plans))
        .route("/plans/{code}/targets", post(plans::save_target))
        .route("/plans/{code}/registrations", post(plans::save_registration))
        .route("/gaps/{code}", get(gaps::show))
        .route("/gaps/{code}/export", get(page_exports::gaps))
        .route("/gaps/{code}/accept", post(gaps::accept))
        .route("/money/{code}", get(money::show))
        .route("/money/{code}/export", get(page_exports::money))
        .route("/money/{code}/contributions", post(money::save_contribution))
        .route("/cycle/{code}", get(cycle::show))
        .route("/cycle/{code}/action", post(cycle::act))
        .route("/cycle/{code}/export", get(page_exports::cycle))
        .route("/units/{code}/entry", get(entry::form).post(entry::save))
        .route("/units/{code}/evidence", post(evidence::upload))
        .route("/units/{code}/classifications", post(classify::save))
        .route("/units/{code}/audit", get(audit::unit_trail))
        .route("/evidence/{id}", get(evidence::download))
        .route("/criteria", get(criteria::list::list))
        .route("/criteria/start", post(criteria::list::start))
        .route("/criteria/import", post(criteria::edit::upload))
        .route("/criteria/{name}", get(criteria::show::show_or_edit))
        .route("/criteria/{name}/edit", get(criteria::edit::edit))
        .route("/criteria/{name}/change", post(criteria::edit::change))
        .route("/criteria/{name}/publish", post(criteria::edit::publish))
        .route("/criteria/{name}/preview", get(criteria::preview::preview))
        .route("/criteria/{name}/workbook.xlsx", get(criteria::edit::workbook))
        .route("/hierarchy", get(hierarchy::show))
        .route("/search", get(search::show))
        .route("/map", get(map::home))
        .route("/map/{code}", get(map::show))
        .route("/map/{code}/map.svg", get(map::svg_file))
        .route("/map/{code}/map.png", get(map::png_file))
        .route("/map/{code}/map.geojson", get(map::geojson_file))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{username}/disabled", post(users::set_disabled))
        .route("/users/{username}/password", post(users::set_password))
        .route("/account", get(account::show))
        .route("/account/password", post(account::change_password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/audit", get(audit::everything))
        .route("/static/{file}", get(assets::file))
        .layer(axum::middleware::from_fn_with_state(state, guard::require_csrf))
        .layer(DefaultBodyLimit::max(UPLOAD_BYTES as usize))
}
