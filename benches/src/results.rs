//! Where the benchmarks write their figures.

use std::path::PathBuf;

/// The results directory: `$BENCH_RESULTS_DIR`, else `$CARGO_TARGET_DIR/bench-results`,
/// else `target/bench-results` at the workspace root. Created if missing.
pub fn dir() -> PathBuf {
    let dir = match std::env::var_os("BENCH_RESULTS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => match std::env::var_os("CARGO_TARGET_DIR") {
            Some(target) => PathBuf::from(target).join("bench-results"),
            None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results"),
        },
    };
    if let Err(error) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {error}", dir.display());
    }
    dir
}

/// Writes `value` as pretty JSON to `name` in [`dir`], and says where.
pub fn write_json(name: &str, value: &serde_json::Value) {
    let path = dir().join(name);
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    match std::fs::write(&path, text + "\n") {
        Ok(()) => println!("wrote {}", path.display()),
        Err(error) => eprintln!("cannot write {}: {error}", path.display()),
    }
}

/// Minimum, median and maximum of `values` (all `NaN` when empty).
pub fn min_median_max(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (sorted[0], median, sorted[n - 1])
}

/// The `q` quantile (0 to 1, nearest rank) of `values` (`NaN` when empty).
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted.sort_by(f64::total_cmp);
    let rank = ((sorted.len() - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize;
    sorted[rank]
}

/// `{"min", "p25", "median", "p75", "max", "n"}` of `values`.
pub fn spread(values: &[f64]) -> serde_json::Value {
    let (min, median, max) = min_median_max(values);
    serde_json::json!({
        "min": min,
        "p25": quantile(values, 0.25),
        "median": median,
        "p75": quantile(values, 0.75),
        "max": max,
        "n": values.len(),
    })
}
