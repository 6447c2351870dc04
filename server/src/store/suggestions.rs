//! Articles the help widget suggests by the host page's path.

use super::Store;
use dropstream_api::help::HelpSuggestion;
use sqlx::any::AnyRow;
use sqlx::Row;

/// At most this many articles are suggested for one page.
pub const MAX_SUGGESTED: usize = 10;

impl Store {
    pub async fn help_suggestions(&self) -> sqlx::Result<Vec<HelpSuggestion>> {
        let rows = sqlx::query(
            "SELECT id, pattern, articles, added_by, added_at FROM help_suggestions ORDER BY pattern",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(suggestion_from_row).collect()
    }

    /// Adds a pattern (checked by the caller); None when it exists.
    pub async fn add_help_suggestion(
        &self,
        pattern: &str,
        articles: &[String],
        by: &str,
    ) -> sqlx::Result<Option<HelpSuggestion>> {
        let row = sqlx::query(
            "INSERT INTO help_suggestions (pattern, articles, added_by, added_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING id, pattern, articles, added_by, added_at",
        )
        .bind(pattern)
        .bind(articles.join(","))
        .bind(by)
        .bind(super::clock::now_seconds())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(suggestion_from_row).transpose()
    }

    pub async fn remove_help_suggestion(&self, id: i64) -> sqlx::Result<bool> {
        let done = sqlx::query("DELETE FROM help_suggestions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The articles for a page at `path`: those of every matching pattern,
    /// the longest (most specific) pattern first, each article once.
    pub async fn suggestions_for(&self, path: &str) -> sqlx::Result<Vec<String>> {
        let mut matching: Vec<HelpSuggestion> = self
            .help_suggestions()
            .await?
            .into_iter()
            .filter(|s| path_matches(&s.pattern, path))
            .collect();
        matching.sort_by_key(|s| std::cmp::Reverse(s.pattern.len()));
        let mut articles: Vec<String> = Vec::new();
        for slug in matching.into_iter().flat_map(|s| s.articles) {
            if !articles.contains(&slug) && articles.len() < MAX_SUGGESTED {
                articles.push(slug);
            }
        }
        Ok(articles)
    }
}

/// Whether `path` matches `pattern`, where `*` stands for any run of
/// characters (none included) and everything else for itself.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

fn suggestion_from_row(row: &AnyRow) -> sqlx::Result<HelpSuggestion> {
    let articles: String = row.try_get("articles")?;
    Ok(HelpSuggestion {
        id: row.try_get("id")?,
        pattern: row.try_get("pattern")?,
        articles: articles.split(',').map(str::to_string).collect(),
        added_by: row.try_get("added_by")?,
        added_at: row.try_get("added_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::path_matches;

    #[test]
    fn stars_match_any_run_and_the_rest_matches_itself() {
        assert!(path_matches("/orders", "/orders"));
        assert!(!path_matches("/orders", "/orders/1"));
        assert!(path_matches("/orders/*", "/orders/1"));
        assert!(path_matches("/orders/*", "/orders/"));
        assert!(!path_matches("/orders/*", "/order"));
        assert!(path_matches("/*/settings", "/shops/7/settings"));
        assert!(!path_matches("/*/settings", "/shops/7/settings/more"));
        assert!(path_matches("/a*b*c", "/aXbYc"));
        assert!(!path_matches("/a*b*c", "/aXcYb"));
        assert!(path_matches("*", "/anything"));
        assert!(!path_matches("/ab*ba", "/aba"));
    }
}
