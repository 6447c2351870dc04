//! WooCommerce as a channel's store. Sales Orders reads
//! `GET {site}/wp-json/wc/v3/orders?status=processing&orderby=id&order=asc&per_page=50&page={n}`
//! with HTTP Basic consumer key and secret (a key with Read or Read/Write
//! permission, of a user who may manage orders): orders paid and waiting
//! to ship, oldest first by id. WordPress says how many pages there are in
//! `X-WP-TotalPages` (the same as the `Link: …; rel="next"` header), so the
//! run stops at that page. Each order's `id` is the reference the
//! warehouse keeps; its `number` is what the merchant calls it.
//!
//! Shipments and Inventory write, so their key must be Read/Write (a
//! read-only key is refused with 401 "…does not have write permissions",
//! which ends the run on the store side): see [`super::fulfilment`] and
//! [`super::stock`].

use super::connector::{headers_for, orders_answer};
use super::stock::Catalog;
use crate::channels::{Halt, Order, Page, Roles};
use crate::connectors::{Connectors, Credentials};
use crate::platforms::paging::{next_page, StoreApi, WireOrder};
use dropstream_api::Platform;
use reqwest::header::HeaderMap;
use tokio::sync::OnceCell;

const P: Platform = Platform::WooCommerce;

/// WooCommerce is a store that Sales Orders reads, whose orders Shipments
/// completes with their tracking and whose stock Inventory sets.
pub const ROLES: Roles = Roles {
    orders_from: Some(|c, creds| api(c, creds).paged(|api, page| Box::pin(open_orders(api, page)))),
    shipments_to: Some(|c, creds| Box::new(WooCommerceStore::new(c, creds))),
    stock_to: Some(|c, creds| Box::new(WooCommerceStore::new(c, creds))),
    ..Roles::NONE
};

/// The store's REST API (`{site}/wp-json/wc/v3`), its refusals read as
/// Test Connection reads them.
fn api<'a>(c: &'a Connectors, creds: &Credentials) -> StoreApi<'a> {
    StoreApi::merchant(
        c,
        P,
        creds,
        "/wp-json/wc/v3",
        headers_for(creds),
        orders_answer,
    )
}

/// A run's store: its API, and (for Inventory) its products by SKU, read
/// once per run.
pub struct WooCommerceStore<'a> {
    pub(super) api: StoreApi<'a>,
    pub(super) catalog: OnceCell<Catalog>,
}

impl<'a> WooCommerceStore<'a> {
    pub fn new(c: &'a Connectors, creds: &Credentials) -> WooCommerceStore<'a> {
        WooCommerceStore {
            api: api(c, creds),
            catalog: OnceCell::new(),
        }
    }
}

/// What WooCommerce said when it refused a write (`message`, else the
/// status), for the run log.
pub(super) fn said(reply: &crate::connectors::Reply) -> String {
    let message = reply
        .json::<serde_json::Value>()
        .and_then(|v| v.get("message")?.as_str().map(str::to_string));
    let message = message.unwrap_or_else(|| format!("HTTP {}", reply.status.as_u16()));
    message.chars().take(300).collect()
}

async fn open_orders(api: &StoreApi<'_>, page: u32) -> Result<Page<Order>, Halt> {
    let filters = [
        ("status", "processing"),
        ("orderby", "id"),
        ("order", "asc"),
    ];
    let (orders, headers) = api
        .page::<Vec<WireOrder>>("/orders", &filters, ("page", "per_page"), page)
        .await?;
    Ok(Page {
        items: orders.into_iter().map(Order::from).collect(),
        next: next_page(page, page < total_pages(&headers)),
    })
}

/// `X-WP-TotalPages`: how many pages the listing has (0 when it is empty
/// or the header is missing).
pub(super) fn total_pages(headers: &HeaderMap) -> u32 {
    headers
        .get("x-wp-totalpages")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::Line;

    #[test]
    fn the_page_count_is_read_from_x_wp_totalpages() {
        let mut headers = HeaderMap::new();
        assert_eq!(total_pages(&headers), 0);
        headers.insert("x-wp-totalpages", "3".parse().unwrap());
        assert_eq!(total_pages(&headers), 3);
        assert_eq!(
            next_page(2, 2 < total_pages(&headers)).as_deref(),
            Some("3")
        );
        assert_eq!(next_page(3, 3 < total_pages(&headers)), None);
    }

    #[test]
    fn an_order_maps_with_its_number_lines_and_shipping_address() {
        let orders: Vec<WireOrder> = serde_json::from_str(
            r#"[{"id":727,"number":"727","status":"processing","order_key":"wc_order_58d2d042d1d",
                "billing":{"first_name":"Bill","address_1":"1 Elsewhere"},
                "shipping":{"first_name":"Rae","last_name":"Jordan","company":"","address_1":"12 Harbor Street",
                  "address_2":"","city":"Portland","state":"ME","postcode":"04101","country":"US"},
                "line_items":[{"id":315,"name":"Cap","product_id":93,"variation_id":0,"quantity":2,"sku":"CAP-RED"}],
                "shipping_lines":[{"id":317,"method_title":"Flat Rate"}]}]"#,
        )
        .unwrap();
        let order = Order::from(orders.into_iter().next().unwrap());
        assert_eq!((order.id.as_str(), order.number.as_str()), ("727", "727"));
        assert_eq!(
            order.lines,
            [Line {
                sku: "CAP-RED".into(),
                quantity: 2
            }]
        );
        assert_eq!(order.ship_to.street, "12 Harbor Street");
        assert_eq!(order.ship_to.postal_code, "04101");
    }
}
