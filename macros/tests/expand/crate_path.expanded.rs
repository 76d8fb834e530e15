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
    impl ::vry::__private::Api for Shop {
        type State = ();
        const NAME: &'static str = "Shop";
        const VERSIONS: &'static [::vry::__private::VersionInfo] = &[
            ::vry::__private::VersionInfo {
                version: ::vry::__private::Version::Int(1u64),
                label: "1",
                description: "Initial release",
                released: ::core::option::Option::None,
                unreleased: false,
                deprecated: ::core::option::Option::None,
                sunset: ::core::option::Option::None,
            },
            ::vry::__private::VersionInfo {
                version: ::vry::__private::Version::Int(2u64),
                label: "2",
                description: "Items report `in_stock` instead of `status`",
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
macro_rules ! __versionary_api_Shop_b748d32ae1f75155 { (@ $ kind : ident $ args : tt $ item : tt) => { :: vry :: __private :: __expand ! { $ kind { Shop ["1" , "2"] (lock () , notice_days = 0 , policy = default , crate = :: vry) } $ args $ item } } ; }
#[doc(hidden)]
#[allow(unused_imports)]
pub use __versionary_api_Shop_b748d32ae1f75155 as Shop;
#[derive(Clone, Debug)]
pub struct Item {
    pub name: String,
    pub colour: Colour,
    pub kind: Kind,
    pub in_stock: bool,
}
#[doc = "The shape of [`Item`] in version 1 of the API."]
#[derive(Clone, Debug)]
#[allow(dead_code)]
pub struct ItemV1 {
    pub name: String,
    pub colour: Colour,
    pub kind: Kind,
    #[doc = "Removed in a later version (see `Item`)."]
    pub status: String,
}
#[automatically_derived]
impl ::vry::__private::schemars::JsonSchema for ItemV1 {
    fn schema_name() -> ::std::borrow::Cow<'static, str> {
        ::std::borrow::Cow::Borrowed("Item")
    }
    fn schema_id() -> ::std::borrow::Cow<'static, str> {
        ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", "Item"))
    }
    fn json_schema(
        __generator: &mut ::vry::__private::schemars::SchemaGenerator,
    ) -> ::vry::__private::schemars::Schema {
        ::vry::__private::schema::object(
            __generator,
            "The shape of [`Item`] in version 1 of the API.",
            false,
            &[
                ::vry::__private::schema::property::<String>("name", ""),
                ::vry::__private::schema::property::<Colour>("colour", ""),
                ::vry::__private::schema::property::<Kind>("kind", ""),
                ::vry::__private::schema::property::<String>(
                    "status",
                    "Removed in a later version (see `Item`).",
                ),
            ],
        )
    }
}
const _: () = {
    fn __versionary_schema_latest(
        __generator: &mut ::vry::__private::schemars::SchemaGenerator,
    ) -> ::vry::__private::schemars::Schema {
        ::vry::__private::schema::object(
            __generator,
            "",
            false,
            &[
                ::vry::__private::schema::property::<String>("name", ""),
                ::vry::__private::schema::property::<Colour>("colour", ""),
                ::vry::__private::schema::property::<Kind>("kind", ""),
                ::vry::__private::schema::property::<bool>("in_stock", ""),
            ],
        )
    }
    #[automatically_derived]
    impl ::vry::__private::serde::Serialize for ItemV1 {
        fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
        where
            __S: ::vry::__private::serde::Serializer,
        {
            ::vry::__private::ser::write_struct(
                __serializer,
                "ItemV1",
                &["name", "colour", "kind", "status"],
                (&self.name, &self.colour, &self.kind, &self.status),
            )
        }
    }
    fn __versionary_serialize_latest<__S>(
        __self: &Item,
        __serializer: __S,
    ) -> ::core::result::Result<__S::Ok, __S::Error>
    where
        __S: ::vry::__private::serde::Serializer,
    {
        ::vry::__private::ser::write_struct(
            __serializer,
            "Item",
            &["name", "colour", "kind", "in_stock"],
            (&__self.name, &__self.colour, &__self.kind, &__self.in_stock),
        )
    }
    #[automatically_derived]
    impl ::core::convert::From<Item> for ItemV1 {
        fn from(__new: Item) -> Self {
            let __versionary_status: String = item_status(&__new);
            ItemV1 {
                name: __new.name,
                colour: __new.colour,
                kind: __new.kind,
                status: __versionary_status,
            }
        }
    }
    const __SHAPE_OF: &[u8] = &[0u8, 1u8];
    #[automatically_derived]
    impl ::vry::__private::serde::Serialize for Item {
        fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
        where
            __S: ::vry::__private::serde::Serializer,
        {
            match ::vry::__private::__shape_index::<Shop>(__SHAPE_OF, 1u8) {
                ::core::result::Result::Ok(0u8) => {
                    let __versionary_3: String = item_status(self);
                    ::vry::__private::ser::write_struct(
                        __serializer,
                        "ItemV1",
                        &["name", "colour", "kind", "status"],
                        (&self.name, &self.colour, &self.kind, &__versionary_3),
                    )
                }
                ::core::result::Result::Ok(_) => __versionary_serialize_latest(self, __serializer),
                ::core::result::Result::Err(__error) => ::core::result::Result::Err(
                    <__S::Error as ::vry::__private::serde::ser::Error>::custom(__error),
                ),
            }
        }
    }
    #[automatically_derived]
    impl ::vry::__private::schemars::JsonSchema for Item {
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
            __generator: &mut ::vry::__private::schemars::SchemaGenerator,
        ) -> ::vry::__private::schemars::Schema {
            ::vry::__private::__described::<Shop>(
                match ::vry::__private::__shape_index::<Shop>(__SHAPE_OF, 1u8) {
                    ::core::result::Result::Ok(0u8) => {
                        <ItemV1 as ::vry::__private::schemars::JsonSchema>::json_schema(__generator)
                    }
                    _ => __versionary_schema_latest(__generator),
                },
                "",
                &[],
            )
        }
    }
    #[automatically_derived]
    impl ::vry::__private::Recorded for Item {}
    #[automatically_derived]
    impl ::vry::__private::ApiType for Item {
        const NEEDS_STATE: bool = false
            || <String as ::vry::__private::ApiType>::NEEDS_STATE
            || <Colour as ::vry::__private::ApiType>::NEEDS_STATE
            || <Kind as ::vry::__private::ApiType>::NEEDS_STATE
            || <bool as ::vry::__private::ApiType>::NEEDS_STATE;
    }
    #[automatically_derived]
    impl ::vry::__private::Versioned for Item {
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
    ::vry::__private::inventory::submit! { :: vry :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "Item" , leaf : false , request : false , response : true , lines : & [(0u16 , 1u16 , "field Item.name String required") , (0u16 , 1u16 , "field Item.colour Colour required") , (0u16 , 1u16 , "field Item.kind Kind required") , (0u16 , 0u16 , "field Item.status String required") , (1u16 , 1u16 , "field Item.in_stock bool required")] , renames : & [] , } }
};
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Book,
    Pen,
}
#[doc = "The shape of [`Kind`] in version 1 of the API."]
#[derive(
    Clone,
    Debug,
    PartialEq,
    :: vry :: __private :: serde :: Serialize,
    :: vry :: __private :: serde :: Deserialize,
    :: vry :: __private :: schemars :: JsonSchema,
)]
#[serde(crate = "::vry::__private::serde")]
#[schemars(crate = "::vry::__private::schemars", rename = "Kind")]
#[serde(rename_all = "snake_case")]
pub enum KindV1 {
    Book,
}
const _: () = {
    #[derive(
        :: vry :: __private :: serde :: Serialize,
        :: vry :: __private :: serde :: Deserialize,
        :: vry :: __private :: schemars :: JsonSchema,
    )]
    #[serde(crate = "::vry::__private::serde", remote = "Kind")]
    #[schemars(crate = "::vry::__private::schemars", rename = "Kind")]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code, non_camel_case_types)]
    enum __VersionaryLatest {
        Book,
        Pen,
    }
    #[automatically_derived]
    impl ::core::convert::From<Kind> for KindV1 {
        fn from(__new: Kind) -> Self {
            match __new {
                Kind::Book => KindV1::Book,
                __v @ Kind::Pen => pen_as_book(__v),
            }
        }
    }
    #[automatically_derived]
    impl ::core::convert::From<KindV1> for Kind {
        fn from(__old: KindV1) -> Self {
            match __old {
                KindV1::Book => Kind::Book,
            }
        }
    }
    const __SHAPE_OF: &[u8] = &[0u8, 1u8];
    #[automatically_derived]
    impl ::vry::__private::serde::Serialize for Kind
    where
        Self: ::vry::__private::CloneForOlderVersions,
    {
        fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
        where
            __S: ::vry::__private::serde::Serializer,
        {
            match ::vry::__private::__shape_index::<Shop>(__SHAPE_OF, 1u8) {
                ::core::result::Result::Ok(0u8) => ::vry::__private::serde::Serialize::serialize(
                    &<KindV1 as ::core::convert::From<Kind>>::from(
                        ::vry::__private::clone_for_older::<Kind>(self),
                    ),
                    __serializer,
                ),
                ::core::result::Result::Ok(_) => __VersionaryLatest::serialize(self, __serializer),
                ::core::result::Result::Err(__error) => ::core::result::Result::Err(
                    <__S::Error as ::vry::__private::serde::ser::Error>::custom(__error),
                ),
            }
        }
    }
    #[automatically_derived]
    impl<'de> ::vry::__private::serde::Deserialize<'de> for Kind {
        fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
        where
            __D: ::vry::__private::serde::Deserializer<'de>,
        {
            match ::vry::__private::__shape_index::<Shop>(__SHAPE_OF, 1u8) {
                ::core::result::Result::Ok(0u8) => {
                    let __value = <KindV1 as ::vry::__private::serde::Deserialize>::deserialize(
                        __deserializer,
                    )?;
                    __versionary_upgrade_from_0(__value)
                        .map_err(<__D::Error as ::vry::__private::serde::de::Error>::custom)
                }
                ::core::result::Result::Ok(_) => __VersionaryLatest::deserialize(__deserializer),
                ::core::result::Result::Err(__error) => ::core::result::Result::Err(
                    <__D::Error as ::vry::__private::serde::de::Error>::custom(__error),
                ),
            }
        }
    }
    fn __versionary_upgrade_from_0(
        __value: KindV1,
    ) -> ::core::result::Result<Kind, ::vry::__private::Problem> where {
        let __value = <Kind as ::core::convert::From<KindV1>>::from(__value);
        ::core::result::Result::Ok(__value)
    }
    #[automatically_derived]
    impl ::vry::__private::schemars::JsonSchema for Kind {
        fn inline_schema() -> bool {
            false
        }
        fn schema_name() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed("Kind")
        }
        fn schema_id() -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", "Kind"))
        }
        fn json_schema(
            __generator: &mut ::vry::__private::schemars::SchemaGenerator,
        ) -> ::vry::__private::schemars::Schema {
            ::vry::__private::__described::<Shop>(
                match ::vry::__private::__shape_index::<Shop>(__SHAPE_OF, 1u8) {
                    ::core::result::Result::Ok(0u8) => {
                        <KindV1 as ::vry::__private::schemars::JsonSchema>::json_schema(__generator)
                    }
                    _ => {
                        <__VersionaryLatest as ::vry::__private::schemars::JsonSchema>::json_schema(
                            __generator,
                        )
                    }
                },
                "",
                &[],
            )
        }
    }
    #[automatically_derived]
    impl ::vry::__private::Recorded for Kind {}
    #[automatically_derived]
    impl ::vry::__private::ApiType for Kind {
        const NEEDS_STATE: bool = false;
    }
    #[automatically_derived]
    impl ::vry::__private::Versioned for Kind {
        type Api = Shop;
        const NAME: &'static str = "Kind";
        const SHAPE_OF: &'static [u8] = __SHAPE_OF;
        const SHAPE_NAMES: &'static [&'static str] = &["KindV1", "Kind"];
    }
};
#[doc = "The shape of [`Kind`] in version 2 of the API: [`Kind`]."]
#[allow(dead_code)]
pub type KindV2 = Kind;
const _: () = {
    ::vry::__private::inventory::submit! { :: vry :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "Kind" , leaf : false , request : true , response : true , lines : & [(0u16 , 1u16 , "variant Kind.book") , (1u16 , 1u16 , "variant Kind.pen")] , renames : & [] , } }
};
#[derive(Clone, Copy, serde :: Serialize, serde :: Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Red,
    Green,
}
const _: () = {
    #[automatically_derived]
    impl ::vry::__private::ApiType for Colour {
        const NEEDS_STATE: bool = false;
    }
    #[automatically_derived]
    impl ::vry::__private::Recorded for Colour {}
    ::vry::__private::inventory::submit! { :: vry :: __private :: Contract { api : :: core :: any :: TypeId :: of :: < Shop > , name : "Colour" , leaf : true , request : true , response : true , lines : & [(0u16 , 1u16 , "variant Colour.red") , (0u16 , 1u16 , "variant Colour.green")] , renames : & [] , } }
};
async fn get_item(Path(id): Path<u32>) -> Json<Item> {
    Json(item(id))
}
const _: () = {
    fn __versionary_make(__make: &mut ::vry::__private::MakeRoute) {
        ::vry::__private::__method_router::<Shop, _, _>(__make, get_item)
    }
    #[allow(unused_variables)]
    fn __versionary_describe(__op: &mut ::vry::__private::Operation<'_>) {
        __op.path::<u32>();
        __op.json_response::<Item>();
    }
    const _: bool = <u32 as ::vry::__private::ApiType>::NEEDS_STATE;
    ::vry::__private::inventory::submit! { :: vry :: __private :: Endpoint { api : :: core :: any :: TypeId :: of :: < Shop > , method : "GET" , path : "/items/{id}" , since : 0usize , until : :: core :: option :: Option :: None , neutral : false , versions : & [] , moves : & [] , deprecated : :: core :: option :: Option :: None , sunset : :: core :: option :: Option :: None , successor : :: core :: option :: Option :: None , status : 200u16 , changes : & [] , signature : :: vry :: __private :: Signature { path : "u32" , query : "" , body : "" , body_required : false , response : "Item" , } , handler : "get_item" , file : :: core :: file ! () , line : :: core :: line ! () , docs : "" , docs_before : & [] , describe : __versionary_describe , make : __versionary_make , } }
};
