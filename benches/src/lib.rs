//! Shared pieces of versionary's benchmarks.
//!
//! - [`handwritten`]: the `lead_providers` GET participant and POST declaration written by
//!   hand in plain axum and serde, with the same JSON contract (and the same version
//!   headers) at `v1` and `v2`: the baseline every versioned figure is divided by.
//! - [`chain`]: a synthetic response type whose every version renames one field (ten
//!   changes, eleven versions), served through versionary and by hand.
//! - [`loadgen`]: the loopback load generator (`load` bench, `peer-load`).
//! - [`pages`]: both services holding pages of 1, 100 and 1,000 participants or records.
//! - [`pinned`]: `document_api` with a pinned consumer, for the pinned-vs-explicit case.
//! - [`requests`]: the requests every benchmark sends, and a helper that drives a router
//!   in process with `tower::ServiceExt::oneshot`.
//! - [`results`]: where results are written.
//!
//! The benchmarks themselves are the `benches/` targets (`overhead`, `alloc`, `load`,
//! `router`); `scripts/bench.sh` runs them all.

pub mod chain;
pub mod handwritten;
pub mod loadgen;
pub mod pages;
pub mod pinned;
pub mod requests;
pub mod results;

#[cfg(test)]
mod tests {
    //! The baselines answer exactly what versionary answers, so the benchmarks compare equal
    //! work.

    use crate::requests::{self, exchange};

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
    }

    #[test]
    fn handwritten_lead_providers_answers_like_versionary() {
        runtime().block_on(async {
            let versioned = versionary_examples::lead_providers::app().expect("the example builds");
            let handwritten = crate::handwritten::app();
            for version in [1, 2] {
                for make in [
                    requests::get_participant,
                    requests::list_participants,
                    requests::post_declaration,
                ] {
                    let ours = exchange(&handwritten, make(version)).await;
                    let theirs = exchange(&versioned, make(version)).await;
                    assert!(ours.0 == 200 || ours.0 == 201, "{ours:?}");
                    assert_eq!(ours, theirs, "version {version}");
                }
            }
        });
    }

    #[test]
    fn handwritten_pages_answer_like_versionary() {
        runtime().block_on(async {
            for n in crate::pages::SIZES {
                let [hand, ours] = crate::pages::lead_providers(n);
                for version in [1, 2] {
                    let theirs = exchange(&ours, requests::list_participants(version)).await;
                    let mine = exchange(&hand, requests::list_participants(version)).await;
                    assert_eq!(mine.0, 200, "{mine:?}");
                    assert_eq!(mine, theirs, "{n} participants, version {version}");
                    assert_eq!(mine.3.matches("participant_id").count(), n);
                }
                let [hand, ours] = crate::pages::chain(n);
                for version in [1, 11] {
                    let theirs = exchange(&ours, requests::list_records(version)).await;
                    let mine = exchange(&hand, requests::list_records(version)).await;
                    assert_eq!(mine.0, 200, "{mine:?}");
                    assert_eq!(mine, theirs, "{n} records, version {version}");
                }
            }
        });
    }

    #[test]
    fn a_pinned_request_answers_like_one_naming_its_version() {
        runtime().block_on(async {
            let service = crate::pinned::service().expect("document_api builds");
            let pinned = exchange(&service.router, crate::pinned::summary_pinned(0)).await;
            let explicit = exchange(&service.router, crate::pinned::summary_explicit(0)).await;
            assert_eq!(pinned.0, 200, "{pinned:?}");
            assert_eq!(pinned.1, crate::pinned::VERSION);
            assert_eq!(pinned, explicit);
        });
    }

    #[test]
    fn handwritten_chain_answers_like_versionary() {
        runtime().block_on(async {
            let versioned = crate::chain::app().expect("the chain API builds");
            let handwritten = crate::chain::handwritten();
            for version in [1, 11] {
                let ours = exchange(&handwritten, requests::get_record(version)).await;
                let theirs = exchange(&versioned, requests::get_record(version)).await;
                assert_eq!(ours.0, 200, "{ours:?}");
                assert_eq!(ours, theirs, "version {version}");
            }
            for version in [1, 11] {
                let ours = exchange(&handwritten, requests::list_records(version)).await;
                let theirs = exchange(&versioned, requests::list_records(version)).await;
                assert_eq!(ours.0, 200, "{ours:?}");
                assert_eq!(ours, theirs, "version {version}");
            }
            let v1 = exchange(&versioned, requests::get_record(1)).await.3;
            assert!(v1.contains(r#""field_0":"rec-000042""#), "{v1}");
            assert!(v1.contains(r#""field_9":"Countess""#), "{v1}");
        });
    }
}
