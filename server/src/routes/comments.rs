//! Article comments: `GET|POST /api/help/articles/{slug}/comments`,
//! `PATCH|DELETE /api/comments/{id}`. Bodies are stored and returned as
//! plain text; the SPA renders them as text nodes.

use super::extract::{Json, Path, Query};
use super::help::HelpPage;
use crate::error::AppError;
use crate::security::rate_limit;
use crate::security::viewer::{SignedIn, Viewer};
use crate::store::comments::Cursor;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::Router;
use dropstream_api::help::{
    drop_bidi_controls, validate_comment, Comment, CommentBody, CommentOrder, CommentPage,
};
use serde::Deserialize;

/// 5,000 characters of 4-byte text, JSON-escaped, need more than the API's
/// usual body limit.
const COMMENT_BODY_LIMIT: usize = 32 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/help/articles/{slug}/comments", get(list).post(create))
        .route("/comments/{id}", patch(edit).delete(remove))
        .layer(DefaultBodyLimit::max(COMMENT_BODY_LIMIT))
}

#[derive(Deserialize)]
struct ListQuery {
    order: Option<String>,
    cursor: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    HelpPage(page): HelpPage,
    Query(query): Query<ListQuery>,
) -> Result<Json<CommentPage>, AppError> {
    let order = match query.order.as_deref() {
        None => CommentOrder::default(),
        Some(o) => CommentOrder::parse(o).ok_or_else(|| {
            AppError::BadRequest(format!("“{o}” is not an order; use newest or oldest."))
        })?,
    };
    let after = match query.cursor.as_deref() {
        None | Some("") => None,
        Some(raw) => {
            let cursor = Cursor::decode(raw)
                .filter(|c| c.order == order)
                .ok_or_else(|| {
                    AppError::BadRequest(
                        "That page of comments does not exist. Reload the comments.".into(),
                    )
                })?;
            Some(cursor.after_id)
        }
    };
    let (comments, next) = state
        .store
        .comment_page(&page.slug, order, after, viewer.user_id())
        .await?;
    Ok(Json(CommentPage {
        comments,
        next_cursor: next.map(Cursor::encode),
        total: state.store.comment_count(&page.slug).await?,
    }))
}

fn checked_body(CommentBody { body }: CommentBody) -> Result<String, AppError> {
    validate_comment(&drop_bidi_controls(&body))
        .map(str::to_string)
        .map_err(AppError::invalid)
}

async fn limit_posting(state: &AppState, user_id: i64) -> Result<(), AppError> {
    state
        .limits
        .posting
        .check(&format!("u:{user_id}"))
        .await
        .map_err(|secs| rate_limit::too_many(secs, "comments in a short time"))
}

async fn create(
    State(state): State<AppState>,
    HelpPage(page): HelpPage,
    SignedIn(account): SignedIn,
    Json(body): Json<CommentBody>,
) -> Result<(StatusCode, Json<Comment>), AppError> {
    let text = checked_body(body)?;
    limit_posting(&state, account.id).await?;
    let stored = state
        .store
        .add_comment(&page.slug, account.id, &text)
        .await?;
    tracing::info!(user = account.id, comment = stored.comment.id, article = %page.slug, "comment posted");
    Ok((StatusCode::CREATED, Json(stored.comment)))
}

/// A comment of the signed-in reader's own, named by a
/// `/comments/{id}` path: 404 when it does not exist, 401 when signed out,
/// 403 when someone else wrote it.
struct OwnComment {
    id: i64,
    user_id: i64,
}

impl FromRequestParts<AppState> for OwnComment {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state).await?;
        let SignedIn(account) = SignedIn::from_request_parts(parts, state).await?;
        own_comment(state, &raw, account.id).await
    }
}

async fn own_comment(state: &AppState, raw: &str, user_id: i64) -> Result<OwnComment, AppError> {
    let id = raw
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(format!("“{raw}” is not a comment id.")))?;
    let stored = state
        .store
        .comment(id, Some(user_id))
        .await?
        .ok_or_else(|| AppError::NotFound("That comment does not exist (any more).".into()))?;
    if stored.user_id != user_id {
        return Err(AppError::Forbidden(
            "You can only change your own comments.".into(),
        ));
    }
    Ok(OwnComment { id, user_id })
}

async fn edit(
    State(state): State<AppState>,
    OwnComment { id, user_id }: OwnComment,
    Json(body): Json<CommentBody>,
) -> Result<Json<Comment>, AppError> {
    let text = checked_body(body)?;
    limit_posting(&state, user_id).await?;
    state.store.edit_comment(id, &text).await?;
    let stored = state
        .store
        .comment(id, Some(user_id))
        .await?
        .ok_or_else(|| AppError::NotFound("That comment does not exist (any more).".into()))?;
    Ok(Json(stored.comment))
}

async fn remove(
    State(state): State<AppState>,
    OwnComment { id, user_id }: OwnComment,
) -> Result<StatusCode, AppError> {
    state.store.delete_comment(id).await?;
    tracing::info!(user = user_id, comment = id, "comment deleted");
    Ok(StatusCode::NO_CONTENT)
}
