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
use dropstream_api::{Channel, ConnectionSummary, Side};
use std::collections::HashMap;

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
        let params = PathParams::from_request_parts(parts, state).await?;
        Ok(VisibleConnection(
            visible(state, &access, params.get("id")?).await?,
        ))
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
        let params = PathParams::from_request_parts(parts, state).await?;
        let side = parse_side(params.get("side")?)?;
        let connection = visible(state, &access, params.get("id")?).await?;
        Ok(ConnectionSide { connection, side })
    }
}

/// A path's parameters by name, for extractors that share a prefix.
struct PathParams(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for PathParams {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(params) =
            Path::<HashMap<String, String>>::from_request_parts(parts, state).await?;
        Ok(PathParams(params))
    }
}

impl PathParams {
    fn get(&self, name: &str) -> Result<&str, AppError> {
        self.0
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| AppError::NotFound("No such resource.".into()))
    }
}

/// The channel of a `/connections/{id}/channels/{channel}…` path, after
/// [`VisibleConnection`] has checked the connection: 404 for a name that
/// is not a channel.
pub struct ChannelPath(pub Channel);

impl<S: Send + Sync> FromRequestParts<S> for ChannelPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let params = PathParams::from_request_parts(parts, state).await?;
        let raw = params.get("channel")?;
        Channel::parse(raw).map(ChannelPath).ok_or_else(|| {
            AppError::NotFound(format!(
                "“{raw}” is not a channel; use orders, shipments or inventory."
            ))
        })
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
