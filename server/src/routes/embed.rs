//! `POST /api/embed/identify`: the help widget's panel exchanges a token the
//! host site's server signed for a session of the help center.
//!
//! A token is `<payload>.<signature>`, both base64url without padding:
//! the payload is JSON `{"site": "<origin>", "email": "<address>", "exp":
//! <unix seconds>}`, the signature HMAC-SHA256 of the payload's base64 text
//! under the site's secret (`dropstream-server embed-sites secret ORIGIN`).
//! It is taken when the site is on the list and bound to a merchant, the
//! signature holds, it expires within ten minutes and has not been used,
//! and the address is an enabled merchant user of that merchant. The
//! session it starts reaches the help center only.

use super::extract::Json;
use super::session::start_session;
use crate::error::AppError;
use crate::security::viewer::{ClientIp, Viewer};
use crate::security::{rate_limit, sha256_hex};
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;
use base64::Engine;
use dropstream_api::access::Role;
use dropstream_api::help::{Identify, Session};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The longest a token may be valid for, from now.
pub const MAX_LIFETIME_SECS: u64 = 600;
const MAX_TOKEN_BYTES: usize = 2048;

pub fn router() -> Router<AppState> {
    Router::new().route("/embed/identify", post(identify))
}

/// What a token says.
#[derive(Debug, PartialEq, Eq, serde::Deserialize)]
pub struct Claims {
    pub site: String,
    pub email: String,
    pub exp: u64,
}

/// Why a token was refused, for the log (the answer says less).
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Malformed,
    UnknownSite,
    BadSignature,
    Expired,
    TooLong,
    /// No enabled merchant user of the site's merchant has that address.
    NoSuchUser,
}

/// The payload's claims, read without checking anything.
pub fn claims(token: &str) -> Result<Claims, Refused> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(Refused::Malformed);
    }
    let (payload, _) = token.split_once('.').ok_or(Refused::Malformed)?;
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| Refused::Malformed)?;
    serde_json::from_slice(&json).map_err(|_| Refused::Malformed)
}

/// Checks `token`'s signature under `secret` and its expiry against `now`
/// (unix seconds).
pub fn check(token: &str, secret: &str, now: u64) -> Result<Claims, Refused> {
    let found = claims(token)?;
    let (payload, signature) = token.split_once('.').ok_or(Refused::Malformed)?;
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| Refused::BadSignature)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length works");
    mac.update(payload.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| Refused::BadSignature)?;
    if found.exp <= now {
        return Err(Refused::Expired);
    }
    if found.exp > now + MAX_LIFETIME_SECS {
        return Err(Refused::TooLong);
    }
    Ok(found)
}

async fn identify(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    viewer: Viewer,
    request_headers: HeaderMap,
    Json(request): Json<Identify>,
) -> Result<(HeaderMap, Json<Session>), AppError> {
    state
        .limits
        .sign_in_per_ip
        .check(&ip)
        .await
        .map_err(|secs| rate_limit::too_many(secs, "sign-in attempts"))?;
    let refused = |why: Refused| {
        tracing::info!(?why, "identify token refused");
        AppError::Unauthorized(
            "The site could not sign you in to the help center. Sign in with your DropStream account instead."
                .into(),
        )
    };
    let said = claims(&request.token).map_err(refused)?;
    let Some(key) = state.store.embed_site_key(&said.site).await? else {
        return Err(refused(Refused::UnknownSite));
    };
    let Some(merchant_id) = key.merchant_id else {
        return Err(refused(Refused::UnknownSite));
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let claims = check(&request.token, &key.secret, now).map_err(refused)?;
    let expires = std::time::UNIX_EPOCH + std::time::Duration::from_secs(claims.exp);
    let fresh = state
        .store
        .spend_identify_token(
            &sha256_hex(&request.token),
            &crate::store::clock::seconds(expires),
        )
        .await?;
    if !fresh {
        tracing::info!("identify token used twice");
        return Err(AppError::Unauthorized(
            "This sign-in link was already used. Reload the page to get a new one.".into(),
        ));
    }
    let account = state
        .store
        .account_by_email(&claims.email)
        .await?
        .filter(|a| a.role == Role::Merchant && a.merchant_id == Some(merchant_id));
    let Some(account) = account else {
        return Err(refused(Refused::NoSuchUser));
    };
    let detail = format!("help widget on {}", claims.site);
    start_session(
        &state,
        &viewer,
        &ip,
        &request_headers,
        &account,
        Some(&claims.site),
        detail,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &str, secret: &str) -> String {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload);
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(payload.as_bytes());
        let signature =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    #[test]
    fn a_token_holds_only_with_its_secret_and_in_its_time() {
        let t = token(
            r#"{"site":"https://shop.example.com","email":"ana@example.com","exp":1300}"#,
            "dsk_one",
        );
        let claims = check(&t, "dsk_one", 1000).unwrap();
        assert_eq!(claims.email, "ana@example.com");
        assert_eq!(check(&t, "dsk_two", 1000), Err(Refused::BadSignature));
        assert_eq!(check(&t, "dsk_one", 1300), Err(Refused::Expired));
        assert_eq!(check(&t, "dsk_one", 600), Err(Refused::TooLong));
        // The payload changed after signing.
        let (_, signature) = t.split_once('.').unwrap();
        let other = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"site":"https://shop.example.com","email":"ada@example.com","exp":1300}"#);
        assert_eq!(
            check(&format!("{other}.{signature}"), "dsk_one", 1000),
            Err(Refused::BadSignature)
        );
        for bad in ["", "nodot", "!!.??", &"a".repeat(3000)] {
            assert_eq!(
                check(bad, "dsk_one", 1000).unwrap_err(),
                Refused::Malformed,
                "{bad}"
            );
        }
    }
}
