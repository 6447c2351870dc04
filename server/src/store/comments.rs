//! Article comments (cursor-paginated) and "was this helpful?" votes.

use super::{clock, page_cursor, Store};
use dropstream_api::help::{Comment, CommentOrder, VoteCounts, COMMENTS_PER_PAGE};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Where the next page starts: after comment `after_id` in `order`. Sent to
/// clients hex-encoded so they treat it as opaque.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub order: CommentOrder,
    pub after_id: i64,
}

impl Cursor {
    pub fn encode(self) -> String {
        page_cursor::encode("c1", &[&self.order.as_str(), &self.after_id])
    }

    pub fn decode(raw: &str) -> Option<Cursor> {
        let [order, id] = page_cursor::decode(raw, "c1")?;
        Some(Cursor {
            order: CommentOrder::parse(&order)?,
            after_id: page_cursor::id(&id)?,
        })
    }
}

/// A comment as stored, with its author's id for ownership checks.
#[derive(Clone, Debug)]
pub struct StoredComment {
    pub comment: Comment,
    pub user_id: i64,
    pub article: String,
}

const SELECT: &str = "SELECT c.id, c.article, c.user_id, c.body, c.created_at, c.edited_at,
            u.display_name FROM comments c JOIN users u ON u.id = c.user_id";

/// One page of an article's comments in `order`: binds the article, the
/// cursor's id twice (NULL for the first page) and the row limit.
pub fn comment_page_sql(order: CommentOrder) -> String {
    match order {
        CommentOrder::Newest => format!(
            "{SELECT} WHERE c.article = $1 AND ($2 IS NULL OR c.id < $3) ORDER BY c.id DESC LIMIT $4"
        ),
        CommentOrder::Oldest => format!(
            "{SELECT} WHERE c.article = $1 AND ($2 IS NULL OR c.id > $3) ORDER BY c.id ASC LIMIT $4"
        ),
    }
}

/// How many comments an article has; counted on the article's index.
pub const COMMENT_COUNT: &str = "SELECT count(*) FROM comments WHERE article = $1";

impl Store {
    /// One page (newest or oldest first) and the cursor of the next one.
    pub async fn comment_page(
        &self,
        article: &str,
        order: CommentOrder,
        after: Option<i64>,
        viewer: Option<i64>,
    ) -> sqlx::Result<(Vec<Comment>, Option<Cursor>)> {
        let sql = comment_page_sql(order);
        // One extra row tells whether there is a next page.
        let rows = sqlx::query(&sql)
            .bind(article)
            .bind(after)
            .bind(after)
            .bind(COMMENTS_PER_PAGE as i64 + 1)
            .fetch_all(&self.pool)
            .await?;
        let mut comments = rows
            .iter()
            .map(|r| stored_from_row(r, viewer).map(|s| s.comment))
            .collect::<sqlx::Result<Vec<_>>>()?;
        let next = if comments.len() > COMMENTS_PER_PAGE {
            comments.truncate(COMMENTS_PER_PAGE);
            comments.last().map(|c| Cursor {
                order,
                after_id: c.id,
            })
        } else {
            None
        };
        Ok((comments, next))
    }

    pub async fn comment_count(&self, article: &str) -> sqlx::Result<u64> {
        let n: i64 = sqlx::query_scalar(COMMENT_COUNT)
            .bind(article)
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u64)
    }

    pub async fn add_comment(
        &self,
        article: &str,
        user_id: i64,
        body: &str,
    ) -> sqlx::Result<StoredComment> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (article, user_id, body, created_at) VALUES ($1, $2, $3, $4)
             RETURNING id",
        )
        .bind(article)
        .bind(user_id)
        .bind(body)
        .bind(clock::now_seconds())
        .fetch_one(&self.pool)
        .await?;
        self.comment(id, Some(user_id))
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    pub async fn comment(
        &self,
        id: i64,
        viewer: Option<i64>,
    ) -> sqlx::Result<Option<StoredComment>> {
        let row = sqlx::query(&format!("{SELECT} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(|r| stored_from_row(r, viewer)).transpose()
    }

    pub async fn edit_comment(&self, id: i64, body: &str) -> sqlx::Result<()> {
        sqlx::query("UPDATE comments SET body = $1, edited_at = $3 WHERE id = $2")
            .bind(body)
            .bind(id)
            .bind(clock::now_seconds())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_comment(&self, id: i64) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM comments WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records (or changes) one visitor's answer.
    pub async fn vote(&self, article: &str, visitor: &str, helpful: bool) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO votes (article, visitor, helpful) VALUES ($1, $2, $3)
             ON CONFLICT (article, visitor) DO UPDATE SET helpful = excluded.helpful",
        )
        .bind(article)
        .bind(visitor)
        .bind(i64::from(helpful))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn votes(&self, article: &str, visitor: Option<&str>) -> sqlx::Result<VoteCounts> {
        let row = sqlx::query(
            "SELECT CAST(coalesce(sum(helpful), 0) AS BIGINT) AS yes,
                    CAST(count(*) - coalesce(sum(helpful), 0) AS BIGINT) AS no,
                    max(CASE WHEN visitor = $1 THEN helpful END) AS mine
             FROM votes WHERE article = $2",
        )
        .bind(visitor)
        .bind(article)
        .fetch_one(&self.pool)
        .await?;
        Ok(VoteCounts {
            yes: row.try_get::<i64, _>("yes")? as u64,
            no: row.try_get::<i64, _>("no")? as u64,
            mine: row.try_get::<Option<i64>, _>("mine")?.map(|v| v == 1),
        })
    }
}

fn stored_from_row(row: &AnyRow, viewer: Option<i64>) -> sqlx::Result<StoredComment> {
    let user_id: i64 = row.try_get("user_id")?;
    Ok(StoredComment {
        user_id,
        article: row.try_get("article")?,
        comment: Comment {
            id: row.try_get("id")?,
            author: row.try_get("display_name")?,
            mine: viewer == Some(user_id),
            body: row.try_get("body")?,
            created_at: row.try_get("created_at")?,
            edited_at: row.try_get("edited_at")?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_tampering() {
        let c = Cursor {
            order: CommentOrder::Oldest,
            after_id: 42,
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in ["c1:newest:0", "c1:sideways:3", "c1:newest:3:4", "k1:3:x"] {
            assert_eq!(Cursor::decode(&hex::encode(bad)), None, "{bad}");
        }
    }
}
