//! Resolve + type-check make no call to the global allocator in the steady
//! state of a compile loop (one region, reset after each compile): all they
//! need comes from the region. Parsing is done outside the measurement.

use minilang::{sema, syntax};
use region::Region;
use testkit::generate_program;

/// Resolves and type-checks `src`'s AST in `work`, asserting success.
fn resolve_and_check(ast: &minilang::syntax::ast::Program<'_>, src: &str, work: &Region) {
    let resolution = sema::resolve(ast, work);
    assert!(resolution.is_ok(), "the program resolves");
    let typing = sema::check(ast, &resolution, src, work);
    assert!(
        typing.diagnostics().is_empty(),
        "{:?}",
        typing.diagnostics()
    );
}

#[test]
fn resolve_and_type_check_make_no_allocator_call_in_steady_state() {
    for (size, seed) in [(300, 1), (1500, 7), (4000, 42), (20_000, 3)] {
        let src = generate_program(size, seed);
        let ast_region = Region::new();
        let (ast, diags) = syntax::parse(&src, &ast_region);
        assert!(diags.is_empty(), "the generated program parses");
        let mut work = Region::new();
        // Warm-up: the region grows to what one pass needs, then is one chunk.
        for _ in 0..3 {
            resolve_and_check(&ast, &src, &work);
            work.reset();
        }
        let info = allocation_counter::measure(|| resolve_and_check(&ast, &src, &work));
        assert_eq!(
            info.count_total, 0,
            "resolve + type-check of a {size}-byte program (seed {seed}) called the global allocator"
        );
    }
}
