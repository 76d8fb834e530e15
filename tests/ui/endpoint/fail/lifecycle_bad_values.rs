versionary::api_versions! {
    pub Documents {
        1 => "Initial release",
    }
}

#[versionary::endpoint(GET "/books", api = Documents, deprecated = "next week")]
async fn books() {}

#[versionary::endpoint(POST "/books", api = Documents, status = 404)]
async fn create_book() {}

#[versionary::endpoint(GET "/pages", api = Documents, deprecated = "2025-01-01", successor = "pages/new")]
async fn pages() {}

fn main() {}
