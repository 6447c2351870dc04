//! Who is asking: the signed-in account (from the session cookie) and the
//! client address (for rate limits).

use super::cookies;
use crate::error::AppError;
use crate::store::accounts::{Account, SessionOf};
use crate::store::Scope;
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};
use dropstream_api::access::Role;
use std::net::SocketAddr;

/// The reader of a page: signed in or not.
pub struct Viewer {
    pub account: Option<Account>,
    /// The session cookie as sent, live or not.
    pub session: Option<String>,
}

impl Viewer {
    pub fn user_id(&self) -> Option<i64> {
        self.account.as_ref().map(|a| a.id)
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, AppError> {
        let session = cookies::get(&parts.headers, cookies::SESSION).map(str::to_string);
        let account = account_of(state, &parts.headers, &mut parts.extensions).await?;
        Ok(Viewer { account, session })
    }
}

/// A signed-in person, required by every connection, account and admin
/// route: signed out (or a session that ended) is 401.
pub struct Access {
    pub account: Account,
    /// The session cookie this request came with (a live one).
    pub session: String,
    pub address: String,
}

impl Access {
    /// The connections this person may see.
    pub fn scope(&self) -> Scope {
        match (self.account.role, self.account.merchant_id) {
            (Role::Admin | Role::Staff, _) => Scope::All,
            (Role::Merchant, Some(m)) => Scope::Merchant(m),
            // A merchant user without a merchant sees nothing; the schema's
            // rules make this impossible, but never widen it to All.
            (Role::Merchant, None) => Scope::Merchant(0),
        }
    }

    /// As the audit log names this person.
    pub fn actor(&self) -> String {
        self.account.audit_name()
    }
}

impl FromRequestParts<AppState> for Access {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Access, AppError> {
        let session = session_of(state, &parts.headers, &mut parts.extensions).await?;
        // A session begun in the help widget on another site reaches the
        // help center only.
        if let Some(SessionOf { embed: Some(_), .. }) = session {
            return Err(AppError::Unauthorized(
                "You are signed in to the help widget only. Sign in to the desk to see and change connections.".into(),
            ));
        }
        let viewer = Viewer::from_request_parts(parts, state).await?;
        match (viewer.account, viewer.session) {
            (Some(account), Some(session)) => Ok(Access {
                account,
                session,
                address: client_ip(&parts.extensions),
            }),
            _ => Err(AppError::Unauthorized(
                "Please sign in to see and change connections.".into(),
            )),
        }
    }
}

/// A signed-in person who may create, change and delete connections and
/// save credentials (admins and merchant users). Staff answer 403: they can
/// see the connection, so this says nothing about whether it exists.
pub struct Editor(pub Access);

impl FromRequestParts<AppState> for Editor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Editor, AppError> {
        let access = Access::allowed(parts, state, Role::changes_connections,
            "Support staff can view and test connections but not change them. Ask the merchant or an admin.",
        ).await?;
        Ok(Editor(access))
    }
}

/// A signed-in admin: users, merchants and the audit log. Anyone else
/// signed in answers 403.
pub struct Admin(pub Access);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Admin, AppError> {
        let is_admin = |role: Role| role == Role::Admin;
        let access = Access::allowed(
            parts,
            state,
            is_admin,
            "Only admins can manage users and merchants.",
        )
        .await?;
        Ok(Admin(access))
    }
}

impl Access {
    /// The signed-in person if their role passes `allowed`, else 403 with
    /// `refusal`.
    async fn allowed(
        parts: &mut Parts,
        state: &AppState,
        allowed: impl Fn(Role) -> bool,
        refusal: &str,
    ) -> Result<Access, AppError> {
        let access = Access::from_request_parts(parts, state).await?;
        if allowed(access.account.role) {
            Ok(access)
        } else {
            Err(AppError::Forbidden(refusal.into()))
        }
    }
}

/// A signed-in reader of the help center (any role): 401 when signed out.
pub struct SignedIn(pub Account);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<SignedIn, AppError> {
        let account = account_of(state, &parts.headers, &mut parts.extensions).await?;
        account
            .map(SignedIn)
            .ok_or_else(|| AppError::Unauthorized("Please sign in first.".into()))
    }
}

/// The client address: the peer's, or behind a trusted proxy the one it
/// forwarded (see `security::proxy`).
pub fn client_ip(extensions: &Extensions) -> String {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// A request's session as looked up the first time something asked, so
/// the rate-limit guard and the extractors of one request read it once.
#[derive(Clone)]
struct LookedUp {
    token: String,
    session: Option<SessionOf>,
}

/// The live session of the request's session cookie, if any.
pub async fn session_of(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &mut Extensions,
) -> Result<Option<SessionOf>, AppError> {
    let Some(token) = cookies::get(headers, cookies::SESSION) else {
        return Ok(None);
    };
    if let Some(seen) = extensions.get::<LookedUp>().filter(|l| l.token == token) {
        return Ok(seen.session.clone());
    }
    let session = state.store.session_account(token).await?;
    extensions.insert(LookedUp {
        token: token.to_string(),
        session: session.clone(),
    });
    Ok(session)
}

/// The live account of the request's session cookie, if any.
pub async fn account_of(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &mut Extensions,
) -> Result<Option<Account>, AppError> {
    Ok(session_of(state, headers, extensions)
        .await?
        .map(|s| s.account))
}

/// Rate-limit key of a request: its account when the store knows the
/// session, else its address. A made-up or expired session cookie counts as
/// none, so minting cookie values never buys a fresh budget.
pub async fn client_key(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &mut Extensions,
) -> String {
    if let Ok(Some(account)) = account_of(state, headers, extensions).await {
        return format!("u:{}", account.id);
    }
    format!("ip:{}", client_ip(extensions))
}

/// Extractor form of [`client_ip`].
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientIp, Self::Rejection> {
        Ok(ClientIp(client_ip(&parts.extensions)))
    }
}
