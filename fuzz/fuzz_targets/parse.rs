//! Fuzzes the lexer and parser on arbitrary bytes, read as the driver reads a
//! file (bytes that are not UTF-8 are refused before lexing): no panic, every
//! diagnostic span inside the source and on character boundaries, rendering
//! and tree walks work, and a region too small for the tree ends the parse
//! with one clean `E0900` diagnostic.
#![no_main]

mod common;

use common::check_spans;
use libfuzzer_sys::fuzz_target;
use minilang::diagnostics::E_MEMORY_LIMIT;
use minilang::{syntax, diagnostics};
use region::Region;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let _ = syntax::dump_tokens(src);

    let region = Region::new();
    let (program, diags) = syntax::parse(src, &region);
    check_spans(&diags, src);
    assert!(diags.len() <= syntax::MAX_ERRORS + 1, "{} diagnostics", diags.len());
    assert!(diags.iter().all(|d| d.code != E_MEMORY_LIMIT));
    let _ = syntax::count_nodes(&program);
    let _ = syntax::dump_ast(&program);
    let _ = syntax::to_sexpr(&program);
    let _ = diagnostics::render(&diags, "fuzz.ml", src, false);

    // The same parse in a region with half the room: it must fail cleanly.
    // The room is measured under a (generous) limit too, since the parser
    // keeps its scratch stacks out of a limited region.
    let measured = Region::builder().limit(1 << 30).build();
    let _ = syntax::parse(src, &measured);
    let used = measured.stats().used;
    if used > 4096 {
        let limit = used / 2;
        let small = Region::builder().limit(limit).build();
        let (program, diags) = syntax::parse(src, &small);
        check_spans(&diags, src);
        assert!(diags.iter().any(|d| d.code == E_MEMORY_LIMIT), "no E0900 past the limit");
        assert!(small.stats().capacity <= limit);
        let _ = syntax::count_nodes(&program);
        let _ = diagnostics::render(&diags, "fuzz.ml", src, true);
    }
});
