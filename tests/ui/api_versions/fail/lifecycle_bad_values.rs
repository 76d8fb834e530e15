versionary::api_versions! {
    pub Documents(notice_days = "sixty") {
        1 => "Initial release",
    }
}

versionary::api_versions! {
    pub Forms(deprecation_policy = "see the wiki") {
        1 => "Initial release" { deprecated = "soon" },
    }
}

fn main() {}
