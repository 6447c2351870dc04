//! ShipStation as a channel's store (its orders come from the stores it is
//! connected to), over the V1 API at `https://ssapi.shipstation.com` with
//! HTTP Basic API key and secret. ShipStation keys have no scopes: they act
//! as the account owner, so every job below needs only a working pair. Over
//! 40 requests a minute ShipStation answers 429, and `X-Rate-Limit-Reset`
//! says in how many seconds the window opens again.
//!
//! Sales Orders reads
//! `GET /orders?orderStatus=awaiting_shipment&sortBy=OrderDate&sortDir=ASC&page={n}&pageSize=50`.
//! The body says where the listing ends: `{"orders": […], "total", "page",
//! "pages"}`, read until `page` reaches `pages`. Each order's `orderId` is
//! the reference the warehouse keeps; its `orderNumber` is what the
//! merchant calls it.
//!
//! Shipments reads the order first, `GET /orders/{orderId}`: one whose
//! `orderStatus` is `shipped` has its tracking already (an earlier run, or
//! a label bought in ShipStation), so nothing is sent twice. Otherwise
//! `POST /orders/markasshipped` with `orderId`, `carrierCode`, `shipDate`
//! (today, `YYYY-MM-DD`), `trackingNumber`, and `notifyCustomer` /
//! `notifySalesChannel` true, so the customer and the selling channel get
//! the tracking; ShipStation answers `{"orderId", "orderNumber"}`. A 400
//! (ShipStation's `{"Message", "ExceptionMessage"}`) or a 404 fails that
//! shipment only; any other refusal ends the run as Test Connection reads
//! it. Not confirmed from ShipStation's docs: what markasshipped answers
//! for an order shipped already (hence the read first), the status and
//! body of an unknown `orderId` (read as 404), and which `carrierCode`
//! values it takes beyond the documented `usps`, `ups`, `fedex` and
//! `dhl_express` ([`carrier_code`]).
//!
//! Inventory does not run with ShipStation as the store. V1 products
//! (`GET /products?sku=…`, `PUT /products/{productId}`) have no stock
//! quantity, and ShipStation's stock levels (`/v2/inventory`) belong to
//! its V2 API, which opens with a V2 `API-Key` header (and the Inventory
//! add-on), not with the V1 key and secret this connection holds. The
//! catalog says so ([`Platform::channel_unavailable`]), and Run now
//! answers with that reason.

use super::connector::{api, classify};
use crate::channels::{Fulfilled, Halt, Order, Page, Refusal, Roles, Shipment, ShipmentSink};
use crate::connectors::{host_of, Connectors, Credentials, Reply};
use crate::platforms::paging::{next_page, StoreApi, WireOrder};
use async_trait::async_trait;
use dropstream_api::Platform;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

const P: Platform = Platform::ShipStation;

/// ShipStation is a store that Sales Orders reads and Shipments marks
/// shipped; it keeps no stock levels for Inventory to set.
pub const ROLES: Roles = Roles {
    orders_from: Some(|c, creds| {
        store_api(c, creds).paged(|api, page| Box::pin(open_orders(api, page)))
    }),
    shipments_to: Some(|c, creds| Box::new(ShipStationStore::new(c, creds))),
    ..Roles::NONE
};

/// The V1 API as a run calls it, its refusals read as Test Connection
/// reads `/stores`.
fn store_api<'a>(c: &'a Connectors, creds: &Credentials) -> StoreApi<'a> {
    let (base, headers) = api(c, creds);
    let at = Ok((base.clone(), host_of(&base)));
    StoreApi::reading(c, P, at, headers, classify)
}

/// A page of `GET /orders`.
#[derive(Deserialize, Default)]
struct Orders {
    #[serde(default)]
    orders: Vec<WireOrder>,
    #[serde(default)]
    page: u32,
    #[serde(default)]
    pages: u32,
}

async fn open_orders(api: &StoreApi<'_>, page: u32) -> Result<Page<Order>, Halt> {
    let filters = [
        ("orderStatus", "awaiting_shipment"),
        ("sortBy", "OrderDate"),
        ("sortDir", "ASC"),
    ];
    let (body, _) = api
        .page::<Orders>("/orders", &filters, ("page", "pageSize"), page)
        .await?;
    Ok(read_page(page, body))
}

fn read_page(asked: u32, body: Orders) -> Page<Order> {
    // The page ShipStation says it answered, else the one asked for.
    let page = if body.page >= 1 { body.page } else { asked };
    Page {
        items: body.orders.into_iter().map(Order::from).collect(),
        next: next_page(page, page < body.pages),
    }
}

/// ShipStation as the store of a Shipments run.
struct ShipStationStore<'a> {
    c: &'a Connectors,
    base: String,
    headers: HeaderMap,
    api: StoreApi<'a>,
}

impl<'a> ShipStationStore<'a> {
    fn new(c: &'a Connectors, creds: &Credentials) -> ShipStationStore<'a> {
        let (base, headers) = api(c, creds);
        ShipStationStore {
            c,
            base,
            headers,
            api: store_api(c, creds),
        }
    }

    /// `GET /orders/{id}` as it came: a 404 is this order's problem, not
    /// the run's, so the answer is read here rather than by
    /// [`StoreApi::get`].
    async fn order(&self, id: u64) -> Result<Reply, Halt> {
        let url = format!("{}/orders/{id}", self.base);
        self.c
            .get(P, &url, self.headers.clone())
            .await
            .map_err(|result| self.api.halt(result))
    }
}

/// The part of `GET /orders/{orderId}` a shipment needs.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderStatus {
    order_number: Option<String>,
    order_status: String,
}

/// What an order in this status answers without sending its tracking;
/// `None` when the tracking is to be sent.
fn settled(order: &str, status: &OrderStatus) -> Option<Result<Fulfilled, Refusal>> {
    let number = status.order_number.as_deref().unwrap_or(order);
    match status.order_status.as_str() {
        "shipped" => Some(Ok(Fulfilled::AlreadyThere)),
        "cancelled" | "rejected_fulfillment" => Some(Err(Refusal::Record {
            sku: None,
            reason: format!(
                "Order {number} is {} in ShipStation, so its tracking was not sent.",
                status.order_status.replace('_', " ")
            ),
        })),
        _ => None,
    }
}

#[async_trait]
impl ShipmentSink for ShipStationStore<'_> {
    async fn fulfill(&self, order: &str, shipment: &Shipment) -> Result<Fulfilled, Refusal> {
        let Ok(id) = order.parse::<u64>() else {
            return Err(not_in_store(order));
        };
        let reply = self.order(id).await?;
        match reply.status {
            StatusCode::NOT_FOUND => return Err(not_in_store(order)),
            StatusCode::OK => match reply.json::<OrderStatus>() {
                Some(status) => {
                    if let Some(done) = settled(order, &status) {
                        return done;
                    }
                }
                None => return Err(self.api.refused(&reply).into()),
            },
            _ => return Err(self.api.refused(&reply).into()),
        }
        let body = mark_as_shipped(id, shipment, &today());
        let reply = self
            .api
            .send(Method::POST, "/orders/markasshipped", &body)
            .await?;
        match reply.status {
            StatusCode::OK => Ok(Fulfilled::New),
            StatusCode::NOT_FOUND => Err(not_in_store(order)),
            StatusCode::BAD_REQUEST => Err(Refusal::Record {
                sku: None,
                reason: format!("ShipStation refused the shipment: {}", message_of(&reply)),
            }),
            _ => Err(self.api.refused(&reply).into()),
        }
    }
}

fn not_in_store(order: &str) -> Refusal {
    Refusal::Record {
        sku: None,
        reason: format!("Order {order} is not in the store (deleted, or never there)."),
    }
}

/// The body of `POST /orders/markasshipped`.
fn mark_as_shipped(id: u64, shipment: &Shipment, ship_date: &str) -> serde_json::Value {
    let t = &shipment.tracking;
    json!({
        "orderId": id,
        "carrierCode": carrier_code(&t.carrier),
        "shipDate": ship_date,
        "trackingNumber": t.number,
        "notifyCustomer": true,
        "notifySalesChannel": true,
    })
}

/// ShipStation's code for a carrier the warehouse names: the documented
/// ones by name, any other as its name in lower case with `_` between
/// words (the shape of ShipStation's codes; unconfirmed for carriers it
/// may not know).
fn carrier_code(carrier: &str) -> String {
    let name: String = carrier
        .trim()
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    match name.as_str() {
        "usps" | "stamps_com" => "usps".into(),
        "ups" => "ups".into(),
        "fedex" | "fed_ex" => "fedex".into(),
        "dhl" | "dhl_express" => "dhl_express".into(),
        "" => "other".into(),
        _ => name,
    }
}

/// Today in UTC, as `shipDate` takes it.
fn today() -> String {
    crate::store::clock::now_seconds()[..10].to_string()
}

/// ShipStation's reason in an error body: `ExceptionMessage`, else
/// `Message`.
fn message_of(reply: &Reply) -> String {
    let body = reply.json::<serde_json::Value>().unwrap_or_default();
    ["ExceptionMessage", "Message"]
        .iter()
        .find_map(|k| body.get(*k).and_then(|m| m.as_str()))
        .map(str::to_string)
        .unwrap_or_else(|| "it gave no reason.".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::{Line, Tracking};

    fn orders(body: &str) -> Orders {
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn pages_run_until_page_reaches_pages() {
        let first = orders(r#"{"orders":[],"total":120,"page":1,"pages":3}"#);
        assert_eq!(read_page(1, first).next.as_deref(), Some("2"));
        let last = orders(r#"{"orders":[],"total":120,"page":3,"pages":3}"#);
        assert_eq!(read_page(3, last).next, None);
        let empty = orders(r#"{"orders":[],"total":0,"page":1,"pages":0}"#);
        assert_eq!(read_page(1, empty).next, None);
    }

    #[test]
    fn an_order_maps_with_its_items_and_ship_to() {
        let body = orders(
            r#"{"orders":[{"orderId":987654321,"orderNumber":"TEST-ORDER-API-DOCS","orderKey":"0f6bec18","orderStatus":"awaiting_shipment",
                "shipTo":{"name":"Rae Jordan","company":null,"street1":"12 Harbor Street","street2":"","street3":null,
                  "city":"Portland","state":"ME","postalCode":"04101","country":"US","phone":null,"residential":true},
                "items":[{"orderItemId":128836912,"lineItemKey":"vd08-MSLbtx","sku":"HOODIE-GREY-L","name":"Hoodie","quantity":1}]}],
              "total":1,"page":1,"pages":1}"#,
        );
        let page = read_page(1, body);
        let order = &page.items[0];
        assert_eq!(
            (order.id.as_str(), order.number.as_str()),
            ("987654321", "TEST-ORDER-API-DOCS")
        );
        assert_eq!(
            order.lines,
            [Line {
                sku: "HOODIE-GREY-L".into(),
                quantity: 1
            }]
        );
        assert_eq!(order.ship_to.name, "Rae Jordan");
        assert_eq!(page.next, None);
    }

    #[test]
    fn the_shipment_is_sent_as_markasshipped_takes_it() {
        let shipment = Shipment {
            id: "11".into(),
            reference: "ds-4-94113001".into(),
            tracking: Tracking {
                number: "9400111202555842761023".into(),
                carrier: "USPS".into(),
                url: None,
            },
        };
        assert_eq!(
            mark_as_shipped(94_113_001, &shipment, "2026-12-03"),
            json!({"orderId": 94_113_001, "carrierCode": "usps", "shipDate": "2026-12-03",
                   "trackingNumber": "9400111202555842761023", "notifyCustomer": true, "notifySalesChannel": true})
        );
        assert_eq!(today().len(), "2026-12-03".len());
        for (name, code) in [
            ("FedEx", "fedex"),
            ("UPS", "ups"),
            ("DHL Express", "dhl_express"),
            ("Canada Post", "canada_post"),
            (" ", "other"),
        ] {
            assert_eq!(carrier_code(name), code, "{name}");
        }
    }

    #[test]
    fn a_shipped_order_is_left_alone_and_a_cancelled_one_refused() {
        let status = |s: &str| OrderStatus {
            order_number: Some("SS-1001".into()),
            order_status: s.into(),
        };
        assert!(settled("1", &status("awaiting_shipment")).is_none());
        assert!(matches!(
            settled("1", &status("shipped")),
            Some(Ok(Fulfilled::AlreadyThere))
        ));
        let Some(Err(Refusal::Record { reason, .. })) = settled("1", &status("cancelled"))
        else {
            panic!("a cancelled order is refused");
        };
        assert_eq!(
            reason,
            "Order SS-1001 is cancelled in ShipStation, so its tracking was not sent."
        );
    }

    #[test]
    fn an_error_body_gives_its_exception_message() {
        let bad = Reply::canned(
            400,
            r#"{"Message":"The request is invalid.","ExceptionMessage":"carrierCode is required."}"#,
        );
        assert_eq!(message_of(&bad), "carrierCode is required.");
        let plain = Reply::canned(400, r#"{"Message":"The request is invalid."}"#);
        assert_eq!(message_of(&plain), "The request is invalid.");
        assert_eq!(message_of(&Reply::canned(400, "")), "it gave no reason.");
    }
}
