//! What the OCaml toplevel prints for an uncaught exception, byte for byte.
//!
//! OCaml 4.13's `Oprint.print_out_exception` prints
//! `@[Exception:@ %a.@]@.` with the exception as a value (`Oprint`'s
//! `print_out_value`: `@[<1>Failure@ "..."@]`, a tuple as `@[<1>(a,@ b)@]`)
//! on a `Format` formatter, so a long report wraps at its 78-column margin:
//!
//! ```text
//! Exception:
//! Failure
//!  "a message of 70 characters...".
//! ```
//!
//! The formatter is [`crate::pretty`], minilang's one port of `Format`, so
//! the line breaks fall where OCaml's do. Strings are written as their bytes
//! (a message holding byte 0xFF writes that byte), escaped as `Oprint` does.

use crate::pretty::{BoxKind, Formatter};

/// The toplevel's `max_printer_steps`: each value printed takes one step, and
/// a string is cut to the steps left when it is reached.
const PRINTER_STEPS: usize = 300;

/// An uncaught exception of minilang, as the toplevel sees it.
pub(crate) enum Raised<'a> {
    /// A constant constructor: `Division_by_zero`.
    Constant(&'a str),
    /// A constructor with a string argument: `Failure`, `Invalid_argument`.
    WithString(&'a str, &'a [u8]),
    /// `Assert_failure (file, line, column)`.
    AssertFailure(&'a [u8], usize, usize),
    /// `Out_of_memory`, which the toplevel reports in words.
    OutOfMemory,
}

/// The report the toplevel prints for `raised`, without the final newline.
pub(crate) fn exception_report(raised: &Raised<'_>) -> Vec<u8> {
    let mut f = Formatter::new();
    match raised {
        Raised::OutOfMemory => f.text(b"Out of memory during evaluation."),
        Raised::Constant(name) => {
            f.open_box(0, BoxKind::Structural);
            f.text(b"Exception:");
            f.space();
            f.text(name);
            f.text(b".");
            f.close_box();
        }
        Raised::WithString(name, arg) => {
            f.open_box(0, BoxKind::Structural);
            f.text(b"Exception:");
            f.space();
            f.open_box(1, BoxKind::Structural);
            f.text(name);
            f.space();
            // Steps: the exception, then its argument.
            string(&mut f, arg, PRINTER_STEPS - 2);
            f.close_box();
            f.text(b".");
            f.close_box();
        }
        Raised::AssertFailure(file, line, col) => {
            f.open_box(0, BoxKind::Structural);
            f.text(b"Exception:");
            f.space();
            f.open_box(1, BoxKind::Structural);
            f.text(b"Assert_failure");
            f.space();
            f.open_box(1, BoxKind::Structural);
            f.text(b"(");
            // Steps: the exception, the tuple, then the file name.
            string(&mut f, file, PRINTER_STEPS - 3);
            f.text(b",");
            f.space();
            f.text(line.to_string());
            f.text(b",");
            f.space();
            f.text(col.to_string());
            f.text(b")");
            f.close_box();
            f.close_box();
            f.text(b".");
            f.close_box();
        }
    }
    f.flush();
    f.into_bytes()
}

/// `s` as `Oprint.escape_string` writes it between quotes: `"` and `\`
/// escaped, `\n \t \r \b`, other C0 controls and DEL as `\ddd`, every other
/// byte as it is.
pub(crate) fn escape_string(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        match c {
            b'"' | b'\\' => out.extend_from_slice(&[b'\\', c]),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\r' => out.extend_from_slice(b"\\r"),
            8 => out.extend_from_slice(b"\\b"),
            0..=0x1F | 0x7F => out.extend_from_slice(format!("\\{c:03}").as_bytes()),
            _ => out.push(c),
        }
    }
    out
}

/// `Oprint`'s string value: quoted and escaped, cut to `max` bytes.
fn string(f: &mut Formatter, s: &[u8], max: usize) {
    f.text(b"\"");
    f.text(escape_string(&s[..s.len().min(max)]));
    f.text(b"\"");
    if s.len() > max {
        f.text(b"... (* string length ");
        f.text(s.len().to_string());
        f.text(b"; truncated *)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(raised: &Raised<'_>) -> String {
        String::from_utf8(exception_report(raised)).expect("ASCII here")
    }

    #[test]
    fn short_reports_stay_on_one_line() {
        assert_eq!(
            report(&Raised::Constant("Division_by_zero")),
            "Exception: Division_by_zero."
        );
        assert_eq!(
            report(&Raised::WithString("Failure", b"boom")),
            "Exception: Failure \"boom\"."
        );
        assert_eq!(
            report(&Raised::AssertFailure(b"t.ml", 1, 9)),
            "Exception: Assert_failure (\"t.ml\", 1, 9)."
        );
    }

    /// As `ocaml` prints `failwith` of 60 and of 68 `a`s.
    #[test]
    fn long_reports_wrap_as_format_does() {
        let a60 = "a".repeat(60);
        assert_eq!(
            report(&Raised::WithString("Failure", a60.as_bytes())),
            format!("Exception:\nFailure \"{a60}\".")
        );
        let a68 = "a".repeat(68);
        assert_eq!(
            report(&Raised::WithString("Failure", a68.as_bytes())),
            format!("Exception:\nFailure\n \"{a68}\".")
        );
    }

    #[test]
    fn bytes_are_written_as_they_are() {
        assert_eq!(
            exception_report(&Raised::WithString("Failure", b"\xFF\t\x01")),
            b"Exception: Failure \"\xFF\\t\\001\".".to_vec()
        );
    }

    // Checked against the toplevel's `Exception: Failure "..."` output.
    #[test]
    fn strings_are_escaped_and_cut_as_oprint_does() {
        assert_eq!(
            escape_string(b"bo\"om\n\t\\ \xc3\xa9 \x01 \x7f ~\r\x08\x1f"),
            r#"bo\"om\n\t\\ é \001 \127 ~\r\b\031"#.as_bytes()
        );
        let long = vec![b'z'; 299];
        let shown = report(&Raised::WithString("Failure", &long));
        assert!(shown.ends_with(r#"z"... (* string length 299; truncated *)."#));
        assert_eq!(shown.matches('z').count(), 298);
    }
}
