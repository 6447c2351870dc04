//! `GET /api/connections/{id}/{side}/history`: the side's Test Connection
//! runs, newest first.

use super::connections::{parse_id, parse_side, unknown_connection};
use crate::error::AppError;
use crate::store::history::HISTORY_LIMIT;
use crate::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use dropstream_api::TestRun;

pub fn router() -> Router<AppState> {
    Router::new().route("/connections/{id}/{side}/history", get(history))
}

async fn history(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<Vec<TestRun>>, AppError> {
    let Path((id, side)) = path?;
    let id = parse_id(&id)?;
    let side = parse_side(&side)?;
    if state.store.connection(id).await?.is_none() {
        return Err(unknown_connection(id));
    }
    Ok(Json(state.store.history(id, side, HISTORY_LIMIT).await?))
}
