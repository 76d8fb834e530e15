#[doc = "The `Moves` API: the type named by `#[versioned(api = Moves)]` and `#[endpoint(..., api = Moves)]`."]
#[derive(
    :: core :: clone :: Clone,
    :: core :: marker :: Copy,
    :: core :: fmt :: Debug,
    :: core :: default :: Default,
)]
pub struct Moves;
const _: () = {
    #[automatically_derived]
    impl ::versionary::__private::Api for Moves {
        type State = ();
        const NAME: &'static str = "Moves";
        const VERSIONS: &'static [::versionary::__private::VersionInfo] = &[
            ::versionary::__private::VersionInfo {
                version: ::versionary::__private::Version::Int(1u64),
                label: "1",
                description: "Initial release",
                released: ::core::option::Option::None,
                unreleased: false,
                deprecated: ::core::option::Option::None,
                sunset: ::core::option::Option::None,
            },
            ::versionary::__private::VersionInfo {
                version: ::versionary::__private::Version::Int(2u64),
                label: "2",
                description: "Second release",
                released: ::core::option::Option::None,
                unreleased: false,
                deprecated: ::core::option::Option::None,
                sunset: ::core::option::Option::None,
            },
            ::versionary::__private::VersionInfo {
                version: ::versionary::__private::Version::Int(3u64),
                label: "3",
                description: "Third release",
                released: ::core::option::Option::None,
                unreleased: false,
                deprecated: ::core::option::Option::None,
                sunset: ::core::option::Option::None,
            },
        ];
        const LOCK: ::core::option::Option<&'static str> = ::core::option::Option::None;
        const LOCK_TEXT: ::core::option::Option<&'static str> = ::core::option::Option::None;
        const NOTICE_DAYS: u32 = 0u32;
        const DEPRECATION_POLICY: ::core::option::Option<&'static str> =
            ::core::option::Option::None;
    }
};
#[doc(hidden)]
#[macro_export]
#[allow(non_local_definitions)]
macro_rules ! __versionary_api_Moves_a0ce23468d65d89c { (@ $ kind : ident $ args : tt $ item : tt) => { :: versionary :: __private :: __expand ! { $ kind { Moves ["1" , "2" , "3"] (lock () , notice_days = 0 , policy = default) } $ args $ item } } ; }
#[doc(hidden)]
#[allow(unused_imports)]
pub use __versionary_api_Moves_a0ce23468d65d89c as Moves;
pub struct Move {
    pub from: String,
}
const _: () = {
    fn __versionary_schema_latest(
        __generator: &mut ::versionary::__private::schemars::SchemaGenerator,
    ) -> ::versionary::__private::schemars::Schema {
        ::versionary::__private::schema::object(
            __generator,
            "",
            false,
            &[::versionary::__private::schema::property::<String>(
                "from", "",
            )],
        )
    }
    fn __versionary_serialize_latest<__S>(
        __self: &Move,
        __serializer: __S,
    ) -> ::core::result::Result<__S::Ok, __S::Error>
    where
        __S: ::versionary::__private::serde::Serializer,
    {
        ::versionary::__private::ser::write_struct(__serializer, "Move", &["from"], (&__self.from,))
    }
    const __SHAPE_OF: &[u8] = &[0u8, 0u8, 0u8];
    #[automatically_derived]
    impl ::versionary::__private::serde::Serialize for Move {
        fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
        where
            __S: ::versionary::__private::serde::Serializer,
        {
            __versionary_serialize_latest(self, __serializer)
        }
    }
    #[automatically_derived]
    impl ::versionary::__private::schemars::JsonSchema for Move {
        fn inline_schema() -> bool {
            false
        }
        fn schema_name() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed("Move")
        }
        fn schema_id() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", "Move"))
        }
        fn json_schema(
            __generator: &mut ::versionary::__private::schemars::SchemaGenerator,
        ) -> ::versionary::__private::schemars::Schema {
            __versionary_schema_latest(__generator)
        }
    }
    #[automatically_derived]
    impl ::versionary::__private::Recorded for Move {}
    #[automatically_derived]
    impl ::versionary::__private::ApiType for Move {
        const NEEDS_STATE: bool =
            false || <String as ::versionary::__private::ApiType>::NEEDS_STATE;
    }
    #[automatically_derived]
    impl ::versionary::__private::Versioned for Move {
        type Api = Moves;
        const NAME: &'static str = "Move";
        const SHAPE_OF: &'static [u8] = __SHAPE_OF;
        const SHAPE_NAMES: &'static [&'static str] = &["Move"];
    }
};
const _: () = {
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Moves > , name : "Move" , leaf : false , request : false , response : true , lines : & [(0u16 , 2u16 , "field Move.from String required")] , renames : & [] , } }
};
#[doc = " A move was booked."]
#[doc = ""]
#[doc = " Sent once the move is stored."]
pub struct MoveCreated(pub Move);
const _: () = {
    #[automatically_derived]
    impl ::versionary::__private::DeclaredEvent for MoveCreated {}
    #[automatically_derived]
    impl ::versionary::__private::Event for MoveCreated {
        type Api = Moves;
        type Payload = Move;
        const NAME: &'static str = "move.created";
        const SINCE: usize = 0usize;
        const UNTIL: ::core::option::Option<usize> = ::core::option::Option::Some(2usize);
        fn payload(&self) -> &Move {
            &self.0
        }
    }
    fn __versionary_describe(__op: &mut ::versionary::__private::Operation<'_>) {
        __op.json_response::<Move>();
    }
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: EventEntry { api : :: core :: any :: TypeId :: of :: < Moves > , name : "move.created" , type_name : "MoveCreated" , payload : "Move" , since : 0usize , until : :: core :: option :: Option :: Some (2usize) , docs : "A move was booked.\n\nSent once the move is stored." , describe : __versionary_describe , file : :: core :: file ! () , line : :: core :: line ! () , } }
};
