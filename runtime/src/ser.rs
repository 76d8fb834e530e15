//! Writing the shapes of plain versioned structs: the generic half of the lean `Serialize`
//! that `#[versioned]` generates for a struct without `#[serde(...)]` attributes. It writes
//! what `serde_derive`'s impl writes (a struct of every field, in order, under its JSON
//! name), so the generated half is one call of [`write_struct`] with the fields' references
//! as a tuple.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::de::Chunks;

/// Writes a struct named `name` whose fields are called `names` and have the values of the
/// tuple of references `values`, in the same order. Structs of more than 16 fields use
/// [`Chunks`] of tuples.
pub fn write_struct<S: Serializer, V: Values>(
    serializer: S,
    name: &'static str,
    names: &'static [&'static str],
    values: V,
) -> Result<S::Ok, S::Error> {
    let mut state = serializer.serialize_struct(name, V::LEN)?;
    values.write(&mut state, names)?;
    state.end()
}

/// References to the values of a struct's fields, in order: a tuple of up to 16, or
/// [`Chunks`].
pub trait Values {
    /// The number of fields.
    const LEN: usize;
    /// Writes each field; `names` starts at the first of these fields.
    fn write<S: SerializeStruct>(
        self,
        state: &mut S,
        names: &'static [&'static str],
    ) -> Result<(), S::Error>;
}

macro_rules! tuple_values {
    ($($t:ident $i:tt),*) => {
        impl<$($t: Serialize + ?Sized),*> Values for ($(&$t,)*) {
            const LEN: usize = {
                let names: &[&str] = &[$(stringify!($t)),*];
                names.len()
            };

            #[allow(unused_variables)]
            fn write<S: SerializeStruct>(
                self,
                state: &mut S,
                names: &'static [&'static str],
            ) -> Result<(), S::Error> {
                $(state.serialize_field(names[$i], self.$i)?;)*
                Ok(())
            }
        }

        impl<$($t: Values),*> Values for Chunks<($($t,)*)> {
            const LEN: usize = 0 $(+ $t::LEN)*;

            #[allow(unused_variables, unused_assignments, unused_mut)]
            fn write<S: SerializeStruct>(
                self,
                state: &mut S,
                names: &'static [&'static str],
            ) -> Result<(), S::Error> {
                let mut first = 0;
                $(
                    self.0.$i.write(state, &names[first..])?;
                    first += $t::LEN;
                )*
                Ok(())
            }
        }
    };
}

crate::de::for_each_tuple!(tuple_values);

/// An object written from references: the `nested(...)` object of an older response shape,
/// written from the latest value's fields without building the object. Writes what
/// `write_struct(serializer, name, names, values)` writes.
#[derive(Clone, Copy, Debug)]
pub struct Object<V>(pub &'static str, pub &'static [&'static str], pub V);

impl<V: Values + Copy> Serialize for Object<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_struct(serializer, self.0, self.1, self.2)
    }
}

/// A field's value written from a borrow, or, when there is nothing to borrow, from a value
/// made for the occasion: what an `optional(...)` response field (`Option<T>` now, `T`
/// before) is in an older version.
#[derive(Debug)]
pub enum OrOwned<'a, T> {
    /// The latest value's own.
    Borrowed(&'a T),
    /// The fallback, made because the latest value has none.
    Owned(T),
}

impl<T: Serialize> Serialize for OrOwned<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OrOwned::Borrowed(value) => value.serialize(serializer),
            OrOwned::Owned(value) => value.serialize(serializer),
        }
    }
}

/// The value of `value`, borrowed, or `fallback()` when it is `None`.
pub fn or_else<T>(value: &Option<T>, fallback: impl FnOnce() -> T) -> OrOwned<'_, T> {
    match value {
        Some(value) => OrOwned::Borrowed(value),
        None => OrOwned::Owned(fallback()),
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize)]
    struct Pair {
        name: String,
        note: Option<u32>,
    }

    #[test]
    fn writes_like_serde_derive() {
        let pair = Pair {
            name: "a".into(),
            note: None,
        };
        let mut ours = Vec::new();
        super::write_struct(
            &mut serde_json::Serializer::new(&mut ours),
            "Pair",
            &["name", "note"],
            (&pair.name, &pair.note),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string(&pair).unwrap()
        );
    }

    fn json<V: super::Values>(values: V, names: &'static [&'static str]) -> String {
        let mut out = Vec::new();
        super::write_struct(
            &mut serde_json::Serializer::new(&mut out),
            "S",
            names,
            values,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_objects_and_fallbacks_like_their_owned_values() {
        let object = super::Object("Name", &["first", "last"], (&"Ada", &"Lovelace"));
        assert_eq!(
            serde_json::to_string(&object).unwrap(),
            r#"{"first":"Ada","last":"Lovelace"}"#
        );
        let some = Some(String::from("x"));
        assert_eq!(
            serde_json::to_string(&super::or_else(&some, || unreachable!())).unwrap(),
            r#""x""#
        );
        let none: Option<u8> = None;
        assert_eq!(
            serde_json::to_string(&super::or_else(&none, || 7)).unwrap(),
            "7"
        );
    }

    #[test]
    fn writes_chunks_and_empty_structs() {
        assert_eq!(json((), &[]), "{}");
        let chunks = super::Chunks(((&1, &2), (&"three",)));
        assert_eq!(
            json(chunks, &["a", "b", "c"]),
            r#"{"a":1,"b":2,"c":"three"}"#
        );
    }
}
