//! Pages of many participants (and of many `chain10` records), for the list cases: the
//! size of a response is where serving an older version used to cost the most (a clone of
//! every item before the downgrade).

use axum::Router;
use versionary_examples::lead_providers::{AppState, Participant};

use crate::handwritten::{ParticipantV2, Store};

/// The page sizes of the list cases.
pub const SIZES: [usize; 3] = [1, 100, 1_000];

/// `n` participants, numbered, half of them active.
pub fn participants(n: usize) -> Vec<Participant> {
    (0..n)
        .map(|i| Participant {
            participant_id: format!("21412-{i:05}"),
            name: format!("Participant number {i}"),
            cohort: if i % 2 == 0 { 2024 } else { 2025 },
            is_active: i % 3 != 0,
        })
        .collect()
}

/// The hand-written and the versionary `lead_providers` services, both holding the same `n`
/// participants: `GET /api/v{1,2}/participants` answers a page of `n`.
pub fn lead_providers(n: usize) -> [Router; 2] {
    let ours = participants(n);
    let theirs = ours
        .iter()
        .map(|p| ParticipantV2 {
            participant_id: p.participant_id.clone(),
            name: p.name.clone(),
            cohort: p.cohort,
            is_active: p.is_active,
        })
        .collect();
    let versioned = versionary_examples::lead_providers::builder()
        .build(AppState::with_participants(ours))
        .unwrap_or_else(|e| panic!("lead_providers builds: {e}"));
    [
        crate::handwritten::app_with(Store::with_participants(theirs)),
        versioned,
    ]
}

/// The hand-written and the versionary ten-change services with a page of `n` records:
/// `GET /v{1,11}/records`.
pub fn chain(n: usize) -> [Router; 2] {
    let versioned =
        crate::chain::app_with_page(n).unwrap_or_else(|e| panic!("the chain API builds: {e}"));
    [crate::chain::handwritten_with_page(n), versioned]
}
