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
        const NOTICE_DAYS: u32 = 30u32;
        const DEPRECATION_POLICY: ::core::option::Option<&'static str> =
            ::core::option::Option::None;
    }
};
#[doc(hidden)]
#[macro_export]
#[allow(non_local_definitions)]
macro_rules ! __versionary_api_Shop_c94ca12aec5da95f { (@ $ kind : ident $ args : tt $ item : tt) => { :: versionary :: __private :: __expand ! { $ kind { Shop ["1" , "2" , "3"] (lock () , notice_days = 30 , policy = default) } $ args $ item } } ; }
#[doc(hidden)]
#[allow(unused_imports)]
pub use __versionary_api_Shop_c94ca12aec5da95f as Shop;
#[doc = " Reads an item."]
async fn get_item(
    Path(id): Path<u32>,
    Query(filter): Query<Filter>,
) -> Result<Json<Item>, Problem> {
    todo!()
}
const _: () = {
    fn __versionary_make(__make: &mut ::versionary::__private::MakeRoute) {
        ::versionary::__private::__method_router::<Shop, _, _>(__make, get_item)
    }
    #[allow(unused_variables)]
    fn __versionary_describe(__op: &mut ::versionary::__private::Operation<'_>) {
        __op.path::<u32>();
        __op.query::<Filter>();
        __op.json_response::<Item>();
    }
    const _: bool = <u32 as ::versionary::__private::ApiType>::NEEDS_STATE;
    const _: bool = <Filter as ::versionary::__private::ApiType>::NEEDS_STATE;
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Endpoint { api : :: core :: any :: TypeId :: of :: < Shop > , method : "GET" , path : "/items/{id}" , since : 0usize , until : :: core :: option :: Option :: Some (2usize) , neutral : false , versions : & [] , moves : & [:: versionary :: __private :: Move { before : 1usize , method : "GET" , path : "/things/{id}" }] , deprecated : :: core :: option :: Option :: Some ("2025-01-01") , sunset : :: core :: option :: Option :: Some ("2025-03-01") , successor : :: core :: option :: Option :: Some ("/products/{id}") , status : 200u16 , changes : & [] , signature : :: versionary :: __private :: Signature { path : "u32" , query : "Filter" , body : "" , body_required : false , response : "Item" , } , handler : "get_item" , file : :: core :: file ! () , line : :: core :: line ! () , docs : "Reads an item." , docs_before : & [] , describe : __versionary_describe , make : __versionary_make , } }
};
#[doc = " Creates an order."]
async fn create_order(Json(order): Json<Order>) -> Json<Receipt> {
    todo!()
}
const _: () = {
    fn __versionary_make(__make: &mut ::versionary::__private::MakeRoute) {
        ::versionary::__private::__method_router::<Shop, _, _>(__make, create_order)
    }
    #[allow(unused_variables)]
    fn __versionary_describe(__op: &mut ::versionary::__private::Operation<'_>) {
        __op.json_body::<Order>();
        __op.json_response::<Receipt>();
    }
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Endpoint { api : :: core :: any :: TypeId :: of :: < Shop > , method : "POST" , path : "/orders" , since : 1usize , until : :: core :: option :: Option :: None , neutral : false , versions : & [1usize , 2usize] , moves : & [] , deprecated : :: core :: option :: Option :: None , sunset : :: core :: option :: Option :: None , successor : :: core :: option :: Option :: None , status : 201u16 , changes : & [] , signature : :: versionary :: __private :: Signature { path : "" , query : "" , body : "Order" , body_required : true , response : "Receipt" , } , handler : "create_order" , file : :: core :: file ! () , line : :: core :: line ! () , docs : "Creates an order." , docs_before : & [] , describe : __versionary_describe , make : __versionary_make , } }
};
#[doc = " Served without a version."]
async fn health() -> &'static str {
    "ok"
}
const _: () = {
    fn __versionary_make(__make: &mut ::versionary::__private::MakeRoute) {
        ::versionary::__private::__method_router::<Shop, _, _>(__make, health)
    }
    #[allow(unused_variables)]
    fn __versionary_describe(__op: &mut ::versionary::__private::Operation<'_>) {
        __op.text_response();
    }
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Endpoint { api : :: core :: any :: TypeId :: of :: < Shop > , method : "GET" , path : "/health" , since : 0usize , until : :: core :: option :: Option :: None , neutral : true , versions : & [] , moves : & [] , deprecated : :: core :: option :: Option :: None , sunset : :: core :: option :: Option :: None , successor : :: core :: option :: Option :: None , status : 200u16 , changes : & [] , signature : :: versionary :: __private :: Signature { path : "" , query : "" , body : "" , body_required : false , response : "" , } , handler : "health" , file : :: core :: file ! () , line : :: core :: line ! () , docs : "Served without a version." , docs_before : & [] , describe : __versionary_describe , make : __versionary_make , } }
};
#[doc = " Every receipt, one per line (a stream: described and locked by its item type)."]
async fn list_receipts() -> NdJson<Receipt> {
    todo!()
}
const _: () = {
    fn __versionary_make(__make: &mut ::versionary::__private::MakeRoute) {
        ::versionary::__private::__method_router::<Shop, _, _>(__make, list_receipts)
    }
    #[allow(unused_variables)]
    fn __versionary_describe(__op: &mut ::versionary::__private::Operation<'_>) {
        __op.ndjson_response::<Receipt>();
    }
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Endpoint { api : :: core :: any :: TypeId :: of :: < Shop > , method : "GET" , path : "/receipts" , since : 1usize , until : :: core :: option :: Option :: None , neutral : false , versions : & [] , moves : & [] , deprecated : :: core :: option :: Option :: None , sunset : :: core :: option :: Option :: None , successor : :: core :: option :: Option :: None , status : 200u16 , changes : & [] , signature : :: versionary :: __private :: Signature { path : "" , query : "" , body : "" , body_required : false , response : "NdJson<Receipt>" , } , handler : "list_receipts" , file : :: core :: file ! () , line : :: core :: line ! () , docs : "Every receipt, one per line (a stream: described and locked by its item type)." , docs_before : & [] , describe : __versionary_describe , make : __versionary_make , } }
};
#[doc = " Receipts as they are issued, as server-sent events."]
async fn live_receipts() -> Result<(StatusCode, EventStream<Receipt>), Problem> {
    todo!()
}
const _: () = {
    fn __versionary_make(__make: &mut ::versionary::__private::MakeRoute) {
        ::versionary::__private::__method_router::<Shop, _, _>(__make, live_receipts)
    }
    #[allow(unused_variables)]
    fn __versionary_describe(__op: &mut ::versionary::__private::Operation<'_>) {
        __op.event_stream_response::<Receipt>();
    }
    ::versionary::__private::inventory::submit! { :: versionary :: __private :: Endpoint { api : :: core :: any :: TypeId :: of :: < Shop > , method : "GET" , path : "/receipts/live" , since : 1usize , until : :: core :: option :: Option :: None , neutral : false , versions : & [] , moves : & [] , deprecated : :: core :: option :: Option :: None , sunset : :: core :: option :: Option :: None , successor : :: core :: option :: Option :: None , status : 200u16 , changes : & [] , signature : :: versionary :: __private :: Signature { path : "" , query : "" , body : "" , body_required : false , response : "EventStream<Receipt>" , } , handler : "live_receipts" , file : :: core :: file ! () , line : :: core :: line ! () , docs : "Receipts as they are issued, as server-sent events." , docs_before : & [] , describe : __versionary_describe , make : __versionary_make , } }
};
