#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop)]
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub first: String,
    pub last: String,
}

/// Into an object in 2.
#[versionary::versioned(api = Shop)]
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    #[api(flattened(in = 2, field(first_name: String => first), field(last_name: String => last)))]
    pub name: Name,
}

/// Out of an object in 3.
#[versionary::versioned(api = Shop)]
#[derive(Clone, Debug, PartialEq)]
#[api(nested(field = address, in = 3, field(street => line1), field(city => town)))]
pub struct Place {
    pub street: String,
    pub city: String,
}

fn main() {
    let person = Person { name: Name { first: "a".into(), last: "b".into() } };
    let old = PersonV1::from(person.clone());
    assert_eq!((old.first_name.as_str(), old.last_name.as_str()), ("a", "b"));
    assert_eq!(Person::from(old), person);
    let place = Place { street: "s".into(), city: "c".into() };
    // One change point (3): one older shape, serving versions 1 and 2.
    let old = PlaceV1::from(place.clone());
    assert_eq!(old.address, PlaceV1Address { line1: "s".into(), town: "c".into() });
    assert_eq!(Place::from(old), place);
}
