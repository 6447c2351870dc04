//! Starting runs: Run now and the schedule. A run holds its channel's lease
//! (one run of a channel at a time, across every server on the database),
//! goes on in the background, and writes its end when it is done.

use super::{OrdersFrom, OrdersTo, Run, RunLog, ShipmentsFrom, ShipmentsTo, StockFrom, StockTo};
use crate::error::AppError;
use crate::platforms::home;
use crate::store::channels::{DeadRuns, RunEnd};
use crate::store::shared::Lease;
use crate::store::Scope;
use crate::AppState;
use dropstream_api::{Channel, ConnectionSummary, Diagnosis, HelpLink, Platform, RunSummary, Side};
use std::time::{Duration, Instant};

/// Longest a run goes on before it stops between records.
pub const RUN_DEADLINE: Duration = Duration::from_secs(10 * 60);

/// How a run of one channel between two platforms is made: each side's
/// part comes from its platform's [`Roles`](super::Roles).
#[derive(Clone, Copy)]
enum Plan {
    Orders(OrdersFrom, OrdersTo),
    Shipments(ShipmentsFrom, ShipmentsTo),
    Inventory(StockFrom, StockTo),
}

/// Whether runs of `channel` between these platforms exist yet.
pub fn is_built(channel: Channel, store: Platform, warehouse: Platform) -> bool {
    plan(channel, store, warehouse).is_some()
}

/// Why runs of `channel` between these platforms can never start, when a
/// side's platform has nothing for that job (see
/// [`Platform::channel_unavailable`]).
pub fn cannot_run(channel: Channel, store: Platform, warehouse: Platform) -> Option<String> {
    let why = store
        .channel_unavailable(channel)
        .or_else(|| warehouse.channel_unavailable(channel))?;
    Some(format!(
        "{} cannot run between {} and {}: {why}",
        channel.title(),
        store.display_name(),
        warehouse.display_name()
    ))
}

fn plan(channel: Channel, store: Platform, warehouse: Platform) -> Option<Plan> {
    let (from, to) = (home(store).roles, home(warehouse).roles);
    // Orders go from the store to the warehouse; shipments and stock come
    // back.
    match channel {
        Channel::Orders => Some(Plan::Orders(from.orders_from?, to.orders_to?)),
        Channel::Shipments => Some(Plan::Shipments(to.shipments_from?, from.shipments_to?)),
        Channel::Inventory => Some(Plan::Inventory(to.stock_from?, from.stock_to?)),
    }
}

/// Starts a run of `channel` now and answers with it, running. `started_by`
/// is the person who pressed Run now; `None` is the schedule.
pub async fn start(
    state: &AppState,
    connection: &ConnectionSummary,
    channel: Channel,
    started_by: Option<String>,
) -> Result<RunSummary, AppError> {
    let id = connection.id;
    if !connection.enabled {
        return Err(AppError::Conflict(format!(
            "{} is disabled, so its channels do not run. Enable it on the Connections list first; Test Connection works either way.",
            connection.name
        )));
    }
    let (store_platform, warehouse_platform) = (
        connection.platform(Side::Store),
        connection.platform(Side::Warehouse),
    );
    let Some(plan) = plan(channel, store_platform, warehouse_platform) else {
        if let Some(why) = cannot_run(channel, store_platform, warehouse_platform) {
            return Err(AppError::NotBuilt(why));
        }
        return Err(AppError::NotBuilt(format!(
            "{} runs between {} and {} are not built yet.",
            channel.title(),
            store_platform.display_name(),
            warehouse_platform.display_name()
        )));
    };
    let lease = claim(state, id, channel).await?;
    // Holding the lease, any run of this channel still marked running
    // died with its server.
    state
        .store
        .close_dead_runs(DeadRuns::Of(id, channel), &server_stopped())
        .await?;
    let run_id = state
        .store
        .start_run(id, channel, started_by.as_deref())
        .await?;
    let started = state.store.run(id, run_id).await?;
    let task_state = state.clone();
    tokio::spawn(async move {
        let end = run(&task_state, id, run_id, plan).await;
        if let Err(e) = task_state.store.finish_run(run_id, &end).await {
            tracing::error!(run = run_id, error = %e, "could not write a run's end");
        }
        tracing::info!(
            connection = id,
            run = run_id,
            channel = channel.as_str(),
            outcome = end.outcome.as_str(),
            "channel run finished"
        );
        lease.release().await;
    });
    started.ok_or_else(|| anyhow::anyhow!("run {run_id} vanished").into())
}

/// One run of a channel at a time.
async fn claim(state: &AppState, id: i64, channel: Channel) -> Result<Lease, AppError> {
    let ttl = state.run_deadline + Duration::from_secs(30);
    state
        .store
        .try_lease(&format!("channel:{id}:{}", channel.as_str()), ttl)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(format!(
                "A {} run of this connection is already going; wait for it to finish.",
                channel.title()
            ))
        })
}

/// The run itself, from the saved credentials of both sides.
async fn run(state: &AppState, id: i64, run_id: i64, plan: Plan) -> RunEnd {
    let log = RunLog::default();
    let credentials = async {
        Ok::<_, anyhow::Error>((
            state.store.credentials(id, Side::Store).await?,
            state.store.credentials(id, Side::Warehouse).await?,
        ))
    };
    let (store_creds, warehouse_creds) = match credentials.await {
        Ok(both) => both,
        Err(e) => {
            tracing::error!(run = run_id, error = %e, "could not read a run's credentials");
            return log.credentials_unreadable();
        }
    };
    let run = Run {
        store: &state.store,
        connection: id,
        run_id,
        deadline: Instant::now() + state.run_deadline,
        log,
    };
    let c = &state.connectors;
    match plan {
        Plan::Orders(from, to) => {
            run.orders(&*from(c, &store_creds), &*to(c, &warehouse_creds))
                .await
        }
        Plan::Shipments(from, to) => {
            run.shipments(&*from(c, &warehouse_creds), &*to(c, &store_creds))
                .await
        }
        Plan::Inventory(from, to) => {
            run.inventory(&*from(c, &warehouse_creds), &*to(c, &store_creds))
                .await
        }
    }
}

/// How many due channels one look of the schedule starts at most.
const DUE_PER_LOOK: i64 = 20;

/// Looks for due channels every `every` and runs them, on every server:
/// the channel's lease keeps two servers from running one channel at once.
pub fn spawn_schedule(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            run_due(&state).await;
        }
    })
}

/// One look of the schedule: closes runs whose server died, then starts
/// the due channels of enabled connections.
pub async fn run_due(state: &AppState) {
    let longest = state.run_deadline + Duration::from_secs(60);
    if let Err(e) = state
        .store
        .close_dead_runs(DeadRuns::OlderThan(longest), &server_stopped())
        .await
    {
        tracing::error!(error = %e, "could not close abandoned runs");
    }
    let due = match state.store.due_channels(DUE_PER_LOOK).await {
        Ok(due) => due,
        Err(e) => {
            tracing::error!(error = %e, "could not read the due channels");
            return;
        }
    };
    for (id, channel) in due {
        // Next time comes one period on, whether this one runs or not.
        if let Err(e) = state.store.schedule_next(id, channel).await {
            tracing::error!(connection = id, error = %e, "could not schedule a channel");
            continue;
        }
        let connection = match state.store.connection(id, Scope::All).await {
            Ok(Some(connection)) => connection,
            Ok(None) => continue,
            Err(e) => {
                tracing::error!(connection = id, error = %e, "could not read a due connection");
                continue;
            }
        };
        match start(state, &connection, channel, None).await {
            Ok(run) => tracing::info!(connection = id, run = run.id, "scheduled run started"),
            // Another server (or Run now) is running it.
            Err(AppError::Conflict(_)) => {}
            Err(e) => tracing::warn!(connection = id, error = %e, "scheduled run not started"),
        }
    }
}

/// The end of a run whose server stopped in the middle of it.
fn server_stopped() -> Diagnosis {
    Diagnosis {
        side: None,
        category: None,
        message: "The server stopped in the middle of this run.".into(),
        guidance: "Run the channel again: what this run moved is not moved twice.".into(),
        help: HelpLink {
            slug: super::diagnosis::CHANNELS_ARTICLE.into(),
            anchor: "time-limits".into(),
        },
        skus: Vec::new(),
    }
}
