// An attribute error on a versioned type is the only error: the type still gets the impls
// its uses ask for (a field of another type, a handler's body and answer, the documents).
versionary::api_versions! {
    pub Shipments {
        "2025-01-01" => "First release",
        "2025-11-01" => "Weights in grams",
    }
}

#[versionary::versioned(api = Shipments)]
#[derive(Clone)]
pub struct Weight {
    #[api(added = "2025-12-01", default)]
    pub grams: u32,
}

#[versionary::versioned(api = Shipments)]
#[derive(Clone)]
pub struct NewShipment {
    pub reference: String,
    pub weight: Weight,
}

#[versionary::endpoint(POST "/weights", api = Shipments)]
async fn weigh(versionary::Json(weight): versionary::Json<Weight>) -> versionary::Json<Weight> {
    versionary::Json(weight)
}

fn main() {}
