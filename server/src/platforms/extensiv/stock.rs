//! Extensiv 3PL Warehouse Manager's stock, for Inventory. The run reads
//! `GET /inventory/stocksummaries?pgsiz=50&pgnum={n}&customerid={customer}&facilityid={facility}`
//! (the user needs the role to view inventory), paged by `totalResults`:
//! one summary per item and facility, `itemIdentifier.sku` with what is
//! `available` (on hand less what orders hold and what is on hold). Only
//! the customer's primary facility counts, the one Sales Orders ships from;
//! quantities are decimals in the API and are rounded down.
//!
//! Client code reads the summaries from a `summaries` array, not from HAL
//! `_embedded`; both are read. The `customerid`/`facilityid` query
//! parameters are taken from client code too (a user made for one customer
//! sees only its stock either way).

use super::channels::{embedded, ExtensivWarehouse};
use super::shipments::total;
use crate::channels::{Halt, Page, StockLevel, StockSource};
use crate::platforms::paging::{more_after, next_page, page_number, PAGE_SIZE};
use async_trait::async_trait;
use serde_json::Value;

#[async_trait]
impl StockSource for ExtensivWarehouse<'_> {
    async fn stock(&self, page: Option<&str>) -> Result<Page<StockLevel>, Halt> {
        let customer = self.customer().await?;
        let number = page_number(page);
        let url = format!(
            "{}/inventory/stocksummaries?pgsiz={PAGE_SIZE}&pgnum={number}&customerid={}&facilityid={}",
            self.base, customer.id, customer.facility
        );
        let call = ("GET /inventory/stocksummaries", "view inventory");
        let list = self.read(&url, call).await?;
        Ok(Page {
            items: levels(&list, customer.facility),
            next: next_page(number, more_after(number, total(&list))),
        })
    }
}

/// The available stock per SKU at `facility` of a page of summaries.
fn levels(list: &Value, facility: u64) -> Vec<StockLevel> {
    let summaries = ["summaries", "Summaries"]
        .iter()
        .find_map(|k| list.get(*k)?.as_array().cloned())
        .unwrap_or_else(|| embedded(list));
    summaries
        .iter()
        .filter(|s| {
            let at = s.get("facilityId").and_then(Value::as_u64);
            at.is_none_or(|at| at == facility)
        })
        .filter_map(|s| {
            let sku = s.pointer("/itemIdentifier/sku")?.as_str()?.trim();
            let available = s.get("available")?.as_f64()?;
            (!sku.is_empty()).then(|| StockLevel {
                sku: sku.to_string(),
                quantity: available.max(0.0).floor() as i64,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_skus_available_stock_at_the_facility_is_its_level() {
        let list: Value = serde_json::from_str(
            r#"{"totalResults":3,"summaries":[
                {"facilityId":3,"itemIdentifier":{"sku":"CAP-RED","id":2},"totalReceived":12.0,"allocated":3.0,"available":8.5,"onHold":1.0,"onHand":12.0},
                {"facilityId":4,"itemIdentifier":{"sku":"CAP-RED","id":2},"available":40.0},
                {"facilityId":3,"itemIdentifier":{"sku":"TOTE-NATURAL","id":3},"available":0.0}]}"#,
        )
        .unwrap();
        let level = |sku: &str, quantity| StockLevel {
            sku: sku.into(),
            quantity,
        };
        assert_eq!(
            levels(&list, 3),
            [level("CAP-RED", 8), level("TOTE-NATURAL", 0)]
        );
        assert!(!more_after(1, total(&list)));
    }
}
