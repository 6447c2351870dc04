//! Sign-in, sessions, CSRF and rate limits, over real HTTP.

use crate::support;

use dropstream_api::help::Session;
use dropstream_api::{ApiError, ErrorCode, Platform, TestRequest};
use dropstream_server::demo_seed::{DemoUser, DEMO_USERS};
use dropstream_server::security::rate_limit::RateLimiter;
use reqwest::Method;
use std::time::Duration;
use support::{error_of, fields, TestServer};

fn set_cookies(r: &reqwest::Response) -> Vec<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn cookie_line<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {lines:?}"))
}

#[tokio::test]
async fn a_first_visit_is_signed_out_and_gets_a_readable_lax_csrf_cookie() {
    let s = TestServer::start().await;
    let fresh = reqwest::Client::new();
    let r = fresh.get(s.url("/api/session")).send().await.unwrap();
    let lines = set_cookies(&r);
    let csrf = cookie_line(&lines, "ds_csrf");
    assert!(csrf.contains("SameSite=Lax"), "{csrf}");
    assert!(!csrf.contains("HttpOnly"), "the page must read it: {csrf}");
    assert!(!csrf.contains("Secure"), "plain http: {csrf}");
    let session: Session = r.json().await.unwrap();
    assert_eq!(session.user, None);
}

#[tokio::test]
async fn sign_in_sets_an_http_only_session_and_rotates_it() {
    let s = TestServer::start().await;
    let DemoUser {
        email,
        name,
        password,
        ..
    } = DEMO_USERS[0];
    let r = s
        .send_body(
            Method::POST,
            "/api/session",
            &serde_json::json!({"email": email.to_uppercase(), "password": password}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let lines = set_cookies(&r);
    let session_line = cookie_line(&lines, "ds_session").to_string();
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(session_line.contains(attr), "{session_line}");
    }
    cookie_line(&lines, "ds_csrf");
    let body: Session = r.json().await.unwrap();
    assert_eq!(body.user.unwrap().display_name, name);
    let first = s.cookie("ds_session").unwrap();
    assert_eq!(s.session().await.user.unwrap().display_name, name);

    // Signing in again gives a new id and ends the old session.
    s.sign_in_demo(0).await;
    let second = s.cookie("ds_session").unwrap();
    assert_ne!(first, second);
    assert_session_ended(&s, &first).await;
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let s = TestServer::start_configured(|st| st.secure_cookies = true).await;
    let DemoUser {
        email, password, ..
    } = DEMO_USERS[1];
    // Over plain http a client would drop Secure cookies, so read the header.
    let r = reqwest::Client::new()
        .get(s.url("/api/session"))
        .send()
        .await
        .unwrap();
    assert!(cookie_line(&set_cookies(&r), "ds_csrf").contains("; Secure"));
    let token = cookie_line(&set_cookies(&r), "ds_csrf")
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("ds_csrf=")
        .to_string();
    let r = reqwest::Client::new()
        .post(s.url("/api/session"))
        .header("cookie", format!("ds_csrf={token}"))
        .header("x-csrf-token", &token)
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(cookie_line(&set_cookies(&r), "ds_session").contains("; Secure"));
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let server = TestServer::start().await;
    let s = server.signed_out().await;
    let email = DEMO_USERS[0].email;
    let (status, wrong) = s.sign_in_raw(email, "not-the-password").await;
    assert_eq!(status, 401);
    let (status, unknown) = s.sign_in_raw("nobody@example.com", "whatever-123").await;
    assert_eq!(status, 401);
    let wrong: ApiError = serde_json::from_str(&wrong).unwrap();
    let unknown: ApiError = serde_json::from_str(&unknown).unwrap();
    assert_eq!(wrong.message, unknown.message);
    assert!(!wrong.message.contains("not-the-password"));
    assert_eq!(s.session().await.user, None);

    let (status, empty) = s.sign_in_raw("", "").await;
    assert_eq!(status, 422, "{empty}");
}

#[tokio::test]
async fn sign_out_ends_the_session_for_good() {
    let s = TestServer::start().await;
    s.sign_in_demo(0).await;
    let old = s.cookie("ds_session").unwrap();
    let r = s.send(Method::DELETE, "/api/session").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(s.session().await.user, None);
    assert_session_ended(&s, &old).await;
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_address_and_email() {
    let s = TestServer::start_configured(|st| {
        st.limits.sign_in = RateLimiter::new(3, Duration::from_secs(60));
    })
    .await;
    let DemoUser {
        email, password, ..
    } = DEMO_USERS[0];
    for _ in 0..3 {
        assert_eq!(s.sign_in_raw(email, "wrong-password").await.0, 401);
    }
    let r = s
        .send_body(
            Method::POST,
            "/api/session",
            &serde_json::json!({"email": email, "password": password}),
        )
        .await;
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let e = error_of(r, 429, ErrorCode::RateLimited).await;
    assert_eq!(e.retry_after, Some(retry));
    assert!(e.message.contains("Try again in"), "{}", e.message);
    // Another account from the same address is still allowed.
    s.sign_in_demo(1).await;
}

#[tokio::test]
async fn test_connection_runs_are_rate_limited() {
    let s = TestServer::start_configured(|st| {
        st.limits.test_connection = RateLimiter::new(2, Duration::from_secs(60));
    })
    .await;
    let request = TestRequest {
        platform: Platform::Shopify,
        fields: fields(&[("shop_domain", "no-such-shop")]),
    };
    let body = serde_json::to_string(&request).unwrap();
    for _ in 0..2 {
        assert_eq!(s.post_test_raw("1", "store", &body).await.0, 200);
    }
    let (status, text) = s.post_test_raw("1", "store", &body).await;
    assert_eq!(status, 429, "{text}");
    let e: ApiError = serde_json::from_str(&text).unwrap();
    assert_eq!(e.error, ErrorCode::RateLimited);
    // Reading is not limited.
    assert_eq!(s.get("/api/connections/1").await.status(), 200);
}

#[tokio::test]
async fn add_user_reads_the_password_from_stdin_or_env_and_never_prints_it() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = support::Scratch::new().await;
    let bin = env!("CARGO_BIN_EXE_dropstream-server");
    let mut child = Command::new(bin)
        .args(dir.args())
        .args(["add-user", "--email", "cara@example.com", "--name", "Cara"])
        .args(["--role", "admin"])
        .env_remove("DROPSTREAM_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a-long-secret-pass\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains("Added user"), "{printed}");
    assert!(!printed.contains("a-long-secret-pass"), "{printed}");

    let again = Command::new(bin)
        .args(dir.args())
        .args([
            "add-user",
            "--email",
            "CARA@example.com",
            "--name",
            "Cara 2",
            "--role",
            "admin",
        ])
        .env("DROPSTREAM_PASSWORD", "another-long-pass")
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let store = dir.open().await.unwrap();
    let account = store
        .check_password("cara@example.com", "a-long-secret-pass")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.display_name, "Cara");
    assert!(store
        .check_password("cara@example.com", "another-long-pass")
        .await
        .unwrap()
        .is_none());
}

/// A session cookie sent again after its session ended reads as signed out.
async fn assert_session_ended(s: &TestServer, token: &str) {
    let replay = reqwest::Client::new()
        .get(s.url("/api/session"))
        .header("cookie", format!("ds_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.json::<Session>().await.unwrap().user, None);
}
