//! `POST /api/connections/{id}/{side}/test`: one authenticated request to
//! the side's platform with the form's values over the saved ones; the
//! answer is recorded in the side's history.
//!
//! Cheap refusals come before any credential is read and decrypted, in
//! this order: too many tests (429, the route layer), an unknown
//! connection or side (404, the extractor), a platform of the other side
//! (400), a test of this side already running (409), every outbound slot
//! taken (503), then fields that are wrong whatever is saved
//! (`invalid_input`). Only then are the saved values opened, for the
//! checks that need them.

use super::credentials::resolve_credentials;
use super::extract::{ConnectionSide, Json};
use crate::error::AppError;
use crate::security::viewer::Access;
use crate::store::shared::Lease;
use crate::AppState;
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use dropstream_api::validate::validate_field;
use dropstream_api::{
    validate_fields, Category, ConnectionSummary, FieldError, Platform, Saved, Side, TestRequest,
    TestResult, TestRun,
};
use std::collections::BTreeMap;
use tokio::sync::OwnedSemaphorePermit;

pub fn router() -> Router<AppState> {
    Router::new().route("/connections/{id}/{side}/test", post(test))
}

/// Seconds to wait when every outbound test slot is taken: about one
/// test's time.
const BUSY_RETRY_SECS: u64 = 5;

async fn test(
    State(state): State<AppState>,
    access: Access,
    ConnectionSide { connection, side }: ConnectionSide,
    Json(request): Json<TestRequest>,
) -> Result<Json<TestResult>, AppError> {
    refuse_other_side(request.platform, side)?;
    let running = claim_side(&state, connection.id, side).await?;
    let answer = match claim_outbound_slot(&state) {
        Ok(_slot) => run(&state, &access, &connection, side, request).await,
        Err(busy) => Err(busy),
    };
    running.release().await;
    answer
}

fn refuse_other_side(platform: Platform, side: Side) -> Result<(), AppError> {
    if platform.side() == side {
        return Ok(());
    }
    Err(AppError::BadRequest(format!(
        "{} is a {} platform; it cannot be tested on the {} side.",
        platform.display_name(),
        platform.side(),
        side
    )))
}

/// One test of a side at a time, across every server on the database.
async fn claim_side(state: &AppState, id: i64, side: Side) -> Result<Lease, AppError> {
    // Held at most as long as a request may run; past that its server died.
    let ttl = state.timeouts.request + std::time::Duration::from_secs(5);
    state
        .store
        .try_lease(&format!("test:{id}:{side}"), ttl)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(format!(
                "A test of this connection's {side} credentials is already running; wait for its result."
            ))
        })
}

/// A place among the outbound tests this server runs at once.
fn claim_outbound_slot(state: &AppState) -> Result<OwnedSemaphorePermit, AppError> {
    state.test_slots.clone().try_acquire_owned().map_err(|_| {
        tracing::warn!("outbound test cap reached");
        AppError::Unavailable {
            retry_after: Some(BUSY_RETRY_SECS),
            message: format!(
                "Too many connection tests are running right now. Try again in {BUSY_RETRY_SECS} seconds."
            ),
        }
    })
}

/// Checks the fields, asks the platform, and records the run.
async fn run(
    state: &AppState,
    access: &Access,
    connection: &ConnectionSummary,
    side: Side,
    request: TestRequest,
) -> Result<Json<TestResult>, AppError> {
    let platform = request.platform;
    let wrong_anyway = validate_fields(
        platform,
        &request.fields,
        &AssumeSaved {
            platform,
            fields: &request.fields,
        },
    );
    if let Err(field_errors) = wrong_anyway {
        return Ok(Json(invalid_input(field_errors)));
    }
    let credentials =
        match resolve_credentials(state, connection, side, platform, &request.fields).await? {
            Ok(resolved) => resolved.for_test(),
            Err(field_errors) => return Ok(Json(invalid_input(field_errors))),
        };
    let result = state.connectors.test(platform, &credentials).await;
    record(state, access, connection.id, side, platform, &result).await;
    Ok(Json(result))
}

/// Logs the answer and appends it to the side's history.
async fn record(
    state: &AppState,
    access: &Access,
    id: i64,
    side: Side,
    platform: Platform,
    result: &TestResult,
) {
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

/// The badge for fields that stopped the test before anything was sent.
fn invalid_input(field_errors: Vec<FieldError>) -> TestResult {
    let message = match field_errors.len() {
        1 => "One field needs attention before we can test.".to_string(),
        count => format!("{count} fields need attention before we can test."),
    };
    let mut result = TestResult::failure(
        Category::InvalidInput,
        message,
        "Correct the highlighted fields, then test again. Nothing was sent to the platform."
            .to_string(),
    )
    .with_steps(crate::connectors::steps_not_run());
    result.field_errors = field_errors;
    result
}
