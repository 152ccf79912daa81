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
//! [`Layout`] is the part of OCaml's `Format` (stdlib/format.ml) that this
//! needs: structural boxes (`@[`), break hints (`@ `), text, and the flush at
//! `@.`, with the same queue, scan stack and size computations, so that the
//! line breaks fall where OCaml's do. Strings are written as their bytes (a
//! message holding byte 0xFF writes that byte), escaped as `Oprint` does.

/// `Format`'s default margin and maximal indentation (margin minus the
/// minimal space left, 10).
const MARGIN: i64 = 78;
const MAX_INDENT: i64 = 68;
/// `Format`'s size of a token whose size is not known yet when it must be
/// printed.
const INFINITY: i64 = 1_000_000_010;
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
    let mut f = Layout::new();
    match raised {
        Raised::OutOfMemory => f.text(b"Out of memory during evaluation."),
        Raised::Constant(name) => {
            f.open_box(0);
            f.text(b"Exception:");
            f.space();
            f.text(name.as_bytes());
            f.text(b".");
            f.close_box();
        }
        Raised::WithString(name, arg) => {
            f.open_box(0);
            f.text(b"Exception:");
            f.space();
            f.open_box(1);
            f.text(name.as_bytes());
            f.space();
            // Steps: the exception, then its argument.
            f.string(arg, PRINTER_STEPS - 2);
            f.close_box();
            f.text(b".");
            f.close_box();
        }
        Raised::AssertFailure(file, line, col) => {
            f.open_box(0);
            f.text(b"Exception:");
            f.space();
            f.open_box(1);
            f.text(b"Assert_failure");
            f.space();
            f.open_box(1);
            f.text(b"(");
            // Steps: the exception, the tuple, then the file name.
            f.string(file, PRINTER_STEPS - 3);
            f.text(b",");
            f.space();
            f.text(line.to_string().as_bytes());
            f.text(b",");
            f.space();
            f.text(col.to_string().as_bytes());
            f.text(b")");
            f.close_box();
            f.close_box();
            f.text(b".");
            f.close_box();
        }
    }
    f.flush()
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

/// How a box breaks its lines (`Format`'s `box_type`, the kinds used here).
#[derive(Clone, Copy, PartialEq, Eq)]
enum BoxKind {
    /// The formatter's outer box.
    HorizontalOrVertical,
    /// `@[`: a structural box.
    Structural,
    /// A box found to fit on the line: its breaks never break.
    Fits,
}

enum Token {
    Text(Vec<u8>),
    /// A box opens, with this indentation of its broken lines.
    Begin(i64, BoxKind),
    End,
    /// A break hint: `width` spaces, or a new line indented by `offset`.
    Break {
        width: i64,
        offset: i64,
    },
}

/// A token in the queue; a negative `size` is not known yet (minus the
/// total length enqueued before it).
struct Elem {
    size: i64,
    token: Token,
    length: i64,
}

/// A copy of the pretty-printing engine of OCaml's `Format` for text, boxes
/// and break hints (see the module documentation).
struct Layout {
    queue: Vec<Elem>,
    /// The first element of `queue` not printed yet.
    head: usize,
    /// Open boxes and breaks whose size is not known yet: (the total length
    /// enqueued when pushed, index in `queue`, or `None` for the bottom).
    scan: Vec<(i64, Option<usize>)>,
    /// The boxes being printed: kind and width.
    format: Vec<(BoxKind, i64)>,
    left_total: i64,
    right_total: i64,
    space_left: i64,
    current_indent: i64,
    is_new_line: bool,
    depth: usize,
    out: Vec<u8>,
}

impl Layout {
    /// A fresh formatter (`pp_make_formatter`): its outer box is open.
    fn new() -> Layout {
        Layout {
            queue: vec![Elem {
                size: -1,
                token: Token::Begin(0, BoxKind::HorizontalOrVertical),
                length: 0,
            }],
            head: 0,
            scan: vec![(-1, None), (1, Some(0))],
            format: Vec::new(),
            left_total: 1,
            right_total: 1,
            space_left: MARGIN,
            current_indent: 0,
            is_new_line: true,
            depth: 1,
            out: Vec::new(),
        }
    }

    /// `pp_print_string`.
    fn text(&mut self, s: &[u8]) {
        let len = s.len() as i64;
        self.enqueue(Elem {
            size: len,
            token: Token::Text(s.to_vec()),
            length: len,
        });
        self.advance_left();
    }

    /// `Oprint`'s string value: quoted and escaped, cut to `max` bytes.
    fn string(&mut self, s: &[u8], max: usize) {
        self.text(b"\"");
        self.text(&escape_string(&s[..s.len().min(max)]));
        self.text(b"\"");
        if s.len() > max {
            self.text(b"... (* string length ");
            self.text(s.len().to_string().as_bytes());
            self.text(b"; truncated *)");
        }
    }

    /// `@[<indent>`: `pp_open_box_gen indent Pp_box`.
    fn open_box(&mut self, indent: i64) {
        self.depth += 1;
        let elem = Elem {
            size: -self.right_total,
            token: Token::Begin(indent, BoxKind::Structural),
            length: 0,
        };
        self.scan_push(false, elem);
    }

    /// `@]`.
    fn close_box(&mut self) {
        if self.depth > 1 {
            self.enqueue(Elem {
                size: 0,
                token: Token::End,
                length: 0,
            });
            self.set_size(true);
            self.set_size(false);
            self.depth -= 1;
        }
    }

    /// `@ `: `pp_print_break 1 0`.
    fn space(&mut self) {
        let elem = Elem {
            size: -self.right_total,
            token: Token::Break {
                width: 1,
                offset: 0,
            },
            length: 1,
        };
        self.scan_push(true, elem);
    }

    /// `@.` without its newline: closes the boxes and prints everything.
    fn flush(mut self) -> Vec<u8> {
        while self.depth > 1 {
            self.close_box();
        }
        self.right_total = INFINITY;
        self.advance_left();
        self.out
    }

    fn enqueue(&mut self, elem: Elem) {
        self.right_total += elem.length;
        self.queue.push(elem);
    }

    fn scan_push(&mut self, is_break: bool, elem: Elem) {
        self.enqueue(elem);
        if is_break {
            self.set_size(true);
        }
        self.scan
            .push((self.right_total, Some(self.queue.len() - 1)));
    }

    /// Sets the size of the break (`of_break`) or box on top of the scan
    /// stack, now that it ends.
    fn set_size(&mut self, of_break: bool) {
        let Some(&(left_total, index)) = self.scan.last() else {
            return;
        };
        if left_total < self.left_total {
            self.scan.clear();
            self.scan.push((-1, None));
            return;
        }
        let Some(i) = index else { return };
        let is_break = match self.queue[i].token {
            Token::Break { .. } => true,
            Token::Begin(..) => false,
            Token::Text(_) | Token::End => return,
        };
        if is_break == of_break {
            self.queue[i].size += self.right_total;
            self.scan.pop();
        }
    }

    /// Prints the tokens whose size is known, or that cannot fit anyway.
    fn advance_left(&mut self) {
        while let Some(elem) = self.queue.get(self.head) {
            let pending = self.right_total - self.left_total;
            if elem.size < 0 && pending < self.space_left {
                break;
            }
            let size = if elem.size < 0 { INFINITY } else { elem.size };
            let length = elem.length;
            let token = std::mem::replace(&mut self.queue[self.head].token, Token::End);
            self.head += 1;
            self.format_token(size, token);
            self.left_total += length;
        }
    }

    fn format_token(&mut self, size: i64, token: Token) {
        match token {
            Token::Text(s) => {
                self.space_left -= size;
                self.out.extend_from_slice(&s);
                self.is_new_line = false;
            }
            Token::Begin(offset, kind) => {
                if MARGIN - self.space_left > MAX_INDENT {
                    self.force_break_line();
                }
                let width = self.space_left - offset;
                let kind = if size > self.space_left {
                    kind
                } else {
                    BoxKind::Fits
                };
                self.format.push((kind, width));
            }
            Token::End => {
                self.format.pop();
            }
            Token::Break { width, offset } => {
                let Some(&(kind, box_width)) = self.format.last() else {
                    return;
                };
                let new_line = match kind {
                    BoxKind::Fits => false,
                    BoxKind::HorizontalOrVertical => size > self.space_left,
                    BoxKind::Structural => {
                        !self.is_new_line
                            && (size > self.space_left
                                || self.current_indent > MARGIN - box_width + offset)
                    }
                };
                if new_line {
                    self.break_new_line(offset, box_width);
                } else {
                    self.space_left -= width;
                    self.spaces(width);
                }
            }
        }
    }

    fn break_new_line(&mut self, offset: i64, width: i64) {
        self.out.push(b'\n');
        self.is_new_line = true;
        let indent = (MARGIN - width + offset).min(MAX_INDENT);
        self.current_indent = indent;
        self.space_left = MARGIN - indent;
        self.spaces(indent);
    }

    fn force_break_line(&mut self) {
        match self.format.last() {
            None => self.out.push(b'\n'),
            Some(&(kind, width)) => {
                if width > self.space_left && kind != BoxKind::Fits {
                    self.break_new_line(0, width);
                }
            }
        }
    }

    fn spaces(&mut self, n: i64) {
        let n = usize::try_from(n).unwrap_or(0);
        self.out.extend(std::iter::repeat_n(b' ', n));
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
