//! `verso::lock::check`: a lock that only lacks a bless is *stale* (and says how to bless);
//! a released version that lost an endpoint is *breaking*, which no bless accepts.

use verso::lock::{LockError, check};

mod stale {
    verso::api_versions! {
        pub Stale(lock = "fixtures/stale.lock") {
            1 => "Initial release",
        }
    }

    #[verso::versioned(api = Stale, response)]
    pub struct Thing {
        pub id: u32,
        /// Added in place after the bless: non-breaking, so it compiles; the lock is stale.
        pub note: Option<String>,
    }

    #[verso::endpoint(GET "/things", api = Stale)]
    async fn get_things() -> verso::Json<Vec<Thing>> {
        verso::Json(Vec::new())
    }

    #[verso::endpoint(GET "/things/{id}", api = Stale)]
    async fn get_thing() -> verso::Json<Thing> {
        verso::Json(Thing { id: 1, note: None })
    }
}

mod gone {
    verso::api_versions! {
        pub Gone(lock = "fixtures/gone.lock") {
            1 => "Initial release",
        }
    }

    #[verso::versioned(api = Gone, response)]
    pub struct Kept {
        pub id: u32,
    }

    /// The handler was renamed (from `old_name`): not a change of contract.
    #[verso::endpoint(GET "/kept", api = Gone)]
    async fn new_name() -> verso::Json<Kept> {
        verso::Json(Kept { id: 1 })
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
    assert!(error.to_string().contains("VERSO_BLESS=1"), "{error}");
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

#[test]
fn rendering_is_deterministic_and_sorted() {
    let text = verso::lock::render::<stale::Stale>();
    assert_eq!(text, verso::lock::render::<stale::Stale>());
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
    if std::env::var_os("VERSO_BLESS").is_some() {
        return; // it would bless the fixture
    }
    let panic = std::panic::catch_unwind(verso::lock::assert_current::<stale::Stale>)
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
    assert!(message.contains("VERSO_BLESS=1"), "{message}");
    // A current lock passes.
    verso::lock::assert_current::<verso_examples::lead_providers::LeadProviders>();
}
