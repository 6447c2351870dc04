//! One error type for every handler, answered as the api crate's JSON body.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dropstream_api::{ApiError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Json(#[from] JsonRejection),
    #[error(transparent)]
    Path(#[from] PathRejection),
    /// Logged in full, answered as a bare 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl AppError {
    fn parts(&self) -> (StatusCode, ApiError) {
        match self {
            AppError::NotFound(m) => (StatusCode::NOT_FOUND, ApiError::new(ErrorCode::NotFound, m)),
            AppError::BadRequest(m) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(ErrorCode::BadRequest, m),
            ),
            AppError::Conflict(m) => (StatusCode::CONFLICT, ApiError::new(ErrorCode::Conflict, m)),
            AppError::Json(rejection) => json_rejection(rejection),
            AppError::Path(_) => (
                StatusCode::NOT_FOUND,
                ApiError::new(ErrorCode::NotFound, "No such resource."),
            ),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ApiError::new(ErrorCode::Internal, "Something went wrong on our side."),
            ),
        }
    }
}

/// Maps axum's JSON rejections onto our body. The rejection texts come from
/// serde and name the offending field or position, never a value.
fn json_rejection(rejection: &JsonRejection) -> (StatusCode, ApiError) {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "Send the body as JSON with Content-Type: application/json.",
            ),
        ),
        JsonRejection::JsonSyntaxError(e) => (
            StatusCode::BAD_REQUEST,
            ApiError::new(
                ErrorCode::InvalidJson,
                format!("The body is not valid JSON: {}", e.body_text()),
            ),
        ),
        JsonRejection::JsonDataError(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::new(
                ErrorCode::InvalidJson,
                format!(
                    "The body does not have the expected shape: {}",
                    e.body_text()
                ),
            ),
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => (
            StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::new(ErrorCode::PayloadTooLarge, "The request body is too large."),
        ),
        other => (
            other.status(),
            ApiError::new(ErrorCode::BadRequest, "The request body could not be read."),
        ),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = %cause, "request failed");
        }
        let (status, body) = self.parts();
        (status, Json(body)).into_response()
    }
}
