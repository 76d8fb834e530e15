//! The guard a direction at a time: a version's lines as requests or responses see them
//! (serde may read a name it does not write, or skip a member one way), where serde skips a
//! member that vanished, and the names requests may also use (`alias`).

use std::collections::BTreeSet;

use proc_macro2::Span;
use versionary_internals::lock::{Line, Side};

use super::Compare;
use crate::lock::Item;
use crate::policy::Rule;

/// `line` as `side` sees it: without its direction, or none when it is the other side's.
fn in_side(line: &str, side: Side) -> Option<String> {
    match line.parse::<Line>() {
        Ok(line) if !line.in_side(side) => None,
        Ok(mut line) => {
            if let Line::Field { only, .. } | Line::Variant { only, .. } = &mut line {
                *only = None;
            }
            Some(line.to_string())
        }
        Err(_) => Some(line.to_owned()),
    }
}

/// The lock's lines of a version as `side` sees them.
pub(super) fn side_lines(lines: &BTreeSet<String>, side: Side) -> BTreeSet<String> {
    lines.iter().filter_map(|l| in_side(l, side)).collect()
}

/// The code's items as `side` sees them.
pub(super) fn side_items(items: &[Item], side: Side) -> Vec<Item> {
    items
        .iter()
        .filter_map(|item| {
            Some(Item {
                line: in_side(&item.line, side)?,
                ..item.clone()
            })
        })
        .collect()
}

impl Compare<'_> {
    /// Where serde skips, in this comparison's direction, the member that had the name
    /// `name`.
    pub(super) fn skipped(&self, name: &str) -> Option<Span> {
        let side = if self.request {
            Side::Request
        } else {
            Side::Response
        };
        self.contract
            .skipped
            .iter()
            .find(|s| s.side == side && s.names.iter().any(|n| n == name))
            .map(|s| s.span)
    }

    /// The names requests may also use (`alias`): one the lock recorded that the code no
    /// longer accepts breaks the clients sending it. A new one breaks nobody.
    pub(super) fn aliases(&mut self, lines: &BTreeSet<String>, items: &[Item]) {
        let name = self.contract.name.clone();
        let alias = |line: &str| match line.parse::<Line>() {
            Ok(Line::Alias {
                owner,
                name: member,
                alias,
            }) if owner == name => Some((member, alias)),
            _ => None,
        };
        let code: Vec<(String, String)> = items.iter().filter_map(|i| alias(&i.line)).collect();
        // The names the code reads now, aliases aside.
        let reads = |n: &str| {
            items.iter().any(|i| match i.line.parse::<Line>() {
                Ok(Line::Field { owner, name: m, .. } | Line::Variant { owner, name: m, .. }) => {
                    owner == name && m == n
                }
                _ => false,
            })
        };
        for (member, old) in lines.iter().filter_map(|l| alias(l)) {
            if code.iter().any(|(_, a)| *a == old) || reads(&old) {
                continue;
            }
            // At the field or value that had it, if it is still there.
            let span = items
                .iter()
                .find(|i| {
                    i.line.parse::<Line>().is_ok_and(|l| match l {
                        Line::Field { owner, name: m, .. }
                        | Line::Variant { owner, name: m, .. } => owner == name && m == member,
                        _ => false,
                    })
                })
                .map_or(self.contract.span, |i| i.span);
            let fix = self.leaf_fix(format!("keep `#[serde(alias = \"{old}\")]` on `{member}`"));
            self.report(
                Rule::Rename,
                span,
                format!("`{name}.{member}` no longer accepts the name `{old}` (its `alias` is gone); old clients may send `{old}`"),
                fix,
            );
        }
    }
}
