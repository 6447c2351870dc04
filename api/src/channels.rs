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

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Orders => "orders",
            Channel::Shipments => "shipments",
            Channel::Inventory => "inventory",
        }
    }

    pub fn parse(raw: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == raw)
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

/// How often an enabled connection runs a channel on its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    #[serde(rename = "every_15_minutes")]
    Every15Minutes,
    #[default]
    Hourly,
    #[serde(rename = "every_6_hours")]
    Every6Hours,
    Daily,
}

impl Schedule {
    pub const ALL: [Schedule; 4] = [
        Schedule::Every15Minutes,
        Schedule::Hourly,
        Schedule::Every6Hours,
        Schedule::Daily,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Schedule::Every15Minutes => "every_15_minutes",
            Schedule::Hourly => "hourly",
            Schedule::Every6Hours => "every_6_hours",
            Schedule::Daily => "daily",
        }
    }

    pub fn parse(raw: &str) -> Option<Schedule> {
        Schedule::ALL.into_iter().find(|s| s.as_str() == raw)
    }

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

/// Body of `PATCH /api/connections/{id}/channels/{channel}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
}

/// How a run ended (or that it has not yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    Running,
    /// Every record moved.
    Succeeded,
    /// The run went through, but some records could not move.
    Partial,
    /// The run stopped early: a platform refused or could not be reached.
    Failed,
}

impl RunOutcome {
    pub const ALL: [RunOutcome; 4] = [
        RunOutcome::Running,
        RunOutcome::Succeeded,
        RunOutcome::Partial,
        RunOutcome::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RunOutcome::Running => "running",
            RunOutcome::Succeeded => "succeeded",
            RunOutcome::Partial => "partial",
            RunOutcome::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<RunOutcome> {
        RunOutcome::ALL.into_iter().find(|o| o.as_str() == raw)
    }

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
    fn names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
            let (from, to) = c.direction();
            assert_ne!(from, to);
        }
        for s in Schedule::ALL {
            assert_eq!(Schedule::parse(s.as_str()), Some(s));
            let wire = serde_json::to_string(&s).unwrap();
            assert_eq!(wire, format!("\"{}\"", s.as_str()));
        }
        for o in RunOutcome::ALL {
            assert_eq!(RunOutcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(Channel::parse("Orders"), None);
    }

    #[test]
    fn schedules_grow_longer() {
        let minutes = Schedule::ALL.map(Schedule::minutes);
        assert!(minutes.windows(2).all(|w| w[0] < w[1]), "{minutes:?}");
    }
}
