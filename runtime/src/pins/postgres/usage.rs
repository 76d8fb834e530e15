//! [`PostgresStore`] as a [`UsageStore`]: the table `versionary_usage` beside the pins
//! (created with them when the role may), a batch upserted by one statement, so it is
//! applied whole or not at all without holding the shared connection for a transaction.

use std::time::Duration;

use tokio_postgres::types::ToSql;

use super::{PostgresStore, Sql};
use crate::pins::store_error;
use crate::usage::{StoreError, UsageCount, UsageFuture, UsageStore};

/// How long a flush's batch (up to [`FLUSH_BATCH_ROWS`](crate::usage::FLUSH_BATCH_ROWS)
/// rows) or a read of the totals may wait for its answer.
const USAGE_TIMEOUT: Duration = Duration::from_secs(30);

/// The batch as columns (`unnest` of one array per column), added to the rows with the
/// same key: counts add, first seen is the minimum, last seen the maximum.
const UPSERT: &str = "INSERT INTO versionary_usage
    (api, consumer, version, method, route, chosen, requests, first_seen, last_seen)
SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
    $7::int8[], $8::int8[], $9::int8[])
ON CONFLICT (api, consumer, version, method, route, chosen) DO UPDATE SET
    requests = versionary_usage.requests + excluded.requests,
    first_seen = LEAST(versionary_usage.first_seen, excluded.first_seen),
    last_seen = GREATEST(versionary_usage.last_seen, excluded.last_seen)";

const SELECT: &str =
    "SELECT consumer, version, method, route, chosen, requests, first_seen, last_seen
FROM versionary_usage WHERE api = $1::text AND last_seen >= $2::int8
ORDER BY consumer, version, method, route, chosen";

/// One array per column of `batch`.
struct Columns<'a> {
    text: [Vec<&'a str>; 5],
    numbers: [Vec<i64>; 3],
}

fn columns(batch: &[UsageCount]) -> Result<Columns<'_>, StoreError> {
    let mut out = Columns {
        text: Default::default(),
        numbers: Default::default(),
    };
    for row in batch {
        let requests = i64::try_from(row.requests).map_err(|_| {
            StoreError::new(format!("{} requests do not fit a BIGINT", row.requests))
        })?;
        let (consumer, version, method, route, chosen) = row.key();
        for (column, value) in out
            .text
            .iter_mut()
            .zip([consumer, version, method, route, chosen])
        {
            column.push(value);
        }
        for (column, value) in
            (out.numbers.iter_mut()).zip([requests, row.first_seen, row.last_seen])
        {
            column.push(value);
        }
    }
    Ok(out)
}

fn count(row: &tokio_postgres::Row) -> Result<UsageCount, StoreError> {
    let get = |error: tokio_postgres::Error| StoreError::new(format!("PostgreSQL: {error}"));
    let requests: i64 = row.try_get(5).map_err(get)?;
    Ok(UsageCount {
        consumer: row.try_get(0).map_err(get)?,
        version: row.try_get(1).map_err(get)?,
        method: row.try_get(2).map_err(get)?,
        route: row.try_get(3).map_err(get)?,
        chosen: row.try_get(4).map_err(get)?,
        requests: u64::try_from(requests).map_err(|_| {
            StoreError::new(format!(
                "a negative request count ({requests}) in versionary_usage"
            ))
        })?,
        first_seen: row.try_get(6).map_err(get)?,
        last_seen: row.try_get(7).map_err(get)?,
    })
}

impl UsageStore for PostgresStore {
    fn add_usage<'a>(&'a self, api: &'a str, batch: &'a [UsageCount]) -> UsageFuture<'a, ()> {
        Box::pin(async move {
            if batch.is_empty() {
                return Ok(());
            }
            let Columns { text, numbers } = columns(batch)?;
            let [consumer, version, method, route, chosen] = &text;
            let [requests, first, last] = &numbers;
            let params: [&(dyn ToSql + Sync); 9] = [
                &api, consumer, version, method, route, chosen, requests, first, last,
            ];
            let upsert = Sql::Text(UPSERT, USAGE_TIMEOUT);
            self.query(upsert, &params).await.map_err(store_error)?;
            Ok(())
        })
    }

    fn usage_totals<'a>(
        &'a self,
        api: &'a str,
        since: Option<i64>,
    ) -> UsageFuture<'a, Vec<UsageCount>> {
        Box::pin(async move {
            let since = since.unwrap_or(i64::MIN);
            let select = Sql::Text(SELECT, USAGE_TIMEOUT);
            let rows = self
                .query(select, &[&api, &since])
                .await
                .map_err(store_error)?;
            rows.iter().map(count).collect()
        })
    }
}
