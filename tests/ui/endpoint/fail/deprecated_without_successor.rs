versionary::api_versions! {
    pub Documents {
        "2024-06-01" => "Initial release",
        "2025-01-15" => "Forms are retired",
    }
}

#[versionary::endpoint(GET "/books/{id}/forms", api = Documents, deprecated = "2025-01-15")]
async fn forms() {}

#[versionary::endpoint(GET "/books/{id}/pages", api = Documents, successor = "/books/{id}/summary")]
async fn pages() {}

#[versionary::endpoint(
    GET "/books/{id}/notes",
    api = Documents,
    deprecated = "2025-01-15",
    successor = "/books/{book}/summary",
)]
async fn notes() {}

#[versionary::endpoint(GET "/health", api = Documents, neutral, deprecated = "2025-01-15", successor = "/status")]
async fn health() {}

fn main() {}
