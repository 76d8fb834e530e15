// The API is declared in another crate (`multi_api`, with versions 1 and 2): its versions
// reach this crate's `#[versioned]` through the API's exported forwarding macro.
#[versionary::versioned(api = multi_api::Shop, response)]
#[derive(Clone)]
pub struct Receipt {
    pub total: u64,
    #[api(added = 3)]
    pub note: String,
}

fn main() {}
