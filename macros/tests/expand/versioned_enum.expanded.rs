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
        type State = ();
        const NAME: &'static str = "Shop";
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
macro_rules ! __versionary_api_Shop_c028ee2ae70def50 { (@ $ kind : ident $ args : tt $ item : tt) => { :: versionary :: __private :: __expand ! { $ kind { Shop ["1" , "2" , "3"] (lock () , notice_days = 0 , policy = default) } $ args $ item } } ; }
#[doc(hidden)]
#[allow(unused_imports)]
pub use __versionary_api_Shop_c028ee2ae70def50 as Shop;
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Open,
    Closed { reason: String },
    Archived(u32),
}
#[doc = "The shape of [`State`] in version 1 of the API."]
#[derive(
    Clone,
    Debug,
    PartialEq,
    :: versionary :: __private :: serde :: Serialize,
    :: versionary :: __private :: serde :: Deserialize,
    :: versionary :: __private :: schemars :: JsonSchema,
)]
#[serde(crate = "::versionary::__private::serde")]
#[schemars(crate = "::versionary::__private::schemars", rename = "State")]
#[serde(rename_all = "snake_case")]
pub enum StateV1 {
    Open,
    #[serde(rename = "shut")]
    Closed {
        reason: String,
    },
    #[doc = "Removed in a later version."]
    Pending,
}
#[doc = "The shape of [`State`] in version 2 of the API."]
#[derive(
    Clone,
    Debug,
    PartialEq,
    :: versionary :: __private :: serde :: Serialize,
    :: versionary :: __private :: serde :: Deserialize,
    :: versionary :: __private :: schemars :: JsonSchema,
)]
#[serde(crate = "::versionary::__private::serde")]
#[schemars(crate = "::versionary::__private::schemars", rename = "State")]
#[serde(rename_all = "snake_case")]
pub enum StateV2 {
    Open,
    #[serde(rename = "shut")]
    Closed {
        reason: String,
    },
    Archived(u32),
}
const _: () = {
    #[derive(
        :: versionary :: __private :: serde :: Serialize,
        :: versionary :: __private :: serde :: Deserialize,
        :: versionary :: __private :: schemars :: JsonSchema,
    )]
    #[serde(crate = "::versionary::__private::serde", remote = "State")]
    #[schemars(crate = "::versionary::__private::schemars", rename = "State")]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code, non_camel_case_types)]
    enum __VersionaryLatest {
        Open,
        Closed { reason: String },
        Archived(u32),
    }
    #[automatically_derived]
    impl ::core::convert::From<StateV2> for StateV1 {
        fn from(__new: StateV2) -> Self {
            match __new {
                StateV2::Open => StateV1::Open,
                StateV2::Closed { reason } => StateV1::Closed { reason },
                __v @ StateV2::Archived(..) => archived_as_open(__v),
            }
        }
    }
    #[automatically_derived]
    impl ::core::convert::From<StateV1> for StateV2 {
        fn from(__old: StateV1) -> Self {
            match __old {
                StateV1::Open => StateV2::Open,
                StateV1::Closed { reason } => StateV2::Closed { reason },
                __v @ StateV1::Pending => pending_as_open(__v),
            }
        }
    }
    #[automatically_derived]
    impl ::core::convert::From<State> for StateV2 {
        fn from(__new: State) -> Self {
            match __new {
                State::Open => StateV2::Open,
                State::Closed { reason } => StateV2::Closed { reason },
                State::Archived(__f0) => StateV2::Archived(__f0),
            }
        }
    }
    #[automatically_derived]
    impl ::core::convert::From<StateV2> for State {
        fn from(__old: StateV2) -> Self {
            match __old {
                StateV2::Open => State::Open,
                StateV2::Closed { reason } => State::Closed { reason },
                StateV2::Archived(__f0) => State::Archived(__f0),
            }
        }
    }
    const __SHAPE_OF: &[u8] = &[0u8, 1u8, 2u8];
    #[automatically_derived]
    impl ::versionary::__private::serde::Serialize for State
    where
        Self: ::versionary::__private::CloneForOlderVersions,
    {
        fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
        where
            __S: ::versionary::__private::serde::Serializer,
        {
            match ::versionary::__private::__shape_index::<Shop>(__SHAPE_OF, 2u8) {
                ::core::result::Result::Ok(0u8) => {
                    ::versionary::__private::serde::Serialize::serialize(
                        &<StateV1 as ::core::convert::From<StateV2>>::from(
                            <StateV2 as ::core::convert::From<State>>::from(
                                ::versionary::__private::clone_for_older::<State>(self),
                            ),
                        ),
                        __serializer,
                    )
                }
                ::core::result::Result::Ok(1u8) => {
                    ::versionary::__private::serde::Serialize::serialize(
                        &<StateV2 as ::core::convert::From<State>>::from(
                            ::versionary::__private::clone_for_older::<State>(self),
                        ),
                        __serializer,
                    )
                }
                ::core::result::Result::Ok(_) => __VersionaryLatest::serialize(self, __serializer),
                ::core::result::Result::Err(__error) => ::core::result::Result::Err(
                    <__S::Error as ::versionary::__private::serde::ser::Error>::custom(__error),
                ),
            }
        }
    }
    #[automatically_derived]
    impl<'de> ::versionary::__private::serde::Deserialize<'de> for State {
        fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
        where
            __D: ::versionary::__private::serde::Deserializer<'de>,
        {
            match ::versionary::__private::__shape_index::<Shop>(__SHAPE_OF, 2u8) {
                ::core::result::Result::Ok(0u8) => {
                    let __value =
                        <StateV1 as ::versionary::__private::serde::Deserialize>::deserialize(
                            __deserializer,
                        )?;
                    __versionary_upgrade_from_0(__value)
                        .map_err(<__D::Error as ::versionary::__private::serde::de::Error>::custom)
                }
                ::core::result::Result::Ok(1u8) => {
                    let __value =
                        <StateV2 as ::versionary::__private::serde::Deserialize>::deserialize(
                            __deserializer,
                        )?;
                    __versionary_upgrade_from_1(__value)
                        .map_err(<__D::Error as ::versionary::__private::serde::de::Error>::custom)
                }
                ::core::result::Result::Ok(_) => __VersionaryLatest::deserialize(__deserializer),
                ::core::result::Result::Err(__error) => ::core::result::Result::Err(
                    <__D::Error as ::versionary::__private::serde::de::Error>::custom(__error),
                ),
            }
        }
    }
    fn __versionary_upgrade_from_0(
        __value: StateV1,
    ) -> ::core::result::Result<State, ::versionary::__private::Problem> where {
        let __value = <StateV2 as ::core::convert::From<StateV1>>::from(__value);
        let __value = <State as ::core::convert::From<StateV2>>::from(__value);
        ::core::result::Result::Ok(__value)
    }
    fn __versionary_upgrade_from_1(
        __value: StateV2,
    ) -> ::core::result::Result<State, ::versionary::__private::Problem> where {
        let __value = <State as ::core::convert::From<StateV2>>::from(__value);
        ::core::result::Result::Ok(__value)
    }
    #[automatically_derived]
    impl ::versionary::__private::schemars::JsonSchema for State {
        fn inline_schema() -> bool {
            false
        }
        fn schema_name() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed("State")
        }
        fn schema_id() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", "State"))
        }
        fn json_schema(
            __generator: &mut ::versionary::__private::schemars::SchemaGenerator,
        ) -> ::versionary::__private::schemars::Schema {
            :: versionary :: __private :: __described :: < Shop > (match :: versionary :: __private :: __shape_index :: < Shop > (__SHAPE_OF , 2u8) { :: core :: result :: Result :: Ok (0u8) => < StateV1 as :: versionary :: __private :: schemars :: JsonSchema > :: json_schema (__generator) , :: core :: result :: Result :: Ok (1u8) => < StateV2 as :: versionary :: __private :: schemars :: JsonSchema > :: json_schema (__generator) , _ => < __VersionaryLatest as :: versionary :: __private :: schemars :: JsonSchema > :: json_schema (__generator) , } , "" , & [])
        }
    }
    #[automatically_derived]
    impl ::versionary::__private::Recorded for State {}
    #[automatically_derived]
    impl ::versionary::__private::ApiType for State {
        const NEEDS_STATE: bool = false
            || <String as ::versionary::__private::ApiType>::NEEDS_STATE
            || <u32 as ::versionary::__private::ApiType>::NEEDS_STATE;
    }
    #[automatically_derived]
    impl ::versionary::__private::Versioned for State {
        type Api = Shop;
        const NAME: &'static str = "State";
        const SHAPE_OF: &'static [u8] = __SHAPE_OF;
        const SHAPE_NAMES: &'static [&'static str] = &["StateV1", "StateV2", "State"];
    }
};
#[doc = "The shape of [`State`] in version 3 of the API: [`State`]."]
#[allow(dead_code)]
pub type StateV3 = State;
const _: () = {
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "State" , leaf : false , request : true , response : true , lines : & [(0u16 , 2u16 , "variant State.open") , (0u16 , 1u16 , "variant State.shut") , (0u16 , 0u16 , "variant State.pending") , (1u16 , 2u16 , "variant State.archived") , (2u16 , 2u16 , "variant State.closed")] , renames : & [(2u16 , "shut" , "closed")] , } }
};
