//! `/api/connections`: list, create, detail, rename / enable, delete.

use super::extract::{
    parse_connection_id, unknown_connection, Json, Path, Query, VisibleConnection,
};
use crate::error::AppError;
use crate::security::viewer::{Access, Editor};
use crate::store::audit::{connection_target, AuditEvent};
use crate::store::listing::{ConnectionCursor, ConnectionFilter};
use crate::store::Scope;
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::get;
use axum::Router;
use dropstream_api::{
    check_platform_side, validate_connection_name, ConnectionDetail, ConnectionSummary,
    ConnectionUpdate, FieldError, NewConnection, Platform, Side, CONNECTIONS_PAGE,
    CONNECTIONS_PAGE_MAX, NEXT_PAGE_HEADER,
};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/connections", get(list).post(create))
        .route(
            "/connections/{id}",
            get(detail).patch(update).delete(remove),
        )
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
    Query(query): Query<ListQuery>,
) -> Result<(HeaderMap, Json<Vec<ConnectionSummary>>), AppError> {
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
    Editor(access): Editor,
    Json(new): Json<NewConnection>,
) -> Result<(StatusCode, Json<ConnectionSummary>), AppError> {
    let mut errors = Vec::new();
    let name =
        validate_connection_name(&new.name).map_err(|m| errors.push(FieldError::new("name", m)));
    for (key, platform, side) in [
        ("store_platform", new.store_platform, Side::Store),
        (
            "warehouse_platform",
            new.warehouse_platform,
            Side::Warehouse,
        ),
    ] {
        if let Err(m) = check_platform_side(platform, side) {
            errors.push(FieldError::new(key, m));
        }
    }
    let merchant = owner_of_new(&state, &access, new.merchant_id)
        .await?
        .map_err(|m| errors.push(FieldError::new("merchant_id", m)));
    let (name, merchant) = match (name, merchant) {
        (Ok(name), Ok(merchant)) if errors.is_empty() => (name, merchant),
        _ => return Err(AppError::fields(errors)),
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
    VisibleConnection(connection): VisibleConnection,
    Editor(access): Editor,
    Json(change): Json<ConnectionUpdate>,
) -> Result<Json<ConnectionSummary>, AppError> {
    let id = connection.id;
    let name = change
        .name
        .as_deref()
        .map(validate_connection_name)
        .transpose()
        .map_err(|m| AppError::field("name", m))?;
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
    VisibleConnection(connection): VisibleConnection,
    Editor(access): Editor,
) -> Result<StatusCode, AppError> {
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
    Path(id): Path<String>,
) -> Result<Json<ConnectionDetail>, AppError> {
    let id = parse_connection_id(&id)?;
    let detail = state.store.connection_detail(id, access.scope()).await?;
    detail.map(Json).ok_or_else(|| unknown_connection(id))
}
