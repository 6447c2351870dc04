//! `PUT /api/connections/{id}/{side}`: save one side's platform and
//! credentials, validated by the api crate's rules, refused with 409 when
//! someone else saved the side since the editor loaded it. Also the one
//! place a request's fields meet the saved ones, for saves and tests alike.

use super::extract::{unknown_connection, ConnectionSide, Json};
use crate::error::AppError;
use crate::security::viewer::Editor;
use crate::store::audit::{connection_target, AuditEvent};
use crate::store::{SaveOutcome, SavedCredentials, Secret};
use crate::AppState;
use axum::extract::State;
use axum::routing::put;
use axum::Router;
use dropstream_api::{
    check_platform_side, validate_fields, ConnectionSummary, FieldError, Platform, Rule,
    SaveCredentials, Saved, Side, SideSettings,
};
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/connections/{id}/{side}", put(save))
}

async fn save(
    State(state): State<AppState>,
    ConnectionSide { connection, side }: ConnectionSide,
    Editor(access): Editor,
    Json(request): Json<SaveCredentials>,
) -> Result<Json<SideSettings>, AppError> {
    let id = connection.id;
    let platform = request.platform;
    check_platform_side(platform, side).map_err(|m| AppError::field("platform", m))?;
    let values = resolve_credentials(&state, &connection, side, platform, &request.fields)
        .await?
        .map_err(AppError::fields)?;
    refuse_forbidden_sites(&state, platform, &values.entered)?;
    let values = values.for_save(platform);

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

/// A merchant site the tests may never contact is refused when it is
/// saved, not at the first test.
fn refuse_forbidden_sites(
    state: &AppState,
    platform: Platform,
    entered: &SavedCredentials,
) -> Result<(), AppError> {
    for (key, value) in entered {
        let is_site = platform
            .field(key)
            .is_some_and(|spec| spec.rule == Rule::SiteUrl);
        if !is_site {
            continue;
        }
        if let Err(refusal) = state.connectors.check_merchant_site(value.expose()) {
            return Err(AppError::field(
                key,
                format!(
                    "This address is not allowed: {}. Use the store's public https address.",
                    refusal.reason
                ),
            ));
        }
    }
    Ok(())
}

/// A request's fields checked against what is saved for the side.
pub(super) struct Resolved {
    /// The request's own values, cleaned by the api crate's rules.
    entered: SavedCredentials,
    /// What is saved for this side, when it was saved for the same
    /// platform; nothing otherwise.
    saved: SavedCredentials,
}

impl Resolved {
    /// What a test sends: the entered values over everything saved.
    pub(super) fn for_test(self) -> SavedCredentials {
        let mut values = self.entered;
        for (key, value) in self.saved {
            values.entry(key).or_insert(value);
        }
        values
    }

    /// What a save stores: the entered values, and the saved secrets that
    /// were left blank. A plain field left blank is cleared.
    fn for_save(self, platform: Platform) -> SavedCredentials {
        let mut values = self.entered;
        for (key, value) in self.saved {
            if platform.field(&key).is_some_and(|spec| spec.secret) {
                values.entry(key).or_insert(value);
            }
        }
        values
    }
}

/// Validates a request's fields for `platform` on one side of a
/// connection. A secret left blank means the saved one, but only a value
/// saved for this same platform (and, by the validation rule, the same
/// shop). The inner error names each refused field.
pub(super) async fn resolve_credentials(
    state: &AppState,
    connection: &ConnectionSummary,
    side: Side,
    platform: Platform,
    fields: &BTreeMap<String, String>,
) -> Result<Result<Resolved, Vec<FieldError>>, AppError> {
    let saved = if connection.platform(side) == platform {
        state.store.credentials(connection.id, side).await?
    } else {
        SavedCredentials::new()
    };
    let lookup = SavedLookup {
        platform,
        saved: &saved,
    };
    Ok(
        validate_fields(platform, fields, &lookup).map(|clean| Resolved {
            entered: clean
                .into_iter()
                .map(|(k, v)| (k, Secret::new(v)))
                .collect(),
            saved,
        }),
    )
}

/// Tells validation what is saved, without letting it see secret values.
struct SavedLookup<'a> {
    platform: Platform,
    saved: &'a SavedCredentials,
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
