//! Shipping in the Magento sandbox. `POST /V1/order/{id}/ship`
//! (`Magento_Sales::ship`) ships an open order: the order leaves the open
//! listing, `GET /V1/orders/{id}` answers it `complete`, and the answer is
//! the new shipment's id. `GET /V1/shipments` (`Magento_Sales::shipment`)
//! lists the site's shipments with their tracks, filtered by `order_id`
//! with `searchCriteria` as a client reads one order's.
//!
//! An order shipped already answers Magento's 400 "Shipment Document
//! Validation Error(s)"; so do items that are not the order's or more than
//! is left of them (in the words of Magento's shipment validators). The
//! sandbox keeps no partial shipments: a shipment must take every line in
//! full, or it answers 400 saying so.

use super::{admit, admitted_order, error, parent_items};
use crate::platforms::open_orders::StoreBook;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

const SHIP: &str = "Magento_Sales::ship";
const SHIPMENTS: &str = "Magento_Sales::shipment";

/// Each shipment's tracks, by site host and order.
#[derive(Clone, Default)]
pub(super) struct Tracks(Arc<Mutex<ByOrder>>);

type ByOrder = BTreeMap<(String, u64), Vec<Track>>;

#[derive(Clone, Deserialize, Serialize)]
pub(super) struct Track {
    track_number: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    carrier_code: String,
}

#[derive(Deserialize)]
pub(super) struct ShipRequest {
    #[serde(default)]
    items: Vec<ShipItem>,
    #[serde(default)]
    tracks: Vec<Track>,
}

#[derive(Deserialize)]
struct ShipItem {
    order_item_id: u64,
    qty: f64,
}

/// A shipment's id: Magento numbers shipments in their own sequence; here
/// it is made from the order's.
fn shipment_of(order: u64) -> u64 {
    order * 10 + 1
}

fn refused(errors: &[String]) -> Response {
    let message = format!(
        "Shipment Document Validation Error(s):\n{}",
        errors.join("\n")
    );
    error(StatusCode::BAD_REQUEST, &message, serde_json::Value::Null)
}

/// `POST /V1/order/{id}/ship`.
pub(super) async fn ship(
    State(book): State<StoreBook>,
    State(tracks): State<Tracks>,
    Path((host, _store, id)): Path<(String, String, u64)>,
    headers: HeaderMap,
    Json(request): Json<ShipRequest>,
) -> Response {
    let order = match admitted_order(&host, &headers, SHIP, id).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    if book.tracking(&host, id).is_some() {
        return refused(&[
            "The order does not allow a shipment to be created.".into(),
            "You can't create a shipment without products.".into(),
        ]);
    }
    if request.items.is_empty() {
        return refused(&["You can't create a shipment without products.".into()]);
    }
    let lines: HashMap<u64, (&str, u32)> = parent_items(&order)
        .map(|(item, sku, qty)| (item, (sku, qty)))
        .collect();
    let mut errors = Vec::new();
    let mut shipped = HashMap::new();
    for item in &request.items {
        match lines.get(&item.order_item_id) {
            None => errors.push(format!(
                "The shipment contains product SKU \"{}\" that is not part of the original order.",
                item.order_item_id
            )),
            Some((sku, qty)) if item.qty > f64::from(*qty) => errors.push(format!(
                "The quantity to ship must not be greater than the unshipped quantity for product SKU \"{sku}\"."
            )),
            Some(_) => *shipped.entry(item.order_item_id).or_insert(0.0) += item.qty,
        }
    }
    if !errors.is_empty() {
        return refused(&errors);
    }
    let whole = lines
        .iter()
        .all(|(item, (_, qty))| shipped.get(item) == Some(&f64::from(*qty)));
    if !whole {
        return error(
            StatusCode::BAD_REQUEST,
            "The sandbox ships whole orders only: name every line with all of its quantity.",
            serde_json::Value::Null,
        );
    }
    let number = request
        .tracks
        .first()
        .map(|t| t.track_number.clone())
        .unwrap_or_default();
    if !book.ship(&host, id, &number) {
        return refused(&["The order does not allow a shipment to be created.".into()]);
    }
    tracks
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert((host, id), request.tracks);
    Json(shipment_of(id)).into_response()
}

/// `GET /V1/shipments`: the site's shipments, or one order's with
/// `searchCriteria[filter_groups][0][filters][0][field]=order_id` and its
/// `value`.
pub(super) async fn shipments(
    State(tracks): State<Tracks>,
    Path((host, _store)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&host, &headers, SHIPMENTS).await {
        return r;
    }
    let filter = "searchCriteria[filter_groups][0][filters][0]";
    let order: Option<u64> = match query.get(&format!("{filter}[field]")).map(String::as_str) {
        Some("order_id") => query
            .get(&format!("{filter}[value]"))
            .and_then(|v| v.parse().ok()),
        _ => None,
    };
    let all = tracks.0.lock().unwrap_or_else(|e| e.into_inner());
    let items: Vec<_> = all
        .iter()
        .filter(|((site, id), _)| *site == host && order.is_none_or(|o| o == *id))
        .map(|((_, id), list)| {
            let shipment = shipment_of(*id);
            let list: Vec<_> = list
                .iter()
                .map(|t| json!({"track_number": t.track_number, "title": t.title, "carrier_code": t.carrier_code, "order_id": id, "parent_id": shipment}))
                .collect();
            json!({"entity_id": shipment, "order_id": id, "tracks": list})
        })
        .collect();
    let total = items.len();
    Json(json!({"items": items, "search_criteria": {}, "total_count": total})).into_response()
}
