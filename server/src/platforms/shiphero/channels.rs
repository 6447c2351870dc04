//! ShipHero as a channel's warehouse. Sales Orders creates each store order
//! with the GraphQL mutation `order_create(data: CreateOrderInput!)` on
//! `POST /graphql`, with the access token from `POST /auth/refresh` (the
//! same exchange Test Connection makes; issued again once if ShipHero stops
//! taking it mid-run). ShipHero tokens act as their user: that user needs
//! access to the account (for a 3PL, to the customer account) and to create
//! orders; there are no scopes.
//!
//! Idempotency: the order's `partner_order_id` is our reference, and line
//! items name products by `sku`. ShipHero does not document that it refuses
//! a second order with the same `partner_order_id`, so each create is
//! preceded by `orders(partner_order_id: …)`; an order found there is the
//! one an earlier call made. If ShipHero does refuse a taken reference (the
//! sandbox does, with an error naming `partner_order_id`), the order is
//! looked up again.
//!
//! GraphQL failures arrive as HTTP 200 with `errors[]`: throttling (code 30,
//! "not enough credits", with `time_remaining`) and permission errors end
//! the run the way Test Connection reads them; an error naming one of the
//! order's SKUs as not found fails that order only; any other error fails
//! the order with ShipHero's message.
//!
//! Shipments and Inventory read ShipHero the other way: see
//! [`super::shipments`] and [`super::stock`].
//!
//! Assumed, not confirmed by reachable docs: the `partner_order_id`
//! argument of `orders` (the schema lists it; its exact-match behaviour is
//! not described), and the messages for a taken reference and an unknown
//! SKU (matched loosely). A 3PL's token acting for a client account would
//! also need `customer_account_id`, which is not sent.

use super::connector::{access_token, base, graphql, graphql_answer, is_throttling, unexpected};
use super::connector::GraphQl;
use crate::channels::{Halt, Order, Roles};
use crate::connectors::{host_of, stop, Connectors, Credentials, Reply, Stopped};
use crate::platforms::warehouses::{
    missing_sku, stopped, Answer, ReferencedOrders, Session,
};
use dropstream_api::Platform;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Mutex;

/// ShipHero is a warehouse that Sales Orders sends orders to, whose
/// shipments go back to the store and whose stock sets the store's.
pub const ROLES: Roles = Roles {
    orders_to: Some(|c, creds| Box::new(ShipHeroWarehouse::new(c, creds))),
    shipments_from: Some(|c, creds| Box::new(ShipHeroWarehouse::new(c, creds))),
    stock_from: Some(|c, creds| Box::new(ShipHeroWarehouse::new(c, creds))),
    ..Roles::NONE
};

const CREATE: &str = "mutation CreateOrder($data: CreateOrderInput!) { order_create(data: $data) { request_id complexity order { id legacy_id order_number partner_order_id } } }";

const FIND: &str = "query FindOrder($partner_order_id: String) { orders(partner_order_id: $partner_order_id) { request_id complexity data(first: 1) { edges { node { id legacy_id partner_order_id } } } } }";

pub struct ShipHeroWarehouse<'a> {
    c: &'a Connectors,
    creds: Credentials,
    pub(super) host: String,
    session: Session,
    /// The ShipHero order of each shipment listed in this run, by the
    /// shipment's id: marking a shipment sent tags its order.
    pub(super) orders_of: Mutex<HashMap<String, String>>,
}

impl<'a> ShipHeroWarehouse<'a> {
    pub fn new(c: &'a Connectors, creds: &Credentials) -> ShipHeroWarehouse<'a> {
        ShipHeroWarehouse {
            c,
            creds: creds.clone(),
            host: host_of(base(c)),
            session: Session::default(),
            orders_of: Mutex::default(),
        }
    }

    /// One GraphQL request with the run's token; its answer, 200 or not.
    pub(super) async fn request(&self, request: &Value) -> Result<Reply, Halt> {
        self.session
            .send(
                || access_token(self.c, &self.creds),
                |token| async move { graphql(self.c, &token, request).await },
            )
            .await
    }
}

impl ReferencedOrders for ShipHeroWarehouse<'_> {
    const PLATFORM: Platform = Platform::ShipHero;

    async fn find(&self, reference: &str) -> Result<Option<String>, Halt> {
        let request = json!({"query": FIND, "variables": {"partner_order_id": reference}});
        let reply = self.request(&request).await?;
        read_found(&self.host, &reply).map_err(stopped)
    }

    async fn post(&self, order: &Order, reference: &str) -> Result<Answer, Halt> {
        let request = json!({"query": CREATE, "variables": {"data": order_input(order, reference)}});
        let reply = self.request(&request).await?;
        read_created(&self.host, &reply, order).map_err(stopped)
    }
}

/// `CreateOrderInput` for the order. Prices are not the warehouse's
/// business here; ShipHero requires them on line items, so they are zero.
fn order_input(order: &Order, reference: &str) -> Value {
    let a = &order.ship_to;
    let (first, last) = a.name.split_once(' ').unwrap_or((&a.name, ""));
    let line_items: Vec<Value> = order
        .lines
        .iter()
        .enumerate()
        .map(|(n, l)| {
            json!({
                "sku": l.sku,
                "partner_line_item_id": format!("{reference}-{}", n + 1),
                "quantity": l.quantity,
                "price": "0.00",
                "product_name": l.sku,
            })
        })
        .collect();
    json!({
        "order_number": order.number,
        "partner_order_id": reference,
        "shop_name": "DropStream",
        "fulfillment_status": "pending",
        "shipping_lines": {"title": "Standard", "price": "0.00"},
        "shipping_address": {
            "first_name": first,
            "last_name": last,
            "address1": a.street,
            "city": a.city,
            "zip": a.postal_code,
            "country": a.country,
        },
        "line_items": line_items,
    })
}

/// An answer as GraphQL, or why it ends the run (HTTP status, not JSON).
pub(super) fn answer(host: &str, reply: &Reply) -> Result<GraphQl, Stopped> {
    match (reply.status, reply.json::<GraphQl>()) {
        (StatusCode::OK, Some(answer)) => Ok(answer),
        _ => stop(graphql_answer(host, reply)),
    }
}

/// A connection (`{field} { data { pageInfo edges { node } } }`): its
/// nodes, and the cursor after them while ShipHero says there is more. Any
/// error ends the run, read as Test Connection reads it.
pub(super) fn read_connection<T: DeserializeOwned>(
    host: &str,
    reply: &Reply,
    field: &str,
) -> Result<(Vec<T>, Option<String>), Stopped> {
    #[derive(Deserialize)]
    struct Connection<T> {
        #[serde(rename = "pageInfo")]
        page_info: PageInfo,
        #[serde(default = "Vec::new")]
        edges: Vec<Option<Edge<T>>>,
    }
    #[derive(Deserialize)]
    struct PageInfo {
        #[serde(rename = "hasNextPage", default)]
        has_next_page: bool,
        #[serde(rename = "endCursor", default)]
        end_cursor: Option<String>,
    }
    #[derive(Deserialize)]
    struct Edge<T> {
        node: Option<T>,
    }
    let answer = answer(host, reply)?;
    if !answer.errors.is_empty() {
        return stop(graphql_answer(host, reply));
    }
    let connection = answer
        .data
        .and_then(|mut d| d.get_mut(field)?.get_mut("data").map(Value::take))
        .and_then(|c| serde_json::from_value::<Connection<T>>(c).ok());
    let Some(connection) = connection else {
        return stop(unexpected(host, reply));
    };
    let next = connection
        .page_info
        .end_cursor
        .filter(|_| connection.page_info.has_next_page);
    let nodes = connection.edges.into_iter().flatten();
    Ok((nodes.filter_map(|e| e.node).collect(), next))
}

/// A mutation's answer: `Ok` when `{field}` came back. Any error ends the
/// run, read as Test Connection reads it.
pub(super) fn read_mutation(host: &str, reply: &Reply, field: &str) -> Result<(), Stopped> {
    let answer = answer(host, reply)?;
    if !answer.errors.is_empty() {
        return stop(graphql_answer(host, reply));
    }
    match answer.data.as_ref().and_then(|d| d.get(field)) {
        Some(Value::Object(_)) => Ok(()),
        _ => stop(unexpected(host, reply)),
    }
}

/// The answer of `orders(partner_order_id:)`: the first order's id. Any
/// error there ends the run, read as Test Connection reads it.
fn read_found(host: &str, reply: &Reply) -> Result<Option<String>, Stopped> {
    let answer = answer(host, reply)?;
    if !answer.errors.is_empty() {
        return stop(graphql_answer(host, reply));
    }
    let Some(edges) = answer
        .data
        .as_ref()
        .and_then(|d| d.pointer("/orders/data/edges"))
        .and_then(Value::as_array)
    else {
        return stop(unexpected(host, reply));
    };
    Ok(edges
        .iter()
        .find_map(|e| e.pointer("/node/id")?.as_str().map(str::to_string)))
}

/// The answer of `order_create`. Throttling and permission errors end the
/// run; any other error is about this order.
fn read_created(host: &str, reply: &Reply, order: &Order) -> Result<Answer, Stopped> {
    let answer = answer(host, reply)?;
    let Some(first) = answer.errors.first() else {
        return match answer
            .data
            .as_ref()
            .and_then(|d| d.pointer("/order_create/order/id")?.as_str())
        {
            Some(id) => Ok(Answer::New(id.to_string())),
            None => stop(unexpected(host, reply)),
        };
    };
    let lower = first.message.to_lowercase();
    let denied = ["permission", "not allowed", "access"]
        .iter()
        .any(|w| lower.contains(w));
    if is_throttling(first) {
        return stop(graphql_answer(host, reply));
    }
    if lower.contains("partner_order_id")
        && ["already", "exists", "duplicate"]
            .iter()
            .any(|w| lower.contains(w))
    {
        return Ok(Answer::Taken);
    }
    if let Some(sku) = missing_sku(&first.message, order) {
        return Ok(Answer::MissingSku(sku));
    }
    if denied {
        return stop(graphql_answer(host, reply));
    }
    Ok(Answer::Refused(first.message.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platforms::fixtures::MISMATCHED_SKU;
    use crate::platforms::warehouses::order_of;
    use dropstream_api::Category;

    const HOST: &str = "public-api.shiphero.com";

    fn created(status: u16, body: &str) -> Result<Answer, Option<Category>> {
        read_created(HOST, &Reply::canned(status, body), &order_of(MISMATCHED_SKU)).map_err(|s| s.category)
    }

    fn error(message: &str, code: i64) -> String {
        json!({"errors": [{"message": message, "operation": "order_create", "field": "order_create", "request_id": "r", "code": code}], "data": {"order_create": null}}).to_string()
    }

    #[test]
    fn order_create_answers_a_new_order_a_taken_reference_or_an_unknown_sku() {
        let made = r#"{"data":{"order_create":{"request_id":"r","complexity":10,"order":{"id":"T3JkZXI6MQ==","legacy_id":1}}}}"#;
        assert_eq!(created(200, made), Ok(Answer::New("T3JkZXI6MQ==".into())));
        let taken = error("Order with partner_order_id ds-1-5 already exists", 9);
        assert_eq!(created(200, &taken), Ok(Answer::Taken));
        let sku = error("Product with sku SOCKS-STRIPE-L not found", 5);
        assert_eq!(
            created(200, &sku),
            Ok(Answer::MissingSku("SOCKS-STRIPE-L".into()))
        );
        let other = error("Invalid country code XX", 9);
        assert_eq!(
            created(200, &other),
            Ok(Answer::Refused("Invalid country code XX".into()))
        );
    }

    #[test]
    fn throttling_permissions_and_http_failures_end_the_run() {
        let throttled = json!({"errors": [{"message": "There are not enough credits to perform the requested operation", "code": 30, "time_remaining": "7 seconds"}]}).to_string();
        let denied = error("You do not have permission to create orders", 7);
        for (status, body, category) in [
            (200, throttled.as_str(), Category::RateLimited),
            (200, denied.as_str(), Category::MissingPermissions),
            (200, "<html></html>", Category::Setup),
            (401, "", Category::InvalidCredentials),
            (503, "<html></html>", Category::Outage),
        ] {
            assert_eq!(created(status, body), Err(Some(category)), "{body}");
        }
    }

    #[test]
    fn orders_by_partner_order_id_gives_the_first_id() {
        let found = r#"{"data":{"orders":{"request_id":"r","complexity":1,"data":{"edges":[{"node":{"id":"T3JkZXI6MQ==","partner_order_id":"ds-1-5"}}]}}}}"#;
        let read = |body| read_found(HOST, &Reply::canned(200, body)).map_err(|s| s.category);
        assert_eq!(read(found), Ok(Some("T3JkZXI6MQ==".into())));
        assert_eq!(read(r#"{"data":{"orders":{"data":{"edges":[]}}}}"#), Ok(None));
        assert_eq!(read("{}"), Err(Some(Category::Setup)));
    }
}
