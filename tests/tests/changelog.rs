//! Every example's release notes are generated from its declarations, committed, and
//! current: `VERSIONARY_BLESS=1 cargo test -p versionary-tests --test changelog` rewrites them
//! (review the diff). The notes name each change, its subject and whether it breaks.

use std::path::PathBuf;

use versionary::Api;
use versionary_examples::{book_a_secure_move, document_api, integration_api, lead_providers};

fn notes() -> Vec<(&'static str, String)> {
    vec![
        (
            "lead_providers",
            versionary::changelog::markdown::<lead_providers::LeadProviders>(),
        ),
        (
            "integration_api",
            versionary::changelog::markdown::<integration_api::IntegrationApi>(),
        ),
        (
            "book_a_secure_move",
            versionary::changelog::markdown::<book_a_secure_move::BookASecureMove>(),
        ),
        (
            "document_api",
            versionary::changelog::markdown::<document_api::DocumentApi>(),
        ),
        (
            "library",
            versionary::changelog::markdown::<versionary_examples::library::Library>(),
        ),
    ]
}

#[test]
fn committed_changelogs_are_current() {
    let bless = std::env::var_os("VERSIONARY_BLESS").is_some();
    for (service, text) in notes() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/changelog")
            .join(format!("{service}.md"));
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == text,
            "{} is stale: re-generate with `VERSIONARY_BLESS=1 cargo test -p versionary-tests --test changelog` and review the diff",
            path.display()
        );
    }
}

#[test]
fn document_api_notes_name_the_breaking_change_and_the_retirement() {
    let text = versionary::changelog::markdown::<document_api::DocumentApi>();
    let new = text
        .find("## Version 2025-01-15 (2025-01-15)")
        .expect("newest section");
    let old = text
        .find("## Version 2024-06-01 (2024-06-01)")
        .expect("oldest section");
    assert!(new < old, "newest first");
    assert!(text.contains(document_api::DocumentApi::VERSIONS[1].description));
    assert!(text.contains(
        "| `BookSummary` | `transactions` | type changed from `Vec<String>` to `Vec<Transaction>` | **breaking** |"
    ));
    assert!(text.contains("| `GET /books/{id}/forms` |  | endpoint removed | **breaking** |"));
    assert!(text.contains(
        "- `GET /books/{id}/forms`: deprecated on 2025-01-15; answers 410 Gone from 2025-03-17; use `/books/{id}/summary` instead."
    ));
}

#[test]
fn changes_are_judged_by_direction() {
    let lead = versionary::changelog::changes::<lead_providers::LeadProviders>();
    let (label, changes) = &lead[1];
    assert_eq!(*label, "2");
    let find = |member: &str| {
        changes
            .iter()
            .find(|c| c.subject == "Participant" && c.member.as_deref() == Some(member))
            .unwrap_or_else(|| panic!("no change to {member}: {changes:?}"))
    };
    // A response field removed breaks readers; one added does not.
    assert!(find("status").breaking);
    assert!(!find("is_active").breaking);
    assert!(lead[0].1.is_empty(), "the first version changes nothing");

    let moves = versionary::changelog::changes::<book_a_secure_move::BookASecureMove>();
    let retyped: Vec<_> = moves[1]
        .1
        .iter()
        .filter(|c| c.member.as_deref() == Some("from_location"))
        .collect();
    assert!(
        !retyped.is_empty() && retyped.iter().all(|c| c.breaking),
        "{retyped:?}"
    );
}
