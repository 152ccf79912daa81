//! The borrow checker and the Drop check refuse what would be unsound.

// trybuild runs rustc, which Miri cannot do.
#[cfg(not(miri))]
#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
