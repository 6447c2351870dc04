//! Fixed-window rate limits. With SQLite one server owns the database and
//! counts in memory (limits reset when it restarts); with PostgreSQL every
//! server counts in the database, so a client cannot multiply its budget by
//! the number of servers (see `store::shared`).

use crate::error::AppError;
use crate::security::viewer::client_key;
use crate::store::Store;
use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Above this many tracked keys, expired windows are swept.
const SWEEP_AT: usize = 10_000;

#[derive(Clone, Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Arc<Mutex<HashMap<String, (Instant, u32)>>>,
    /// The database the count is shared through, and this limit's name
    /// there.
    shared: Option<(Store, &'static str)>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            hits: Default::default(),
            shared: None,
        }
    }

    /// Counts one request for `key` (on every server sharing the database,
    /// once [`Limits::share_through`] was applied); when over the limit,
    /// answers how many whole seconds until the window ends.
    pub async fn check(&self, key: &str) -> Result<(), u64> {
        if let Some((store, name)) = &self.shared {
            match store
                .count_hit(&format!("{name}|{key}"), self.limit, self.window)
                .await
            {
                Ok(answer) => return answer,
                // Counting here still limits this server's share.
                Err(e) => tracing::warn!(error = %e, limit = name, "shared rate limit unavailable"),
            }
        }
        self.check_here(key)
    }

    /// Counts in this process only.
    fn check_here(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if hits.len() >= SWEEP_AT {
            hits.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = hits.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The limits of one server. Tests make them small.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Sign-in attempts per client address and email.
    pub sign_in: RateLimiter,
    /// Sign-in attempts per client address, whatever the email.
    pub sign_in_per_ip: RateLimiter,
    /// Comments posted or edited per user.
    pub posting: RateLimiter,
    /// Test Connection runs per session (or address when signed out).
    pub test_connection: RateLimiter,
}

impl Limits {
    /// Counts every limit in `store`'s database when other servers share
    /// it; leaves them in memory otherwise.
    pub fn share_through(&mut self, store: &Store) {
        if !store.is_shared() {
            return;
        }
        for (limiter, name) in [
            (&mut self.sign_in, "sign_in"),
            (&mut self.sign_in_per_ip, "sign_in_ip"),
            (&mut self.posting, "posting"),
            (&mut self.test_connection, "test_connection"),
        ] {
            limiter.shared = Some((store.clone(), name));
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        let minute = Duration::from_secs(60);
        Limits {
            sign_in: RateLimiter::new(5, minute),
            sign_in_per_ip: RateLimiter::new(30, minute),
            posting: RateLimiter::new(6, minute),
            test_connection: RateLimiter::new(30, minute),
        }
    }
}

pub fn too_many(retry_after: u64, what: &str) -> AppError {
    AppError::RateLimited {
        retry_after,
        message: format!("Too many {what}. Try again in {retry_after} seconds."),
    }
}

/// Route layer: limits Test Connection runs without touching its handler.
pub async fn test_connection_guard(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_test = request.method() == Method::POST
        && request
            .extensions()
            .get::<MatchedPath>()
            .is_some_and(|p| p.as_str().ends_with("/{side}/test"));
    if !is_test {
        return next.run(request).await;
    }
    // The session looked up here is kept for the handler's extractors.
    let (mut parts, body) = request.into_parts();
    let key = client_key(&state, &parts.headers, &mut parts.extensions).await;
    if let Err(secs) = state.limits.test_connection.check(&key).await {
        return too_many(secs, "connection tests").into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_allows_its_limit_then_says_how_long_to_wait() {
        let l = RateLimiter::new(2, Duration::from_secs(30));
        assert!(l.check_here("a").is_ok());
        assert!(l.check_here("a").is_ok());
        let wait = l.check_here("a").unwrap_err();
        assert!((29..=30).contains(&wait), "{wait}");
        assert!(l.check_here("b").is_ok(), "keys are counted apart");
    }
}
