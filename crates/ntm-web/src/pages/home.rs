//! The start page: the user's own unit for the newest period with data.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use crate::pages::parts::unit_or_overview_href;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

pub async fn home(State(state): State<AppState>, session: Session) -> Result<Response, PageError> {
    let (home, period) = state.program.home(&session.actor()).await?;
    Ok(match home {
        Some(unit) => Redirect::to(&unit_or_overview_href(&unit.code, unit.kind, period)).into_response(),
        None => Redirect::to("/hierarchy").into_response(),
    })
}
