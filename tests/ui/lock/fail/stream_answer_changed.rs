// A released endpoint keeps the kind of its answer: one JSON value, NDJSON, or server-sent
// events, each of its item type (the lock records `NdJson<Move>`, `EventStream<Move>`).
versionary::api_versions! {
    pub Shop(lock = "../fixtures/streams.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Move {
    pub id: u32,
}

/// Was one `Move`, now a stream of them.
#[versionary::endpoint(GET "/latest", api = Shop)]
async fn latest() -> versionary::NdJson<Move> {
    versionary::NdJson::new(versionary::stream::iter([Move { id: 1 }]))
}

/// Was NDJSON, now one JSON array.
#[versionary::endpoint(GET "/moves", api = Shop)]
async fn list_moves() -> versionary::Json<Vec<Move>> {
    versionary::Json(vec![Move { id: 1 }])
}

/// Was server-sent events, now text.
#[versionary::endpoint(GET "/events", api = Shop)]
async fn events() -> String {
    "move 1".to_owned()
}

fn main() {}
