//! trybuild UI tests: `tests/ui/<macro>/{pass,fail}/*.rs`. Pass cases compile under
//! `#![deny(warnings)]` and run (they assert behaviour); fail cases compare the compiler's
//! output with the reviewed `.stderr` beside them. The toolchain is pinned in
//! `rust-toolchain.toml` because that output depends on it. Re-bless with
//! `TRYBUILD=overwrite cargo test -p versionary-tests --test ui` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/*/pass/*.rs");
    cases.compile_fail("ui/*/fail/*.rs");
}
