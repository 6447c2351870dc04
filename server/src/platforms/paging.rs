//! What the page-numbered stores (BigCommerce, WooCommerce, Magento,
//! ShipStation) share as a channel's store: the page number as the run's
//! cursor (each platform only says how to ask for page N and read it), one
//! GET that reads a JSON page or halts the run the way Test Connection
//! reads the same answer, and the order, line and address fields under
//! each platform's own spelling.

use crate::channels::{Address, Halt, Line, Order, OrderSource, Page};
use crate::connectors::{not_the_api, required, Connectors, Credentials, Reply, Stopped};
use async_trait::async_trait;
use dropstream_api::{Platform, Side, TestResult};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use std::future::Future;
use std::pin::Pin;

/// Orders a page asks for: within every platform's maximum (WooCommerce's
/// 100 is the lowest).
pub const PAGE_SIZE: u32 = 50;

/// The page a run's cursor names: the first when there is none.
pub fn page_number(cursor: Option<&str>) -> u32 {
    cursor
        .and_then(|c| c.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

/// The cursor of the page after `page`, when there is one.
pub fn next_page(page: u32, more: bool) -> Option<String> {
    more.then(|| (page + 1).to_string())
}

/// Whether orders remain after `page` of a listing that says its total.
pub fn more_after(page: u32, total: u64) -> bool {
    u64::from(page) * u64::from(PAGE_SIZE) < total
}

/// `base` with its query, each name and value percent-encoded (Magento's
/// `searchCriteria[…]` brackets included).
pub fn with_query(base: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return base.to_string();
    }
    let encoded: String = reqwest::Url::parse_with_params("http://q.invalid/", pairs)
        .ok()
        .and_then(|u| u.query().map(str::to_string))
        .unwrap_or_default();
    format!("{base}?{encoded}")
}

/// Why an answer ends a run: the platform's Test Connection reading of it.
pub(crate) type Refusal<'a> = Box<dyn Fn(&Reply) -> TestResult + Send + Sync + 'a>;

/// A store's API as a run calls it.
pub(crate) struct StoreApi<'a> {
    c: &'a Connectors,
    platform: Platform,
    /// The API base and its host, or why a run may not call it (a
    /// merchant's site the egress policy refuses).
    at: Result<(String, String), TestResult>,
    headers: HeaderMap,
    refusal: Refusal<'a>,
}

impl<'a> StoreApi<'a> {
    pub fn new(
        c: &'a Connectors,
        platform: Platform,
        at: Result<(String, String), Stopped>,
        headers: HeaderMap,
        refusal: Refusal<'a>,
    ) -> StoreApi<'a> {
        StoreApi {
            c,
            platform,
            at: at.map_err(|Stopped(result)| *result),
            headers,
            refusal,
        }
    }

    /// A store's API whose refusals read as `answer` reads them for the
    /// API's host.
    pub fn reading(
        c: &'a Connectors,
        platform: Platform,
        at: Result<(String, String), Stopped>,
        headers: HeaderMap,
        answer: fn(&str, &Reply) -> TestResult,
    ) -> StoreApi<'a> {
        let host = at.as_ref().map(|(_, h)| h.clone()).unwrap_or_default();
        let refusal = Box::new(move |reply: &Reply| answer(&host, reply));
        StoreApi::new(c, platform, at, headers, refusal)
    }

    /// A merchant-hosted store's API at `{site}{path}`.
    pub fn merchant(
        c: &'a Connectors,
        platform: Platform,
        creds: &Credentials,
        path: &str,
        headers: HeaderMap,
        answer: fn(&str, &Reply) -> TestResult,
    ) -> StoreApi<'a> {
        let at = c
            .merchant_site(platform, required(creds, "site_url"))
            .map(|(base, host)| (format!("{base}{path}"), host));
        StoreApi::reading(c, platform, at, headers, answer)
    }

    /// The store, read page by page with `read`.
    pub fn paged(self, read: ReadPage<'a>) -> Box<dyn OrderSource + 'a> {
        Box::new(PagedStore { api: self, read })
    }

    pub fn halt(&self, result: TestResult) -> Halt {
        Halt {
            side: Side::Store,
            result,
        }
    }

    /// Page `page` (from 1) of the listing at `path` with these filters,
    /// [`PAGE_SIZE`] to a page; `(number, size)` are what the platform
    /// calls the page number and the page size in a query.
    pub async fn page<T: DeserializeOwned + Default>(
        &self,
        path: &str,
        filters: &[(&str, &str)],
        (number, size): (&str, &str),
        page: u32,
    ) -> Result<(T, HeaderMap), Halt> {
        let mut query: Vec<(&str, String)> =
            filters.iter().map(|(k, v)| (*k, v.to_string())).collect();
        query.push((number, page.to_string()));
        query.push((size, PAGE_SIZE.to_string()));
        self.get(path, &query).await
    }

    /// GETs `path` (under the API base) with `query` and reads its JSON
    /// body, with the answer's headers. A 204 (BigCommerce's answer to an
    /// empty list) reads as the empty value; any other answer but a
    /// readable 200 ends the run.
    pub async fn get<T: DeserializeOwned + Default>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<(T, HeaderMap), Halt> {
        let reply = self.fetch(path, query).await?;
        Self::read(&reply).ok_or_else(|| self.refused(&reply))
    }

    /// GETs `path` (under the API base) with `query` and gives back the
    /// answer as it came, for the caller to tell a record the store lacks
    /// (a 404 for one order or SKU) from an answer that ends the run
    /// ([`StoreApi::refused`]).
    pub async fn fetch(&self, path: &str, query: &[(&str, String)]) -> Result<Reply, Halt> {
        let (base, _) = self.at.as_ref().map_err(|r| self.halt(r.clone()))?;
        let url = with_query(&format!("{base}{path}"), query);
        self.c
            .get(self.platform, &url, self.headers.clone())
            .await
            .map_err(|result| self.halt(result))
    }

    /// Sends `body` as JSON with `method` to `path` (under the API base)
    /// and gives back the answer as it came, for the caller to tell a
    /// refusal of this record (an unknown SKU, say) from one that ends the
    /// run ([`StoreApi::refused`]). Only a request that got no answer, or
    /// one the egress policy stops, halts here.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<Reply, Halt> {
        let (base, _) = self.at.as_ref().map_err(|r| self.halt(r.clone()))?;
        let url = format!("{base}{path}");
        self.c
            .send_json(self.platform, method, &url, self.headers.clone(), body)
            .await
            .map_err(|result| self.halt(result))
    }

    /// The halt for an answer the run cannot go on from: the platform's
    /// Test Connection reading of it, or, where that reading would pass,
    /// an answer that is not the API's.
    pub fn refused(&self, reply: &Reply) -> Halt {
        let host = self.at.as_ref().map(|(_, h)| h.as_str()).unwrap_or("");
        let result = (self.refusal)(reply);
        if !result.ok {
            return self.halt(result);
        }
        self.halt(not_the_api(self.platform, host, reply, UNREADABLE))
    }

    /// A page's JSON body and the answer's headers; nothing when the
    /// answer is not one (a 200 that Test Connection would accept but that
    /// is not a list included).
    fn read<T: DeserializeOwned + Default>(reply: &Reply) -> Option<(T, HeaderMap)> {
        let body = match reply.status {
            StatusCode::NO_CONTENT => T::default(),
            StatusCode::OK => reply.json::<T>()?,
            _ => return None,
        };
        Some((body, reply.headers.clone()))
    }
}

/// A page of open orders being read.
pub(crate) type PageCall<'b> = Pin<Box<dyn Future<Output = Result<Page<Order>, Halt>> + Send + 'b>>;

/// Asks a store for page `n` (from 1) of its open orders and reads it.
pub(crate) type ReadPage<'a> = for<'b> fn(&'b StoreApi<'a>, u32) -> PageCall<'b>;

/// A store whose run cursor is the page number.
struct PagedStore<'a> {
    api: StoreApi<'a>,
    read: ReadPage<'a>,
}

#[async_trait]
impl OrderSource for PagedStore<'_> {
    async fn orders(&self, page: Option<&str>) -> Result<Page<Order>, Halt> {
        (self.read)(&self.api, page_number(page)).await
    }
}

const UNREADABLE: &str = "Check the store's address in the connection's settings and test the connection; if it passes, contact support with this run.";

/// An order as the four platforms spell it: BigCommerce `id`, WooCommerce
/// `id` / `number` / `line_items` / `shipping`, Magento `entity_id` /
/// `increment_id` / `items`, ShipStation `orderId` / `orderNumber` /
/// `items` / `shipTo`. What a platform keeps elsewhere (BigCommerce's
/// sub-resources, Magento's shipping assignments) is filled in after.
#[derive(Deserialize, Debug)]
pub struct WireOrder {
    #[serde(alias = "entity_id", alias = "orderId")]
    pub id: u64,
    #[serde(default, alias = "increment_id", alias = "orderNumber")]
    pub number: Option<String>,
    #[serde(default, alias = "line_items", alias = "items")]
    pub lines: Vec<WireLine>,
    #[serde(default, alias = "shipping", alias = "shipTo")]
    pub ship_to: Option<WireAddress>,
}

/// A line: `quantity`, or Magento's `qty_ordered` (a decimal). Magento
/// lists a configurable product as its line and a child line naming the
/// parent (`parent_item_id`); only the parent is ordered.
#[derive(Deserialize, Debug, Default)]
pub struct WireLine {
    #[serde(default)]
    pub sku: Option<String>,
    #[serde(alias = "qty_ordered")]
    pub quantity: f64,
    #[serde(default)]
    pub parent_item_id: Option<u64>,
}

/// A shipping address: ShipStation's `name`, or the others' first and last
/// names (Magento `firstname`); the street's first line (`street_1`,
/// `address_1`, `street1`, or Magento's `street` list); `zip` /
/// `postcode` / `postalCode`; BigCommerce's `country_iso2` and Magento's
/// `country_id` before `country` (a code on WooCommerce and ShipStation,
/// BigCommerce's is the country's name).
#[derive(Deserialize, Debug, Default)]
#[serde(default)]
pub struct WireAddress {
    name: Option<String>,
    #[serde(alias = "firstname")]
    first_name: String,
    #[serde(alias = "lastname")]
    last_name: String,
    #[serde(
        alias = "street_1",
        alias = "address_1",
        alias = "street1",
        deserialize_with = "first_line"
    )]
    street: String,
    city: String,
    #[serde(alias = "zip", alias = "postcode", alias = "postalCode")]
    postal_code: String,
    #[serde(alias = "country_id")]
    country_iso2: String,
    country: String,
}

/// A street given as one string, or as Magento's list of lines.
fn first_line<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Street {
        One(String),
        Lines(Vec<String>),
        Nothing(()),
    }
    Ok(match Street::deserialize(d)? {
        Street::One(line) => line,
        Street::Lines(lines) => lines.into_iter().next().unwrap_or_default(),
        Street::Nothing(()) => String::new(),
    })
}

impl From<WireAddress> for Address {
    fn from(a: WireAddress) -> Address {
        let name = a.name.filter(|n| !n.is_empty()).unwrap_or_else(|| {
            format!("{} {}", a.first_name, a.last_name)
                .trim()
                .to_string()
        });
        let country = if a.country_iso2.is_empty() {
            a.country
        } else {
            a.country_iso2
        };
        Address {
            name,
            street: a.street,
            city: a.city,
            postal_code: a.postal_code,
            country,
        }
    }
}

impl From<WireOrder> for Order {
    fn from(o: WireOrder) -> Order {
        let lines = o
            .lines
            .into_iter()
            .filter(|l| l.parent_item_id.is_none())
            .map(|l| Line {
                sku: l.sku.unwrap_or_default(),
                quantity: l.quantity.round() as u32,
            })
            .collect();
        Order {
            id: o.id.to_string(),
            number: o.number.unwrap_or_else(|| o.id.to_string()),
            lines,
            ship_to: o.ship_to.map(Address::from).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_is_the_page_number() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(next_page(3, true).as_deref(), Some("4"));
        assert_eq!(next_page(3, false), None);
        assert!(more_after(1, u64::from(PAGE_SIZE) + 1));
        assert!(!more_after(2, 2 * u64::from(PAGE_SIZE)));
    }

    #[test]
    fn a_204_is_an_empty_page_and_other_answers_read_as_test_connection_does() {
        let c = Connectors::new(
            crate::connectors::Endpoints::production(),
            std::time::Duration::from_secs(1),
            crate::connectors::egress::Egress::sandbox(),
        )
        .unwrap();
        let at = Ok((
            "https://api.example.com".to_string(),
            "api.example.com".into(),
        ));
        // Reads like a Test Connection call that accepts any JSON 200.
        let answer = |_: &str, reply: &Reply| match reply.status {
            StatusCode::OK => TestResult::success("Connected".into(), Vec::new(), 200),
            _ => crate::connectors::generic_status_failure(Platform::BigCommerce, "x", reply),
        };
        let api = StoreApi::reading(&c, Platform::BigCommerce, at, HeaderMap::new(), answer);
        let read = |reply: Reply| {
            StoreApi::read::<Vec<WireOrder>>(&reply).ok_or_else(|| Box::new(api.refused(&reply)))
        };

        assert!(read(Reply::canned(204, "")).unwrap().0.is_empty());
        assert_eq!(
            read(Reply::canned(200, r#"[{"id":7}]"#)).unwrap().0[0].id,
            7
        );
        let busy = read(Reply::canned(429, "").with_header("x-rate-limit-time-reset-ms", "15000"));
        let busy = busy.unwrap_err().result;
        assert_eq!(
            (busy.category, busy.retry_after),
            (Some(dropstream_api::Category::RateLimited), Some(15))
        );
        let not_orders = read(Reply::canned(200, r#"{"name":"Demo"}"#)).unwrap_err();
        assert_eq!(not_orders.side, Side::Store);
        let not_orders = not_orders.result;
        assert!(!not_orders.ok);
        assert_eq!(not_orders.category, Some(dropstream_api::Category::Setup));
    }

    #[test]
    fn queries_are_percent_encoded() {
        let url = with_query(
            "https://s.example/rest/default/V1/orders",
            &[
                ("searchCriteria[pageSize]", "50".into()),
                ("a b", "c&d".into()),
            ],
        );
        assert_eq!(
            url,
            "https://s.example/rest/default/V1/orders?searchCriteria%5BpageSize%5D=50&a+b=c%26d"
        );
    }

    #[test]
    fn each_platforms_address_reads_the_same() {
        let expected = Address {
            name: "Rae Jordan".into(),
            street: "12 Harbor Street".into(),
            city: "Portland".into(),
            postal_code: "04101".into(),
            country: "US".into(),
        };
        for body in [
            r#"{"first_name":"Rae","last_name":"Jordan","street_1":"12 Harbor Street","street_2":"","city":"Portland","zip":"04101","country":"United States","country_iso2":"US"}"#,
            r#"{"first_name":"Rae","last_name":"Jordan","address_1":"12 Harbor Street","city":"Portland","postcode":"04101","country":"US"}"#,
            r#"{"firstname":"Rae","lastname":"Jordan","street":["12 Harbor Street","Unit 2"],"city":"Portland","postcode":"04101","country_id":"US"}"#,
            r#"{"name":"Rae Jordan","street1":"12 Harbor Street","street2":null,"city":"Portland","postalCode":"04101","country":"US"}"#,
        ] {
            let wire: WireAddress = serde_json::from_str(body).unwrap();
            assert_eq!(Address::from(wire), expected, "{body}");
        }
    }

    #[test]
    fn child_lines_are_left_out_and_quantities_rounded() {
        let wire: WireOrder = serde_json::from_str(
            r#"{"entity_id":7,"increment_id":"000000007","items":[
                {"sku":"BLUE-TEE-M","qty_ordered":2.0,"item_id":1},
                {"sku":"BLUE-TEE-M","qty_ordered":2.0,"item_id":2,"parent_item_id":1}]}"#,
        )
        .unwrap();
        let order = Order::from(wire);
        assert_eq!(
            (order.id.as_str(), order.number.as_str()),
            ("7", "000000007")
        );
        assert_eq!(
            order.lines,
            [Line {
                sku: "BLUE-TEE-M".into(),
                quantity: 2
            }]
        );
        assert_eq!(order.ship_to, Address::default());
    }
}
