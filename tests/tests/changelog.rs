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
    let bless = versionary::lock::bless_requested();
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

/// An API whose fields and enum values are renamed, one of them retyped in the same version.
mod renames {
    use versionary::Json;

    versionary::api_versions! {
        pub Shop {
            1 => "Initial release",
            2 => "`qty` is `quantity`; the state `open` is `pending`",
            3 => "`cost` is `price`, in cents as a u64",
        }
    }

    #[versionary::versioned(api = Shop, request, response)]
    #[derive(Clone, Debug)]
    pub struct Order {
        #[api(renamed(from = "qty", in = 2))]
        pub quantity: u32,
        #[api(renamed(from = "cost", in = 3), retyped(from = u32, in = 3, up = widen, down = narrow))]
        pub price: u64,
        pub state: State,
    }

    #[versionary::versioned(api = Shop, request, response)]
    #[derive(Clone, Copy, Debug)]
    #[serde(rename_all = "snake_case")]
    pub enum State {
        #[api(renamed(from = "open", in = 2))]
        Pending,
        Done,
    }

    fn widen(price: u32) -> u64 {
        u64::from(price)
    }

    fn narrow(price: u64) -> u32 {
        u32::try_from(price).unwrap_or(u32::MAX)
    }

    #[versionary::endpoint(POST "/orders", api = Shop)]
    async fn order(Json(order): Json<Order>) -> Json<Order> {
        Json(order)
    }
}

#[test]
fn a_renamed_field_or_value_is_one_change_not_an_addition_and_a_removal() {
    let changes = versionary::changelog::changes::<renames::Shop>();
    let of = |version: &str| -> Vec<(String, String, String, bool)> {
        changes
            .iter()
            .find(|(label, _)| *label == version)
            .expect("version")
            .1
            .iter()
            .map(|c| {
                let member = c.member.clone().unwrap_or_default();
                (c.subject.clone(), member, c.what.clone(), c.breaking)
            })
            .collect()
    };
    let row = |s: &str, m: &str, w: &str| (s.to_owned(), m.to_owned(), w.to_owned(), true);
    assert_eq!(
        of("2"),
        vec![
            row("Order", "quantity", "renamed from `qty`"),
            row("State", "pending", "value renamed from `open`"),
        ]
    );
    // Renamed and retyped in one version: the rename, then the type change, by the new name.
    assert_eq!(
        of("3"),
        vec![
            row("Order", "price", "renamed from `cost`"),
            row("Order", "price", "type changed from `u32` to `u64`"),
        ]
    );
    let notes = versionary::changelog::markdown::<renames::Shop>();
    assert!(
        notes.contains("| `Order` | `quantity` | renamed from `qty` | **breaking** |"),
        "{notes}"
    );
    for gone in ["removed (was", "added (`", "value added", "value removed"] {
        assert!(!notes.contains(gone), "`{gone}` in:\n{notes}");
    }
}
