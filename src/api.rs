//! The HTTP client of the SPA, typed on the api crate's contract.

use dropstream_api::{
    ApiError, ConnectionDetail, ConnectionSummary, ConnectionUpdate, NewConnection,
    SaveCredentials, Side, SideSettings, TestRequest, TestResult, TestRun,
};
use gloo_net::http::{Method, Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::AbortController;

/// Why a call to our own API did not produce the expected answer.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiFailure {
    /// The server answered with its JSON error body.
    #[error("{}", .body.message)]
    Api { status: u16, body: ApiError },
    /// The server could not be reached at all.
    #[error("The DropStream server could not be reached. Check your connection and try again.")]
    Unreachable,
    /// The server answered something we could not read.
    #[error("The DropStream server sent an answer this page could not read (HTTP {status}).")]
    Unreadable { status: u16 },
}

impl ApiFailure {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiFailure::Api { status: 404, .. })
    }

    /// Someone else saved first (a stale save).
    pub fn is_conflict(&self) -> bool {
        matches!(self, ApiFailure::Api { status: 409, .. })
    }

    /// The server's per-field messages, for a refused save.
    pub fn field_errors(&self) -> &[dropstream_api::FieldError] {
        match self {
            ApiFailure::Api { body, .. } => &body.fields,
            _ => &[],
        }
    }
}

/// Every state-changing request goes through here (one place for
/// request-wide headers such as a CSRF token).
fn send(method: Method, url: &str) -> RequestBuilder {
    RequestBuilder::new(url).method(method)
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: &B,
) -> Result<T, ApiFailure> {
    let request = send(method, url)
        .json(body)
        .map_err(|_| ApiFailure::Unreachable)?;
    decode(request.send().await).await
}

pub async fn create_connection(new: &NewConnection) -> Result<ConnectionSummary, ApiFailure> {
    send_json(Method::POST, "/api/connections", new).await
}

pub async fn update_connection(
    id: i64,
    change: &ConnectionUpdate,
) -> Result<ConnectionSummary, ApiFailure> {
    send_json(Method::PATCH, &format!("/api/connections/{id}"), change).await
}

pub async fn delete_connection(id: i64) -> Result<(), ApiFailure> {
    let response = send(Method::DELETE, &format!("/api/connections/{id}"))
        .send()
        .await
        .map_err(|_| ApiFailure::Unreachable)?;
    if response.ok() {
        return Ok(());
    }
    let status = response.status();
    match response.json::<ApiError>().await {
        Ok(body) => Err(ApiFailure::Api { status, body }),
        Err(_) => Err(ApiFailure::Unreadable { status }),
    }
}

/// Saves one side; 409 when someone else saved it since `save.version`.
pub async fn save_credentials(
    id: i64,
    side: Side,
    save: &SaveCredentials,
) -> Result<SideSettings, ApiFailure> {
    send_json(Method::PUT, &format!("/api/connections/{id}/{side}"), save).await
}

pub async fn history(id: i64, side: Side) -> Result<Vec<TestRun>, ApiFailure> {
    let response = Request::get(&format!("/api/connections/{id}/{side}/history"))
        .send()
        .await;
    decode(response).await
}

pub async fn list_connections() -> Result<Vec<ConnectionSummary>, ApiFailure> {
    let response = Request::get("/api/connections").send().await;
    decode(response).await
}

pub async fn get_connection(id: i64) -> Result<ConnectionDetail, ApiFailure> {
    let response = Request::get(&format!("/api/connections/{id}")).send().await;
    decode(response).await
}

/// Runs Test Connection for one side. Dropping the future aborts the HTTP
/// request, so leaving the page cancels it.
pub async fn test_connection(
    id: i64,
    side: Side,
    request: &TestRequest,
) -> Result<TestResult, ApiFailure> {
    let abort = AbortOnDrop::new();
    let response = send(Method::POST, &format!("/api/connections/{id}/{side}/test"))
        .abort_signal(abort.signal().as_ref())
        .json(request)
        .map_err(|_| ApiFailure::Unreachable)?
        .send()
        .await;
    let result = decode(response).await;
    abort.disarm();
    result
}

async fn decode<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, ApiFailure> {
    let response = response.map_err(|_| ApiFailure::Unreachable)?;
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiFailure::Unreadable { status });
    }
    match response.json::<ApiError>().await {
        Ok(body) => Err(ApiFailure::Api { status, body }),
        Err(_) => Err(ApiFailure::Unreadable { status }),
    }
}

/// Aborts the fetch it guards when dropped before [`AbortOnDrop::disarm`].
struct AbortOnDrop(Option<AbortController>);

impl AbortOnDrop {
    fn new() -> AbortOnDrop {
        AbortOnDrop(AbortController::new().ok())
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(AbortController::signal)
    }

    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.abort();
        }
    }
}
