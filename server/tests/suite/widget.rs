//! The help widget's sign-ins: `identify` tokens from a listed site, and
//! what a session begun in the widget may reach.

use crate::support::{Browser, TestServer};
use base64::Engine;
use dropstream_api::help::Session;
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::json;
use sha2::Sha256;

const SITE: &str = "https://shop.example.com";

/// A token as the README shows the host's server making one.
fn token(claims: serde_json::Value, secret: &str) -> String {
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string());
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(payload.as_bytes());
    let signature =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{payload}.{signature}")
}

fn in_minutes(minutes: u64) -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + minutes * 60
}

/// Exchanges `token` in `browser`; the status and body of the answer.
async fn identify(browser: &Browser, token: String) -> (u16, String) {
    browser.get("/api/session").await;
    let r = browser
        .send_body(
            Method::POST,
            "/api/embed/identify",
            &json!({ "token": token }),
        )
        .await;
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

fn claims(email: &str, exp: u64) -> serde_json::Value {
    json!({"site": SITE, "email": email, "exp": exp})
}

// Off switch: return Ok before the signature check in `routes::embed::check`.
#[tokio::test]
async fn a_listed_sites_token_signs_its_merchants_user_in_to_the_help_center_only() {
    let s = TestServer::start().await;
    let demo = s
        .store
        .merchants()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.name == dropstream_server::demo_seed::DEMO_MERCHANT)
        .unwrap();
    s.store
        .add_embed_site(SITE, Some(demo.id), "test")
        .await
        .unwrap();
    s.store
        .add_embed_site("https://unbound.example.com", None, "test")
        .await
        .unwrap();
    let secret = s.store.embed_site_key(SITE).await.unwrap().unwrap().secret;
    assert!(secret.starts_with("dsk_") && secret.len() == 68, "{secret}");
    let ana = "ana@demo.dropstream.test";

    // Refused: a wrong secret, an expiry too far or past, a staff member,
    // another merchant's user, a site bound to no merchant, a site not listed.
    let b = s.signed_out().await;
    for (why, t) in [
        (
            "wrong secret",
            token(claims(ana, in_minutes(5)), "dsk_guess"),
        ),
        ("too long", token(claims(ana, in_minutes(60)), &secret)),
        ("expired", token(claims(ana, in_minutes(0) - 1), &secret)),
        (
            "staff",
            token(claims("ben@demo.dropstream.test", in_minutes(5)), &secret),
        ),
        (
            "other merchant",
            token(claims("hal@demo.dropstream.test", in_minutes(5)), &secret),
        ),
        (
            "unbound site",
            token(
                json!({"site": "https://unbound.example.com", "email": ana, "exp": in_minutes(5)}),
                &secret,
            ),
        ),
        (
            "unlisted site",
            token(
                json!({"site": "https://other.example.com", "email": ana, "exp": in_minutes(5)}),
                &secret,
            ),
        ),
        ("garbage", "not-a-token".to_string()),
    ] {
        let (status, body) = identify(&b, t).await;
        assert_eq!(status, 401, "{why}: {body}");
        assert!(!body.contains(&secret), "{why}");
    }
    assert_eq!(b.session().await.user, None);

    // Taken: Ana is signed in, for the help center.
    let good = token(claims(ana, in_minutes(5)), &secret);
    let (status, body) = identify(&b, good.clone()).await;
    assert_eq!(status, 200, "{body}");
    let session: Session = serde_json::from_str(&body).unwrap();
    assert_eq!(session.user.unwrap().display_name, "Ana Merchant");
    let r = b
        .send_body(
            Method::POST,
            "/api/help/articles/test-connection/comments",
            &json!({"body": "Asked from the shop"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let r = b.get("/api/connections").await;
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("help widget only"));
    assert_eq!(b.get("/api/admin/embed-sites").await.status(), 401);

    // Once only.
    let other = s.signed_out().await;
    assert_eq!(identify(&other, good).await.0, 401);

    // A renewed secret: tokens signed with the old one stop working.
    assert!(s.store.renew_site_secret(SITE).await.unwrap());
    let (status, _) = identify(&other, token(claims(ana, in_minutes(5)), &secret)).await;
    assert_eq!(status, 401);
    let renewed = s.store.embed_site_key(SITE).await.unwrap().unwrap().secret;
    assert_ne!(renewed, secret);
    assert_eq!(
        identify(&other, token(claims(ana, in_minutes(5)), &renewed))
            .await
            .0,
        200
    );
}

/// A sign-in with a password inside the panel on another site reaches the
/// help center only, as an identified one does.
// Off switch: pass None for `embed` in `routes::session::sign_in`.
#[tokio::test]
async fn a_password_sign_in_inside_a_framed_panel_reaches_the_help_center_only() {
    let s = TestServer::start().await;
    let b = s.signed_out().await;
    b.get("/api/session").await;
    let r = b
        .send(Method::POST, "/api/session")
        .header("x-dropstream-frame", "cross-site")
        .json(&json!({"email": "ana@demo.dropstream.test", "password": "demo-password-ana"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(b.session().await.user.is_some());
    assert_eq!(b.get("/api/connections").await.status(), 401);

    // The same person on the desk itself reaches their connections.
    let desk = s.signed_out().await;
    desk.sign_in_demo(0).await;
    assert_eq!(desk.get("/api/connections").await.status(), 200);
}

/// Admins suggest articles by the host page's path; the widget's `page`
/// call reads them, most specific pattern first.
// Off switch: return an empty list from `Store::suggestions_for`.
#[tokio::test]
async fn suggestions_follow_the_host_pages_path() {
    let s = TestServer::start().await;
    let admin = s.other_browser().await;
    let add = |pattern: &str, articles: &[&str]| {
        let body = json!({"pattern": pattern, "articles": articles});
        let admin = &admin;
        async move {
            admin
                .send_body(Method::POST, "/api/admin/help-suggestions", &body)
                .await
        }
    };
    assert_eq!(
        add("/orders/*", &["channels-and-run-logs", "test-connection"])
            .await
            .status(),
        201
    );
    assert_eq!(
        add("/orders/*/edit", &["platform-shopify", "test-connection"])
            .await
            .status(),
        201
    );
    for (pattern, articles, field) in [
        ("orders", vec!["test-connection"], "pattern"),
        ("/orders /x", vec!["test-connection"], "pattern"),
        ("/settings", vec!["no-such-article"], "articles"),
        ("/settings", vec![], "articles"),
        ("/orders/*", vec!["test-connection"], "pattern"),
    ] {
        let r = add(pattern, &articles).await;
        assert_eq!(r.status(), 422, "{pattern}");
        let body = r.text().await.unwrap();
        assert!(
            body.contains(&format!("\"field\":\"{field}\"")),
            "{pattern}: {body}"
        );
    }
    let suggested = |url: &'static str| {
        let admin = &admin;
        async move {
            let path = format!(
                "/api/help/suggestions?url={}",
                url::form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>()
            );
            let r = admin.get(&path).await;
            assert_eq!(r.status(), 200, "{url}");
            r.json::<dropstream_api::help::Suggestions>()
                .await
                .unwrap()
                .articles
        }
    };
    assert_eq!(
        suggested("https://shop.example.com/orders/42/edit?tab=2").await,
        [
            "platform-shopify",
            "test-connection",
            "channels-and-run-logs"
        ]
    );
    assert_eq!(
        suggested("https://shop.example.com/orders/42").await,
        ["channels-and-run-logs", "test-connection"]
    );
    assert!(suggested("https://shop.example.com/settings")
        .await
        .is_empty());
    let r = admin
        .get("/api/help/suggestions?url=not%20an%20address")
        .await;
    assert_eq!(r.status(), 422);

    // Anyone but an admin is refused the list.
    let ana = s.browser_as(0).await;
    assert_eq!(ana.get("/api/admin/help-suggestions").await.status(), 403);
    let list: Vec<dropstream_api::help::HelpSuggestion> =
        admin.get_json("/api/admin/help-suggestions").await;
    assert_eq!(list.len(), 2);
    let r = admin
        .send(
            Method::DELETE,
            &format!("/api/admin/help-suggestions/{}", list[0].id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}
