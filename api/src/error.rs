//! The JSON body of every 4xx/5xx answer from the API.

use crate::validate::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    BadRequest,
    InvalidJson,
    UnsupportedMediaType,
    PayloadTooLarge,
    Conflict,
    /// Signing in is needed for this request.
    Unauthorized,
    /// Signed in, but not allowed (someone else's comment).
    Forbidden,
    /// The CSRF token is missing or does not match.
    CsrfFailed,
    /// Too many requests; `retry_after` says when to try again.
    RateLimited,
    /// The input breaks a rule: the message says which, and `fields` names
    /// the failing fields where there are any.
    Validation,
    /// The server is too busy (or took too long) to answer now;
    /// `retry_after` says when to try again, where known.
    Unavailable,
    /// The desk does not do this yet (e.g. a channel between two platforms
    /// whose runs are not built).
    NotBuilt,
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorCode,
    pub message: String,
    /// Per-field problems, for `validation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Seconds to wait, for `rate_limited` and `unavailable` (also sent as
    /// `Retry-After`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(error: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            error,
            message: message.into(),
            fields: Vec::new(),
            retry_after: None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}
