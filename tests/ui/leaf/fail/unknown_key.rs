versionary::api_versions! { pub Shop { 1 => "Initial release" } }

#[versionary::leaf(api = Shop, request)]
#[derive(serde::Serialize)]
pub enum Color {
    Red,
}

fn main() {}
