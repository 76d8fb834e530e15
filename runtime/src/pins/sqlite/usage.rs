//! [`SqliteStore`] as a [`UsageStore`]: the table `versionary_usage` of the pins' file,
//! created on first use; a batch is one immediate transaction of upserts.

use rusqlite::{Connection, TransactionBehavior, params};

use super::SqliteStore;
use crate::pins::{PinError, store_error};
use crate::usage::{UsageCount, UsageFuture, UsageStore};

/// The table: see [`UsageStore`]'s documentation.
const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS versionary_usage (
    api TEXT NOT NULL,
    consumer TEXT NOT NULL,
    version TEXT NOT NULL,
    method TEXT NOT NULL,
    route TEXT NOT NULL,
    chosen TEXT NOT NULL,
    requests INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    PRIMARY KEY (api, consumer, version, method, route, chosen)
) WITHOUT ROWID";

/// Counts add, first seen is the minimum, last seen the maximum.
const UPSERT: &str = "INSERT INTO versionary_usage
    (api, consumer, version, method, route, chosen, requests, first_seen, last_seen)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
    ON CONFLICT (api, consumer, version, method, route, chosen) DO UPDATE SET
        requests = versionary_usage.requests + excluded.requests,
        first_seen = min(versionary_usage.first_seen, excluded.first_seen),
        last_seen = max(versionary_usage.last_seen, excluded.last_seen)";

const SELECT: &str =
    "SELECT consumer, version, method, route, chosen, requests, first_seen, last_seen
    FROM versionary_usage WHERE api = ?1 AND last_seen >= ?2
    ORDER BY consumer, version, method, route, chosen";

fn failed(error: rusqlite::Error) -> PinError {
    PinError::Unavailable(error.to_string())
}

fn add(connection: &mut Connection, api: &str, batch: &[UsageCount]) -> Result<(), PinError> {
    let tx = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(failed)?;
    tx.execute(SCHEMA, []).map_err(failed)?;
    {
        let mut upsert = tx.prepare(UPSERT).map_err(failed)?;
        for row in batch {
            let requests = i64::try_from(row.requests).map_err(|_| {
                PinError::Unavailable(format!(
                    "{} requests do not fit a SQLite integer",
                    row.requests
                ))
            })?;
            upsert
                .execute(params![
                    api,
                    row.consumer,
                    row.version,
                    row.method,
                    row.route,
                    row.chosen,
                    requests,
                    row.first_seen,
                    row.last_seen
                ])
                .map_err(failed)?;
        }
    }
    tx.commit().map_err(failed)
}

fn read(connection: &mut Connection, api: &str, since: i64) -> Result<Vec<UsageCount>, PinError> {
    connection.execute(SCHEMA, []).map_err(failed)?;
    let mut select = connection.prepare(SELECT).map_err(failed)?;
    let rows = select
        .query_map(params![api, since], |row| {
            Ok((
                UsageCount {
                    consumer: row.get(0)?,
                    version: row.get(1)?,
                    method: row.get(2)?,
                    route: row.get(3)?,
                    chosen: row.get(4)?,
                    requests: 0,
                    first_seen: row.get(6)?,
                    last_seen: row.get(7)?,
                },
                row.get::<_, i64>(5)?,
            ))
        })
        .map_err(failed)?;
    let mut out = Vec::new();
    for row in rows {
        let (mut count, requests) = row.map_err(failed)?;
        count.requests = u64::try_from(requests).map_err(|_| {
            PinError::Unavailable(format!(
                "a negative request count ({requests}) in versionary_usage"
            ))
        })?;
        out.push(count);
    }
    Ok(out)
}

impl UsageStore for SqliteStore {
    fn add_usage<'a>(&'a self, api: &'a str, batch: &'a [UsageCount]) -> UsageFuture<'a, ()> {
        let (api, batch) = (api.to_owned(), batch.to_vec());
        let call = self.run(move |connection| add(connection, &api, &batch));
        Box::pin(async move { call.await.map_err(store_error) })
    }

    fn usage_totals<'a>(
        &'a self,
        api: &'a str,
        since: Option<i64>,
    ) -> UsageFuture<'a, Vec<UsageCount>> {
        let api = api.to_owned();
        let since = since.unwrap_or(i64::MIN);
        let call = self.run(move |connection| read(connection, &api, since));
        Box::pin(async move { call.await.map_err(store_error) })
    }
}
