//! The `minilang` command: read, compile into one region, report, run. This
//! module owns the process's I/O (stdin, stdout, stderr, files); everything
//! else returns values.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use region::Region;

use crate::diagnostics::render;
use crate::diagnostics::{Diagnostic, Severity};
use crate::pipeline::{check, compile};
use crate::runtime::eval::{self, Outcome, RunOptions};
use crate::syntax::{ast, lexer, visit};

/// Exit status for a compile error or an uncaught exception (as OCaml).
pub const EXIT_ERROR: i32 = 2;
/// Exit status for a usage error (`EX_USAGE` of sysexits.h).
pub const EXIT_USAGE: i32 = 64;
/// Exit status when the input cannot be read (`EX_NOINPUT`).
pub const EXIT_NO_INPUT: i32 = 66;

/// Where the program text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input (`minilang -`).
    Stdin,
    /// The text of `-e EXPR`.
    Expr(String),
}

impl Input {
    /// The name diagnostics use for the input (`Assert_failure`'s is
    /// derived from it: see `assert_file_name`).
    #[must_use]
    pub fn display_name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "<stdin>".to_owned(),
            Input::Expr(_) => "<expr>".to_owned(),
        }
    }
}

/// When to colour diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Color {
    /// When stderr is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Color {
    /// Decides, for output written to stderr.
    #[must_use]
    pub fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && io::stderr().is_terminal()
            }
        }
    }
}

/// What the command was asked to do.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The program.
    pub input: Option<Input>,
    /// Compile only: report errors, run nothing.
    pub check: bool,
    /// Print the tokens instead of running.
    pub dump_tokens: bool,
    /// Print the syntax tree instead of running.
    pub dump_ast: bool,
    /// Print the inferred signature (`ocamlc -i`'s) instead of running.
    pub print_signature: bool,
    /// Print phase timings and region figures on stderr.
    pub stats: bool,
    /// Colouring of diagnostics.
    pub color: Color,
    /// Bounds for untrusted programs.
    pub limits: Limits,
}

/// Bounds on what a program may use, for running untrusted programs
/// (`--max-memory`, `--max-steps`, `--timeout`). `None`: no bound.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Cap in bytes on the compile's region, which holds the syntax tree and
    /// the IR ([`region::RegionBuilder::limit`]). Past it the compile stops
    /// with an [`E_MEMORY_LIMIT`](crate::diagnostics::E_MEMORY_LIMIT) diagnostic (exit status 2). The source
    /// text, the parser's scratch stacks (kept out of a limited region) and
    /// the values made at run time are not in the region and not counted.
    pub max_memory: Option<usize>,
    /// Cap on evaluation steps (function calls): [`RunOptions::max_steps`].
    pub max_steps: Option<u64>,
    /// Cap on evaluation time: [`RunOptions::timeout`].
    pub timeout: Option<Duration>,
    /// Size in bytes of the stack the pipeline runs on ([`eval::with_stack`];
    /// default [`eval::STACK_SIZE`]): deeper recursion raises
    /// `Stack_overflow`.
    pub max_stack: Option<usize>,
}

/// Runs the command and returns its exit status. Output goes to the
/// process's stdout and stderr.
#[must_use]
pub fn run(config: &Config) -> i32 {
    let Some(input) = &config.input else {
        eprintln!(
            "minilang: no program given (try `minilang FILE`, `minilang -` or `minilang -e EXPR`)"
        );
        return EXIT_USAGE;
    };
    let name = input.display_name();
    let started = Instant::now();
    let bytes = match read_input(input) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("minilang: cannot read {name}: {e}");
            return EXIT_NO_INPUT;
        }
    };
    let read_time = started.elapsed();
    let src = match String::from_utf8(bytes) {
        Ok(src) => src,
        Err(e) => {
            report_bad_utf8(&name, e.as_bytes(), e.utf8_error().valid_up_to());
            return EXIT_ERROR;
        }
    };
    let color = config.color.enabled();
    // The whole pipeline runs on one big stack: deep input recurses.
    let stack = config.limits.max_stack.unwrap_or(eval::STACK_SIZE);
    eval::with_stack(stack, || {
        compile_and_run(config, &name, &src, color, read_time)
    })
}

fn read_input(input: &Input) -> io::Result<Vec<u8>> {
    match input {
        Input::File(path) => {
            if path.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "is a directory",
                ));
            }
            std::fs::read(path)
        }
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin().lock().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
        Input::Expr(text) => Ok(text.clone().into_bytes()),
    }
}

/// A source that is not UTF-8 cannot be shown by ariadne: say where the
/// first bad byte is.
fn report_bad_utf8(name: &str, bytes: &[u8], valid_up_to: usize) {
    let line = 1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count();
    let line_start = bytes[..valid_up_to]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    eprintln!(
        "[{code}] Error: the source is not valid UTF-8\n   ╭─[ {name}:{line}:{} ]\n   │ invalid byte 0x{:02X} at byte offset {valid_up_to}\n───╯",
        valid_up_to - line_start + 1,
        bytes[valid_up_to],
        code = crate::diagnostics::Code::E0001,
    );
}

fn compile_and_run(config: &Config, name: &str, src: &str, color: bool, read: Duration) -> i32 {
    if config.dump_tokens {
        return write_stdout(&lexer::dump_tokens(src)).map_or(0, |()| {
            let errors = lexer::lex(src).diagnostics;
            report(&errors, name, src, color)
        });
    }

    // One region per compile: every node, name and list of the AST and of
    // the IR lives in it, and it is dropped in one go at the end. A big
    // program's region reaches hundreds of megabytes: its large chunks are
    // backed by huge pages (one page fault per 2 MiB instead of 512), which
    // makes `--check` on a 10 MB program 1.5x faster; small programs never
    // reach a chunk large enough to be affected.
    let mut region = Region::builder().huge_pages(true);
    if let Some(bytes) = config.limits.max_memory {
        region = region.limit(bytes);
    }
    let region = region.build();

    // Only a run needs the IR.
    let only_compile = config.check || config.dump_ast || config.print_signature;
    let compiled = if only_compile {
        check(src, &region)
    } else {
        compile(src, &region)
    };
    let mut times = vec![("read", read)];
    times.extend(&compiled.phase_times);

    if config.dump_ast && write_stdout(&visit::dump_ast(&compiled.ast)).is_err() {
        return 0;
    }
    let failed = report(&compiled.diagnostics, name, src, color);

    let mut status = failed;
    if let (true, 0, Some(typing)) = (config.print_signature, failed, &compiled.typing) {
        if write_stdout(&typing.signature()).is_err() {
            return 0;
        }
    }
    if let Some(program) = &compiled.program {
        let t = Instant::now();
        let file_name = assert_file_name(config.input.as_ref(), name);
        let options = RunOptions {
            max_steps: config.limits.max_steps,
            timeout: config.limits.timeout,
            ..RunOptions::default()
        };
        let outcome = eval::run_with(program, io::stdout(), &file_name, src, &options);
        times.push(("run", t.elapsed()));
        status = report_outcome(&outcome, name, src, color);
    }

    if config.stats {
        print_stats(&times, &compiled.ast, &region);
    }
    status
}

/// The file name `Assert_failure` reports: `./prog.ml` for `prog.ml`, as
/// `ocaml prog.ml` says, and `(stdin)` for a program read from stdin, as
/// `ocaml -stdin` says (see docs/language.md, section 6).
fn assert_file_name(input: Option<&Input>, name: &str) -> String {
    match input {
        Some(Input::Stdin) => "(stdin)".to_owned(),
        _ => eval::script_name(name),
    }
}

/// Renders diagnostics on stderr; returns the exit status they imply.
fn report(diags: &[Diagnostic], name: &str, src: &str, color: bool) -> i32 {
    if !diags.is_empty() {
        let _ = io::stderr().write_all(render::render(diags, name, src, color).as_bytes());
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        EXIT_ERROR
    } else {
        0
    }
}

fn report_outcome(outcome: &Outcome, name: &str, src: &str, color: bool) -> i32 {
    let text = match outcome {
        Outcome::Finished | Outcome::Exit(_) | Outcome::OutputClosed => String::new(),
        Outcome::Exception { report, span, .. } => {
            let text = render::render_exception_bytes(report, *span, name, src, color);
            let _ = io::stderr().write_all(&text);
            return outcome.exit_status();
        }
        Outcome::StackOverflow { span } => {
            render::render_exception(eval::STACK_OVERFLOW_MESSAGE, *span, name, src, color)
        }
        Outcome::OutOfSteps { span } => render::render_exception(
            "Error: evaluation step limit reached (--max-steps)",
            *span,
            name,
            src,
            color,
        ),
        Outcome::TimedOut { span } => render::render_exception(
            "Error: evaluation time limit reached (--timeout)",
            *span,
            name,
            src,
            color,
        ),
    };
    let _ = io::stderr().write_all(text.as_bytes());
    outcome.exit_status()
}

/// Writes to stdout; a closed pipe is not an error worth reporting.
fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn print_stats(times: &[(&str, Duration)], ast: &ast::Program<'_>, region: &Region) {
    let stats = region.stats();
    let mut text = String::new();
    let _ = writeln!(text, "--- minilang stats ---");
    let times: Vec<String> = times
        .iter()
        .map(|(phase, d)| format!("{phase} {:.3} ms", d.as_secs_f64() * 1000.0))
        .collect();
    let _ = writeln!(text, "time: {}", times.join(", "));
    let _ = writeln!(text, "AST nodes: {}", visit::count_nodes(ast));
    let _ = writeln!(
        text,
        "region: {} bytes used of {} in {} chunk{} ({} wasted)",
        stats.used,
        stats.capacity,
        stats.chunks,
        if stats.chunks == 1 { "" } else { "s" },
        stats.wasted
    );
    let _ = write!(text, "{stats}");
    let _ = io::stderr().write_all(text.as_bytes());
}
