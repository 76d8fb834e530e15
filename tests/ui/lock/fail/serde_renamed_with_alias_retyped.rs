//! A request field renamed in place that still accepts its old name (`alias`) is the same
//! field: what the lock recorded under the old name still holds. Here it also became a
//! number, which old clients do not send.

versionary::api_versions! {
    pub School(lock = "../fixtures/serde.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

#[versionary::versioned(api = School, request)]
pub struct Booking {
    #[serde(rename = "seat_number", alias = "seat")]
    pub seat: u64,
}

fn main() {}
