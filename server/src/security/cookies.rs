//! Reading the `Cookie` header and writing `Set-Cookie` lines.

use axum::http::{HeaderMap, HeaderValue};

/// HttpOnly; the session id.
pub const SESSION: &str = "ds_session";
/// Readable by the page, which echoes it in `X-CSRF-Token`.
pub const CSRF: &str = "ds_csrf";
/// HttpOnly; identifies a visitor for "was this helpful?".
pub const VISITOR: &str = "ds_visitor";

/// The value of cookie `name`, if the request sent it.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value: path `/`, SameSite=Lax, Secure when the site is
/// served over https. `max_age` 0 deletes the cookie.
pub fn set(
    name: &str,
    value: &str,
    http_only: bool,
    secure: bool,
    max_age_secs: u64,
) -> HeaderValue {
    let mut line = format!("{name}={value}; Path=/; SameSite=Lax; Max-Age={max_age_secs}");
    if http_only {
        line.push_str("; HttpOnly");
    }
    if secure {
        line.push_str("; Secure");
    }
    HeaderValue::from_str(&line).expect("cookie values are hex")
}

/// Whether `headers` (of a response) already set cookie `name`.
pub fn sets(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(axum::http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with(&format!("{name}=")))
}
