//! BigCommerce as a channel's store. Sales Orders reads
//! `GET /stores/{hash}/v2/orders?status_id=11&sort=id:asc&page={n}&limit=50`
//! (status 11 is Awaiting Fulfillment; the API account needs the Orders
//! scope, read-only or modify: `store_v2_orders_read_only`), oldest first
//! by id. The answer is a bare array with no paging headers, so a page
//! shorter than `limit` is the last; BigCommerce answers an empty list
//! with 204 and no body.
//!
//! An order's lines and address are sub-resources, read per order:
//! `GET /stores/{hash}/v2/orders/{id}/products?limit=250` (`sku`,
//! `quantity`) and `GET /stores/{hash}/v2/orders/{id}/shipping_addresses`
//! (the first is shipped to). The order `id` is both the reference the
//! warehouse keeps and what the merchant calls it.
//!
//! Shipments and Inventory write to the same store: see
//! `shipments.rs` and `stock.rs` beside this file.

use super::connector::{classify, v2_api};
use super::shipments::Shipper;
use super::stock::StockKeeper;
use crate::channels::{Halt, Order, Page, Roles};
use crate::connectors::{host_of, required, Connectors, Credentials};
use crate::platforms::paging::{next_page, StoreApi, WireAddress, WireOrder, PAGE_SIZE};
use dropstream_api::Platform;
use reqwest::header::HeaderMap;

const P: Platform = Platform::BigCommerce;

/// BigCommerce is a store that Sales Orders reads, whose orders take the
/// warehouse's tracking, and whose stock the warehouse's sets.
pub const ROLES: Roles = Roles {
    orders_from: Some(|c, creds| api(c, creds).paged(|api, page| Box::pin(open_orders(api, page)))),
    shipments_to: Some(|c, creds| Box::new(Shipper::new(c, creds))),
    stock_to: Some(|c, creds| Box::new(StockKeeper(catalog_api(c, creds)))),
    ..Roles::NONE
};

/// The order status Sales Orders reads: Awaiting Fulfillment.
const AWAITING_FULFILLMENT: u32 = 11;
/// Lines of one order read at once, BigCommerce's maximum.
const LINES: u32 = 250;

/// The store's v2 API; its refusals read as Test Connection's for the
/// store hash.
pub(super) fn api<'a>(c: &'a Connectors, creds: &Credentials) -> StoreApi<'a> {
    let (base, headers) = v2_api(c, creds);
    at(c, creds, base, headers)
}

/// The store's v3 API (the catalog), read the same way.
pub(super) fn catalog_api<'a>(c: &'a Connectors, creds: &Credentials) -> StoreApi<'a> {
    let (v2, headers) = v2_api(c, creds);
    let base = format!("{}/v3", v2.trim_end_matches("/v2"));
    at(c, creds, base, headers)
}

/// The API at `base`, refused as Test Connection reads the store hash.
fn at<'a>(
    c: &'a Connectors,
    creds: &Credentials,
    base: String,
    headers: HeaderMap,
) -> StoreApi<'a> {
    let hash = required(creds, "store_hash").to_string();
    let host = host_of(&base);
    let at = Ok((base, host.clone()));
    let refusal = Box::new(move |reply: &_| classify(&hash, &host, reply));
    StoreApi::new(c, P, at, headers, refusal)
}

async fn open_orders(api: &StoreApi<'_>, page: u32) -> Result<Page<Order>, Halt> {
    let status = AWAITING_FULFILLMENT.to_string();
    let filters = [("status_id", status.as_str()), ("sort", "id:asc")];
    let (orders, _) = api
        .page::<Vec<WireOrder>>("/orders", &filters, ("page", "limit"), page)
        .await?;
    let next = next_page(page, is_full(&orders));
    let mut items = Vec::with_capacity(orders.len());
    for mut order in orders {
        let path = format!("/orders/{}", order.id);
        let lines = [("limit", LINES.to_string())];
        (order.lines, _) = api.get(&format!("{path}/products"), &lines).await?;
        let addresses = format!("{path}/shipping_addresses");
        let (addresses, _) = api.get::<Vec<WireAddress>>(&addresses, &[]).await?;
        order.ship_to = addresses.into_iter().next();
        items.push(Order::from(order));
    }
    Ok(Page { items, next })
}

/// Whether a page holds `limit` orders, so another may follow.
fn is_full(orders: &[WireOrder]) -> bool {
    orders.len() >= PAGE_SIZE as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::Line;

    #[test]
    fn an_order_its_products_and_address_map_to_one_order() {
        let orders: Vec<WireOrder> = serde_json::from_str(
            r#"[{"id":100,"status_id":11,"status":"Awaiting Fulfillment","items_total":2,
                "products":{"url":"https://api.bigcommerce.com/stores/abc/v2/orders/100/products","resource":"/orders/100/products"},
                "shipping_addresses":{"url":"https://api.bigcommerce.com/stores/abc/v2/orders/100/shipping_addresses","resource":"/orders/100/shipping_addresses"}}]"#,
        )
        .unwrap();
        assert!(!is_full(&orders));
        let mut order = orders.into_iter().next().unwrap();
        order.lines = serde_json::from_str(
            r#"[{"id":194,"order_id":100,"product_id":77,"variant_id":3,"sku":"CAP-RED","name":"Cap","quantity":2,"quantity_shipped":0,"order_address_id":128}]"#,
        )
        .unwrap();
        let addresses: Vec<WireAddress> = serde_json::from_str(
            r#"[{"id":128,"first_name":"Rae","last_name":"Jordan","street_1":"12 Harbor Street","street_2":"","city":"Portland","zip":"04101","country":"United States","country_iso2":"US"}]"#,
        )
        .unwrap();
        order.ship_to = addresses.into_iter().next();
        let order = Order::from(order);
        assert_eq!((order.id.as_str(), order.number.as_str()), ("100", "100"));
        assert_eq!(
            order.lines,
            [Line {
                sku: "CAP-RED".into(),
                quantity: 2
            }]
        );
        assert_eq!(
            (order.ship_to.name.as_str(), order.ship_to.country.as_str()),
            ("Rae Jordan", "US")
        );
    }

    #[test]
    fn a_full_page_may_have_another_after_it() {
        let full: Vec<WireOrder> = (0..PAGE_SIZE)
            .map(|id| serde_json::from_value(serde_json::json!({"id": id})).unwrap())
            .collect();
        assert!(is_full(&full));
        assert_eq!(next_page(1, is_full(&full)).as_deref(), Some("2"));
        assert_eq!(next_page(2, is_full(&[])), None);
    }
}
