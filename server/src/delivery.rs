//! How the built SPA and the API's JSON travel: precompressed files chosen
//! by `Accept-Encoding`, cache headers by kind of file, and on-the-fly
//! compression of larger API answers.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{ACCEPT_RANGES, CACHE_CONTROL, LAST_MODIFIED, VARY};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::convert::Infallible;
use std::path::Path;
use tower::ServiceExt;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::{ServeDir, ServeFile};

/// The help widget's panel, which answers `/embed` and every path below it.
pub const EMBED_PAGE: &str = "embed.html";

pub fn is_embed(path: &str) -> bool {
    path == "/embed" || path.starts_with("/embed/")
}

/// API answers below this go out as they are: compressing them saves less
/// than a packet.
pub const API_COMPRESS_MIN_BYTES: u16 = 1024;

/// Trunk's hashed names never change content, so a year and `immutable`.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else (index.html, the widget loader) is revalidated on every
/// use with its Last-Modified, so a deploy shows at once.
const REVALIDATE: &str = "no-cache";

/// The built SPA in `dist`: its files, the `.br`/`.gz` twins xtask writes
/// next to them when the browser accepts one, and `index.html` for every
/// client route.
pub fn spa(dist: &Path) -> Router {
    let page = |name: &str| {
        ServeFile::new(dist.join(name))
            .precompressed_br()
            .precompressed_gzip()
    };
    let index = page("index.html");
    let embed = page(EMBED_PAGE);
    let client_route = tower::service_fn(move |req: Request| {
        let (index, embed) = (index.clone(), embed.clone());
        async move {
            // A missing asset (an old hashed name after a deploy) must not
            // come back as HTML with a 200: the browser would try to run it.
            let path = req.uri().path();
            if looks_like_file(path) {
                return Ok::<_, Infallible>(StatusCode::NOT_FOUND.into_response());
            }
            // The help widget's panel is a page (and bundle) of its own.
            let page = if is_embed(path) { embed } else { index };
            Ok(match page.oneshot(req).await {
                Ok(res) => res.map(Body::new),
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            })
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(client_route);
    Router::new()
        .fallback_service(files)
        .layer(from_fn(cache_headers))
}

/// Compresses API answers above [`API_COMPRESS_MIN_BYTES`] with brotli or
/// gzip, at a level cheap enough to run per request (brotli's default, 11,
/// costs tens of milliseconds on a large list).
pub fn api_compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(4))
        .compress_when(
            SizeAbove::new(API_COMPRESS_MIN_BYTES)
                .and(NotForContentType::IMAGES)
                .and(NotForContentType::SSE),
        )
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let immutable = is_hashed(req.uri().path());
    let mut res = next.run(req).await;
    let ok = res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED;
    let headers = res.headers_mut();
    let policy = if immutable && ok {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    if immutable && ok {
        // A browser never revalidates these or asks for a part of one; the
        // two headers were 70 bytes of each of a cold visit's 30-odd files.
        headers.remove(LAST_MODIFIED);
        headers.remove(ACCEPT_RANGES);
    }
    // The same URL answers br, gzip or identity: caches must key on it.
    headers.append(VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// The last path segment has an extension: a request for a file, not for
/// a client route (no route of the SPA has a dot in its last segment).
fn looks_like_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

/// Trunk names its outputs `name-<16 hex digits>` followed by `.ext` or
/// `_bg.wasm`; the split app's files and the widget panel's (`cargo xtask
/// build`) sit in folders named that way, `app-…/` and `embed-…/`.
pub fn is_hashed(path: &str) -> bool {
    let mut segments = path.rsplit('/');
    let name = segments.next().unwrap_or(path);
    let folder = segments.next().unwrap_or("");
    let Some(stem) = name.split('.').next() else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    ends_in_hash(stem)
        || ((folder.starts_with("app-") || folder.starts_with("embed-")) && ends_in_hash(folder))
}

fn ends_in_hash(name: &str) -> bool {
    name.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_names_are_hashed_and_others_are_not() {
        for hashed in [
            "/dropstream-desk-56596b41f5615376_bg.wasm",
            "/dropstream-desk-56596b41f5615376.js",
            "/main-521f436a74014380.css",
            "/favicon-6d502f1425dac298.svg",
            "/app-863efee4ceebfb3a/desk_bg.wasm",
            "/app-863efee4ceebfb3a/__wasm_split.js",
            "/app-863efee4ceebfb3a/chunk_12.wasm",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/help-widget.js",
            "/connections/1/settings/store",
            "/help/test-connection",
            "/main-52.css",
            "/app-863efee4/desk.js",
            "/assets-863efee4ceebfb3a/desk.js",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn client_routes_are_not_files() {
        assert!(looks_like_file("/main-521f436a74014380.css"));
        assert!(looks_like_file("/help-widget.js"));
        assert!(!looks_like_file("/"));
        assert!(!looks_like_file("/connections/1/settings/store"));
        assert!(!looks_like_file("/help/platform-shopify"));
    }
}
