//! The open orders the page-numbered store sandboxes (BigCommerce,
//! WooCommerce, Magento, ShipStation) list for Sales Orders runs, and the
//! inputs that make each run failure: one credential field's value picks
//! the orders, the way Shopify's shop does. Each platform's `fixtures.rs`
//! names its inputs and orders; its `sandbox.rs` spells the pages.

use super::fixtures::{MISMATCHED_SKU, STOCKED_SKUS};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// An open order a store sandbox lists: the platform's id of it, what the
/// merchant calls it, and (SKU, quantity) per line.
#[derive(Clone, Copy, Debug)]
pub struct StoreOrder {
    pub id: u64,
    pub number: &'static str,
    pub lines: &'static [(&'static str, u32)],
}

/// The lines of the demo's three open orders, the same on every store.
const DEMO_LINES: [&[(&str, u32)]; 3] = [
    &[("BLUE-TEE-M", 2)],
    &[("CAP-RED", 1), ("TOTE-NATURAL", 1)],
    &[("HOODIE-GREY-L", 1)],
];

/// The demo's three open orders, under a platform's id and number for
/// each. Every SKU is one the warehouse sandboxes stock.
pub const fn demo_orders(ids: [(u64, &'static str); 3]) -> [StoreOrder; 3] {
    let mut orders = [StoreOrder {
        id: 0,
        number: "",
        lines: &[],
    }; 3];
    let mut n = 0;
    while n < 3 {
        orders[n] = StoreOrder {
            id: ids[n].0,
            number: ids[n].1,
            lines: DEMO_LINES[n],
        };
        n += 1;
    }
    orders
}

/// The order of the mismatch inputs: [`MISMATCHED_SKU`] beside a stocked
/// SKU.
pub const fn mismatch_order(id: u64, number: &'static str) -> StoreOrder {
    StoreOrder {
        id,
        number,
        lines: &[(MISMATCHED_SKU, 3), ("CAP-RED", 1)],
    }
}

/// Open orders of the paging inputs: more than two pages of
/// [`crate::platforms::paging::PAGE_SIZE`].
pub const PAGING_ORDERS: u64 = 120;

/// What a store sandbox lists, by the value of [`StoreInputs::field`].
pub struct StoreInputs {
    /// The credential field whose value picks the orders: a site's URL (its
    /// host, on the merchant-hosted sandboxes), a store hash, an API key.
    pub field: &'static str,
    /// The open orders of the field's working value (the demo's).
    pub orders: &'static [StoreOrder],
    /// Lists the first two of [`StoreInputs::orders`] and
    /// [`StoreInputs::mismatch_order`].
    pub mismatch: &'static str,
    /// An order that names [`MISMATCHED_SKU`] beside a stocked SKU
    /// ([`mismatch_order`]).
    pub mismatch_order: StoreOrder,
    /// [`PAGING_ORDERS`] open orders; every page after the first answers
    /// the platform's 429.
    pub throttled: &'static str,
    /// [`PAGING_ORDERS`] open orders; every page after the first never
    /// answers.
    pub stalled: &'static str,
}

/// An open order as a sandbox answers it.
#[derive(Clone, Debug)]
pub struct OpenOrder {
    pub id: u64,
    pub number: String,
    pub lines: Vec<(&'static str, u32)>,
}

impl From<&StoreOrder> for OpenOrder {
    fn from(o: &StoreOrder) -> OpenOrder {
        OpenOrder {
            id: o.id,
            number: o.number.to_string(),
            lines: o.lines.to_vec(),
        }
    }
}

/// What runs changed in one store sandbox, by the input that picks the
/// orders ([`StoreInputs::field`]'s value, or a site's host): the orders
/// shipped, with their tracking number, and the stock set per SKU. A
/// shipped order is no longer open, so the listings leave it out.
#[derive(Clone, Default)]
pub struct StoreBook(Arc<Mutex<HashMap<String, Account>>>);

#[derive(Default)]
struct Account {
    shipped: BTreeMap<u64, String>,
    stock: BTreeMap<String, i64>,
}

impl StoreBook {
    fn with<T>(&self, input: &str, f: impl FnOnce(&mut Account) -> T) -> T {
        let mut accounts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(accounts.entry(input.to_string()).or_default())
    }

    /// Ships `order` with `tracking`; false when it was shipped already
    /// (its first tracking stays).
    pub fn ship(&self, input: &str, order: u64, tracking: &str) -> bool {
        self.with(input, |a| match a.shipped.entry(order) {
            std::collections::btree_map::Entry::Occupied(_) => false,
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(tracking.to_string());
                true
            }
        })
    }

    /// The tracking number `order` was shipped with, if it was.
    pub fn tracking(&self, input: &str, order: u64) -> Option<String> {
        self.with(input, |a| a.shipped.get(&order).cloned())
    }

    /// Sets the stock of `sku`; false when it was that already.
    pub fn set_stock(&self, input: &str, sku: &str, quantity: i64) -> bool {
        self.with(input, |a| {
            a.stock.insert(sku.to_string(), quantity) != Some(quantity)
        })
    }

    /// The stock last set for `sku`, if any was.
    pub fn stock(&self, input: &str, sku: &str) -> Option<i64> {
        self.with(input, |a| a.stock.get(sku).copied())
    }
}

/// A page's answer is the platform's 429.
pub struct Throttled;

/// How a sandbox reads a page of orders from its query, whatever the
/// platform calls the page and its size: `page` (Magento
/// `searchCriteria[currentPage]`) and `limit` (BigCommerce), `per_page`
/// (WooCommerce), `pageSize` (ShipStation, Magento
/// `searchCriteria[pageSize]`).
#[derive(serde::Deserialize)]
pub struct PageQuery {
    #[serde(default, alias = "searchCriteria[currentPage]")]
    pub page: Option<usize>,
    #[serde(
        default,
        alias = "per_page",
        alias = "pageSize",
        alias = "searchCriteria[pageSize]"
    )]
    pub limit: Option<usize>,
}

/// Where every sandbox order is shipped (each platform spells it its way).
pub struct ShipTo {
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub street: &'static str,
    pub city: &'static str,
    pub postal_code: &'static str,
    pub country: &'static str,
}

pub const SHIP_TO: ShipTo = ShipTo {
    first_name: "Rae",
    last_name: "Jordan",
    street: "12 Harbor Street",
    city: "Portland",
    postal_code: "04101",
    country: "US",
};

impl StoreInputs {
    /// How a value of the field is known: the merchant-hosted sandboxes
    /// see the site's host in their path, not its URL.
    fn key(&self, value: &'static str) -> &'static str {
        if self.field == "site_url" {
            crate::sandbox::host_of(value)
        } else {
            value
        }
    }

    /// Whether `input` (a field value, or a site's host) picks orders,
    /// besides `working`.
    pub fn knows(&self, input: &str) -> bool {
        [self.mismatch, self.throttled, self.stalled]
            .into_iter()
            .any(|v| self.key(v) == input)
    }

    /// The open orders `input` lists; `None` for one it does not know.
    pub fn open_orders(&self, input: &str, working: &'static str) -> Option<Vec<OpenOrder>> {
        let listed = |orders: &[StoreOrder]| orders.iter().map(OpenOrder::from).collect();
        if input == self.key(working) {
            return Some(listed(self.orders));
        }
        if input == self.key(self.mismatch) {
            let mut orders: Vec<OpenOrder> = listed(&self.orders[..2]);
            orders.push(OpenOrder::from(&self.mismatch_order));
            return Some(orders);
        }
        self.knows(input).then(|| {
            (0..PAGING_ORDERS)
                .map(|n| OpenOrder {
                    id: 90_000 + n,
                    number: (90_000 + n).to_string(),
                    lines: vec![(STOCKED_SKUS[n as usize % STOCKED_SKUS.len()], 1)],
                })
                .collect()
        })
    }

    /// The SKUs the store sells under `input`, for Inventory: every
    /// stocked SKU for the working value, and for the mismatch input
    /// [`MISMATCHED_SKU`] in place of the last stocked one (so the
    /// warehouse's stock of that one has no product to go to); none for the
    /// paging inputs or an unknown one.
    pub fn catalog(&self, input: &str, working: &'static str) -> Vec<&'static str> {
        if input == self.key(working) {
            return STOCKED_SKUS.to_vec();
        }
        if input == self.key(self.mismatch) {
            let mut some = STOCKED_SKUS[..STOCKED_SKUS.len() - 1].to_vec();
            some.push(MISMATCHED_SKU);
            return some;
        }
        Vec::new()
    }

    /// Page `page` (from 1) of `per_page` open orders of `input` (those
    /// `book` has not seen shipped), and how many the listing holds;
    /// nothing for an input it does not know. After the first page the
    /// throttled input answers 429 and the stalled one never answers.
    pub async fn page(
        &self,
        book: &StoreBook,
        input: &str,
        working: &'static str,
        page: usize,
        per_page: usize,
    ) -> Result<(Vec<OpenOrder>, usize), Throttled> {
        let mut orders = self.open_orders(input, working).unwrap_or_default();
        orders.retain(|o| book.tracking(input, o.id).is_none());
        if page > 1 {
            if input == self.key(self.throttled) {
                return Err(Throttled);
            }
            if input == self.key(self.stalled) {
                crate::sandbox::hang().await;
            }
        }
        let total = orders.len();
        let from = page.max(1).saturating_sub(1).saturating_mul(per_page);
        Ok((
            orders.into_iter().skip(from).take(per_page).collect(),
            total,
        ))
    }
}

/// Each line of `o` as a platform spells it, given a line id unique in the
/// sandbox, the SKU and the quantity.
pub fn lines_json(
    o: &OpenOrder,
    line: impl Fn(u64, &str, u32) -> serde_json::Value,
) -> Vec<serde_json::Value> {
    let ids = (0..).map(|n| o.id * 10 + n);
    ids.zip(&o.lines)
        .map(|(id, (sku, q))| line(id, sku, *q))
        .collect()
}
