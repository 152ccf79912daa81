//! Renders [`Diagnostic`]s and run-time exception reports as text, with
//! source excerpts, using ariadne. This is the only module that knows ariadne.
//!
//! Spans are byte offsets (`IndexType::Byte`); every span is clamped into the
//! source and onto character boundaries first, because ariadne panics on a
//! span that is not. The config is set before any label so that no colour
//! leaks when colour is off, and trailing blanks that ariadne leaves on
//! lines are trimmed in plain output (stable snapshots).
//!
//! # Diagnostic codes
//!
//! Every code in use is listed in [`CODES`], one line each.

use std::ops::Range;

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

use crate::ast::Span;
use crate::diagnostic::{Diagnostic, Severity};

/// Every diagnostic code of the lexer and parser, with what it means.
/// Lexical errors are `E00xx`, syntax errors `E01xx`.
pub const CODES: &[(&str, &str)] = &[
    ("E0001", "illegal character (not part of any token)"),
    (
        "E0002",
        "unknown operator (a run of operator characters that is not a minilang operator, e.g. `--`)",
    ),
    ("E0003", "`*)` outside a comment"),
    (
        "E0004",
        "OCaml syntax not supported in minilang v1 (`[`, `,`, character literals, ...)",
    ),
    (
        "E0005",
        "a reserved OCaml keyword used in a minilang program",
    ),
    (
        "E0006",
        "invalid integer literal (`1a`, `0x`, `0b102`, `0o8`)",
    ),
    ("E0007", "float literal (minilang v1 has only integers)"),
    (
        "E0008",
        "integer literal exceeds the range of representable integers of type int",
    ),
    ("E0010", "illegal backslash escape in a string literal"),
    ("E0011", "string literal not terminated"),
    ("E0012", "comment not terminated"),
    ("E0013", "comment contains an unterminated string literal"),
    ("E0014", "source file larger than 4 GiB"),
    ("E0100", "syntax error: unexpected token"),
    (
        "E0101",
        "syntax error: `)` or `end` expected (unmatched `(` or `begin`)",
    ),
    (
        "E0102",
        "syntax error: a keyword expected (`then`, `in`, `->`, `=`)",
    ),
    ("E0103", "syntax error: `in` after a top-level definition"),
    (
        "E0104",
        "syntax error: unsupported pattern (patterns are a name, `_` or `()`)",
    ),
    (
        "E0105",
        "syntax error: `if`, `fun`, `let` or `assert` as a function argument without parentheses",
    ),
    ("E0106", "syntax error: wildcard `_` used as an expression"),
    (
        "E0107",
        "unbound constructor (a capitalised word that is not a module qualifier)",
    ),
    ("E0108", "unbound module (a qualifier other than `String`)"),
    ("E0110", "expression nested too deeply"),
    ("E0199", "too many errors: the rest are counted, not shown"),
];

/// The byte range of `span`, clamped into `src` and widened to character
/// boundaries (an inverted span becomes empty), so that ariadne can never
/// panic on it, whatever span a caller passes.
fn clamp(span: Span, src: &str) -> Range<usize> {
    let len = src.len();
    let mut start = (span.start as usize).min(len);
    let mut end = (span.end as usize).clamp(start, len);
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    while !src.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn config(color: bool) -> Config {
    Config::new()
        .with_index_type(IndexType::Byte)
        .with_color(color)
}

/// Writes one report into `out`; plain output has trailing blanks trimmed.
fn write_report(
    report: &Report<'_, (&str, Range<usize>)>,
    file_name: &str,
    src: &str,
    color: bool,
    out: &mut String,
) {
    let mut buf = Vec::new();
    let cache = (file_name, Source::from(src));
    // Writing into a Vec cannot fail; a cache miss is impossible (one file).
    let _ = report.write(cache, &mut buf);
    let text = String::from_utf8_lossy(&buf);
    if color {
        out.push_str(&text);
    } else {
        // ariadne colours a custom report kind even with colour off.
        let text = strip_ansi(&text);
        for line in text.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

/// `text` without ANSI escape sequences (`ESC [ ... letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Renders diagnostics of the file `file_name` whose text is `src`, in
/// order, as ariadne reports: `[E0100] Error: Syntax error`, the source
/// excerpt with labels, and a help line. ANSI colour only when `color`.
#[must_use]
pub fn render(diags: &[Diagnostic], file_name: &str, src: &str, color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        let primary = clamp(d.primary.span, src);
        let mut report = Report::build(kind, (file_name, primary.clone()))
            .with_config(config(color))
            .with_code(d.code)
            .with_message(&d.message);
        let main_color = if d.severity == Severity::Error {
            Color::Red
        } else {
            Color::Yellow
        };
        report = report.with_label(
            Label::new((file_name, primary))
                .with_message(&d.primary.message)
                .with_color(main_color)
                .with_priority(1),
        );
        for l in &d.secondary {
            report = report.with_label(
                Label::new((file_name, clamp(l.span, src)))
                    .with_message(&l.message)
                    .with_color(Color::Blue),
            );
        }
        if let Some(help) = &d.help {
            report = report.with_help(help);
        }
        write_report(&report.finish(), file_name, src, color, &mut out);
    }
    out
}

/// Renders an uncaught run-time exception raised at `span`: `message`
/// verbatim on the first line (the line OCaml prints, e.g.
/// `Exception: Division_by_zero.`, `Exception: Failure "boom".` or
/// `Stack overflow during evaluation (looping recursion?).`), then the source
/// excerpt with the span labelled "raised here".
#[must_use]
pub fn render_exception(
    message: &str,
    span: Span,
    file_name: &str,
    src: &str,
    color: bool,
) -> String {
    let range = clamp(span, src);
    let report = Report::build(ReportKind::Error, (file_name, range.clone()))
        .with_config(config(color))
        .with_message("-")
        .with_label(
            Label::new((file_name, range))
                .with_message("raised here")
                .with_color(Color::Red),
        )
        .finish();
    let mut snippet = String::new();
    write_report(&report, file_name, src, color, &mut snippet);
    // Replace ariadne's one-line header (`Error: -`) by the message.
    let body = snippet.split_once('\n').map_or("", |(_, rest)| rest);
    let mut out = String::with_capacity(message.len() + body.len() + 16);
    if color {
        out.push_str("\x1b[31m");
        out.push_str(message);
        out.push_str("\x1b[0m");
    } else {
        out.push_str(message);
    }
    out.push('\n');
    out.push_str(body);
    out
}
