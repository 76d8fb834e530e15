//! `cargo run --example document_api [-- --routes]`
//!
//! Environment (all optional): `API_NOW=2025-02-01` moves its clock; `PINS_DB=path` is the
//! SQLite file of consumers' pins (`document_api_pins.db` in the working directory by
//! default); `OPERATOR_TOKEN=secret` turns on the operator endpoints under `/operator`
//! (`Authorization: Bearer secret`). See `versionary_examples::document_api`.
use std::process::ExitCode;

use versionary_examples::document_api;

fn main() -> ExitCode {
    versionary_examples::run("document_api", document_api::app, document_api::routes)
}
