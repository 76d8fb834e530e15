//! `cargo run --example lead_providers [-- --routes]`
use std::process::ExitCode;

use verso_examples::lead_providers;

fn main() -> ExitCode {
    verso_examples::run(
        "lead_providers",
        lead_providers::app,
        lead_providers::routes,
    )
}
