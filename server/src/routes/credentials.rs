//! `PUT /api/connections/{id}/{side}`: save one side's platform and
//! credentials, validated by the api crate's rules, refused with 409 when
//! someone else saved the side since the editor loaded it.

use super::connections::{
    connection_side, connection_target, field_error, unknown_connection, validation, SavedLookup,
};
use crate::error::AppError;
use crate::security::viewer::Access;
use crate::store::audit::AuditEvent;
use crate::store::{SaveOutcome, SavedCredentials, Secret};
use crate::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::routing::put;
use axum::{Json, Router};
use dropstream_api::{check_platform_side, validate_fields, Rule, SaveCredentials, SideSettings};

pub fn router() -> Router<AppState> {
    Router::new().route("/connections/{id}/{side}", put(save))
}

async fn save(
    State(state): State<AppState>,
    access: Access,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<SaveCredentials>, JsonRejection>,
) -> Result<Json<SideSettings>, AppError> {
    let (connection, side) = connection_side(&state, &access, path).await?;
    access.may_change_connections()?;
    let id = connection.id;
    let Json(request) = body?;
    let platform = request.platform;
    check_platform_side(platform, side)
        .map_err(|m| validation(vec![field_error("platform", m)]))?;

    // A blank secret keeps the saved one, but only a value saved for this
    // same platform (and, by the validation rule, the same shop).
    let saved = if connection.platform(side) == platform {
        state.store.credentials(id, side).await?
    } else {
        SavedCredentials::new()
    };
    let clean = validate_fields(
        platform,
        &request.fields,
        &SavedLookup {
            platform,
            saved: &saved,
        },
    )
    .map_err(validation)?;
    // A merchant site the tests may never contact is refused now, not at
    // the first test.
    for (key, value) in &clean {
        let is_site = platform
            .field(key)
            .is_some_and(|spec| spec.rule == Rule::SiteUrl);
        if let (true, Err(refusal)) = (is_site, state.connectors.check_merchant_site(value)) {
            return Err(validation(vec![field_error(
                key,
                format!(
                    "This address is not allowed: {}. Use the store's public https address.",
                    refusal.reason
                ),
            )]));
        }
    }
    let mut values: SavedCredentials = clean
        .into_iter()
        .map(|(k, v)| (k, Secret::new(v)))
        .collect();
    for (key, value) in saved {
        if platform.field(&key).is_some_and(|spec| spec.secret) {
            values.entry(key).or_insert(value);
        }
    }

    match state
        .store
        .save_side(
            id,
            side,
            platform,
            request.version,
            &values,
            &access.account.display_name,
        )
        .await?
    {
        SaveOutcome::Saved(version) => {
            tracing::info!(
                connection = id,
                %side,
                platform = platform.as_str(),
                version,
                fields = values.len(),
                "credentials saved"
            );
            state
                .store
                .audit(AuditEvent {
                    user_id: Some(access.account.id),
                    actor: access.actor(),
                    action: "credentials_saved",
                    target: format!("{}, {}", connection_target(&connection), side.label()),
                    // Field names only: which values were saved, never what.
                    detail: format!(
                        "{} ({})",
                        platform.display_name(),
                        values.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                    address: &access.address,
                })
                .await;
            let detail = state.store.connection_detail(id, access.scope()).await?;
            let detail = detail.ok_or_else(|| unknown_connection(id))?;
            Ok(Json(detail.side(side).clone()))
        }
        SaveOutcome::Stale => Err(AppError::Conflict(format!(
            "Someone else saved these {} credentials since you opened them. Reload to see their changes; your edits are still in the form.",
            side.label()
        ))),
        SaveOutcome::NotFound => Err(unknown_connection(id)),
    }
}
