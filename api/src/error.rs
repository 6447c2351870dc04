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
    /// Field values failed validation; `fields` says which and why.
    Validation,
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorCode,
    pub message: String,
    /// Per-field problems, for `validation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(error: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            error,
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}
