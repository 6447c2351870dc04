//! `/api/connections`: list, create, detail, rename / enable, delete, and
//! Test Connection (which appends to the side's history).

use crate::actor::actor;
use crate::connectors::Credentials;
use crate::error::AppError;
use crate::security::viewer::Viewer;
use crate::store::{SavedCredentials, Secret};
use crate::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use dropstream_api::{
    check_platform_side, validate_connection_name, validate_fields, Category, ConnectionDetail,
    ConnectionSummary, ConnectionUpdate, FieldError, NewConnection, Platform, Saved, Side,
    TestRequest, TestResult, TestRun,
};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/connections", get(list).post(create))
        .route(
            "/connections/{id}",
            get(detail).patch(update).delete(remove),
        )
        .route("/connections/{id}/{side}/test", post(test))
}

async fn list(State(state): State<AppState>) -> Result<Json<Vec<ConnectionSummary>>, AppError> {
    Ok(Json(state.store.list_connections().await?))
}

async fn create(
    State(state): State<AppState>,
    body: Result<Json<NewConnection>, JsonRejection>,
) -> Result<(StatusCode, Json<ConnectionSummary>), AppError> {
    let Json(new) = body?;
    let mut errors = Vec::new();
    let name = validate_connection_name(&new.name).map_err(|m| errors.push(field_error("name", m)));
    for (key, platform, side) in [
        ("store_platform", new.store_platform, Side::Store),
        (
            "warehouse_platform",
            new.warehouse_platform,
            Side::Warehouse,
        ),
    ] {
        if let Err(m) = check_platform_side(platform, side) {
            errors.push(field_error(key, m));
        }
    }
    let name = match name {
        Ok(name) if errors.is_empty() => name,
        _ => return Err(validation(errors)),
    };
    let id = state
        .store
        .create_connection(&name, new.store_platform, new.warehouse_platform, false)
        .await?;
    let created = state.store.connection(id).await?;
    let created = created.ok_or_else(|| unknown_connection(id))?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn update(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<ConnectionUpdate>, JsonRejection>,
) -> Result<Json<ConnectionSummary>, AppError> {
    let Path(id) = path?;
    let id = parse_id(&id)?;
    let Json(change) = body?;
    let name = change
        .name
        .as_deref()
        .map(validate_connection_name)
        .transpose()
        .map_err(|m| validation(vec![field_error("name", m)]))?;
    if !state
        .store
        .update_connection(id, name.as_deref(), change.enabled)
        .await?
    {
        return Err(unknown_connection(id));
    }
    let updated = state.store.connection(id).await?;
    updated.map(Json).ok_or_else(|| unknown_connection(id))
}

async fn remove(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, AppError> {
    let Path(id) = path?;
    let id = parse_id(&id)?;
    if state.store.delete_connection(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(unknown_connection(id))
    }
}

async fn detail(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<ConnectionDetail>, AppError> {
    let Path(id) = path?;
    let id = parse_id(&id)?;
    let detail = state.store.connection_detail(id).await?;
    detail.map(Json).ok_or_else(|| unknown_connection(id))
}

async fn test(
    State(state): State<AppState>,
    viewer: Viewer,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<TestRequest>, JsonRejection>,
) -> Result<Json<TestResult>, AppError> {
    let (connection, side) = connection_side(&state, path).await?;
    let id = connection.id;
    let Json(request) = body?;
    let platform = request.platform;
    if platform.side() != side {
        return Err(AppError::BadRequest(format!(
            "{} is a {} platform; it cannot be tested on the {} side.",
            platform.display_name(),
            platform.side(),
            side
        )));
    }

    // Cheap refusals come before any credential is read and decrypted.
    let Some(_running) = InFlight::claim(&state.in_flight, id, side) else {
        return Err(AppError::Conflict(format!(
            "A test of this connection's {side} credentials is already running; wait for its result."
        )));
    };
    let Ok(_slot) = state.test_slots.clone().try_acquire_owned() else {
        tracing::warn!("outbound test cap reached");
        return Err(AppError::Unavailable {
            retry_after: Some(BUSY_RETRY_SECS),
            message: format!(
                "Too many connection tests are running right now. Try again in {BUSY_RETRY_SECS} seconds."
            ),
        });
    };

    // Saved values apply only to the platform they were saved for.
    let saved = if connection.platform(side) == platform {
        state.store.credentials(id, side).await?
    } else {
        Default::default()
    };
    let clean = match validate_fields(
        platform,
        &request.fields,
        &SavedLookup {
            platform,
            saved: &saved,
        },
    ) {
        Ok(clean) => clean,
        Err(field_errors) => {
            let mut result = invalid_input(field_errors.len());
            result.field_errors = field_errors;
            return Ok(Json(result));
        }
    };
    let mut creds: Credentials = clean
        .into_iter()
        .map(|(k, v)| (k, Secret::new(v)))
        .collect();
    for (key, value) in saved {
        creds.entry(key).or_insert(value);
    }

    let result = state.connectors.test(platform, &creds).await;
    tracing::info!(
        connection = id,
        %side,
        platform = platform.as_str(),
        ok = result.ok,
        category = result.category.map(Category::as_str),
        http_status = result.http_status,
        duration_ms = result.duration_ms,
        "test connection"
    );
    let run = TestRun {
        at: String::new(),
        ran_by: actor(&viewer),
        side,
        platform,
        ok: result.ok,
        category: result.category,
        http_status: result.http_status,
        duration_ms: result.duration_ms,
    };
    // The platform has answered; a history that cannot be written must not
    // hide that answer from the user.
    if let Err(e) = state.store.record_run(id, &run).await {
        tracing::error!(connection = id, %side, error = %e, "could not record the test run");
    }
    Ok(Json(result))
}

/// Seconds to wait when every outbound test slot is taken: about one
/// test's time.
const BUSY_RETRY_SECS: u64 = 5;

/// Tells validation what is saved, without letting it see secret values.
pub(crate) struct SavedLookup<'a> {
    pub platform: Platform,
    pub saved: &'a SavedCredentials,
}

impl Saved for SavedLookup<'_> {
    fn plain(&self, key: &str) -> Option<String> {
        let spec = self.platform.field(key)?;
        (!spec.secret)
            .then(|| self.saved.get(key).map(|v| v.expose().to_string()))
            .flatten()
    }

    fn secret_set(&self, key: &str) -> bool {
        self.saved.contains_key(key)
    }
}

fn invalid_input(count: usize) -> TestResult {
    let message = if count == 1 {
        "One field needs attention before we can test.".to_string()
    } else {
        format!("{count} fields need attention before we can test.")
    };
    TestResult::failure(
        Category::InvalidInput,
        message,
        "Correct the highlighted fields, then test again. Nothing was sent to the platform."
            .to_string(),
    )
    .with_steps(crate::connectors::steps_not_run())
}

pub(crate) fn field_error(field: &str, message: String) -> FieldError {
    FieldError {
        field: field.to_string(),
        message,
    }
}

/// 422 naming each refused field.
pub(crate) fn validation(fields: Vec<FieldError>) -> AppError {
    let message = match fields.as_slice() {
        [one] => one.message.clone(),
        many => format!("{} fields need attention.", many.len()),
    };
    AppError::Validation { message, fields }
}

/// The connection and side a `/connections/{id}/{side}/…` path names: 404
/// for an unknown id, side or connection.
pub(crate) async fn connection_side(
    state: &AppState,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<(ConnectionSummary, Side), AppError> {
    let Path((id, side)) = path?;
    let id = parse_id(&id)?;
    let side = parse_side(&side)?;
    match state.store.connection(id).await? {
        Some(connection) => Ok((connection, side)),
        None => Err(unknown_connection(id)),
    }
}

pub(crate) fn parse_side(raw: &str) -> Result<Side, AppError> {
    Side::parse(raw).ok_or_else(|| {
        AppError::NotFound(format!("“{raw}” is not a side; use store or warehouse."))
    })
}

pub(crate) fn parse_id(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(format!("“{raw}” is not a connection id.")))
}

pub(crate) fn unknown_connection(id: i64) -> AppError {
    AppError::NotFound(format!("Connection {id} does not exist."))
}

/// Tests currently running, one per connection side.
pub type InFlightSet = Arc<Mutex<HashSet<(i64, Side)>>>;

/// Holds a side's slot while its test runs; frees it on drop, including when
/// the client goes away and the handler future is dropped.
struct InFlight {
    set: InFlightSet,
    key: (i64, Side),
}

impl InFlight {
    fn claim(set: &InFlightSet, id: i64, side: Side) -> Option<InFlight> {
        let key = (id, side);
        let fresh = set.lock().unwrap_or_else(|p| p.into_inner()).insert(key);
        fresh.then(|| InFlight {
            set: set.clone(),
            key,
        })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.set
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.key);
    }
}
