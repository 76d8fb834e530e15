versionary::api_versions! {
    pub Shop {
        1 => "",
    }
}

fn main() {}
