//! [`Usage::to_prometheus`]: the counts in the Prometheus text exposition format, with a
//! bounded label set unless the service opts in to per-consumer series.

use core::fmt::Write;

use super::Usage;
use crate::select::Chosen;

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn header(out: &mut String, metric: &str, kind: &str, help: &str) {
    let _ = write!(out, "# HELP {metric} {help}\n# TYPE {metric} {kind}\n");
}

impl Usage {
    /// The counts in the Prometheus text exposition format: `versionary_requests_total` and
    /// `versionary_gone_total`, labelled by api, version, method and route. With consumer
    /// identification, also `versionary_consumers_tracked` and
    /// `versionary_consumer_overflow_requests_total` (labelled by api alone), and after
    /// [`Usage::consumer_series`] `versionary_consumer_requests_total`, labelled by api,
    /// version, method, route, consumer and `chosen` (how the version was chosen).
    ///
    /// ```
    /// let usage = versionary::Usage::new();
    /// // Before a router is built with it, the metrics are declared with no series.
    /// assert!(usage.to_prometheus().contains("# TYPE versionary_requests_total counter"));
    /// ```
    pub fn to_prometheus(&self) -> String {
        let table = self.table.get();
        let api = escape(table.map_or("", |t| t.api));
        let mut out = String::new();
        let rows = self.snapshot();
        for (metric, help) in [
            (
                "versionary_requests_total",
                "Requests answered, by API version and route.",
            ),
            (
                "versionary_gone_total",
                "Requests refused with 410 Gone after a sunset.",
            ),
        ] {
            header(&mut out, metric, "counter", help);
            for row in &rows {
                let value = if metric == "versionary_gone_total" {
                    row.gone
                } else {
                    row.requests
                };
                let _ = writeln!(
                    out,
                    "{metric}{{api=\"{api}\",version=\"{}\",method=\"{}\",route=\"{}\"}} {value}",
                    escape(row.version),
                    row.method,
                    escape(&row.route)
                );
            }
        }
        let Some(table) = table else {
            return out;
        };
        header(
            &mut out,
            "versionary_consumers_tracked",
            "gauge",
            "Consumers tracked by name (at most the limit).",
        );
        let _ = writeln!(
            out,
            "versionary_consumers_tracked{{api=\"{api}\"}} {}",
            table.consumers.tracked()
        );
        header(
            &mut out,
            "versionary_consumer_overflow_requests_total",
            "counter",
            "Requests of consumers seen after the limit of tracked consumers was reached.",
        );
        let _ = writeln!(
            out,
            "versionary_consumer_overflow_requests_total{{api=\"{api}\"}} {}",
            table.consumers.overflow_requests()
        );
        if table.consumer_series {
            self.consumer_series_text(&api, &mut out);
        }
        out
    }

    /// `versionary_consumer_requests_total`, one series per consumer, route and way chosen.
    fn consumer_series_text(&self, api: &str, out: &mut String) {
        let Some(table) = self.table.get() else {
            return;
        };
        let metric = "versionary_consumer_requests_total";
        header(
            out,
            metric,
            "counter",
            "Requests by consumer, API version, route and how the version was chosen.",
        );
        for (consumer, route, counts) in table.consumers.read() {
            let Some(row) = table.rows.get(route) else {
                continue;
            };
            for chosen in Chosen::ALL {
                let value = counts.requests[chosen.index()];
                if value == 0 {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "{metric}{{api=\"{api}\",version=\"{}\",method=\"{}\",route=\"{}\",consumer=\"{}\",chosen=\"{chosen}\"}} {value}",
                    escape(row.version),
                    row.method,
                    escape(&row.route),
                    escape(&consumer),
                );
            }
        }
    }
}
