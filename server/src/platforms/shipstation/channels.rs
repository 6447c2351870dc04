//! ShipStation as a channel's store (its orders come from the stores it is
//! connected to). Sales Orders reads
//! `GET https://ssapi.shipstation.com/orders?orderStatus=awaiting_shipment&sortBy=OrderDate&sortDir=ASC&page={n}&pageSize=50`
//! with HTTP Basic API key and secret (ShipStation keys have no scopes:
//! they act as the account owner). The body says where the listing ends:
//! `{"orders": […], "total", "page", "pages"}`, read until `page` reaches
//! `pages`. Over 40 requests a minute ShipStation answers 429 with
//! `X-Rate-Limit-Reset` (seconds). Each order's `orderId` is the reference
//! the warehouse keeps; its `orderNumber` is what the merchant calls it.

use super::connector::{api, classify};
use crate::channels::{Halt, Order, Page, Roles};
use crate::connectors::host_of;
use crate::platforms::paging::{next_page, StoreApi, WireOrder};
use dropstream_api::Platform;
use serde::Deserialize;

const P: Platform = Platform::ShipStation;

/// ShipStation is a store that Sales Orders reads.
pub const ROLES: Roles = Roles {
    orders_from: Some(|c, creds| {
        let (base, headers) = api(c, creds);
        let at = Ok((base.clone(), host_of(&base)));
        StoreApi::reading(c, P, at, headers, classify)
            .paged(|api, page| Box::pin(open_orders(api, page)))
    }),
    ..Roles::NONE
};

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
    let filters = [("orderStatus", "awaiting_shipment"), ("sortBy", "OrderDate"), ("sortDir", "ASC")];
    let (body, _) = api.page::<Orders>("/orders", &filters, ("page", "pageSize"), page).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::Line;

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
}
