#[doc = " The shop's API."]
#[doc = "The `Shop` API: the type named by `#[versioned(api = Shop)]` and `#[endpoint(..., api = Shop)]`."]
#[derive(
    :: core :: clone :: Clone,
    :: core :: marker :: Copy,
    :: core :: fmt :: Debug,
    :: core :: default :: Default,
)]
pub struct Shop;
const _: () = {
    #[automatically_derived]
    impl ::versionary::__private::Api for Shop {
        type State = AppState;
        const NAME: &'static str = "Shop";
        const VERSIONS: &'static [::versionary::__private::VersionInfo] = &[
            ::versionary::__private::VersionInfo {
                version: ::versionary::__private::Version::Int(1u64),
                label: "1",
                description: "Initial release",
                released: ::core::option::Option::Some("2025-01-15"),
                unreleased: false,
                deprecated: ::core::option::Option::Some("2025-06-01"),
                sunset: ::core::option::Option::Some("2025-08-01"),
            },
            ::versionary::__private::VersionInfo {
                version: ::versionary::__private::Version::Int(2u64),
                label: "2",
                description: "Second release",
                released: ::core::option::Option::Some("2025-06-01"),
                unreleased: false,
                deprecated: ::core::option::Option::None,
                sunset: ::core::option::Option::None,
            },
            ::versionary::__private::VersionInfo {
                version: ::versionary::__private::Version::Int(3u64),
                label: "3",
                description: "Under development",
                released: ::core::option::Option::None,
                unreleased: true,
                deprecated: ::core::option::Option::None,
                sunset: ::core::option::Option::None,
            },
        ];
        const LOCK: ::core::option::Option<&'static str> =
            ::core::option::Option::Some("$CARGO_MANIFEST_DIR/tests/expand/api_versions_lock.lock");
        const LOCK_TEXT: ::core::option::Option<&'static str> = ::core::option::Option::Some(
            ::core::include_str!("$CARGO_MANIFEST_DIR/tests/expand/api_versions_lock.lock"),
        );
        const NOTICE_DAYS: u32 = 30u32;
        const DEPRECATION_POLICY: ::core::option::Option<&'static str> =
            ::core::option::Option::Some("https://example.com/deprecations");
    }
};
#[doc(hidden)]
#[macro_export]
#[allow(non_local_definitions)]
macro_rules ! __versionary_api_Shop_f48a6cc5c3323800 { (@ $ kind : ident $ args : tt $ item : tt) => { :: versionary :: __private :: __expand ! { $ kind { Shop ["1" , "2" , "3"] (lock ("$CARGO_MANIFEST_DIR/tests/expand/api_versions_lock.lock") , notice_days = 30 , policy = strict , rules (add_enum_value = warn , rename = allow)) } $ args $ item } } ; }
#[doc(hidden)]
#[allow(unused_imports)]
pub use __versionary_api_Shop_f48a6cc5c3323800 as Shop;
#[derive(Clone)]
pub enum Shade {
    Red,
    Green,
    Blue,
}
const _: () = {
    #[derive(
        :: versionary :: __private :: serde :: Serialize,
        :: versionary :: __private :: schemars :: JsonSchema,
    )]
    #[serde(crate = "::versionary::__private::serde", remote = "Shade")]
    #[schemars(crate = "::versionary::__private::schemars", rename = "Shade")]
    #[allow(dead_code, non_camel_case_types)]
    enum __VersionaryLatest {
        Red,
        Green,
        Blue,
    }
    const __SHAPE_OF: &[u8] = &[0u8, 0u8, 0u8];
    #[automatically_derived]
    impl ::versionary::__private::serde::Serialize for Shade {
        fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
        where
            __S: ::versionary::__private::serde::Serializer,
        {
            __VersionaryLatest::serialize(self, __serializer)
        }
    }
    #[automatically_derived]
    impl ::versionary::__private::schemars::JsonSchema for Shade {
        fn inline_schema() -> bool {
            false
        }
        fn schema_name() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed("Shade")
        }
        fn schema_id() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", "Shade"))
        }
        fn json_schema(
            __generator: &mut ::versionary::__private::schemars::SchemaGenerator,
        ) -> ::versionary::__private::schemars::Schema {
            <__VersionaryLatest as ::versionary::__private::schemars::JsonSchema>::json_schema(
                __generator,
            )
        }
    }
    #[automatically_derived]
    impl ::versionary::__private::Recorded for Shade {}
    #[automatically_derived]
    impl ::versionary::__private::ApiType for Shade {
        const NEEDS_STATE: bool = false;
    }
    #[automatically_derived]
    impl ::versionary::__private::Versioned for Shade {
        type Api = Shop;
        const NAME: &'static str = "Shade";
        const SHAPE_OF: &'static [u8] = __SHAPE_OF;
        const SHAPE_NAMES: &'static [&'static str] = &["Shade"];
    }
};
const _: () = {
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "Shade" , leaf : false , request : false , response : true , lines : & [(0u16 , 2u16 , "variant Shade.Red") , (0u16 , 2u16 , "variant Shade.Green") , (0u16 , 2u16 , "variant Shade.Blue")] , renames : & [] , } }
    #[deprecated(
        note = "released version 1 of `Shop` changed: `Shade` has a new value `Blue`; old clients do not know it (rule `add_enum_value`). A released contract does not change: keep it as it was and declare the change in a new version: `#[api(added = 3, down = ...)]` on the variant. (Bless the lock only for a version that never shipped.)"
    )]
    #[allow(non_upper_case_globals)]
    const __versionary_lock_warning_0: () = ();
    const _: () = __versionary_lock_warning_0;
};
