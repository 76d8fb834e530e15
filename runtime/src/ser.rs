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
    fn writes_chunks_and_empty_structs() {
        assert_eq!(json((), &[]), "{}");
        let chunks = super::Chunks(((&1, &2), (&"three",)));
        assert_eq!(
            json(chunks, &["a", "b", "c"]),
            r#"{"a":1,"b":2,"c":"three"}"#
        );
    }
}
