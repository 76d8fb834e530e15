//! `cargo run --example document_api [-- --routes]` (`API_NOW=2025-02-01` moves its clock)
use std::process::ExitCode;

use versionary_examples::document_api;

fn main() -> ExitCode {
    versionary_examples::run("document_api", document_api::app, document_api::routes)
}
