//! Reads what `scripts/bench.sh` measured in the results directory and writes
//! `summary.md` (ratios with min/median/max, each target met or missed) there, printing it
//! too. Sections whose inputs are missing are reported as not run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use versionary_bench::results::{dir, min_median_max, spread};

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// `min / median / max` with two decimals.
fn show(v: &Value) -> String {
    let f = |k: &str| v[k].as_f64().map_or("-".to_owned(), |x| format!("{x:.3}"));
    format!("{} / **{}** / {}", f("min"), f("median"), f("max"))
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

/// The criterion rounds: `criterion-rounds/round-*/<group>/<bench>/estimates.json`.
fn criterion_rounds(root: &Path) -> Vec<PathBuf> {
    let mut rounds: Vec<PathBuf> = std::fs::read_dir(root.join("criterion-rounds"))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    rounds.sort();
    rounds
}

fn median_ns(round: &Path, group: &str, bench: &str) -> Option<f64> {
    let estimates = read_json(&round.join(group).join(bench).join("estimates.json"))?;
    estimates["median"]["point_estimate"].as_f64()
}

struct Report {
    text: String,
    json: serde_json::Map<String, Value>,
    missed: Vec<String>,
}

impl Report {
    fn target(&mut self, name: &str, met: bool) -> &'static str {
        if !met {
            self.missed.push(name.to_owned());
        }
        verdict(met)
    }
}

fn overhead(report: &mut Report, root: &Path) {
    let rounds = criterion_rounds(root);
    let _ = writeln!(
        report.text,
        "## In-process overhead, criterion (`oneshot`)\n\n{} rounds; per round the ratio is hand-written median time / versionary median time (= versionary throughput as a fraction of hand-written). Each benchmark runs on its own for seconds, so load from other processes can differ between the two sides of a ratio: the targets are judged on the paired measurement below.\n",
        rounds.len()
    );
    if rounds.is_empty() {
        report.text.push_str("not run\n\n");
        return;
    }
    report.text.push_str(
        "| case | version | hand-written ns (median of rounds) | versionary ns | throughput ratio min / median / max |\n|---|---|---|---|---|\n",
    );
    let mut rows = Vec::new();
    for group in ["get_participant", "post_declaration", "chain10"] {
        for version in ["latest", "oldest"] {
            let hand: Vec<f64> = rounds
                .iter()
                .filter_map(|r| median_ns(r, group, &format!("handwritten_{version}")))
                .collect();
            let ours: Vec<f64> = rounds
                .iter()
                .filter_map(|r| median_ns(r, group, &format!("versionary_{version}")))
                .collect();
            let ratios: Vec<f64> = hand.iter().zip(&ours).map(|(h, v)| h / v).collect();
            let s = spread(&ratios);
            let _ = writeln!(
                report.text,
                "| {group} | {version} | {:.0} | {:.0} | {} |",
                min_median_max(&hand).1,
                min_median_max(&ours).1,
                show(&s)
            );
            rows.push(json!({ "case": group, "version": version, "handwritten_ns": spread(&hand), "versionary_ns": spread(&ours), "throughput_ratio": s }));
        }
    }
    report.text.push('\n');
    report.json.insert("overhead".into(), Value::from(rows));
}

fn paired(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## In-process overhead, paired and interleaved (`oneshot`)\n\n");
    let Some(paired) = read_json(&root.join("paired.json")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    let _ = writeln!(
        report.text,
        "{} pairs of {}-request batches per case, hand-written and versionary alternating; ratio per pair = hand-written ns / versionary ns (versionary throughput as a fraction of hand-written).\n",
        paired["pairs"], paired["requests_per_batch"]
    );
    report.text.push_str(
        "| case | version | hand-written ns (median) | versionary ns (median) | throughput ratio min / median / max | ratio p25 - p75 | target | result |\n|---|---|---|---|---|---|---|---|\n",
    );
    for row in paired["cases"].as_array().into_iter().flatten() {
        let group = row["case"].as_str().unwrap_or("?");
        let version = row["version"].as_str().unwrap_or("?");
        let median = row["throughput_ratio"]["median"].as_f64().unwrap_or(0.0);
        let target = match (group, version) {
            (_, "latest") => Some(0.98),
            ("chain10", "oldest") => Some(0.90),
            _ => None,
        };
        let (target_text, result) = match target {
            Some(t) => (
                format!(">= {t:.2}"),
                report.target(&format!("overhead {group} {version}"), median >= t),
            ),
            None => ("-".to_owned(), "-"),
        };
        let _ = writeln!(
            report.text,
            "| {group} | {version} | {:.0} | {:.0} | {} | {:.3} - {:.3} | {target_text} | {result} |",
            row["handwritten_ns"]["median"].as_f64().unwrap_or(f64::NAN),
            row["versionary_ns"]["median"].as_f64().unwrap_or(f64::NAN),
            show(&row["throughput_ratio"]),
            row["throughput_ratio"]["p25"].as_f64().unwrap_or(f64::NAN),
            row["throughput_ratio"]["p75"].as_f64().unwrap_or(f64::NAN)
        );
    }
    report.text.push('\n');
    paired_pages(report, &paired);
    report.json.insert("paired".into(), paired);
}

fn allocations(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## Heap allocations per request (counting allocator)\n\n");
    let Some(alloc) = read_json(&root.join("alloc.json")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    report.text.push_str(
        "| case | version | hand-written | versionary | extra | target | result |\n|---|---|---|---|---|---|---|\n",
    );
    for row in alloc["cases"].as_array().into_iter().flatten() {
        let case = row["case"].as_str().unwrap_or("?");
        let version = row["version"].as_str().unwrap_or("?");
        let extra = row["extra_allocations"].as_f64().unwrap_or(f64::NAN);
        let (target, result) = if version == "latest" {
            (
                "0 extra",
                report.target(&format!("allocations {case} latest"), extra <= 0.0),
            )
        } else {
            ("-", "-")
        };
        let _ = writeln!(
            report.text,
            "| {case} | {version} | {:.2} | {:.2} | {extra:+.2} | {target} | {result} |",
            row["handwritten"]["allocations"]
                .as_f64()
                .unwrap_or(f64::NAN),
            row["versionary"]["allocations"]
                .as_f64()
                .unwrap_or(f64::NAN),
        );
    }
    report.text.push('\n');
    alloc_pages(report, &alloc);
    report.json.insert("allocations".into(), alloc);
}

/// The list cases of `paired.json`: versionary against hand-written at each version, and versionary's
/// oldest version against its latest (target: within 1.10x).
fn paired_pages(report: &mut Report, paired: &Value) {
    let Some(rows) = paired["pages"].as_array().filter(|r| !r.is_empty()) else {
        return;
    };
    report.text.push_str(
        "### List cases (pages), four interleaved batches per round\n\nthroughput ratio = hand-written ns / versionary ns; oldest / latest = versionary's ns at the oldest version / at the latest, per round (lower is better).\n\n| case | page | version | hand-written ns | versionary ns | throughput ratio min / median / max | versionary oldest / latest | hand-written oldest / latest | target | result |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let case = row["case"].as_str().unwrap_or("?");
        let page = row["page"].as_u64().unwrap_or(0);
        for version in ["latest", "oldest"] {
            let side = &row[version];
            let (cost, hand_cost, target, result) = if version == "oldest" {
                let median = row["versionary_oldest_over_latest"]["median"]
                    .as_f64()
                    .unwrap_or(f64::NAN);
                (
                    show(&row["versionary_oldest_over_latest"]),
                    show(&row["handwritten_oldest_over_latest"]),
                    "<= 1.10",
                    report.target(&format!("{case} {page} oldest / latest"), median <= 1.10),
                )
            } else {
                ("-".into(), "-".into(), "-", "-")
            };
            let _ = writeln!(
                report.text,
                "| {case} | {page} | {version} | {:.0} | {:.0} | {} | {cost} | {hand_cost} | {target} | {result} |",
                side["handwritten_ns"]["median"]
                    .as_f64()
                    .unwrap_or(f64::NAN),
                side["versionary_ns"]["median"].as_f64().unwrap_or(f64::NAN),
                show(&side["throughput_ratio"]),
            );
        }
    }
    report.text.push('\n');
}

/// The list cases of `alloc.json`: at the oldest version, versionary allocates no more than at
/// the latest plus what the `down` functions allocate themselves.
fn alloc_pages(report: &mut Report, alloc: &Value) {
    let Some(rows) = alloc["pages"].as_array().filter(|r| !r.is_empty()) else {
        return;
    };
    report.text.push_str(
        "### List cases (pages)\n\n| case | page | hand-written latest | versionary latest | hand-written oldest | versionary oldest | `down` allocations | versionary oldest - latest - `down` | target | result |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let case = row["case"].as_str().unwrap_or("?");
        let page = row["page"].as_u64().unwrap_or(0);
        let get = |version: &str, side: &str| {
            row[version][side]["allocations"]
                .as_f64()
                .unwrap_or(f64::NAN)
        };
        let down = row["down_allocations"].as_f64().unwrap_or(f64::NAN);
        let extra = get("oldest", "versionary") - get("latest", "versionary") - down;
        let result = report.target(&format!("allocations {case} {page} oldest"), extra <= 0.0);
        let _ = writeln!(
            report.text,
            "| {case} | {page} | {:.0} | {:.0} | {:.0} | {:.0} | {down:.0} | {extra:+.0} | <= 0 | {result} |",
            get("latest", "handwritten"),
            get("latest", "versionary"),
            get("oldest", "handwritten"),
            get("oldest", "versionary"),
        );
    }
    report.text.push('\n');
}

/// `instructions.json`: CPU instructions per request under callgrind, versionary / hand-written.
fn instructions(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## Instructions per request (callgrind, loopback)\n\n");
    let Some(counted) = read_json(&root.join("instructions.json")) else {
        report
            .text
            .push_str("not run (or skipped: valgrind is needed)\n\n");
        return;
    };
    let _ = writeln!(
        report.text,
        "`peer-serve` under `valgrind --tool=callgrind` on 127.0.0.1; one keep-alive connection, {} warm-up requests, counters zeroed, then exactly {} requests; {} round(s). Ratio = versionary / hand-written (lower is better).\n",
        counted["warmup"], counted["requests"], counted["rounds"]
    );
    report.text.push_str(
        "| case | version | hand-written instructions (median) | versionary instructions (median) | ratio min / median / max | target | result |\n|---|---|---|---|---|---|---|\n",
    );
    for case in counted["cases"].as_array().into_iter().flatten() {
        let name = case["case"].as_str().unwrap_or("get_participant");
        let version = case["version"].as_str().unwrap_or("?");
        let median = case["ratio"]["median"].as_f64().unwrap_or(f64::INFINITY);
        let result = report.target(&format!("instructions {name} {version}"), median <= 1.03);
        let _ = writeln!(
            report.text,
            "| {name} | {version} | {:.0} | {:.0} | {} | <= 1.03 | {result} |",
            case["handwritten"]["median"].as_f64().unwrap_or(f64::NAN),
            case["versionary"]["median"].as_f64().unwrap_or(f64::NAN),
            show(&case["ratio"])
        );
    }
    report.text.push('\n');
    report.json.insert("instructions".into(), counted);
}

/// `peers.json`: versionary against the peers (Cadwyn), each server on one pinned core.
fn peers(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## Peers side by side (loopback, one core per server)\n\n");
    let Some(peers) = read_json(&root.join("peers.json")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    let _ = writeln!(
        report.text,
        "{}\n\n{} connections, {} s or {} requests per case and round, {} rounds, GET participant.\n",
        peers["note"].as_str().unwrap_or(""),
        peers["connections"],
        peers["seconds_per_case"],
        peers["max_requests_per_case"],
        peers["rounds"]
    );
    report.text.push_str(
        "| server | version | req/s min / median / max | p99 us min / median / max |\n|---|---|---|---|\n",
    );
    for case in peers["cases"].as_array().into_iter().flatten() {
        let _ = writeln!(
            report.text,
            "| {} | {} | {} | {} |",
            case["server"].as_str().unwrap_or("?"),
            case["version"].as_str().unwrap_or("?"),
            show(&case["rps"]),
            show(&case["p99_us"])
        );
    }
    report.text.push_str(
        "\n| ratio | version | throughput ratio | p99 ratio (lower is better) |\n|---|---|---|---|\n",
    );
    for ratio in peers["ratios"].as_array().into_iter().flatten() {
        let _ = writeln!(
            report.text,
            "| {} / {} | {} | {} | {} |",
            ratio["reference"].as_str().unwrap_or("?"),
            ratio["peer"].as_str().unwrap_or("?"),
            ratio["version"].as_str().unwrap_or("?"),
            show(&ratio["throughput"]),
            show(&ratio["p99"])
        );
    }
    report.text.push('\n');
    report.json.insert("peers".into(), peers);
}

fn load(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## Loopback load (keep-alive HTTP/1.1, 127.0.0.1)\n\n");
    let Some(load) = read_json(&root.join("load.json")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    let _ = writeln!(
        report.text,
        "{} connections, {} s or {} requests per case and round, {} rounds, GET participant.\n",
        load["connections"],
        load["seconds_per_case"],
        load["max_requests_per_case"],
        load["rounds"]
    );
    report.text.push_str(
        "| case | req/s min / median / max | p99 us min / median / max |\n|---|---|---|\n",
    );
    for case in load["cases"].as_array().into_iter().flatten() {
        let _ = writeln!(
            report.text,
            "| {} | {} | {} |",
            case["case"].as_str().unwrap_or("?"),
            show(&case["rps"]),
            show(&case["p99_us"])
        );
    }
    report.text.push_str(
        "\n| versionary / hand-written | throughput ratio | p99 ratio (lower is better) | target | result |\n|---|---|---|---|---|\n",
    );
    for version in ["latest", "oldest"] {
        let ratios = &load["ratios"][version];
        let (target, result) = if version == "latest" {
            let median = ratios["throughput"]["median"].as_f64().unwrap_or(0.0);
            (
                "throughput >= 0.98",
                report.target("load latest", median >= 0.98),
            )
        } else {
            ("-", "-")
        };
        let _ = writeln!(
            report.text,
            "| {version} | {} | {} | {target} | {result} |",
            show(&ratios["throughput"]),
            show(&ratios["p99"])
        );
    }
    report.text.push('\n');
    report.json.insert("load".into(), load);
}

/// `compile.tsv`: `kind<TAB>types<TAB>versions<TAB>repeat<TAB>seconds`.
fn compile(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## Compile time (`cargo check` of generated crates)\n\n");
    let Ok(text) = std::fs::read_to_string(root.join("compile.tsv")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    let mut runs: Vec<(String, u32, u32, f64)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        if let [kind, n, m, _, secs] = cols[..]
            && let (Ok(n), Ok(m), Ok(secs)) = (n.parse(), m.parse(), secs.parse())
        {
            runs.push((kind.to_owned(), n, m, secs));
        }
    }
    let times = |kind: &str, n: u32, m: u32| -> Vec<f64> {
        runs.iter()
            .filter(|r| r.0 == kind && r.1 == n && r.2 == m)
            .map(|r| r.3)
            .collect()
    };
    let mut configs: Vec<(String, u32, u32)> =
        runs.iter().map(|r| (r.0.clone(), r.1, r.2)).collect();
    configs.sort();
    configs.dedup();
    report
        .text
        .push_str("| crate | types | versions | seconds min / median / max |\n|---|---|---|---|\n");
    let mut rows = Vec::new();
    for (kind, n, m) in &configs {
        let t = times(kind, *n, *m);
        let _ = writeln!(
            report.text,
            "| {kind} | {n} | {m} | {} |",
            show(&spread(&t))
        );
        rows.push(json!({ "kind": kind, "types": n, "versions": m, "seconds": spread(&t) }));
    }
    // One ratio per repeat: the script interleaves repeats (every crate once, then again),
    // so repeat `i` of two crates ran close together, under the same load.
    let ratio =
        |a: &[f64], b: &[f64]| -> Vec<f64> { a.iter().zip(b).map(|(x, y)| x / y).collect() };
    report
        .text
        .push_str("\n| ratio | min / median / max | target | result |\n|---|---|---|---|\n");
    let mut ratios = serde_json::Map::new();
    let plain_m = runs.iter().find(|r| r.0 == "plain").map_or(0, |r| r.2);
    for n in [50, 200] {
        let r = ratio(&times("versioned", n, 50), &times("versioned", n, 5));
        if !r.is_empty() {
            let met = min_median_max(&r).1 <= 1.2;
            let result = report.target(&format!("compile {n} types M=50/M=5"), met);
            let _ = writeln!(
                report.text,
                "| {n} types: 50 versions / 5 versions | {} | <= 1.2 | {result} |",
                show(&spread(&r))
            );
            ratios.insert(format!("{n}_m50_over_m5"), spread(&r));
        }
        for m in [5, 20, 50] {
            let r = ratio(&times("versioned", n, m), &times("plain", n, plain_m));
            if r.is_empty() {
                continue;
            }
            let (target, result) = if n == 200 && m == 20 {
                let met = min_median_max(&r).1 <= 3.0;
                ("<= 3", report.target("compile 200x20 / plain", met))
            } else {
                ("-", "-")
            };
            let _ = writeln!(
                report.text,
                "| {n} types x {m} versions / plain serde | {} | {target} | {result} |",
                show(&spread(&r))
            );
            ratios.insert(format!("{n}x{m}_over_plain"), spread(&r));
        }
        let documented_m = runs.iter().find(|r| r.0 == "documented").map_or(0, |r| r.2);
        let r = ratio(
            &times("versioned", n, 20),
            &times("documented", n, documented_m),
        );
        if !r.is_empty() {
            let _ = writeln!(
                report.text,
                "| {n} types x 20 versions / serde + schemars | {} | - | - |",
                show(&spread(&r))
            );
            ratios.insert(format!("{n}x20_over_documented"), spread(&r));
        }
        // The realistic alternative: the same history written by hand.
        let handwritten_m = runs
            .iter()
            .find(|r| r.0 == "handwritten")
            .map_or(0, |r| r.2);
        let r = ratio(
            &times("versioned", n, handwritten_m),
            &times("handwritten", n, handwritten_m),
        );
        if !r.is_empty() {
            let _ = writeln!(
                report.text,
                "| {n} types x {handwritten_m} versions / hand-written per-version types | {} | - | - |",
                show(&spread(&r))
            );
            ratios.insert(format!("{n}x{handwritten_m}_over_handwritten"), spread(&r));
        }
    }
    report.text.push('\n');
    report.json.insert(
        "compile".into(),
        json!({ "runs": rows, "ratios": Value::Object(ratios) }),
    );
}

/// `incremental.tsv`: `cargo build` after one function body edited, per kind of service.
fn incremental(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## Incremental rebuild (one function body edited, `cargo build`)\n\n");
    let Ok(text) = std::fs::read_to_string(root.join("incremental.tsv")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    let mut runs: Vec<(String, String, f64)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        if let [kind, n, m, _, secs] = line.split('\t').collect::<Vec<_>>()[..]
            && let Ok(secs) = secs.parse()
        {
            runs.push((kind.to_owned(), format!("{n} types x {m} versions"), secs));
        }
    }
    let times =
        |kind: &str| -> Vec<f64> { runs.iter().filter(|r| r.0 == kind).map(|r| r.2).collect() };
    let size = runs.first().map_or(String::new(), |r| r.1.clone());
    let _ = writeln!(
        report.text,
        "{size}; repeats interleaved, one ratio per repeat.\n\n| service | seconds min / median / max |\n|---|---|"
    );
    let mut json = serde_json::Map::new();
    for kind in ["plain", "handwritten", "versioned"] {
        let _ = writeln!(report.text, "| {kind} | {} |", show(&spread(&times(kind))));
        json.insert(kind.into(), spread(&times(kind)));
    }
    report
        .text
        .push_str("\n| ratio | min / median / max |\n|---|---|\n");
    for (a, b) in [
        ("versioned", "plain"),
        ("versioned", "handwritten"),
        ("handwritten", "plain"),
    ] {
        let r: Vec<f64> = times(a).iter().zip(times(b)).map(|(x, y)| x / y).collect();
        let _ = writeln!(report.text, "| {a} / {b} | {} |", show(&spread(&r)));
        json.insert(format!("{a}_over_{b}"), spread(&r));
    }
    report.text.push('\n');
    report
        .json
        .insert("incremental".into(), Value::Object(json));
}

fn router(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## Router build and version resolution\n\n");
    let Some(router) = read_json(&root.join("router.json")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    let build = &router["build"];
    let _ = writeln!(
        report.text,
        "Build of 500 endpoints x 20 versions (10,000 routes), each in a fresh process:\n\n| router | ms min / median / max | RSS delta KiB min / median / max |\n|---|---|---|\n| versionary | {} | {} |\n| plain axum, same routes | {} | {} |\n| ratio versionary / plain | {} | {} |\n",
        show(&build["versioned"]["ms"]),
        show(&build["versioned"]["rss_kib"]),
        show(&build["plain"]["ms"]),
        show(&build["plain"]["rss_kib"]),
        show(&build["ratio"]["time"]),
        show(&build["ratio"]["rss"]),
    );
    let resolution = &router["resolution"];
    report
        .text
        .push_str("Request latency in process (ns per request):\n\n| case | ns min / median / max |\n|---|---|\n");
    for case in resolution["cases"].as_array().into_iter().flatten() {
        let _ = writeln!(
            report.text,
            "| {} | {} |",
            case["case"].as_str().unwrap_or("?"),
            show(&case["ns"])
        );
    }
    report
        .text
        .push_str("\n| ratio | min / median / max | expectation | result |\n|---|---|---|---|\n");
    for (key, what) in [
        ("latest_50_over_2", "latest: 50 versions / 2 versions"),
        ("oldest_50_over_2", "oldest: 50 versions / 2 versions"),
        ("latest_20_over_2", "latest: 20 versions / 2 versions"),
        ("big_last_over_first", "10,000 routes: /v20/e499 / /v1/e000"),
        (
            "big_versionary_over_plain_first",
            "10,000 routes, /v1/e000: versionary / plain",
        ),
        (
            "big_versionary_over_plain_last",
            "10,000 routes, /v20/e499: versionary / plain",
        ),
    ] {
        let v = &resolution["ratios"][key];
        let (expect, result) = if key.contains("over_2") || key == "big_last_over_first" {
            let median = v["median"].as_f64().unwrap_or(f64::INFINITY);
            (
                "O(1): within 1.10",
                report.target(&format!("resolution {key}"), median <= 1.10),
            )
        } else {
            ("-", "-")
        };
        let _ = writeln!(
            report.text,
            "| {what} | {} | {expect} | {result} |",
            show(v)
        );
    }
    report.text.push('\n');
    report.json.insert("router".into(), router);
}

fn stream(report: &mut Report, root: &Path) {
    report.text.push_str("## Streamed answers (NDJSON)\n\n");
    let Some(stream) = read_json(&root.join("stream.json")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    let speed = &stream["throughput"];
    let ratio = speed["ratio"]["median"].as_f64().unwrap_or(f64::INFINITY);
    let met = report.target("stream throughput", ratio <= 1.10);
    let _ = writeln!(
        report.text,
        "{} items at the oldest version, in process, interleaved rounds (ms):\n\n| writer | ms min / median / max |\n|---|---|\n| `versionary::NdJson` | {} |\n| hand-written, 8 KiB frames | {} |\n| hand-written, one frame per item | {} |\n\n| ratio | min / median / max | target | result |\n|---|---|---|---|\n| versionary / hand-written, 8 KiB frames | {} | within 1.10 | {} |\n| versionary / hand-written, one frame per item | {} | - | - |\n",
        speed["items"],
        show(&speed["versionary_ms"]),
        show(&speed["handwritten_batched_ms"]),
        show(&speed["handwritten_ms"]),
        show(&speed["ratio"]),
        met,
        show(&speed["ratio_per_item"]),
    );
    let memory = &stream["memory"];
    let growth = memory["ratio"].as_f64().unwrap_or(f64::INFINITY);
    let met = report.target("stream memory", growth <= 1.10);
    let _ = writeln!(
        report.text,
        "Peak RSS of a fresh process streaming 10,000 items: {} KiB; 100,000 items: {} KiB; ratio {growth:.3} (target: independent of the count, within 1.10): {}\n",
        memory["items_10000"]["peak_rss_kib"], memory["items_100000"]["peak_rss_kib"], met,
    );
    report.json.insert("stream".into(), stream);
}

/// `consumers.json`: usage memory by consumer against a plain map, and flush times.
fn consumers(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## Usage by consumer (memory and flush)\n\n");
    let Some(consumers) = read_json(&root.join("consumers.json")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    let (memory, flush) = (&consumers["memory"], &consumers["flush"]);
    let number = |v: &Value| v.as_f64().map_or("-".to_owned(), |x| format!("{x:.3}"));
    let _ = writeln!(
        report.text,
        "{} consumers x 3 versions x 5 endpoints: usage holds {} bytes ({} per consumer), the same counts in a plain `HashMap` {} bytes (ratio {}); the first flush adds {} bytes of marks.\n\n| flush of {} rows | first (inserts), ms | next (updates), ms min / median / max |\n|---|---|---|\n| memory store | {} | {} |\n| SQLite | {} | {} |\n",
        memory["consumers"],
        memory["usage_bytes"],
        number(&memory["usage_bytes_per_consumer"]),
        memory["hashmap_bytes"],
        number(&memory["usage_over_hashmap"]),
        memory["flush_marks_bytes"],
        flush["rows"],
        number(&flush["memory_store_first_ms"]),
        show(&flush["memory_store_next_ms"]),
        number(&flush["sqlite_first_ms"]),
        show(&flush["sqlite_next_ms"]),
    );
    report.json.insert("consumers".into(), consumers);
}

/// `event.json`: rendering an event at the oldest version against the latest.
fn event(report: &mut Report, root: &Path) {
    report
        .text
        .push_str("## Event rendering (`Event::to_vec`)\n\n");
    let Some(event) = read_json(&root.join("event.json")) else {
        report.text.push_str("not run\n\n");
        return;
    };
    let ratio = event["ratio"]["median"].as_f64().unwrap_or(f64::INFINITY);
    let met = report.target("event rendering", ratio <= 1.10);
    let _ = writeln!(
        report.text,
        "{} renders per batch, interleaved rounds:\n\n| version | ns per event, min / median / max |\n|---|---|\n| oldest | {} |\n| latest | {} |\n\n| ratio | min / median / max | target | result |\n|---|---|---|---|\n| oldest / latest | {} | within 1.10 | {} |\n",
        event["batch"],
        show(&event["oldest_ns"]),
        show(&event["latest_ns"]),
        show(&event["ratio"]),
        met,
    );
    report.json.insert("event".into(), event);
}

fn main() {
    let root = dir();
    let mut report = Report {
        text: String::from("# versionary benchmark summary\n\n"),
        json: serde_json::Map::new(),
        missed: Vec::new(),
    };
    if let Ok(machine) = std::fs::read_to_string(root.join("machine.txt")) {
        let _ = writeln!(report.text, "```\n{}\n```\n", machine.trim_end());
    }
    overhead(&mut report, &root);
    paired(&mut report, &root);
    allocations(&mut report, &root);
    instructions(&mut report, &root);
    load(&mut report, &root);
    compile(&mut report, &root);
    incremental(&mut report, &root);
    router(&mut report, &root);
    stream(&mut report, &root);
    consumers(&mut report, &root);
    event(&mut report, &root);
    peers(&mut report, &root);
    if report.missed.is_empty() {
        report.text.push_str("All targets met.\n");
    } else {
        let _ = writeln!(report.text, "Targets missed: {}.", report.missed.join("; "));
    }
    print!("{}", report.text);
    let path = root.join("summary.md");
    if let Err(error) = std::fs::write(&path, &report.text) {
        eprintln!("cannot write {}: {error}", path.display());
    }
    report
        .json
        .insert("missed".into(), Value::from(report.missed.clone()));
    versionary_bench::results::write_json("summary.json", &Value::Object(report.json));
}
