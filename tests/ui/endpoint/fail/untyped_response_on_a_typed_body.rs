versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
    }
}

/// `untyped_response` on a body versionary sees would only take it out of the lock.
#[versionary::endpoint(GET "/items", api = Shop, untyped_response)]
async fn items() -> versionary::Json<Vec<u32>> {
    versionary::Json(vec![1])
}

fn main() {}
