//! The JSON API under `/api/v1`: everything the pages do, for scripts and
//! other systems. Callers authenticate with a bearer token (or, from the
//! pages, with their session and the `X-CSRF-Token` header). Errors are RFC
//! 9457 problem details. The OpenAPI document is generated from the handlers'
//! annotations and served at `/api/v1/openapi.json`.
//!
//! Not here: any rule of the program. A handler reads the request, calls one
//! `Program` service with the caller's `Actor`, and writes its answer; what
//! is allowed and what a figure is are the services' to decide.

pub mod audit;
pub mod authoring;
pub mod bodies;
pub mod contract;
pub mod criteria;
pub mod documents;
pub mod evidence;
pub mod keys;
pub mod map;
pub mod money;
pub mod paging;
pub mod plans;
pub mod units;
pub mod users;
pub mod values;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api::contract::StandardResponses;
use crate::problem::{Problem, ProblemConflict, ProblemField};
use crate::state::AppState;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "ntm API",
        description = "Theo dõi, đánh giá Chương trình MTQG xây dựng nông thôn mới: đơn vị, bộ tiêu chí, số liệu, đánh giá, thống kê, nhật ký thay đổi. Mọi lỗi trả về dạng application/problem+json (RFC 9457)."
    ),
    paths(
        units::me, units::list, units::detail, units::evaluation, units::statistics,
        values::read, values::write,
        criteria::list, criteria::show,
        authoring::get_version, authoring::start, authoring::change, authoring::publish, authoring::preview,
        authoring::workbook, authoring::classify,
        audit::unit_trail, audit::everything,
        evidence::upload, evidence::download, users::list,
        keys::list, keys::create, keys::revoke,
        documents::appendix, documents::narrative, documents::checks, documents::template, documents::import,
        money::summary, money::contribution, money::import,
        plans::plan, plans::target, plans::registration, plans::gaps, plans::proposals, plans::cycle, plans::cycle_action,
        map::geojson, map::svg, map::png, map::geometry, map::import,
    ),
    components(schemas(
        Problem, ProblemField, ProblemConflict,
        units::Me, units::UnitItem, units::UnitList,
        values::ValueEntry, values::AssessmentEntry, values::EntryRequest, values::SaveResponse,
        criteria::SetList, evidence::EvidenceForm, users::UserList,
        authoring::VersionResponse, authoring::StartRequest, authoring::MetaRequest, authoring::ChangeRequest,
        authoring::PublishRequest, authoring::ClassifyRequest,
        keys::ApiKey, keys::ApiKeyList, keys::NewApiKeyRequest, keys::NewApiKeyResponse,
        documents::ImportResult, documents::ImportForm,
        plans::TargetRequest, plans::RegistrationRequest, plans::ProposalRequest, plans::Done,
        bodies::CycleActionBody, bodies::LockScopeBody, bodies::ContributionBody,
    )),
    modifiers(&BearerAuth, &StandardResponses),
    security(("bearer" = [])),
)]
pub struct ApiDoc;

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn router(_state: AppState) -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/me", get(units::me))
        .route("/units", get(units::list))
        .route("/units/{code}", get(units::detail))
        .route("/units/{code}/evaluation", get(units::evaluation))
        .route("/units/{code}/statistics", get(units::statistics))
        .route("/units/{code}/values", get(values::read).put(values::write))
        .route("/units/{code}/audit", get(audit::unit_trail))
        .route("/criteria-sets", get(criteria::list))
        .route("/criteria-sets/{code}", get(criteria::show))
        .route("/criteria-sets/{name}/workbook.xlsx", get(authoring::workbook))
        .route("/criteria-versions", axum::routing::post(authoring::start))
        .route("/criteria-versions/{version}", get(authoring::get_version))
        .route(
            "/criteria-versions/{version}/changes",
            axum::routing::post(authoring::change),
        )
        .route(
            "/criteria-versions/{version}/publish",
            axum::routing::post(authoring::publish),
        )
        .route("/criteria-versions/{version}/preview", get(authoring::preview))
        .route(
            "/units/{code}/classifications",
            axum::routing::put(authoring::classify),
        )
        .route("/units/{code}/evidence", axum::routing::post(evidence::upload))
        .route("/evidence/{id}", get(evidence::download))
        .route("/users", get(users::list))
        .route("/keys", get(keys::list).post(keys::create))
        .route("/keys/{id}", axum::routing::delete(keys::revoke))
        .route("/units/{code}/appendix.xlsx", get(documents::appendix))
        .route("/units/{code}/report.docx", get(documents::narrative))
        .route("/units/{code}/checks.xlsx", get(documents::checks))
        .route("/units/{code}/template.xlsx", get(documents::template))
        .route("/import", axum::routing::post(documents::import))
        .route("/units/{code}/plan", get(plans::plan))
        .route("/units/{code}/targets", axum::routing::put(plans::target))
        .route(
            "/units/{code}/registrations",
            axum::routing::put(plans::registration),
        )
        .route("/units/{code}/gaps", get(plans::gaps))
        .route("/units/{code}/proposals", axum::routing::post(plans::proposals))
        .route("/units/{code}/cycle", get(plans::cycle))
        .route("/cycle", axum::routing::post(plans::cycle_action))
        .route("/units/{code}/money", get(money::summary))
        .route(
            "/units/{code}/contributions",
            axum::routing::put(money::contribution),
        )
        .route("/money/import", axum::routing::post(money::import))
        .route("/units/{code}/map", get(map::geojson))
        .route("/units/{code}/map.svg", get(map::svg))
        .route("/units/{code}/map.png", get(map::png))
        .route("/units/{code}/geometry", get(map::geometry))
        .route("/geometry", axum::routing::post(map::import))
        .route("/audit", get(audit::everything))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(
            ntm_core::input::limits::UPLOAD_BYTES as usize,
        ))
        .layer(axum::middleware::from_fn(crate::problem::api_problems))
}

async fn not_found() -> Problem {
    Problem::new(
        axum::http::StatusCode::NOT_FOUND,
        "/problems/not-found",
        "Không tìm thấy",
        "không có địa chỉ API này; xem /api/v1/openapi.json",
    )
}
