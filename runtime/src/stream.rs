//! Streamed answers: [`NdJson`] (`application/x-ndjson`) and [`EventStream`] (`text/event-stream`),
//! each item written in the selected version's shape as the handler's stream produces it.
#![doc = include_str!("../docs/streams.md")]

use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_core::Stream;
use http::{HeaderValue, header};
use serde::Serialize;

use crate::render::{RenderError, typed_error};
use crate::select::{Selected, selected, sync_scope};
use crate::types::ApiType;

/// A boxed stream of `T`: what [`NdJson::new`] and [`EventStream::new`] keep, so a handler can
/// name its return type (`NdJson<Move>`) whatever stream it builds.
pub type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send + 'static>>;

/// An answer of newline-delimited JSON (`application/x-ndjson`): one item of `T` per line,
/// in the shape of the version the request is served as, written as the stream produces
/// it. Items the stream has ready at once share a frame of the body, up to 8 KiB (a larger
/// item is a frame of its own), and one it produces after a wait is sent at once: the
/// answer's memory never grows with its length. Dropping the answer (a client that goes
/// away) drops the stream.
///
/// `#[endpoint]` documents it per version (the item's schema in that version's shape) and
/// records `NdJson<T>` as the response in the lock, so `T` is guarded like a `Json<T>`
/// body.
///
/// ```
/// use axum::response::IntoResponse;
///
/// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Prices" } }
///
/// #[versionary::versioned(api = Shop, response)]
/// pub struct Item { pub name: String, #[api(added = 2)] pub price: u32 }
///
/// #[versionary::endpoint(GET "/items", api = Shop)]
/// async fn items() -> versionary::NdJson<Item> {
///     let items = (1..=2).map(|n| Item { name: format!("item {n}"), price: n });
///     versionary::NdJson::new(versionary::stream::iter(items))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// // Served as version 1 (here by hand; the router does it per request):
/// let v1 = versionary::render::resolve::<Shop>("1", Default::default()).unwrap();
/// let answer = v1.run(|| {
///     let pen = Item { name: "pen".into(), price: 3 };
///     versionary::NdJson::new(versionary::stream::iter([pen])).into_response()
/// });
/// assert_eq!(answer.headers()["content-type"], "application/x-ndjson");
/// let body = axum::body::to_bytes(answer.into_body(), usize::MAX).await.unwrap();
/// assert_eq!(body, "{\"name\":\"pen\"}\n");
/// # }
/// ```
pub struct NdJson<T, S = BoxStream<T>> {
    stream: S,
    item: PhantomData<fn() -> T>,
}

/// An answer of server-sent events (`text/event-stream`): one event per item of `T`, its
/// `data` the item as JSON in the shape of the version the request is served as, written
/// as the stream produces it. Dropping the answer drops the stream.
///
/// Documented and locked like [`NdJson`] (the lock records `EventStream<T>`).
///
/// ```
/// use axum::response::IntoResponse;
///
/// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
///
/// #[versionary::versioned(api = Shop, response)]
/// pub struct Tick { pub n: u32 }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let ticks = versionary::stream::iter((1..=2).map(|n| Tick { n }));
/// let response = versionary::EventStream::new(ticks).event("tick").into_response();
/// assert_eq!(response.headers()["content-type"], "text/event-stream");
/// let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
/// assert_eq!(body, "event: tick\ndata: {\"n\":1}\n\nevent: tick\ndata: {\"n\":2}\n\n");
/// # }
/// ```
pub struct EventStream<T, S = BoxStream<T>> {
    stream: S,
    event: Option<&'static str>,
    item: PhantomData<fn() -> T>,
}

impl<T> NdJson<T> {
    /// The items of `stream`, boxed so the answer's type names only the item type.
    pub fn new<S>(stream: S) -> NdJson<T>
    where
        S: Stream<Item = T> + Send + 'static,
    {
        NdJson::from_stream(Box::pin(stream) as BoxStream<T>)
    }
}

impl<T, S: Stream<Item = T>> NdJson<T, S> {
    /// The items of `stream`, unboxed (the answer's type names the stream's type too).
    pub fn from_stream(stream: S) -> NdJson<T, S> {
        NdJson {
            stream,
            item: PhantomData,
        }
    }
}

impl<T> EventStream<T> {
    /// The items of `stream` as events, boxed so the answer's type names only the item
    /// type.
    pub fn new<S>(stream: S) -> EventStream<T>
    where
        S: Stream<Item = T> + Send + 'static,
    {
        EventStream::from_stream(Box::pin(stream) as BoxStream<T>)
    }
}

impl<T, S: Stream<Item = T>> EventStream<T, S> {
    /// The items of `stream` as events, unboxed.
    pub fn from_stream(stream: S) -> EventStream<T, S> {
        EventStream {
            stream,
            event: None,
            item: PhantomData,
        }
    }

    /// Names every event `name` (an `event:` line before each `data:`). A name with a line
    /// break cannot be an event name: it is left out.
    pub fn event(mut self, name: &'static str) -> EventStream<T, S> {
        self.event = (!name.contains(['\n', '\r'])).then_some(name);
        self
    }
}

impl<T, S> core::fmt::Debug for NdJson<T, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("NdJson")
            .field("item", &core::any::type_name::<T>())
            .finish_non_exhaustive()
    }
}

impl<T, S> core::fmt::Debug for EventStream<T, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EventStream")
            .field("item", &core::any::type_name::<T>())
            .field("event", &self.event)
            .finish_non_exhaustive()
    }
}

impl<T, S> IntoResponse for NdJson<T, S>
where
    T: Serialize + ApiType + 'static,
    S: Stream<Item = T> + Send + 'static,
{
    fn into_response(self) -> Response {
        framed(self.stream, Framing::Lines, "application/x-ndjson")
    }
}

impl<T, S> IntoResponse for EventStream<T, S>
where
    T: Serialize + ApiType + 'static,
    S: Stream<Item = T> + Send + 'static,
{
    fn into_response(self) -> Response {
        let mut response = framed(
            self.stream,
            Framing::Events(self.event),
            "text/event-stream",
        );
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        response
    }
}

/// The answer whose body writes the items of `stream` as `framing` says, under the version
/// selected now (the handler's: `into_response` runs in its scope).
fn framed<T, S>(stream: S, framing: Framing, media: &'static str) -> Response
where
    T: Serialize + ApiType + 'static,
    S: Stream<Item = T> + Send + 'static,
{
    let frames = Frames {
        stream,
        selected: selected(),
        framing,
        done: false,
        hint: 64,
    };
    let mut response = Body::from_stream(frames).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    response
}

/// How each item is framed.
#[derive(Clone, Copy)]
enum Framing {
    /// A JSON line.
    Lines,
    /// A server-sent event, maybe named.
    Events(Option<&'static str>),
}

/// The most a frame holds of items the producer had ready at once (a single larger item
/// is a frame of its own): what an answer holds in memory, whatever its length.
const FRAME_BUDGET: usize = 8 * 1024;

pin_project_lite::pin_project! {
    /// The body's frames: the items of the stream, each written when it is produced; those
    /// the producer has ready at once share a frame, up to [`FRAME_BUDGET`].
    struct Frames<S> {
        #[pin]
        stream: S,
        // The version of the request, captured when the answer was made: items are written
        // after the handler returned, outside its scope.
        selected: Option<Selected>,
        framing: Framing,
        // The stream ended (after a frame it ended in was sent): it is not polled again.
        done: bool,
        // The size of the last frame, to size the next one's buffer.
        hint: usize,
    }
}

impl<T, S> Stream for Frames<S>
where
    T: Serialize + ApiType,
    S: Stream<Item = T>,
{
    type Item = Result<Bytes, RenderError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        if *this.done {
            return Poll::Ready(None);
        }
        let (mut stream, framing, done, hint) = (this.stream, *this.framing, this.done, this.hint);
        // The producer runs under the request's version too (`versionary::selected()`), and
        // the items are written in the same scope.
        let mut next = || {
            let mut frame = Vec::new();
            loop {
                match stream.as_mut().poll_next(cx) {
                    Poll::Ready(Some(item)) => {
                        if frame.capacity() == 0 {
                            // Room for a frame like the last one, and its last item.
                            frame.reserve(*hint + *hint / 4);
                        }
                        if let Err(error) = frame_item(&mut frame, &item, framing) {
                            *done = true;
                            return Poll::Ready(Some(Err(error)));
                        }
                        if frame.len() >= FRAME_BUDGET {
                            break;
                        }
                    }
                    Poll::Ready(None) => {
                        *done = true;
                        break;
                    }
                    // What the producer had ready is sent now, not when it has more.
                    Poll::Pending if frame.is_empty() => return Poll::Pending,
                    Poll::Pending => break,
                }
            }
            // The next frame is likely the size of this one.
            *hint = frame.len().clamp(64, FRAME_BUDGET + 1024);
            Poll::Ready((!frame.is_empty()).then(|| Ok(Bytes::from(frame))))
        };
        let polled = match *this.selected {
            Some(version) => sync_scope(version, next),
            None => next(),
        };
        if let Poll::Ready(Some(Err(error))) = &polled {
            // The status is sent already: the connection is cut, and the log says why.
            tracing::error!(%error, "a streamed item could not be written; the answer stops");
        }
        polled
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }
}

/// Writes `item` framed into `frame`, in the shape of the selected version (the latest
/// without one).
fn frame_item<T: Serialize + ApiType>(
    frame: &mut Vec<u8>,
    item: &T,
    framing: Framing,
) -> Result<(), RenderError> {
    if let Framing::Events(event) = framing {
        if let Some(name) = event {
            frame.extend_from_slice(b"event: ");
            frame.extend_from_slice(name.as_bytes());
            frame.push(b'\n');
        }
        frame.extend_from_slice(b"data: ");
    }
    serde_json::to_writer(&mut *frame, item)
        .map_err(|error| typed_error(selected().map_or("latest", |s| s.label()), error))?;
    // Compact JSON has no line breaks (they are escaped in strings): one line, one data line.
    frame.extend_from_slice(match framing {
        Framing::Lines => b"\n",
        Framing::Events(_) => b"\n\n",
    });
    Ok(())
}

/// A stream of the items of `items`, ready at once: for answers from a collection, and
/// tests.
///
/// ```
/// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
///
/// #[versionary::endpoint(GET "/numbers", api = Shop)]
/// async fn numbers() -> versionary::NdJson<u32> {
///     versionary::NdJson::new(versionary::stream::iter(1..=3))
/// }
/// ```
pub fn iter<I: IntoIterator>(items: I) -> Iter<I::IntoIter> {
    Iter {
        items: items.into_iter(),
    }
}

/// The stream [`iter`] returns.
#[derive(Debug, Clone)]
pub struct Iter<I> {
    items: I,
}

impl<I: Iterator + Unpin> Stream for Iter<I> {
    type Item = I::Item;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
        Poll::Ready(self.items.next())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_name_with_a_line_break_is_left_out() {
        let sse = EventStream::new(iter([1u32])).event("a\nb");
        assert_eq!(sse.event, None);
        assert_eq!(
            EventStream::new(iter([1u32])).event("tick").event,
            Some("tick")
        );
    }

    /// Ends after its items, and panics if polled again (a fused stream is not required).
    struct Once(Vec<std::collections::HashMap<Vec<u8>, u8>>, bool);

    impl Stream for Once {
        type Item = std::collections::HashMap<Vec<u8>, u8>;

        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            assert!(!self.1, "polled after its end");
            let next = self.0.pop();
            self.1 = next.is_none();
            Poll::Ready(next)
        }
    }

    #[tokio::test]
    async fn an_ended_stream_is_not_polled_again_and_a_bad_item_cuts_the_answer() {
        let empty = std::collections::HashMap::new();
        let answer = NdJson::new(Once(vec![empty.clone(), empty.clone()], false));
        let body = axum::body::to_bytes(answer.into_response().into_body(), usize::MAX);
        assert_eq!(body.await.unwrap(), "{}\n{}\n");
        // A map with non-string keys cannot be JSON: the body fails, it does not panic.
        let bad = std::collections::HashMap::from([(vec![1], 1)]);
        let answer = NdJson::new(Once(vec![bad, empty], false));
        let body = axum::body::to_bytes(answer.into_response().into_body(), usize::MAX);
        let error = body.await.unwrap_err();
        assert!(
            error.to_string().contains("key must be a string"),
            "{error}"
        );
    }

    #[test]
    fn items_are_framed_as_lines_or_events() {
        let mut frame = Vec::new();
        frame_item(&mut frame, &"a\nb", Framing::Lines).unwrap();
        assert_eq!(frame, b"\"a\\nb\"\n");
        frame.clear();
        frame_item(&mut frame, &7u8, Framing::Events(None)).unwrap();
        assert_eq!(frame, b"data: 7\n\n");
        frame.clear();
        frame_item(&mut frame, &7u8, Framing::Events(Some("n"))).unwrap();
        assert_eq!(frame, b"event: n\ndata: 7\n\n");
    }
}
