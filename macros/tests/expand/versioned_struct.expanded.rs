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
#[doc = " An item of the catalogue."]
#[derive(Clone, Debug)]
pub struct Item {
    #[doc = " The item's name."]
    pub name: String,
    pub quantity: u32,
    pub colour: String,
}
#[doc = "The shape of [`Item`] in version 1 of the API."]
#[derive(Clone, Debug)]
#[allow(dead_code)]
pub struct ItemV1 {
    #[doc = " The item's name."]
    pub name: String,
    pub qty: u32,
    #[doc = "Removed in a later version (see `Item`)."]
    pub legacy_code: String,
}
#[automatically_derived]
impl ::versionary::__private::schemars::JsonSchema for ItemV1 {
    fn schema_name() -> ::std::borrow::Cow<'static, str> {
        ::std::borrow::Cow::Borrowed("Item")
    }
    fn schema_id() -> ::std::borrow::Cow<'static, str> {
        ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", "Item"))
    }
    fn json_schema(
        __generator: &mut ::versionary::__private::schemars::SchemaGenerator,
    ) -> ::versionary::__private::schemars::Schema {
        ::versionary::__private::schema::object(
            __generator,
            "The shape of [`Item`] in version 1 of the API.",
            true,
            &[
                ::versionary::__private::schema::property::<String>("name", "The item's name."),
                ::versionary::__private::schema::property::<u32>("qty", ""),
                ::versionary::__private::schema::property::<String>(
                    "legacy_code",
                    "Removed in a later version (see `Item`).",
                ),
            ],
        )
    }
}
#[doc = "The shape of [`Item`] in version 2 of the API."]
#[derive(Clone, Debug)]
#[allow(dead_code)]
pub struct ItemV2 {
    #[doc = " The item's name."]
    pub name: String,
    pub qty: u32,
    pub colour: String,
}
#[automatically_derived]
impl ::versionary::__private::schemars::JsonSchema for ItemV2 {
    fn schema_name() -> ::std::borrow::Cow<'static, str> {
        ::std::borrow::Cow::Borrowed("Item")
    }
    fn schema_id() -> ::std::borrow::Cow<'static, str> {
        ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", "Item"))
    }
    fn json_schema(
        __generator: &mut ::versionary::__private::schemars::SchemaGenerator,
    ) -> ::versionary::__private::schemars::Schema {
        ::versionary::__private::schema::object(
            __generator,
            "The shape of [`Item`] in version 2 of the API.",
            true,
            &[
                ::versionary::__private::schema::property::<String>("name", "The item's name."),
                ::versionary::__private::schema::property::<u32>("qty", ""),
                ::versionary::__private::schema::property::<String>("colour", ""),
            ],
        )
    }
}
const _: () = {
    fn __versionary_schema_latest(
        __generator: &mut ::versionary::__private::schemars::SchemaGenerator,
    ) -> ::versionary::__private::schemars::Schema {
        ::versionary::__private::schema::object(
            __generator,
            "An item of the catalogue.",
            true,
            &[
                ::versionary::__private::schema::property::<String>("name", "The item's name."),
                ::versionary::__private::schema::property::<u32>("quantity", ""),
                ::versionary::__private::schema::property::<String>("colour", ""),
            ],
        )
    }
    #[automatically_derived]
    impl ::versionary::__private::serde::Serialize for ItemV1 {
        fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
        where
            __S: ::versionary::__private::serde::Serializer,
        {
            ::versionary::__private::ser::write_struct(
                __serializer,
                "ItemV1",
                &["name", "qty", "legacy_code"],
                (&self.name, &self.qty, &self.legacy_code),
            )
        }
    }
    #[automatically_derived]
    impl ::versionary::__private::serde::Serialize for ItemV2 {
        fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
        where
            __S: ::versionary::__private::serde::Serializer,
        {
            ::versionary::__private::ser::write_struct(
                __serializer,
                "ItemV2",
                &["name", "qty", "colour"],
                (&self.name, &self.qty, &self.colour),
            )
        }
    }
    fn __versionary_serialize_latest<__S>(
        __self: &Item,
        __serializer: __S,
    ) -> ::core::result::Result<__S::Ok, __S::Error>
    where
        __S: ::versionary::__private::serde::Serializer,
    {
        ::versionary::__private::ser::write_struct(
            __serializer,
            "Item",
            &["name", "quantity", "colour"],
            (&__self.name, &__self.quantity, &__self.colour),
        )
    }
    #[automatically_derived]
    impl<'de> ::versionary::__private::serde::Deserialize<'de> for ItemV1 {
        fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
        where
            __D: ::versionary::__private::serde::Deserializer<'de>,
        {
            match ::versionary::__private::de::read_struct::<__D, (String, u32, String)>(
                __deserializer,
                "ItemV1",
                &["name", "qty", "legacy_code"],
                true,
            ) {
                ::core::result::Result::Ok((__f0, __f1, __f2)) => {
                    ::core::result::Result::Ok(ItemV1 {
                        name: __f0,
                        qty: __f1,
                        legacy_code: __f2,
                    })
                }
                ::core::result::Result::Err(__error) => ::core::result::Result::Err(__error),
            }
        }
    }
    #[automatically_derived]
    impl<'de> ::versionary::__private::serde::Deserialize<'de> for ItemV2 {
        fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
        where
            __D: ::versionary::__private::serde::Deserializer<'de>,
        {
            match ::versionary::__private::de::read_struct::<__D, (String, u32, String)>(
                __deserializer,
                "ItemV2",
                &["name", "qty", "colour"],
                true,
            ) {
                ::core::result::Result::Ok((__f0, __f1, __f2)) => {
                    ::core::result::Result::Ok(ItemV2 {
                        name: __f0,
                        qty: __f1,
                        colour: __f2,
                    })
                }
                ::core::result::Result::Err(__error) => ::core::result::Result::Err(__error),
            }
        }
    }
    fn __versionary_deserialize_latest<'de, __D>(
        __deserializer: __D,
    ) -> ::core::result::Result<Item, __D::Error>
    where
        __D: ::versionary::__private::serde::Deserializer<'de>,
    {
        match ::versionary::__private::de::read_struct::<__D, (String, u32, String)>(
            __deserializer,
            "Item",
            &["name", "quantity", "colour"],
            true,
        ) {
            ::core::result::Result::Ok((__f0, __f1, __f2)) => ::core::result::Result::Ok(Item {
                name: __f0,
                quantity: __f1,
                colour: __f2,
            }),
            ::core::result::Result::Err(__error) => ::core::result::Result::Err(__error),
        }
    }
    #[automatically_derived]
    impl ::core::convert::From<ItemV2> for ItemV1 {
        fn from(__new: ItemV2) -> Self {
            let __versionary_legacy_code: String = legacy_code_of(&__new);
            ItemV1 {
                name: __new.name,
                qty: __new.qty,
                legacy_code: __versionary_legacy_code,
            }
        }
    }
    #[automatically_derived]
    impl ::core::convert::From<ItemV1> for ItemV2 {
        fn from(__old: ItemV1) -> Self {
            ItemV2 {
                name: __old.name,
                qty: __old.qty,
                colour: ::versionary::__private::default_value(),
            }
        }
    }
    #[automatically_derived]
    impl ::core::convert::From<Item> for ItemV2 {
        fn from(__new: Item) -> Self {
            ItemV2 {
                name: __new.name,
                qty: __new.quantity,
                colour: __new.colour,
            }
        }
    }
    #[automatically_derived]
    impl ::core::convert::From<ItemV2> for Item {
        fn from(__old: ItemV2) -> Self {
            Item {
                name: __old.name,
                quantity: __old.qty,
                colour: __old.colour,
            }
        }
    }
    const __SHAPE_OF: &[u8] = &[0u8, 1u8, 2u8];
    #[automatically_derived]
    impl ::versionary::__private::serde::Serialize for Item
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
                        &<ItemV1 as ::core::convert::From<ItemV2>>::from(
                            <ItemV2 as ::core::convert::From<Item>>::from(
                                ::versionary::__private::clone_for_older::<Item>(self),
                            ),
                        ),
                        __serializer,
                    )
                }
                ::core::result::Result::Ok(1u8) => ::versionary::__private::ser::write_struct(
                    __serializer,
                    "ItemV2",
                    &["name", "qty", "colour"],
                    (&self.name, &self.quantity, &self.colour),
                ),
                ::core::result::Result::Ok(_) => __versionary_serialize_latest(self, __serializer),
                ::core::result::Result::Err(__error) => ::core::result::Result::Err(
                    <__S::Error as ::versionary::__private::serde::ser::Error>::custom(__error),
                ),
            }
        }
    }
    #[automatically_derived]
    impl<'de> ::versionary::__private::serde::Deserialize<'de> for Item {
        fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
        where
            __D: ::versionary::__private::serde::Deserializer<'de>,
        {
            match ::versionary::__private::__shape_index::<Shop>(__SHAPE_OF, 2u8) {
                ::core::result::Result::Ok(0u8) => {
                    let __value =
                        <ItemV1 as ::versionary::__private::serde::Deserialize>::deserialize(
                            __deserializer,
                        )?;
                    __versionary_upgrade_from_0(__value)
                        .map_err(<__D::Error as ::versionary::__private::serde::de::Error>::custom)
                }
                ::core::result::Result::Ok(1u8) => {
                    let __value =
                        <ItemV2 as ::versionary::__private::serde::Deserialize>::deserialize(
                            __deserializer,
                        )?;
                    __versionary_upgrade_from_1(__value)
                        .map_err(<__D::Error as ::versionary::__private::serde::de::Error>::custom)
                }
                ::core::result::Result::Ok(_) => __versionary_deserialize_latest(__deserializer),
                ::core::result::Result::Err(__error) => ::core::result::Result::Err(
                    <__D::Error as ::versionary::__private::serde::de::Error>::custom(__error),
                ),
            }
        }
    }
    fn __versionary_upgrade_from_0(
        __value: ItemV1,
    ) -> ::core::result::Result<Item, ::versionary::__private::Problem> where {
        let __value = <ItemV2 as ::core::convert::From<ItemV1>>::from(__value);
        let __value = <Item as ::core::convert::From<ItemV2>>::from(__value);
        ::core::result::Result::Ok(__value)
    }
    fn __versionary_upgrade_from_1(
        __value: ItemV2,
    ) -> ::core::result::Result<Item, ::versionary::__private::Problem> where {
        let __value = <Item as ::core::convert::From<ItemV2>>::from(__value);
        ::core::result::Result::Ok(__value)
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
            ::versionary::__private::__described::<Shop>(
                match ::versionary::__private::__shape_index::<Shop>(__SHAPE_OF, 2u8) {
                    ::core::result::Result::Ok(0u8) => {
                        <ItemV1 as ::versionary::__private::schemars::JsonSchema>::json_schema(
                            __generator,
                        )
                    }
                    ::core::result::Result::Ok(1u8) => {
                        <ItemV2 as ::versionary::__private::schemars::JsonSchema>::json_schema(
                            __generator,
                        )
                    }
                    _ => __versionary_schema_latest(__generator),
                },
                "An item of the catalogue.",
                &[],
            )
        }
    }
    #[automatically_derived]
    impl ::versionary::__private::Recorded for Item {}
    #[automatically_derived]
    impl ::versionary::__private::ApiType for Item {
        const NEEDS_STATE: bool = false
            || <String as ::versionary::__private::ApiType>::NEEDS_STATE
            || <u32 as ::versionary::__private::ApiType>::NEEDS_STATE;
    }
    #[automatically_derived]
    impl ::versionary::__private::Versioned for Item {
        type Api = Shop;
        const NAME: &'static str = "Item";
        const SHAPE_OF: &'static [u8] = __SHAPE_OF;
        const SHAPE_NAMES: &'static [&'static str] = &["ItemV1", "ItemV2", "Item"];
    }
};
#[doc = "The shape of [`Item`] in version 3 of the API: [`Item`]."]
#[allow(dead_code)]
pub type ItemV3 = Item;
const _: () = {
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "Item" , leaf : false , request : true , response : true , lines : & [(0u16 , 2u16 , "field Item.name String required") , (0u16 , 1u16 , "field Item.qty u32 required") , (0u16 , 0u16 , "field Item.legacy_code String required") , (0u16 , 2u16 , "attr Item deny_unknown_fields") , (1u16 , 2u16 , "field Item.colour String required") , (2u16 , 2u16 , "field Item.quantity u32 required")] , renames : & [(2u16 , "qty" , "quantity")] , } }
};
