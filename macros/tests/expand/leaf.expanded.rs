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
macro_rules ! __versionary_api_Shop_c028ee2ae70def50 { (@ $ kind : ident $ args : tt $ item : tt) => { :: versionary :: __private :: __expand ! { $ kind { Shop ["1" , "2"] (lock () , notice_days = 0 , policy = default) } $ args $ item } } ; }
#[doc(hidden)]
#[allow(unused_imports)]
pub use __versionary_api_Shop_c028ee2ae70def50 as Shop;
#[derive(Clone, Copy, serde :: Serialize, serde :: Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Red,
    Green,
}
const _: () = {
    #[automatically_derived]
    impl ::versionary::__private::ApiType for Colour {
        const NEEDS_STATE: bool = false;
    }
    #[automatically_derived]
    impl ::versionary::__private::Recorded for Colour {}
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "Colour" , leaf : true , request : true , response : true , lines : & [(0u16 , 1u16 , "variant Colour.red") , (0u16 , 1u16 , "variant Colour.green")] , renames : & [] , } }
};
#[doc = " A validated code."]
#[derive(Clone, serde :: Serialize, serde :: Deserialize)]
pub struct Code(pub String);
const _: () = {
    #[automatically_derived]
    impl ::versionary::__private::ApiType for Code {
        const NEEDS_STATE: bool =
            false || <String as ::versionary::__private::ApiType>::NEEDS_STATE;
    }
    #[automatically_derived]
    impl ::versionary::__private::Recorded for Code {}
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "Code" , leaf : true , request : true , response : true , lines : & [(0u16 , 1u16 , "field Code.0 String required") , (0u16 , 1u16 , "repr Code transparent")] , renames : & [] , } }
};
#[derive(serde :: Deserialize)]
pub struct Filter {
    pub page: Option<u32>,
    #[serde(default)]
    pub colour: Option<Colour>,
}
const _: () = {
    #[automatically_derived]
    impl ::versionary::__private::ApiType for Filter {
        const NEEDS_STATE: bool = false
            || <Option<u32> as ::versionary::__private::ApiType>::NEEDS_STATE
            || <Option<Colour> as ::versionary::__private::ApiType>::NEEDS_STATE;
    }
    #[automatically_derived]
    impl ::versionary::__private::Recorded for Filter {}
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "Filter" , leaf : true , request : true , response : true , lines : & [(0u16 , 1u16 , "field Filter.page u32 optional") , (0u16 , 1u16 , "field Filter.colour Colour optional")] , renames : & [] , } }
};
