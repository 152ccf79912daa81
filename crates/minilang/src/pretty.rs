//! A port of the pretty-printing engine of OCaml's `Format` (4.13,
//! `stdlib/format.ml`), so that what minilang prints as OCaml does breaks
//! its lines exactly where OCaml breaks them: the signatures of
//! `ocamlc -i`, the types in error messages, the toplevel's exception
//! reports (and, later, its values).
//!
//! The engine is a queue of tokens (text, break hints, box openings and
//! closings) whose sizes are computed as the material after them arrives
//! (the scan stack); a token is printed as soon as its size is known or it
//! cannot fit anyway. Boxes are OCaml's: `@[<n>` ([`BoxKind::Structural`]),
//! `@[<hov n>` ([`BoxKind::Hov`]), `@[<v n>` ([`BoxKind::Vertical`]). Text is
//! bytes, written as they are (an exception message holding byte 0xFF
//! writes that byte).

/// Box kinds of OCaml's `Format` that minilang's printers use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BoxKind {
    /// `@[<n>` (`Pp_box`): breaks when the rest does not fit, or when
    /// breaking would reduce the indentation.
    Structural,
    /// `@[<hov n>` (`Pp_hovbox`), the formatter's own outer box.
    Hov,
    /// `@[<v n>` (`Pp_vbox`): every break is a new line.
    Vertical,
    /// A box that fits on the line: no break is a new line.
    Fits,
}

#[derive(Clone, Debug)]
enum Token {
    Text(Vec<u8>),
    Break { width: isize, offset: isize },
    Begin { indent: isize, kind: BoxKind },
    End,
}

#[derive(Debug)]
struct QueueElem {
    /// Negative while unknown (then minus the right total at creation).
    size: isize,
    token: Token,
    length: isize,
}

/// OCaml's "infinity" for sizes.
const INFINITY: isize = 1_000_000_010;

/// A `Format` formatter with OCaml's default margin (78) and maximal
/// indentation (68), writing into a buffer (see the module documentation).
#[derive(Debug)]
pub(crate) struct Formatter {
    out: Vec<u8>,
    margin: isize,
    max_indent: isize,
    space_left: isize,
    current_indent: isize,
    is_new_line: bool,
    left_total: isize,
    right_total: isize,
    curr_depth: usize,
    /// Open boxes: kind and width.
    format_stack: Vec<(BoxKind, isize)>,
    /// `(left_total, index into queue)`; `None` is the bottom sentinel.
    scan_stack: Vec<(isize, Option<usize>)>,
    queue: Vec<QueueElem>,
    /// Elements before this index have been printed.
    head: usize,
}

impl Formatter {
    /// A fresh formatter (`pp_make_formatter`): its outer box is open.
    pub(crate) fn new() -> Formatter {
        let margin = 78;
        let mut f = Formatter {
            out: Vec::new(),
            margin,
            max_indent: margin - 10,
            space_left: margin,
            current_indent: 0,
            is_new_line: true,
            left_total: 1,
            right_total: 1,
            curr_depth: 1,
            format_stack: Vec::new(),
            scan_stack: Vec::new(),
            queue: Vec::new(),
            head: 0,
        };
        // The formatter's own outer box, as `pp_make_formatter` sets it up.
        f.queue.push(QueueElem {
            size: -1,
            token: Token::Begin {
                indent: 0,
                kind: BoxKind::Hov,
            },
            length: 0,
        });
        f.initialize_scan_stack();
        f.scan_stack.push((1, Some(0)));
        f
    }

    fn initialize_scan_stack(&mut self) {
        self.scan_stack.clear();
        self.scan_stack.push((-1, None));
    }

    fn enqueue(&mut self, elem: QueueElem) -> usize {
        self.right_total += elem.length;
        self.queue.push(elem);
        self.queue.len() - 1
    }

    fn advance_left(&mut self) {
        while self.head < self.queue.len() {
            let size = self.queue[self.head].size;
            let pending = self.right_total - self.left_total;
            if !(size >= 0 || pending >= self.space_left) {
                break;
            }
            let token = self.queue[self.head].token.clone();
            let length = self.queue[self.head].length;
            self.head += 1;
            let size = if size >= 0 { size } else { INFINITY };
            self.format_token(size, token);
            self.left_total += length;
        }
    }

    fn format_token(&mut self, size: isize, token: Token) {
        match token {
            Token::Text(s) => {
                self.space_left -= size;
                self.out.extend_from_slice(&s);
                self.is_new_line = false;
            }
            Token::Begin { indent, kind } => {
                let insertion_point = self.margin - self.space_left;
                if insertion_point > self.max_indent {
                    self.force_break_line();
                }
                let width = self.space_left - indent;
                let kind = match kind {
                    BoxKind::Vertical => BoxKind::Vertical,
                    k if size > self.space_left => k,
                    _ => BoxKind::Fits,
                };
                self.format_stack.push((kind, width));
            }
            Token::End => {
                self.format_stack.pop();
            }
            Token::Break { width, offset } => {
                let Some(&(kind, box_width)) = self.format_stack.last() else {
                    return;
                };
                match kind {
                    BoxKind::Hov => {
                        if size > self.space_left {
                            self.break_new_line(offset, box_width);
                        } else {
                            self.break_same_line(width);
                        }
                    }
                    BoxKind::Structural => {
                        if self.is_new_line {
                            self.break_same_line(width);
                        } else if size > self.space_left
                            || self.current_indent > self.margin - box_width + offset
                        {
                            self.break_new_line(offset, box_width);
                        } else {
                            self.break_same_line(width);
                        }
                    }
                    BoxKind::Vertical => self.break_new_line(offset, box_width),
                    BoxKind::Fits => self.break_same_line(width),
                }
            }
        }
    }

    fn break_new_line(&mut self, offset: isize, width: isize) {
        self.out.push(b'\n');
        self.is_new_line = true;
        let indent = self.margin - width + offset;
        let real_indent = indent.min(self.max_indent);
        self.current_indent = real_indent;
        self.space_left = self.margin - real_indent;
        self.spaces(real_indent);
    }

    fn break_same_line(&mut self, width: isize) {
        self.space_left -= width;
        self.spaces(width);
    }

    fn spaces(&mut self, n: isize) {
        let n = usize::try_from(n).unwrap_or(0);
        self.out.extend(std::iter::repeat_n(b' ', n));
    }

    fn force_break_line(&mut self) {
        match self.format_stack.last() {
            None => self.out.push(b'\n'),
            Some(&(kind, width)) => {
                if width > self.space_left && kind != BoxKind::Fits {
                    self.break_new_line(0, width);
                }
            }
        }
    }

    fn set_size(&mut self, is_break: bool) {
        let Some(&(left_total, index)) = self.scan_stack.last() else {
            return;
        };
        if left_total < self.left_total {
            self.initialize_scan_stack();
            return;
        }
        let Some(i) = index else { return };
        let matches = match self.queue[i].token {
            Token::Break { .. } => is_break,
            Token::Begin { .. } => !is_break,
            _ => false,
        };
        if matches {
            self.queue[i].size += self.right_total;
            self.scan_stack.pop();
        }
    }

    fn scan_push(&mut self, is_break: bool, elem: QueueElem) {
        let i = self.enqueue(elem);
        if is_break {
            self.set_size(true);
        }
        self.scan_stack.push((self.right_total, Some(i)));
    }

    /// `@[<kind indent>`: opens a box.
    pub(crate) fn open_box(&mut self, indent: isize, kind: BoxKind) {
        self.curr_depth += 1;
        let elem = QueueElem {
            size: -self.right_total,
            token: Token::Begin { indent, kind },
            length: 0,
        };
        self.scan_push(false, elem);
    }

    /// `@]`: closes the innermost box.
    pub(crate) fn close_box(&mut self) {
        if self.curr_depth > 1 {
            self.enqueue(QueueElem {
                size: 0,
                token: Token::End,
                length: 0,
            });
            self.set_size(true);
            self.set_size(false);
            self.curr_depth -= 1;
        }
    }

    /// `pp_print_string`: text that never breaks.
    pub(crate) fn text(&mut self, s: impl AsRef<[u8]>) {
        let s = s.as_ref();
        let len = s.len() as isize;
        self.enqueue(QueueElem {
            size: len,
            token: Token::Text(s.to_vec()),
            length: len,
        });
        self.advance_left();
    }

    /// `@ `: a break of one space, no offset.
    pub(crate) fn space(&mut self) {
        let elem = QueueElem {
            size: -self.right_total,
            token: Token::Break {
                width: 1,
                offset: 0,
            },
            length: 1,
        };
        self.scan_push(true, elem);
    }

    /// `@.` without its newline: closes every box and prints what is
    /// pending.
    pub(crate) fn flush(&mut self) {
        while self.curr_depth > 1 {
            self.close_box();
        }
        self.right_total = INFINITY;
        self.advance_left();
    }

    /// `@.`: [`flush`](Self::flush), then a newline.
    pub(crate) fn print_newline(&mut self) {
        self.flush();
        self.out.push(b'\n');
    }

    /// What has been printed so far.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}
