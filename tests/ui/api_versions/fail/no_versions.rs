versionary::api_versions! {
    pub Shop {}
}

fn main() {}
