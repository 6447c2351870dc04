//! What the real Test Connection calls share: one HTTP client, the egress
//! policy, and the vocabulary of steps and failures. Each platform's own
//! call is `connector.rs` in its folder under [`crate::platforms`].
//!
//! Every outgoing request goes through [`Connectors::send`]: that is the one
//! place where the egress policy applies (see [`egress`]): the URL is
//! checked before anything is sent, and the client's DNS resolver refuses
//! non-public addresses. The client follows no redirects, ignores proxy
//! settings, caps the body it reads and runs under one overall deadline per
//! test.
//!
//! ## What the platforms' docs confirmed, and what stayed uncertain
//!
//! Checked with the search tool while writing these connectors (on top of
//! ../shared/PLATFORMS.md):
//! - ShipBob's rate-limit page: 150 requests a minute per user and app,
//!   429 with `x-retry-after` / `x-remaining-calls` and the body
//!   `{"statusCode":429,"message":"Rate limit is exceeded. Try again in 25
//!   seconds."}` — confirmed.
//! - ShipHero's error glossary: GraphQL answers HTTP 200 with `errors[]`
//!   items of `{message, operation, field, request_id, code}` — confirmed.
//!   The numeric codes (30 = not enough credits) and the `time_remaining`
//!   field come from public client code only; the code for "no permission"
//!   was not found, so permission errors are recognised by their message.
//!   A third-party summary reports HTTP 429 + `Retry-After` for hard
//!   request caps; handled generically.
//! - BigCommerce: the store hash is the segment after `/stores/` in the API
//!   path (several integration guides agree). Whether an unknown hash gives
//!   403 or 404 was not settled by what we found: both are handled (403 says
//!   "scope or store hash", 404 says "store hash").
//! - Extensiv: error bodies of the token endpoint and of `/customers` are
//!   undocumented in anything we could find; classified by status alone.
//! - Magento: whether `storeConfigs` needs a token differs between
//!   versions; the probe accepts a JSON 200 or a JSON 401 as "Magento".
//! - ShipStation: the 401 body is undocumented; classified by status.

pub mod egress;
#[cfg(test)]
mod egress_table;
mod outcome;
pub(crate) mod permissions;

pub use outcome::steps_not_run;
pub(crate) use outcome::{
    blocked_result, generic_status_failure, host_of, network_result, not_the_api, stop,
    timeout_result, wrong_store_url, Failure, Success,
};
pub use outcome::{Run, Stopped};

use crate::platforms::home;
use crate::store::Secret;
use dropstream_api::{Platform, TestResult};
use egress::{Egress, Refusal};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Largest platform answer we read; a credentials check needs a few KiB.
const MAX_BODY: usize = 256 * 1024;
/// Connect timeout, inside the overall deadline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

pub const STEP_REACH: &str = "Reach host";
pub const STEP_AUTH: &str = "Authenticate";
pub const STEP_PERMISSIONS: &str = "Check permissions";

/// Where each platform's API lives. Only server configuration sets these
/// (production hosts, or the loopback sandboxes in demo mode); nothing in a
/// request can change them, except the merchant-hosted platforms' site,
/// which fills the `{site}` / `{host}` placeholder (and Shopify's shop, the
/// `{shop}` one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints(BTreeMap<Platform, String>);

impl Endpoints {
    pub fn production() -> Endpoints {
        Endpoints::each(|p| home(p).production.to_string())
    }

    /// Every platform pointed at one base URL (tests: a closed port, a
    /// connection counter). Merchant sites and shops keep their name in the
    /// path so a sandbox can still tell them apart.
    pub fn all_at(base: &str) -> Endpoints {
        Endpoints::each(|p| {
            let tail = home(p).sandbox_tail;
            if p.merchant_hosted() {
                format!("{base}/{}{tail}", p.as_str())
            } else {
                format!("{base}{tail}")
            }
        })
    }

    /// The sandboxes served at `base`, each under its wire name.
    pub fn sandboxes_at(base: &str) -> Endpoints {
        Endpoints::each(|p| format!("{base}/{}{}", p.as_str(), home(p).sandbox_tail))
    }

    fn each(base_of: impl Fn(Platform) -> String) -> Endpoints {
        Endpoints(Platform::ALL.into_iter().map(|p| (p, base_of(p))).collect())
    }

    /// The API base of `platform`.
    pub fn of(&self, platform: Platform) -> &str {
        self.0.get(&platform).map_or("", String::as_str)
    }

    /// Points `platform` at `base`.
    pub fn set(&mut self, platform: Platform, base: impl Into<String>) {
        self.0.insert(platform, base.into());
    }

    /// The API base of a merchant-hosted platform for the site the user
    /// entered (already normalised to `https://host[/path]`).
    pub fn merchant_base(template: &str, site: &str) -> String {
        let host = reqwest::Url::parse(site)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        template
            .replace("{site}", site.trim_end_matches('/'))
            .replace("{host}", &host)
            .trim_end_matches('/')
            .to_string()
    }
}

/// Validated credential values of one side, by field key.
pub type Credentials = BTreeMap<String, Secret>;

#[derive(Clone, Debug)]
pub struct Connectors {
    client: reqwest::Client,
    pub(crate) endpoints: Endpoints,
    deadline: Duration,
    egress: Egress,
}

impl Connectors {
    pub fn new(
        endpoints: Endpoints,
        deadline: Duration,
        egress: Egress,
    ) -> anyhow::Result<Connectors> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(egress.resolver())
            .connect_timeout(CONNECT_TIMEOUT.min(deadline))
            .timeout(deadline)
            .user_agent(concat!(
                "DropStream-Connection-Desk/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()?;
        Ok(Connectors {
            client,
            endpoints,
            deadline,
            egress,
        })
    }

    /// The API base of a merchant-hosted platform for the site the user
    /// entered, and the site's host. The entered site is held to the egress
    /// policy's address rules first, in every mode, so a refused site is
    /// refused before any request, in demo mode too.
    pub(crate) fn merchant_site(
        &self,
        platform: Platform,
        site: &str,
    ) -> Result<(String, String), Stopped> {
        self.check_merchant_site(site)
            .map_err(|refusal| Stopped::from(blocked_result(platform, &refusal)))?;
        let base = Endpoints::merchant_base(self.endpoints.of(platform), site);
        Ok((base, host_of(site)))
    }

    /// The egress policy's address rules for a merchant's site as entered
    /// (normalised by the api crate): applied when it is saved and again
    /// before each test.
    pub fn check_merchant_site(&self, site: &str) -> Result<(), Refusal> {
        let url = reqwest::Url::parse(site).map_err(|_| Refusal {
            host: host_of(site),
            reason: "the address is not a valid URL".to_string(),
        })?;
        self.egress.check_entered(&url)
    }

    /// Runs one test and measures it. The whole run, however many requests
    /// it makes, ends at the deadline with a network timeout.
    pub async fn test(&self, platform: Platform, creds: &Credentials) -> TestResult {
        let started = Instant::now();
        let run = async {
            (home(platform).test)(self, creds)
                .await
                .unwrap_or_else(|Stopped(result)| *result)
        };
        let mut result = match tokio::time::timeout(self.deadline, run).await {
            Ok(result) => result,
            Err(_) => timeout_result(platform, self.deadline),
        };
        result.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        result
    }

    /// Sends one request to a platform and reads its capped answer. Every
    /// platform request goes through here; a transport failure comes back
    /// as the finished `network` result.
    async fn send(
        &self,
        platform: Platform,
        method: Method,
        url: &str,
        headers: HeaderMap,
        body: Option<Vec<u8>>,
    ) -> Result<Reply, TestResult> {
        let parsed = reqwest::Url::parse(url).map_err(|_| {
            let refusal = Refusal {
                host: host_of(url),
                reason: "the address is not a valid URL".to_string(),
            };
            blocked_result(platform, &refusal)
        })?;
        self.egress
            .check_url(&parsed)
            .map_err(|refusal| blocked_result(platform, &refusal))?;
        let mut request = self.client.request(method, parsed).headers(headers);
        if let Some(body) = body {
            request = request.body(body);
        }
        let sent = request.send().await;
        let response = sent.map_err(|e| network_result(platform, url, &e, self.deadline))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_capped(response)
            .await
            .map_err(|e| network_result(platform, url, &e, self.deadline))?;
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    pub(crate) async fn get(
        &self,
        platform: Platform,
        url: &str,
        headers: HeaderMap,
    ) -> Result<Reply, TestResult> {
        self.send(platform, Method::GET, url, headers, None).await
    }

    /// POST with a JSON body, sent as `application/json` unless `headers`
    /// name a JSON type of the platform's own (e.g. HAL).
    pub(crate) async fn post_json(
        &self,
        platform: Platform,
        url: &str,
        headers: HeaderMap,
        body: &serde_json::Value,
    ) -> Result<Reply, TestResult> {
        self.send_json(platform, Method::POST, url, headers, body)
            .await
    }

    /// A request with a JSON body (POST, PUT, …).
    pub(crate) async fn send_json(
        &self,
        platform: Platform,
        method: Method,
        url: &str,
        mut headers: HeaderMap,
        body: &serde_json::Value,
    ) -> Result<Reply, TestResult> {
        headers.entry(reqwest::header::CONTENT_TYPE).or_insert(
            reqwest::header::HeaderValue::from_static("application/json"),
        );
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        self.send(platform, method, url, headers, Some(bytes)).await
    }
}

/// What a platform answered, with the body cut at [`MAX_BODY`].
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    pub fn looks_like_html(&self) -> bool {
        let start = String::from_utf8_lossy(&self.body[..self.body.len().min(512)]).to_lowercase();
        let start = start.trim_start();
        start.starts_with("<!doctype html") || start.starts_with("<html")
    }

    /// "a web page" when the answer is one, else `otherwise`: how a
    /// message names an answer that is not the API.
    pub fn page_or<'a>(&self, otherwise: &'a str) -> &'a str {
        if self.looks_like_html() {
            "a web page"
        } else {
            otherwise
        }
    }

    /// A header as a number of seconds (`Retry-After: 2.0` rounds up to 2).
    pub fn seconds_header(&self, name: &str) -> Option<u64> {
        let raw = self.headers.get(name)?.to_str().ok()?.trim();
        let secs: f64 = raw.parse().ok()?;
        (secs.is_finite() && secs >= 0.0).then(|| secs.ceil() as u64)
    }
}

/// Canned answers for the platforms' classification tests.
#[cfg(test)]
impl Reply {
    pub fn canned(status: u16, body: &str) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).expect("a valid status"),
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: &'static str) -> Reply {
        self.headers.insert(
            reqwest::header::HeaderName::from_static(name),
            reqwest::header::HeaderValue::from_static(value),
        );
        self
    }
}

async fn read_capped(mut response: reqwest::Response) -> reqwest::Result<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_BODY - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= MAX_BODY {
            break;
        }
    }
    Ok(body)
}

/// Reads a credential the validation step guarantees is present.
pub(crate) fn required<'a>(creds: &'a Credentials, key: &str) -> &'a str {
    creds.get(key).map(Secret::expose).unwrap_or_default()
}

/// A header value carrying a secret: marked sensitive so no debug output of
/// the request shows it.
pub(crate) fn sensitive_header(value: &str) -> Option<reqwest::header::HeaderValue> {
    let mut v = reqwest::header::HeaderValue::from_str(value).ok()?;
    v.set_sensitive(true);
    Some(v)
}

/// `Authorization: Basic base64(user:password)`, marked sensitive.
pub(crate) fn basic_auth(user: &str, password: &str) -> Option<reqwest::header::HeaderValue> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    sensitive_header(&format!("Basic {encoded}"))
}

/// `Authorization: Bearer {token}`, marked sensitive.
pub(crate) fn bearer(token: &str) -> Option<reqwest::header::HeaderValue> {
    sensitive_header(&format!("Bearer {token}"))
}

/// Headers asking for JSON, plus `authorization` when given.
pub(crate) fn json_headers(authorization: Option<reqwest::header::HeaderValue>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT,
        reqwest::header::HeaderValue::from_static("application/json"),
    );
    if let Some(auth) = authorization {
        headers.insert(reqwest::header::AUTHORIZATION, auth);
    }
    headers
}

#[cfg(test)]
mod tests;
