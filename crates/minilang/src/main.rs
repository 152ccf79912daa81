//! The `minilang` command: parses arguments and maps the result to an exit status.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use minilang::cli::{self, Color, Config, Input, Limits};

/// Runs a minilang program (an exact subset of OCaml), printing the same bytes
/// on stdout and exiting with the same status as `ocaml FILE` (the deliberate
/// differences are listed in section 6 of docs/language.md).
///
/// --dump-tokens, --dump-ast and -i each print one thing and stop: they
/// exclude each other, and --dump-tokens (which does not compile) excludes
/// --check and --stats.
///
/// Exit status: 0 on success; 2 for a compile error or an uncaught exception;
/// n for `exit n`; 64 for a usage error; 66 when the input cannot be read.
#[derive(Parser, Debug)]
#[command(name = "minilang", version, about, long_about = None, after_help = AFTER_HELP)]
struct Cli {
    /// The program file; `-` reads the program from standard input.
    #[arg(value_name = "FILE", conflicts_with = "expr")]
    file: Option<PathBuf>,

    /// Run the program text EXPR instead of a file.
    #[arg(short = 'e', long = "expr", value_name = "EXPR")]
    expr: Option<String>,

    /// Compile only (lex, parse, resolve, type-check): report errors and
    /// warnings, run nothing.
    #[arg(long)]
    check: bool,

    /// Print the tokens, one per line with their byte spans, and the
    /// lexical errors, and stop (nothing is parsed).
    #[arg(long, conflicts_with_all = ["dump_ast", "signature", "check", "stats"])]
    dump_tokens: bool,

    /// Print the syntax tree as an indented outline and the compile's
    /// diagnostics, and stop.
    #[arg(long, conflicts_with = "signature")]
    dump_ast: bool,

    /// Print the inferred types of the top-level values, exactly as
    /// `ocamlc -i` prints them (`val f : int -> int`), and stop.
    #[arg(short = 'i', long = "signature")]
    signature: bool,

    /// Print on stderr the time per phase, the AST node count, the region's
    /// bytes and its chunk diagram.
    #[arg(long)]
    stats: bool,

    /// Colour diagnostics: auto (when stderr is a terminal and NO_COLOR is
    /// unset), always or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    color: ColorArg,

    /// For untrusted programs: cap the memory of the compile (the region
    /// holding the syntax tree and the IR) at BYTES; suffixes K, M, G
    /// (powers of 1024) are accepted. Past it the compile stops with error
    /// E0900 (exit status 2). The source text, the parser's scratch stacks
    /// and the values made at run time are not counted.
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    max_memory: Option<usize>,

    /// For untrusted programs: stop evaluation after N calls of the
    /// program's functions (every loop is a recursion, so this bounds the
    /// running time), with "Error: evaluation step limit reached" and exit
    /// status 2.
    #[arg(long, value_name = "N")]
    max_steps: Option<u64>,

    /// For untrusted programs: stop evaluation after SECONDS (a decimal
    /// number) of running, with "Error: evaluation time limit reached" and
    /// exit status 2. Output printed before is kept.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Option<Duration>,

    /// For untrusted programs: run on a stack of BYTES (K, M, G suffixes;
    /// default 4G, reserved, touched only as used, at least 4M): recursion
    /// that needs more raises Stack_overflow (exit status 2).
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    max_stack: Option<usize>,
}

/// What `--help` says after the options.
const AFTER_HELP: &str = "\
--dump-tokens, --dump-ast and -i each print one thing and stop, so they exclude each other; \
--dump-tokens, which does not compile, also excludes --check and --stats.

Exit status: 0 on success; 2 for a compile error or an uncaught exception; n for `exit n`; \
64 for a usage error; 66 when the input cannot be read.

stdout and the exit status are those of `ocaml FILE`, but for the deliberate differences \
listed in section 6 of docs/language.md.";

/// `BYTES` with an optional `K`, `M` or `G` suffix (powers of 1024).
fn parse_bytes(text: &str) -> Result<usize, String> {
    let (digits, shift) = match text.as_bytes().last() {
        Some(b'B' | b'b') => (&text[..text.len() - 1], 0),
        Some(b'K' | b'k') => (&text[..text.len() - 1], 10),
        Some(b'M' | b'm') => (&text[..text.len() - 1], 20),
        Some(b'G' | b'g') => (&text[..text.len() - 1], 30),
        _ => (text, 0),
    };
    let n: usize = digits.parse().map_err(|_| {
        format!(
            "`{text}` is not a number of bytes (digits with an optional K, M or G suffix, e.g. 64M)"
        )
    })?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// A non-negative number of seconds, such as `2` or `0.5`.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    Duration::try_from_secs_f64(secs).map_err(|_| format!("`{text}` is not a usable time limit"))
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let status = if e.use_stderr() { cli::EXIT_USAGE } else { 0 };
            let _ = e.print();
            return exit_code(status);
        }
    };
    let input = match (cli.file, cli.expr) {
        (_, Some(text)) => Some(Input::Expr(text)),
        (Some(path), None) if path.as_os_str() == "-" => Some(Input::Stdin),
        (Some(path), None) => Some(Input::File(path)),
        (None, None) => None,
    };
    let config = Config {
        input,
        check: cli.check,
        dump_tokens: cli.dump_tokens,
        dump_ast: cli.dump_ast,
        print_signature: cli.signature,
        stats: cli.stats,
        color: match cli.color {
            ColorArg::Auto => Color::Auto,
            ColorArg::Always => Color::Always,
            ColorArg::Never => Color::Never,
        },
        limits: Limits {
            max_memory: cli.max_memory,
            max_steps: cli.max_steps,
            timeout: cli.timeout,
            max_stack: cli.max_stack,
        },
    };
    exit_code(cli::run(&config))
}

/// Exit statuses wrap to 8 bits, as `exit n` does in OCaml.
fn exit_code(status: i32) -> ExitCode {
    ExitCode::from(status.rem_euclid(256) as u8)
}
