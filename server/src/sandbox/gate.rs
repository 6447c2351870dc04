//! The extractors a sandbox's handlers take so that they run only for a
//! request the platform would answer: [`Admitted`], the account the path
//! names (a store hash, a site's host) once the platform's credential check
//! let the request through, and [`AdmittedOrder`], one order of it.

use crate::platforms::open_orders::OpenOrder;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;

/// How one platform's sandbox admits a request to the account its path
/// names.
pub(crate) trait Gate: Send + Sync + 'static {
    /// The path parameter that names the account (`hash`, `host`).
    const ACCOUNT: &'static str;

    /// What the platform answers a request with `headers` on `account`
    /// when it refuses it; `write` is anything but a `GET` or `HEAD`.
    fn refusal(
        account: &str,
        headers: &HeaderMap,
        write: bool,
    ) -> impl Future<Output = Option<Response>> + Send;

    /// The account's order `id`, if it has one.
    fn order(account: &str, id: &str) -> Option<OpenOrder>;

    /// What the platform answers for an order the account does not have.
    fn no_such_order() -> Response;
}

/// The account the path names, for a request `G` admits.
pub(crate) struct Admitted<G>(pub String, pub PhantomData<G>);

/// The order the path's `id` names, of an account `G` admits: the account
/// and the order.
pub(crate) struct AdmittedOrder<G>(pub String, pub OpenOrder, pub PhantomData<G>);

/// The path's parameters, then the account `G` admits from them.
async fn admit<G: Gate, S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
) -> Result<(String, HashMap<String, String>), Response> {
    let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)?;
    let account = params.get(G::ACCOUNT).cloned().unwrap_or_default();
    let write = !matches!(parts.method, Method::GET | Method::HEAD);
    match G::refusal(&account, &parts.headers, write).await {
        Some(refused) => Err(refused),
        None => Ok((account, params)),
    }
}

impl<G: Gate, S: Send + Sync> FromRequestParts<S> for Admitted<G> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let (account, _) = admit::<G, S>(parts, state).await?;
        Ok(Admitted(account, PhantomData))
    }
}

impl<G: Gate, S: Send + Sync> FromRequestParts<S> for AdmittedOrder<G> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let (account, params) = admit::<G, S>(parts, state).await?;
        let id = params.get("id").map(String::as_str).unwrap_or_default();
        let order = G::order(&account, id).ok_or_else(G::no_such_order)?;
        Ok(AdmittedOrder(account, order, PhantomData))
    }
}
