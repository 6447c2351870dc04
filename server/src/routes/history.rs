//! `GET /api/connections/{id}/{side}/history`: the side's Test Connection
//! runs, newest first, 50 at a time. When older runs follow, the
//! `NEXT_PAGE_HEADER` header holds the run id to pass as `?before=`.

use super::extract::{ConnectionSide, Json, Query};
use crate::error::AppError;
use crate::store::history::HISTORY_LIMIT;
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::routing::get;
use axum::Router;
use dropstream_api::{TestRun, NEXT_PAGE_HEADER};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/connections/{id}/{side}/history", get(history))
}

#[derive(Deserialize)]
struct HistoryQuery {
    before: Option<String>,
}

async fn history(
    State(state): State<AppState>,
    ConnectionSide { connection, side }: ConnectionSide,
    Query(query): Query<HistoryQuery>,
) -> Result<(HeaderMap, Json<Vec<TestRun>>), AppError> {
    let before = match query.before.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(
            raw.parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| AppError::BadRequest(format!("“{raw}” is not a test run id.")))?,
        ),
    };
    let page = state
        .store
        .history_page(connection.id, side, before, HISTORY_LIMIT)
        .await?;
    let mut headers = HeaderMap::new();
    if let Some(next) = page.next_before {
        headers.insert(NEXT_PAGE_HEADER, HeaderValue::from(next));
    }
    Ok((headers, Json(page.runs)))
}
