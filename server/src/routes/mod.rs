//! HTTP routes, one module per resource, merged here.

pub mod connections;
pub mod credentials;
pub mod history;

use crate::error::AppError;
use crate::AppState;
use axum::Router;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(connections::router())
        .merge(credentials::router())
        .merge(history::router())
        .fallback(|| async { AppError::NotFound("No such API endpoint.".into()) })
}
