versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

/// A rename to the type's own name changes nothing.
#[versionary::versioned(api = Shop, response, renamed(from = "Item", in = 2))]
#[derive(Clone)]
pub struct Item {
    pub name: String,
}

/// No version comes before the first.
#[versionary::versioned(api = Shop, response, doc(from = "An old receipt.", in = 1))]
#[derive(Clone)]
pub struct Receipt {
    pub id: u32,
}

/// A document name is an identifier.
#[versionary::versioned(api = Shop, response, renamed(from = "old order", in = 2))]
#[derive(Clone)]
pub struct Order {
    pub id: u32,
}

fn main() {}
