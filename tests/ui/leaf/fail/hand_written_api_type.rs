versionary::api_versions! { pub Shop { 1 => "Initial release" } }

/// `ApiType` by hand would let the type escape the lock.
#[derive(serde::Serialize)]
pub enum Color {
    Red,
}

impl versionary::ApiType for Color {}

fn main() {}
