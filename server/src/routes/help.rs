//! `/api/help/articles`: the article list, one article, and its votes.

use crate::error::AppError;
use crate::help::{Page, LIBRARY};
use crate::security::sha256_hex;
use crate::security::viewer::Viewer;
use crate::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::routing::{get, put};
use axum::{Json, Router};
use dropstream_api::help::{Article, ArticleSummary, VoteCounts, VoteRequest};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/help/articles", get(list))
        .route("/help/articles/{slug}", get(article))
        .route("/help/articles/{slug}/vote", put(vote))
}

async fn list() -> Json<Vec<ArticleSummary>> {
    Json(LIBRARY.all().map(Page::summary).collect())
}

/// The article named in the path, or 404.
pub fn page(path: Result<Path<String>, PathRejection>) -> Result<&'static Page, AppError> {
    let Path(slug) = path?;
    LIBRARY
        .get(&slug)
        .ok_or_else(|| AppError::NotFound("There is no help article at this address.".into()))
}

/// Votes are keyed by a hash of the account: one vote per account, which
/// a visitor cannot multiply by dropping cookies.
fn voter(viewer: &Viewer) -> Option<String> {
    viewer.user_id().map(|id| sha256_hex(&format!("user:{id}")))
}

async fn article(
    State(state): State<AppState>,
    viewer: Viewer,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Article>, AppError> {
    let page = page(path)?;
    let votes = state
        .store
        .votes(&page.slug, voter(&viewer).as_deref())
        .await?;
    Ok(Json(Article {
        slug: page.slug.clone(),
        title: page.title.clone(),
        summary: page.summary.clone(),
        updated: page.updated.clone(),
        html: page.html.clone(),
        toc: page.toc.clone(),
        related: page
            .related
            .iter()
            .filter_map(|s| LIBRARY.get(s))
            .map(Page::summary)
            .collect(),
        votes,
        comment_count: state.store.comment_count(&page.slug).await?,
    }))
}

/// Records or changes the signed-in reader's answer; signed out, 401.
async fn vote(
    State(state): State<AppState>,
    viewer: Viewer,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<VoteRequest>, JsonRejection>,
) -> Result<Json<VoteCounts>, AppError> {
    let page = page(path)?;
    let Some(key) = voter(&viewer) else {
        return Err(AppError::Unauthorized("Please sign in to vote.".into()));
    };
    let Json(request) = body?;
    state.store.vote(&page.slug, &key, request.helpful).await?;
    let counts = state.store.votes(&page.slug, Some(&key)).await?;
    Ok(Json(counts))
}
