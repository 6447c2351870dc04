//! `/api/help/articles`: the article list, one article, and its votes.

use super::extract::{Json, Path};
use crate::error::AppError;
use crate::help::{Page, LIBRARY};
use crate::security::sha256_hex;
use crate::security::viewer::{account_of, Viewer};
use crate::AppState;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::routing::{get, put};
use axum::Router;
use dropstream_api::help::{Article, ArticleSummary, Suggestions, VoteCounts, VoteRequest};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/help/articles", get(list))
        .route("/help/articles/{slug}", get(article))
        .route("/help/articles/{slug}/vote", put(vote))
        .route("/help/suggestions", get(suggestions))
}

#[derive(serde::Deserialize)]
struct PageQuery {
    url: String,
}

/// The articles the admins suggest for a host page (the widget's `page`
/// call), by its path.
async fn suggestions(
    State(state): State<AppState>,
    super::extract::Query(query): super::extract::Query<PageQuery>,
) -> Result<Json<Suggestions>, AppError> {
    let path = match url::Url::parse(&query.url) {
        Ok(url) => url.path().to_string(),
        Err(_) if query.url.starts_with('/') => query
            .url
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string(),
        Err(_) => {
            return Err(AppError::field(
                "url",
                "Give the page's address, e.g. https://shop.example.com/orders/42.",
            ))
        }
    };
    let articles = state.store.suggestions_for(&path).await?;
    Ok(Json(Suggestions { articles }))
}

async fn list() -> Json<Vec<ArticleSummary>> {
    Json(LIBRARY.all().map(Page::summary).collect())
}

/// The article a `/help/articles/{slug}…` path names, or 404.
pub struct HelpPage(pub &'static Page);

impl<S: Send + Sync> FromRequestParts<S> for HelpPage {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<HelpPage, AppError> {
        let Path(slug) = Path::<String>::from_request_parts(parts, state).await?;
        LIBRARY
            .get(&slug)
            .map(HelpPage)
            .ok_or_else(|| AppError::NotFound("There is no help article at this address.".into()))
    }
}

/// Votes are keyed by a hash of the account: one vote per account, which
/// a visitor cannot multiply by dropping cookies.
fn voter_key(user_id: i64) -> String {
    sha256_hex(&format!("user:{user_id}"))
}

/// The signed-in reader's vote key; signed out, 401.
struct Voter(String);

impl FromRequestParts<AppState> for Voter {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Voter, AppError> {
        match account_of(state, &parts.headers, &mut parts.extensions).await? {
            Some(account) => Ok(Voter(voter_key(account.id))),
            None => Err(AppError::Unauthorized("Please sign in to vote.".into())),
        }
    }
}

async fn article(
    State(state): State<AppState>,
    viewer: Viewer,
    HelpPage(page): HelpPage,
) -> Result<Json<Article>, AppError> {
    let key = viewer.user_id().map(voter_key);
    let votes = state.store.votes(&page.slug, key.as_deref()).await?;
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
    HelpPage(page): HelpPage,
    Voter(key): Voter,
    Json(request): Json<VoteRequest>,
) -> Result<Json<VoteCounts>, AppError> {
    state.store.vote(&page.slug, &key, request.helpful).await?;
    let counts = state.store.votes(&page.slug, Some(&key)).await?;
    Ok(Json(counts))
}
