//! Fuzzes the whole pipeline on arbitrary bytes: compile (every phase the
//! command runs, through `cli::compile`), render the diagnostics, and run
//! whatever compiles under a step budget (`RunOptions::max_steps`), output
//! discarded. No panic, no hang, every span renderable. The evaluator trusts
//! the type checker (a value of the wrong kind is unreachable), so this also
//! hunts for programs the checker wrongly accepts.
#![no_main]

mod common;

use common::check_spans;
use libfuzzer_sys::fuzz_target;
use minilang::runtime::{self, Outcome, RunOptions};
use minilang::diagnostics;
use region::Region;

/// Calls a program may make per input: enough for real loops, small enough
/// that every input runs in milliseconds.
const STEPS: u64 = 20_000;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    runtime::with_big_stack(|| {
        let region = Region::new();
        let compiled = minilang::compile(src, &region);
        check_spans(&compiled.diagnostics, src);
        let _ = diagnostics::render(&compiled.diagnostics, "fuzz.ml", src, false);
        let Some(program) = compiled.program else {
            assert!(!compiled.diagnostics.is_empty(), "no program and no diagnostic");
            return;
        };
        let options = RunOptions {
            max_steps: Some(STEPS),
            max_string_bytes: Some(1 << 20),
            ..RunOptions::default()
        };
        let outcome = runtime::run_with(&program, std::io::sink(), "fuzz.ml", src, &options);
        let span = match &outcome {
            Outcome::Exception { span, .. }
            | Outcome::StackOverflow { span }
            | Outcome::OutOfSteps { span }
            | Outcome::TimedOut { span } => Some(*span),
            Outcome::Finished | Outcome::Exit(_) | Outcome::OutputClosed => None,
        };
        if let Some(span) = span {
            assert!(span.start <= span.end && span.end as usize <= src.len(), "{span:?}");
            let _ = diagnostics::render_exception(&outcome.to_string(), span, "fuzz.ml", src, false);
        }
    });
});
