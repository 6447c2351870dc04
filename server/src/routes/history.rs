//! `GET /api/connections/{id}/{side}/history`: the side's Test Connection
//! runs, newest first.

use super::connections::connection_side;
use crate::error::AppError;
use crate::security::viewer::Access;
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
    access: Access,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<Vec<TestRun>>, AppError> {
    let (connection, side) = connection_side(&state, &access, path).await?;
    Ok(Json(
        state
            .store
            .history(connection.id, side, HISTORY_LIMIT)
            .await?,
    ))
}
