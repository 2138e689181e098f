//! Users (administrators).

use axum::extract::State;
use ntm_app::accounts::UserView;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::paging::Paging;
use crate::extract::{Json, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<UserView>,
    pub page: u32,
    pub per_page: u32,
    pub total: usize,
}

/// Every user with role, unit or agency and state (administrators only).
#[utoipa::path(get, path = "/api/v1/users", operation_id = "list_users", tag = "users", params(Paging),
    responses((status = 200, body = UserList), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(paging): Query<Paging>,
) -> Result<Json<UserList>, Problem> {
    let users = state.program.users(&caller.actor()).await?;
    let (items, page, per_page, total) = paging.slice(users)?;
    Ok(Json(UserList {
        items,
        page,
        per_page,
        total,
    }))
}
