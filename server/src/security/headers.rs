//! Security headers on every answer, API and static files alike, except
//! that the ones only a document obeys (the Content-Security-Policy and
//! `X-Frame-Options`) are left off scripts, styles and wasm: a browser
//! applies neither to them, and a cold visit fetches some forty such
//! files, each of which would carry half a kilobyte of them.
//!
//! API answers carry a policy of their own that allows nothing at all.
//!
//! The app's Content-Security-Policy allows scripts from this origin only, plus
//! the wasm compile Trunk's loader needs (`'wasm-unsafe-eval'`, not the
//! far broader `'unsafe-eval'`). Trunk writes one inline module script into
//! `index.html` (the loader call); rather than allow inline script, the
//! policy lists that script's SHA-256, computed from the very file served,
//! so any other inline script, injected or not, is refused.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy of every API answer.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// What the headers depend on, fixed at start-up.
#[derive(Clone, Debug, Default)]
pub struct HeaderPolicy {
    /// `'sha256-…'` sources of the inline scripts of the served index.html.
    pub script_hashes: Vec<String>,
    /// Origins that may frame the help pages (the help widget's hosts);
    /// empty: nobody may frame anything.
    pub frame_ancestors: Vec<String>,
    /// Send HSTS: the desk is reached over https.
    pub hsts: bool,
}

impl HeaderPolicy {
    fn csp(&self, frame_ancestors: &str) -> String {
        let mut script = String::from("'self' 'wasm-unsafe-eval'");
        for hash in &self.script_hashes {
            script.push(' ');
            script.push_str(hash);
        }
        format!(
            "default-src 'self'; script-src {script}; style-src 'self'; img-src 'self' data:; \
             font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
        )
    }
}

/// The CSP hash sources of every inline `<script>` in `html`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let tag_and_after = &rest[start..];
        let Some(open_end) = tag_and_after.find('>') else {
            break;
        };
        let tag = &tag_and_after[..open_end];
        let body_and_after = &tag_and_after[open_end + 1..];
        let Some(close) = body_and_after.find("</script") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body_and_after.as_bytes()[..close]);
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body_and_after[close..];
    }
    hashes
}

/// Middleware (outermost): adds the headers to whatever answer comes back.
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let api = path == "/api" || path.starts_with("/api/");
    // Only the help pages may be framed, and only by the listed hosts.
    let frameable = !api
        && !state.headers.frame_ancestors.is_empty()
        && (path == "/help" || path.starts_with("/help/"));
    let mut response = next.run(request).await;
    let policy = &state.headers;
    let ancestors = if frameable {
        policy.frame_ancestors.join(" ")
    } else {
        "'none'".to_string()
    };
    let document = !is_subresource(&response);
    let headers = response.headers_mut();
    if api {
        // JSON, never a page: opened as a document it may load and run
        // nothing. Stricter than the app's policy, and 300 bytes shorter on
        // each of the answers a screen fetches.
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(API_CSP));
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    } else if document {
        if let Ok(csp) = HeaderValue::from_str(&policy.csp(&ancestors)) {
            headers.insert(CONTENT_SECURITY_POLICY, csp);
        }
        if !frameable {
            headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if api {
        // Answers carry connection details and sessions: never cached.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if policy.hsts {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// A script, style sheet or wasm module: files a page loads, never
/// documents themselves. Anything else (HTML, JSON, SVG, text) may be
/// opened as a document and keeps every header.
fn is_subresource(response: &Response) -> bool {
    let Some(kind) = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let kind = kind.split(';').next().unwrap_or_default().trim();
    matches!(
        kind,
        "application/wasm" | "text/javascript" | "application/javascript" | "text/css"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = r#"<script src="/a.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let want = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{want}'"));
    }
}
