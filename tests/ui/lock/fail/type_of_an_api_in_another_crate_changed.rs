// The API is declared in another crate (`multi_api`), with its lock beside it: a type of
// that API written in this crate is guarded by that lock. `Order.quantity` was `u32` in the
// released versions 1 and 2.
use multi_api::{Price, Shop};

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Order {
    pub id: u64,
    pub item_id: u32,
    pub quantity: u64,
    pub total: Price,
    #[api(added = 2)]
    pub note: String,
}

fn main() {}
