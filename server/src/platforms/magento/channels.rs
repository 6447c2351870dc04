//! Magento 2 / Adobe Commerce as a channel's store. Sales Orders reads
//! `GET {site}/rest/default/V1/orders` with the integration's bearer token
//! (the integration needs Sales → Operations → Orders → Actions → View,
//! `Magento_Sales::actions_view`), filtered and sorted with
//! `searchCriteria`: `status` = `processing` (paid, not yet shipped),
//! `entity_id` ascending (oldest first), `pageSize` and `currentPage`.
//!
//! Paging: Magento answers a page past the last with the last page again,
//! so the run stops by `total_count`, not by an empty page. Each order's
//! `entity_id` is the reference the warehouse keeps; its `increment_id`
//! (`000000001`) is what the merchant calls it. Only top-level lines are
//! ordered: a configurable product's child line (`parent_item_id`) repeats
//! its parent. The address is the first shipping assignment's.
//!
//! Shipments ([`super::shipments`]) ships each order the warehouse shipped,
//! with its tracking; Inventory ([`super::stock`]) sets each SKU's stock
//! item. All three jobs send the same integration token, and any call's
//! refusal ends the run as Test Connection reads the same answer.

use super::connector::{headers_for, orders_answer};
use super::shipments::MagentoShipments;
use super::stock::MagentoStock;
use crate::channels::{Halt, Order, Page, Roles};
use crate::connectors::{Connectors, Credentials};
use crate::platforms::paging::{
    more_after, next_page, StoreApi, WireAddress, WireOrder, PAGE_SIZE,
};
use dropstream_api::Platform;
use serde::Deserialize;

const P: Platform = Platform::Magento;

/// Magento is a store that Sales Orders reads, Shipments ships and
/// Inventory stocks.
pub const ROLES: Roles = Roles {
    orders_from: Some(|c, creds| api(c, creds).paged(|api, page| Box::pin(open_orders(api, page)))),
    shipments_to: Some(|c, creds| Box::new(MagentoShipments { api: api(c, creds) })),
    stock_to: Some(|c, creds| Box::new(MagentoStock { api: api(c, creds) })),
    ..Roles::NONE
};

/// The store's REST API (`{site}/rest/default/V1`) with the integration's
/// token; a refusal reads as Test Connection reads it.
fn api<'a>(c: &'a Connectors, creds: &Credentials) -> StoreApi<'a> {
    StoreApi::merchant(c, P, creds, "/rest/default/V1", headers_for(creds), orders_answer)
}

/// `sales-data-order-search-result-interface`.
#[derive(Deserialize, Default)]
struct SearchResult {
    #[serde(default)]
    items: Vec<MagentoOrder>,
    #[serde(default)]
    total_count: u64,
}

#[derive(Deserialize)]
struct MagentoOrder {
    #[serde(flatten)]
    order: WireOrder,
    #[serde(default)]
    extension_attributes: Extensions,
}

#[derive(Deserialize, Default)]
struct Extensions {
    #[serde(default)]
    shipping_assignments: Vec<Assignment>,
}

#[derive(Deserialize)]
struct Assignment {
    shipping: Shipping,
}

#[derive(Deserialize)]
struct Shipping {
    #[serde(default)]
    address: Option<WireAddress>,
}

/// The `searchCriteria` of page `page` of the orders waiting to ship.
fn criteria(page: u32) -> Vec<(&'static str, String)> {
    vec![
        (
            "searchCriteria[filter_groups][0][filters][0][field]",
            "status".into(),
        ),
        (
            "searchCriteria[filter_groups][0][filters][0][value]",
            "processing".into(),
        ),
        (
            "searchCriteria[filter_groups][0][filters][0][condition_type]",
            "eq".into(),
        ),
        ("searchCriteria[sortOrders][0][field]", "entity_id".into()),
        ("searchCriteria[sortOrders][0][direction]", "ASC".into()),
        ("searchCriteria[pageSize]", PAGE_SIZE.to_string()),
        ("searchCriteria[currentPage]", page.to_string()),
    ]
}

async fn open_orders(api: &StoreApi<'_>, page: u32) -> Result<Page<Order>, Halt> {
    let (body, _) = api.get::<SearchResult>("/orders", &criteria(page)).await?;
    Ok(read_page(page, body))
}

fn read_page(page: u32, body: SearchResult) -> Page<Order> {
    let items = body
        .items
        .into_iter()
        .map(|o| {
            let mut order = o.order;
            let assigned = o.extension_attributes.shipping_assignments.into_iter();
            order.ship_to = assigned.filter_map(|a| a.shipping.address).next();
            Order::from(order)
        })
        .collect();
    Page {
        items,
        next: next_page(page, more_after(page, body.total_count)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::Line;

    #[test]
    fn a_search_result_maps_to_orders_and_pages_by_total_count() {
        let body: SearchResult = serde_json::from_str(
            r#"{"items":[{"entity_id":12,"increment_id":"000000012","status":"processing",
                "items":[
                  {"item_id":40,"sku":"BLUE-TEE-M","qty_ordered":2,"product_type":"configurable"},
                  {"item_id":41,"sku":"BLUE-TEE-M","qty_ordered":2,"product_type":"simple","parent_item_id":40},
                  {"item_id":42,"sku":"CAP-RED","qty_ordered":1.0000,"product_type":"simple"}],
                "extension_attributes":{"shipping_assignments":[{"shipping":{"method":"flatrate_flatrate",
                  "address":{"firstname":"Rae","lastname":"Jordan","street":["12 Harbor Street"],
                  "city":"Portland","postcode":"04101","country_id":"US"}}}]}}],
              "search_criteria":{},"total_count":51}"#,
        )
        .unwrap();
        let page = read_page(1, body);
        assert_eq!(page.next.as_deref(), Some("2"));
        let order = &page.items[0];
        assert_eq!(
            (order.id.as_str(), order.number.as_str()),
            ("12", "000000012")
        );
        let line = |sku: &str, quantity| Line {
            sku: sku.into(),
            quantity,
        };
        assert_eq!(order.lines, [line("BLUE-TEE-M", 2), line("CAP-RED", 1)]);
        assert_eq!(order.ship_to.name, "Rae Jordan");
        assert_eq!(order.ship_to.country, "US");

        let last: SearchResult = serde_json::from_str(r#"{"items":[],"total_count":51}"#).unwrap();
        assert_eq!(read_page(2, last).next, None);
    }
}
