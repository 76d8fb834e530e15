//! A real HTTP client against a service served on 127.0.0.1.
#![allow(dead_code)]

pub mod openapi;
pub mod postgres;
pub mod process;
pub mod temp_db;

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{HeaderMap, Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

/// Every request must finish within this bound.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A service running on an ephemeral port of 127.0.0.1 for the duration of a test.
pub struct Server {
    pub base: String,
    task: tokio::task::JoinHandle<()>,
    client: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn start(router: axum::Router) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let address = listener.local_addr().expect("local address");
    let task = tokio::spawn(async move {
        let _ = versionary_examples::serve(listener, router).await;
    });
    Server {
        base: format!("http://{address}"),
        task,
        client: Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>(),
    }
}

/// A client of a service served elsewhere (the test owns the server).
pub fn client(base: &str) -> Server {
    Server {
        base: base.to_owned(),
        task: tokio::spawn(async {}),
        client: Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>(),
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the RFC 9457 problem shape and returns the body.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "status of {}", self.text);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let body = self.json();
        for member in ["type", "title", "status", "detail"] {
            assert!(
                body.get(member).is_some(),
                "problem lacks `{member}`: {body}"
            );
        }
        assert_eq!(body["status"], status);
        body
    }
}

impl Server {
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let client = &self.client;
        let mut request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).expect("method"))
            .uri(format!("{}{path}", self.base));
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or("").to_owned())))
            .expect("request");
        let response = tokio::time::timeout(TIMEOUT, client.request(request))
            .await
            .expect("request timed out")
            .expect("request failed");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = tokio::time::timeout(TIMEOUT, response.into_body().collect())
            .await
            .expect("body timed out")
            .expect("body failed")
            .to_bytes();
        Reply {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call("GET", path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: &str) -> Reply {
        self.call("POST", path, Some(body), &[]).await
    }
}
