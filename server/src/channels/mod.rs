//! Channel runs: the records a channel moves, what each side's platform
//! must do for them (one trait per job, e.g. [`OrderSource`], [`OrderSink`]), and the run loop
//! that moves them page by page, writes the run log and ends with a
//! diagnosis that names the side to fix.
//!
//! A run never moves a record twice: an order already created in the
//! warehouse is remembered per connection, and the warehouse refuses a
//! second order with the same reference.
//!
//! Shipments go the other way: the warehouse's shipments whose tracking
//! the store has not had yet are sent to their store orders, each once
//! (the store order is fulfilled, and the warehouse is told the tracking
//! went out).
//!
//! Inventory sets the store's stock of each SKU to what the warehouse can
//! fulfil; a SKU the store does not sell is logged as a mismatch.

mod diagnosis;
pub mod runner;

pub use diagnosis::{diagnose, RunLog};

use crate::connectors::{Connectors, Credentials};
use crate::store::channels::RunEnd;
use crate::store::Store;
use async_trait::async_trait;
use dropstream_api::{Side, TestResult};
use std::time::Instant;

/// A store order, as the warehouse needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    /// The store's id of the order: the reference the warehouse keeps.
    pub id: String,
    /// What the merchant calls it (e.g. `#1001`).
    pub number: String,
    pub lines: Vec<Line>,
    pub ship_to: Address,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub sku: String,
    pub quantity: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    pub name: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// One page of a listing, and where the next one starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// A platform's answer that ends the run: classified like a Test
/// Connection answer, on the side that gave it.
#[derive(Clone, Debug, PartialEq)]
pub struct Halt {
    pub side: Side,
    pub result: TestResult,
}

/// Why one record could not move.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// This record only: the run goes on with the next one.
    Record { sku: Option<String>, reason: String },
    /// The platform refused or failed: the run ends here.
    Halt(Halt),
}

impl From<Halt> for Refusal {
    fn from(halt: Halt) -> Refusal {
        Refusal::Halt(halt)
    }
}

/// A warehouse shipment with its tracking, as the store needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shipment {
    /// The warehouse's id of the shipment.
    pub id: String,
    /// The reference its order carries in the warehouse (ours, from
    /// [`order_reference`], when the desk created the order).
    pub reference: String,
    pub tracking: Tracking,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tracking {
    pub number: String,
    pub carrier: String,
    pub url: Option<String>,
}

/// What the warehouse can ship of one SKU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockLevel {
    pub sku: String,
    pub quantity: i64,
}

/// What setting a store's stock did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StockSet {
    Changed,
    /// The store had that quantity already.
    Unchanged,
}

/// What fulfilling a store order did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fulfilled {
    New,
    /// The store order was fulfilled already (by an earlier run, or by
    /// hand): nothing was changed.
    AlreadyThere,
}

/// An order the warehouse now holds: made by this call, or by an earlier
/// one with the same reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Created {
    New(String),
    AlreadyThere(String),
}

/// A store's open orders, for Sales Orders.
#[async_trait]
pub trait OrderSource: Send + Sync {
    /// Orders waiting to be shipped, oldest first.
    async fn orders(&self, page: Option<&str>) -> Result<Page<Order>, Halt>;
}

/// A warehouse that takes orders, for Sales Orders.
#[async_trait]
pub trait OrderSink: Send + Sync {
    /// Creates the order under `reference`, or finds the one an earlier
    /// call made with it.
    async fn create_order(&self, order: &Order, reference: &str) -> Result<Created, Refusal>;
}

/// A warehouse's shipments, for Shipments.
#[async_trait]
pub trait ShipmentSource: Send + Sync {
    /// Shipments with tracking that the store has not been sent yet.
    async fn shipments(&self, page: Option<&str>) -> Result<Page<Shipment>, Halt>;
    /// Tells the warehouse the shipment's tracking reached the store, so it
    /// is not listed again.
    async fn mark_sent(&self, shipment: &Shipment) -> Result<(), Halt>;
}

/// A store whose orders take tracking, for Shipments.
#[async_trait]
pub trait ShipmentSink: Send + Sync {
    /// Fulfils store order `order` (its id) with the shipment's tracking.
    async fn fulfill(&self, order: &str, shipment: &Shipment) -> Result<Fulfilled, Refusal>;
}

/// A warehouse's stock, for Inventory.
#[async_trait]
pub trait StockSource: Send + Sync {
    /// Stock levels by SKU, page by page.
    async fn stock(&self, page: Option<&str>) -> Result<Page<StockLevel>, Halt>;
}

/// A store whose stock can be set, for Inventory.
#[async_trait]
pub trait StockSink: Send + Sync {
    /// Sets the store's quantity of the SKU (not adds to it: a run repeated
    /// leaves the same numbers).
    async fn set_stock(&self, level: &StockLevel) -> Result<StockSet, Refusal>;
}

/// Makes a run's store side from the connectors and its saved credentials.
pub type OrdersFrom = for<'a> fn(&'a Connectors, &Credentials) -> Box<dyn OrderSource + 'a>;
/// Makes a run's warehouse side, the same way.
pub type OrdersTo = for<'a> fn(&'a Connectors, &Credentials) -> Box<dyn OrderSink + 'a>;
/// The warehouse side of Shipments.
pub type ShipmentsFrom = for<'a> fn(&'a Connectors, &Credentials) -> Box<dyn ShipmentSource + 'a>;
/// The store side of Shipments.
pub type ShipmentsTo = for<'a> fn(&'a Connectors, &Credentials) -> Box<dyn ShipmentSink + 'a>;
/// The warehouse side of Inventory.
pub type StockFrom = for<'a> fn(&'a Connectors, &Credentials) -> Box<dyn StockSource + 'a>;
/// The store side of Inventory.
pub type StockTo = for<'a> fn(&'a Connectors, &Credentials) -> Box<dyn StockSink + 'a>;

/// The jobs a platform does in channel runs, each `None` until it is built.
/// A channel runs between two platforms when the store does the store's
/// job and the warehouse the warehouse's.
pub struct Roles {
    pub orders_from: Option<OrdersFrom>,
    pub orders_to: Option<OrdersTo>,
    pub shipments_from: Option<ShipmentsFrom>,
    pub shipments_to: Option<ShipmentsTo>,
    pub stock_from: Option<StockFrom>,
    pub stock_to: Option<StockTo>,
}

impl Roles {
    /// A platform that takes no part in channel runs yet.
    pub const NONE: Roles = Roles {
        orders_from: None,
        orders_to: None,
        shipments_from: None,
        shipments_to: None,
        stock_from: None,
        stock_to: None,
    };
}

/// One run in progress: where it writes, and until when it may go on.
pub struct Run<'a> {
    pub store: &'a Store,
    pub connection: i64,
    pub run_id: i64,
    pub deadline: Instant,
    pub log: RunLog,
}

/// The reference an order carries in the warehouse: the same for every
/// run of this connection, so the warehouse can refuse a second copy.
pub fn order_reference(connection: i64, store_order: &str) -> String {
    format!("ds-{connection}-{store_order}")
}

impl Run<'_> {
    /// Sales Orders: the store's open orders, created in the warehouse.
    pub async fn orders(mut self, from: &dyn OrderSource, to: &dyn OrderSink) -> RunEnd {
        let mut page = None;
        loop {
            if self.out_of_time() {
                break;
            }
            let batch = match from.orders(page.as_deref()).await {
                Ok(batch) => batch,
                Err(halt) => return self.log.halted(halt),
            };
            for order in batch.items {
                self.log.counts.read += 1;
                if let Err(halt) = self.order(&order, to).await {
                    return self.log.halted(halt);
                }
            }
            match batch.next {
                Some(next) => page = Some(next),
                None => break,
            }
        }
        self.log.finished()
    }

    /// Shipments: the warehouse's unsent tracking, onto the store's orders.
    /// Every page is read before any shipment is marked sent, since marking
    /// takes it out of the listing that the pages count through.
    pub async fn shipments(mut self, from: &dyn ShipmentSource, to: &dyn ShipmentSink) -> RunEnd {
        let mut unsent = Vec::new();
        let mut page = None;
        loop {
            let batch = match from.shipments(page.as_deref()).await {
                Ok(batch) => batch,
                Err(halt) => return self.log.halted(halt),
            };
            unsent.extend(batch.items);
            match batch.next {
                Some(next) if !self.out_of_time() => page = Some(next),
                _ => break,
            }
        }
        for shipment in unsent {
            if self.out_of_time() {
                break;
            }
            self.log.counts.read += 1;
            if let Err(halt) = self.shipment(&shipment, from, to).await {
                return self.log.halted(halt);
            }
        }
        self.log.finished()
    }

    /// Inventory: each SKU's stock in the warehouse, set on the store.
    pub async fn inventory(mut self, from: &dyn StockSource, to: &dyn StockSink) -> RunEnd {
        let mut page = None;
        loop {
            if self.out_of_time() {
                break;
            }
            let batch = match from.stock(page.as_deref()).await {
                Ok(batch) => batch,
                Err(halt) => return self.log.halted(halt),
            };
            for level in batch.items {
                self.log.counts.read += 1;
                match to.set_stock(&level).await {
                    Ok(StockSet::Changed) => self.log.counts.updated += 1,
                    Ok(StockSet::Unchanged) => self.log.counts.skipped += 1,
                    Err(Refusal::Record { sku, reason }) => {
                        let record = format!("SKU {}", level.sku);
                        self.problem(&record, sku.as_deref(), &reason).await;
                    }
                    Err(Refusal::Halt(halt)) => return self.log.halted(halt),
                }
            }
            match batch.next {
                Some(next) => page = Some(next),
                None => break,
            }
        }
        self.log.finished()
    }

    async fn shipment(
        &mut self,
        shipment: &Shipment,
        from: &dyn ShipmentSource,
        to: &dyn ShipmentSink,
    ) -> Result<(), Halt> {
        // Only orders this connection put in the warehouse go back.
        let Some(order) = shipment
            .reference
            .strip_prefix(&order_reference(self.connection, ""))
        else {
            self.log.counts.skipped += 1;
            return Ok(());
        };
        // A warehouse that cannot mark a shipment sent (Extensiv) lists it
        // again: the tracking this connection sent already is not sent twice,
        // and the store is not asked.
        let sent = self.store.sent_tracking(self.connection, order).await;
        if matches!(&sent, Ok(Some(number)) if *number == shipment.tracking.number) {
            self.log.counts.skipped += 1;
            return from.mark_sent(shipment).await;
        }
        match to.fulfill(order, shipment).await {
            Ok(Fulfilled::New) => self.log.counts.updated += 1,
            Ok(Fulfilled::AlreadyThere) => self.log.counts.skipped += 1,
            Err(Refusal::Record { sku, reason }) => {
                let record = format!("Shipment {} (order {order})", shipment.id);
                self.problem(&record, sku.as_deref(), &reason).await;
                return Ok(());
            }
            Err(Refusal::Halt(halt)) => return Err(halt),
        }
        if let Err(e) = self
            .store
            .record_tracking(self.connection, order, &shipment.tracking.number)
            .await
        {
            // The store order is fulfilled now, so the next run finds it so.
            tracing::error!(error = %e, "could not note a sent tracking number");
        }
        from.mark_sent(shipment).await
    }

    async fn order(&mut self, order: &Order, to: &dyn OrderSink) -> Result<(), Halt> {
        let moved = self.store.moved_order(self.connection, &order.id).await;
        if matches!(moved, Ok(Some(_))) {
            self.log.counts.skipped += 1;
            return Ok(());
        }
        let reference = order_reference(self.connection, &order.id);
        match to.create_order(order, &reference).await {
            Ok(created) => {
                let (Created::New(id) | Created::AlreadyThere(id)) = &created;
                self.remember(order, id).await;
                match created {
                    Created::New(_) => self.log.counts.created += 1,
                    Created::AlreadyThere(_) => self.log.counts.skipped += 1,
                }
                Ok(())
            }
            Err(Refusal::Record { sku, reason }) => {
                let record = format!("Order {}", order.number);
                self.problem(&record, sku.as_deref(), &reason).await;
                Ok(())
            }
            Err(Refusal::Halt(halt)) => Err(halt),
        }
    }

    async fn remember(&self, order: &Order, warehouse_order: &str) {
        if let Err(e) = self
            .store
            .record_moved(self.connection, &order.id, warehouse_order)
            .await
        {
            // The warehouse holds the order under its reference, so the
            // next run finds it there instead of creating another.
            tracing::error!(error = %e, "could not note a moved order");
        }
    }

    async fn problem(&mut self, record: &str, sku: Option<&str>, reason: &str) {
        self.log.counts.failed += 1;
        if let Some(sku) = sku {
            self.log.note_sku(sku);
        }
        if let Err(e) = self
            .store
            .add_problem(self.run_id, record, sku, reason)
            .await
        {
            tracing::error!(error = %e, "could not write a run problem");
        }
    }

    /// Past the deadline the run stops between records and says how far
    /// it got; the next run goes on from there.
    fn out_of_time(&mut self) -> bool {
        if Instant::now() < self.deadline {
            return false;
        }
        self.log.stopped_at_deadline = true;
        true
    }
}
