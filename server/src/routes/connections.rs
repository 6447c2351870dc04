//! `/api/connections`: list, create, detail, rename / enable, delete, and
//! Test Connection (which appends to the side's history).

use crate::connectors::Credentials;
use crate::error::AppError;
use crate::security::viewer::Access;
use crate::store::audit::AuditEvent;
use crate::store::listing::{ConnectionCursor, ConnectionFilter};
use crate::store::{SavedCredentials, Scope, Secret};
use crate::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use dropstream_api::validate::validate_field;
use dropstream_api::{
    check_platform_side, validate_connection_name, validate_fields, Category, ConnectionDetail,
    ConnectionSummary, ConnectionUpdate, FieldError, NewConnection, Platform, Saved, Side,
    TestRequest, TestResult, TestRun, CONNECTIONS_PAGE, CONNECTIONS_PAGE_MAX, NEXT_PAGE_HEADER,
};
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/connections", get(list).post(create))
        .route(
            "/connections/{id}",
            get(detail).patch(update).delete(remove),
        )
        .route("/connections/{id}/{side}/test", post(test))
}

/// `GET /api/connections` query: the page (`after`, `limit`) and the
/// filters, named as in the SPA's own address bar.
#[derive(Deserialize)]
struct ListQuery {
    after: Option<String>,
    limit: Option<String>,
    merchant: Option<String>,
    status: Option<String>,
    store: Option<String>,
    warehouse: Option<String>,
    q: Option<String>,
}

/// One page of the connections in scope, by name; the next page's cursor,
/// if any, is in the `NEXT_PAGE_HEADER` header.
async fn list(
    State(state): State<AppState>,
    access: Access,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<(HeaderMap, Json<Vec<ConnectionSummary>>), AppError> {
    let Query(query) = query
        .map_err(|_| AppError::BadRequest("The connections query could not be read.".into()))?;
    let after = match query.after.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(ConnectionCursor::decode(raw).ok_or_else(|| {
            AppError::BadRequest("That page of connections does not exist. Reload the list.".into())
        })?),
    };
    let limit = match query.limit.as_deref() {
        None | Some("") => CONNECTIONS_PAGE,
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=CONNECTIONS_PAGE_MAX).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "“{raw}” is not a page size; use 1 to {CONNECTIONS_PAGE_MAX}."
                ))
            })?,
    };
    let filter = list_filter(&query)?;
    let page = state
        .store
        .connection_page(access.scope(), &filter, after.as_ref(), limit.into())
        .await?;
    let mut headers = HeaderMap::new();
    if let Some(next) = page.next {
        headers.insert(
            NEXT_PAGE_HEADER,
            HeaderValue::from_str(&next.encode()).map_err(anyhow::Error::from)?,
        );
    }
    Ok((headers, Json(page.connections)))
}

fn list_filter(query: &ListQuery) -> Result<ConnectionFilter, AppError> {
    let platform = |raw: &Option<String>, side: Side| match raw.as_deref() {
        None | Some("") => Ok(None),
        Some(raw) => Platform::parse(raw)
            .filter(|p| p.side() == side)
            .map(Some)
            .ok_or_else(|| AppError::BadRequest(format!("“{raw}” is not a {side} platform."))),
    };
    Ok(ConnectionFilter {
        merchant: match query.merchant.as_deref() {
            None | Some("") => None,
            Some(raw) => Some(
                raw.parse()
                    .map_err(|_| AppError::BadRequest(format!("“{raw}” is not a merchant id.")))?,
            ),
        },
        enabled: match query.status.as_deref() {
            None | Some("") => None,
            Some("enabled") => Some(true),
            Some("disabled") => Some(false),
            Some(raw) => {
                return Err(AppError::BadRequest(format!(
                    "“{raw}” is not a status; use enabled or disabled."
                )))
            }
        },
        store: platform(&query.store, Side::Store)?,
        warehouse: platform(&query.warehouse, Side::Warehouse)?,
        name_contains: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_string),
    })
}

async fn create(
    State(state): State<AppState>,
    access: Access,
    body: Result<Json<NewConnection>, JsonRejection>,
) -> Result<(StatusCode, Json<ConnectionSummary>), AppError> {
    access.may_change_connections()?;
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
    let merchant = owner_of_new(&state, &access, new.merchant_id)
        .await?
        .map_err(|m| errors.push(field_error("merchant_id", m)));
    let (name, merchant) = match (name, merchant) {
        (Ok(name), Ok(merchant)) if errors.is_empty() => (name, merchant),
        _ => return Err(validation(errors)),
    };
    let id = state
        .store
        .create_connection(
            merchant,
            &name,
            new.store_platform,
            new.warehouse_platform,
            false,
        )
        .await?;
    let created = state.store.connection(id, Scope::All).await?;
    let created = created.ok_or_else(|| unknown_connection(id))?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The merchant a new connection belongs to: a merchant user's own, or the
/// one an admin named (which must exist). The inner error is a message for
/// the `merchant_id` field.
async fn owner_of_new(
    state: &AppState,
    access: &Access,
    named: Option<i64>,
) -> Result<Result<i64, String>, AppError> {
    if let Scope::Merchant(own) = access.scope() {
        return Ok(match named {
            Some(other) if other != own => {
                Err("You can only add connections to your own merchant.".into())
            }
            _ => Ok(own),
        });
    }
    Ok(match named {
        None => Err("Choose the merchant this connection belongs to.".into()),
        Some(id) => match state.store.merchant(id).await? {
            Some(m) => Ok(m.id),
            None => Err(format!("There is no merchant {id}.")),
        },
    })
}

async fn update(
    State(state): State<AppState>,
    access: Access,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<ConnectionUpdate>, JsonRejection>,
) -> Result<Json<ConnectionSummary>, AppError> {
    let Path(id) = path?;
    let id = visible_connection(&state, &access, &id).await?.id;
    access.may_change_connections()?;
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
    let updated = state.store.connection(id, access.scope()).await?;
    updated.map(Json).ok_or_else(|| unknown_connection(id))
}

async fn remove(
    State(state): State<AppState>,
    access: Access,
    path: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, AppError> {
    let Path(id) = path?;
    let connection = visible_connection(&state, &access, &id).await?;
    access.may_change_connections()?;
    if !state.store.delete_connection(connection.id).await? {
        return Err(unknown_connection(connection.id));
    }
    state
        .store
        .audit(AuditEvent {
            user_id: Some(access.account.id),
            actor: access.actor(),
            action: "connection_deleted",
            target: connection_target(&connection),
            detail: String::new(),
            address: &access.address,
        })
        .await;
    Ok(StatusCode::NO_CONTENT)
}

async fn detail(
    State(state): State<AppState>,
    access: Access,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<ConnectionDetail>, AppError> {
    let Path(id) = path?;
    let id = parse_id(&id)?;
    let detail = state.store.connection_detail(id, access.scope()).await?;
    detail.map(Json).ok_or_else(|| unknown_connection(id))
}

async fn test(
    State(state): State<AppState>,
    access: Access,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<TestRequest>, JsonRejection>,
) -> Result<Json<TestResult>, AppError> {
    let (connection, side) = connection_side(&state, &access, path).await?;
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

    // Cheap refusals come before any credential is read and decrypted, in
    // this order: too many tests (429, the route layer), an unknown
    // connection or side (404), a platform of the other side (400), a test
    // of this side already running (409), every outbound slot taken (503),
    // then fields that are wrong whatever is saved (invalid_input). Only
    // then are the saved values opened, for the checks that need them.
    let lease = format!("test:{id}:{side}");
    // Held at most as long as a request may run; past that its server died.
    let ttl = state.timeouts.request + std::time::Duration::from_secs(5);
    let Some(running) = state.store.try_lease(&lease, ttl).await? else {
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
    let answer = run_test(&state, &access, &connection, side, request).await;
    running.release().await;
    answer
}

/// Tests one side with the request's fields over the saved ones, and
/// records the run; the caller holds the side's lease.
async fn run_test(
    state: &AppState,
    access: &Access,
    connection: &ConnectionSummary,
    side: Side,
    request: TestRequest,
) -> Result<Json<TestResult>, AppError> {
    let (id, platform) = (connection.id, request.platform);
    if let Err(field_errors) = validate_fields(
        platform,
        &request.fields,
        &AssumeSaved {
            platform,
            fields: &request.fields,
        },
    ) {
        let mut result = invalid_input(field_errors.len());
        result.field_errors = field_errors;
        return Ok(Json(result));
    }

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
        ran_by: access.account.display_name.clone(),
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

/// Validation as if every secret were saved and every other field were
/// what it was saved with: it refuses only what is wrong whatever is saved,
/// so it needs nothing from the database.
struct AssumeSaved<'a> {
    platform: Platform,
    fields: &'a BTreeMap<String, String>,
}

impl Saved for AssumeSaved<'_> {
    fn plain(&self, key: &str) -> Option<String> {
        let spec = self.platform.field(key)?;
        validate_field(spec, self.fields.get(key)?).ok()
    }

    fn secret_set(&self, _: &str) -> bool {
        true
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
/// for an unknown id, side or connection, and for one outside the person's
/// scope (another merchant's ids look exactly like missing ones).
pub(crate) async fn connection_side(
    state: &AppState,
    access: &Access,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<(ConnectionSummary, Side), AppError> {
    let Path((id, side)) = path?;
    let side = parse_side(&side)?;
    Ok((visible_connection(state, access, &id).await?, side))
}

/// The connection a path's id names, if the person may see it, else 404.
async fn visible_connection(
    state: &AppState,
    access: &Access,
    raw_id: &str,
) -> Result<ConnectionSummary, AppError> {
    let id = parse_id(raw_id)?;
    match state.store.connection(id, access.scope()).await? {
        Some(connection) => Ok(connection),
        None => Err(unknown_connection(id)),
    }
}

/// How the audit log names a connection (and a side of it).
pub(crate) fn connection_target(connection: &ConnectionSummary) -> String {
    format!(
        "Connection {} ({}) of {}",
        connection.id, connection.name, connection.merchant_name
    )
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
