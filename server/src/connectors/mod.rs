//! The real Test Connection calls: one module per platform, sharing one HTTP
//! client and the vocabulary of steps and failures.
//!
//! The client follows no redirects, ignores proxy settings, caps the body it
//! reads and runs under one overall deadline per test. Every request passes
//! the egress policy (see [`crate::egress`]): its URL is checked before it is
//! sent, and the client's DNS resolver refuses non-public addresses.

#[cfg(test)]
mod egress_table;
mod shipbob;
mod shopify;

use crate::egress::{self, Egress, Refusal};
use crate::store::Secret;
use dropstream_api::{Category, Platform, Step, StepStatus, TestResult};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::error::Error as _;
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
/// request can change them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// Base URL of a shop, `{shop}` standing for its myshopify.com domain.
    pub shopify: String,
    /// Base URL of the ShipBob API.
    pub shipbob: String,
}

impl Endpoints {
    pub fn production() -> Endpoints {
        Endpoints {
            shopify: "https://{shop}".to_string(),
            shipbob: "https://api.shipbob.com".to_string(),
        }
    }
}

/// Validated credential values of one side, by field key.
pub type Credentials = BTreeMap<String, Secret>;

#[derive(Clone, Debug)]
pub struct Connectors {
    client: reqwest::Client,
    endpoints: Endpoints,
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

    /// Runs one test and measures it. The whole run, however many requests
    /// it makes, ends at the deadline with a network timeout.
    pub async fn test(&self, platform: Platform, creds: &Credentials) -> TestResult {
        let started = Instant::now();
        let run = async {
            match platform {
                Platform::Shopify => shopify::test(self, creds).await,
                Platform::ShipBob => shipbob::test(self, creds).await,
            }
        };
        let mut result = match tokio::time::timeout(self.deadline, run).await {
            Ok(result) => result,
            Err(_) => timeout_result(platform, self.deadline),
        };
        result.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        result
    }

    /// GET with the given headers; a transport failure comes back as the
    /// finished `network` result.
    async fn get(
        &self,
        platform: Platform,
        url: &str,
        headers: HeaderMap,
    ) -> Result<Reply, TestResult> {
        let parsed = reqwest::Url::parse(url).map_err(|_| {
            blocked_result(
                platform,
                &Refusal {
                    host: host_of(url),
                    reason: "the address is not a valid URL".to_string(),
                },
            )
        })?;
        self.egress
            .check_url(&parsed)
            .map_err(|refusal| blocked_result(platform, &refusal))?;
        let sent = self.client.get(parsed).headers(headers).send().await;
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

    /// A header as a number of seconds (`Retry-After: 2.0` rounds up to 2).
    pub fn seconds_header(&self, name: &str) -> Option<u64> {
        let raw = self.headers.get(name)?.to_str().ok()?.trim();
        let secs: f64 = raw.parse().ok()?;
        (secs.is_finite() && secs >= 0.0).then(|| secs.ceil() as u64)
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

/// Steps after the host answered with `status`.
pub(crate) fn steps_after_reply(
    host: &str,
    status: StatusCode,
    auth: (StepStatus, Option<String>),
    permissions: (StepStatus, Option<String>),
) -> Vec<Step> {
    vec![
        Step::new(
            STEP_REACH,
            StepStatus::Passed,
            Some(format!("{host} answered HTTP {}", status.as_u16())),
        ),
        Step::new(STEP_AUTH, auth.0, auth.1),
        Step::new(STEP_PERMISSIONS, permissions.0, permissions.1),
    ]
}

/// Where a test that reached the platform stopped.
pub(crate) enum FailedAt {
    /// Before authentication: wrong identifiers, an outage, a redirect…
    Setup,
    /// The platform refused the credentials.
    Auth(Option<String>),
    /// Authenticated, but not allowed.
    Permissions(Option<String>),
}

/// A failure after the platform answered with `status`.
pub(crate) fn answered_failure(
    category: Category,
    message: String,
    guidance: impl Into<String>,
    host: &str,
    status: StatusCode,
    at: FailedAt,
) -> TestResult {
    let skipped = || (StepStatus::Skipped, None);
    let (auth, permissions) = match at {
        FailedAt::Setup => (skipped(), skipped()),
        FailedAt::Auth(detail) => ((StepStatus::Failed, detail), skipped()),
        FailedAt::Permissions(detail) => ((StepStatus::Passed, None), (StepStatus::Failed, detail)),
    };
    TestResult::failure(category, message, guidance.into())
        .with_status(status.as_u16())
        .with_steps(steps_after_reply(host, status, auth, permissions))
}

/// Steps of a test that made no request (its input was refused).
pub fn steps_not_run() -> Vec<Step> {
    [STEP_REACH, STEP_AUTH, STEP_PERMISSIONS]
        .map(|name| Step::new(name, StepStatus::Skipped, None))
        .into()
}

fn steps_unreached(detail: String) -> Vec<Step> {
    vec![
        Step::new(STEP_REACH, StepStatus::Failed, Some(detail)),
        Step::new(STEP_AUTH, StepStatus::Skipped, None),
        Step::new(STEP_PERMISSIONS, StepStatus::Skipped, None),
    ]
}

fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "the platform".to_string())
}

/// The egress policy refused the destination: nothing was sent.
fn blocked_result(platform: Platform, refusal: &Refusal) -> TestResult {
    TestResult::failure(
        Category::BlockedDestination,
        format!("{refusal}. DropStream only connects to {platform}'s public API addresses."),
        "Enter the public https address of the platform (for a self-hosted store, its public site address on the standard port), not an internal, local or IP address.".to_string(),
    )
    .with_steps(steps_unreached(format!("Not attempted: {}", refusal.reason)))
}

fn timeout_result(platform: Platform, deadline: Duration) -> TestResult {
    let secs = deadline.as_secs_f64();
    TestResult::failure(
        Category::Network,
        format!("{platform} did not answer within {secs:.0} s."),
        "This is usually temporary. Try again in a minute; if it keeps timing out, check the platform's status page.".to_string(),
    )
    .with_steps(steps_unreached(format!("No answer within {secs:.1} s")))
}

/// Tells DNS failures, refused connections, TLS failures and timeouts apart.
fn network_result(
    platform: Platform,
    url: &str,
    err: &reqwest::Error,
    deadline: Duration,
) -> TestResult {
    if let Some(refusal) = egress::refusal_in(err) {
        return blocked_result(platform, refusal);
    }
    if err.is_timeout() {
        return timeout_result(platform, deadline);
    }
    let host = host_of(url);
    let chain = error_chain(err);
    let refused = chain_has_io_kind(err, std::io::ErrorKind::ConnectionRefused);
    let (message, detail) = if refused {
        (
            format!("{host} refused the connection."),
            "Connection refused".to_string(),
        )
    } else if chain.contains("dns error") || chain.contains("failed to lookup address") {
        (
            format!("{host} could not be found (DNS lookup failed)."),
            "DNS lookup failed".to_string(),
        )
    } else if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake")
    {
        (
            format!("A secure (TLS) connection to {host} could not be set up."),
            "TLS handshake failed".to_string(),
        )
    } else {
        (
            format!("Could not connect to {host}."),
            "Connection failed".to_string(),
        )
    };
    TestResult::failure(
        Category::Network,
        message,
        format!("This is usually temporary: try again in a minute. If it persists, check that {platform} is reachable and that the address in the settings is right."),
    )
    .with_steps(steps_unreached(detail))
}

fn error_chain(err: &reqwest::Error) -> String {
    let mut text = err.to_string().to_lowercase();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(" | ");
        text.push_str(&s.to_string().to_lowercase());
        source = s.source();
    }
    text
}

fn chain_has_io_kind(err: &reqwest::Error, kind: std::io::ErrorKind) -> bool {
    let mut source = err.source();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == kind {
                return true;
            }
        }
        source = s.source();
    }
    false
}

/// The failures every platform shares, keyed on the HTTP status alone.
pub(crate) fn generic_status_failure(platform: Platform, host: &str, reply: &Reply) -> TestResult {
    let status = reply.status;
    let code = status.as_u16();
    if status.is_redirection() {
        return answered_failure(
            Category::Setup,
            format!("{host} answered with a redirect instead of {platform}'s API (HTTP {code})."),
            "Check the address in the settings: it should be the platform's API address, not a login or storefront page.",
            host,
            status,
            FailedAt::Setup,
        );
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        let wait = rate_limit_wait(reply);
        let when = wait.map_or("a minute".to_string(), |s| format!("{s} seconds"));
        let mut r = answered_failure(
            Category::RateLimited,
            format!("{platform} is limiting requests from this account right now."),
            format!("Wait {when}, then test again. Other apps using the same credentials share this limit."),
            host,
            status,
            FailedAt::Setup,
        );
        r.retry_after = wait;
        return r;
    }
    if status.is_server_error() {
        return answered_failure(
            Category::Outage,
            format!("{platform} is having a problem on its side (HTTP {code})."),
            format!("Nothing is wrong with your credentials as far as we can tell. Try again in a few minutes, and check {platform}'s status page."),
            host,
            status,
            FailedAt::Setup,
        );
    }
    answered_failure(
        Category::Setup,
        format!("{platform} answered HTTP {code}, which a credentials check does not expect."),
        "Check the account identifiers in the settings, then test again. If it keeps happening, contact support with this status code.",
        host,
        status,
        FailedAt::Setup,
    )
}

fn rate_limit_wait(reply: &Reply) -> Option<u64> {
    reply
        .seconds_header("retry-after")
        .or_else(|| reply.seconds_header("x-retry-after"))
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
