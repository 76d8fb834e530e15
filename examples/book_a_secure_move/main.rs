//! `cargo run --example book_a_secure_move [-- --routes]`
use std::process::ExitCode;

use versionary_examples::book_a_secure_move;

fn main() -> ExitCode {
    versionary_examples::run(
        "book_a_secure_move",
        book_a_secure_move::app,
        book_a_secure_move::routes,
    )
}
