//! Fuzzes with well-formed programs from the shared random-program generator
//! (`testkit::random`), driven by the fuzzer's bytes (`ByteRng`). The first
//! byte picks the generator: well-typed programs (`typed`, the difftest's) or
//! programs built with no regard for types (`untyped`, the checker's). Each is
//! printed three ways: with every compound subexpression in parentheses, with
//! only the parentheses precedence needs, and with only those plus lexical
//! trivia (comments holding strings and quoted strings, CR LF / LF line
//! breaks). All three must parse without a diagnostic into the same tree (this
//! checks the precedence climbing against the spec's table, and that trivia is
//! blank); names must resolve; a well-typed program must type-check and run
//! under a step budget without a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use minilang::diagnostics::Severity;
use minilang::runtime::{self, RunOptions};
use minilang::syntax;
use region::Region;
use testkit::random::{ByteRng, Lexical, Parens, Style, typed, untyped};

/// Calls a program may make per input.
const STEPS: u64 = 20_000;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let mut rng = ByteRng::new(rest);
    let (program, well_typed) = if choice % 2 == 0 {
        (typed::program_from(&mut rng), true)
    } else {
        let generated = untyped::program_from(&mut rng, untyped::Options::default());
        (generated.program, false)
    };
    let trivia_seed = rest.iter().fold(u64::from(choice), |h, &b| {
        h.rotate_left(5) ^ u64::from(b)
    });
    let full = program.render(Parens::Full);
    let minimal = program.render(Parens::Minimal);
    let spaced = program.render_with(Style {
        parens: Parens::Minimal,
        lexical: Some(Lexical::new(trivia_seed)),
    });
    runtime::with_big_stack(|| {
        let region = Region::new();
        let mut trees = Vec::new();
        for src in [&full, &minimal, &spaced] {
            let (ast, diags) = syntax::parse(src, &region);
            common::check_spans(&diags, src);
            assert!(diags.is_empty(), "{src}\n{diags:#?}");
            trees.push(syntax::to_sexpr(&ast));
        }
        assert_eq!(trees[0], trees[1], "the parentheses changed the tree:\n{full}\n{minimal}");
        assert_eq!(trees[1], trees[2], "the trivia changed the tree:\n{minimal}\n{spaced}");

        let compiled = minilang::compile(&spaced, &region);
        common::check_spans(&compiled.diagnostics, &spaced);
        for d in &compiled.diagnostics {
            // Names are always bound; an untyped program may have type errors,
            // a typed one has none.
            assert!(
                !(d.code.starts_with("E00") || d.code.starts_with("E01") || d.code.starts_with("E03")),
                "{spaced}\n{d:#?}"
            );
            assert!(!well_typed || d.severity != Severity::Error, "{spaced}\n{d:#?}");
        }
        if let Some(program) = compiled.program {
            let options = RunOptions {
                max_steps: Some(STEPS),
                max_string_bytes: Some(1 << 20),
                ..RunOptions::default()
            };
            let _ = runtime::run_with(&program, std::io::sink(), "fuzz.ml", &spaced, &options);
        }
    });
});

