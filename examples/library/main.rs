//! `cargo run --example library [-- --routes]`
use std::process::ExitCode;

use verso_examples::library;

fn main() -> ExitCode {
    verso_examples::run("library", library::app, library::routes)
}
