//! `/api/session`: who is signed in; sign in; sign out.
//!
//! Signing in always starts a new session (the old one, if any, is ended),
//! so an id planted before sign-in is worthless after it. Each change of
//! session also reissues the CSRF token, which is bound to the session.

use crate::error::AppError;
use crate::security::viewer::{ClientIp, Viewer};
use crate::security::{cookies, csrf, rate_limit};
use crate::store::accounts::SESSION_DAYS;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use dropstream_api::help::{Session, SignIn};

pub fn router() -> Router<AppState> {
    Router::new().route("/session", get(current).post(sign_in).delete(sign_out))
}

/// The CSRF cookie is set by the middleware on this (and any) answer when
/// the browser lacks a valid one.
async fn current(viewer: Viewer) -> Json<Session> {
    Json(Session {
        user: viewer.account.as_ref().map(|a| a.public()),
    })
}

async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    viewer: Viewer,
    body: Result<Json<SignIn>, JsonRejection>,
) -> Result<(HeaderMap, Json<Session>), AppError> {
    let Json(request) = body?;
    let email = request.email.trim().to_lowercase();
    if email.is_empty() || request.password.is_empty() {
        return Err(AppError::invalid("Enter your email address and password."));
    }
    state
        .limits
        .sign_in_per_ip
        .check(&ip)
        .and_then(|_| state.limits.sign_in.check(&format!("{ip}|{email}")))
        .map_err(|secs| rate_limit::too_many(secs, "sign-in attempts"))?;
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
    if let Some(old) = &viewer.session {
        state.store.end_session(old).await?;
    }
    let token = state.store.create_session(account.id).await?;
    tracing::info!(user = account.id, "signed in");
    let mut headers = HeaderMap::new();
    headers.append(
        SET_COOKIE,
        cookies::set(
            cookies::SESSION,
            &token,
            true,
            state.secure_cookies,
            u64::from(SESSION_DAYS) * 86_400,
        ),
    );
    let fresh = csrf::issue(state.store.csrf_key(), &token);
    headers.append(SET_COOKIE, csrf::cookie(&fresh, state.secure_cookies));
    Ok((
        headers,
        Json(Session {
            user: Some(account.public()),
        }),
    ))
}

async fn sign_out(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<(HeaderMap, Json<Session>), AppError> {
    if let Some(token) = &viewer.session {
        state.store.end_session(token).await?;
    }
    let mut headers = HeaderMap::new();
    headers.append(
        SET_COOKIE,
        cookies::set(cookies::SESSION, "", true, state.secure_cookies, 0),
    );
    let fresh = csrf::issue(state.store.csrf_key(), "");
    headers.append(SET_COOKIE, csrf::cookie(&fresh, state.secure_cookies));
    Ok((headers, Json(Session::default())))
}
