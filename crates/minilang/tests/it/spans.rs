//! Diagnostics are always renderable: on any input, every span of every
//! diagnostic of every phase lies inside the source and on UTF-8 character
//! boundaries (ariadne panics otherwise), and rendering works. Checked
//! through `cli::compile`, the command's own pipeline, so each phase it
//! runs (lexer, parser, resolver, and the type checker once it is wired in)
//! is covered; programs that compile are run under a step budget and their
//! run-time reports are checked the same way.

use minilang::diagnostics::{Diagnostic, E_MEMORY_LIMIT};
use minilang::runtime::{self, Outcome, RunOptions};
use minilang::{diagnostics, syntax};
use proptest::prelude::*;
use region::Region;

fn check_span(start: u32, end: u32, src: &str, what: &str) {
    let (start, end) = (start as usize, end as usize);
    assert!(
        start <= end && end <= src.len(),
        "{what}: {start}..{end} outside {src:?}"
    );
    assert!(
        src.is_char_boundary(start) && src.is_char_boundary(end),
        "{what}: {start}..{end} splits a character of {src:?}"
    );
}

fn check_diagnostics(diags: &[Diagnostic], src: &str) {
    for d in diags {
        for label in std::iter::once(&d.primary).chain(&d.secondary) {
            check_span(label.span.start, label.span.end, src, d.code);
        }
    }
    let _ = diagnostics::render(diags, "prop.ml", src, false);
    let _ = diagnostics::render(diags, "prop.ml", src, true);
}

/// Compiles `src` in a region limited to `limit` bytes (if any), checks the
/// diagnostics, and runs the program if there is one.
fn check(src: &str, limit: Option<usize>) {
    runtime::with_big_stack(|| {
        let mut builder = Region::builder();
        if let Some(limit) = limit {
            builder = builder.limit(limit);
        }
        let region = builder.build();
        let compiled = minilang::compile(src, &region);
        check_diagnostics(&compiled.diagnostics, src);
        // The cap, and one memory diagnostic at most on top of it.
        assert!(compiled.diagnostics.len() <= syntax::MAX_ERRORS + 2);
        if let Some(limit) = limit {
            assert!(region.stats().capacity <= limit);
        } else {
            assert!(
                compiled
                    .diagnostics
                    .iter()
                    .all(|d| d.code != E_MEMORY_LIMIT)
            );
        }
        let Some(program) = compiled.program else {
            assert!(!compiled.diagnostics.is_empty(), "no program, no reason");
            return;
        };
        let options = RunOptions {
            max_steps: Some(10_000),
            ..RunOptions::default()
        };
        let outcome = runtime::run_with(&program, std::io::sink(), "prop.ml", src, &options);
        if let Outcome::Exception { span, .. }
        | Outcome::StackOverflow { span }
        | Outcome::OutOfSteps { span }
        | Outcome::TimedOut { span } = outcome
        {
            check_span(span.start, span.end, src, "run-time error");
            let _ =
                diagnostics::render_exception(&outcome.to_string(), span, "prop.ml", src, false);
        }
    });
}

/// Pieces of programs that reach every phase: definitions, scopes, names
/// bound and unbound, qualified names, `let rec` shapes the resolver
/// rejects, and things the lexer and parser reject.
const VOCABULARY: &[&str] = &[
    "let ",
    "rec ",
    "in ",
    "and ",
    "fun ",
    "-> ",
    "if ",
    "then ",
    "else ",
    "begin ",
    "end ",
    "assert ",
    "(",
    ")",
    "()",
    ";",
    ";;\n",
    "= ",
    "+ ",
    "- ",
    "* ",
    "/ ",
    " mod ",
    "^ ",
    "@@ ",
    "|> ",
    "&& ",
    "|| ",
    "< ",
    "<> ",
    "== ",
    "x ",
    "y ",
    "f ",
    "g ",
    "_ ",
    "1 ",
    "0x1F ",
    "\"s\" ",
    "\"é\" ",
    "String.length ",
    "String.sub ",
    "String.nope ",
    "List.map ",
    "Foo ",
    "print_int ",
    "print_string ",
    "prnt_int ",
    "failwith ",
    "max_int ",
    "not ",
    "true ",
    "1 / 0 ",
    "compare ",
    "é",
    "€",
    "\n",
    "\r\n",
    "(*",
    "*)",
    "\"",
    "'",
    "99999999999999999999 ",
    "match ",
    "--",
    "1.5 ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text(src in "\\PC{0,300}") {
        check(&src, None);
    }

    #[test]
    fn any_bytes_made_utf8(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        check(&String::from_utf8_lossy(&bytes), None);
    }

    #[test]
    fn token_soup(pieces in proptest::collection::vec(proptest::sample::select(VOCABULARY), 0..80)) {
        check(&pieces.concat(), None);
    }

    #[test]
    fn token_soup_in_a_small_region(
        pieces in proptest::collection::vec(proptest::sample::select(VOCABULARY), 0..200),
        limit in 0_usize..20_000,
    ) {
        check(&pieces.concat(), Some(limit));
    }
}

/// The property tests above reach the resolver: its diagnostics come
/// through the same pipeline (a guard against the check silently covering
/// the parser only).
#[test]
fn the_pipeline_reports_every_phase() {
    let region = Region::new();
    let src = "let x = y\nlet rec z = 1\nlet w = (1 +\n";
    let codes: Vec<&str> = minilang::compile(src, &region)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect();
    assert!(codes.contains(&"E0301"), "{codes:?}"); // unbound value (resolver)
    assert!(codes.contains(&"E0303"), "{codes:?}"); // let rec of a value (resolver)
    assert!(codes.iter().any(|c| c.starts_with("E01")), "{codes:?}"); // syntax
    check(src, None);
}
