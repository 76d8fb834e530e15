versionary::api_versions! {
    pub Documents(notice_days = 60) {
        "2024-06-01" => "Initial release",
        "2025-01-15" => "Forms are retired",
    }
}

#[versionary::endpoint(GET "/books/{id}/summary", api = Documents)]
async fn summary() {}

#[versionary::endpoint(
    GET "/books/{id}/forms",
    api = Documents,
    until = "2025-01-15",
    deprecated = "2025-01-15",
    sunset = "2025-02-01",
    successor = "/books/{id}/summary",
)]
async fn forms() {}

#[versionary::endpoint(
    GET "/books/{id}/pages",
    api = Documents,
    deprecated = "2025-03-01",
    sunset = "2025-01-01",
    successor = "/books/{id}/summary",
)]
async fn pages() {}

fn main() {}
