//! `/api/help/articles`: the article list, one article, and its votes.

use crate::error::AppError;
use crate::help::{Page, LIBRARY};
use crate::security::{cookies, random_hex, sha256_hex};
use crate::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::routing::{get, put};
use axum::{Json, Router};
use dropstream_api::help::{Article, ArticleSummary, VoteCounts, VoteRequest};

const VISITOR_MAX_AGE_SECS: u64 = 60 * 60 * 24 * 365;

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

/// Votes are keyed by the hash of the visitor cookie.
fn visitor(headers: &HeaderMap) -> Option<String> {
    cookies::get(headers, cookies::VISITOR).map(sha256_hex)
}

async fn article(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Article>, AppError> {
    let page = page(path)?;
    let votes = state
        .store
        .votes(&page.slug, visitor(&headers).as_deref())
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

/// Records or changes this visitor's answer; a first vote gives the
/// browser its visitor cookie.
async fn vote(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<VoteRequest>, JsonRejection>,
) -> Result<(HeaderMap, Json<VoteCounts>), AppError> {
    let page = page(path)?;
    let Json(request) = body?;
    let mut out = HeaderMap::new();
    let key = match visitor(&headers) {
        Some(key) => key,
        None => {
            let id = random_hex(16);
            out.append(
                SET_COOKIE,
                cookies::set(
                    cookies::VISITOR,
                    &id,
                    true,
                    state.secure_cookies,
                    VISITOR_MAX_AGE_SECS,
                ),
            );
            sha256_hex(&id)
        }
    };
    state.store.vote(&page.slug, &key, request.helpful).await?;
    let counts = state.store.votes(&page.slug, Some(&key)).await?;
    Ok((out, Json(counts)))
}
