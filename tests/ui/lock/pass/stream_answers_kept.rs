// Streamed answers as the lock recorded them: `NdJson<Move>` (boxed or with the stream's
// type named) and `EventStream<Move>` in a `Result`; the lock matches the code (version 3,
// unreleased, is not recorded).
versionary::api_versions! {
    pub Shop(lock = "../fixtures/streams.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development" { unreleased },
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Move {
    pub id: u32,
}

#[versionary::endpoint(GET "/latest", api = Shop)]
async fn latest() -> versionary::Json<Move> {
    versionary::Json(Move { id: 1 })
}

#[versionary::endpoint(GET "/moves", api = Shop)]
async fn list_moves(
) -> versionary::NdJson<Move, versionary::stream::Iter<std::vec::IntoIter<Move>>> {
    versionary::NdJson::from_stream(versionary::stream::iter(vec![Move { id: 1 }]))
}

#[versionary::endpoint(GET "/events", api = Shop)]
async fn events() -> Result<versionary::EventStream<Move>, versionary::Problem> {
    Ok(versionary::EventStream::new(versionary::stream::iter([Move { id: 2 }])))
}

fn main() {
    let lock = versionary::lock::render::<Shop>();
    for line in [
        "response GET /moves NdJson<Move>\n",
        "response GET /events EventStream<Move>\n",
        "response GET /latest Move\n",
    ] {
        assert!(lock.contains(line), "{lock}");
    }
    versionary::lock::check::<Shop>().unwrap();
}
