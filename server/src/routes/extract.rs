//! What handlers take from a request, each refusing with [`AppError`]: the
//! body, path and query (axum's own, with our error body), and the
//! connection a path names, already checked against who is asking.
//!
//! Axum runs the extractors of a handler in the order of its parameters,
//! the body last, so a handler's signature is also the order of its
//! refusals: 401, then 404, then 403, then a body that cannot be read.

use crate::error::AppError;
use crate::security::viewer::Access;
use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use dropstream_api::{ConnectionSummary, Side};

/// A JSON body in, or a JSON answer out.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// The path's parameters; a path that does not parse is 404.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct Path<T>(pub T);

/// The query string; one that does not parse is 400.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);

/// The connection of a `/connections/{id}…` path, if the person may see
/// it: 404 for a malformed id and for one outside the person's scope
/// (another merchant's ids look exactly like missing ones).
pub struct VisibleConnection(pub ConnectionSummary);

impl FromRequestParts<AppState> for VisibleConnection {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let access = Access::from_request_parts(parts, state).await?;
        let Path(raw) = Path::<String>::from_request_parts(parts, state).await?;
        Ok(VisibleConnection(visible(state, &access, &raw).await?))
    }
}

/// The connection and side of a `/connections/{id}/{side}…` path, with the
/// same 404s as [`VisibleConnection`] and one for a side that is neither
/// store nor warehouse.
pub struct ConnectionSide {
    pub connection: ConnectionSummary,
    pub side: Side,
}

impl FromRequestParts<AppState> for ConnectionSide {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let access = Access::from_request_parts(parts, state).await?;
        let Path((raw_id, raw_side)) =
            Path::<(String, String)>::from_request_parts(parts, state).await?;
        let side = parse_side(&raw_side)?;
        let connection = visible(state, &access, &raw_id).await?;
        Ok(ConnectionSide { connection, side })
    }
}

async fn visible(
    state: &AppState,
    access: &Access,
    raw_id: &str,
) -> Result<ConnectionSummary, AppError> {
    let id = parse_connection_id(raw_id)?;
    state
        .store
        .connection(id, access.scope())
        .await?
        .ok_or_else(|| unknown_connection(id))
}

fn parse_side(raw: &str) -> Result<Side, AppError> {
    Side::parse(raw).ok_or_else(|| {
        AppError::NotFound(format!("“{raw}” is not a side; use store or warehouse."))
    })
}

pub fn parse_connection_id(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(format!("“{raw}” is not a connection id.")))
}

pub fn unknown_connection(id: i64) -> AppError {
    AppError::NotFound(format!("Connection {id} does not exist."))
}
