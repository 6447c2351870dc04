//! What the warehouses that take Sales Orders by our reference share, on
//! both sides of the wire.
//!
//! Run side: a warehouse whose duplicate refusal is not documented (or not
//! guaranteed) is asked for the reference before each create, and a create
//! refused because the reference is taken (another call got there first)
//! finds it again ([`ReferencedOrders`], which makes it an [`OrderSink`]).
//! Its bearer token is issued once per run and again when the platform
//! stops taking it ([`Session`]): a token that merely expired goes on, a
//! revoked one ends the run with what the token endpoint says.
//!
//! Sandbox side: the orders each account made ([`OrderBook`]) and the SKUs
//! every warehouse sandbox stocks.

use crate::channels::{Created, Halt, Order, OrderSink, Refusal};
use crate::connectors::{Reply, Stopped};
use async_trait::async_trait;
use dropstream_api::{Platform, Side, TestResult};
use reqwest::StatusCode;
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::sync::{Arc, Mutex};

/// A warehouse's answer that ends the run.
pub(crate) fn halt(result: TestResult) -> Halt {
    Halt {
        side: Side::Warehouse,
        result,
    }
}

/// The order names a SKU the warehouse does not have: this order fails,
/// the run goes on.
fn unknown_sku(sku: &str) -> Refusal {
    Refusal::Record {
        sku: Some(sku.to_string()),
        reason: format!("SKU {sku} is not in the warehouse."),
    }
}

/// The warehouse refused this order for a reason of its own (`said`).
fn refused(platform: Platform, said: &str) -> Refusal {
    let said: String = said.chars().take(300).collect();
    Refusal::Record {
        sku: None,
        reason: format!("{platform} refused the order: {said}"),
    }
}

/// The order's SKU that a refusal names as missing, if it names one. The
/// refusal's wording is matched loosely (it is not documented for every
/// platform); the SKU must be one of the order's own.
pub(crate) fn missing_sku(said: &str, order: &Order) -> Option<String> {
    let lower = said.to_lowercase();
    let missing = [
        "not found",
        "does not exist",
        "doesn't exist",
        "unknown",
        "no item",
        "invalid sku",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if !missing {
        return None;
    }
    order
        .lines
        .iter()
        .map(|l| l.sku.as_str())
        .find(|sku| said.contains(sku))
        .map(str::to_string)
}

/// How a warehouse answered a create, read from its reply; an answer that
/// ends the run is read as [`Stopped`] instead.
#[derive(Debug, PartialEq)]
pub(crate) enum Answer {
    New(String),
    Taken,
    MissingSku(String),
    /// Refused for another reason: what the warehouse said.
    Refused(String),
}

/// A reading that ends the run, as the warehouse's [`Halt`].
pub(crate) fn stopped(Stopped(result): Stopped) -> Halt {
    halt(*result)
}

/// A warehouse that finds orders by our reference and creates them with it.
pub(crate) trait ReferencedOrders: Send + Sync {
    const PLATFORM: Platform;

    /// The warehouse's id of the order made under `reference`, if any.
    fn find<'a>(
        &'a self,
        reference: &'a str,
    ) -> impl Future<Output = Result<Option<String>, Halt>> + Send + 'a;

    /// Creates the order under `reference`.
    fn post<'a>(
        &'a self,
        order: &'a Order,
        reference: &'a str,
    ) -> impl Future<Output = Result<Answer, Halt>> + Send + 'a;
}

#[async_trait]
impl<W: ReferencedOrders> OrderSink for W {
    async fn create_order(&self, order: &Order, reference: &str) -> Result<Created, Refusal> {
        if let Some(id) = self.find(reference).await? {
            return Ok(Created::AlreadyThere(id));
        }
        match self.post(order, reference).await? {
            Answer::New(id) => Ok(Created::New(id)),
            Answer::MissingSku(sku) => Err(unknown_sku(&sku)),
            Answer::Refused(said) => Err(refused(W::PLATFORM, &said)),
            Answer::Taken => match self.find(reference).await? {
                Some(id) => Ok(Created::AlreadyThere(id)),
                None => Err(Refusal::Record {
                    sku: None,
                    reason: format!(
                        "{} says this order exists but does not list it.",
                        W::PLATFORM
                    ),
                }),
            },
        }
    }
}

/// A run's bearer token: issued by the first call, kept, and issued again
/// once when the API answers 401 to a token issued earlier.
#[derive(Default)]
pub(crate) struct Session {
    token: tokio::sync::Mutex<Option<String>>,
}

impl Session {
    /// Sends one request with the run's token. `issue` asks the platform
    /// for a token (its refusal ends the run the way Test Connection
    /// reads it); `send` makes the request with a token.
    pub(crate) async fn send<I, S>(
        &self,
        issue: impl Fn() -> I,
        send: impl Fn(String) -> S,
    ) -> Result<Reply, Halt>
    where
        I: Future<Output = Result<String, Stopped>>,
        S: Future<Output = Result<Reply, TestResult>>,
    {
        let mut held = self.token.lock().await;
        let mut issued_now = false;
        loop {
            let token = match held.as_ref() {
                Some(token) => token.clone(),
                None => {
                    let token = issue().await.map_err(stopped)?;
                    issued_now = true;
                    held.insert(token).clone()
                }
            };
            let reply = send(token).await.map_err(halt)?;
            if reply.status != StatusCode::UNAUTHORIZED || issued_now {
                return Ok(reply);
            }
            // Issued earlier in the run: it may have expired; a revoked
            // credential shows at the token endpoint instead.
            *held = None;
        }
    }
}

/// Whether every warehouse sandbox stocks `sku`.
pub(crate) fn stocked(sku: &str) -> bool {
    super::fixtures::STOCKED_SKUS.contains(&sku)
}

/// A sandbox's orders: by account (a token, a user), then by reference,
/// for as long as the sandbox runs.
#[derive(Clone, Default)]
pub(crate) struct OrderBook(Arc<Mutex<HashMap<String, BTreeMap<String, u64>>>>);

impl OrderBook {
    /// How many orders `account` made.
    pub(crate) fn made(&self, account: &str) -> usize {
        self.0
            .lock()
            .expect("sandbox lock")
            .get(account)
            .map_or(0, BTreeMap::len)
    }

    /// Whether `account` may still call: every account may, but
    /// `revoked`, which may until it has made `after` orders.
    pub(crate) fn allows(&self, account: &str, revoked: &str, after: usize) -> bool {
        account != revoked || self.made(account) < after
    }

    /// The account's orders (reference, id), or the one with `reference`.
    pub(crate) fn list(&self, account: &str, reference: Option<&str>) -> Vec<(String, u64)> {
        let all = self.0.lock().expect("sandbox lock");
        all.get(account)
            .into_iter()
            .flatten()
            .filter(|(r, _)| reference.is_none_or(|wanted| wanted == r.as_str()))
            .map(|(r, id)| (r.clone(), *id))
            .collect()
    }

    /// Adds an order under `reference` with an id counted from `first`;
    /// `None` when the account has one with that reference already.
    pub(crate) fn add(&self, account: &str, reference: &str, first: u64) -> Option<u64> {
        let mut all = self.0.lock().expect("sandbox lock");
        let orders = all.entry(account.to_string()).or_default();
        if orders.contains_key(reference) {
            return None;
        }
        let id = first + orders.len() as u64;
        orders.insert(reference.to_string(), id);
        Some(id)
    }
}

/// An order of one `sku`, for the warehouses' reading tests.
#[cfg(test)]
pub(crate) fn order_of(sku: &str) -> Order {
    Order {
        id: "5".into(),
        number: "#1001".into(),
        lines: vec![crate::channels::Line {
            sku: sku.into(),
            quantity: 1,
        }],
        ship_to: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_a_missing_sku_only_if_the_order_has_it() {
        let order = order_of("CAP-RED");
        assert_eq!(
            missing_sku("Product with sku CAP-RED not found", &order).as_deref(),
            Some("CAP-RED")
        );
        assert_eq!(missing_sku("Product with sku HAT not found", &order), None);
        assert_eq!(missing_sku("CAP-RED is on hold", &order), None);
    }

    #[test]
    fn the_book_refuses_a_taken_reference_and_counts_per_account() {
        let book = OrderBook::default();
        assert_eq!(book.add("a", "r1", 10), Some(10));
        assert_eq!(book.add("a", "r1", 10), None);
        assert_eq!(book.add("a", "r2", 10), Some(11));
        assert_eq!(book.add("b", "r1", 10), Some(10));
        assert_eq!(book.list("a", Some("r2")), [("r2".to_string(), 11)]);
        assert!(book.allows("a", "b", 1) && !book.allows("b", "b", 1));
    }

    #[tokio::test]
    async fn a_token_the_api_stops_taking_is_issued_again_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let issued = AtomicUsize::new(0);
        let issue = || async {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            Ok::<_, Stopped>(format!("t{n}"))
        };
        // t1 expires after its first use; every later token works.
        let used = AtomicUsize::new(0);
        let send = |token: String| {
            let first_use_done = used.fetch_add(1, Ordering::SeqCst) > 0;
            async move {
                let status = if token == "t1" && first_use_done {
                    401
                } else {
                    200
                };
                Ok::<_, TestResult>(Reply::canned(status, ""))
            }
        };
        let session = Session::default();
        for _ in 0..3 {
            let reply = session.send(issue, send).await.unwrap();
            assert_eq!(reply.status, StatusCode::OK);
        }
        assert_eq!(issued.load(Ordering::SeqCst), 2);
        // A token refused as soon as it is issued is not asked for again.
        let refused = Session::default();
        let reply = refused
            .send(issue, |_| async { Ok(Reply::canned(401, "")) })
            .await
            .unwrap();
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(issued.load(Ordering::SeqCst), 3);
    }
}
