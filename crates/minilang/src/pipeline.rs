//! The compile pipeline: lex and parse, resolve, type-check, all into one
//! region, with the diagnostics of every phase merged in source order. Pure:
//! no I/O (the command's I/O lives in [`crate::cli`]).

use std::time::{Duration, Instant};

use region::Region;

use crate::diagnostics::{Diagnostic, E_MEMORY_LIMIT, Severity};
use crate::sema::{ir, resolve, typeck};
use crate::syntax::{ast, parser};

/// Everything compiling a source produced.
#[derive(Debug)]
pub struct Compiled<'r> {
    /// The syntax tree (with error nodes where the source is broken).
    pub ast: ast::Program<'r>,
    /// The program to run: `Some` exactly when no diagnostic is an error
    /// (so it is well-typed).
    pub program: Option<ir::Program<'r>>,
    /// The types, when the program's syntax is sound (see
    /// [`typeck::Typing::signature`]).
    pub typing: Option<typeck::Typing<'r>>,
    /// The diagnostics of every phase in source order, at most
    /// [`parser::MAX_ERRORS`] and a final count of the rest.
    pub diagnostics: Vec<Diagnostic>,
    /// How long each phase took, in order (`lex + parse`, `resolve`, ...).
    pub phase_times: Vec<(&'static str, Duration)>,
}

/// Compiles `src` (lex, parse, resolve, type-check) into `region`: the
/// pipeline of the command up to running, for every caller that wants what
/// the command would report. Never panics; the region's limit, if it has one, ends the
/// compile with an [`E_MEMORY_LIMIT`] diagnostic instead.
///
/// Run it on a big stack ([`with_big_stack`](crate::runtime::with_big_stack)): deeply nested input
/// recurses.
pub fn compile<'r>(src: &str, region: &'r Region) -> Compiled<'r> {
    let mut phase_times = Vec::new();
    // The parser pulls tokens from the lexer as it goes (no token array), so
    // lexing and parsing are one phase.
    let t = Instant::now();
    let (ast, mut diags) = parser::parse(src, region);
    phase_times.push(("lex + parse", t.elapsed()));

    // Past the memory limit the tree is partial; past the error cap the
    // resolver's findings could only be counted.
    let stop = diags
        .iter()
        .any(|d| d.code == E_MEMORY_LIMIT || d.code == parser::E_TOO_MANY_ERRORS);
    let mut program = None;
    let mut typing = None;
    if !stop {
        let syntax_ok = !diags.iter().any(|d| d.severity == Severity::Error);
        let t = Instant::now();
        let resolution = resolve::resolve(&ast, region);
        phase_times.push(("resolve", t.elapsed()));
        // Types after names (unbound ones get fresh types), unless the
        // syntax is broken; warnings only for a program without errors.
        if syntax_ok {
            let t = Instant::now();
            let typed = typeck::check(&ast, &resolution, src, region);
            phase_times.push(("typeck", t.elapsed()));
            if typed.has_errors() || (diags.is_empty() && resolution.is_ok()) {
                diags.extend(typed.diagnostics().iter().cloned());
            }
            typing = Some(typed);
        }
        match resolution.into_result() {
            Ok(p) => program = Some(p),
            Err(more) => diags.extend(more),
        }
        // Report in source order, whichever phase found the problem.
        diags.sort_by_key(|d| d.primary.span.start);
        if diags.iter().any(|d| d.severity == Severity::Error) {
            diags = parser::cap_diagnostics(diags, 0);
        }
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        program = None;
    }
    Compiled {
        ast,
        program,
        typing,
        diagnostics: diags,
        phase_times,
    }
}
