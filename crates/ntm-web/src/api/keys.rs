//! API keys through the API: list them, make one, revoke one. A key is
//! shown once, when made; lists show its name, expiry and state only.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ntm_app::accounts::api_keys::{ApiKeyView, DEFAULT_KEY_DAYS, MAX_KEY_DAYS};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::extract::{Json, Path, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

/// An API key, without the key.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub username: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub expires_at: Option<String>,
    /// RFC 3339, when revoked.
    pub revoked_at: Option<String>,
    /// `active`, `expired` or `revoked`.
    pub state: String,
    /// The state in words ("còn hiệu lực đến 01/03/2027 07:00").
    pub state_vi: String,
}

impl From<ApiKeyView> for ApiKey {
    fn from(k: ApiKeyView) -> Self {
        ApiKey {
            id: k.id,
            name: k.name,
            username: k.username,
            created_at: k.created_at,
            expires_at: k.expires_at,
            revoked_at: k.revoked_at,
            state: k.state.to_string(),
            state_vi: k.state_vi,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyList {
    pub items: Vec<ApiKey>,
}

/// A key just made: `token` is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewApiKeyResponse {
    pub token: String,
    pub key: ApiKey,
}

/// A key to make for the caller.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApiKeyRequest {
    /// What uses it ("kịch bản báo cáo quý").
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Days it lasts: 1 to 365, default 90.
    #[schema(minimum = 1, maximum = 365)]
    pub days: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeysQuery {
    /// A user's keys (one's own, or anyone's for administrators); without
    /// it: one's own, or everyone's for administrators.
    pub user: Option<String>,
}

/// API keys: name, expiry and state (never the key itself).
#[utoipa::path(get, path = "/api/v1/keys", operation_id = "list_keys", tag = "accounts", params(KeysQuery),
    responses((status = 200, body = ApiKeyList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<KeysQuery>,
) -> Result<Json<ApiKeyList>, Problem> {
    let keys = state.program.api_keys(&caller.actor(), q.user.as_deref()).await?;
    Ok(Json(ApiKeyList {
        items: keys.into_iter().map(ApiKey::from).collect(),
    }))
}

/// Makes a key for the caller, valid `days` days; the key is in the answer only.
#[utoipa::path(post, path = "/api/v1/keys", tag = "accounts", request_body = NewApiKeyRequest,
    responses((status = 201, body = NewApiKeyResponse, description = "The key, shown once")))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    Json(request): Json<NewApiKeyRequest>,
) -> Result<Response, Problem> {
    let days = request.days.unwrap_or(DEFAULT_KEY_DAYS).min(MAX_KEY_DAYS + 1);
    let new = state
        .program
        .create_api_key(&caller.actor(), &request.name, days)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(NewApiKeyResponse {
            token: new.token,
            key: new.key.into(),
        }),
    )
        .into_response())
}

/// Revokes a key (one's own; administrators: anyone's). The key opens nothing from now on.
#[utoipa::path(delete, path = "/api/v1/keys/{id}", tag = "accounts",
    params(("id" = i64, Path, description = "The key's number")),
    responses((status = 204, description = "Revoked")))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    state.program.revoke_api_key(&caller.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
