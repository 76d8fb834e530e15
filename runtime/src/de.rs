//! Reading the shapes of plain versioned structs: the generic half of the lean
//! `Deserialize` that `#[versioned]` generates for a struct without `#[serde(...)]`
//! attributes. It behaves as `serde_derive`'s impl does (same errors, `Option` fields may
//! be absent, unknown fields refused or skipped), so the generated half is one call of
//! [`read_struct`] naming the fields' types as a tuple, and the struct built from it.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Reads a struct named `name` (for error messages) whose fields are called `names` in JSON
/// and have the types of the tuple `F`, in the same order; `deny_unknown` refuses fields
/// not in `names`, which are skipped otherwise. Structs of more than 16 fields use
/// [`Chunks`] of tuples.
pub fn read_struct<'de, D: Deserializer<'de>, F: Fields<'de>>(
    deserializer: D,
    name: &'static str,
    names: &'static [&'static str],
    deny_unknown: bool,
) -> Result<F, D::Error> {
    deserializer.deserialize_struct(
        name,
        names,
        StructVisitor {
            name,
            names,
            deny_unknown,
            marker: PhantomData,
        },
    )
}

struct StructVisitor<F> {
    name: &'static str,
    names: &'static [&'static str],
    deny_unknown: bool,
    marker: PhantomData<F>,
}

impl<'de, F: Fields<'de>> Visitor<'de> for StructVisitor<F> {
    type Value = F;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F, A::Error> {
        let mut slots = F::empty();
        while let Some(index) = key(&mut map, self.names, self.deny_unknown)? {
            F::read(&mut slots, index, &mut map, self.names)?;
        }
        F::take(slots, self.names)
    }

    /// The fields in order, as an array: every one must be there, `Option`s too.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<F, A::Error> {
        let expected = Elements {
            name: self.name,
            len: F::LEN,
        };
        F::read_seq(&mut seq, 0, &expected)
    }
}

/// What an array too short for a struct should have been.
struct Elements {
    name: &'static str,
    len: usize,
}

impl de::Expected for Elements {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.len == 1 { "" } else { "s" };
        write!(f, "struct {} with {} element{plural}", self.name, self.len)
    }
}

/// The values of a struct's fields, in order: a tuple of up to 16 types, or [`Chunks`].
pub trait Fields<'de>: Sized {
    /// The number of fields.
    const LEN: usize;
    /// One `Option` per field, filled as the object is read.
    type Slots;
    /// The slots before anything is read.
    fn empty() -> Self::Slots;
    /// Reads the value of field `index` into its slot; `names` starts at the first of
    /// these fields. An index past the last field skips the value.
    fn read<A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        map: &mut A,
        names: &'static [&'static str],
    ) -> Result<(), A::Error>;
    /// The values, with serde's rule for absent fields (see [`take`]).
    fn take<E: de::Error>(slots: Self::Slots, names: &'static [&'static str]) -> Result<Self, E>;
    /// The values read in order from an array; `first` is the position of the first of
    /// these fields in the struct, for the error when the array is too short.
    fn read_seq<A: SeqAccess<'de>>(
        seq: &mut A,
        first: usize,
        expected: &dyn de::Expected,
    ) -> Result<Self, A::Error>;
}

/// The fields of a struct of more than 16 fields: a tuple of up to 16 tuples of fields.
#[derive(Debug)]
pub struct Chunks<C>(pub C);

macro_rules! tuple_fields {
    ($($t:ident $i:tt),*) => {
        impl<'de, $($t: de::Deserialize<'de>),*> Fields<'de> for ($($t,)*) {
            const LEN: usize = { let names: &[&str] = &[$(stringify!($t)),*]; names.len() };
            type Slots = ($(Option<$t>,)*);

            #[allow(clippy::unused_unit)]
            fn empty() -> Self::Slots {
                ($(None::<$t>,)*)
            }

            #[allow(unused_variables)]
            fn read<A: MapAccess<'de>>(
                slots: &mut Self::Slots,
                index: usize,
                map: &mut A,
                names: &'static [&'static str],
            ) -> Result<(), A::Error> {
                match index {
                    $($i => value(map, &mut slots.$i, names[$i]),)*
                    _ => skip(map),
                }
            }

            #[allow(unused_variables, clippy::unused_unit)]
            fn take<E: de::Error>(
                slots: Self::Slots,
                names: &'static [&'static str],
            ) -> Result<Self, E> {
                Ok(($(take(slots.$i, names[$i])?,)*))
            }

            #[allow(unused_variables, clippy::unused_unit)]
            fn read_seq<A: SeqAccess<'de>>(
                seq: &mut A,
                first: usize,
                expected: &dyn de::Expected,
            ) -> Result<Self, A::Error> {
                Ok(($(match seq.next_element::<$t>()? {
                    Some(value) => value,
                    None => return Err(de::Error::invalid_length(first + $i, expected)),
                },)*))
            }
        }

        impl<'de, $($t: Fields<'de>),*> Fields<'de> for Chunks<($($t,)*)> {
            const LEN: usize = 0 $(+ $t::LEN)*;
            type Slots = ($($t::Slots,)*);

            #[allow(clippy::unused_unit)]
            fn empty() -> Self::Slots {
                ($($t::empty(),)*)
            }

            #[allow(unused_variables, unused_assignments, unused_mut)]
            fn read<A: MapAccess<'de>>(
                slots: &mut Self::Slots,
                index: usize,
                map: &mut A,
                names: &'static [&'static str],
            ) -> Result<(), A::Error> {
                let mut first = 0;
                $(
                    if index < first + $t::LEN {
                        return $t::read(&mut slots.$i, index - first, map, &names[first..]);
                    }
                    first += $t::LEN;
                )*
                skip(map)
            }

            #[allow(unused_variables, unused_assignments, unused_mut, clippy::unused_unit)]
            fn take<E: de::Error>(
                slots: Self::Slots,
                names: &'static [&'static str],
            ) -> Result<Self, E> {
                let mut first = 0;
                Ok(Chunks(($({
                    let chunk = $t::take(slots.$i, &names[first..])?;
                    first += $t::LEN;
                    chunk
                },)*)))
            }

            #[allow(unused_variables, unused_assignments, unused_mut, clippy::unused_unit)]
            fn read_seq<A: SeqAccess<'de>>(
                seq: &mut A,
                first: usize,
                expected: &dyn de::Expected,
            ) -> Result<Self, A::Error> {
                let mut first = first;
                Ok(Chunks(($({
                    let chunk = $t::read_seq(seq, first, expected)?;
                    first += $t::LEN;
                    chunk
                },)*)))
            }
        }
    };
}

/// Calls `$m!` with the type parameters and positions of every tuple of 0 to 16 fields.
macro_rules! for_each_tuple {
    ($m:ident) => {
        $m!();
        $m!(T0 0);
        $m!(T0 0, T1 1);
        $m!(T0 0, T1 1, T2 2);
        $m!(T0 0, T1 1, T2 2, T3 3);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12, T13 13);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12, T13 13, T14 14);
        $m!(T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12, T13 13, T14 14, T15 15);
    };
}
pub(crate) use for_each_tuple;

for_each_tuple!(tuple_fields);

/// The next key of `map` as an index into `fields`: `Some(fields.len())` for an unknown
/// field that is skipped, an `unknown field` error when `deny_unknown`.
fn key<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
    deny_unknown: bool,
) -> Result<Option<usize>, A::Error> {
    map.next_key_seed(Key {
        fields,
        deny_unknown,
    })
}

/// Reads the value of a field into its slot; `duplicate field` when it is already filled.
fn value<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(<A::Error as de::Error>::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of an unknown field.
fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a field, or, when it was absent, what its type makes of a missing value:
/// `None` for an `Option`, a `missing field` error otherwise (serde's rule).
fn take<'de, T: de::Deserialize<'de>, E: de::Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name, PhantomData)),
    }
}

struct Key {
    fields: &'static [&'static str],
    deny_unknown: bool,
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Key {
    fn unknown<E: de::Error>(&self, name: &str) -> Result<usize, E> {
        if self.deny_unknown {
            Err(E::unknown_field(name, self.fields))
        } else {
            Ok(self.fields.len())
        }
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        match usize::try_from(index) {
            Ok(index) if index < self.fields.len() => Ok(index),
            _ if self.deny_unknown => Err(E::invalid_value(
                de::Unexpected::Unsigned(index),
                &format!("field index 0 <= i < {}", self.fields.len()).as_str(),
            )),
            _ => Ok(self.fields.len()),
        }
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        match self.fields.iter().position(|f| *f == name) {
            Some(index) => Ok(index),
            None => self.unknown(name),
        }
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<usize, E> {
        match self.fields.iter().position(|f| f.as_bytes() == name) {
            Some(index) => Ok(index),
            None => self.unknown(&String::from_utf8_lossy(name)),
        }
    }
}

/// The deserializer of an absent field: `None` to an `Option`, `missing field` to anything
/// else.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    /// A hand-written user of `read_struct`, the way `#[versioned]` generates one.
    #[derive(Debug, PartialEq)]
    struct Pair {
        name: String,
        note: Option<u32>,
    }

    fn read(json: &str, deny: bool) -> Result<Pair, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        match super::read_struct::<_, (String, Option<u32>)>(
            &mut de,
            "Pair",
            &["name", "note"],
            deny,
        ) {
            Ok((name, note)) => Ok(Pair { name, note }),
            Err(e) => Err(e.to_string()),
        }
    }

    /// serde_derive's answers for the same struct, to compare against.
    mod derived {
        #[derive(Debug, PartialEq, super::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Pair {
            pub name: String,
            pub note: Option<u32>,
        }
    }

    fn derived(json: &str) -> Result<(String, Option<u32>), String> {
        serde_json::from_str::<derived::Pair>(json)
            .map(|s| (s.name, s.note))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_like_serde_derive() {
        for json in [
            r#"{"name":"a","note":1}"#,
            r#"{"name":"a"}"#,
            r#"{"note":1}"#,
            r#"{"name":"a","name":"b"}"#,
            r#"{"name":"a","extra":true}"#,
            r#"{"name":1}"#,
            r#"{"name":"a","note":null}"#,
            r#""text""#,
            r#"["a",1]"#,
            r#"["a"]"#,
            r#"["a",null]"#,
        ] {
            let ours = read(json, true).map(|p| (p.name, p.note));
            assert_eq!(ours, derived(json), "input {json}");
        }
    }

    #[test]
    fn numeric_keys_read_like_serde_derive() {
        use serde::de::value::{Error, MapDeserializer};
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct One {
            a: u32,
        }
        for key in [0u64, 5] {
            let map = || MapDeserializer::<_, Error>::new(vec![(key, 7u32)].into_iter());
            let ours = super::read_struct::<_, (u32,)>(map(), "One", &["a"], true)
                .map(|(a,)| a)
                .map_err(|e| e.to_string());
            let derived = One::deserialize(map())
                .map(|one| one.a)
                .map_err(|e| e.to_string());
            assert_eq!(ours, derived, "key {key}");
        }
    }

    #[test]
    fn reads_structs_without_fields() {
        let read = |json: &str, deny: bool| {
            let mut de = serde_json::Deserializer::from_str(json);
            super::read_struct::<_, ()>(&mut de, "Empty", &[], deny).map_err(|e| e.to_string())
        };
        assert_eq!(read("{}", true), Ok(()));
        assert_eq!(read(r#"{"a":1}"#, false), Ok(()));
        assert_eq!(
            read(r#"{"a":1}"#, true),
            Err("unknown field `a`, there are no fields at line 1 column 4".to_owned())
        );
        assert_eq!(
            read("1", true),
            Err("invalid type: integer `1`, expected struct Empty at line 1 column 1".to_owned())
        );
    }

    #[test]
    fn skips_unknown_fields_unless_denied() {
        assert_eq!(
            read(r#"{"extra":{"deep":[1,2]},"name":"a"}"#, false),
            Ok(Pair {
                name: "a".into(),
                note: None
            })
        );
        assert!(
            read(r#"{"extra":1,"name":"a"}"#, true)
                .unwrap_err()
                .starts_with("unknown field `extra`, expected `name` or `note`")
        );
    }
}
