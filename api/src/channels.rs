//! Channels and their runs: what moves between a connection's store and
//! warehouse, when, and what happened the last times it did.

use crate::catalog::{Channel, Side};
use crate::result::{Category, HelpLink};
use serde::{Deserialize, Serialize};

impl Channel {
    /// The name a merchant reads on the Channels tab.
    pub fn title(self) -> &'static str {
        match self {
            Channel::Orders => "Sales Orders",
            Channel::Shipments => "Shipments",
            Channel::Inventory => "Inventory",
        }
    }

    /// Where the data is read, then where it is written.
    pub fn direction(self) -> (Side, Side) {
        match self {
            Channel::Orders => (Side::Store, Side::Warehouse),
            Channel::Shipments | Channel::Inventory => (Side::Warehouse, Side::Store),
        }
    }

    /// What one run does, in a sentence.
    pub fn summary(self) -> &'static str {
        match self {
            Channel::Orders => "New orders from the store are created in the warehouse.",
            Channel::Shipments => "Shipped orders get their tracking numbers back in the store.",
            Channel::Inventory => "The warehouse's stock levels are set on the store, by SKU.",
        }
    }
}

wire_enum! {
    /// How often an enabled connection runs a channel on its own.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Schedule {
        Every15Minutes => "every_15_minutes",
        #[default]
        Hourly => "hourly",
        Every6Hours => "every_6_hours",
        Daily => "daily",
    }
}

impl Schedule {
    pub fn label(self) -> &'static str {
        match self {
            Schedule::Every15Minutes => "Every 15 minutes",
            Schedule::Hourly => "Every hour",
            Schedule::Every6Hours => "Every 6 hours",
            Schedule::Daily => "Once a day",
        }
    }

    pub fn minutes(self) -> u32 {
        match self {
            Schedule::Every15Minutes => 15,
            Schedule::Hourly => 60,
            Schedule::Every6Hours => 360,
            Schedule::Daily => 1440,
        }
    }
}

/// One channel of a connection, as the Channels tab shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelState {
    pub channel: Channel,
    pub enabled: bool,
    pub schedule: Schedule,
    /// The newest run, finished or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<RunSummary>,
}

patch_body! {
    /// Body of `PATCH /api/connections/{id}/channels/{channel}`.
    pub struct ChannelUpdate {
        pub enabled: Option<bool>,
        pub schedule: Option<Schedule>,
    }
}

wire_enum! {
    /// How a run ended (or that it has not yet).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum RunOutcome {
        Running => "running",
        /// Every record moved.
        Succeeded => "succeeded",
        /// The run went through, but some records could not move.
        Partial => "partial",
        /// The run stopped early: a platform refused or could not be reached.
        Failed => "failed",
    }
}

impl RunOutcome {
    pub fn label(self) -> &'static str {
        match self {
            RunOutcome::Running => "Running",
            RunOutcome::Succeeded => "Succeeded",
            RunOutcome::Partial => "Finished with problems",
            RunOutcome::Failed => "Failed",
        }
    }
}

/// What a run did, record by record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunCounts {
    pub read: u32,
    pub created: u32,
    pub updated: u32,
    /// Already moved by an earlier run, or nothing to do.
    pub skipped: u32,
    pub failed: u32,
}

/// Why a run failed and which side to fix: the same categories, guidance
/// and help links as the Test Connection badge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// The side whose platform refused or failed; absent when the problem
    /// is in the records themselves (SKUs that do not match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    pub message: String,
    pub guidance: String,
    pub help: HelpLink,
    /// SKUs that exist on one side only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<String>,
}

/// A channel's newest run as the connections list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChannelLatest {
    pub channel: Channel,
    /// The run's id (`/api/connections/{id}/runs/{run}`).
    pub run: i64,
    pub outcome: RunOutcome,
}

/// Runs (and problems of one run's log) in one page of a listing; a page
/// this long may have older ones after it.
pub const RUNS_PAGE: u32 = 50;

/// One run of one channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: i64,
    pub channel: Channel,
    pub outcome: RunOutcome,
    pub started_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// Who pressed Run now; absent for a scheduled run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_by: Option<String>,
    pub counts: RunCounts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
}

/// One line of a run's log: a record that could not move, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunProblem {
    pub id: i64,
    /// The record's id on the side it was read from (an order number, a
    /// shipment id, a SKU).
    pub record: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The exact reason, never a credential.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_channel_moves_data_between_the_two_sides() {
        for c in Channel::ALL {
            let (from, to) = c.direction();
            assert_ne!(from, to);
        }
        assert_eq!(Channel::parse(Channel::Orders.label()), None);
    }

    #[test]
    fn schedules_grow_longer() {
        let minutes = Schedule::ALL.map(Schedule::minutes);
        assert!(minutes.windows(2).all(|w| w[0] < w[1]), "{minutes:?}");
    }
}
