//! What a finished test says: the steps, and the failures every platform
//! shares (transport errors told apart, redirects, 429, 5xx).

use super::{Reply, STEP_AUTH, STEP_PERMISSIONS, STEP_REACH};
use dropstream_api::{Category, Platform, Step, StepStatus, TestResult};
use reqwest::StatusCode;
use std::error::Error as _;
use std::time::Duration;

/// Steps after the host answered with `status`.
fn steps_after_reply(
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

/// A test's run: `Err` when it ended before its last request.
pub type Run = Result<TestResult, Stopped>;

/// The finished result of a test that ended early (a refused address, a
/// transport failure, an answer that makes the next request pointless), so
/// `?` stops the run with it. Boxed, as a result is large.
#[derive(Debug)]
pub struct Stopped(pub Box<TestResult>);

impl From<TestResult> for Stopped {
    fn from(result: TestResult) -> Stopped {
        Stopped(Box::new(result))
    }
}

/// Ends a run early with `result`.
pub(crate) fn stop<T>(result: TestResult) -> Result<T, Stopped> {
    Err(result.into())
}

impl std::ops::Deref for Stopped {
    type Target = TestResult;

    fn deref(&self) -> &TestResult {
        &self.0
    }
}

/// Where a test that reached the platform stopped.
enum FailedAt {
    /// Before authentication: wrong identifiers, an outage, a redirect…
    Setup,
    /// The platform refused the credentials.
    Auth(Option<String>),
    /// Authenticated, but not allowed.
    Permissions(Option<String>),
}

/// A failure after the platform answered, built by name and finished by
/// [`Failure::answered`] with the host and the status it answered:
/// `Failure::new(Category::Setup, message).guidance(fix).answered(host, status)`.
/// It stops before authentication unless [`Failure::at_auth`] or
/// [`Failure::at_permissions`] says otherwise.
pub(crate) struct Failure {
    category: Category,
    message: String,
    guidance: String,
    at: FailedAt,
    retry_after: Option<u64>,
}

impl Failure {
    pub fn new(category: Category, message: impl Into<String>) -> Failure {
        Failure {
            category,
            message: message.into(),
            guidance: String::new(),
            at: FailedAt::Setup,
            retry_after: None,
        }
    }

    /// What the user should do.
    pub fn guidance(mut self, guidance: impl Into<String>) -> Failure {
        self.guidance = guidance.into();
        self
    }

    /// The platform refused the credentials (`detail`: what it said).
    pub fn at_auth(mut self, detail: Option<String>) -> Failure {
        self.at = FailedAt::Auth(detail);
        self
    }

    /// Authenticated, but not allowed (`detail`: what is missing).
    pub fn at_permissions(mut self, detail: Option<String>) -> Failure {
        self.at = FailedAt::Permissions(detail);
        self
    }

    /// The seconds the platform asked us to wait.
    pub fn retry_after(mut self, seconds: Option<u64>) -> Failure {
        self.retry_after = seconds;
        self
    }

    /// The finished result: `host` answered with `status`.
    pub fn answered(self, host: &str, status: StatusCode) -> TestResult {
        let skipped = || (StepStatus::Skipped, None);
        let (auth, permissions) = match self.at {
            FailedAt::Setup => (skipped(), skipped()),
            FailedAt::Auth(detail) => ((StepStatus::Failed, detail), skipped()),
            FailedAt::Permissions(detail) => {
                ((StepStatus::Passed, None), (StepStatus::Failed, detail))
            }
        };
        let mut result = TestResult::failure(self.category, self.message, self.guidance)
            .with_status(status.as_u16())
            .with_steps(steps_after_reply(host, status, auth, permissions));
        result.retry_after = self.retry_after;
        result
    }
}

/// A success after the platform answered, built by name like [`Failure`]:
/// `Success::new(message).accepted(how).permitted(what).answered(host, status)`.
pub(crate) struct Success {
    message: String,
    auth: Option<String>,
    permissions: (StepStatus, Option<String>),
}

impl Success {
    pub fn new(message: impl Into<String>) -> Success {
        Success {
            message: message.into(),
            auth: None,
            permissions: (StepStatus::Skipped, None),
        }
    }

    /// How the platform accepted the credentials.
    pub fn accepted(mut self, detail: impl Into<String>) -> Success {
        self.auth = Some(detail.into());
        self
    }

    /// The permissions step passed: what it found.
    pub fn permitted(mut self, detail: impl Into<String>) -> Success {
        self.permissions = (StepStatus::Passed, Some(detail.into()));
        self
    }

    /// The permissions step could not be checked: why.
    pub fn unchecked(mut self, detail: impl Into<String>) -> Success {
        self.permissions = (StepStatus::Skipped, Some(detail.into()));
        self
    }

    /// The finished result: `host` answered with `status`.
    pub fn answered(self, host: &str, status: StatusCode) -> TestResult {
        let auth = (StepStatus::Passed, self.auth);
        let steps = steps_after_reply(host, status, auth, self.permissions);
        TestResult::success(self.message, steps, status.as_u16())
    }
}

/// A merchant's site answered with something that is not the platform's
/// API (`what`): the store URL is wrong.
pub(crate) fn wrong_store_url(host: &str, reply: &Reply, what: &str, fix: &str) -> TestResult {
    Failure::new(
        Category::Setup,
        format!("{host} answered with {what}: the store URL looks wrong."),
    )
    .guidance(fix)
    .answered(host, reply.status)
}

/// Steps of a test that made no request (its input was refused).
pub fn steps_not_run() -> Vec<Step> {
    [STEP_REACH, STEP_AUTH, STEP_PERMISSIONS]
        .map(|name| Step::new(name, StepStatus::Skipped, None))
        .into()
}

pub(crate) fn steps_unreached(detail: String) -> Vec<Step> {
    vec![
        Step::new(STEP_REACH, StepStatus::Failed, Some(detail)),
        Step::new(STEP_AUTH, StepStatus::Skipped, None),
        Step::new(STEP_PERMISSIONS, StepStatus::Skipped, None),
    ]
}

pub(crate) fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "the platform".to_string())
}

/// The egress policy refused the destination: nothing was sent.
pub(crate) fn blocked_result(
    platform: Platform,
    refusal: &crate::connectors::egress::Refusal,
) -> TestResult {
    TestResult::failure(
        Category::BlockedDestination,
        format!("{refusal}. DropStream only connects to {platform}'s public API addresses."),
        "Enter the public https address of the platform (for a self-hosted store, its public site address on the standard port), not an internal, local or IP address.".to_string(),
    )
    .with_steps(steps_unreached(format!("Not attempted: {}", refusal.reason)))
}

pub(crate) fn timeout_result(platform: Platform, deadline: Duration) -> TestResult {
    let secs = deadline.as_secs_f64();
    // "10 s", but "2.5 s" rather than a misleading "2 s".
    let shown = if deadline.subsec_millis() == 0 {
        format!("{secs:.0}")
    } else {
        format!("{secs:.1}")
    };
    TestResult::failure(
        Category::Network,
        format!("{platform} did not answer within {shown} s."),
        "This is usually temporary. Try again in a minute; if it keeps timing out, check the platform's status page.".to_string(),
    )
    .with_steps(steps_unreached(format!("No answer within {secs:.1} s")))
}

/// Tells DNS failures, refused connections, TLS failures and timeouts apart.
pub(crate) fn network_result(
    platform: Platform,
    url: &str,
    err: &reqwest::Error,
    deadline: Duration,
) -> TestResult {
    if let Some(refusal) = crate::connectors::egress::refusal_in(err) {
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
    } else if tls_failure(err, &chain) {
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

/// rustls reports handshake failures as `io::ErrorKind::InvalidData` with
/// messages such as "invalid peer certificate" or "received corrupt message"
/// (a server that does not speak TLS).
fn tls_failure(err: &reqwest::Error, chain: &str) -> bool {
    [
        "certificate",
        "tls",
        "handshake",
        "corrupt message",
        "alert",
    ]
    .iter()
    .any(|needle| chain.contains(needle))
        || chain_has_io_kind(err, std::io::ErrorKind::InvalidData)
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
    let failure = if status.is_redirection() {
        Failure::new(
            Category::Setup,
            format!("{host} answered with a redirect instead of {platform}'s API (HTTP {code})."),
        )
        .guidance("Check the address in the settings: it should be the platform's API address, not a login or storefront page.")
    } else if status == StatusCode::TOO_MANY_REQUESTS {
        let wait = rate_limit_wait(reply);
        let when = wait.map_or("a minute".to_string(), |s| format!("{s} seconds"));
        Failure::new(
            Category::RateLimited,
            format!("{platform} is limiting requests from this account right now."),
        )
        .guidance(format!(
            "Wait {when}, then test again. Other apps using the same credentials share this limit."
        ))
        .retry_after(wait)
    } else if status.is_server_error() {
        Failure::new(
            Category::Outage,
            format!("{platform} is having a problem on its side (HTTP {code})."),
        )
        .guidance(format!("Nothing is wrong with your credentials as far as we can tell. Try again in a few minutes, and check {platform}'s status page."))
    } else {
        Failure::new(
            Category::Setup,
            format!("{platform} answered HTTP {code}, which a credentials check does not expect."),
        )
        .guidance("Check the account identifiers in the settings, then test again. If it keeps happening, contact support with this status code.")
    };
    failure.answered(host, status)
}

/// Seconds to wait, from whichever header the platform uses: `Retry-After`
/// (Shopify, may be fractional), `x-retry-after` (ShipBob),
/// `X-Rate-Limit-Reset` (ShipStation, seconds) or
/// `X-Rate-Limit-Time-Reset-Ms` (BigCommerce, milliseconds).
pub(crate) fn rate_limit_wait(reply: &Reply) -> Option<u64> {
    reply
        .seconds_header("retry-after")
        .or_else(|| reply.seconds_header("x-retry-after"))
        .or_else(|| reply.seconds_header("x-rate-limit-reset"))
        .or_else(|| {
            let ms = reply.seconds_header("x-rate-limit-time-reset-ms")?;
            Some(ms.div_ceil(1000))
        })
}

/// A 200 (or other answer) that is not the platform's JSON API: an HTML page
/// means the address points at a website, not the API.
pub(crate) fn not_the_api(platform: Platform, host: &str, reply: &Reply, fix: &str) -> TestResult {
    let what = reply.page_or("something");
    Failure::new(
        Category::Setup,
        format!("{host} answered with {what} instead of {platform}'s API."),
    )
    .guidance(fix)
    .at_auth(Some(format!("The answer was not {platform}'s API")))
    .answered(host, reply.status)
}
