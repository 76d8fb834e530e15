//! `cargo run --example integration_api [-- --routes]`
use std::process::ExitCode;

use verso_examples::integration_api;

fn main() -> ExitCode {
    verso_examples::run(
        "integration_api",
        integration_api::app,
        integration_api::routes,
    )
}
