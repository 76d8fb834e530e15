//! `cargo run --example library [-- --routes]`
use std::process::ExitCode;

use versionary_examples::library;

fn main() -> ExitCode {
    versionary_examples::run("library", library::app, library::routes)
}
