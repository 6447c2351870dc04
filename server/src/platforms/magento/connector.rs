//! Magento 2 / Adobe Commerce, on the merchant's own site.
//!
//! 1. `GET {site}/rest/default/V1/store/storeConfigs` without credentials:
//!    any JSON answer (data, or a JSON 401) shows Magento's REST API is
//!    there; 404 "Request does not match any route." or HTML means the URL is
//!    wrong. (Whether this call needs a token varies by version, so both a
//!    200 and a JSON 401 count as "Magento answered".)
//! 2. `GET {site}/rest/default/V1/orders?searchCriteria[pageSize]=1` with
//!    `Authorization: Bearer {integration access token}`.
//!
//! Magento gives one 401 ("The consumer isn't authorized to access
//! %resources.") for three different causes: a wrong token, an integration
//! without the ACL resource the call needs, and — since 2.4.4, per Adobe's
//! docs — integration tokens not allowed as standalone bearer tokens. The
//! result names all three, and the resource by the answer's `parameters`
//! (`{"resources": "Magento_Sales::ship"}`: Magento names the route's
//! resources there), so a channel run's 401 on shipping or on stock names
//! the resource that call needed.

use crate::connectors::{
    bearer, generic_status_failure, json_headers, required, stop, wrong_store_url, Connectors,
    Credentials, Failure, Reply, Run, Stopped, Success,
};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

const P: Platform = Platform::Magento;

/// Magento's error body: a message whose `%1` / `%name` placeholders are
/// filled from `parameters` (a list, or an object by name).
#[derive(Deserialize)]
struct MagentoError {
    message: String,
    #[serde(default)]
    parameters: serde_json::Value,
}

impl MagentoError {
    /// The message with its placeholders filled in.
    fn text(&self) -> String {
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut message = self.message.clone();
        match &self.parameters {
            serde_json::Value::Array(list) => {
                // From the last, so %1 does not eat the start of %10.
                for (n, value) in list.iter().enumerate().rev() {
                    message = message.replace(&format!("%{}", n + 1), &text(value));
                }
            }
            serde_json::Value::Object(named) => {
                for (name, value) in named {
                    message = message.replace(&format!("%{name}"), &text(value));
                }
            }
            _ => {}
        }
        message
    }

    /// The ACL resources a 401 names.
    fn resources(&self) -> Option<&str> {
        self.parameters.get("resources")?.as_str()
    }
}

/// What Magento said, placeholders filled in; `None` for an answer that is
/// not Magento's error body.
pub(super) fn message_of(reply: &Reply) -> Option<String> {
    reply.json::<MagentoError>().map(|e| e.text())
}

const WRONG_URL: &str = "Check the store URL: use the store's base address (e.g. https://shop.example.com), without /admin or /rest, and make sure Magento's REST API is reachable there.";

/// The ACL resource the orders listing needs, as the integration's API
/// tab shows it.
const ORDERS_RESOURCE: &str = "Magento_Sales::actions_view";

/// Where the integration's Resource Access tree shows an ACL resource.
fn resource_label(resource: &str) -> String {
    let place = match resource {
        ORDERS_RESOURCE => "Sales → Operations → Orders → Actions → View",
        "Magento_Sales::ship" => "Sales → Operations → Orders → Actions → Ship",
        "Magento_Sales::shipment" => "Sales → Operations → Shipments",
        "Magento_CatalogInventory::cataloginventory" => {
            "Stores → Settings → Configuration → Inventory Section"
        }
        _ => return resource.to_string(),
    };
    format!("{place} ({resource})")
}

/// The three causes of a 401, the second naming the resource the call
/// needed.
fn three_causes(resource: &str) -> String {
    format!(
        "Magento gives the same answer for three causes; check each: (1) the access token is the integration's current one (System → Extensions → Integrations → your integration → Reauthorize resets it); (2) the integration's API resources include {}; (3) Stores → Configuration → Services → OAuth → Consumer Settings → “Allow OAuth Access Tokens to be used as standalone Bearer tokens” is Yes (off by default since 2.4.4).",
        resource_label(resource)
    )
}

pub(in crate::platforms) async fn test(c: &Connectors, creds: &Credentials) -> Run {
    let (base, host) = c.merchant_site(P, required(creds, "site_url"))?;

    let probe_url = format!("{base}/rest/default/V1/store/storeConfigs");
    let probe = c.get(P, &probe_url, json_headers(None)).await?;
    check_probe(&host, &probe)?;

    let url = format!("{base}/rest/default/V1/orders?searchCriteria%5BpageSize%5D=1");
    let reply = c.get(P, &url, headers_for(creds)).await?;
    Ok(orders_answer(&host, &reply))
}

/// Magento's 404 for a record it does not have, not its "Request does not
/// match any route." for a path it has no route for.
pub(super) fn missing_entity(reply: &Reply) -> bool {
    reply.status == StatusCode::NOT_FOUND && message_of(reply).is_some_and(|m| !no_route(&m))
}

fn no_route(message: &str) -> bool {
    message.contains("does not match any route")
}

/// Magento's 404 for a path it has no route for.
pub(super) fn no_route_for(reply: &Reply) -> bool {
    reply.status == StatusCode::NOT_FOUND && message_of(reply).is_some_and(|m| no_route(&m))
}

/// The headers every call with the credentials carries.
pub(super) fn headers_for(creds: &Credentials) -> HeaderMap {
    json_headers(bearer(required(creds, "access_token")))
}

/// The answer of the orders call made with the token; in a run, why an
/// answer other than a page of orders ends it.
pub(super) fn orders_answer(host: &str, reply: &Reply) -> TestResult {
    let status = reply.status;
    match status {
        StatusCode::OK if reply.json::<serde_json::Value>().is_some() => {
            Success::new(format!("Connected to the Magento store at {host}."))
                .accepted("Magento accepted the integration token")
                .permitted("The integration may read orders (Magento_Sales::actions_view); shipments and inventory also need Magento_Sales::ship and Magento_CatalogInventory::cataloginventory")
                .answered(host, status)
        }
        StatusCode::UNAUTHORIZED => {
            let said = reply.json::<MagentoError>();
            let resource = said
                .as_ref()
                .and_then(MagentoError::resources)
                .unwrap_or(ORDERS_RESOURCE);
            Failure::new(
                Category::InvalidCredentials,
                "Magento refused the request: a wrong token, a missing ACL permission, or bearer tokens disabled.",
            )
            .guidance(three_causes(resource))
            .at_auth(said.map(|e| e.text()))
            .answered(host, status)
        }
        StatusCode::NOT_FOUND => wrong_route(host, reply),
        _ if status.is_success() => wrong_route(host, reply),
        _ => generic_status_failure(P, host, reply),
    }
}

/// `Ok` when Magento's REST API answered the probe.
fn check_probe(host: &str, reply: &Reply) -> Result<(), Stopped> {
    let json = reply.json::<serde_json::Value>().is_some();
    match reply.status {
        StatusCode::OK | StatusCode::UNAUTHORIZED if json => Ok(()),
        StatusCode::NOT_FOUND => stop(wrong_route(host, reply)),
        s if s.is_success() || s.is_client_error() && s != StatusCode::TOO_MANY_REQUESTS => {
            stop(wrong_route(host, reply))
        }
        _ => stop(generic_status_failure(P, host, reply)),
    }
}

fn wrong_route(host: &str, reply: &Reply) -> TestResult {
    let what = match message_of(reply) {
        _ if reply.looks_like_html() => "a web page instead of Magento's REST API".to_string(),
        Some(message) => format!("“{message}”"),
        None => "something other than Magento's REST API".to_string(),
    };
    wrong_store_url(host, reply, &what, WRONG_URL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_json_200_or_401_is_magento_answering_the_probe() {
        assert!(check_probe("store.example.com", &Reply::canned(200, "[]")).is_ok());
        let locked = r#"{"message":"The consumer isn't authorized to access %resources."}"#;
        assert!(check_probe("store.example.com", &Reply::canned(401, locked)).is_ok());
    }

    #[test]
    fn anything_else_means_the_url_is_wrong() {
        let no_route = Reply::canned(404, r#"{"message":"Request does not match any route."}"#);
        let r = check_probe("store.example.com", &no_route).unwrap_err();
        assert_eq!(r.category, Some(Category::Setup));
        assert!(
            r.message.contains("“Request does not match any route.”"),
            "{}",
            r.message
        );
        let page = Reply::canned(200, "<html><body>Shop</body></html>");
        assert!(check_probe("store.example.com", &page)
            .unwrap_err()
            .message
            .contains("a web page"));
        let busy = Reply::canned(429, "").with_header("retry-after", "30");
        let r = check_probe("store.example.com", &busy).unwrap_err();
        assert_eq!(
            (r.category, r.retry_after),
            (Some(Category::RateLimited), Some(30))
        );
    }

    #[test]
    fn the_orders_answer_names_the_three_causes_of_a_401() {
        let r = orders_answer("store.example.com", &Reply::canned(200, r#"{"items":[]}"#));
        assert!(r.ok, "{r:?}");
        let denied = r#"{"message":"The consumer isn't authorized to access %resources."}"#;
        let r = orders_answer("store.example.com", &Reply::canned(401, denied));
        assert_eq!(r.category, Some(Category::InvalidCredentials));
        assert!(
            r.guidance.contains("Magento_Sales::actions_view"),
            "{}",
            r.guidance
        );
        assert_eq!(
            r.steps[1].detail.as_deref(),
            Some("The consumer isn't authorized to access %resources.")
        );
    }

    #[test]
    fn a_401_names_the_resource_the_call_needed() {
        let denied = r#"{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Sales::ship"}}"#;
        let r = orders_answer("store.example.com", &Reply::canned(401, denied));
        assert_eq!(r.category, Some(Category::InvalidCredentials));
        assert!(
            r.guidance
                .contains("Sales → Operations → Orders → Actions → Ship (Magento_Sales::ship)"),
            "{}",
            r.guidance
        );
        assert!(!r.guidance.contains("actions_view"), "{}", r.guidance);
        assert_eq!(
            r.steps[1].detail.as_deref(),
            Some("The consumer isn't authorized to access Magento_Sales::ship.")
        );
    }

    #[test]
    fn placeholders_are_filled_by_position_or_by_name() {
        let missing = Reply::canned(
            404,
            r#"{"message":"The Product with the \"%1\" SKU doesn't exist.","parameters":["CAP-RED"]}"#,
        );
        assert_eq!(
            message_of(&missing).as_deref(),
            Some("The Product with the \"CAP-RED\" SKU doesn't exist.")
        );
        let plain = Reply::canned(400, r#"{"message":"Nothing to fill."}"#);
        assert_eq!(message_of(&plain).as_deref(), Some("Nothing to fill."));
        assert_eq!(message_of(&Reply::canned(502, "<html></html>")), None);
    }
}
