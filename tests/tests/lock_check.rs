//! `versionary::lock::check`: a lock that only lacks a bless is *stale* (and says how to bless);
//! a released version that lost an endpoint is *breaking*, which no bless accepts.

use versionary::lock::{LockError, check};

mod stale {
    versionary::api_versions! {
        pub Stale(lock = "fixtures/stale.lock") {
            1 => "Initial release",
        }
    }

    #[versionary::versioned(api = Stale, response)]
    pub struct Thing {
        pub id: u32,
        /// Added in place after the bless: non-breaking, so it compiles; the lock is stale.
        pub note: Option<String>,
    }

    #[versionary::endpoint(GET "/things", api = Stale)]
    async fn get_things() -> versionary::Json<Vec<Thing>> {
        versionary::Json(Vec::new())
    }

    #[versionary::endpoint(GET "/things/{id}", api = Stale)]
    async fn get_thing() -> versionary::Json<Thing> {
        versionary::Json(Thing { id: 1, note: None })
    }
}

mod gone {
    versionary::api_versions! {
        pub Gone(lock = "fixtures/gone.lock") {
            1 => "Initial release",
        }
    }

    #[versionary::versioned(api = Gone, response)]
    pub struct Kept {
        pub id: u32,
    }

    /// The handler was renamed (from `old_name`): not a change of contract.
    #[versionary::endpoint(GET "/kept", api = Gone)]
    async fn new_name() -> versionary::Json<Kept> {
        versionary::Json(Kept { id: 1 })
    }
}

#[test]
fn a_non_breaking_change_makes_the_lock_stale_until_blessed() {
    let error = check::<stale::Stale>().unwrap_err();
    let LockError::Stale { diff } = &error else {
        panic!("expected a stale lock, got {error}");
    };
    assert!(
        diff.contains(&"+ [version 1] field Thing.note String optional".to_owned()),
        "{diff:?}"
    );
    assert!(
        diff.contains(&"+ [version 1] endpoint GET /things/{id} get_thing".to_owned()),
        "{diff:?}"
    );
    assert!(error.to_string().contains("VERSIONARY_BLESS=1"), "{error}");
}

#[test]
fn an_endpoint_gone_from_a_released_version_is_breaking() {
    let error = check::<gone::Gone>().unwrap_err();
    let LockError::Breaking(lines) = &error else {
        panic!("expected a breaking change, got {error}");
    };
    assert_eq!(
        lines,
        &["[version 1] endpoint GET /gone gone is gone".to_owned()]
    );
}

/// The route table (the examples' `--routes`) makes the start-up checks `build` makes: a
/// deleted released handler is refused by both, with the same error.
#[test]
fn the_route_table_refuses_a_deleted_released_handler_as_build_does() {
    let table = versionary::ApiBuilder::<gone::Gone>::new()
        .route_table()
        .unwrap_err();
    let build = versionary::ApiBuilder::<gone::Gone>::new()
        .build(())
        .unwrap_err();
    assert!(
        matches!(&table, versionary::BuildError::ReleasedEndpointsGone { endpoints, .. } if endpoints.iter().any(|e| e.contains("GET /gone"))),
        "{table}"
    );
    assert_eq!(table.to_string(), build.to_string());
}

#[test]
fn rendering_is_deterministic_and_sorted() {
    let text = versionary::lock::render::<stale::Stale>();
    assert_eq!(text, versionary::lock::render::<stale::Stale>());
    let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        body,
        [
            "[version 1]",
            "endpoint GET /things get_things",
            "endpoint GET /things/{id} get_thing",
            "field Thing.id u32 required",
            "field Thing.note String optional",
            "response GET /things Vec<Thing>",
            "response GET /things/{id} Thing",
            "status GET /things 200",
            "status GET /things/{id} 200",
            "type Thing response",
        ]
    );
}

/// The one-line lock test cannot pass on a stale lock: it panics with the diff and the
/// bless command.
#[test]
fn assert_current_fails_on_a_stale_lock_with_the_diff() {
    if versionary::lock::bless_requested() {
        return; // it would bless the fixture
    }
    let panic = std::panic::catch_unwind(|| versionary::lock::assert_current::<stale::Stale>())
        .expect_err("a stale lock must fail the test");
    let message = panic
        .downcast_ref::<String>()
        .expect("a formatted panic message");
    assert!(
        message.contains("the lock of API `Stale` does not match the code"),
        "{message}"
    );
    assert!(
        message.contains("+ [version 1] field Thing.note String optional"),
        "{message}"
    );
    // The bless command names this package, this test file and this test.
    assert!(
        message.contains(
            "VERSIONARY_BLESS=1 cargo test -p versionary-tests --test lock_check -- --exact assert_current_fails_on_a_stale_lock_with_the_diff"
        ),
        "{message}"
    );
    // A current lock passes.
    versionary::lock::assert_current::<versionary_examples::lead_providers::LeadProviders>();
}
