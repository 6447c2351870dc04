//! HTTP routes, one module per resource, merged here.

pub mod account;
pub mod admin;
pub mod channels;
pub mod comments;
pub mod connections;
pub mod credentials;
pub mod embed;
pub mod extract;
pub mod help;
pub mod history;
pub mod session;
pub mod test_connection;

use crate::error::AppError;
use crate::AppState;
use axum::Router;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(connections::router())
        .merge(session::router())
        .merge(help::router())
        .merge(comments::router())
        .merge(test_connection::router())
        .merge(credentials::router())
        .merge(history::router())
        .merge(channels::router())
        .merge(account::router())
        .merge(admin::router())
        .merge(embed::router())
        .fallback(|| async { AppError::NotFound("No such API endpoint.".into()) })
}
