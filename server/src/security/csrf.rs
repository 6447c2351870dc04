//! Signed double-submit CSRF protection for the whole `/api` router.
//!
//! The `ds_csrf` cookie holds `nonce.mac`, where mac = HMAC-SHA256(key,
//! nonce | hash of the session cookie). Every POST/PUT/PATCH/DELETE must
//! send the same value in `X-CSRF-Token`. Another site can make the browser
//! send the cookie but cannot read it to fill the header; a cookie planted
//! by someone else fails the signature, and binding to the session means a
//! token from before sign-in stops working after it.

use super::cookies;
use super::sha256_hex;
use crate::error::AppError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const HEADER: &str = "x-csrf-token";
/// The cookie outlives any session; it is reissued when the session changes.
const MAX_AGE_SECS: u64 = 60 * 60 * 24 * 365;

fn mac(key: &[u8; 32], nonce: &str, session: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length works");
    mac.update(b"ds_csrf|");
    mac.update(nonce.as_bytes());
    mac.update(b"|");
    mac.update(sha256_hex(session).as_bytes());
    mac
}

/// A fresh token bound to `session` (the session cookie value, or "").
pub fn issue(key: &[u8; 32], session: &str) -> String {
    let nonce = super::random_hex(16);
    let tag = hex::encode(mac(key, &nonce, session).finalize().into_bytes());
    format!("{nonce}.{tag}")
}

pub fn verify(key: &[u8; 32], token: &str, session: &str) -> bool {
    let Some((nonce, tag)) = token.split_once('.') else {
        return false;
    };
    let Ok(tag) = hex::decode(tag) else {
        return false;
    };
    nonce.len() == 32 && mac(key, nonce, session).verify_slice(&tag).is_ok()
}

/// The `Set-Cookie` value carrying a token.
pub fn cookie(token: &str, secure: bool) -> axum::http::HeaderValue {
    cookies::set(cookies::CSRF, token, false, secure, MAX_AGE_SECS)
}

/// Middleware: checks state-changing requests and makes sure every answer
/// leaves the browser with a valid token.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let key = *state.store.csrf_key();
    let session = cookies::get(request.headers(), cookies::SESSION)
        .unwrap_or("")
        .to_string();
    let valid_cookie = cookies::get(request.headers(), cookies::CSRF)
        .filter(|t| verify(&key, t, &session))
        .map(str::to_string);
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let mut response = if safe || header_matches(request.headers(), valid_cookie.as_deref()) {
        next.run(request).await
    } else {
        tracing::info!(method = %request.method(), path = %request.uri().path(), "CSRF check failed");
        AppError::Csrf.into_response()
    };
    if valid_cookie.is_none() && !cookies::sets(response.headers(), cookies::CSRF) {
        let token = issue(&key, &session);
        response
            .headers_mut()
            .append(SET_COOKIE, cookie(&token, state.secure_cookies));
    }
    response
}

fn header_matches(headers: &HeaderMap, cookie: Option<&str>) -> bool {
    let sent = headers.get(HEADER).and_then(|v| v.to_str().ok());
    matches!((sent, cookie), (Some(a), Some(b)) if a.as_bytes() == b.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_with_their_key_and_session() {
        let key = [7u8; 32];
        let t = issue(&key, "s1");
        assert!(verify(&key, &t, "s1"));
        assert!(!verify(&key, &t, "s2"));
        assert!(!verify(&[8u8; 32], &t, "s1"));
        let (nonce, _) = t.split_once('.').unwrap();
        assert!(!verify(&key, &format!("{nonce}.00"), "s1"));
        assert!(!verify(&key, "garbage", "s1"));
    }
}
