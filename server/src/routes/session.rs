//! `/api/session`: who is signed in; sign in; sign out.
//!
//! Signing in always starts a new session (the old one, if any, is ended),
//! so an id planted before sign-in is worthless after it. Each change of
//! session also reissues the CSRF token, which is bound to the session.

use super::extract::Json;
use crate::error::AppError;
use crate::security::viewer::{ClientIp, Viewer};
use crate::security::{cookies, csrf, rate_limit};
use crate::store::accounts::Account;
use crate::store::audit::AuditEvent;
use crate::AppState;
use axum::extract::State;
use axum::http::header::{SET_COOKIE, USER_AGENT};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use dropstream_api::access::AccountInfo;
use dropstream_api::help::{Session, SignIn};

pub fn router() -> Router<AppState> {
    Router::new().route("/session", get(current).post(sign_in).delete(sign_out))
}

/// The CSRF cookie is set by the middleware on this (and any) answer when
/// the browser lacks a valid one.
async fn current(State(state): State<AppState>, viewer: Viewer) -> Result<Json<Session>, AppError> {
    Ok(Json(session_of(&state, viewer.account.as_ref()).await?))
}

/// What `/api/session` tells the page about the signed-in person.
pub(crate) async fn session_of(
    state: &AppState,
    account: Option<&Account>,
) -> Result<Session, AppError> {
    let Some(account) = account else {
        return Ok(Session::default());
    };
    let merchant = match account.merchant_id {
        Some(id) => state.store.merchant(id).await?,
        None => None,
    };
    Ok(Session {
        user: Some(account.public()),
        account: Some(AccountInfo {
            role: account.role,
            merchant,
        }),
    })
}

async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    viewer: Viewer,
    request_headers: HeaderMap,
    Json(request): Json<SignIn>,
) -> Result<(HeaderMap, Json<Session>), AppError> {
    let email = request.email.trim().to_lowercase();
    if email.is_empty() || request.password.is_empty() {
        return Err(AppError::invalid("Enter your email address and password."));
    }
    let limits = &state.limits;
    let allowed = match limits.sign_in_per_ip.check(&ip).await {
        Ok(()) => limits.sign_in.check(&format!("{ip}|{email}")).await,
        refused => refused,
    };
    allowed.map_err(|secs| rate_limit::too_many(secs, "sign-in attempts"))?;
    let Some(account) = state
        .store
        .check_password(&email, &request.password)
        .await?
    else {
        tracing::info!("sign-in refused");
        return Err(AppError::Unauthorized(
            "That email address and password do not match an account.".into(),
        ));
    };
    // Inside the help widget's panel on another site: a session of the
    // help center only.
    let framed = request_headers
        .get(cookies::FRAME_HEADER)
        .is_some_and(|v| v == "cross-site");
    let detail = account.role.label().to_string();
    start_session(
        &state,
        &viewer,
        &ip,
        &request_headers,
        &account,
        framed.then_some("panel"),
        detail,
    )
    .await
}

/// Starts a session of `account` (the browser's old one, if any, ends):
/// records where it began (`embed`, see `SessionOf`), audits the sign-in
/// with `detail`, and answers with the new cookies and what
/// `/api/session` says. Password sign-ins and `identify` both end here.
pub(crate) async fn start_session(
    state: &AppState,
    viewer: &Viewer,
    ip: &str,
    request_headers: &HeaderMap,
    account: &Account,
    embed: Option<&str>,
    detail: String,
) -> Result<(HeaderMap, Json<Session>), AppError> {
    if let Some(old) = &viewer.session {
        state.store.end_session(old).await?;
    }
    let user_agent = request_headers
        .get(USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let token = state
        .store
        .create_session(account.id, ip, user_agent, embed)
        .await?;
    tracing::info!(user = account.id, embed, "signed in");
    state
        .store
        .audit(AuditEvent {
            user_id: Some(account.id),
            actor: account.audit_name(),
            action: "signed_in",
            target: String::new(),
            detail,
            address: ip,
        })
        .await;
    Ok((
        signed_in_cookies(state, &token),
        Json(session_of(state, Some(account)).await?),
    ))
}

/// The session cookie of a new session, and a CSRF token bound to it.
fn signed_in_cookies(state: &AppState, token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.append(
        SET_COOKIE,
        cookies::set(
            cookies::SESSION,
            token,
            true,
            state.secure_cookies,
            state.store.session_policy().lifetime.as_secs(),
        ),
    );
    let fresh = csrf::issue(state.store.csrf_key(), token);
    headers.append(SET_COOKIE, csrf::cookie(&fresh, state.secure_cookies));
    headers
}

async fn sign_out(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<(HeaderMap, Json<Session>), AppError> {
    if let Some(token) = &viewer.session {
        state.store.end_session(token).await?;
    }
    Ok((signed_out_cookies(&state), Json(Session::default())))
}

/// Clears the session cookie and issues a CSRF token for no session.
pub(crate) fn signed_out_cookies(state: &AppState) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.append(
        SET_COOKIE,
        cookies::set(cookies::SESSION, "", true, state.secure_cookies, 0),
    );
    let fresh = csrf::issue(state.store.csrf_key(), "");
    headers.append(SET_COOKIE, csrf::cookie(&fresh, state.secure_cookies));
    headers
}
