//! How the SPA's files and the API's JSON travel: the precompressed twin the
//! browser accepts, cache headers by kind of file, HTML for client routes.

use crate::support;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use dropstream_server::connectors::egress::Egress;
use dropstream_server::connectors::{Connectors, Endpoints};
use dropstream_server::{app, demo_seed, AppState};
use http_body_util::BodyExt;
use std::path::Path;
use std::time::Duration;
use tower::ServiceExt;

const WASM: &str = "dropstream-desk-0123456789abcdef_bg.wasm";
const CHROMIUM: &str = "gzip, deflate, br, zstd";

/// A dist/ with an index, a hashed module and the widget loader, each with
/// `.br` and `.gz` twins whose bodies say which one was sent.
fn dist(dir: &Path) {
    for (name, raw) in [
        ("index.html", "<!DOCTYPE html><title>desk</title>"),
        (WASM, "\0asm module"),
        ("help-widget.js", "console.log('widget')"),
    ] {
        std::fs::write(dir.join(name), raw).unwrap();
        std::fs::write(dir.join(format!("{name}.br")), format!("br:{name}")).unwrap();
        std::fs::write(dir.join(format!("{name}.gz")), format!("gz:{name}")).unwrap();
    }
    std::fs::write(dir.join("main-fedcba9876543210.css"), "body{}").unwrap();
}

struct Desk {
    router: Router,
    _dir: tempfile::TempDir,
}

async fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let dist_dir = dir.path().join("dist");
    std::fs::create_dir(&dist_dir).unwrap();
    dist(&dist_dir);
    let store = support::open_store(&dir.path().join("data")).await;
    demo_seed::seed(&store).await.unwrap();
    let connectors = Connectors::new(
        Endpoints::all_at("http://127.0.0.1:9"),
        Duration::from_secs(1),
        Egress::sandbox(),
    )
    .unwrap();
    let router = app(AppState::new(store, connectors), Some(&dist_dir));
    Desk { router, _dir: dir }
}

struct Answer {
    status: StatusCode,
    headers: header::HeaderMap,
    body: String,
}

impl Answer {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }
}

impl Desk {
    async fn get(&self, path: &str, headers: &[(header::HeaderName, &str)]) -> Answer {
        let mut req = Request::get(path);
        for (name, value) in headers {
            req = req.header(name, *value);
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn accepting(&self, path: &str, encodings: &str) -> Answer {
        self.get(path, &[(header::ACCEPT_ENCODING, encodings)])
            .await
    }
}

#[tokio::test]
async fn a_browser_that_asks_for_brotli_gets_the_br_file() {
    let d = desk().await;
    for path in ["/", "/index.html", &format!("/{WASM}"), "/help-widget.js"] {
        let a = d.accepting(path, CHROMIUM).await;
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.header(header::CONTENT_ENCODING), "br", "{path}");
        assert!(a.body.starts_with("br:"), "{path}: {}", a.body);
        assert!(
            a.header(header::VARY).contains("accept-encoding"),
            "{path}: {:?}",
            a.headers
        );
    }
    let wasm = d.accepting(&format!("/{WASM}"), CHROMIUM).await;
    assert_eq!(wasm.header(header::CONTENT_TYPE), "application/wasm");
}

#[tokio::test]
async fn a_gzip_only_client_gets_gzip_and_others_get_identity() {
    let d = desk().await;
    let gz = d.accepting(&format!("/{WASM}"), "gzip").await;
    assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");
    assert_eq!(gz.body, format!("gz:{WASM}"));

    for plain in [
        d.get(&format!("/{WASM}"), &[]).await,
        d.accepting(&format!("/{WASM}"), "identity").await,
        d.accepting(&format!("/{WASM}"), "deflate").await,
    ] {
        assert_eq!(plain.header(header::CONTENT_ENCODING), "");
        assert_eq!(plain.body, "\0asm module");
    }
    // A file without twins is sent as it is, whatever was asked.
    let css = d.accepting("/main-fedcba9876543210.css", CHROMIUM).await;
    assert_eq!(css.header(header::CONTENT_ENCODING), "");
    assert_eq!(css.body, "body{}");
}

#[tokio::test]
async fn hashed_files_are_immutable_and_the_rest_revalidates() {
    let d = desk().await;
    for hashed in [format!("/{WASM}"), "/main-fedcba9876543210.css".into()] {
        let a = d.accepting(&hashed, CHROMIUM).await;
        assert_eq!(
            a.header(header::CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{hashed}"
        );
        // Never revalidated, so nothing to revalidate with (and no ranges
        // offered): a cold visit sends about 70 bytes less per file.
        assert!(!a.headers.contains_key(header::LAST_MODIFIED), "{hashed}");
        assert!(!a.headers.contains_key(header::ACCEPT_RANGES), "{hashed}");
    }
    for path in [
        "/",
        "/index.html",
        "/help-widget.js",
        "/connections/1/settings/store",
    ] {
        let a = d.accepting(path, CHROMIUM).await;
        assert_eq!(a.header(header::CACHE_CONTROL), "no-cache", "{path}");
        let modified = a.header(header::LAST_MODIFIED).to_string();
        assert!(!modified.is_empty(), "{path}: no Last-Modified");
        let again = d
            .get(
                path,
                &[
                    (header::ACCEPT_ENCODING, CHROMIUM),
                    (header::IF_MODIFIED_SINCE, &modified),
                ],
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.header(header::CACHE_CONTROL), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn every_client_route_answers_html() {
    let d = desk().await;
    for path in [
        "/",
        "/connections",
        "/connections/1/settings",
        "/connections/1/settings/store",
        "/connections/1/settings/warehouse",
        "/help",
        "/help/test-connection",
        "/signin?return=%2Fconnections",
        "/set-password?token=abc",
        "/account",
        "/admin/users",
        "/admin/audit",
    ] {
        for encodings in [CHROMIUM, ""] {
            let a = d.accepting(path, encodings).await;
            assert_eq!(a.status, 200, "{path}");
            assert!(
                a.header(header::CONTENT_TYPE).starts_with("text/html"),
                "{path}: {:?}",
                a.headers
            );
        }
    }
}

#[tokio::test]
async fn a_missing_file_is_a_404_not_the_index() {
    let d = desk().await;
    // What a stale index.html asks for after a deploy.
    let a = d
        .accepting("/dropstream-desk-ffffffffffffffff_bg.wasm", CHROMIUM)
        .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.header(header::CACHE_CONTROL), "no-cache");
    assert!(!a.header(header::CONTENT_TYPE).starts_with("text/html"));
}

#[tokio::test]
async fn larger_api_answers_are_compressed_and_small_ones_are_not() {
    let d = desk().await;
    // The article list is several kilobytes of JSON.
    let big = d.accepting("/api/help/articles", CHROMIUM).await;
    assert_eq!(big.status, 200);
    assert_eq!(big.header(header::CONTENT_ENCODING), "br");
    assert!(big.header(header::VARY).contains("accept-encoding"));
    let gz = d.accepting("/api/help/articles", "gzip").await;
    assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");
    let plain = d.get("/api/help/articles", &[]).await;
    assert_eq!(plain.header(header::CONTENT_ENCODING), "");
    assert!(plain.body.starts_with('['), "{}", plain.body);

    let small = d.accepting("/api/session", CHROMIUM).await;
    assert_eq!(small.status, 200);
    assert_eq!(small.header(header::CONTENT_ENCODING), "");
}
