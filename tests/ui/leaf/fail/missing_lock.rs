versionary::api_versions! {
    pub Shop(lock = "no_such.lock") {
        1 => "Initial release",
    }
}

fn main() {}
