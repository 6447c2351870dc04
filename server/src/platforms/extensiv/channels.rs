//! Extensiv 3PL Warehouse Manager as a channel's warehouse. Sales Orders
//! creates each store order with `POST /orders` (HAL JSON), with the bearer
//! token from `POST /AuthServer/api/Token` (the same exchange Test
//! Connection makes; issued again once if Extensiv stops taking it mid-run).
//! The user needs the roles to view customers and to create and view
//! orders for the customer its credentials were made for.
//!
//! The order names the customer and its facility (`customerIdentifier`,
//! `facilityIdentifier`), read once per run from `GET /customers?pgsiz=1`
//! (`readOnly.customerId`, `primaryFacilityIdentifier.id`): credentials
//! are made per customer. Items are named by SKU (`itemIdentifier.sku`).
//!
//! Idempotency: `referenceNum` is our reference. Whether Extensiv refuses
//! a second order with the same `referenceNum` depends on the warehouse's
//! settings, so each create is preceded by
//! `GET /orders?rql=referenceNum==…;readOnly.customerIdentifier.id==…`; an
//! order found there is the one an earlier call made. A create refused for
//! a taken reference (as the sandbox does) looks it up again.
//!
//! Assumed, not confirmed by reachable docs: the single-order `POST
//! /orders` answering 201 with the order (`readOnly.orderId`), the RQL
//! field paths (`referenceNum`, `readOnly.customerIdentifier.id`), and the
//! error bodies. A 4xx other than 401/403/429 is read as about this order:
//! one naming a taken reference is a duplicate, one naming one of the
//! order's SKUs as not found is an unknown SKU, any other fails the order
//! with what Extensiv said. 401/403 (after one fresh token) and 429/5xx end
//! the run as Test Connection reads them.
//!
//! Shipments and Inventory read from the same warehouse, with the same
//! token and customer: see `shipments.rs` and `stock.rs` beside this file.

use super::connector::{access_token, base, hal_headers, refusal};
use crate::channels::{Halt, Order, Roles};
use crate::connectors::{
    host_of, not_the_api, required, stop, Connectors, Credentials, Failure, Reply, Stopped,
};
use crate::platforms::warehouses::{
    missing_sku, stopped, Answer, ReferencedOrders, Session,
};
use dropstream_api::{Category, Platform};
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::OnceCell;

const P: Platform = Platform::Extensiv;

pub(super) const WRONG_ADDRESS: &str =
    "Contact support: the Extensiv address configured for this server looks wrong.";

/// Extensiv is a warehouse that Sales Orders sends orders to, whose
/// shipments go back to the store, and whose stock the store sells.
pub const ROLES: Roles = Roles {
    orders_to: Some(|c, creds| Box::new(ExtensivWarehouse::new(c, creds))),
    shipments_from: Some(|c, creds| Box::new(ExtensivWarehouse::new(c, creds))),
    stock_from: Some(|c, creds| Box::new(ExtensivWarehouse::new(c, creds))),
    ..Roles::NONE
};

pub struct ExtensivWarehouse<'a> {
    c: &'a Connectors,
    creds: Credentials,
    pub(super) base: String,
    pub(super) host: String,
    session: Session,
    customer: OnceCell<Customer>,
}

/// Who the orders are for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Customer {
    pub(super) id: u64,
    pub(super) facility: u64,
}

impl<'a> ExtensivWarehouse<'a> {
    pub fn new(c: &'a Connectors, creds: &Credentials) -> ExtensivWarehouse<'a> {
        let base = base(c).to_string();
        ExtensivWarehouse {
            c,
            creds: creds.clone(),
            host: host_of(&base),
            base,
            session: Session::default(),
            customer: OnceCell::new(),
        }
    }

    pub(super) fn user(&self) -> &str {
        required(&self.creds, "user_login_id")
    }

    /// One API call with the run's token: GET, or POST of `body`.
    pub(super) async fn call(&self, url: &str, body: Option<&Value>) -> Result<Reply, Halt> {
        let send = |token: String| async move {
            let mut headers = hal_headers(&token);
            match body {
                Some(body) => {
                    let hal = HeaderValue::from_static("application/hal+json");
                    headers.insert(CONTENT_TYPE, hal);
                    self.c.post_json(P, url, headers, body).await
                }
                None => self.c.get(P, url, headers).await,
            }
        };
        self.session
            .send(|| access_token(self.c, &self.creds), send)
            .await
    }

    /// A GET of `url` that must answer a JSON 200; any other answer ends
    /// the run, read as a refusal of `call` (the user may not do `what`).
    pub(super) async fn read(&self, url: &str, call: (&str, &str)) -> Result<Value, Halt> {
        let reply = self.call(url, None).await?;
        read_json(&self.host, self.user(), &reply, call).map_err(stopped)
    }

    pub(super) async fn customer(&self) -> Result<Customer, Halt> {
        let customer = self
            .customer
            .get_or_try_init(|| async {
                let url = format!("{}/customers?pgsiz=1", self.base);
                let reply = self.call(&url, None).await?;
                read_customer(&self.host, self.user(), &reply).map_err(stopped)
            })
            .await?;
        Ok(*customer)
    }
}

impl ReferencedOrders for ExtensivWarehouse<'_> {
    const PLATFORM: Platform = P;

    async fn find(&self, reference: &str) -> Result<Option<String>, Halt> {
        let customer = self.customer().await?;
        let rql =
            format!("referenceNum=={reference};readOnly.customerIdentifier.id=={}", customer.id);
        let rql: String = url::form_urlencoded::byte_serialize(rql.as_bytes()).collect();
        let url = format!("{}/orders?pgsiz=1&rql={rql}", self.base);
        let reply = self.call(&url, None).await?;
        read_found(&self.host, self.user(), &reply).map_err(stopped)
    }

    async fn post(&self, order: &Order, reference: &str) -> Result<Answer, Halt> {
        let customer = self.customer().await?;
        let body = order_create(order, reference, customer);
        let url = format!("{}/orders", self.base);
        let reply = self.call(&url, Some(&body)).await?;
        read_created(&self.host, self.user(), &reply, order).map_err(stopped)
    }
}

/// The `OrderCreate` body.
fn order_create(order: &Order, reference: &str, customer: Customer) -> Value {
    let a = &order.ship_to;
    let items: Vec<Value> = order
        .lines
        .iter()
        .map(|l| json!({"itemIdentifier": {"sku": l.sku}, "qty": l.quantity}))
        .collect();
    json!({
        "customerIdentifier": {"id": customer.id},
        "facilityIdentifier": {"id": customer.facility},
        "referenceNum": reference,
        "notes": format!("Store order {}", order.number),
        "shipTo": {
            "name": a.name,
            "address1": a.street,
            "city": a.city,
            "zip": a.postal_code,
            "country": a.country,
        },
        "orderItems": items,
    })
}

/// The first customer of `/customers` and its primary facility.
fn read_customer(host: &str, user: &str, reply: &Reply) -> Result<Customer, Stopped> {
    if reply.status != StatusCode::OK {
        return stop(refusal(host, user, reply, ("GET /customers", "read customers")));
    }
    let Some(list) = reply.json::<Value>() else {
        return stop(not_the_api(P, host, reply, WRONG_ADDRESS));
    };
    let first = embedded(&list).into_iter().next();
    let customer = first.and_then(|c| {
        Some(Customer {
            id: c.pointer("/readOnly/customerId")?.as_u64()?,
            facility: c.pointer("/primaryFacilityIdentifier/id")?.as_u64()?,
        })
    });
    match customer {
        Some(customer) => Ok(customer),
        None => stop(
            Failure::new(
                Category::MissingPermissions,
                "Extensiv lists no customer with a facility for this user.",
            )
            .guidance(format!(
                "Ask your 3PL to give the user (login ID {user}) access to your customer account and its facility."
            ))
            .at_permissions(Some("GET /customers listed no customer".into()))
            .answered(host, reply.status),
        ),
    }
}

/// A list's JSON, or why the answer to `call` ends the run.
pub(super) fn read_json(
    host: &str,
    user: &str,
    reply: &Reply,
    call: (&str, &str),
) -> Result<Value, Stopped> {
    if reply.status != StatusCode::OK {
        return stop(refusal(host, user, reply, call));
    }
    match reply.json::<Value>() {
        Some(list) => Ok(list),
        None => stop(not_the_api(P, host, reply, WRONG_ADDRESS)),
    }
}

/// The resources of a HAL list: the first array under `_embedded`.
pub(super) fn embedded(list: &Value) -> Vec<Value> {
    list.get("_embedded")
        .and_then(Value::as_object)
        .and_then(|e| e.values().find_map(Value::as_array))
        .cloned()
        .unwrap_or_default()
}

fn order_id(order: &Value) -> Option<String> {
    order
        .pointer("/readOnly/orderId")
        .and_then(Value::as_u64)
        .map(|id| id.to_string())
}

/// The answer of `GET /orders?rql=referenceNum==…`: the first order's id.
fn read_found(host: &str, user: &str, reply: &Reply) -> Result<Option<String>, Stopped> {
    let list = read_json(host, user, reply, ("GET /orders", "view orders"))?;
    Ok(embedded(&list).iter().find_map(order_id))
}

/// The answer of `POST /orders`.
fn read_created(host: &str, user: &str, reply: &Reply, order: &Order) -> Result<Answer, Stopped> {
    let status = reply.status;
    if status.is_success() {
        return match reply.json::<Value>().as_ref().and_then(order_id) {
            Some(id) => Ok(Answer::New(id)),
            None => stop(not_the_api(P, host, reply, WRONG_ADDRESS)),
        };
    }
    let about_the_order = status.is_client_error()
        && ![
            StatusCode::UNAUTHORIZED,
            StatusCode::FORBIDDEN,
            StatusCode::TOO_MANY_REQUESTS,
        ]
        .contains(&status);
    if !about_the_order {
        return stop(refusal(host, user, reply, ("POST /orders", "create orders")));
    }
    let said = said(reply);
    let lower = said.to_lowercase();
    if lower.contains("duplicate")
        || (lower.contains("referencenum") && (lower.contains("exist") || lower.contains("unique")))
    {
        return Ok(Answer::Taken);
    }
    if let Some(sku) = missing_sku(&said, order) {
        return Ok(Answer::MissingSku(sku));
    }
    Ok(Answer::Refused(format!("HTTP {}: {said}", status.as_u16())))
}

/// What an error body says: its hint or message when it has one, else
/// the body's text (not a whole web page).
fn said(reply: &Reply) -> String {
    if reply.looks_like_html() {
        return "a web page instead of an answer".into();
    }
    let body = reply.json::<Value>();
    let field = ["Hint", "Message", "message", "ErrorCode"]
        .iter()
        .find_map(|k| body.as_ref()?.get(*k)?.as_str().filter(|s| !s.is_empty()));
    match field {
        Some(text) => text.to_string(),
        None => String::from_utf8_lossy(&reply.body).trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platforms::fixtures::MISMATCHED_SKU;
    use crate::platforms::warehouses::order_of;

    const HOST: &str = "secure-wms.com";

    fn created(status: u16, body: &str) -> Result<Answer, Option<Category>> {
        read_created(HOST, "1001", &Reply::canned(status, body), &order_of(MISMATCHED_SKU)).map_err(|s| s.category)
    }

    #[test]
    fn post_orders_answers_a_new_order_a_taken_reference_or_an_unknown_sku() {
        let made = r#"{"readOnly":{"orderId":90001},"referenceNum":"ds-1-5"}"#;
        assert_eq!(created(201, made), Ok(Answer::New("90001".into())));
        let taken = r#"{"ErrorCode":"DuplicateReferenceNum","Hint":"An order with referenceNum ds-1-5 already exists for this customer."}"#;
        assert_eq!(created(400, taken), Ok(Answer::Taken));
        let sku = r#"{"ErrorCode":"ItemNotFound","Hint":"Item with SKU SOCKS-STRIPE-L not found for this customer."}"#;
        assert_eq!(
            created(400, sku),
            Ok(Answer::MissingSku("SOCKS-STRIPE-L".into()))
        );
        assert_eq!(
            created(400, "shipTo.country is required"),
            Ok(Answer::Refused("HTTP 400: shipTo.country is required".into()))
        );
    }

    #[test]
    fn credentials_throttling_and_outages_end_the_run() {
        for (status, category) in [
            (401, Category::MissingPermissions),
            (403, Category::MissingPermissions),
            (429, Category::RateLimited),
            (503, Category::Outage),
        ] {
            assert_eq!(created(status, ""), Err(Some(category)), "{status}");
        }
        assert_eq!(created(201, "<html></html>"), Err(Some(Category::Setup)));
    }

    #[test]
    fn the_customer_and_orders_are_read_from_hal_lists() {
        let customers = r#"{"totalResults":1,"_embedded":{"http://api.3plCentral.com/rels/customers/customer":[{"readOnly":{"customerId":12},"primaryFacilityIdentifier":{"id":3,"name":"LAX-1"}}]}}"#;
        let read = read_customer(HOST, "1001", &Reply::canned(200, customers));
        assert_eq!(read.ok(), Some(Customer { id: 12, facility: 3 }));
        let none = read_customer(HOST, "1001", &Reply::canned(200, r#"{"totalResults":0}"#));
        assert_eq!(none.unwrap_err().category, Some(Category::MissingPermissions));
        let orders = r#"{"totalResults":1,"_embedded":{"http://api.3plCentral.com/rels/orders/order":[{"readOnly":{"orderId":90001}}]}}"#;
        let found = read_found(HOST, "1001", &Reply::canned(200, orders)).ok();
        assert_eq!(found, Some(Some("90001".into())));
        let empty = read_found(HOST, "1001", &Reply::canned(200, r#"{"totalResults":0}"#)).ok();
        assert_eq!(empty, Some(None));
    }
}
