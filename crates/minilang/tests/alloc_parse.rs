//! Lexing and parsing into a region that is reset after each compile makes
//! no global-allocator calls in the steady state (one test per binary: the
//! counting allocator is installed for the whole process).

use std::path::Path;

use minilang::syntax;
use region::Region;

/// Generated programs, the run corpus, and a few with every kind of string
/// literal, comment and qualified name; all without errors (diagnostics may
/// allocate).
fn programs() -> Vec<String> {
    let mut progs: Vec<String> = (0..64)
        .map(|i| testkit::generate_program(256 + i * 97, 7 + i as u64))
        .collect();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/run");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("the run corpus")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ml"))
        .collect();
    files.sort();
    progs.extend(
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("a .ml file")),
    );
    progs.extend(
        [
            "let s = \"plain\" ^ \"tab\\there\\n\\\"q\\\" \\065\\x41\\o101\\u{1F600}\\\n   cont\"",
            "(* outer (* nested \"*)\" {id|x|id} 'c' *) don't *) let x = 1 (* after *)",
            "let n = String.length \"abc\" + String.length (String.sub \"hello\" 1 2)",
            "let _ = 0x1F + 0o17 + 0b101 + 1_000",
        ]
        .map(String::from),
    );
    progs
}

#[test]
fn lex_and_parse_allocate_nothing_in_the_steady_state() {
    let progs = programs();
    let mut region = Region::new();
    let pass = |region: &mut Region| {
        let mut n = 0;
        for src in &progs {
            let (ast, diags) = syntax::parse(src, region);
            n += ast.items.len() + diags.len();
            region.reset();
        }
        n
    };
    // Warm up: the region's chunks grow to their steady size.
    let items = (0..3).map(|_| pass(&mut region)).last();
    let mut again = 0;
    let info = allocation_counter::measure(|| again = pass(&mut region));
    assert_eq!(Some(again), items, "the same trees each pass");
    assert!(again > progs.len(), "the programs were parsed");
    assert_eq!(
        info.count_total,
        0,
        "global-allocator calls for {} parses into a reset region",
        progs.len()
    );
}
