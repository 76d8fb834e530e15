//! Describing the shapes of plain versioned structs: the generic half of the lean
//! `JsonSchema` that `#[versioned]` generates for a struct without `#[serde(...)]`
//! attributes or type parameters. The schema is the one `schemars`' derive writes for the
//! same shape (same keys, same order, same `required` rule, doc comments split into title
//! and description the same way), so the generated half is one table row per field.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

/// One field of a shape: its name in JSON, its doc comment, and its type's schema.
#[derive(Clone, Copy, Debug)]
pub struct Property {
    name: &'static str,
    doc: &'static str,
    schema: fn(&mut SchemaGenerator) -> Schema,
    is_option: fn() -> bool,
}

/// The row of a field of type `T` named `name` in JSON, documented by `doc` (empty when
/// it has no doc comment).
pub const fn property<T: JsonSchema>(name: &'static str, doc: &'static str) -> Property {
    Property {
        name,
        doc,
        schema: subschema::<T>,
        #[allow(clippy::used_underscore_items)]
        is_option: T::_schemars_private_is_option,
    }
}

fn subschema<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// The schema of an object with `properties`, documented by `doc`; `deny_unknown` adds
/// `"additionalProperties": false`. A field is required unless the schema describes what
/// is read and the field is an `Option`.
pub fn object(
    generator: &mut SchemaGenerator,
    doc: &str,
    deny_unknown: bool,
    properties: &[Property],
) -> Schema {
    let mut object = Map::new();
    object.insert("type".into(), Value::from("object"));
    if deny_unknown {
        object.insert("additionalProperties".into(), Value::Bool(false));
    }
    let mut schema = Schema::from(object);
    let reading = generator.contract().is_deserialize();
    for property in properties {
        let mut sub = (property.schema)(generator);
        describe(&mut sub, property.doc);
        let optional = reading && (property.is_option)();
        let object = schema.ensure_object();
        if let Some(map) = object
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
        {
            map.insert(property.name.to_owned(), sub.into());
        }
        if !optional
            && let Some(required) = object
                .entry("required")
                .or_insert_with(|| Value::Array(Vec::new()))
                .as_array_mut()
        {
            required.push(Value::from(property.name));
        }
    }
    describe(&mut schema, doc);
    schema
}

/// Adds the `title` and `description` a doc comment gives, each only when not empty.
fn describe(schema: &mut Schema, doc: &str) {
    let (title, description) = title_and_description(doc);
    if !title.is_empty() {
        schema.insert("title".to_owned(), Value::from(title));
    }
    if !description.is_empty() {
        schema.insert("description".to_owned(), Value::from(description));
    }
}

/// A doc comment that starts with a `#` heading gives that heading as the title and the
/// rest as the description; any other gives no title.
fn title_and_description(doc: &str) -> (&str, &str) {
    let doc = doc.trim_ascii();
    if !doc.starts_with('#') {
        return ("", doc);
    }
    let end = doc.find('\n').unwrap_or(doc.len());
    let (heading, rest) = doc.split_at(end);
    (
        heading.trim_start_matches('#').trim_ascii(),
        rest.trim_ascii(),
    )
}

#[cfg(test)]
mod tests {
    use schemars::generate::SchemaSettings;
    use schemars::{JsonSchema, Schema, SchemaGenerator};

    /// # A pair
    ///
    /// Of a name and a note.
    #[derive(JsonSchema)]
    #[schemars(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Derived {
        /// The name.
        name: String,
        /// ## Note
        ///  in **two** lines
        note: Option<u32>,
        tags: Vec<String>,
    }

    fn lean(generator: &mut SchemaGenerator) -> Schema {
        super::object(
            generator,
            "# A pair\n\nOf a name and a note.",
            true,
            &[
                super::property::<String>("name", "The name."),
                super::property::<Option<u32>>("note", "## Note\n in **two** lines"),
                super::property::<Vec<String>>("tags", ""),
            ],
        )
    }

    #[test]
    fn matches_the_derive_for_both_contracts() {
        for settings in [
            SchemaSettings::draft2020_12().for_deserialize(),
            SchemaSettings::draft2020_12().for_serialize(),
            SchemaSettings::openapi3(),
        ] {
            let derived = Derived::json_schema(&mut SchemaGenerator::new(settings.clone()));
            let ours = lean(&mut SchemaGenerator::new(settings));
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&derived).unwrap()
            );
        }
    }

    #[test]
    fn splits_doc_comments_like_schemars() {
        for doc in [
            "",
            "  plain  ",
            "# Title",
            "#Title\nbody",
            "## Title  \n\n  body\n more  ",
            "\n# Late\nbody",
            "#",
        ] {
            let derived = schemars::_private::get_title_and_description(doc);
            assert_eq!(super::title_and_description(doc), derived, "{doc:?}");
        }
    }
}
