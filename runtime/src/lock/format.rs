// The lock file's format, shared by the runtime (`verso::lock`) and the macro crate (which
// includes this file with `#[path]`), so both read a lock the same way. Keep it
// dependency-free and free of doc examples.

use std::collections::{BTreeMap, BTreeSet};

/// The released versions recorded in a lock: version label -> its contract lines. Blank
/// lines and `#` comments are skipped; `Err(n)` when line `n` (1-based) is an entry before
/// any `[version ...]` header.
pub fn parse_lock(text: &str) -> Result<BTreeMap<String, BTreeSet<String>>, usize> {
    let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(label) = line
            .strip_prefix("[version ")
            .and_then(|l| l.strip_suffix(']'))
        {
            versions.entry(label.to_owned()).or_default();
            current = Some(label.to_owned());
            continue;
        }
        match &current {
            Some(label) => {
                versions
                    .entry(label.clone())
                    .or_default()
                    .insert(line.to_owned());
            }
            None => return Err(number + 1),
        }
    }
    Ok(versions)
}
