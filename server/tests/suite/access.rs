//! Who may see and change what, over real HTTP: every `/api` route for
//! every kind of person (signed out, a merchant on its own connection, a
//! merchant on another's, staff, admin), plus disabling, sessions,
//! invitations and the audit log.

use crate::support;

use dropstream_api::access::{AuditPage, Merchant, SessionEntry, UserEntry};
use dropstream_api::help::Session;
use dropstream_api::{ConnectionSummary, ErrorCode};
use dropstream_server::demo_seed::{
    self, DEMO_ADMIN, DEMO_MERCHANT_USER, DEMO_STAFF, OTHER_MERCHANT_USER,
};
use dropstream_server::platforms::shopify::fixtures::{SHOPIFY_SHOP, SHOPIFY_TOKEN};
use dropstream_server::store::accounts::SessionPolicy;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;
use support::{error_of, Browser, TestServer};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    SignedOut,
    /// Ana, whose merchant owns connection 1.
    Owner,
    /// Hal, of another merchant.
    OtherMerchant,
    Staff,
    Admin,
}

/// Everyone a route may be asked by, in the order of a [`Row`]'s statuses.
const PEOPLE: [Who; 5] = [
    Who::SignedOut,
    Who::Owner,
    Who::OtherMerchant,
    Who::Staff,
    Who::Admin,
];

/// The expected status of each route, in the order of [`routes`]:
/// (signed out, owner, other merchant, staff, admin), as in [`PEOPLE`].
type Row = (&'static str, Method, String, Option<Value>, [u16; 5]);

#[rustfmt::skip]
fn routes() -> Vec<Row> {
    let token = SHOPIFY_TOKEN;
    let shop = SHOPIFY_SHOP;
    let save = json!({"platform": "shopify", "version": 1,
        "fields": {"shop_domain": shop, "access_token": token}});
    let test = json!({"platform": "shopify", "fields": {"shop_domain": shop, "access_token": ""}});
    let new = json!({"name": "Matrix", "store_platform": "shopify",
        "warehouse_platform": "shipbob", "merchant_id": 1});
    let invite = json!({"email": "new@matrix.test", "display_name": "New", "role": "staff"});
    let comment = json!({"body": "Does this need the write scope?"});
    let p = |s: &str| s.to_string();
    vec![
        ("session", Method::GET, p("/api/session"), None, [200, 200, 200, 200, 200]),
        ("articles", Method::GET, p("/api/help/articles"), None, [200; 5]),
        ("article", Method::GET, p("/api/help/articles/test-connection"), None, [200; 5]),
        ("comments", Method::GET, p("/api/help/articles/test-connection/comments"), None, [200; 5]),
        ("post comment", Method::POST, p("/api/help/articles/test-connection/comments"), Some(comment), [401, 201, 201, 201, 201]),
        ("edit comment", Method::PATCH, p("/api/comments/1"), Some(json!({"body": "Edited."})), [401, 200, 200, 200, 200]),
        ("delete comment", Method::DELETE, p("/api/comments/1"), None, [401, 204, 204, 204, 204]),
        ("vote", Method::PUT, p("/api/help/articles/test-connection/vote"), Some(json!({"helpful": true})), [401, 200, 200, 200, 200]),
        ("no such endpoint", Method::GET, p("/api/nothing-here"), None, [404; 5]),
        ("list", Method::GET, p("/api/connections"), None, [401, 200, 200, 200, 200]),
        ("create", Method::POST, p("/api/connections"), Some(new), [401, 201, 422, 403, 201]),
        ("detail", Method::GET, p("/api/connections/1"), None, [401, 200, 404, 200, 200]),
        ("rename", Method::PATCH, p("/api/connections/1"), Some(json!({"name": "Renamed"})), [401, 200, 404, 403, 200]),
        ("save side", Method::PUT, p("/api/connections/1/store"), Some(save), [401, 200, 404, 403, 200]),
        ("test side", Method::POST, p("/api/connections/1/store/test"), Some(test), [401, 200, 404, 200, 200]),
        ("history", Method::GET, p("/api/connections/1/store/history"), None, [401, 200, 404, 200, 200]),
        ("channels", Method::GET, p("/api/connections/1/channels"), None, [401, 200, 404, 200, 200]),
        ("channel change", Method::PATCH, p("/api/connections/1/channels/orders"), Some(json!({"enabled": true})), [401, 200, 404, 403, 200]),
        ("channel runs", Method::GET, p("/api/connections/1/channels/orders/runs"), None, [401, 200, 404, 200, 200]),
        ("merchants", Method::GET, p("/api/merchants"), None, [401, 200, 200, 200, 200]),
        ("add merchant", Method::POST, p("/api/admin/merchants"), Some(json!({"name": "Matrix Co"})), [401, 403, 403, 403, 201]),
        ("users", Method::GET, p("/api/admin/users"), None, [401, 403, 403, 403, 200]),
        ("invite", Method::POST, p("/api/admin/users"), Some(invite), [401, 403, 403, 403, 201]),
        ("change role", Method::PATCH, p("/api/admin/users/2"), Some(json!({"role": "admin"})), [401, 403, 403, 403, 200]),
        ("audit", Method::GET, p("/api/admin/audit"), None, [401, 403, 403, 403, 200]),
        ("embed sites", Method::GET, p("/api/admin/embed-sites"), None, [401, 403, 403, 403, 200]),
        ("add embed site", Method::POST, p("/api/admin/embed-sites"), Some(json!({"origin": "https://shop.example.com"})), [401, 403, 403, 403, 201]),
        ("remove embed site", Method::DELETE, p("/api/admin/embed-sites?origin=https://shop.example.com"), None, [401, 403, 403, 403, 204]),
        ("sessions", Method::GET, p("/api/account/sessions"), None, [401, 200, 200, 200, 200]),
        ("end a session", Method::DELETE, p("/api/account/sessions/00000000000000ff"), None, [401, 404, 404, 404, 404]),
        ("set password", Method::POST, p("/api/password"), Some(json!({"token": "nope", "password": "long enough pass"})), [404; 5]),
        ("delete", Method::DELETE, p("/api/connections/1"), None, [401, 204, 404, 403, 204]),
        ("sign out everywhere", Method::DELETE, p("/api/account/sessions"), None, [401, 200, 200, 200, 200]),
        ("sign out", Method::DELETE, p("/api/session"), None, [200; 5]),
    ]
}

/// What must never show in this person's answers: the other merchant's
/// connections and merchant name.
fn foreign_words(who: Who) -> &'static [&'static str] {
    match who {
        Who::Owner => &["Harbor Supply", "Northwind", "Summit Trail"],
        Who::OtherMerchant => &["Demo Outfitters", "Maple & Pine", SHOPIFY_SHOP],
        _ => &[],
    }
}

async fn browser_for(s: &TestServer, who: Who) -> Browser {
    match who {
        Who::SignedOut => s.signed_out().await,
        Who::Owner => s.browser_as(DEMO_MERCHANT_USER).await,
        Who::OtherMerchant => s.browser_as(OTHER_MERCHANT_USER).await,
        Who::Staff => s.browser_as(DEMO_STAFF).await,
        Who::Admin => s.browser_as(DEMO_ADMIN).await,
    }
}

#[tokio::test]
async fn every_route_answers_each_role_as_the_matrix_says() {
    let mut checked = 0;
    for (column, who) in PEOPLE.into_iter().enumerate() {
        // A server of its own per person: the rows change and delete things.
        let s = TestServer::start().await;
        let b = browser_for(&s, who).await;
        for (name, method, path, body, expected) in routes() {
            let mut request = b.send(method.clone(), &path);
            if let Some(body) = &body {
                request = request.json(body);
            }
            let r = request.send().await.unwrap();
            let status = r.status().as_u16();
            let text = r.text().await.unwrap();
            assert_eq!(
                status, expected[column],
                "{who:?} {name} ({method} {path}): {text}"
            );
            for word in foreign_words(who) {
                assert!(
                    !text.contains(word),
                    "{who:?} {name} shows {word:?}: {text}"
                );
            }
            if status == 404 && path.starts_with("/api/connections/1") {
                // Exactly what a connection that does not exist answers.
                let missing = s.get_text("/api/connections/999").await.1;
                assert_eq!(text, missing.replace("999", "1"), "{name}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, PEOPLE.len() * routes().len());
}

/// Who is asking and what they may see is settled before the body is read:
/// with a body that is not JSON, every route that refuses a person (401,
/// 403, 404) still does, and the rest answer 400. Only setting a password
/// reads its body first, because its 404 is about the token inside it.
/// No comment is ever posted here, so editing one is 404 once signed in.
#[tokio::test]
async fn a_person_is_refused_before_an_unreadable_body_is() {
    let s = TestServer::start().await;
    let mut checked = 0;
    for (column, who) in PEOPLE.into_iter().enumerate() {
        let b = browser_for(&s, who).await;
        for (name, method, path, body, expected) in routes() {
            if body.is_none() {
                continue;
            }
            let r = b
                .send(method.clone(), &path)
                .header("content-type", "application/json")
                .body("{\"unfinished")
                .send()
                .await
                .unwrap();
            let want = match (name, expected[column]) {
                ("set password", _) => 400,
                ("edit comment", 200) => 404,
                (_, refused @ (401 | 403 | 404)) => refused,
                _ => 400,
            };
            assert_eq!(
                r.status().as_u16(),
                want,
                "{who:?} {name} ({method} {path})"
            );
            checked += 1;
        }
    }
    assert!(checked >= PEOPLE.len() * 10, "{checked}");
}

#[tokio::test]
async fn each_role_lists_only_what_it_may_see_and_merchants_create_for_themselves() {
    let s = TestServer::start().await;
    let ids = |list: Vec<ConnectionSummary>| list.iter().map(|c| c.id).collect::<Vec<_>>();
    let list = |b: Browser| async move {
        let r = b.get("/api/connections").await;
        assert_eq!(r.status(), 200);
        r.json::<Vec<ConnectionSummary>>().await.unwrap()
    };
    let ana = s.browser_as(DEMO_MERCHANT_USER).await;
    let mine = list(s.browser_as(DEMO_MERCHANT_USER).await).await;
    assert!(mine
        .iter()
        .all(|c| c.merchant_name == demo_seed::DEMO_MERCHANT));
    assert_eq!(ids(mine), [1, 3]);
    assert_eq!(
        ids(list(s.browser_as(OTHER_MERCHANT_USER).await).await),
        [2, 4, 5]
    );
    assert_eq!(ids(list(s.browser_as(DEMO_STAFF).await).await).len(), 5);

    // A merchant's new connection is its own, whatever it asks for.
    let r = ana.send_body(Method::POST, "/api/connections", &json!({"name": "Ana's second", "store_platform": "shopify", "warehouse_platform": "shipbob", "merchant_id": 2})).await;
    let e = error_of(r, 422, ErrorCode::Validation).await;
    assert_eq!(e.fields[0].field, "merchant_id");
    let r = ana.send_body(Method::POST, "/api/connections", &json!({"name": "Ana's second", "store_platform": "shopify", "warehouse_platform": "shipbob"})).await;
    assert_eq!(r.status(), 201);
    let created: ConnectionSummary = r.json().await.unwrap();
    assert_eq!(created.merchant_name, demo_seed::DEMO_MERCHANT);
    let hal = s.browser_as(OTHER_MERCHANT_USER).await;
    assert_eq!(
        hal.get(&format!("/api/connections/{}", created.id))
            .await
            .status(),
        404
    );

    // An admin must say whose it is.
    let r = s.send_body(Method::POST, "/api/connections", &json!({"name": "Whose?", "store_platform": "shopify", "warehouse_platform": "shipbob"})).await;
    assert_eq!(
        error_of(r, 422, ErrorCode::Validation).await.fields[0].field,
        "merchant_id"
    );

    // Merchants see their own merchant only; staff see every one.
    let r = hal.get("/api/merchants").await;
    let merchants: Vec<Merchant> = r.json().await.unwrap();
    assert_eq!(merchants.len(), 1);
    assert_eq!(merchants[0].name, demo_seed::OTHER_MERCHANT);
}

#[tokio::test]
async fn a_disabled_user_is_refused_at_once_and_can_come_back() {
    let s = TestServer::start().await;
    let ana = s.browser_as(DEMO_MERCHANT_USER).await;
    assert_eq!(ana.get("/api/connections").await.status(), 200);
    let ana_id = ana.session().await.user.unwrap().id;

    let r = set_disabled(&s, ana_id, true).await;
    assert_eq!(r.status(), 200);
    assert!(r.json::<UserEntry>().await.unwrap().disabled);
    // The very next request of the open session is signed out.
    error_of(
        ana.get("/api/connections").await,
        401,
        ErrorCode::Unauthorized,
    )
    .await;
    assert_eq!(ana.session().await.user, None);
    let user = &demo_seed::DEMO_USERS[DEMO_MERCHANT_USER];
    assert_eq!(ana.sign_in_raw(user.email, user.password).await.0, 401);

    set_disabled(&s, ana_id, false).await;
    ana.sign_in_demo(DEMO_MERCHANT_USER).await;
    assert_eq!(ana.get("/api/connections").await.status(), 200);

    // An admin cannot disable themselves, so there is always an admin.
    let me = s.session().await.user.unwrap().id;
    error_of(set_disabled(&s, me, true).await, 422, ErrorCode::Validation).await;
}

/// Disables or re-enables a user as the admin the server starts signed in as.
async fn set_disabled(s: &TestServer, id: i64, disabled: bool) -> reqwest::Response {
    let path = format!("/api/admin/users/{id}");
    s.send_body(Method::PATCH, &path, &json!({ "disabled": disabled }))
        .await
}

#[tokio::test]
async fn a_role_change_takes_effect_and_is_audited_without_values() {
    let s = TestServer::start().await;
    let hal = s.browser_as(OTHER_MERCHANT_USER).await;
    let hal_id = hal.session().await.user.unwrap().id;
    assert_eq!(hal.get("/api/connections/1").await.status(), 404);

    // Hal moves to Demo Outfitters: his old sessions end; signed in again
    // he sees connection 1.
    let r = s
        .send_body(
            Method::PATCH,
            &format!("/api/admin/users/{hal_id}"),
            &json!({"merchant_id": 1}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(hal.get("/api/connections/1").await.status(), 401);
    hal.sign_in_demo(OTHER_MERCHANT_USER).await;
    assert_eq!(hal.get("/api/connections/1").await.status(), 200);
    // A merchant role needs a merchant; staff may not have one.
    let r = s
        .send_body(
            Method::PATCH,
            &format!("/api/admin/users/{hal_id}"),
            &json!({"role": "staff"}),
        )
        .await;
    assert_eq!(r.json::<UserEntry>().await.unwrap().merchant, None);

    // A credential save by Ana, then read the log as the admin.
    let ana = s.browser_as(DEMO_MERCHANT_USER).await;
    let secret = "shpat_sandbox_audit_never_shows_0001";
    let r = ana
        .send_body(
            Method::PUT,
            "/api/connections/1/store",
            &json!({"platform": "shopify", "version": 1,
            "fields": {"shop_domain": SHOPIFY_SHOP, "access_token": secret}}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let saved: dropstream_api::SideSettings = r.json().await.unwrap();
    assert_eq!(saved.saved_by.as_deref(), Some("Ana Merchant"));
    assert!(saved.saved_at.is_some());

    let r = s.get("/api/admin/audit").await;
    let text = r.text().await.unwrap();
    assert!(
        !text.contains(secret) && !text.contains(&secret[secret.len() - 8..]),
        "{text}"
    );
    assert!(!text.contains("demo-password"), "{text}");
    let page: AuditPage = serde_json::from_str(&text).unwrap();
    let actions: Vec<&str> = page.entries.iter().map(|e| e.action.as_str()).collect();
    for wanted in ["credentials_saved", "role_changed", "signed_in"] {
        assert!(
            actions.contains(&wanted),
            "{wanted} missing from {actions:?}"
        );
    }
    let save = page
        .entries
        .iter()
        .find(|e| e.action == "credentials_saved")
        .unwrap();
    assert!(save.actor.starts_with("Ana Merchant"), "{save:?}");
    assert!(save.target.contains("Connection 1") && save.target.contains("Store"));
    assert!(save.detail.contains("access_token"), "{save:?}");
    assert_eq!(save.address, "127.0.0.1");
    let moved = "Merchant of Harbor Supply Co. → Merchant of Demo Outfitters";
    assert!(
        page.entries
            .iter()
            .any(|e| e.action == "role_changed" && e.detail == moved),
        "{page:?}"
    );
}

#[tokio::test]
async fn an_invited_user_sets_a_password_once_and_signs_in() {
    let s = TestServer::start().await;
    let r = s
        .send(Method::POST, "/api/admin/users")
        .json(
            &json!({"email": "cleo@harbor.test", "display_name": "Cleo Harbor",
            "role": "merchant", "merchant_id": 2}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let text = r.text().await.unwrap();
    let invited: dropstream_api::access::Invited = serde_json::from_str(&text).unwrap();
    assert!(invited.user.pending);
    // The link is never in the answer: here the server sends no mail.
    assert!(invited.delivery.contains("password-link"), "{text}");
    assert!(!text.contains("token="));

    let cleo = s.signed_out().await;
    assert_eq!(cleo.sign_in_raw("cleo@harbor.test", "").await.0, 422);
    assert_eq!(
        cleo.sign_in_raw("cleo@harbor.test", "anything-at-all")
            .await
            .0,
        401
    );
    let token = s.store.password_token(invited.user.id).await.unwrap();
    let set = |password: &'static str| {
        let token = token.clone();
        let cleo = &cleo;
        async move {
            cleo.send_body(
                Method::POST,
                "/api/password",
                &json!({"token": token, "password": password}),
            )
            .await
        }
    };
    error_of(set("short").await, 422, ErrorCode::Validation).await;
    assert_eq!(set("cleo-long-password").await.status(), 200);
    // Once only.
    error_of(set("another-long-password").await, 404, ErrorCode::NotFound).await;
    let (status, body) = cleo
        .sign_in_raw("cleo@harbor.test", "cleo-long-password")
        .await;
    assert_eq!(status, 200, "{body}");
    let session: Session = serde_json::from_str(&body).unwrap();
    let account = session.account.unwrap();
    assert_eq!(account.merchant.unwrap().name, demo_seed::OTHER_MERCHANT);
    let list: Vec<ConnectionSummary> = cleo.get("/api/connections").await.json().await.unwrap();
    assert_eq!(list.len(), 3);

    // Taken emails are refused by field.
    let r = s
        .send_body(
            Method::POST,
            "/api/admin/users",
            &json!({"email": "CLEO@harbor.test", "display_name": "Again", "role": "staff"}),
        )
        .await;
    assert_eq!(
        error_of(r, 422, ErrorCode::Validation).await.fields[0].field,
        "email"
    );
}

/// The sessions of `b`'s account, as its account page lists them.
async fn sessions_of(b: &Browser) -> Vec<SessionEntry> {
    let r = b.get("/api/account/sessions").await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// Ends one session of `b`'s account by its id; the status answered.
async fn end_session(b: &Browser, id: &str) -> u16 {
    let path = format!("/api/account/sessions/{id}");
    let r = b.send(Method::DELETE, &path).send().await.unwrap();
    r.status().as_u16()
}

#[tokio::test]
async fn sessions_are_listed_end_one_by_one_or_everywhere() {
    let s = TestServer::start().await;
    let laptop = s.browser_as(DEMO_MERCHANT_USER).await;
    let phone = s.browser_as(DEMO_MERCHANT_USER).await;
    let sessions = sessions_of(&laptop).await;
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|e| e.current).count(), 1);
    let phone_session = sessions.iter().find(|e| !e.current).unwrap();
    let cookie = laptop.cookie("ds_session").unwrap();
    assert!(!sessions
        .iter()
        .any(|e| cookie.contains(&e.id) || e.id.contains(&cookie)));

    assert_eq!(end_session(&laptop, &phone_session.id).await, 204);
    assert_eq!(phone.get("/api/connections").await.status(), 401);
    assert_eq!(laptop.get("/api/connections").await.status(), 200);

    // Another person's session cannot be ended by its id.
    let hal = s.browser_as(OTHER_MERCHANT_USER).await;
    let hal_sessions = sessions_of(&hal).await;
    assert_eq!(end_session(&laptop, &hal_sessions[0].id).await, 404);
    assert_eq!(hal.get("/api/connections").await.status(), 200);

    phone.sign_in_demo(DEMO_MERCHANT_USER).await;
    let r = phone
        .send(Method::DELETE, "/api/account/sessions")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(laptop.get("/api/connections").await.status(), 401);
    assert_eq!(phone.get("/api/connections").await.status(), 401);
}

/// A server whose sessions end after `idle` without a request, or
/// `lifetime` after sign-in.
async fn with_sessions(idle: Duration, lifetime: Duration) -> TestServer {
    TestServer::start_configured(|st| {
        st.store = st
            .store
            .clone()
            .with_session_policy(SessionPolicy { idle, lifetime });
    })
    .await
}

#[tokio::test]
async fn an_idle_session_ends_and_so_does_one_past_its_lifetime() {
    // Times are kept to the millisecond; the margins below are seconds, for
    // a busy machine.
    let idle = with_sessions(Duration::from_secs(2), Duration::from_secs(3600)).await;
    assert_eq!(idle.get("/api/connections").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(idle.get("/api/connections").await.status(), 401);

    let short = with_sessions(Duration::from_secs(3600), Duration::from_secs(4)).await;
    let signed_in = std::time::Instant::now();
    // Activity does not stretch the lifetime.
    for _ in 0..3 {
        assert_eq!(short.get("/api/connections").await.status(), 200);
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    tokio::time::sleep(Duration::from_secs(5).saturating_sub(signed_in.elapsed())).await;
    assert_eq!(short.get("/api/connections").await.status(), 401);
}

#[tokio::test]
async fn the_command_line_makes_merchants_users_and_links() {
    use std::process::Command;
    let dir = support::Scratch::new().await;
    let bin = env!("CARGO_BIN_EXE_dropstream-server");
    let run = |args: &[&str]| {
        Command::new(bin)
            .args(dir.args())
            .args(args)
            .env("DROPSTREAM_PASSWORD", "a-long-cli-password")
            .output()
            .unwrap()
    };
    let out = run(&["add-merchant", "--name", "Acme Outdoor"]);
    assert!(out.status.success(), "{out:?}");
    // `add-user` with an email, a name, a role and the rest of its options.
    let add_user = |email: &str, name: &str, role: &str, rest: &[&str]| {
        let mut args = vec!["add-user", "--email", email, "--name", name, "--role", role];
        args.extend_from_slice(rest);
        run(&args)
    };
    let out = add_user("m@acme.test", "M", "merchant", &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a merchant"));
    let out = add_user(
        "m@acme.test",
        "M",
        "merchant",
        &["--merchant", "acme outdoor"],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(!add_user("x@acme.test", "X", "owner", &[]).status.success());
    let out = run(&[
        "password-link",
        "--email",
        "m@acme.test",
        "--base-url",
        "https://desk.example",
    ]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.starts_with("https://desk.example/set-password?token="),
        "{printed}"
    );
    assert!(!run(&["password-link", "--email", "nobody@acme.test"])
        .status
        .success());
}
