//! What each consumer calls: [`Usage::by_consumer`], and the migration report
//! ([`Usage::migration_report`]), as JSON (serde) and as a plain text table.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::Usage;
use super::consumers::Counts;
use crate::lifecycle::date_text;
use crate::select::Chosen;

const DAY: i64 = 86_400;

/// One consumer's requests to one endpoint in one version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumerUsage {
    /// The consumer, or [`OVERFLOW_CONSUMER`](super::OVERFLOW_CONSUMER) for the consumers
    /// past the limit.
    pub consumer: String,
    /// The version label.
    pub version: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, without any version prefix.
    pub route: String,
    /// Requests since the router started.
    pub requests: u64,
    /// The requests by how their version was chosen (ways with none left out).
    pub chosen: BTreeMap<&'static str, u64>,
    /// The first request, in Unix seconds of the router's clock.
    pub first_seen: i64,
    /// The last request, in Unix seconds of the router's clock.
    pub last_seen: i64,
}

/// Who still calls the versions and endpoints that are deprecated or have a newer version:
/// see [`Usage::migration_report`]. Serializes to the JSON of the operator endpoint;
/// [`MigrationReport::to_text`] writes it as a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MigrationReport {
    /// The API's name.
    pub api: &'static str,
    /// When the report was made (RFC 3339, by the router's clock).
    pub generated_at: String,
    /// Only consumers seen within this many days before `generated_at` are listed.
    pub window_days: u64,
    /// Every version and endpoint that is deprecated, has a sunset date or has a newer
    /// version, oldest version first, with the consumers that called it in the window
    /// (none: nobody is left to migrate).
    pub endpoints: Vec<EndpointCalls>,
    /// The consumers that sent no version in the window: they move when the default does.
    pub unversioned: Vec<UnversionedConsumer>,
    /// Requests of consumers past the limit of tracked consumers, since the router started.
    pub overflow_requests: u64,
}

/// One version of one endpoint in a [`MigrationReport`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndpointCalls {
    /// The version label.
    pub version: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, without any version prefix.
    pub route: String,
    /// The deprecation date (`YYYY-MM-DD`), if declared.
    pub deprecated: Option<String>,
    /// The sunset date (`YYYY-MM-DD`), if declared.
    pub sunset: Option<String>,
    /// Whole days from the report to the sunset (negative once it is past).
    pub days_left: Option<i64>,
    /// The newest released version serving the same endpoint, when newer.
    pub newer_version: Option<&'static str>,
    /// The consumers that called it in the window, by name.
    pub consumers: Vec<ConsumerCalls>,
}

/// One consumer's calls in a [`MigrationReport`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumerCalls {
    /// The consumer.
    pub consumer: String,
    /// Requests since the router started.
    pub requests: u64,
    /// The last request (RFC 3339).
    pub last_seen: String,
    /// The requests by how their version was chosen (ways with none left out): a
    /// `defaulted` count means the consumer sends no version here.
    pub chosen: BTreeMap<&'static str, u64>,
}

/// A consumer that sent no version (served by the missing-version policy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnversionedConsumer {
    /// The consumer.
    pub consumer: String,
    /// Its requests that named no version, since the router started.
    pub requests: u64,
    /// Its last request to an endpoint and version it called without naming a version
    /// (RFC 3339).
    pub last_seen: String,
    /// The versions those requests were served at, oldest first.
    pub versions: Vec<&'static str>,
}

/// `seconds` (Unix) as RFC 3339 in UTC: `2026-12-06T19:30:00Z`.
fn timestamp(seconds: i64) -> String {
    let rest = seconds.rem_euclid(DAY);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_text(seconds.div_euclid(DAY)),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The report of a handle no router counts with yet.
pub(super) fn empty_report(window: Duration) -> MigrationReport {
    MigrationReport {
        api: "",
        generated_at: String::new(),
        window_days: window.as_secs() / DAY as u64,
        endpoints: Vec::new(),
        unversioned: Vec::new(),
        overflow_requests: 0,
    }
}

fn by_way(counts: &Counts) -> BTreeMap<&'static str, u64> {
    Chosen::ALL
        .iter()
        .map(|c| (c.as_str(), counts.requests[c.index()]))
        .filter(|(_, n)| *n > 0)
        .collect()
}

impl Usage {
    /// Every consumer's requests by version and endpoint, consumers by name (the overflow
    /// bucket last), each with how its versions were chosen and when it was first and last
    /// seen. Empty without consumer identification.
    ///
    /// ```
    /// assert!(versionary::Usage::new().by_consumer().is_empty());
    /// ```
    pub fn by_consumer(&self) -> Vec<ConsumerUsage> {
        let Some(table) = self.table.get() else {
            return Vec::new();
        };
        let mut out: Vec<(usize, ConsumerUsage)> = Vec::new();
        for (consumer, route, counts) in table.consumers.read() {
            let Some(row) = table.rows.get(route) else {
                continue;
            };
            out.push((
                row.version_index,
                ConsumerUsage {
                    consumer,
                    version: row.version,
                    method: row.method,
                    route: row.route.clone(),
                    requests: counts.total(),
                    chosen: by_way(&counts),
                    first_seen: counts.first,
                    last_seen: counts.last,
                },
            ));
        }
        // Stable: consumers stay in name order within a version and endpoint.
        out.sort_by(|(a, x), (b, y)| (a, &x.route, x.method).cmp(&(b, &y.route, y.method)));
        out.into_iter().map(|(_, u)| u).collect()
    }

    /// The migration report: for every version and endpoint that is deprecated, has a
    /// sunset date or has a newer version, the consumers that called it within `window`
    /// before now (by the router's [`Clock`](crate::Clock)), with their request counts,
    /// last call and how they chose the version, and the sunset date and days left; then
    /// the consumers that sent no version in the window. Counts are totals since the router
    /// started; `window` selects consumers by their last call. Empty before a router is
    /// built with this handle. See the [module documentation](crate::usage) for an example.
    /// This instance's counts only: [`Usage::stored_report`] adds up every instance's, over
    /// restarts, from a store.
    pub fn migration_report(&self, window: Duration) -> MigrationReport {
        let Some(table) = self.table.get() else {
            return empty_report(window);
        };
        let overflow = table.consumers.overflow_requests();
        self.report_from(table.consumers.read(), overflow, window)
    }

    /// The migration report of `calls` (consumer, route, counts; in consumer order), with
    /// `overflow` requests past the limit.
    pub(super) fn report_from(
        &self,
        calls: Vec<(String, usize, Counts)>,
        overflow: u64,
        window: Duration,
    ) -> MigrationReport {
        let Some(table) = self.table.get() else {
            return empty_report(window);
        };
        let now = table.clock.unix_seconds();
        let since = now.saturating_sub(i64::try_from(window.as_secs()).unwrap_or(i64::MAX));
        let calls: Vec<(String, usize, Counts)> = calls
            .into_iter()
            .filter(|(_, _, counts)| counts.last >= since)
            .collect();
        let mut order: Vec<usize> = (0..table.rows.len()).collect();
        order.sort_by_key(|&i| {
            let r = &table.rows[i];
            (r.version_index, &r.route, r.method)
        });
        let endpoints = order
            .into_iter()
            .filter_map(|i| {
                let row = &table.rows[i];
                let l = row.lifecycle;
                let listed = l.deprecated.is_some() || l.sunset.is_some() || l.newer.is_some();
                listed.then(|| EndpointCalls {
                    version: row.version,
                    method: row.method,
                    route: row.route.clone(),
                    deprecated: l.deprecated.map(|d| date_text(d.div_euclid(DAY))),
                    sunset: l.sunset.map(|s| date_text(s.div_euclid(DAY))),
                    days_left: l.sunset.map(|s| (s - now).div_euclid(DAY)),
                    newer_version: l.newer,
                    consumers: calls
                        .iter()
                        .filter(|(_, route, _)| *route == i)
                        .map(|(consumer, _, counts)| ConsumerCalls {
                            consumer: consumer.clone(),
                            requests: counts.total(),
                            last_seen: timestamp(counts.last),
                            chosen: by_way(counts),
                        })
                        .collect(),
                })
            })
            .collect();
        MigrationReport {
            api: table.api,
            generated_at: timestamp(now),
            window_days: window.as_secs() / DAY as u64,
            endpoints,
            unversioned: self.unversioned(&calls),
            overflow_requests: overflow,
        }
    }

    /// The consumers among `calls` with requests that named no version.
    fn unversioned(&self, calls: &[(String, usize, Counts)]) -> Vec<UnversionedConsumer> {
        let Some(table) = self.table.get() else {
            return Vec::new();
        };
        let defaulted = Chosen::Defaulted.index();
        let mut out: Vec<UnversionedConsumer> = Vec::new();
        let mut versions: Vec<Vec<usize>> = Vec::new();
        // `calls` is in consumer order: one entry per consumer, filled route by route.
        for (consumer, route, counts) in calls {
            let requests = counts.requests[defaulted];
            let Some(row) = table.rows.get(*route).filter(|_| requests > 0) else {
                continue;
            };
            if out.last().is_none_or(|u| u.consumer != *consumer) {
                out.push(UnversionedConsumer {
                    consumer: consumer.clone(),
                    requests: 0,
                    last_seen: String::new(),
                    versions: Vec::new(),
                });
                versions.push(Vec::new());
            }
            let (Some(entry), Some(seen)) = (out.last_mut(), versions.last_mut()) else {
                continue;
            };
            entry.requests += requests;
            let last = timestamp(counts.last);
            if last > entry.last_seen {
                entry.last_seen = last;
            }
            if !seen.contains(&row.version_index) {
                seen.push(row.version_index);
            }
        }
        for (entry, mut seen) in out.iter_mut().zip(versions) {
            seen.sort_unstable();
            entry.versions = seen
                .into_iter()
                .filter_map(|i| table.rows.iter().find(|r| r.version_index == i))
                .map(|r| r.version)
                .collect();
        }
        out
    }
}

impl MigrationReport {
    /// The report as plain text: a table of the endpoints and their consumers (`-` where an
    /// endpoint has none in the window), then the consumers that send no version.
    ///
    /// ```
    /// let report = versionary::Usage::new().migration_report(std::time::Duration::from_secs(86_400));
    /// assert!(report.to_text().starts_with("VERSION"));
    /// ```
    pub fn to_text(&self) -> String {
        let mut rows = vec![
            [
                "VERSION",
                "ENDPOINT",
                "SUNSET",
                "DAYS LEFT",
                "NEWER",
                "CONSUMER",
                "REQUESTS",
                "LAST SEEN",
                "CHOSEN",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        let dash = || "-".to_owned();
        for e in &self.endpoints {
            let head = vec![
                e.version.to_owned(),
                format!("{} {}", e.method, e.route),
                e.sunset.clone().unwrap_or_else(dash),
                e.days_left.map_or_else(dash, |d| d.to_string()),
                e.newer_version.map_or_else(dash, str::to_owned),
            ];
            if e.consumers.is_empty() {
                rows.push([head.clone(), vec![dash(), "0".into(), dash(), dash()]].concat());
            }
            for c in &e.consumers {
                let chosen: Vec<String> =
                    c.chosen.iter().map(|(k, n)| format!("{k}={n}")).collect();
                let tail = vec![
                    c.consumer.clone(),
                    c.requests.to_string(),
                    c.last_seen.clone(),
                    chosen.join(" "),
                ];
                rows.push([head.clone(), tail].concat());
            }
        }
        let mut out = text_table(&rows);
        out.push_str("\nCONSUMERS SENDING NO VERSION (they move when the default moves)\n");
        let mut rows = vec![
            ["CONSUMER", "REQUESTS", "LAST SEEN", "VERSIONS"]
                .map(str::to_owned)
                .to_vec(),
        ];
        for u in &self.unversioned {
            rows.push(vec![
                u.consumer.clone(),
                u.requests.to_string(),
                u.last_seen.clone(),
                u.versions.join(", "),
            ]);
        }
        out.push_str(&text_table(&rows));
        out
    }
}

/// `rows` as left-aligned columns two spaces apart.
fn text_table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(&widths) {
            line.push_str(&format!("{cell:<width$}  "));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_in_utc() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_765_049_400), "2025-12-06T19:30:00Z");
        assert_eq!(timestamp(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn text_tables_align_columns() {
        let rows = vec![
            vec!["A".to_owned(), "BB".to_owned()],
            vec!["ccc".to_owned(), "d".to_owned()],
        ];
        assert_eq!(text_table(&rows), "A    BB\nccc  d\n");
    }
}
