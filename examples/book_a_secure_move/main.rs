//! `cargo run --example book_a_secure_move [-- --routes]`
//!
//! With `WEBHOOK_URL`, `WEBHOOK_SECRET` (`whsec_...`) and `WEBHOOK_VERSION` (`1` or `2`) set,
//! every move created is sent to `WEBHOOK_URL` as `move.created` in that version's shape.
use std::process::ExitCode;
use std::sync::OnceLock;

use versionary_examples::book_a_secure_move::{self, Config};

/// The settings, read once at start-up before the router is built.
static CONFIG: OnceLock<Config> = OnceLock::new();

fn main() -> ExitCode {
    match Config::from_env() {
        Ok(config) => CONFIG.get_or_init(|| config),
        Err(error) => {
            eprintln!("book_a_secure_move: {error}");
            return ExitCode::from(2);
        }
    };
    versionary_examples::run(
        "book_a_secure_move",
        || book_a_secure_move::app_with(CONFIG.get().cloned().unwrap_or_default()),
        book_a_secure_move::routes,
    )
}
