use axum::extract::Path;

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Persons are read by code",
    }
}

/// The handler reads `{code}`; the old path offered `{id}`, which it could not read.
#[versionary::endpoint(GET "/persons/{code}", api = Shop, moved(from = "GET /people/{id}", in = 2))]
async fn person(Path(code): Path<String>) -> String {
    code
}

/// Without a `Path` extractor, the old path's parameters do not matter.
#[versionary::endpoint(GET "/things/{code}", api = Shop, moved(from = "GET /stuff/{id}", in = 2))]
async fn thing() -> String {
    String::new()
}

fn main() {}
