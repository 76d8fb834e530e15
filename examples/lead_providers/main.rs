//! `cargo run --example lead_providers [-- --routes]`
use std::process::ExitCode;

use versionary_examples::lead_providers;

fn main() -> ExitCode {
    versionary_examples::run(
        "lead_providers",
        lead_providers::app,
        lead_providers::routes,
    )
}
