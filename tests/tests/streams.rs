//! Streamed answers (`NdJson<T>`, `EventStream<T>`): each item in the request's version,
//! written as it is produced, with the route's headers; documented per version, locked
//! like a response body; a client going away drops the producer.

mod support;

use core::pin::Pin;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use core::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use versionary::{ApiBuilder, Clock, EventStream, NdJson, VersionFrom};

mod api {
    use super::*;

    versionary::api_versions! {
        pub Moves {
            1 => "Initial release" { released = "2024-01-10", deprecated = "2025-01-01" },
            2 => "`from` renamed to `origin`; moves carry a `status`",
        }
    }

    /// A move of a person between two places.
    #[versionary::versioned(api = Moves, response)]
    #[derive(Clone)]
    pub struct Move {
        pub id: u32,
        #[api(renamed(from = "from", in = 2))]
        pub origin: String,
        #[api(added = 2)]
        pub status: String,
    }

    pub fn moves() -> Vec<Move> {
        [(1, "HMP Leeds"), (2, "HMP Hull")]
            .map(|(id, origin)| Move {
                id,
                origin: origin.into(),
                status: "requested".into(),
            })
            .into()
    }

    /// Every move, one per line.
    #[versionary::endpoint(GET "/moves", api = Moves)]
    async fn list() -> NdJson<Move> {
        // Each item is produced only when the body asks for it (`Slow` is pending once
        // between items), long after this handler returned.
        NdJson::new(Slow::new(moves()))
    }

    /// Every move, as events.
    #[versionary::endpoint(GET "/moves/events", api = Moves)]
    async fn events() -> EventStream<Move> {
        EventStream::new(Slow::new(moves())).event("move")
    }

    /// An endless feed, counted, read over HTTP.
    #[versionary::endpoint(GET "/feed/http", api = Moves)]
    async fn feed_http() -> NdJson<Move> {
        NdJson::new(Counting::new(&HTTP_PROBE))
    }

    /// An endless feed, counted, read in process.
    #[versionary::endpoint(GET "/feed/local", api = Moves)]
    async fn feed_local() -> NdJson<Move> {
        NdJson::new(Counting::new(&LOCAL_PROBE))
    }
}

use api::Moves;

/// Yields its items one by one, pending once before each (woken at once), as a producer
/// waiting on a database would.
struct Slow {
    items: std::vec::IntoIter<api::Move>,
    ready: bool,
}

impl Slow {
    fn new(items: Vec<api::Move>) -> Slow {
        Slow {
            items: items.into_iter(),
            ready: false,
        }
    }
}

impl futures_core::Stream for Slow {
    type Item = api::Move;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<api::Move>> {
        if !self.ready {
            self.ready = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.ready = false;
        Poll::Ready(self.items.next())
    }
}

/// How many items an endless producer made, and whether it was dropped.
struct Probe {
    produced: AtomicUsize,
    dropped: AtomicBool,
}

static HTTP_PROBE: Probe = Probe {
    produced: AtomicUsize::new(0),
    dropped: AtomicBool::new(false),
};

static LOCAL_PROBE: Probe = Probe {
    produced: AtomicUsize::new(0),
    dropped: AtomicBool::new(false),
};

/// An endless producer of moves that counts what it produced and says when it is dropped.
struct Counting {
    probe: &'static Probe,
}

impl Counting {
    fn new(probe: &'static Probe) -> Counting {
        Counting { probe }
    }
}

impl futures_core::Stream for Counting {
    type Item = api::Move;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<api::Move>> {
        // The producer runs under the request's version, though the handler returned.
        assert!(versionary::selected().is_some());
        let n = self.probe.produced.fetch_add(1, Ordering::SeqCst);
        Poll::Ready(Some(api::Move {
            id: u32::try_from(n).unwrap_or(u32::MAX),
            origin: "x".repeat(100),
            status: "requested".into(),
        }))
    }
}

impl Drop for Counting {
    fn drop(&mut self) {
        self.probe.dropped.store(true, Ordering::SeqCst);
    }
}

fn builder() -> ApiBuilder<Moves> {
    ApiBuilder::<Moves>::new()
        .select_version(VersionFrom::path(""))
        .clock(Clock::at("2025-02-01").unwrap())
}

async fn server() -> support::Server {
    support::start(builder().build(()).unwrap()).await
}

#[tokio::test]
async fn ndjson_items_are_written_in_each_version_with_the_route_headers() {
    let server = server().await;
    let v1 = server.get("/v1/moves").await;
    assert_eq!(v1.status, 200, "{}", v1.text);
    assert_eq!(v1.header("content-type"), Some("application/x-ndjson"));
    assert_eq!(
        v1.text,
        "{\"id\":1,\"from\":\"HMP Leeds\"}\n{\"id\":2,\"from\":\"HMP Hull\"}\n"
    );
    // The version and lifecycle headers, as on any answer of the version.
    assert_eq!(v1.header("api-version"), Some("1"));
    assert_eq!(v1.header("deprecation"), Some("@1735689600"));
    let v2 = server.get("/v2/moves").await;
    assert_eq!(
        v2.text,
        "{\"id\":1,\"origin\":\"HMP Leeds\",\"status\":\"requested\"}\n\
         {\"id\":2,\"origin\":\"HMP Hull\",\"status\":\"requested\"}\n"
    );
    assert_eq!(v2.header("api-version"), Some("2"));
    assert_eq!(v2.header("deprecation"), None);
}

#[tokio::test]
async fn server_sent_events_are_written_in_each_version() {
    let server = server().await;
    let v1 = server.get("/v1/moves/events").await;
    assert_eq!(v1.status, 200, "{}", v1.text);
    assert_eq!(v1.header("content-type"), Some("text/event-stream"));
    assert_eq!(v1.header("cache-control"), Some("no-cache"));
    assert_eq!(v1.header("api-version"), Some("1"));
    assert_eq!(
        v1.text,
        "event: move\ndata: {\"id\":1,\"from\":\"HMP Leeds\"}\n\n\
         event: move\ndata: {\"id\":2,\"from\":\"HMP Hull\"}\n\n"
    );
    let v2 = server.get("/v2/moves/events").await;
    assert_eq!(
        v2.text,
        "event: move\ndata: {\"id\":1,\"origin\":\"HMP Leeds\",\"status\":\"requested\"}\n\n\
         event: move\ndata: {\"id\":2,\"origin\":\"HMP Hull\",\"status\":\"requested\"}\n\n"
    );
}

#[tokio::test]
async fn items_are_produced_only_as_the_body_is_read_and_dropping_it_drops_the_producer() {
    let app = builder().build(()).unwrap();
    let request = http::Request::get("/v1/feed/local")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.headers()["api-version"], "1");
    // The handler returned; nothing was produced yet.
    assert_eq!(LOCAL_PROBE.produced.load(Ordering::SeqCst), 0);
    let mut body = response.into_body();
    let mut lines = 0;
    for _ in 0..3 {
        let frame = body.frame().await.unwrap().unwrap().into_data().unwrap();
        // An endless producer that is always ready: what it had ready shares a frame, up to
        // a bound (8 KiB, or one larger item), so the answer's memory does not grow.
        assert!(frame.len() <= 8 * 1024 + 200, "{}", frame.len());
        for line in frame.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            // Written in version 1's shape, outside the handler's scope.
            let item: Value = serde_json::from_slice(line).unwrap();
            assert_eq!(item["id"], lines);
            assert!(
                item.get("from").is_some() && item.get("status").is_none(),
                "{item}"
            );
            lines += 1;
        }
        assert!(frame.ends_with(b"\n"));
        // The producer is never ahead of what was written.
        assert_eq!(LOCAL_PROBE.produced.load(Ordering::SeqCst), lines);
    }
    assert!(lines >= 3);
    assert!(!LOCAL_PROBE.dropped.load(Ordering::SeqCst));
    drop(body);
    assert!(LOCAL_PROBE.dropped.load(Ordering::SeqCst));
    assert_eq!(LOCAL_PROBE.produced.load(Ordering::SeqCst), lines);
}

#[tokio::test]
async fn a_slow_producer_s_items_are_sent_as_they_come() {
    let app = builder().build(()).unwrap();
    let request = http::Request::get("/v2/moves").body(Body::empty()).unwrap();
    let mut body = app.oneshot(request).await.unwrap().into_body();
    // `Slow` is pending before each item: each is sent then, not held for the next.
    let mut frames = Vec::new();
    while let Some(frame) = body.frame().await {
        frames.push(frame.unwrap().into_data().unwrap());
    }
    assert_eq!(frames.len(), 2, "{frames:?}");
    assert!(frames[0].starts_with(b"{\"id\":1,") && frames[1].starts_with(b"{\"id\":2,"));
}

#[tokio::test]
async fn a_client_that_goes_away_mid_stream_stops_the_producer() {
    let server = server().await;
    let address = server.base.trim_start_matches("http://").to_owned();
    // A plain socket (blocking, off the runtime), so hanging up is explicit.
    let seen = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut socket = std::net::TcpStream::connect(&address).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        socket
            .write_all(b"GET /v2/feed/http HTTP/1.1\r\nhost: test\r\n\r\n")
            .unwrap();
        // Read until a few items arrived, then hang up (dropping the socket).
        let mut seen = Vec::new();
        let mut buffer = [0u8; 4096];
        while !seen.windows(7).any(|w| w == b"\"id\":5,") {
            let n = socket
                .read(&mut buffer)
                .expect("the first items did not arrive");
            assert!(n > 0, "the server closed the stream");
            seen.extend_from_slice(&buffer[..n]);
        }
        seen
    })
    .await
    .unwrap();
    let head = String::from_utf8_lossy(&seen);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.contains("content-type: application/x-ndjson"),
        "{head}"
    );
    assert!(head.contains("\"origin\":"), "{head}");
    // The server notices when its writes fail and drops the body, and with it the stream.
    let stopped = async {
        while !HTTP_PROBE.dropped.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), stopped)
        .await
        .expect("the producer still runs 10 s after the client went away");
    let produced = HTTP_PROBE.produced.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(HTTP_PROBE.produced.load(Ordering::SeqCst), produced);
}

#[test]
fn each_version_documents_the_stream_with_the_items_shape() {
    let builder = builder();
    for (version, field) in [("1", "from"), ("2", "origin")] {
        let doc = builder.openapi(version).unwrap();
        support::openapi::validate_document(&doc)
            .unwrap_or_else(|errors| panic!("version {version}: {errors:#?}"));
        for (path, media) in [
            ("/moves", "application/x-ndjson"),
            ("/moves/events", "text/event-stream"),
        ] {
            let success = &doc["paths"][format!("/v{version}{path}")]["get"]["responses"]["200"];
            assert!(success.is_object(), "{path} in {version}: {doc:#}");
            assert!(
                success["description"]
                    .as_str()
                    .unwrap()
                    .starts_with("Success: a stream"),
                "{success}"
            );
            let schema = &success["content"][media]["schema"];
            let name = schema["$ref"]
                .as_str()
                .unwrap_or_else(|| panic!("{path} in {version}: {success}"))
                .rsplit('/')
                .next()
                .unwrap();
            let item = &doc["components"]["schemas"][name];
            assert!(
                item["properties"].get(field).is_some(),
                "version {version}: {item}"
            );
            assert_eq!(
                item["properties"].get("status").is_some(),
                version == "2",
                "{item}"
            );
        }
    }
}

#[test]
fn the_lock_records_the_stream_and_its_item_type() {
    let lock = versionary::lock::render::<Moves>();
    assert!(
        lock.contains("response GET /moves NdJson<Move>\n"),
        "{lock}"
    );
    assert!(
        lock.contains("response GET /moves/events EventStream<Move>\n"),
        "{lock}"
    );
    // The item type's contract is in each version's, as a response.
    let v1 = lock.split("[version 2]").next().unwrap();
    assert!(v1.contains("type Move response\n"), "{lock}");
    assert!(v1.contains("field Move.from String required\n"), "{lock}");
}
