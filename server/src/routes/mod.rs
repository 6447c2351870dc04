//! HTTP routes, one module per resource, merged here.

pub mod connections;

use crate::error::AppError;
use crate::AppState;
use axum::Router;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(connections::router())
        .fallback(|| async { AppError::NotFound("No such API endpoint.".into()) })
}
