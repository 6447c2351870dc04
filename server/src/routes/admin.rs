//! Who has access: merchants (`/api/merchants`, `/api/admin/merchants`),
//! users (`/api/admin/users`) and the audit log (`/api/admin/audit`).
//! Everything under `/api/admin` is for admins only.

use super::extract::{Json, Path, Query};
use crate::error::AppError;
use crate::security::viewer::{Access, Admin};
use crate::store::accounts::{AddUserError, NewAccount};
use crate::store::audit::AuditEvent;
use crate::store::users::UserChange;
use crate::store::Scope;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::Router;
use dropstream_api::access::{
    validate_merchant_name, AuditPage, Invited, Merchant, NewMerchant, NewUser, Role, UserEntry,
    UserUpdate,
};
use dropstream_api::help::{EmbedSite, HelpSuggestion, NewEmbedSite, NewHelpSuggestion};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/merchants", get(merchants))
        .route("/admin/merchants", post(add_merchant))
        .route("/admin/users", get(users).post(invite))
        .route("/admin/users/{id}", patch(update_user))
        .route("/admin/audit", get(audit_page))
        .route(
            "/admin/embed-sites",
            get(embed_sites)
                .post(add_embed_site)
                .delete(remove_embed_site),
        )
        .route(
            "/admin/help-suggestions",
            get(help_suggestions).post(add_help_suggestion),
        )
        .route(
            "/admin/help-suggestions/{id}",
            axum::routing::delete(remove_help_suggestion),
        )
}

async fn help_suggestions(
    State(state): State<AppState>,
    _: Admin,
) -> Result<Json<Vec<HelpSuggestion>>, AppError> {
    Ok(Json(state.store.help_suggestions().await?))
}

/// Suggests articles on host pages whose path matches a pattern.
async fn add_help_suggestion(
    State(state): State<AppState>,
    Admin(access): Admin,
    Json(new): Json<NewHelpSuggestion>,
) -> Result<(StatusCode, Json<HelpSuggestion>), AppError> {
    let (pattern, articles) = crate::help::checked_suggestion(&new.pattern, &new.articles)
        .map_err(|(field, message)| AppError::field(field, message))?;
    let Some(added) = state
        .store
        .add_help_suggestion(&pattern, &articles, &access.actor())
        .await?
    else {
        return Err(AppError::field(
            "pattern",
            format!("{pattern} already has suggestions."),
        ));
    };
    audit(
        &state,
        &access,
        "help_suggestion_added",
        &pattern,
        articles.join(", "),
    )
    .await;
    Ok((StatusCode::CREATED, Json(added)))
}

async fn remove_help_suggestion(
    State(state): State<AppState>,
    Admin(access): Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    if !state.store.remove_help_suggestion(id).await? {
        return Err(AppError::NotFound("There is no such suggestion.".into()));
    }
    audit(
        &state,
        &access,
        "help_suggestion_removed",
        &id.to_string(),
        String::new(),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

async fn embed_sites(
    State(state): State<AppState>,
    _: Admin,
) -> Result<Json<Vec<EmbedSite>>, AppError> {
    Ok(Json(state.store.embed_sites().await?))
}

/// Lets a site's pages embed the help widget's panel.
async fn add_embed_site(
    State(state): State<AppState>,
    Admin(access): Admin,
    Json(new): Json<NewEmbedSite>,
) -> Result<(StatusCode, Json<EmbedSite>), AppError> {
    let origin = crate::security::headers::origin(&new.origin).map_err(|_| {
        AppError::field(
            "origin",
            "Enter the site's address as scheme, host and port only, e.g. https://shop.example.com.",
        )
    })?;
    if let Some(id) = new.merchant_id {
        if state.store.merchant(id).await?.is_none() {
            return Err(AppError::field("merchant_id", "There is no such merchant."));
        }
    }
    let added = state
        .store
        .add_embed_site(&origin, new.merchant_id, &access.actor())
        .await?;
    let Some(site) = added else {
        return Err(AppError::field(
            "origin",
            format!("{origin} is already on the list."),
        ));
    };
    let detail = site
        .merchant
        .as_ref()
        .map(|m| format!("identify for {m}"))
        .unwrap_or_default();
    audit(&state, &access, "embed_site_added", &origin, detail).await;
    Ok((StatusCode::CREATED, Json(site)))
}

#[derive(serde::Deserialize)]
struct SiteQuery {
    origin: String,
}

async fn remove_embed_site(
    State(state): State<AppState>,
    Admin(access): Admin,
    Query(query): Query<SiteQuery>,
) -> Result<StatusCode, AppError> {
    if !state.store.remove_embed_site(&query.origin).await? {
        return Err(AppError::NotFound(format!(
            "{} is not on the list.",
            query.origin
        )));
    }
    audit(
        &state,
        &access,
        "embed_site_removed",
        &query.origin,
        String::new(),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

/// Every merchant for admins and staff (the list filter); a merchant user's
/// own merchant only.
async fn merchants(
    State(state): State<AppState>,
    access: Access,
) -> Result<Json<Vec<Merchant>>, AppError> {
    let all = state.store.merchants().await?;
    Ok(Json(match access.scope() {
        Scope::All => all,
        Scope::Merchant(own) => all.into_iter().filter(|m| m.id == own).collect(),
    }))
}

async fn add_merchant(
    State(state): State<AppState>,
    Admin(access): Admin,
    Json(new): Json<NewMerchant>,
) -> Result<(StatusCode, Json<Merchant>), AppError> {
    let name = validate_merchant_name(&new.name).map_err(|m| AppError::field("name", m))?;
    let Some(merchant) = state.store.add_merchant(&name).await? else {
        return Err(AppError::field(
            "name",
            format!("A merchant named “{name}” already exists."),
        ));
    };
    audit(
        &state,
        &access,
        "merchant_added",
        &merchant.name,
        String::new(),
    )
    .await;
    Ok((StatusCode::CREATED, Json(merchant)))
}

async fn users(State(state): State<AppState>, _: Admin) -> Result<Json<Vec<UserEntry>>, AppError> {
    Ok(Json(state.store.users().await?))
}

async fn invite(
    State(state): State<AppState>,
    Admin(access): Admin,
    Json(new): Json<NewUser>,
) -> Result<(StatusCode, Json<Invited>), AppError> {
    let who = NewAccount {
        email: &new.email,
        display_name: &new.display_name,
        role: new.role,
        merchant_id: new.merchant_id,
    };
    let (id, token) = match state.store.invite_user(&who).await {
        Ok(invited) => invited,
        Err(AddUserError::Exists(email)) => {
            return Err(AppError::field(
                "email",
                format!("{email} already has an account."),
            ))
        }
        Err(AddUserError::Invalid(m)) => return Err(AppError::invalid(capitalized(&m))),
        Err(AddUserError::Other(e)) => return Err(e.into()),
    };
    let user = state
        .store
        .user_entry(id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the invited user {id} vanished"))?;
    let delivery = match &state.invite_links {
        Some(base) => {
            // Demo mode has no mail: the log is the outbox.
            tracing::info!(
                "Invitation for {}: set a password at {base}/set-password?token={token}",
                user.email
            );
            "The one-time set-password link was written to the server log (demo mode).".into()
        }
        None => format!(
            "This server sends no mail: run `dropstream-server password-link --email {}` on the server and pass the link on.",
            user.email
        ),
    };
    audit(
        &state,
        &access,
        "user_invited",
        &user_target(&user),
        describe_access(&user),
    )
    .await;
    Ok((StatusCode::CREATED, Json(Invited { user, delivery })))
}

async fn update_user(
    State(state): State<AppState>,
    Admin(access): Admin,
    Path(raw): Path<String>,
    Json(change): Json<UserUpdate>,
) -> Result<Json<UserEntry>, AppError> {
    let not_found = || AppError::NotFound(format!("There is no user {raw}."));
    let id = raw.parse::<i64>().map_err(|_| not_found())?;
    if id == access.account.id
        && (change.disabled == Some(true) || change.role.is_some_and(|r| r != Role::Admin))
    {
        return Err(AppError::invalid(
            "You cannot disable your own account or give up your own admin role; ask another admin.",
        ));
    }
    match state.store.update_user(id, &change).await? {
        UserChange::NotFound => Err(not_found()),
        UserChange::Invalid(m) => Err(AppError::invalid(capitalized(&m))),
        UserChange::Changed { before, after } => {
            if before.role != after.role || before.merchant != after.merchant {
                audit(
                    &state,
                    &access,
                    "role_changed",
                    &user_target(&after),
                    format!("{} → {}", describe_access(&before), describe_access(&after)),
                )
                .await;
            }
            if before.disabled != after.disabled {
                let action = if after.disabled {
                    "user_disabled"
                } else {
                    "user_enabled"
                };
                audit(&state, &access, action, &user_target(&after), String::new()).await;
            }
            Ok(Json(*after))
        }
    }
}

#[derive(serde::Deserialize)]
struct AuditQuery {
    before: Option<i64>,
}

async fn audit_page(
    State(state): State<AppState>,
    _: Admin,
    Query(query): Query<AuditQuery>,
) -> Result<Json<AuditPage>, AppError> {
    Ok(Json(state.store.audit_page(query.before).await?))
}

async fn audit(state: &AppState, access: &Access, action: &str, target: &str, detail: String) {
    state
        .store
        .audit(AuditEvent {
            user_id: Some(access.account.id),
            actor: access.actor(),
            action,
            target: target.to_string(),
            detail,
            address: &access.address,
        })
        .await;
}

fn user_target(user: &UserEntry) -> String {
    format!("{} <{}>", user.display_name, user.email)
}

/// "Merchant of Demo Outfitters", "Staff": a user's access in words.
fn describe_access(user: &UserEntry) -> String {
    match &user.merchant {
        Some(m) => format!("{} of {}", user.role.label(), m.name),
        None => user.role.label().to_string(),
    }
}

fn capitalized(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}
