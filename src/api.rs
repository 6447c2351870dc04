//! The HTTP client of the SPA, typed on the api crate's contract.

use dropstream_api::access::{
    AuditPage, Invited, Merchant, NewUser, SessionEntry, SetPassword, UserEntry, UserUpdate,
};
use dropstream_api::help::{
    Article, ArticleSummary, Comment, CommentBody, CommentOrder, CommentPage, EmbedSite,
    HelpSuggestion, NewEmbedSite, NewHelpSuggestion, Session, SignIn, VoteCounts, VoteRequest,
};
use dropstream_api::{
    ApiError, Channel, ChannelState, ChannelUpdate, ConnectionDetail, ConnectionSummary,
    ConnectionUpdate, NewConnection, RunOutcome, RunProblem, RunSummary, SaveCredentials, Side,
    SideSettings, TestRequest, TestResult, TestRun, NEXT_PAGE_HEADER,
};
use gloo_net::http::{Method, Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
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

    /// Seconds to wait, when the server rate-limited the request or was too
    /// busy for it.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiFailure::Api {
                status: 429 | 503,
                body,
            } => body.retry_after,
            _ => None,
        }
    }

    /// The server's CSRF check refused the request.
    pub fn is_csrf_failure(&self) -> bool {
        matches!(self, ApiFailure::Api { status: 403, body } if body.error == dropstream_api::ErrorCode::CsrfFailed)
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

/// The one way the SPA makes a state-changing request: it echoes the
/// `ds_csrf` cookie in `X-CSRF-Token`, as the server's CSRF check requires.
pub fn send(method: Method, url: &str) -> RequestBuilder {
    let builder = marked(RequestBuilder::new(url).method(method));
    match csrf_token() {
        Some(token) => builder.header("X-CSRF-Token", &token),
        None => builder,
    }
}

fn csrf_token() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let cookies = document
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?
        .cookie()
        .ok()?;
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == "ds_csrf")
        .map(|(_, v)| v.to_string())
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    decode(marked(Request::get(url)).send().await).await
}

thread_local! {
    /// The app runs in the help widget's panel on another site's page.
    static CROSS_SITE_FRAME: Cell<bool> = const { Cell::new(false) };
}

/// Marks every later request as coming from a panel framed by another
/// site. The server then sets its cookies `SameSite=None; Secure;
/// Partitioned`: a cross-site frame cannot keep the dashboard's `Lax`
/// ones, and partitioned cookies are kept per host site.
pub fn in_cross_site_frame() {
    CROSS_SITE_FRAME.with(|c| c.set(true));
}

/// The header that says so, on requests from such a panel.
pub const FRAME_HEADER: &str = "X-DropStream-Frame";

fn marked(builder: RequestBuilder) -> RequestBuilder {
    if CROSS_SITE_FRAME.with(Cell::get) {
        builder.header(FRAME_HEADER, "cross-site")
    } else {
        builder
    }
}

pub async fn merchants() -> Result<Vec<Merchant>, ApiFailure> {
    get("/api/merchants").await
}

pub async fn users() -> Result<Vec<UserEntry>, ApiFailure> {
    get("/api/admin/users").await
}

/// Invites a user; the answer says where the set-password link went.
pub async fn invite_user(new: &NewUser) -> Result<Invited, ApiFailure> {
    send_json(Method::POST, "/api/admin/users", new).await
}

pub async fn update_user(id: i64, change: &UserUpdate) -> Result<UserEntry, ApiFailure> {
    send_json(Method::PATCH, &format!("/api/admin/users/{id}"), change).await
}

pub async fn audit(before: Option<i64>) -> Result<AuditPage, ApiFailure> {
    match before {
        Some(id) => get(&format!("/api/admin/audit?before={id}")).await,
        None => get("/api/admin/audit").await,
    }
}

pub async fn my_sessions() -> Result<Vec<SessionEntry>, ApiFailure> {
    get("/api/account/sessions").await
}

pub async fn end_session(id: String) -> Result<(), ApiFailure> {
    delete(&format!("/api/account/sessions/{}", encode(&id))).await
}

/// "Sign out everywhere", this browser included.
pub async fn end_all_sessions() -> Result<Session, ApiFailure> {
    decode(send(Method::DELETE, "/api/account/sessions").send().await).await
}

pub async fn set_password(request: &SetPassword) -> Result<Session, ApiFailure> {
    send_json(Method::POST, "/api/password", request).await
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
    delete(&format!("/api/connections/{id}")).await
}

/// Saves one side; 409 when someone else saved it since `save.version`.
pub async fn save_credentials(
    id: i64,
    side: Side,
    save: &SaveCredentials,
) -> Result<SideSettings, ApiFailure> {
    send_json(Method::PUT, &format!("/api/connections/{id}/{side}"), save).await
}

/// A connection's three channels, each with its newest run.
pub async fn channels(id: i64) -> Result<Vec<ChannelState>, ApiFailure> {
    get(&format!("/api/connections/{id}/channels")).await
}

pub async fn update_channel(
    id: i64,
    channel: Channel,
    change: &ChannelUpdate,
) -> Result<ChannelState, ApiFailure> {
    let url = format!("/api/connections/{id}/channels/{}", channel.as_str());
    send_json(Method::PATCH, &url, change).await
}

/// Run now: the run, started (it goes on on the server).
pub async fn run_channel(id: i64, channel: Channel) -> Result<RunSummary, ApiFailure> {
    let url = format!("/api/connections/{id}/channels/{}/runs", channel.as_str());
    let response = send(Method::POST, &url).send().await;
    decode(response).await
}

/// A page of a channel's runs, newest first: those before run `before`,
/// with `outcome` only when one is given.
pub async fn channel_runs(
    id: i64,
    channel: Channel,
    outcome: Option<RunOutcome>,
    before: Option<i64>,
) -> Result<Vec<RunSummary>, ApiFailure> {
    let before = before.map(|id| id.to_string());
    let query = [
        ("outcome", outcome.map(RunOutcome::as_str)),
        ("before", before.as_deref()),
    ];
    let url = format!("/api/connections/{id}/channels/{}/runs", channel.as_str());
    let request = Request::get(&url).query(query.into_iter().filter_map(|(k, v)| Some((k, v?))));
    decode(request.send().await).await
}

pub async fn run(id: i64, run: i64) -> Result<RunSummary, ApiFailure> {
    get(&format!("/api/connections/{id}/runs/{run}")).await
}

/// The first page of a run's log.
pub async fn run_problems(id: i64, run: i64) -> Result<Vec<RunProblem>, ApiFailure> {
    get(&format!("/api/connections/{id}/runs/{run}/problems")).await
}

pub async fn history(id: i64, side: Side) -> Result<Vec<TestRun>, ApiFailure> {
    get(&format!("/api/connections/{id}/{side}/history")).await
}

/// One page of the connections that pass `filters` (a query string as the
/// list page keeps it, `?q=acme&store=shopify`, or empty), by name, and the
/// cursor of the next page when there is one.
pub async fn list_connections(
    filters: &str,
    after: Option<String>,
) -> Result<(Vec<ConnectionSummary>, Option<String>), ApiFailure> {
    let mut url = format!("/api/connections{filters}");
    if let Some(cursor) = after {
        let joint = if filters.is_empty() { '?' } else { '&' };
        url.push_str(&format!("{joint}after={}", encode(&cursor)));
    }
    let response = Request::get(&url).send().await;
    let next = response
        .as_ref()
        .ok()
        .and_then(|r| r.headers().get(NEXT_PAGE_HEADER));
    Ok((decode(response).await?, next))
}

pub async fn get_connection(id: i64) -> Result<ConnectionDetail, ApiFailure> {
    get(&format!("/api/connections/{id}")).await
}

/// Runs Test Connection for one side. Dropping the future aborts the HTTP
/// request, so leaving the page cancels it.
pub async fn test_connection(
    id: i64,
    side: Side,
    request: &TestRequest,
) -> Result<TestResult, ApiFailure> {
    send_json(
        Method::POST,
        &format!("/api/connections/{id}/{side}/test"),
        request,
    )
    .await
}

/// A state-changing request with a JSON body, through [`send`] (so it
/// carries the CSRF header). Dropping the future aborts the request.
pub async fn send_json<B: Serialize, T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: &B,
) -> Result<T, ApiFailure> {
    let text = json_text(body).ok_or(ApiFailure::Unreachable)?;
    let (status, value) = exchange(method.clone(), url, text.clone()).await?;
    // Two first requests of a fresh visit both bring a CSRF cookie, and the
    // second may replace the first between reading it and sending it: the
    // server refused the change without doing anything, so it goes once
    // more with the cookie as it is now.
    match from_answer(status, value) {
        Err(failure) if failure.is_csrf_failure() => {
            let (status, value) = exchange(method, url, text).await?;
            from_answer(status, value)
        }
        answer => answer,
    }
}

/// The untyped half of [`send_json`], compiled once for every body and
/// answer type.
async fn exchange(method: Method, url: &str, text: String) -> Result<(u16, JsValue), ApiFailure> {
    let abort = AbortOnDrop::new();
    let response = send(method, url)
        .abort_signal(abort.signal().as_ref())
        .header("Content-Type", "application/json")
        .body(text)
        .map_err(|_| ApiFailure::Unreachable)?
        .send()
        .await;
    let answered = answer(response).await;
    abort.disarm();
    answered
}

/// Who is signed in; also gives the browser its CSRF cookie.
pub async fn session() -> Result<Session, ApiFailure> {
    get("/api/session").await
}

pub async fn sign_in(email: String, password: String) -> Result<Session, ApiFailure> {
    send_json(Method::POST, "/api/session", &SignIn { email, password }).await
}

pub async fn embed_sites() -> Result<Vec<EmbedSite>, ApiFailure> {
    get("/api/admin/embed-sites").await
}

pub async fn add_embed_site(new: &NewEmbedSite) -> Result<EmbedSite, ApiFailure> {
    send_json(Method::POST, "/api/admin/embed-sites", new).await
}

pub async fn remove_embed_site(origin: String) -> Result<(), ApiFailure> {
    delete(&format!(
        "/api/admin/embed-sites?origin={}",
        encode(&origin)
    ))
    .await
}

pub async fn help_suggestions() -> Result<Vec<HelpSuggestion>, ApiFailure> {
    get("/api/admin/help-suggestions").await
}

pub async fn add_help_suggestion(new: &NewHelpSuggestion) -> Result<HelpSuggestion, ApiFailure> {
    send_json(Method::POST, "/api/admin/help-suggestions", new).await
}

pub async fn remove_help_suggestion(id: i64) -> Result<(), ApiFailure> {
    delete(&format!("/api/admin/help-suggestions/{id}")).await
}

/// The articles suggested for a host page of the help widget.
pub async fn suggestions(url: String) -> Result<dropstream_api::help::Suggestions, ApiFailure> {
    get(&format!("/api/help/suggestions?url={}", encode(&url))).await
}

/// Signs in with a token the help widget's host site signed (`identify`).
pub async fn identify(token: String) -> Result<Session, ApiFailure> {
    let body = dropstream_api::help::Identify { token };
    send_json(Method::POST, "/api/embed/identify", &body).await
}

pub async fn sign_out() -> Result<Session, ApiFailure> {
    send_json(Method::DELETE, "/api/session", &()).await
}

pub async fn list_articles() -> Result<Vec<ArticleSummary>, ApiFailure> {
    get("/api/help/articles").await
}

pub async fn get_article(slug: String) -> Result<Article, ApiFailure> {
    get(&format!("/api/help/articles/{}", encode(&slug))).await
}

pub async fn vote(slug: String, helpful: bool) -> Result<VoteCounts, ApiFailure> {
    let url = format!("/api/help/articles/{}/vote", encode(&slug));
    send_json(Method::PUT, &url, &VoteRequest { helpful }).await
}

pub async fn comments(
    slug: String,
    order: CommentOrder,
    cursor: Option<String>,
) -> Result<CommentPage, ApiFailure> {
    let mut url = format!(
        "/api/help/articles/{}/comments?order={}",
        encode(&slug),
        order.as_str()
    );
    if let Some(c) = cursor {
        url.push_str(&format!("&cursor={}", encode(&c)));
    }
    get(&url).await
}

pub async fn post_comment(slug: String, body: String) -> Result<Comment, ApiFailure> {
    let url = format!("/api/help/articles/{}/comments", encode(&slug));
    send_json(Method::POST, &url, &CommentBody { body }).await
}

pub async fn edit_comment(id: i64, body: String) -> Result<Comment, ApiFailure> {
    send_json(
        Method::PATCH,
        &format!("/api/comments/{id}"),
        &CommentBody { body },
    )
    .await
}

pub async fn delete_comment(id: i64) -> Result<(), ApiFailure> {
    delete(&format!("/api/comments/{id}")).await
}

/// DELETE, whose success has no body.
async fn delete(url: &str) -> Result<(), ApiFailure> {
    let response = send(Method::DELETE, url)
        .send()
        .await
        .map_err(|_| ApiFailure::Unreachable)?;
    if response.ok() {
        return Ok(());
    }
    Err(failure(response).await)
}

/// Path segments and query values come from the URL bar or the server;
/// encode them so they stay one segment.
fn encode(raw: &str) -> String {
    String::from(js_sys::encode_uri_component(raw))
}

async fn decode<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, ApiFailure> {
    let (status, value) = answer(response).await?;
    from_answer(status, value)
}

/// A successful answer's status and its body as the browser parsed it, or
/// what the failure was. Not generic: every call's awaiting is this one
/// function, and only reading the value into its type ([`from_answer`]) is
/// compiled per type.
async fn answer(response: Result<Response, gloo_net::Error>) -> Result<(u16, JsValue), ApiFailure> {
    let response = response.map_err(|_| ApiFailure::Unreachable)?;
    let status = response.status();
    if !response.ok() {
        return Err(failure(response).await);
    }
    match parsed(response).await {
        Some(value) => Ok((status, value)),
        None => Err(ApiFailure::Unreadable { status }),
    }
}

fn from_answer<T: DeserializeOwned>(status: u16, value: JsValue) -> Result<T, ApiFailure> {
    serde_wasm_bindgen::from_value(value).map_err(|_| ApiFailure::Unreadable { status })
}

/// The answer's JSON body, parsed by the browser (`Response.json()`), so
/// the module carries no JSON parser of its own; serde then reads the
/// parsed value.
async fn parsed(response: Response) -> Option<JsValue> {
    let parsing = web_sys::Response::from(response).json().ok()?;
    wasm_bindgen_futures::JsFuture::from(parsing).await.ok()
}

/// `body` as JSON text, written by the browser's `JSON.stringify` (maps
/// as objects, `None` as `null`, as the server expects).
fn json_text<B: Serialize>(body: &B) -> Option<String> {
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

thread_local! {
    /// What a 401 to a signed-in request runs: the session state marks
    /// itself signed out (see [`on_session_ended`]).
    static SESSION_ENDED: Cell<Option<fn()>> = const { Cell::new(None) };
}

/// Sets what runs when the server answers a signed-in request with 401:
/// the session ended (idle, past its lifetime, signed out elsewhere, or the
/// user disabled).
pub fn on_session_ended(ended: fn()) {
    SESSION_ENDED.with(|c| c.set(Some(ended)));
}

/// The failure an error answer stands for: its JSON error body, if any.
async fn failure(response: Response) -> ApiFailure {
    let status = response.status();
    // A refused sign-in is 401 too; that one says nothing about a session.
    if status == 401 && !response.url().ends_with("/api/session") {
        if let Some(ended) = SESSION_ENDED.with(Cell::get) {
            ended();
        }
    }
    let body = parsed(response).await;
    match body.and_then(|body| serde_wasm_bindgen::from_value::<ApiError>(body).ok()) {
        Some(body) => ApiFailure::Api { status, body },
        None => ApiFailure::Unreadable { status },
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
