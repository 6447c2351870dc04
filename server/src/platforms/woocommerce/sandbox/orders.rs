//! The sandbox's orders one by one, for Shipments: `GET` and `PUT
//! /orders/{id}` (a `completed` status ships the order in the
//! [`StoreBook`](crate::platforms::open_orders::StoreBook), so it leaves
//! the processing listing), and `GET` / `POST /orders/{id}/notes`.

use super::{fixtures, order_json, refused, working, Note, Shop, SiteOrder};
use crate::platforms::open_orders::OpenOrder;
use crate::sandbox::gate::AdmittedOrder;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// Every order of the site, whatever its status.
pub(super) fn of_site(host: &str) -> Vec<OpenOrder> {
    fixtures::WOOCOMMERCE_STORE
        .open_orders(host, working("site_url"))
        .unwrap_or_default()
}

/// An order's status: `completed` once a run completed it.
pub(super) fn status(shop: &Shop, host: &str, id: u64) -> String {
    match shop.book.tracking(host, id) {
        Some(_) => "completed".into(),
        None => "processing".into(),
    }
}

pub(super) fn invalid_id() -> Response {
    refused(
        StatusCode::NOT_FOUND,
        "woocommerce_rest_shop_order_invalid_id",
        "Invalid ID.",
    )
}

/// The order `id` of the site, if it has one.
pub(super) fn find(host: &str, id: &str) -> Option<OpenOrder> {
    let id: u64 = id.parse().ok()?;
    of_site(host).into_iter().find(|o| o.id == id)
}

/// `GET /orders/{id}`.
pub(super) async fn one(
    State(shop): State<Shop>,
    AdmittedOrder(host, o, _): SiteOrder,
) -> Response {
    Json(order_json(&o, &status(&shop, &host, o.id))).into_response()
}

/// `PUT /orders/{id}`: only `status` is kept, and only `completed` (the
/// last customer note is what the book remembers it shipped with).
pub(super) async fn update(
    State(shop): State<Shop>,
    AdmittedOrder(host, o, _): SiteOrder,
    body: Option<Json<Value>>,
) -> Response {
    let wanted = body.as_ref().and_then(|Json(b)| b["status"].as_str());
    if wanted == Some("completed") {
        let last = notes_of(&shop, &host, o.id)
            .into_iter()
            .rev()
            .find(|n| n.customer_note)
            .map(|n| n.text)
            .unwrap_or_default();
        shop.book.ship(&host, o.id, &last);
    }
    Json(order_json(&o, &status(&shop, &host, o.id))).into_response()
}

fn notes_of(shop: &Shop, host: &str, id: u64) -> Vec<Note> {
    let notes = shop.notes.lock().expect("sandbox lock");
    notes
        .get(&(host.to_string(), id))
        .cloned()
        .unwrap_or_default()
}

fn note_json(n: usize, note: &Note) -> Value {
    json!({
        "id": 9000 + n,
        "author": "WooCommerce",
        "date_created": "2026-01-05T10:00:00",
        "note": note.text,
        "customer_note": note.customer_note,
    })
}

/// `GET /orders/{id}/notes`: newest first, as WooCommerce lists them.
pub(super) async fn notes(
    State(shop): State<Shop>,
    AdmittedOrder(host, o, _): SiteOrder,
) -> Response {
    let listed: Vec<_> = notes_of(&shop, &host, o.id)
        .iter()
        .enumerate()
        .rev()
        .map(|(n, note)| note_json(n, note))
        .collect();
    Json(json!(listed)).into_response()
}

/// `POST /orders/{id}/notes` with `note` (required) and `customer_note`.
pub(super) async fn add_note(
    State(shop): State<Shop>,
    AdmittedOrder(host, o, _): SiteOrder,
    body: Option<Json<Value>>,
) -> Response {
    let Some(Json(body)) = body.filter(|Json(b)| b["note"].is_string()) else {
        return refused(
            StatusCode::BAD_REQUEST,
            "rest_missing_callback_param",
            "Missing parameter(s): note",
        );
    };
    let note = Note {
        text: body["note"].as_str().unwrap_or_default().to_string(),
        customer_note: body["customer_note"].as_bool().unwrap_or(false),
    };
    let mut notes = shop.notes.lock().expect("sandbox lock");
    let list = notes.entry((host.clone(), o.id)).or_default();
    list.push(note.clone());
    let answer = note_json(list.len() - 1, &note);
    (StatusCode::CREATED, Json(answer)).into_response()
}
