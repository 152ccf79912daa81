//! Renders [`Diagnostic`]s and run-time exception reports as text, with
//! source excerpts, using ariadne. This is the only module that knows ariadne.
//!
//! Spans are byte offsets (`IndexType::Byte`); every span is clamped into the
//! source and onto character boundaries first, because ariadne panics on a
//! span that is not. The config is set before any label so that no colour
//! leaks when colour is off, and trailing blanks that ariadne leaves on
//! lines are trimmed in plain output (stable snapshots).
//!
//! Reports stay small whatever the source: lines longer than [`LONG_LINE`]
//! bytes are shown clipped to the text around the labels (`…` marks what is
//! left out; line and column numbers are those of the real source), and the
//! source is indexed once per call, not once per report.

use std::borrow::Cow;
use std::ops::Range;

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

use crate::diagnostics::{Diagnostic, Severity};
use crate::syntax::ast::Span;

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

/// Source lines longer than this (in bytes) are clipped in reports.
pub const LONG_LINE: usize = 200;
/// Bytes kept on each side of a label's ends on a clipped line.
const CONTEXT: usize = 40;
/// What replaces the text cut out of a long line.
const ELLIPSIS: &str = "…";

/// Where the lines of a source start, computed once per rendering.
struct Lines {
    starts: Vec<usize>,
    len: usize,
}

impl Lines {
    fn new(src: &str) -> Lines {
        let starts = std::iter::once(0).chain(
            src.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines {
            starts: starts.collect(),
            len: src.len(),
        }
    }

    /// The index of the line holding offset `p`.
    fn index(&self, p: usize) -> usize {
        self.starts.partition_point(|&start| start <= p) - 1
    }

    /// Start and end (before its `\n`) of line `i`.
    fn bounds(&self, i: usize) -> (usize, usize) {
        let end = self.starts.get(i + 1).map_or(self.len, |next| next - 1);
        (self.starts[i], end)
    }
}

/// What one report shows of a source whose lines near the report are long:
/// as many empty lines as precede the report's first line (so that ariadne
/// numbers lines right), then the report's lines with every long line
/// clipped to the text around the report's own points.
struct Clipped {
    text: String,
    /// Offset in the source of the first line shown.
    base: usize,
    /// Offset in the source of the end of the last line shown.
    end: usize,
    /// Bytes before the first line in `text` (the empty lines).
    prefix: usize,
    /// The byte ranges of the source cut out (each replaced by
    /// [`ELLIPSIS`]), in order.
    cuts: Vec<Range<usize>>,
}

impl Clipped {
    /// The view for a report whose labels start and end at `points`
    /// (character boundaries of `src`), or `None` when every line from the
    /// first point to the last is short and `src` can be shown as it is.
    fn new(src: &str, lines: &Lines, mut points: Vec<usize>) -> Option<Clipped> {
        points.sort_unstable();
        let (&first, &last) = (points.first()?, points.last()?);
        let (first_line, last_line) = (lines.index(first), lines.index(last));
        let long = (first_line..=last_line).any(|i| {
            let (start, end) = lines.bounds(i);
            end - start > LONG_LINE
        });
        if !long {
            return None;
        }
        let (base, end) = (lines.bounds(first_line).0, lines.bounds(last_line).1);
        let mut cuts = Vec::new();
        let mut next = 0;
        for i in first_line..=last_line {
            let (line_start, line_end) = lines.bounds(i);
            let long = line_end - line_start > LONG_LINE;
            let mut at = line_start;
            let mut keep = |at: &mut usize, start: usize, end: usize| {
                let start = floor_char(src, start.max(line_start));
                let end = ceil_char(src, end.min(line_end));
                if start > *at {
                    cuts.push(*at..start);
                }
                *at = (*at).max(end);
            };
            if long {
                keep(&mut at, line_start, line_start + CONTEXT);
            }
            while next < points.len() && points[next] <= line_end {
                if long {
                    let p = points[next];
                    keep(&mut at, p.saturating_sub(CONTEXT), p + CONTEXT);
                }
                next += 1;
            }
            if long && at < line_end {
                cuts.push(at..line_end);
            }
        }
        let mut text = String::with_capacity(first_line + 4 * LONG_LINE);
        text.extend(std::iter::repeat_n('\n', first_line));
        let mut at = base;
        for cut in &cuts {
            text.push_str(&src[at..cut.start]);
            text.push_str(ELLIPSIS);
            at = cut.end;
        }
        text.push_str(&src[at..end]);
        Some(Clipped {
            text,
            base,
            end,
            prefix: first_line,
            cuts,
        })
    }

    /// Where offset `p` of the source is in the shown text (a point inside
    /// a cut maps to its ellipsis).
    fn map(&self, p: usize) -> usize {
        let p = p.clamp(self.base, self.end);
        let mut at = self.prefix + (p - self.base);
        for cut in &self.cuts {
            if cut.end <= p {
                at = at + ELLIPSIS.len() - cut.len();
            } else if cut.start < p {
                return at - (p - cut.start);
            } else {
                break;
            }
        }
        at
    }

    fn map_range(&self, r: &Range<usize>) -> Range<usize> {
        self.map(r.start)..self.map(r.end)
    }

    /// ariadne's `name:line:col ` for offset `p` of `src` shown in this
    /// view, and what it must say instead, if they differ.
    fn location_fix(
        &self,
        src: &str,
        lines: &Lines,
        file_name: &str,
        p: usize,
    ) -> Option<(String, String)> {
        let index = lines.index(p);
        let line_start = lines.bounds(index).0;
        let true_col = src[line_start..p].chars().count() + 1;
        let q = self.map(p);
        let shown_start = self.text[..q].rfind('\n').map_or(0, |i| i + 1);
        let shown_col = self.text[shown_start..q].chars().count() + 1;
        let line = index + 1;
        (true_col != shown_col).then(|| {
            (
                format!("{file_name}:{line}:{shown_col} "),
                format!("{file_name}:{line}:{true_col} "),
            )
        })
    }
}

fn floor_char(src: &str, mut i: usize) -> usize {
    while !src.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(src: &str, mut i: usize) -> usize {
    while !src.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn config(color: bool) -> Config {
    Config::new()
        .with_index_type(IndexType::Byte)
        .with_color(color)
}

/// Writes one report into `out`; plain output has trailing blanks trimmed.
/// `fix` corrects the location in the header of a clipped source.
fn write_report(
    report: &Report<'_, (&str, Range<usize>)>,
    cache: (&str, &Source<&str>),
    fix: Option<(String, String)>,
    color: bool,
    out: &mut String,
) {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail; a cache miss is impossible (one file).
    let _ = report.write(cache, &mut buf);
    let mut text = String::from_utf8_lossy(&buf);
    if let Some((shown, real)) = fix {
        text = text.replacen(&shown, &real, 1).into();
    }
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

/// `src` as ariadne must see it: ariadne starts a line at CR, VT, FF,
/// U+0085, U+2028 and U+2029 as well as at LF, but OCaml's lines (and the
/// line and column of a report) end at LF only. Each of those characters is
/// replaced by one of the same length in bytes and in characters (a space,
/// U+00A0, or `␤` U+2424), so that every offset and character boundary of
/// `src` stays valid and the report points where OCaml points.
fn lines_at_lf_only(src: &str) -> Cow<'_, str> {
    let breaks = |c: char| {
        matches!(
            c,
            '\r' | '\x0B' | '\x0C' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    if !src.contains(breaks) {
        return Cow::Borrowed(src);
    }
    let shown: String = src
        .chars()
        .map(|c| match c {
            '\r' | '\x0B' | '\x0C' => ' ',
            '\u{85}' => '\u{A0}',
            '\u{2028}' | '\u{2029}' => '\u{2424}',
            c => c,
        })
        .collect();
    debug_assert_eq!(shown.len(), src.len());
    Cow::Owned(shown)
}

/// `message` with its lines after the first indented to start under the
/// first, past ariadne's header (`[E0403] Error: `), as OCaml indents them
/// under its `Error: `.
fn indent_continuations(message: &str, code: Option<&str>, kind: ReportKind<'_>) -> String {
    let kind = match kind {
        ReportKind::Error => "Error",
        ReportKind::Warning => "Warning",
        ReportKind::Advice => "Advice",
        ReportKind::Custom(name, _) => name,
    };
    let width = code.map_or(0, |c| c.chars().count() + "[] ".len()) + kind.len() + ": ".len();
    let indent = format!("\n{:width$}", "");
    message.replace('\n', &indent)
}

/// Renders diagnostics of the file `file_name` whose text is `src`, in
/// order, as ariadne reports: `[E0100] Error: Syntax error`, the source
/// excerpt with labels, and a help line. ANSI colour only when `color`.
#[must_use]
pub fn render(diags: &[Diagnostic], file_name: &str, src: &str, color: bool) -> String {
    let shown = lines_at_lf_only(src);
    let src = shown.as_ref();
    let mut out = String::new();
    // Indexed once for all reports; reports near long lines get their own
    // clipped view instead.
    let source = Source::from(src);
    let lines = Lines::new(src);
    for d in diags {
        let kind = match d.severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        let labels: Vec<(Range<usize>, &str)> = std::iter::once(&d.primary)
            .chain(&d.secondary)
            .map(|l| (clamp(l.span, src), l.message.as_str()))
            .collect();
        let points = labels.iter().flat_map(|(r, _)| [r.start, r.end]).collect();
        let clipped = Clipped::new(src, &lines, points);
        let map = |r: &Range<usize>| clipped.as_ref().map_or(r.clone(), |c| c.map_range(r));
        let fix = clipped
            .as_ref()
            .and_then(|c| c.location_fix(src, &lines, file_name, labels[0].0.start));
        let primary = map(&labels[0].0);
        // The count of the warnings past the cap is no warning of its own:
        // it has no code to show.
        let code = (d.code != crate::sema::W_MORE).then_some(d.code);
        let mut report = Report::build(kind, (file_name, primary.clone()))
            .with_config(config(color))
            .with_message(indent_continuations(&d.message, code, kind));
        if let Some(code) = code {
            report = report.with_code(code);
        }
        let main_color = if d.severity == Severity::Error {
            Color::Red
        } else {
            Color::Yellow
        };
        report = report.with_label(
            Label::new((file_name, primary))
                .with_message(labels[0].1)
                .with_color(main_color)
                .with_priority(1),
        );
        for (range, message) in &labels[1..] {
            report = report.with_label(
                Label::new((file_name, map(range)))
                    .with_message(message)
                    .with_color(Color::Blue),
            );
        }
        if let Some(help) = &d.help {
            report = report.with_help(help);
        }
        let report = report.finish();
        match &clipped {
            None => write_report(&report, (file_name, &source), None, color, &mut out),
            Some(c) => {
                let source = Source::from(c.text.as_str());
                write_report(&report, (file_name, &source), fix, color, &mut out);
            }
        }
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
    let text = render_exception_bytes(message.as_bytes(), span, file_name, src, color);
    String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`render_exception`] for a message that is bytes, written as they are:
/// OCaml's report of `failwith "\255"` holds byte 0xFF, and may span lines.
#[must_use]
pub fn render_exception_bytes(
    message: &[u8],
    span: Span,
    file_name: &str,
    src: &str,
    color: bool,
) -> Vec<u8> {
    let shown = lines_at_lf_only(src);
    let src = shown.as_ref();
    let real = clamp(span, src);
    let lines = Lines::new(src);
    let clipped = Clipped::new(src, &lines, vec![real.start, real.end]);
    let fix = clipped
        .as_ref()
        .and_then(|c| c.location_fix(src, &lines, file_name, real.start));
    let range = clipped
        .as_ref()
        .map_or(real.clone(), |c| c.map_range(&real));
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
    let text = clipped.as_ref().map_or(src, |c| c.text.as_str());
    let source = Source::from(text);
    write_report(&report, (file_name, &source), fix, color, &mut snippet);
    // Replace ariadne's one-line header (`Error: -`) by the message.
    let body = snippet.split_once('\n').map_or("", |(_, rest)| rest);
    let mut out = Vec::with_capacity(message.len() + body.len() + 16);
    if color {
        out.extend_from_slice(b"\x1b[31m");
        out.extend_from_slice(message);
        out.extend_from_slice(b"\x1b[0m");
    } else {
        out.extend_from_slice(message);
    }
    out.push(b'\n');
    out.extend_from_slice(body.as_bytes());
    out
}
