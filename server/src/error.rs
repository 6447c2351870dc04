//! One error type for every handler, answered as the api crate's JSON body.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dropstream_api::{ApiError, ErrorCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// 501: the desk does not do this yet.
    #[error("{0}")]
    NotBuilt(String),
    #[error("the CSRF token is missing or wrong")]
    Csrf,
    #[error("{message}")]
    RateLimited { retry_after: u64, message: String },
    /// 503: too busy (or too slow) to answer now.
    #[error("{message}")]
    Unavailable {
        retry_after: Option<u64>,
        message: String,
    },
    /// The input breaks a rule: 422, naming each failing field where the
    /// rule belongs to one.
    #[error("{message}")]
    Validation {
        message: String,
        fields: Vec<FieldError>,
    },
    #[error(transparent)]
    Json(#[from] JsonRejection),
    #[error(transparent)]
    Path(#[from] PathRejection),
    #[error(transparent)]
    Query(#[from] QueryRejection),
    /// Logged in full, answered as a bare 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

/// The status a code answers with. `InvalidJson` is 422 for a body of the
/// wrong shape; a syntax error overrides it with 400.
fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::InvalidJson | ErrorCode::Validation => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden | ErrorCode::CsrfFailed => StatusCode::FORBIDDEN,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::NotBuilt => StatusCode::NOT_IMPLEMENTED,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn answer(code: ErrorCode, message: impl Into<String>) -> (StatusCode, ApiError) {
    (status_of(code), ApiError::new(code, message))
}

impl AppError {
    fn parts(&self) -> (StatusCode, ApiError) {
        match self {
            AppError::NotFound(m) => answer(ErrorCode::NotFound, m),
            AppError::BadRequest(m) => answer(ErrorCode::BadRequest, m),
            AppError::Conflict(m) => answer(ErrorCode::Conflict, m),
            AppError::Unauthorized(m) => answer(ErrorCode::Unauthorized, m),
            AppError::Forbidden(m) => answer(ErrorCode::Forbidden, m),
            AppError::NotBuilt(m) => answer(ErrorCode::NotBuilt, m),
            AppError::Csrf => answer(
                ErrorCode::CsrfFailed,
                "This page's security token is missing or out of date. Reload the page and try again.",
            ),
            AppError::RateLimited {
                retry_after,
                message,
            } => {
                let (status, mut body) = answer(ErrorCode::RateLimited, message);
                body.retry_after = Some(*retry_after);
                (status, body)
            }
            AppError::Unavailable {
                retry_after,
                message,
            } => {
                let (status, mut body) = answer(ErrorCode::Unavailable, message);
                body.retry_after = *retry_after;
                (status, body)
            }
            AppError::Validation { message, fields } => {
                let (status, mut body) = answer(ErrorCode::Validation, message);
                body.fields = fields.clone();
                (status, body)
            }
            AppError::Json(rejection) => json_rejection(rejection),
            AppError::Path(_) => answer(ErrorCode::NotFound, "No such resource."),
            AppError::Query(_) => answer(
                ErrorCode::BadRequest,
                "The query in this address could not be read.",
            ),
            AppError::Internal(_) => answer(ErrorCode::Internal, "Something went wrong on our side."),
        }
    }
}

/// Maps axum's JSON rejections onto our body. Syntax errors name a position;
/// shape errors name the field path only, because serde's own text quotes
/// the offending value, which may be a secret.
fn json_rejection(rejection: &JsonRejection) -> (StatusCode, ApiError) {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => answer(
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON with Content-Type: application/json.",
        ),
        JsonRejection::JsonSyntaxError(e) => (
            StatusCode::BAD_REQUEST,
            ApiError::new(
                ErrorCode::InvalidJson,
                format!("The body is not valid JSON: {}", e.body_text()),
            ),
        ),
        JsonRejection::JsonDataError(e) => answer(ErrorCode::InvalidJson, shape_error(e)),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            answer(ErrorCode::PayloadTooLarge, "The request body is too large.")
        }
        other => (
            other.status(),
            ApiError::new(ErrorCode::BadRequest, "The request body could not be read."),
        ),
    }
}

fn shape_error(e: &axum::extract::rejection::JsonDataError) -> String {
    use std::error::Error;
    let mut source = e.source();
    while let Some(s) = source {
        if let Some(inner) = s.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>() {
            let path = inner.path().to_string();
            let hint = match path.as_str() {
                "platform" => format!(
                    " Use one of: {}.",
                    dropstream_api::Platform::ALL.map(|p| p.as_str()).join(", ")
                ),
                "." => " Send an object with a platform and its fields.".to_string(),
                _ => " Check its type: credential values are strings.".to_string(),
            };
            return format!("The body's “{path}” is missing or has the wrong type or value.{hint}");
        }
        source = s.source();
    }
    "The body does not have the expected shape.".to_string()
}

impl AppError {
    /// A rule broken by the request as a whole, not one field.
    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::Validation {
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// 422 naming each refused field.
    pub fn fields(fields: Vec<FieldError>) -> AppError {
        let message = match fields.as_slice() {
            [one] => one.message.clone(),
            many => format!("{} fields need attention.", many.len()),
        };
        AppError::Validation { message, fields }
    }

    /// 422 for one refused field.
    pub fn field(field: &str, message: impl Into<String>) -> AppError {
        AppError::fields(vec![FieldError::new(field, message)])
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = %cause, "request failed");
        }
        let (status, body) = self.parts();
        let mut response = (status, Json(body)).into_response();
        let retry_after = match self {
            AppError::RateLimited { retry_after, .. } => Some(retry_after),
            AppError::Unavailable { retry_after, .. } => retry_after,
            _ => None,
        };
        if let Some(retry_after) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after),
            );
        }
        response
    }
}
