//! The change vocabulary beyond add/remove/rename/retype: enums (variants added, removed,
//! renamed; serde representations), optionality changes, versioned query parameters and
//! error bodies, serde attributes per version.

mod support;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use versionary::{ApiBuilder, Json, Query, Version, VersionFrom, at_version};

versionary::api_versions! {
    pub Shipping {
        1 => "Initial release",
        2 => "`Pending` folded into `Requested`; `Delayed` added; parcels must have a weight",
        3 => "`en_route` renamed `in_transit`; notes optional; query `q` renamed `search`",
    }
}

/// Unit, struct and newtype variants, externally tagged.
#[versionary::versioned(api = Shipping)]
#[derive(Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
#[api(removed(variant = Pending, in = 2, up = pending_is_requested))]
pub enum Status {
    Requested,
    #[api(renamed(from = "en_route", in = 3))]
    InTransit {
        vehicle: String,
    },
    #[api(added = 2, down = delayed_as_requested)]
    Delayed(u32),
}

fn pending_is_requested(_: StatusV1) -> StatusV2 {
    StatusV2::Requested
}

fn delayed_as_requested(_: StatusV2) -> StatusV1 {
    StatusV1::Requested
}

fn at<T>(version: u64, f: impl FnOnce() -> T) -> T {
    at_version::<Shipping, _>(&Version::Int(version), f).expect("declared version")
}

fn write<T: serde::Serialize>(version: u64, value: &T) -> Value {
    at(version, || serde_json::to_value(value).unwrap())
}

fn read<T: serde::de::DeserializeOwned>(
    version: u64,
    body: Value,
) -> Result<T, versionary::Problem> {
    at(version, || {
        versionary::json::decode::<T>(body.to_string().as_bytes())
    })
}

#[test]
fn enum_shapes_per_version() {
    use versionary::Versioned;
    assert_eq!(Status::SHAPE_NAMES, &["StatusV1", "StatusV2", "Status"]);
    let moving = Status::InTransit {
        vehicle: "van".into(),
    };
    assert_eq!(write(1, &moving), json!({"en_route": {"vehicle": "van"}}));
    assert_eq!(write(3, &moving), json!({"in_transit": {"vehicle": "van"}}));
    // Added in 2: mapped for version 1 by the declared `down`.
    assert_eq!(write(1, &Status::Delayed(3)), json!("requested"));
    assert_eq!(write(2, &Status::Delayed(3)), json!({"delayed": 3}));
}

#[test]
fn enum_requests_upgrade_and_refuse_other_versions_variants() {
    assert_eq!(
        read::<Status>(1, json!("pending")).unwrap(),
        Status::Requested
    );
    assert_eq!(
        read::<Status>(1, json!({"en_route": {"vehicle": "bus"}})).unwrap(),
        Status::InTransit {
            vehicle: "bus".into()
        }
    );
    assert_eq!(
        read::<Status>(3, json!({"in_transit": {"vehicle": "bus"}})).unwrap(),
        Status::InTransit {
            vehicle: "bus".into()
        }
    );
    // `pending` no longer exists in 2; `delayed` did not exist in 1; `in_transit` is 3's name.
    assert_eq!(
        read::<Status>(2, json!("pending")).unwrap_err().status(),
        422
    );
    assert_eq!(
        read::<Status>(1, json!({"delayed": 1}))
            .unwrap_err()
            .status(),
        422
    );
    assert_eq!(
        read::<Status>(2, json!({"in_transit": {"vehicle": "x"}}))
            .unwrap_err()
            .status(),
        422
    );
}

/// Adjacently tagged.
#[versionary::versioned(api = Shipping, response)]
#[derive(Clone, Debug)]
#[serde(tag = "t", content = "c")]
pub enum Event {
    Created,
    #[api(added = 3, down = weighed_as_created)]
    Weighed(u32),
}

fn weighed_as_created(_: Event) -> EventV1 {
    EventV1::Created
}

/// Internally tagged, and untagged.
#[versionary::versioned(api = Shipping, response)]
#[derive(Clone, Debug)]
#[serde(tag = "kind")]
pub enum Label {
    #[api(renamed(from = "Plain", in = 2))]
    Simple { text: String },
}

#[versionary::versioned(api = Shipping, response)]
#[derive(Clone, Debug)]
#[serde(untagged)]
pub enum Amount {
    Grams(u32),
    #[api(added = 2, down = text_as_zero)]
    Text(String),
}

fn text_as_zero(_: Amount) -> AmountV1 {
    AmountV1::Grams(0)
}

#[test]
fn serde_enum_representations_hold_in_every_shape() {
    assert_eq!(
        write(3, &Event::Weighed(5)),
        json!({"t": "Weighed", "c": 5})
    );
    assert_eq!(write(2, &Event::Weighed(5)), json!({"t": "Created"}));
    let label = Label::Simple {
        text: "fragile".into(),
    };
    assert_eq!(
        write(1, &label),
        json!({"kind": "Plain", "text": "fragile"})
    );
    assert_eq!(
        write(2, &label),
        json!({"kind": "Simple", "text": "fragile"})
    );
    assert_eq!(write(1, &Amount::Text("heavy".into())), json!(0));
    assert_eq!(write(2, &Amount::Text("heavy".into())), json!("heavy"));
    assert_eq!(write(1, &Amount::Grams(7)), json!(7));
}

/// Optionality in both directions.
#[versionary::versioned(api = Shipping)]
#[derive(Clone, Debug, PartialEq)]
pub struct Parcel {
    /// Optional in version 1, required from 2: old requests without it get 0.
    #[api(required(in = 2, default))]
    pub weight: u32,
    /// Required before 3, optional from 3: old responses get `""` when it is absent.
    #[api(optional(in = 3, default = no_note))]
    pub note: Option<String>,
    pub status: Status,
}

fn no_note() -> String {
    String::new()
}

#[test]
fn optionality_changes_convert_both_ways() {
    let parcel = Parcel {
        weight: 5,
        note: None,
        status: Status::Requested,
    };
    assert_eq!(
        write(1, &parcel),
        json!({"weight": 5, "note": "", "status": "requested"})
    );
    assert_eq!(
        write(3, &parcel),
        json!({"weight": 5, "note": null, "status": "requested"})
    );
    let old: Parcel = read(
        1,
        json!({"weight": null, "note": "hi", "status": "pending"}),
    )
    .unwrap();
    assert_eq!(
        old,
        Parcel {
            weight: 0,
            note: Some("hi".into()),
            status: Status::Requested
        }
    );
    let old: Parcel = read(1, json!({"note": "hi", "status": "requested"})).unwrap();
    assert_eq!(old.weight, 0);
    // Required in 2: absent weight or note is refused.
    let problem = read::<Parcel>(2, json!({"note": "hi", "status": "requested"})).unwrap_err();
    assert_eq!(problem.get("errors").unwrap()[0]["pointer"], "/weight");
    let problem = read::<Parcel>(2, json!({"weight": 1, "status": "requested"})).unwrap_err();
    assert_eq!(problem.get("errors").unwrap()[0]["pointer"], "/note");
    let new: Parcel = read(3, json!({"weight": 1, "status": "requested"})).unwrap();
    assert_eq!(new.note, None);
}

/// serde attributes honoured per version: rename_all, rename, default, skip_serializing_if,
/// flatten, deny_unknown_fields.
#[versionary::versioned(api = Shipping)]
#[derive(Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    #[api(renamed(from = "createdBy", in = 2))]
    pub author_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[versionary::versioned(api = Shipping)]
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    #[serde(rename = "ID")]
    pub id: u32,
    #[serde(flatten)]
    pub meta: Meta,
}

#[versionary::versioned(api = Shipping, request)]
#[derive(Debug)]
#[serde(deny_unknown_fields)]
pub struct Strict {
    pub a: u32,
}

#[test]
fn serde_attributes_are_honoured_per_version() {
    let doc = Document {
        id: 1,
        meta: Meta {
            author_name: "ann".into(),
            tags: vec![],
        },
    };
    assert_eq!(write(1, &doc), json!({"ID": 1, "createdBy": "ann"}));
    assert_eq!(write(2, &doc), json!({"ID": 1, "authorName": "ann"}));
    let back: Document = read(1, json!({"ID": 1, "createdBy": "ann"})).unwrap();
    assert_eq!(back, doc);
    let tagged: Document = read(3, json!({"ID": 2, "authorName": "bo", "tags": ["x"]})).unwrap();
    assert_eq!(tagged.meta.tags, ["x"]);
    assert_eq!(
        read::<Strict>(1, json!({"a": 1, "b": 2}))
            .unwrap_err()
            .status(),
        422
    );
}

/// Versioned query parameters and error bodies, over HTTP.
#[versionary::versioned(api = Shipping, request, allow_unknown_fields)]
#[derive(Debug)]
pub struct ParcelFilter {
    #[api(renamed(from = "q", in = 3))]
    pub search: Option<String>,
    #[api(added = 2)]
    pub min_weight: Option<u32>,
}

#[versionary::versioned(api = Shipping, response)]
#[derive(Clone, Debug)]
pub struct ApiError {
    #[api(renamed(from = "message", in = 2))]
    pub detail: String,
    pub code: u16,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::BAD_REQUEST);
        (status, Json(self)).into_response()
    }
}

#[versionary::endpoint(GET "/parcels", api = Shipping)]
async fn find_parcels(Query(filter): Query<ParcelFilter>) -> Result<Json<Vec<String>>, ApiError> {
    match filter.search.as_deref() {
        Some("nothing") => Err(ApiError {
            detail: "no parcels match".into(),
            code: 404,
        }),
        search => Ok(Json(vec![format!("{search:?}/{:?}", filter.min_weight)])),
    }
}

#[tokio::test]
async fn query_parameters_and_error_bodies_follow_the_version() {
    let app = ApiBuilder::<Shipping>::new()
        .select_version(VersionFrom::path(""))
        .build(())
        .unwrap();
    let server = support::start(app).await;
    assert_eq!(
        server.get("/v1/parcels?q=pen&min_weight=3").await.json(),
        json!(["Some(\"pen\")/None"])
    );
    assert_eq!(
        server.get("/v2/parcels?q=pen&min_weight=3").await.json(),
        json!(["Some(\"pen\")/Some(3)"])
    );
    assert_eq!(
        server.get("/v3/parcels?search=pen").await.json(),
        json!(["Some(\"pen\")/None"])
    );
    assert_eq!(
        server.get("/v3/parcels?q=pen").await.json(),
        json!(["None/None"])
    );
    let reply = server.get("/v2/parcels?min_weight=heavy").await;
    let body = reply.problem(400);
    assert_eq!(body["errors"][0]["pointer"], "/min_weight");

    let reply = server.get("/v1/parcels?q=nothing").await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(
        reply.json(),
        json!({"message": "no parcels match", "code": 404})
    );
    let reply = server.get("/v3/parcels?search=nothing").await;
    assert_eq!(
        reply.json(),
        json!({"detail": "no parcels match", "code": 404})
    );
    assert_eq!(reply.header("api-version"), Some("3"));
}

/// Moved fields: into a sub-object (version 2) and out of one (version 3).
#[versionary::versioned(api = Shipping)]
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub first: String,
    pub last: String,
}

#[versionary::versioned(api = Shipping)]
#[derive(Clone, Debug, PartialEq)]
pub struct Recipient {
    pub id: u32,
    #[api(flattened(in = 2, field(first_name: String => first), field(last_name: String => last)))]
    pub name: Name,
}

#[versionary::versioned(api = Shipping)]
#[derive(Clone, Debug, PartialEq)]
#[api(nested(field = address, in = 3, field(street => line1), field(city => town)))]
pub struct Sender {
    pub id: u32,
    pub street: String,
    pub city: String,
}

#[test]
fn fields_moved_into_a_sub_object_convert_both_ways() {
    let recipient = Recipient {
        id: 1,
        name: Name {
            first: "Ada".into(),
            last: "Byron".into(),
        },
    };
    assert_eq!(
        write(1, &recipient),
        json!({"id": 1, "first_name": "Ada", "last_name": "Byron"})
    );
    assert_eq!(
        write(2, &recipient),
        json!({"id": 1, "name": {"first": "Ada", "last": "Byron"}})
    );
    let old: Recipient = read(
        1,
        json!({"id": 1, "first_name": "Ada", "last_name": "Byron"}),
    )
    .unwrap();
    assert_eq!(old, recipient);
    assert_eq!(RecipientV1::from(recipient.clone()).first_name, "Ada");
    let problem =
        read::<Recipient>(1, json!({"id": 1, "name": {"first": "A", "last": "B"}})).unwrap_err();
    assert_eq!(problem.status(), 422);
}

/// The object gathered from old top-level fields has a field no old field fills:
/// `default` gives it `Default::default()` for older requests.
#[versionary::versioned(api = Shipping, request)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Greeting {
    pub first: String,
    pub last: String,
    pub title: Option<String>,
}

#[versionary::versioned(api = Shipping, request)]
#[derive(Clone, Debug, PartialEq)]
pub struct Guest {
    pub id: u32,
    #[api(flattened(
        in = 2,
        field(first_name: String => first),
        field(last_name: String => last),
        default
    ))]
    pub greeting: Greeting,
}

#[test]
fn a_gathered_object_fills_its_new_fields_with_their_default() {
    let old: Guest = read(
        1,
        json!({"id": 4, "first_name": "Ada", "last_name": "Byron"}),
    )
    .unwrap();
    assert_eq!(
        old,
        Guest {
            id: 4,
            greeting: Greeting {
                first: "Ada".into(),
                last: "Byron".into(),
                title: None,
            },
        }
    );
    let new: Guest = read(
        2,
        json!({"id": 4, "greeting": {"first": "Ada", "last": "Byron", "title": "Countess"}}),
    )
    .unwrap();
    assert_eq!(new.greeting.title.as_deref(), Some("Countess"));
}

#[test]
fn fields_moved_out_of_a_sub_object_convert_both_ways() {
    let sender = Sender {
        id: 2,
        street: "1 Lane".into(),
        city: "Leeds".into(),
    };
    let nested = json!({"id": 2, "address": {"line1": "1 Lane", "town": "Leeds"}});
    assert_eq!(write(1, &sender), nested);
    assert_eq!(write(2, &sender), nested);
    assert_eq!(
        write(3, &sender),
        json!({"id": 2, "street": "1 Lane", "city": "Leeds"})
    );
    let old: Sender = read(2, nested).unwrap();
    assert_eq!(old, sender);
    // The old object is a real type too.
    let v1 = SenderV1::from(sender);
    assert_eq!(
        v1.address,
        SenderV1Address {
            line1: "1 Lane".into(),
            town: "Leeds".into()
        }
    );
}

/// Generic wrappers used across versions with versioned contents.
#[versionary::versioned(api = Shipping)]
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub data: Vec<T>,
    #[api(renamed(from = "next_page", in = 2))]
    pub next: Option<String>,
}

#[versionary::versioned(api = Shipping)]
#[derive(Clone, Debug, PartialEq)]
pub struct Data<T> {
    pub data: T,
}

#[test]
fn generic_wrappers_follow_the_version_of_their_contents() {
    let page = Page {
        data: vec![
            Status::Delayed(2),
            Status::InTransit {
                vehicle: "van".into(),
            },
        ],
        next: None,
    };
    assert_eq!(
        write(1, &page),
        json!({"data": ["requested", {"en_route": {"vehicle": "van"}}], "next_page": null})
    );
    assert_eq!(
        write(3, &page),
        json!({"data": [{"delayed": 2}, {"in_transit": {"vehicle": "van"}}], "next": null})
    );
    let old: Page<Status> = read(1, json!({"data": ["pending"], "next_page": "p2"})).unwrap();
    assert_eq!(
        old,
        Page {
            data: vec![Status::Requested],
            next: Some("p2".into())
        }
    );
    let wrapped = Data {
        data: Parcel {
            weight: 1,
            note: None,
            status: Status::Requested,
        },
    };
    assert_eq!(
        write(1, &wrapped),
        json!({"data": {"weight": 1, "note": "", "status": "requested"}})
    );
    let back: Data<Parcel> = read(1, json!({"data": {"note": "n", "status": "pending"}})).unwrap();
    assert_eq!(back.data.weight, 0);
    // The old shape is generic too.
    let v1: PageV1<Status> = PageV1::from(page);
    assert_eq!(v1.next_page, None);
}

/// Path parameters versioned like bodies: the code was numeric before version 2.
#[versionary::versioned(api = Shipping, request, allow_unknown_fields)]
#[derive(Debug)]
pub struct LabelPath {
    #[api(retyped(from = u32, in = 2, up = number_text))]
    pub code: String,
}

fn number_text(number: u32) -> String {
    format!("N{number}")
}

#[versionary::endpoint(GET "/labels/{code}", api = Shipping)]
async fn get_label(axum::extract::Path(path): axum::extract::Path<LabelPath>) -> Json<String> {
    Json(path.code)
}

#[tokio::test]
async fn path_parameters_follow_the_version() {
    let app = ApiBuilder::<Shipping>::new()
        .select_version(VersionFrom::path(""))
        .build(())
        .unwrap();
    let server = support::start(app).await;
    assert_eq!(server.get("/v1/labels/42").await.json(), json!("N42"));
    assert_eq!(server.get("/v2/labels/A-9").await.json(), json!("A-9"));
    let reply = server.get("/v1/labels/A-9").await;
    reply.problem(400);
    assert_eq!(reply.header("api-version"), Some("1"));
}

/// Nested versioned types inside `Box`, arrays and `HashMap`, in an unchanged outer type.
#[versionary::versioned(api = Shipping, response)]
#[derive(Clone, Debug)]
pub struct Containers {
    pub boxed: Box<Status>,
    pub pair: [Status; 2],
    pub by_name: std::collections::HashMap<String, Status>,
    pub maybe: Option<Vec<Status>>,
}

#[test]
fn nested_types_in_every_container_follow_the_version() {
    let moving = || Status::InTransit {
        vehicle: "van".into(),
    };
    let value = Containers {
        boxed: Box::new(moving()),
        pair: [moving(), Status::Delayed(1)],
        by_name: [("a".to_owned(), moving())].into(),
        maybe: Some(vec![moving()]),
    };
    let old = json!({"en_route": {"vehicle": "van"}});
    assert_eq!(
        write(1, &value),
        json!({"boxed": old, "pair": [old, "requested"], "by_name": {"a": old}, "maybe": [old]})
    );
    let new = json!({"in_transit": {"vehicle": "van"}});
    assert_eq!(write(3, &value)["pair"], json!([new, {"delayed": 1}]));
}
