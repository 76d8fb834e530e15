versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

fn old_answer(problem: versionary::Problem) -> versionary::Problem {
    problem
}

/// `from` and `down` both say how older versions answered.
#[versionary::endpoint(
    GET "/items/{id}",
    api = Shop,
    error(status = 410, from = 404, in = 2, down = old_answer),
)]
async fn item() {}

fn main() {}
