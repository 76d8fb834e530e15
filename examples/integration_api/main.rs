//! `cargo run --example integration_api [-- --routes]`
use std::process::ExitCode;

use versionary_examples::integration_api;

fn main() -> ExitCode {
    versionary_examples::run(
        "integration_api",
        integration_api::app,
        integration_api::routes,
    )
}
