//! Reading the `Cookie` header and writing `Set-Cookie` lines.

use axum::extract::Request;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

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

/// The header the help widget's panel sends on every request when a page
/// of another site frames it (`src/api.rs` in the SPA).
pub const FRAME_HEADER: &str = "x-dropstream-frame";

/// Middleware: the cookies of an answer to the help widget's panel framed
/// by another site are `SameSite=None; Secure; Partitioned`.
///
/// In a cross-site frame the browser neither sends nor keeps `Lax`
/// cookies, so the panel could not sign in. Partitioned cookies (CHIPS)
/// are kept apart per top-level site: a sign-in inside the widget on one
/// shop's pages is unknown to the dashboard and to any other site. CSRF
/// protection is unchanged: state-changing requests still need the token,
/// which only a page of the desk's own origin can read. `Secure` cookies
/// need https (browsers make an exception for `localhost` and loopback
/// addresses).
pub async fn partition_for_frames(request: Request, next: Next) -> Response {
    let framed = request
        .headers()
        .get(FRAME_HEADER)
        .is_some_and(|v| v == "cross-site");
    let mut response = next.run(request).await;
    if !framed {
        return response;
    }
    let lines: Vec<HeaderValue> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|line| partitioned(line.to_str().ok()?))
        .collect();
    response.headers_mut().remove(SET_COOKIE);
    for line in lines {
        response.headers_mut().append(SET_COOKIE, line);
    }
    response
}

fn partitioned(line: &str) -> Option<HeaderValue> {
    let kept: Vec<&str> = line
        .split(';')
        .map(str::trim)
        .filter(|part| {
            let name = part
                .split('=')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            !matches!(name.as_str(), "samesite" | "secure" | "partitioned")
        })
        .collect();
    HeaderValue::from_str(&format!(
        "{}; SameSite=None; Secure; Partitioned",
        kept.join("; ")
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn framed_cookies_are_partitioned() {
        let line = super::set("ds_session", "abc", true, false, 60);
        let out = super::partitioned(line.to_str().unwrap()).unwrap();
        assert_eq!(
            out,
            "ds_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=None; Secure; Partitioned"
        );
        let secure = super::set("ds_csrf", "n.t", false, true, 0);
        let out = super::partitioned(secure.to_str().unwrap()).unwrap();
        assert_eq!(
            out,
            "ds_csrf=n.t; Path=/; Max-Age=0; SameSite=None; Secure; Partitioned"
        );
    }
}
