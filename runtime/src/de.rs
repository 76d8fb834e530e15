//! Reading the shapes of plain versioned structs: the generic half of the lean
//! `Deserialize` that `#[versioned]` generates for a struct without `#[serde(...)]`
//! attributes. It behaves as `serde_derive`'s impl does (same errors, `Option` fields may
//! be absent, unknown fields refused or skipped), so the generated half only declares one
//! slot per field.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// The next key of `map` as an index into `fields`: `Some(fields.len())` for an unknown
/// field that is skipped, an `unknown field` error when `deny_unknown`.
pub fn key<'de, A: MapAccess<'de>>(
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
pub fn value<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
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
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a field, or, when it was absent, what its type makes of a missing value:
/// `None` for an `Option`, a `missing field` error otherwise (serde's rule).
pub fn take<'de, T: de::Deserialize<'de>, E: de::Error>(
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
                &"a field index",
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

    /// A hand-written user of the functions, the way `#[versioned]` generates one.
    #[derive(Debug, PartialEq)]
    struct Pair {
        name: String,
        note: Option<u32>,
    }

    fn read(json: &str, deny: bool) -> Result<Pair, String> {
        struct V(bool);
        const FIELDS: &[&str] = &["name", "note"];
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Pair;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("struct Pair")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Pair, A::Error> {
                let (mut f0, mut f1) = (None, None);
                while let Some(key) = super::key(&mut map, FIELDS, self.0)? {
                    match key {
                        0 => super::value(&mut map, &mut f0, FIELDS[0])?,
                        1 => super::value(&mut map, &mut f1, FIELDS[1])?,
                        _ => super::skip(&mut map)?,
                    }
                }
                Ok(Pair {
                    name: super::take(f0, FIELDS[0])?,
                    note: super::take(f1, FIELDS[1])?,
                })
            }
        }
        let mut de = serde_json::Deserializer::from_str(json);
        serde::Deserializer::deserialize_struct(&mut de, "Pair", FIELDS, V(deny))
            .map_err(|e| e.to_string())
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
        ] {
            let ours = read(json, true).map(|p| (p.name, p.note));
            assert_eq!(ours, derived(json), "input {json}");
        }
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
