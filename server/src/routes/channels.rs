//! `/api/connections/{id}/channels`: a connection's channels, turning them
//! on and off with a schedule, and their runs with their logs.

use super::extract::{ChannelPath, Json, Path, Query, VisibleConnection};
use crate::channels::runner;
use crate::error::AppError;
use crate::security::viewer::Editor;
use crate::store::audit::{connection_target, AuditEvent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use dropstream_api::{
    Channel, ChannelState, ChannelUpdate, ConnectionSummary, RunOutcome, RunProblem, RunSummary,
    Side,
};
use serde::Deserialize;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/connections/{id}/channels", get(list))
        .route(
            "/connections/{id}/channels/{channel}",
            get(one).patch(update),
        )
        .route(
            "/connections/{id}/channels/{channel}/runs",
            get(runs).post(run_now),
        )
        .route("/connections/{id}/runs/{run}", get(run))
        .route("/connections/{id}/runs/{run}/problems", get(problems))
}

async fn list(
    State(state): State<AppState>,
    VisibleConnection(connection): VisibleConnection,
) -> Result<Json<Vec<ChannelState>>, AppError> {
    Ok(Json(state.store.channels(connection.id).await?))
}

async fn one(
    State(state): State<AppState>,
    VisibleConnection(connection): VisibleConnection,
    ChannelPath(channel): ChannelPath,
) -> Result<Json<ChannelState>, AppError> {
    channel_state(&state, &connection, channel).await.map(Json)
}

/// One channel of a connection as it is now (a connection has three).
async fn channel_state(
    state: &AppState,
    connection: &ConnectionSummary,
    channel: Channel,
) -> Result<ChannelState, AppError> {
    let states = state.store.channels(connection.id).await?;
    states
        .into_iter()
        .find(|s| s.channel == channel)
        .ok_or_else(|| AppError::NotFound(format!("{} has no such channel.", connection.name)))
}

async fn update(
    State(state): State<AppState>,
    VisibleConnection(connection): VisibleConnection,
    ChannelPath(channel): ChannelPath,
    Editor(access): Editor,
    Json(change): Json<ChannelUpdate>,
) -> Result<Json<ChannelState>, AppError> {
    let id = connection.id;
    let (store, warehouse) = (
        connection.platform(Side::Store),
        connection.platform(Side::Warehouse),
    );
    if change.enabled == Some(true) && !runner::is_built(channel, store, warehouse) {
        if let Some(why) = runner::cannot_run(channel, store, warehouse) {
            return Err(AppError::NotBuilt(format!("{why} The channel stays off.")));
        }
        return Err(AppError::NotBuilt(format!(
            "{} runs between {} and {} are not built yet, so the channel stays off.",
            channel.title(),
            store.display_name(),
            warehouse.display_name()
        )));
    }
    if !state
        .store
        .update_channel(id, channel, change.enabled, change.schedule)
        .await?
    {
        return Err(super::extract::unknown_connection(id));
    }
    let updated = channel_state(&state, &connection, channel).await?;
    state
        .store
        .audit(AuditEvent {
            user_id: Some(access.account.id),
            actor: access.actor(),
            action: "channel_changed",
            target: format!("{}, {}", connection_target(&connection), channel.title()),
            detail: format!(
                "{}, {}",
                if updated.enabled { "on" } else { "off" },
                updated.schedule.label()
            ),
            address: &access.address,
        })
        .await;
    Ok(Json(updated))
}

/// Run now: 202 with the run, which goes on in the background; 409 while
/// another run of the channel goes on, or when the connection is disabled.
async fn run_now(
    State(state): State<AppState>,
    VisibleConnection(connection): VisibleConnection,
    ChannelPath(channel): ChannelPath,
    Editor(access): Editor,
) -> Result<(StatusCode, Json<RunSummary>), AppError> {
    let by = access.account.display_name.clone();
    let run = runner::start(&state, &connection, channel, Some(by)).await?;
    Ok((StatusCode::ACCEPTED, Json(run)))
}

#[derive(Deserialize)]
struct PageQuery {
    before: Option<i64>,
    after: Option<i64>,
    /// Runs with this outcome only.
    outcome: Option<RunOutcome>,
}

async fn runs(
    State(state): State<AppState>,
    VisibleConnection(connection): VisibleConnection,
    ChannelPath(channel): ChannelPath,
    Query(page): Query<PageQuery>,
) -> Result<Json<Vec<RunSummary>>, AppError> {
    let runs = state
        .store
        .runs_page(connection.id, channel, page.before, page.outcome)
        .await?;
    Ok(Json(runs))
}

/// The run a `/connections/{id}/runs/{run}` path names, of that connection.
async fn named_run(
    state: &AppState,
    connection: i64,
    params: &HashMap<String, String>,
) -> Result<RunSummary, AppError> {
    let raw = params.get("run").map(String::as_str).unwrap_or_default();
    let missing = || AppError::NotFound(format!("“{raw}” is not a run of this connection."));
    let run_id = raw.parse::<i64>().map_err(|_| missing())?;
    state
        .store
        .run(connection, run_id)
        .await?
        .ok_or_else(missing)
}

async fn run(
    State(state): State<AppState>,
    VisibleConnection(connection): VisibleConnection,
    Path(params): Path<HashMap<String, String>>,
) -> Result<Json<RunSummary>, AppError> {
    Ok(Json(named_run(&state, connection.id, &params).await?))
}

async fn problems(
    State(state): State<AppState>,
    VisibleConnection(connection): VisibleConnection,
    Path(params): Path<HashMap<String, String>>,
    Query(page): Query<PageQuery>,
) -> Result<Json<Vec<RunProblem>>, AppError> {
    let run = named_run(&state, connection.id, &params).await?;
    Ok(Json(state.store.problems_page(run.id, page.after).await?))
}
