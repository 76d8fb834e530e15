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
macro_rules ! __versionary_api_Shop_b748d32ae1f75155 { (@ $ kind : ident $ args : tt $ item : tt) => { :: versionary :: __private :: __expand ! { $ kind { Shop ["1" , "2"] (lock () , notice_days = 0 , policy = default) } $ args $ item } } ; }
#[doc(hidden)]
#[allow(unused_imports)]
pub use __versionary_api_Shop_b748d32ae1f75155 as Shop;
#[derive(Clone)]
pub struct Item {
    pub item_name: String,
    pub colour_code: Option<String>,
    pub quantity: u32,
}
#[doc = "The shape of [`Item`] in version 1 of the API."]
#[derive(
    Clone,
    :: versionary :: __private :: serde :: Serialize,
    :: versionary :: __private :: schemars :: JsonSchema,
)]
#[serde(crate = "::versionary::__private::serde")]
#[schemars(crate = "::versionary::__private::schemars", rename = "Item")]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct ItemV1 {
    pub item_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour_code: Option<String>,
    #[serde(rename = "qty")]
    pub qty: u32,
}
const _: () = {
    #[derive(
        :: versionary :: __private :: serde :: Serialize,
        :: versionary :: __private :: schemars :: JsonSchema,
    )]
    #[serde(crate = "::versionary::__private::serde", remote = "Item")]
    #[schemars(crate = "::versionary::__private::schemars", rename = "Item")]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code, non_camel_case_types)]
    struct __VersionaryLatest {
        item_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        colour_code: Option<String>,
        #[serde(rename = "quantityOnHand")]
        quantity: u32,
    }
    #[automatically_derived]
    impl ::core::convert::From<Item> for ItemV1 {
        fn from(__new: Item) -> Self {
            ItemV1 {
                item_name: __new.item_name,
                colour_code: __new.colour_code,
                qty: __new.quantity,
            }
        }
    }
    const __SHAPE_OF: &[u8] = &[0u8, 1u8];
    #[automatically_derived]
    impl ::versionary::__private::serde::Serialize for Item
    where
        Self: ::versionary::__private::CloneForOlderVersions,
    {
        fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
        where
            __S: ::versionary::__private::serde::Serializer,
        {
            match ::versionary::__private::__shape_index::<Shop>(__SHAPE_OF, 1u8) {
                ::core::result::Result::Ok(0u8) => {
                    ::versionary::__private::serde::Serialize::serialize(
                        &<ItemV1 as ::core::convert::From<Item>>::from(
                            ::versionary::__private::clone_for_older::<Item>(self),
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
    impl ::versionary::__private::schemars::JsonSchema for Item {
        fn inline_schema() -> bool {
            false
        }
        fn schema_name() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed("Item")
        }
        fn schema_id() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", "Item"))
        }
        fn json_schema(
            __generator: &mut ::versionary::__private::schemars::SchemaGenerator,
        ) -> ::versionary::__private::schemars::Schema {
            :: versionary :: __private :: __described :: < Shop > (match :: versionary :: __private :: __shape_index :: < Shop > (__SHAPE_OF , 1u8) { :: core :: result :: Result :: Ok (0u8) => < ItemV1 as :: versionary :: __private :: schemars :: JsonSchema > :: json_schema (__generator) , _ => < __VersionaryLatest as :: versionary :: __private :: schemars :: JsonSchema > :: json_schema (__generator) , } , "" , & [])
        }
    }
    #[automatically_derived]
    impl ::versionary::__private::Recorded for Item {}
    #[automatically_derived]
    impl ::versionary::__private::ApiType for Item {
        const NEEDS_STATE: bool = false
            || <String as ::versionary::__private::ApiType>::NEEDS_STATE
            || <Option<String> as ::versionary::__private::ApiType>::NEEDS_STATE
            || <u32 as ::versionary::__private::ApiType>::NEEDS_STATE;
    }
    #[automatically_derived]
    impl ::versionary::__private::Versioned for Item {
        type Api = Shop;
        const NAME: &'static str = "Item";
        const SHAPE_OF: &'static [u8] = __SHAPE_OF;
        const SHAPE_NAMES: &'static [&'static str] = &["ItemV1", "Item"];
    }
};
#[doc = "The shape of [`Item`] in version 2 of the API: [`Item`]."]
#[allow(dead_code)]
pub type ItemV2 = Item;
const _: () = {
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "Item" , leaf : false , request : false , response : true , lines : & [(0u16 , 1u16 , "field Item.itemName String required") , (0u16 , 1u16 , "field Item.colourCode String optional") , (0u16 , 0u16 , "field Item.qty u32 required") , (1u16 , 1u16 , "field Item.quantityOnHand u32 required")] , renames : & [(1u16 , "qty" , "quantityOnHand")] , } }
};
