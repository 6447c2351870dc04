//! The sandbox's order shipments: `GET` and `POST /v2/orders/{id}/shipments`.
//! An order takes one shipment, of all its lines (what Sales Orders sent
//! to the warehouse); the book keeps its tracking number.

use super::{with_limits, StoreOrder};
use crate::platforms::open_orders::{OpenOrder, StoreBook};
use crate::sandbox::gate::AdmittedOrder;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde_json::{json, Value};

/// The id of the order's one shipment.
fn shipment_id(order: u64) -> u64 {
    order * 100 + 1
}

/// A shipment as the API shows it. The book keeps only the tracking
/// number, so the carrier is not shown back.
fn shipment_json(o: &OpenOrder, tracking: &str) -> Value {
    let items: Vec<Value> = line_ids(o)
        .map(
            |(id, quantity)| json!({"order_product_id": id, "product_id": 0, "quantity": quantity}),
        )
        .collect();
    json!({
        "id": shipment_id(o.id),
        "order_id": o.id,
        "order_address_id": o.id * 10,
        "tracking_number": tracking,
        "shipping_provider": "",
        "tracking_link": "",
        "items": items,
    })
}

/// Each line's `order_product_id` (as `lines_json` numbers them) and
/// quantity.
fn line_ids(o: &OpenOrder) -> impl Iterator<Item = (u64, u32)> + '_ {
    (0..)
        .map(|n| o.id * 10 + n)
        .zip(o.lines.iter().map(|(_, q)| *q))
}

/// BigCommerce's v2 400: a list of what is wrong.
fn bad_request(message: &str) -> Response {
    let body = json!([{"status": 400, "message": message}]);
    with_limits((StatusCode::BAD_REQUEST, Json(body)), "147")
}

/// `GET /v2/orders/{id}/shipments`: the order's shipment, or 204 when it
/// has none.
pub(super) async fn list(
    State(book): State<StoreBook>,
    AdmittedOrder(hash, o, _): StoreOrder,
) -> Response {
    match book.tracking(&hash, o.id) {
        Some(tracking) => with_limits(
            (StatusCode::OK, Json(json!([shipment_json(&o, &tracking)]))),
            "148",
        ),
        None => with_limits(StatusCode::NO_CONTENT, "148"),
    }
}

/// `POST /v2/orders/{id}/shipments`: ships the order's lines to its
/// address with the tracking number; 201 with the shipment. Lines that
/// are not the order's, or more than is left to ship, are BigCommerce's
/// 400; the read-only token gets its 403.
pub(super) async fn create(
    State(book): State<StoreBook>,
    AdmittedOrder(hash, o, _): StoreOrder,
    body: Option<Json<Value>>,
) -> Response {
    let Some(Json(body)) = body else {
        return bad_request("The request body is not valid JSON.");
    };
    if body["order_address_id"].as_u64() != Some(o.id * 10) {
        return bad_request("The field 'order_address_id' is invalid.");
    }
    let shipped = book.tracking(&hash, o.id).is_some();
    let items = body["items"].as_array().cloned().unwrap_or_default();
    let fits = |item: &Value| {
        let line = item["order_product_id"].as_u64();
        let quantity = item["quantity"].as_u64().unwrap_or(0);
        line_ids(&o).any(|(l, left)| {
            let left = if shipped { 0 } else { u64::from(left) };
            Some(l) == line && (1..=left).contains(&quantity)
        })
    };
    if items.is_empty() || !items.iter().all(fits) {
        return bad_request(
            "The quantity specified is greater than the quantity of the product that is available to ship.",
        );
    }
    let tracking = body["tracking_number"].as_str().unwrap_or_default();
    book.ship(&hash, o.id, tracking);
    let mut shipment = shipment_json(&o, tracking);
    shipment["tracking_carrier"] = body["tracking_carrier"].clone();
    with_limits((StatusCode::CREATED, Json(shipment)), "147")
}
