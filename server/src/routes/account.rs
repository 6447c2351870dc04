//! The signed-in person's own sessions (`/api/account/sessions`), and
//! setting a password with a one-time link (`/api/password`).

use super::extract::{Json, Path};
use super::session::{session_of, signed_out_cookies};
use crate::error::AppError;
use crate::security::sha256_hex;
use crate::security::viewer::{Access, ClientIp};
use crate::store::accounts::SESSION_HANDLE_LEN;
use crate::store::audit::AuditEvent;
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post};
use axum::Router;
use dropstream_api::access::{check_new_password, SessionEntry, SetPassword};
use dropstream_api::help::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/sessions", get(sessions).delete(end_everywhere))
        .route("/account/sessions/{id}", delete(end_one))
        .route("/password", post(set_password))
}

async fn sessions(
    State(state): State<AppState>,
    access: Access,
) -> Result<Json<Vec<SessionEntry>>, AppError> {
    let current = sha256_hex(&access.session);
    let rows = state.store.sessions_of(access.account.id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| SessionEntry {
                id: r.id_hash[..SESSION_HANDLE_LEN].to_string(),
                current: r.id_hash == current,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
                expires_at: r.expires_at,
                address: r.address,
                user_agent: r.user_agent,
            })
            .collect(),
    ))
}

async fn end_one(
    State(state): State<AppState>,
    access: Access,
    Path(handle): Path<String>,
) -> Result<StatusCode, AppError> {
    if state
        .store
        .end_session_of(access.account.id, &handle)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound("That session has already ended.".into()))
    }
}

/// "Sign out everywhere": every session of the person, this one included.
async fn end_everywhere(
    State(state): State<AppState>,
    access: Access,
) -> Result<(HeaderMap, Json<Session>), AppError> {
    let ended = state.store.end_sessions_of(access.account.id).await?;
    state
        .store
        .audit(AuditEvent {
            user_id: Some(access.account.id),
            actor: access.actor(),
            action: "signed_out_everywhere",
            target: String::new(),
            detail: format!("{ended} sessions ended"),
            address: &access.address,
        })
        .await;
    Ok((signed_out_cookies(&state), Json(Session::default())))
}

async fn set_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(request): Json<SetPassword>,
) -> Result<Json<Session>, AppError> {
    check_new_password(&request.password).map_err(AppError::invalid)?;
    let Some(account) = state
        .store
        .set_password_with_token(request.token.trim(), &request.password)
        .await?
    else {
        return Err(AppError::NotFound(
            "This link has expired or was already used. Ask an admin for a new one.".into(),
        ));
    };
    state
        .store
        .audit(AuditEvent {
            user_id: Some(account.id),
            actor: account.audit_name(),
            action: "password_set",
            target: String::new(),
            detail: "with a one-time link".into(),
            address: &ip,
        })
        .await;
    Ok(Json(session_of(&state, None).await?))
}
