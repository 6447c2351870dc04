//! Who is making a request, as history shows it.

use axum::http::HeaderMap;

/// The display name recorded as "who ran it". Until sign-in exists every
/// request is anonymous; this is the one place to read the session from.
pub fn actor(_headers: &HeaderMap) -> String {
    "Signed-out user".to_string()
}
