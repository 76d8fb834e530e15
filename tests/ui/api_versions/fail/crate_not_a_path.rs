// `crate = path` names the runtime by a path: not a string, not a path that changes meaning
// between modules, given once. The items of an API in error still stand, without a
// cascade of errors.

versionary::api_versions! {
    pub Quoted(crate = "::versionary") {
        1 => "Initial release",
    }
}

versionary::api_versions! {
    pub NotAPath(crate = 3) {
        1 => "Initial release",
    }
}

versionary::api_versions! {
    pub Generic(crate = ::versionary<u8>) {
        1 => "Initial release",
    }
}

versionary::api_versions! {
    pub Relative(crate = self::versionary) {
        1 => "Initial release",
    }
}

versionary::api_versions! {
    pub Empty(crate = , state = ()) {
        1 => "Initial release",
    }
}

versionary::api_versions! {
    pub Twice(crate = ::versionary, crate = ::versionary) {
        1 => "Initial release",
    }
}

#[versionary::versioned(api = Quoted, response)]
#[derive(Clone, Debug)]
pub struct Item {
    #[api(added = 1)]
    pub name: String,
}

fn main() {
    let _ = Item { name: String::new() };
}
