versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

/// A `down` function takes the handler's `Problem`.
fn old_answer(status: u16) -> String {
    status.to_string()
}

#[versionary::endpoint(GET "/items/{id}", api = Shop, error(status = 410, in = 2, down = old_answer))]
async fn item() {}

fn main() {}
