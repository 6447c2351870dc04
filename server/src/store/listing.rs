//! The connections list, one page at a time: walked in (name, id) order
//! along an index, so a page reads about as many rows as it shows.

use super::{page_cursor, summary_from_row, Dialect, Scope, Store, SUMMARY};
use dropstream_api::{ConnectionSummary, Platform, Side};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, Row};

/// Narrows the list; every filter is optional and they combine with AND.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectionFilter {
    /// One merchant's connections (within the viewer's scope).
    pub merchant: Option<i64>,
    pub enabled: Option<bool>,
    pub store: Option<Platform>,
    pub warehouse: Option<Platform>,
    /// Part of the name, case-insensitive (ASCII).
    pub name_contains: Option<String>,
}

impl ConnectionFilter {
    fn platform(&self, side: Side) -> Option<Platform> {
        match side {
            Side::Store => self.store,
            Side::Warehouse => self.warehouse,
        }
    }
}

/// Where the next page starts: after the connection with this name and id.
/// Sent to clients hex-encoded so they treat it as opaque.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionCursor {
    pub name: String,
    pub id: i64,
}

impl ConnectionCursor {
    pub fn encode(&self) -> String {
        page_cursor::encode("k1", &[&self.id, &self.name])
    }

    pub fn decode(raw: &str) -> Option<ConnectionCursor> {
        let [id, name] = page_cursor::decode(raw, "k1")?;
        Some(ConnectionCursor {
            id: page_cursor::id(&id)?,
            name,
        })
    }
}

/// One page of the list and the cursor of the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionPage {
    pub connections: Vec<ConnectionSummary>,
    pub next: Option<ConnectionCursor>,
}

/// A value bound to a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Int(i64),
    Text(String),
}

impl Arg {
    pub(super) fn bind<'q>(
        &self,
        query: sqlx::query::Query<'q, Any, AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, Any, AnyArguments<'q>> {
        match self {
            Arg::Int(v) => query.bind(*v),
            Arg::Text(v) => query.bind(v.clone()),
        }
    }
}

/// The statement of one page (asking one row more than `limit`, to know
/// whether another page follows) and its arguments. Only the filters given
/// appear in it, so the planner sees plain equalities it can match to
/// `connections_by_merchant_name` or `connections_by_name`.
pub fn connection_page_query(
    dialect: Dialect,
    scope: Scope,
    filter: &ConnectionFilter,
    after: Option<&ConnectionCursor>,
    limit: i64,
) -> (String, Vec<Arg>) {
    let mut conditions = Vec::new();
    let mut args = Vec::new();
    // Binds `arg` and names its placeholder.
    let mut param = |arg: Arg| {
        args.push(arg);
        format!("${}", args.len())
    };
    for merchant in [scope.merchant(), filter.merchant].into_iter().flatten() {
        conditions.push(format!("c.merchant_id = {}", param(Arg::Int(merchant))));
    }
    if let Some(enabled) = filter.enabled {
        conditions.push(format!("c.enabled = {}", param(Arg::Int(enabled.into()))));
    }
    for side in Side::ALL {
        if let Some(platform) = filter.platform(side) {
            let column = super::platform_column_name(side);
            let value = param(Arg::Text(platform.as_str().to_string()));
            conditions.push(format!("c.{column} = {value}"));
        }
    }
    if let Some(part) = filter.name_contains.as_deref().filter(|p| !p.is_empty()) {
        let escaped = part
            .replace('\\', r"\\")
            .replace('%', r"\%")
            .replace('_', r"\_");
        let pattern = param(Arg::Text(format!("%{escaped}%")));
        conditions.push(format!(r"c.name {} {pattern} ESCAPE '\'", dialect.like()));
    }
    let key = dialect.nocase("c.name");
    if let Some(after) = after {
        // The first term is the range the index seeks to; the second skips
        // the rows of that name up to the cursor.
        let name = dialect.nocase_param(&param(Arg::Text(after.name.clone())));
        let id = param(Arg::Int(after.id));
        conditions.push(format!(
            "{key} >= {name} AND ({key} > {name} OR c.id > {id})"
        ));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    let limit = param(Arg::Int(limit + 1));
    (
        format!("{SUMMARY}{filter} ORDER BY {key}, c.id LIMIT {limit}"),
        args,
    )
}

impl Store {
    /// One page of the connections in scope that pass `filter`, by name,
    /// each with both sides' latest test run.
    pub async fn connection_page(
        &self,
        scope: Scope,
        filter: &ConnectionFilter,
        after: Option<&ConnectionCursor>,
        limit: i64,
    ) -> sqlx::Result<ConnectionPage> {
        let limit = limit.max(1);
        let (sql, args) = connection_page_query(self.dialect, scope, filter, after, limit);
        let rows: Vec<AnyRow> = args
            .iter()
            .fold(sqlx::query(&sql), |q, arg| arg.bind(q))
            .fetch_all(&self.pool)
            .await?;
        let more = rows.len() as i64 > limit;
        let mut connections = rows
            .iter()
            .take(limit as usize)
            .map(summary_from_row)
            .collect::<sqlx::Result<Vec<_>>>()?;
        let ids: Vec<i64> = connections.iter().map(|c| c.id).collect();
        let latest = self.latest_runs(&ids).await?;
        let mut channels = self.latest_channel_runs(&ids).await?;
        for c in &mut connections {
            c.store_last = latest.get(&(c.id, Side::Store)).cloned();
            c.warehouse_last = latest.get(&(c.id, Side::Warehouse)).cloned();
            c.channels = channels.remove(&c.id).unwrap_or_default();
        }
        let next = match connections.last() {
            Some(last) if more => Some(ConnectionCursor {
                name: last.name.clone(),
                id: last.id,
            }),
            _ => None,
        };
        Ok(ConnectionPage { connections, next })
    }

    /// The id of the oldest connection with exactly this name, if any.
    pub async fn connection_named(&self, name: &str) -> sqlx::Result<Option<i64>> {
        // The index narrows by the case-insensitive name; `=` then wants it exact.
        let sql = format!(
            "SELECT id FROM connections
             WHERE {} = {} AND name = $1 ORDER BY id LIMIT 1",
            self.dialect.nocase("name"),
            self.dialect.nocase_param("$1")
        );
        let row = sqlx::query(&sql)
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get("id")).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_tampering() {
        let c = ConnectionCursor {
            name: "Acme: east / west".into(),
            id: 42,
        };
        assert_eq!(ConnectionCursor::decode(&c.encode()), Some(c));
        for bad in ["k1:0:x", "k2:3:x", "k1:3", "k1:-3:x", "c1:newest:3"] {
            assert_eq!(ConnectionCursor::decode(&hex::encode(bad)), None, "{bad}");
        }
    }

    #[test]
    fn only_the_given_filters_reach_the_statement() {
        let (sql, args) = connection_page_query(
            Dialect::Sqlite,
            Scope::All,
            &ConnectionFilter::default(),
            None,
            10,
        );
        assert!(!sql.contains("WHERE"), "{sql}");
        assert_eq!(args, vec![Arg::Int(11)]);

        let filter = ConnectionFilter {
            name_contains: Some("50%_off".into()),
            enabled: Some(false),
            ..Default::default()
        };
        let (sql, args) =
            connection_page_query(Dialect::Sqlite, Scope::Merchant(7), &filter, None, 10);
        assert!(
            sql.contains(r"c.merchant_id = $1 AND c.enabled = $2 AND c.name LIKE $3 ESCAPE '\'"),
            "{sql}"
        );
        assert!(
            sql.ends_with("ORDER BY c.name COLLATE NOCASE, c.id LIMIT $4"),
            "{sql}"
        );
        let (sql, _) = connection_page_query(Dialect::Postgres, Scope::All, &filter, None, 10);
        assert!(sql.contains("c.name ILIKE $2"), "{sql}");
        assert!(
            sql.ends_with("ORDER BY lower(c.name), c.id LIMIT $3"),
            "{sql}"
        );
        assert_eq!(
            args,
            vec![
                Arg::Int(7),
                Arg::Int(0),
                Arg::Text(r"%50\%\_off%".into()),
                Arg::Int(11)
            ]
        );
    }
}
