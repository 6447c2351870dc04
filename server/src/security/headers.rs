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
    /// The same of the help widget panel's page (`embed.html`).
    pub embed_script_hashes: Vec<String>,
    /// Origins that may frame the help widget's panel besides those the
    /// admins list in the store (`--frame-ancestors`).
    pub frame_ancestors: Vec<String>,
    /// Send HSTS: the desk is reached over https.
    pub hsts: bool,
}

impl HeaderPolicy {
    /// The policy of a page: `embed` for the widget panel's, whose boot
    /// script is its own.
    fn csp(&self, frame_ancestors: &str, embed: bool) -> String {
        let mut script = String::from("'self' 'wasm-unsafe-eval'");
        let hashes = if embed {
            &self.embed_script_hashes
        } else {
            &self.script_hashes
        };
        for hash in hashes {
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
    // Only the help widget's panel may be framed: by the desk itself, and
    // by the host page its address names when that site is on the list.
    let frameable = path == "/embed" || path.starts_with("/embed/");
    let ancestors = if frameable {
        match allowed_host(&state, request.uri().query()).await {
            Some(host) => format!("'self' {host}"),
            None => "'self'".to_string(),
        }
    } else {
        "'none'".to_string()
    };
    let mut response = next.run(request).await;
    let policy = &state.headers;
    let document = !is_subresource(&response);
    let headers = response.headers_mut();
    if api {
        // JSON, never a page: opened as a document it may load and run
        // nothing. Stricter than the app's policy, and 300 bytes shorter on
        // each of the answers a screen fetches.
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(API_CSP));
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    } else if document {
        if let Ok(csp) = HeaderValue::from_str(&policy.csp(&ancestors, frameable)) {
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

/// The `host` the panel's address names (`/embed/help?host=…`), as an
/// origin, if it may embed the panel: listed at start-up or by an admin.
async fn allowed_host(state: &AppState, query: Option<&str>) -> Option<String> {
    let raw = url::form_urlencoded::parse(query?.as_bytes())
        .find(|(key, _)| key == "host")
        .map(|(_, value)| value.into_owned())?;
    let host = origin(&raw).ok()?;
    if state.headers.frame_ancestors.contains(&host) {
        return Some(host);
    }
    match state.store.may_embed(&host).await {
        Ok(true) => Some(host),
        Ok(false) => None,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the embed sites");
            None
        }
    }
}

/// An origin as a CSP source: scheme, host and port only (as the browser
/// writes it, lowercase, without a default port), so nothing else can be
/// smuggled into the header.
pub fn origin(raw: &str) -> Result<String, String> {
    let url = url::Url::parse(raw.trim()).map_err(|e| format!("{raw}: {e}"))?;
    let exact = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    match url.origin() {
        url::Origin::Tuple(..)
            if matches!(url.scheme(), "http" | "https")
                && exact
                && url.username().is_empty()
                && url.password().is_none() =>
        {
            Ok(url.origin().ascii_serialization())
        }
        _ => Err(format!(
            "{raw}: not a site's origin (scheme, host and port, e.g. https://shop.example.com)"
        )),
    }
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
    fn origins_are_reduced_to_scheme_host_and_port() {
        assert_eq!(
            origin("https://Shop.Example.com").unwrap(),
            "https://shop.example.com"
        );
        assert_eq!(
            origin(" https://shop.example.com:443/ ").unwrap(),
            "https://shop.example.com"
        );
        assert_eq!(
            origin("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "shop.example.com",
            "ftp://shop.example.com",
            "https://shop.example.com/help",
            "https://shop.example.com/?a=1",
            "https://user@shop.example.com",
            "https://a.example.com 'unsafe-inline'",
            "javascript:alert(1)",
        ] {
            assert!(origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = r#"<script src="/a.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let want = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{want}'"));
    }
}
