//! Start-up checks of the router builder: an API without linked endpoints, two handlers
//! claiming the same route, and version ranges.

use versionary::{ApiBuilder, BuildError, VersionFrom};

mod empty {
    versionary::api_versions! {
        pub Empty {
            1 => "Initial release",
        }
    }
}

#[test]
fn an_api_without_endpoints_fails_loudly() {
    let error = ApiBuilder::<empty::Empty>::new().build(()).unwrap_err();
    assert_eq!(error, BuildError::NoEndpoints { api: "Empty" });
    assert!(error.to_string().contains("no endpoints"), "{error}");
    assert_eq!(
        ApiBuilder::<empty::Empty>::new().route_table().unwrap_err(),
        BuildError::NoEndpoints { api: "Empty" }
    );
}

mod clash {
    versionary::api_versions! {
        pub Clash {
            1 => "Initial release",
            2 => "Second",
            3 => "Third",
        }
    }

    #[versionary::endpoint(GET "/things", api = Clash, until = 3)]
    async fn old_things() {}

    #[versionary::endpoint(GET "/things", api = Clash, since = 2)]
    async fn new_things() {}
}

#[test]
fn two_handlers_for_one_route_and_version_name_both_sources() {
    let error = ApiBuilder::<clash::Clash>::new().build(()).unwrap_err();
    let BuildError::Duplicate {
        route,
        first,
        second,
    } = &error
    else {
        panic!("expected a duplicate, got {error}");
    };
    assert_eq!(route, "GET /things in version 2");
    let both = format!("{first} {second}");
    assert!(
        both.contains("old_things") && both.contains("new_things"),
        "{both}"
    );
    assert!(
        both.contains("startup.rs:"),
        "source locations are named: {both}"
    );
}

mod ranges {
    versionary::api_versions! {
        pub Ranges {
            "2024-06-01" => "Initial release",
            "2025-01-15" => "Forms retired; summaries added",
        }
    }

    #[versionary::endpoint(GET "/forms", api = Ranges, until = "2025-01-15")]
    async fn forms() {}

    #[versionary::endpoint(GET "/summaries", api = Ranges, since = "2025-01-15")]
    async fn summaries() {}
}

#[test]
fn endpoints_are_served_only_in_their_range() {
    let table = ApiBuilder::<ranges::Ranges>::new()
        .select_version(VersionFrom::path("/"))
        .route_table()
        .unwrap();
    let paths: Vec<_> = table.rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/openapi/{version}.json",
            "/v2024-06-01/forms",
            "/v2025-01-15/summaries",
            "/versions"
        ]
    );
    assert_eq!(table.rows[1].versions, "2024-06-01..=2024-06-01");
    let markdown = table.to_markdown();
    assert!(
        markdown.starts_with("| method | path | version | versions | handler | status |"),
        "{markdown}"
    );
    assert_eq!(table.to_json()[2]["handler"], "summaries");
}

#[test]
fn a_prefix_that_is_not_a_path_is_rejected() {
    let error = ApiBuilder::<ranges::Ranges>::new()
        .select_version(VersionFrom::path("api/{x}"))
        .build(())
        .unwrap_err();
    assert!(matches!(error, BuildError::Invalid(_)), "{error}");
}

mod shadow {
    versionary::api_versions! {
        pub Shadow {
            1 => "Initial release",
        }
    }

    #[versionary::endpoint(GET "/status", api = Shadow)]
    async fn versioned_status() {}

    #[versionary::endpoint(GET "/status", api = Shadow, neutral)]
    async fn neutral_status() {}

    #[versionary::endpoint(GET "/health", api = Shadow, neutral)]
    async fn health() {}
}

/// A version-neutral endpoint where a versioned one is served would shadow it, even for
/// requests naming a version: `build` refuses it, naming both handlers. Under path versions
/// they live at different URLs (`/v1/status` and `/status`), which is fine.
#[test]
fn a_neutral_endpoint_may_not_shadow_a_versioned_one() {
    for from in [VersionFrom::header("api-version"), VersionFrom::query("v")] {
        let error = ApiBuilder::<shadow::Shadow>::new()
            .select_version(from)
            .build(())
            .unwrap_err();
        let BuildError::Duplicate {
            route,
            first,
            second,
        } = &error
        else {
            panic!("expected a duplicate, got {error}");
        };
        assert_eq!(
            route,
            "GET /status (version-neutral, and served in version 1)"
        );
        assert!(
            first.contains("versioned_status") && second.contains("neutral_status"),
            "{error}"
        );
    }
    assert!(
        ApiBuilder::<shadow::Shadow>::new()
            .select_version(VersionFrom::path(""))
            .build(())
            .is_ok()
    );
    // With a default version, plain paths are versioned routes too.
    let error = ApiBuilder::<shadow::Shadow>::new()
        .select_version(VersionFrom::path(""))
        .missing_version(versionary::MissingVersion::Latest)
        .build(())
        .unwrap_err();
    assert!(error.to_string().contains("neutral_status"), "{error}");
}
