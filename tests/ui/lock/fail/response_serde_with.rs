versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A response field whose type stays but whose JSON a serde helper now writes.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Receipt {
    pub id: String,
    #[serde(serialize_with = "as_text")]
    pub qty: u32,
    pub note: Option<String>,
}

fn as_text<S: serde::Serializer>(qty: &u32, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(qty)
}

fn main() {}
