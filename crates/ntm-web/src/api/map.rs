//! Maps and boundaries: the coloured map of a unit as GeoJSON (for QGIS and
//! other GIS tools), SVG or PNG; the stored boundaries as GeoJSON; importing
//! boundaries from a GeoJSON body.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use ntm_app::AppError;
use ntm_reports::map::SvgOptions;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::documents::ImportResult;
use crate::api::units::period_param;
use crate::extract::{Json, Path, Query};
use crate::pages::map::{file_name, layer_of};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MapParams {
    /// `2023`, `2023-Q3`, …; default: the newest with data.
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub period: Option<String>,
    /// `criteria` (criteria met, the default), `criterion:N` (one criterion),
    /// `plan` (registrations), `money` (capital per commune).
    #[param(pattern = r"^(criteria|plan|money|criterion:[0-9A-Za-z.]{1,10})$")]
    pub by: Option<String>,
    /// A criteria set code; default: the set in force.
    pub set: Option<String>,
}

fn typed(content_type: &str, disposition: Option<String>, body: Vec<u8>) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(v) = content_type.parse() {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Some(d) = disposition.and_then(|d| d.parse().ok()) {
        headers.insert(header::CONTENT_DISPOSITION, d);
    }
    (headers, body).into_response()
}

/// The map of a province, district (its communes) or commune (its villages)
/// as a GeoJSON FeatureCollection: per unit its shape, class, colour,
/// figures and `schematic` (true: a cell drawn from the centre point, not a
/// boundary); the legend and `schematic_note` as foreign members.
#[utoipa::path(get, path = "/api/v1/units/{code}/map", tag = "maps",
    params(("code" = String, Path, description = "Unit code, e.g. 109"), MapParams),
    responses((status = 200, body = Object, content_type = "application/geo+json", description = "GeoJSON FeatureCollection: see docs/maps.md"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn geojson(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<MapParams>,
) -> Result<Response, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let layer = layer_of(q.by.as_deref())?;
    let json = state
        .program
        .map_geojson(&caller.actor(), &code, period, &layer, q.set.as_deref())
        .await?;
    let body = serde_json::to_vec(&json)
        .map_err(|e| Problem::from(AppError::internal("không ghi được tệp GeoJSON", e)))?;
    Ok(typed("application/geo+json", None, body))
}

/// The same map as an SVG picture (title, legend, "SƠ ĐỒ" on schematic maps).
#[utoipa::path(get, path = "/api/v1/units/{code}/map.svg", tag = "maps",
    params(("code" = String, Path, description = "Unit code"), MapParams),
    responses((status = 200, body = String, content_type = "image/svg+xml"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn svg(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<MapParams>,
) -> Result<Response, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let layer = layer_of(q.by.as_deref())?;
    let svg = state
        .program
        .map_svg(
            &caller.actor(),
            &code,
            period,
            &layer,
            q.set.as_deref(),
            &SvgOptions::DOCUMENT,
        )
        .await?;
    Ok(typed("image/svg+xml", None, svg.into_bytes()))
}

/// The same map as a PNG picture, as the reports carry it.
#[utoipa::path(get, path = "/api/v1/units/{code}/map.png", tag = "maps",
    params(("code" = String, Path, description = "Unit code"), MapParams),
    responses((status = 200, body = Vec<u8>, content_type = "image/png"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn png(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<MapParams>,
) -> Result<Response, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let layer = layer_of(q.by.as_deref())?;
    let png = state
        .program
        .map_png(&caller.actor(), &code, period, &layer, q.set.as_deref())
        .await?;
    let name = file_name(&code, period, "png");
    Ok(typed(
        "image/png",
        Some(format!("inline; filename=\"{name}\"")),
        png,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GeometryParams {
    /// The period whose reference date picks the boundaries in force.
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub period: Option<String>,
}

/// The stored boundaries (never schematic cells) of a unit and every unit
/// under it, in force on the period's reference date, with their validity
/// and source, as GeoJSON.
#[utoipa::path(get, path = "/api/v1/units/{code}/geometry", tag = "maps",
    params(("code" = String, Path, description = "Unit code"), GeometryParams),
    responses((status = 200, body = Object, content_type = "application/geo+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn geometry(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<GeometryParams>,
) -> Result<Response, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let json = state
        .program
        .geometry_geojson(&caller.actor(), &code, period)
        .await?;
    let body = serde_json::to_vec(&json)
        .map_err(|e| Problem::from(AppError::internal("không ghi được tệp GeoJSON", e)))?;
    Ok(typed("application/geo+json", None, body))
}

/// Imports boundaries: the body is a GeoJSON FeatureCollection, one feature
/// per unit (`properties.code`, optional `valid_from`/`valid_to`), Polygon or
/// MultiPolygon in WGS84. All of it, or nothing with every bad feature named
/// in `errors`. Administrators only.
#[utoipa::path(post, path = "/api/v1/geometry", operation_id = "import_geometry", tag = "maps",
    request_body(content = Object, content_type = "application/geo+json"),
    responses((status = 200, body = ImportResult),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "`errors`: one per bad feature, e.g. \"đối tượng thứ 3 (mã 03589): vòng ngoài: tự cắt …\"")))]
pub async fn import(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Bytes,
) -> Result<Json<ImportResult>, Problem> {
    let result = state
        .program
        .import_geometry(&caller.actor(), "GeoJSON gửi lên", &body)
        .await;
    state.metrics.import_result("geometry", &result, |s| s.rows);
    Ok(Json(result?.into()))
}
