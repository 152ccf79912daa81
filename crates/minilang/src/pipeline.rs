//! The compile pipeline: lex and parse, resolve, type-check, all into one
//! region, with the diagnostics of every phase merged in source order. Pure:
//! no I/O (the command's I/O lives in [`crate::cli`]).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use region::Region;

use crate::diagnostics::{Code, Diagnostic, E_MEMORY_LIMIT, Severity};
use crate::sema::{ir, resolve, typeck};
use crate::syntax::{ast, parser};

/// Everything compiling a source produced.
#[derive(Debug)]
pub struct Compiled<'r> {
    /// The syntax tree (with error nodes where the source is broken).
    pub ast: ast::Program<'r>,
    /// The program to run: `Some` exactly when no diagnostic is an error
    /// (so it is well-typed) and it was [`compile`]d, not [`check`]ed.
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

/// Whether OCaml finds this error while type-checking, not while parsing:
/// names (unbound values and modules, malformed `let rec`, a name bound
/// twice), integer literals out of range or with an unknown modifier,
/// unbound constructors, and type
/// errors.
fn found_while_typing(code: &str) -> bool {
    code == Code::E0008
        || code == Code::E0009
        || code == Code::E0107
        || code == Code::E0108
        || code.starts_with("E03")
        || code.starts_with("E04")
}

/// Whether the checker stops where it meets this error (an unbound name, an
/// error node), recording it in [`typeck::Typing::reached`].
fn stops_checking(code: &str) -> bool {
    [
        Code::E0008,
        Code::E0009,
        Code::E0107,
        Code::E0108,
        resolve::E_UNBOUND_VALUE,
        resolve::E_UNBOUND_MODULE,
    ]
    .iter()
    .any(|c| code == *c)
}

/// Compiles `src` (lex, parse, resolve, type-check) into `region`: the
/// pipeline of the command up to running, for every caller that wants what
/// the command would report. Never panics; the region's limit, if it has one, ends the
/// compile with an [`E_MEMORY_LIMIT`] diagnostic instead.
///
/// Run it on a big stack ([`with_big_stack`](crate::runtime::with_big_stack)): deeply nested input
/// recurses.
pub fn compile<'r>(src: &str, region: &'r Region) -> Compiled<'r> {
    compile_with(src, region, Lower::Yes)
}

/// [`compile`] for a caller that will not run the program (`--check`, `-i`,
/// `--dump-ast`): the same tree, types and diagnostics, but no IR
/// ([`Compiled::program`] is `None`), which saves a third of resolving.
pub fn check<'r>(src: &str, region: &'r Region) -> Compiled<'r> {
    compile_with(src, region, Lower::No)
}

/// Whether resolution lowers the program to the IR.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lower {
    Yes,
    No,
}

fn compile_with<'r>(src: &str, region: &'r Region, lower: Lower) -> Compiled<'r> {
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
        // Errors OCaml finds while type-checking do not keep the checker
        // from running: it reaches them in its order.
        let syntax_ok = !diags
            .iter()
            .any(|d| d.severity == Severity::Error && !found_while_typing(d.code));
        let t = Instant::now();
        let resolution = match lower {
            Lower::Yes => resolve::resolve(&ast, region),
            Lower::No => resolve::resolve_names(&ast, region),
        };
        phase_times.push(("resolve", t.elapsed()));
        let mut checked = None;
        if syntax_ok {
            let t = Instant::now();
            let typed = typeck::check(&ast, &resolution, src, region);
            phase_times.push(("typeck", t.elapsed()));
            checked = Some(typed);
        }
        let resolved_ok = resolution.is_ok();
        match resolution.into_result() {
            Ok(p) => program = Some(p),
            Err(more) => diags.extend(more),
        }
        if let Some(typed) = checked {
            // OCaml stops an item at its first error: an error found while
            // typing that checking did not reach lies in an item that
            // stopped earlier. (Kept if it is the only error.)
            let reached: HashSet<u32> = typed.reached().iter().map(|s| s.start).collect();
            let kept: Vec<Diagnostic> = diags
                .iter()
                .filter(|d| !stops_checking(d.code) || reached.contains(&d.primary.span.start))
                .cloned()
                .collect();
            if typed.has_errors() || kept.iter().any(|d| d.severity == Severity::Error) {
                diags = kept;
            }
            let clean = diags.is_empty() && resolved_ok;
            if typed.has_errors() || clean {
                diags.extend(typed.diagnostics().iter().cloned());
            }
            typing = Some(typed);
        }
        // Report in source order, whichever phase found the problem; but
        // syntax errors first, since OCaml parses the whole file before
        // it types any of it, and the errors found while typing in the
        // order the checker meets them.
        diags.sort_by_key(|d| {
            if found_while_typing(d.code) {
                (true, d.checking_order())
            } else {
                (false, d.primary.span.start)
            }
        });
        if diags.iter().any(|d| d.severity == Severity::Error) {
            diags = parser::cap_diagnostics(diags, 0);
        }
    }
    if lower == Lower::No || diags.iter().any(|d| d.severity == Severity::Error) {
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
