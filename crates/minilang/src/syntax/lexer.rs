//! The lexer: source text to tokens (logos 0.16).
//!
//! Lexical errors never stop the lexer. Each one becomes a [`Diagnostic`] and,
//! where a token was expected, a [`TokenKind::Error`] token that the parser
//! accepts silently as an erroneous expression, so one bad character yields
//! one error message and no cascade.
//!
//! Lexing is streaming: a [`Lexer`] hands out one token at a time, and the
//! parser pulls them on demand with a lookahead of at most three tokens, so
//! no token vector is built and lexing an error-free source allocates
//! nothing. [`lex`] collects the tokens of a whole source, for dumps and
//! tests.
//!
//! A [`TokenKind::Str`] token holds the source range of the literal's text
//! between its quotes; the lexer checks the escapes (and reports bad ones),
//! and [`decode_string`] decodes them where the bytes are wanted, so tokens
//! stay `Copy` and need no buffer.
//!
//! The most common tokens (blanks, words and keywords, parentheses, `;`)
//! are scanned by hand in [`Lexer`] before the automaton is asked: they make
//! about two thirds of the tokens of a typical program, and a plain loop and
//! one `match` on a word's bytes are faster than the automaton's states. The
//! hand-written path makes exactly the automaton's tokens (tests check it on
//! every keyword); everything else is left to the automaton and its
//! callbacks.
//!
//! Comments are skipped by a callback that scans the remainder byte by byte
//! (no recursion, so 100,000 nested or consecutive comments are fine). As in
//! OCaml, string literals, quoted strings `{id|...|id}` and character literals
//! are recognised inside comments, so `(* "*)" *)` is one comment.

use std::fmt::Write as _;

use logos::Logos;

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{BinOp, Span};
pub use crate::syntax::token::TokenKind;
use crate::syntax::token::{self, keyword, keyword_word};

/// The source range of a string literal's text: after the opening quote, up
/// to the closing quote (or the end of input), escapes not yet decoded (see
/// [`decode_string`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct StrRange {
    /// First byte of the text in the source.
    pub start: u32,
    /// One past the last byte of the text in the source.
    pub end: u32,
}

/// A token: its kind and its byte span in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// State shared by the lexer callbacks.
#[derive(Debug, Default)]
pub struct Extras {
    /// Lexical errors found by callbacks, in the order they were found.
    diags: Vec<Diagnostic>,
}

/// The result of lexing a whole source text.
#[derive(Debug, Default)]
pub struct Lexed<'s> {
    /// The source text.
    pub src: &'s str,
    /// The tokens, ending with one [`TokenKind::Eof`].
    pub tokens: Vec<Token>,
    /// Lexical errors, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Lexed<'_> {
    /// The decoded bytes of a string literal token.
    #[must_use]
    pub fn string(&self, range: StrRange) -> std::borrow::Cow<'_, [u8]> {
        decode_string(self.src, range)
    }
}

type Lx<'s> = logos::Lexer<'s, TokenKind>;

/// `usize` to `u32`. Sources longer than `u32::MAX` bytes are refused by
/// [`lex`] before any span is made, so this never saturates in practice.
fn pos(p: usize) -> u32 {
    u32::try_from(p).unwrap_or(u32::MAX)
}

fn span(start: usize, end: usize) -> Span {
    Span::new(pos(start), pos(end))
}

/// The length of the UTF-8 character that starts with byte `b` (1 for a
/// continuation byte, which cannot start a character of a valid `&str`).
fn char_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

const fn is_identchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'\''
}

/// Whether each byte may continue an identifier (see [`is_identchar`]).
const IDENTCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_identchar(b as u8);
        b += 1;
    }
    table
};

/// [`keyword`] of `src[start..end]`, reading a short word as one integer.
#[inline]
fn keyword_at(src: &[u8], start: usize, end: usize) -> TokenKind {
    let n = end - start;
    if (token::MIN_KEYWORD_LEN..=8).contains(&n) {
        if let Some(bytes) = src
            .get(start..start + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
        {
            let w = u64::from_le_bytes(bytes) & (u64::MAX >> (64 - 8 * n));
            return keyword_word(w);
        }
    }
    keyword(&src[start..end])
}

pub(super) fn reserved(lex: &mut Lx<'_>) -> TokenKind {
    let word = lex.slice();
    let sp = span(lex.span().start, lex.span().end);
    lex.extras.diags.push(
        Diagnostic::error(
            Code::E0005,
            format!("Syntax error: `{word}` is a reserved keyword"),
            sp,
            "reserved keyword",
        )
        .with_help(format!("`{word}` is an OCaml keyword that minilang v1 does not support; it cannot be used as a name")),
    );
    TokenKind::Error
}

/// How OCaml names the illegal character `c` (`Char.escaped` of the byte
/// its lexer rejects): `\r`, `\\`, `\001`, `\127`. OCaml reads bytes, and
/// takes the Latin-1 letters among 192..=255 as identifier characters, so
/// in a UTF-8 character whose lead byte is one of them (`é` is 195 169) the
/// byte it rejects is the second.
fn ocaml_illegal_byte(c: char) -> String {
    let mut utf8 = [0; 4];
    let bytes = c.encode_utf8(&mut utf8).as_bytes();
    let lead_is_letter = |b: u8| b >= 192 && b != 215 && b != 247;
    let byte = match bytes {
        [lead, second, ..] if lead_is_letter(*lead) => *second,
        [first, ..] => *first,
        [] => unreachable!("a character has at least one byte"),
    };
    match byte {
        b'\\' => "\\\\".to_owned(),
        b'\'' => "\\'".to_owned(),
        b'\n' => "\\n".to_owned(),
        b'\t' => "\\t".to_owned(),
        b'\r' => "\\r".to_owned(),
        8 => "\\b".to_owned(),
        b' '..=b'~' => char::from(byte).to_string(),
        _ => format!("\\{byte:03}"),
    }
}

/// `text` as quoted in a message: at most 40 characters, then `…`, so that
/// a huge token (a 10 MB literal, a run of operator characters) does not
/// make a huge message.
fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &text[..i]).into(),
        None => text.into(),
    }
}

pub(super) fn unsupported(lex: &mut Lx<'_>) -> TokenKind {
    let text = excerpt(lex.slice());
    let sp = span(lex.span().start, lex.span().end);
    lex.extras.diags.push(
        Diagnostic::error(
            Code::E0004,
            format!("Syntax error: `{text}` is not supported in minilang v1"),
            sp,
            "not supported",
        )
        .with_help("minilang v1 has integers, booleans, strings, unit and functions; no tuples, lists, records or polymorphic variants"),
    );
    TokenKind::Error
}

/// `'`: a character literal (not in v1), or a stray quote.
pub(super) fn quote(lex: &mut Lx<'_>) -> TokenKind {
    let rem = lex.remainder().as_bytes();
    let len = char_literal_len(rem);
    let start = lex.span().start;
    if len > 0 {
        lex.bump(len);
        lex.extras.diags.push(
            Diagnostic::error(
                Code::E0004,
                "Syntax error: character literals are not supported in minilang v1",
                span(start, start + 1 + len),
                "character literal",
            )
            .with_help("use a one-character string literal instead, e.g. \"a\""),
        );
    } else {
        lex.extras.diags.push(Diagnostic::error(
            Code::E0001,
            "Illegal character (')",
            span(start, start + 1),
            "unexpected quote",
        ));
    }
    TokenKind::Error
}

/// If `rem` (just after a `'`) continues a character literal, the number of
/// bytes up to and including its closing quote; 0 otherwise. Follows the
/// shapes OCaml recognises (also inside comments).
fn char_literal_len(rem: &[u8]) -> usize {
    let at = |i: usize| rem.get(i).copied();
    match at(0) {
        None | Some(b'\'') => 0,
        Some(b'\\') => {
            let esc = at(1);
            let closes = |n: usize| if at(n) == Some(b'\'') { n + 1 } else { 0 };
            match esc {
                Some(b'\\' | b'"' | b'\'' | b'n' | b't' | b'b' | b'r' | b' ') => closes(2),
                Some(b'0'..=b'9') if (2..4).all(|i| at(i).is_some_and(|c| c.is_ascii_digit())) => {
                    closes(4)
                }
                Some(b'o') if (2..5).all(|i| at(i).is_some_and(|c| (b'0'..=b'7').contains(&c))) => {
                    closes(5)
                }
                Some(b'x') if (2..4).all(|i| at(i).is_some_and(|c| c.is_ascii_hexdigit())) => {
                    closes(4)
                }
                _ => 0,
            }
        }
        Some(b'\n' | b'\r') => match newline_len(rem) {
            Some(n) if at(n) == Some(b'\'') => n + 1,
            _ => 0,
        },
        Some(c) => {
            let n = char_len(c);
            if at(n) == Some(b'\'') { n + 1 } else { 0 }
        }
    }
}

/// An operator run: one of the v1 operators, the qualifier dot, or an error.
#[inline]
pub(super) fn lex_operator(lex: &mut Lx<'_>) -> TokenKind {
    use TokenKind as T;
    let text = lex.slice();
    let kind = token::operator(text);
    let start = lex.span().start;
    if kind == T::Star && lex.remainder().starts_with(')') {
        // `*)` outside a comment. OCaml warns and reads `*` `)`; minilang
        // rejects it, as one error token: a stray comment end is far more
        // likely than a product missing its right operand.
        lex.bump(1);
        lex.extras.diags.push(
            Diagnostic::error(
                Code::E0003,
                "Syntax error: this is not the end of a comment",
                span(start, start + 2),
                "`*)` outside a comment",
            )
            .with_help("no comment is open here; to multiply by a parenthesised expression, write `* (...)`"),
        );
        return T::Error;
    }
    if kind == T::Error {
        if let Some(other) = ocaml_operator(text) {
            // OCaml's checker, not its lexer, rejects it: an unbound name.
            return other;
        }
        lex.extras.diags.push(
            Diagnostic::error(
                Code::E0002,
                format!("Syntax error: unknown operator `{}`", excerpt(text)),
                span(start, lex.span().end),
                "not an operator of minilang",
            )
            .with_help(format!(
                "a run of operator characters is one token: write `1 - -1`, not `1--1`; the operators are {}",
                BinOp::ALL.map(BinOp::as_str).join(" ")
            )),
        );
    }
    kind
}

/// The operator token OCaml's lexer makes of the run `text`, which is not
/// one of minilang's: an infix operator (`INFIXOP0`..`INFIXOP4`, `+.`,
/// `-.`, `+=`) or a prefix one (`!`, `!...`, `~...`, `?...`); `None` for
/// OCaml's punctuation (`<-`, `|`, `&`, `%`, `:=`, `::`, `.`, ...).
///
/// Runs with a `.` (but `+.`, `-.`) stay errors, as minilang reads `=.` as
/// a qualified name; so do runs over 40 bytes, whose name would make a
/// huge report.
fn ocaml_operator(text: &str) -> Option<TokenKind> {
    let bytes = text.as_bytes();
    if bytes.len() > 40 || (text.contains('.') && !matches!(text, "+." | "-.")) {
        return None;
    }
    match bytes[0] {
        b'!' => Some(TokenKind::OtherPrefix),
        b'~' | b'?' if bytes.len() > 1 => Some(TokenKind::OtherPrefix),
        b'=' | b'<' | b'>' | b'|' | b'&' | b'$' | b'@' | b'^' | b'+' | b'-' | b'*' | b'/'
        | b'%'
            if !matches!(text, "<-" | "|" | "&" | "%") =>
        {
            Some(TokenKind::OtherInfix)
        }
        _ => None,
    }
}

/// The precedence (on [`BinOp::precedence`]'s scale) and left
/// associativity OCaml gives the infix operator `text` not defined by
/// minilang, by its first characters: `**...` above `*`, then `*` `/` `%`,
/// `+` `-`, `@` `^` (right), and `=` `<` `>` `|` `&` `$`.
#[must_use]
pub fn other_infix_precedence(text: &str) -> (u8, bool) {
    if text.starts_with("**") {
        return (BinOp::Mul.precedence() + 1, false);
    }
    let like = match text.as_bytes().first() {
        Some(b'*' | b'/' | b'%') => BinOp::Mul,
        Some(b'+' | b'-') => BinOp::Add,
        Some(b'@' | b'^') => BinOp::Concat,
        _ => BinOp::Eq,
    };
    (like.precedence(), like.is_left_assoc())
}

/// An integer literal (or a float or malformed literal, which are errors).
/// The common integer literal at `start` (a digit): at most 18 decimal
/// digits (under 2^62, no wrapping) followed by neither `.` nor a
/// character that could continue the literal. Its value and end.
#[inline]
fn short_decimal(src: &[u8], start: usize) -> Option<(i64, usize)> {
    let digits = src[start..]
        .iter()
        .take(19)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let after = src.get(start + digits).copied().unwrap_or(0);
    if digits <= 18 && after != b'.' && !is_identchar(after) {
        let value = src[start..start + digits]
            .iter()
            .fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
        return Some((value, start + digits));
    }
    None
}

/// Matched on its first digit; scans the rest by hand, mirroring OCaml's
/// `int_literal`, `float_literal` and `(literal) identchar+` rules.
#[inline]
pub(super) fn lex_number(lex: &mut Lx<'_>) -> TokenKind {
    let start = lex.span().start;
    let src = lex.source().as_bytes();
    if let Some((value, end)) = short_decimal(src, start) {
        lex.bump(end - start - 1);
        return TokenKind::Int(value);
    }
    let at = |i: usize| src.get(i).copied().unwrap_or(0);
    let mut p = start + 1;
    let first = src[start];
    let radix = match (first, at(p)) {
        (b'0', b'x' | b'X') => 16,
        (b'0', b'o' | b'O') => 8,
        (b'0', b'b' | b'B') => 2,
        _ => 10,
    };
    let mut is_float = false;
    let digits_start;
    if radix == 10 {
        digits_start = start;
        while at(p).is_ascii_digit() || at(p) == b'_' {
            p += 1;
        }
        if at(p) == b'.' {
            is_float = true;
            p += 1;
            while at(p).is_ascii_digit() || at(p) == b'_' {
                p += 1;
            }
        }
        if matches!(at(p), b'e' | b'E') {
            let mut q = p + 1;
            if matches!(at(q), b'+' | b'-') {
                q += 1;
            }
            if at(q).is_ascii_digit() {
                is_float = true;
                p = q;
                while at(p).is_ascii_digit() || at(p) == b'_' {
                    p += 1;
                }
            }
        }
    } else {
        p += 1;
        digits_start = p;
        if (at(p) as char).is_digit(radix) {
            p += 1;
            while (at(p) as char).is_digit(radix) || at(p) == b'_' {
                p += 1;
            }
        } else {
            // `0x` alone, `0x_F`, `0b2`: the whole word is an invalid literal.
            p = digits_start - 1;
        }
    }
    let literal_end = p;
    while is_identchar(at(p)) {
        p += 1;
    }
    lex.bump(p - lex.span().end);
    // Only for messages: `excerpt` allocates for a literal over 40 bytes.
    let text = || excerpt(&lex.source()[start..p]);
    let sp = span(start, p);
    if p == literal_end + 1 && !is_float && is_unknown_modifier(at(literal_end)) {
        // `1g`: OCaml reads a literal with a modifier, and its type checker
        // rejects the modifier (only `l`, `L`, `n` are known, and not in v1).
        lex.extras.diags.push(
            Diagnostic::error(
                Code::E0009,
                format!(
                    "Unknown modifier '{}' for literal {}",
                    at(literal_end) as char,
                    text()
                ),
                sp,
                "unknown modifier",
            )
            .with_help("minilang v1 has only literals of type int, with no modifier"),
        );
        return TokenKind::Error;
    }
    if p != literal_end {
        lex.extras.diags.push(
            Diagnostic::error(Code::E0006, format!("Invalid literal {}", text()), sp, "invalid literal").with_help(
                "integer literals are decimal (`17`), hex (`0x1F`), octal (`0o17`) or binary (`0b101`), \
                 with `_` allowed after the first digit",
            ),
        );
        return TokenKind::Error;
    }
    if is_float {
        lex.extras.diags.push(
            Diagnostic::error(
                Code::E0007,
                format!(
                    "Syntax error: float literals are not supported in minilang v1 ({})",
                    text()
                ),
                sp,
                "float literal",
            )
            .with_help("minilang v1 has only integers"),
        );
        return TokenKind::Error;
    }
    // Accumulate in u64, refusing anything over the limit.
    let limit: u64 = if radix == 10 { 1 << 62 } else { (1 << 63) - 1 };
    let mut value: u64 = 0;
    let mut overflow = false;
    for &b in &src[digits_start..literal_end] {
        if b == b'_' {
            continue;
        }
        let d = u64::from((b as char).to_digit(radix).unwrap_or(0));
        match value
            .checked_mul(u64::from(radix))
            .and_then(|v| v.checked_add(d))
        {
            Some(v) if v <= limit => value = v,
            _ => {
                overflow = true;
                break;
            }
        }
    }
    if overflow {
        let max = if radix == 10 {
            "4611686018427387904 (decimal, which denotes min_int)"
        } else {
            "0x7FFFFFFFFFFFFFFF (hexadecimal, octal or binary)"
        };
        lex.extras.diags.push(
            Diagnostic::error(
                Code::E0008,
                "Integer literal exceeds the range of representable integers of type int",
                sp,
                format!("{} is too large", text()),
            )
            .with_help(format!("the largest literal is {max}")),
        );
        return TokenKind::Error;
    }
    // Wrap to 63 bits: bit 62 is the sign.
    let wrapped = ((value << 1) as i64) >> 1;
    TokenKind::Int(wrapped)
}

/// Whether OCaml reads `c` after an integer literal as a modifier it does
/// not know (`g`..`z`, `G`..`Z` but `l`, `L`, `n`, which minilang v1 has no
/// types for: those stay invalid literals).
fn is_unknown_modifier(c: u8) -> bool {
    matches!(c, b'g'..=b'z' | b'G'..=b'Z') && !matches!(c, b'l' | b'L' | b'n')
}

/// Where [`scan_string`] puts the bytes of a literal and its bad escapes.
trait StrSink {
    /// One decoded byte.
    fn byte(&mut self, b: u8);
    /// Decoded bytes.
    fn bytes(&mut self, b: &[u8]);
    /// A bad escape of `len` bytes at `i` in `rem`; `why` says what is wrong,
    /// in OCaml's words when `ocaml` (OCaml rejects it too, and says why).
    fn bad(&mut self, rem: &[u8], i: usize, len: usize, ocaml: bool, why: impl FnOnce() -> String);
}

/// Checks a literal: reports its bad escapes at `base + i`.
struct Check<'d> {
    base: usize,
    diags: &'d mut Vec<Diagnostic>,
}

impl StrSink for Check<'_> {
    #[inline]
    fn byte(&mut self, _: u8) {}
    #[inline]
    fn bytes(&mut self, _: &[u8]) {}
    #[cold]
    fn bad(&mut self, rem: &[u8], i: usize, len: usize, ocaml: bool, why: impl FnOnce() -> String) {
        let why = why();
        let diag = if ocaml {
            bad_escape(rem, self.base, i, len, Some(why))
        } else {
            let mut diag = bad_escape(rem, self.base, i, len, None);
            diag.primary.message = why;
            diag
        };
        self.diags.push(diag);
    }
}

/// The error for the escape of `len` bytes at `i` in `rem` (which starts at
/// `base` in the source), with OCaml's text: "Illegal backslash escape in
/// string or character (\\q)", then `: reason` when OCaml gives one.
#[cold]
fn bad_escape(rem: &[u8], base: usize, i: usize, len: usize, reason: Option<String>) -> Diagnostic {
    let text = String::from_utf8_lossy(&rem[i..i + len]);
    let message = match &reason {
        Some(reason) => {
            format!("Illegal backslash escape in string or character ({text}): {reason}")
        }
        None => format!("Illegal backslash escape in string or character ({text})"),
    };
    Diagnostic::error(
        Code::E0010,
        message,
        span(base + i, base + i + len),
        "illegal escape",
    )
    .with_help(
        "the escapes are \\n \\t \\\\ \\\" \\' \\r \\b \\<space> \\ddd \\xhh \\ooo \\u{h..h}, \
         and \\ at the end of a line",
    )
}

/// Counts the decoded bytes.
struct Count(usize);

impl StrSink for Count {
    #[inline]
    fn byte(&mut self, _: u8) {
        self.0 += 1;
    }
    #[inline]
    fn bytes(&mut self, b: &[u8]) {
        self.0 += b.len();
    }
    #[inline]
    fn bad(&mut self, _: &[u8], _: usize, _: usize, _: bool, _: impl FnOnce() -> String) {}
}

/// Writes the decoded bytes into a slice of exactly their number.
struct Fill<'o> {
    out: &'o mut [u8],
    at: usize,
}

impl StrSink for Fill<'_> {
    #[inline]
    fn byte(&mut self, b: u8) {
        self.out[self.at] = b;
        self.at += 1;
    }
    #[inline]
    fn bytes(&mut self, b: &[u8]) {
        self.out[self.at..self.at + b.len()].copy_from_slice(b);
        self.at += b.len();
    }
    #[inline]
    fn bad(&mut self, _: &[u8], _: usize, _: usize, _: bool, _: impl FnOnce() -> String) {}
}

/// Scans the text of a string literal (`rem` starts after the opening
/// quote), decoding escapes into `sink`. Returns the length of the text
/// (without the closing quote) and whether the closing quote was found.
///
/// Escapes never look past the closing quote, so scanning the text alone
/// (as [`decode_string`] does) decodes the same bytes.
fn scan_string(rem: &[u8], sink: &mut impl StrSink) -> (usize, bool) {
    let at = |i: usize| rem.get(i).copied();
    let mut i = 0;
    let mut plain = 0; // start of the current run of plain bytes
    while i < rem.len() {
        let b = rem[i];
        if b == b'"' {
            sink.bytes(&rem[plain..i]);
            return (i, true);
        }
        if b != b'\\' {
            i += 1;
            continue;
        }
        sink.bytes(&rem[plain..i]);
        // An escape sequence starting at `i`.
        let Some(c) = at(i + 1) else {
            // A lone `\` at the end of input: unterminated.
            return (i + 1, false);
        };
        let simple = match c {
            b'n' => Some(b'\n'),
            b't' => Some(b'\t'),
            b'\\' => Some(b'\\'),
            b'"' => Some(b'"'),
            b'\'' => Some(b'\''),
            b'r' => Some(b'\r'),
            b'b' => Some(8),
            b' ' => Some(b' '),
            _ => None,
        };
        if let Some(byte) = simple {
            sink.byte(byte);
            i += 2;
            plain = i;
            continue;
        }
        let digits = |from: usize, n: usize, radix: u32| -> Option<u32> {
            let mut v = 0;
            for k in 0..n {
                let d = (at(from + k)? as char).to_digit(radix)?;
                v = v * radix + d;
            }
            Some(v)
        };
        match c {
            b'\n' | b'\r' if newline_len(&rem[i + 1..]).is_some() => {
                i += 1 + newline_len(&rem[i + 1..]).unwrap_or(1);
                while matches!(at(i), Some(b' ' | b'\t')) {
                    i += 1;
                }
            }
            b'0'..=b'9' => match digits(i + 1, 3, 10) {
                Some(v) if v <= 255 => {
                    sink.byte(v as u8);
                    i += 4;
                }
                Some(v) => {
                    sink.bad(rem, i, 4, true, || {
                        format!("{v} is outside the range of legal characters (0-255).")
                    });
                    i += 4;
                }
                None => {
                    sink.bad(rem, i, 2, false, || {
                        "`\\` and a digit must be followed by exactly 3 decimal digits".into()
                    });
                    i += 2;
                }
            },
            b'x' => match digits(i + 2, 2, 16) {
                Some(v) => {
                    sink.byte(v as u8);
                    i += 4;
                }
                None => {
                    sink.bad(rem, i, 2, false, || {
                        "`\\x` must be followed by exactly 2 hexadecimal digits".into()
                    });
                    i += 2;
                }
            },
            b'o' => match digits(i + 2, 3, 8) {
                Some(v) if v <= 255 => {
                    sink.byte(v as u8);
                    i += 5;
                }
                Some(v) => {
                    sink.bad(rem, i, 5, true, || {
                        format!("o{v:o} (={v}) is outside the range of legal characters (0-255).")
                    });
                    i += 5;
                }
                None => {
                    sink.bad(rem, i, 2, false, || {
                        "`\\o` must be followed by exactly 3 octal digits".into()
                    });
                    i += 2;
                }
            },
            b'u' => match (at(i + 2) == Some(b'{'))
                .then(|| unicode_escape(&rem[i..]))
                .flatten()
            {
                Some((len, Ok(ch))) => {
                    let mut tmp = [0; 4];
                    sink.bytes(ch.encode_utf8(&mut tmp).as_bytes());
                    i += len;
                }
                Some((len, Err(why))) => {
                    sink.bad(rem, i, len, true, || why);
                    i += len;
                }
                None => {
                    sink.bad(rem, i, 2, false, || {
                        "`\\u` must be followed by `{`, 1 to 6 hexadecimal digits and `}`".into()
                    });
                    i += 2;
                }
            },
            _ => {
                let len = 1 + char_len(c);
                sink.bad(rem, i, len, false, || "unknown escape".into());
                sink.bytes(&rem[i..i + len]);
                i += len;
            }
        }
        plain = i;
    }
    let i = i.min(rem.len());
    sink.bytes(&rem[plain.min(i)..i]);
    (i, false)
}

/// The decoded bytes of the string literal whose text is `range` of `src`
/// (from a [`TokenKind::Str`] token of `src`): borrowed when the text has no
/// escapes.
#[must_use]
pub fn decode_string(src: &str, range: StrRange) -> std::borrow::Cow<'_, [u8]> {
    let raw = &src.as_bytes()[range.start as usize..range.end as usize];
    if !raw.contains(&b'\\') {
        return raw.into();
    }
    let mut out = vec![0; decoded_len(raw)];
    decode_into(raw, &mut out);
    out.into()
}

/// The number of bytes that the text `raw` of a string literal (with at
/// least one escape) decodes to; see [`decode_into`].
#[must_use]
pub fn decoded_len(raw: &[u8]) -> usize {
    let mut count = Count(0);
    scan_string(raw, &mut count);
    count.0
}

/// Decodes the text `raw` of a string literal into `out`, which has exactly
/// [`decoded_len`]`(raw)` bytes. The bad escapes were reported when the
/// literal was lexed.
pub fn decode_into(raw: &[u8], out: &mut [u8]) {
    scan_string(raw, &mut Fill { out, at: 0 });
}

/// A string literal: checks its escapes; the token holds its text's range.
#[inline]
pub(super) fn lex_string(lex: &mut Lx<'_>) -> TokenKind {
    let quote = lex.span().start;
    let base = lex.span().end;
    let rem = lex.remainder().as_bytes();
    let (len, terminated) = scan_string(
        rem,
        &mut Check {
            base,
            diags: &mut lex.extras.diags,
        },
    );
    lex.bump(len + usize::from(terminated));
    if !terminated {
        lex.extras.diags.push(
            Diagnostic::error(
                Code::E0011,
                "String literal not terminated",
                span(quote, quote + 1),
                "this string is never closed",
            )
            .with_help("add a closing `\"`"),
        );
    }
    TokenKind::Str(StrRange {
        start: pos(base),
        end: pos(base + len),
    })
}

/// A comment, possibly nested: scanned to its matching `*)` and skipped.
#[inline]
pub(super) fn lex_comment(lex: &mut Lx<'_>) -> logos::Skip {
    let open = lex.span().start;
    let base = lex.span().end;
    let rem = lex.remainder().as_bytes();
    let diags = &mut lex.extras.diags;
    let mut bad_escapes = 0;
    let scanned = scan_comment(rem, |event| {
        if let Event::BadEscape(at, len, why) = event {
            diags.push(bad_escape(rem, base, at, len, Some(why)));
            bad_escapes += 1;
        }
    });
    let Err(unclosed) = scanned else {
        lex.bump(scanned.unwrap_or_default());
        return logos::Skip;
    };
    lex.bump(rem.len());
    if bad_escapes > 0 {
        // OCaml stops at the bad escape, the error it reports; the end of
        // the comment is never reached.
        return logos::Skip;
    }
    // Scan again, keeping where the nested comments start (only for the
    // message: the common path keeps a count). OCaml reports the error at
    // the innermost comment open there.
    let mut nested: Vec<usize> = Vec::new();
    let _ = scan_comment(rem, |event| match event {
        Event::Open(i) => nested.push(i),
        Event::Close => drop(nested.pop()),
        Event::BadEscape(..) => {}
    });
    let innermost = nested.last().map_or(open, |&inner| base + inner);
    let diag = match unclosed {
        Unclosed::String(i, len) => Diagnostic::error(
            Code::E0013,
            "This comment contains an unterminated string literal",
            span(innermost, innermost + 2),
            "comment begins here",
        )
        .with_label(span(base + i, base + i + len), "String literal begins here")
        .with_help("strings are lexed inside comments, so a `\"` in a comment must be closed"),
        Unclosed::Comment => {
            let mut diag = Diagnostic::error(
                Code::E0012,
                "Comment not terminated",
                span(innermost, innermost + 2),
                "this comment is never closed",
            )
            .with_help("add `*)`; comments nest, so every `(*` inside needs its own `*)`");
            if innermost != open {
                diag = diag.with_label(span(open, open + 2), "nor is the comment around it");
            }
            diag
        }
    };
    lex.extras.diags.push(diag);
    logos::Skip
}

/// What [`scan_comment`] tells its caller about.
enum Event {
    /// A nested comment opens at this position.
    Open(usize),
    /// The innermost nested comment closes.
    Close,
    /// A `\u{...}` escape in a string of the comment is not a character
    /// (OCaml checks those even in comments): position, length, why.
    BadEscape(usize, usize, String),
}

/// Why a comment did not end.
enum Unclosed {
    /// A string literal in it never closes: the position and length of its
    /// opening (`"`, `{id|`, `{%ext id|`).
    String(usize, usize),
    /// The input ends first.
    Comment,
}

/// Scans the rest of a comment (`rem` starts after its `(*`), telling
/// `event` about nested comments and bad escapes. Returns the length up to
/// and including the matching `*)`.
///
/// The lexemes are those of OCaml's `comment` rule: nested comments, string
/// literals (`"..."`, `{id|...|id}`, `{%ext|...|}`, `{%%ext id|...|id}`),
/// character literals (`''` included, one byte between the quotes) and
/// identifiers (so the quote of `don't` starts nothing); any other byte is
/// skipped alone.
#[inline]
fn scan_comment(rem: &[u8], mut event: impl FnMut(Event)) -> Result<usize, Unclosed> {
    let at = |i: usize| rem.get(i).copied();
    let mut depth = 0usize;
    let mut i = 0;
    while i < rem.len() {
        match rem[i] {
            b'(' if at(i + 1) == Some(b'*') => {
                event(Event::Open(i));
                depth += 1;
                i += 2;
            }
            b'*' if at(i + 1) == Some(b')') => {
                i += 2;
                if depth == 0 {
                    return Ok(i);
                }
                event(Event::Close);
                depth -= 1;
            }
            b'"' => {
                let from = i + 1;
                let bad = |at, len, why| event(Event::BadEscape(from + at, len, why));
                match skip_string_in_comment(&rem[from..], bad) {
                    Some(n) => i = from + n,
                    None => return Err(Unclosed::String(i, 1)),
                }
            }
            b'{' => match quoted_string_opening(&rem[i + 1..]) {
                Some((open, id)) => {
                    let from = i + 1 + open;
                    match find_quoted_end(&rem[from..], id) {
                        Some(n) => i = from + n,
                        None => return Err(Unclosed::String(i, 1 + open)),
                    }
                }
                None => i += 1,
            },
            b'\'' => i += 1 + comment_char_literal_len(&rem[i + 1..]),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while at(i).is_some_and(is_identchar) {
                    i += 1;
                }
            }
            c => i += char_len(c),
        }
    }
    Err(Unclosed::Comment)
}

/// If `rem` (just after a `{` in a comment) opens a quoted string, as
/// OCaml's `"{" ('%' '%'? extattrident blank*)? (lowercase* as delim) "|"`
/// does, the length of the rest of the opening (up to and including its
/// `|`) and the delimiter.
fn quoted_string_opening(rem: &[u8]) -> Option<(usize, &[u8])> {
    let at = |i: usize| rem.get(i).copied();
    // An identifier starting at `j`: its end.
    let ident = |j: usize| -> Option<usize> {
        if !at(j).is_some_and(|c| c.is_ascii_alphabetic() || c == b'_') {
            return None;
        }
        let mut k = j + 1;
        while at(k).is_some_and(is_identchar) {
            k += 1;
        }
        Some(k)
    };
    let mut j = 0;
    if at(j) == Some(b'%') {
        j += 1;
        if at(j) == Some(b'%') {
            j += 1;
        }
        j = ident(j)?;
        while at(j) == Some(b'.') {
            match ident(j + 1) {
                Some(k) => j = k,
                None => break,
            }
        }
        while matches!(at(j), Some(b' ' | b'\t' | b'\x0C')) {
            j += 1;
        }
    }
    let delim = j;
    while at(j).is_some_and(|c| c.is_ascii_lowercase() || c == b'_') {
        j += 1;
    }
    (at(j) == Some(b'|')).then(|| (j + 1, &rem[delim..j]))
}

/// If `rem` (just after a `'` in a comment) continues one of the character
/// literals of OCaml's `comment` rule, the number of bytes up to and
/// including its closing quote; 0 otherwise. Unlike in code, `''` is one
/// lexeme, the character is one byte, and `\o` takes at most `\o377`.
fn comment_char_literal_len(rem: &[u8]) -> usize {
    let at = |i: usize| rem.get(i).copied();
    let closes = |n: usize| if at(n) == Some(b'\'') { n + 1 } else { 0 };
    let all =
        |from: usize, n: usize, ok: fn(u8) -> bool| (from..from + n).all(|i| at(i).is_some_and(ok));
    match at(0) {
        None => 0,
        Some(b'\'') => 1,
        Some(b'\r' | b'\n') => newline_len(rem).map_or(0, closes),
        Some(b'\\') => match at(1) {
            Some(b'\\' | b'"' | b'\'' | b'n' | b't' | b'b' | b'r' | b' ') => closes(2),
            Some(b'0'..=b'9') if all(2, 2, |c| c.is_ascii_digit()) => closes(4),
            Some(b'o')
                if at(2).is_some_and(|c| (b'0'..=b'3').contains(&c))
                    && all(3, 2, |c| (b'0'..=b'7').contains(&c)) =>
            {
                closes(5)
            }
            Some(b'x') if all(2, 2, |c| c.is_ascii_hexdigit()) => closes(4),
            _ => 0,
        },
        Some(_) => closes(1),
    }
}

/// If `rem` starts with an OCaml newline (any number of CRs, then LF), its
/// length.
fn newline_len(rem: &[u8]) -> Option<usize> {
    let crs = rem.iter().take_while(|&&c| c == b'\r').count();
    (rem.get(crs) == Some(&b'\n')).then_some(crs + 1)
}

/// Bytes up to and including the closing quote of a string inside a comment,
/// or `None` if it is never closed. Escapes are skipped as OCaml's `string`
/// rule skips them, and, as in OCaml, only `\u{...}` is checked: `bad`
/// hears of each one that is not a character (position, length, why).
fn skip_string_in_comment(rem: &[u8], mut bad: impl FnMut(usize, usize, String)) -> Option<usize> {
    let mut i = 0;
    while i < rem.len() {
        match rem[i] {
            b'"' => return Some(i + 1),
            b'\\' if rem.get(i + 1) == Some(&b'u') && rem.get(i + 2) == Some(&b'{') => {
                match unicode_escape(&rem[i..]) {
                    Some((len, Err(why))) => {
                        bad(i, len, why);
                        i += len;
                    }
                    Some((len, Ok(_))) => i += len,
                    None => i += 2,
                }
            }
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}

/// `rem` starts with `\u{`: if it goes on with hexadecimal digits and `}`
/// (OCaml's `'\\' 'u' '{' hex_digit+ '}'`), the length of the escape and
/// its character, or OCaml's reason why it is not one.
fn unicode_escape(rem: &[u8]) -> Option<(usize, Result<char, String>)> {
    let digits = rem[3..]
        .iter()
        .take_while(|c| c.is_ascii_hexdigit())
        .count();
    if digits == 0 || rem.get(3 + digits) != Some(&b'}') {
        return None;
    }
    let len = 4 + digits;
    if digits > 6 {
        let why = "too many digits, expected 1 to 6 hexadecimal digits".to_owned();
        return Some((len, Err(why)));
    }
    let v = rem[3..3 + digits]
        .iter()
        .fold(0, |v, &d| v * 16 + (d as char).to_digit(16).unwrap_or(0));
    Some((
        len,
        char::from_u32(v).ok_or_else(|| format!("{v:X} is not a Unicode scalar value")),
    ))
}

/// The length up to and including `|id}` in `rem`, if present.
fn find_quoted_end(rem: &[u8], id: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < rem.len() {
        if rem[i] == b'|'
            && rem[i + 1..].starts_with(id)
            && rem.get(i + 1 + id.len()) == Some(&b'}')
        {
            return Some(i + 2 + id.len());
        }
        i += 1;
    }
    None
}

/// A streaming lexer: the tokens of a source text, one at a time, then
/// [`TokenKind::Eof`] forever. Never panics; every problem is a diagnostic,
/// collected until [`Lexer::finish`].
#[derive(Debug)]
pub struct Lexer<'s> {
    inner: Lx<'s>,
    /// A token read ahead while merging a run of illegal characters.
    pending: Option<(Result<TokenKind, ()>, Span)>,
    /// One error per run of illegal characters, in source order.
    illegal: Vec<Diagnostic>,
    /// Where the tokens end.
    eof: Token,
    /// Set when the source is too large to lex.
    too_large: bool,
}

impl<'s> Lexer<'s> {
    /// A lexer at the start of `src`.
    #[must_use]
    pub fn new(src: &'s str) -> Self {
        let too_large = u32::try_from(src.len()).is_err();
        let end = if too_large { 0 } else { pos(src.len()) };
        Lexer {
            inner: TokenKind::lexer(if too_large { "" } else { src }),
            pending: None,
            illegal: Vec::new(),
            eof: Token {
                kind: TokenKind::Eof,
                span: Span::new(end, end),
            },
            too_large,
        }
    }

    /// The next token; [`TokenKind::Eof`] at the end, and ever after.
    #[inline]
    #[allow(clippy::should_implement_trait, reason = "never ends: not an iterator")]
    pub fn next(&mut self) -> Token {
        if self.pending.is_none() {
            if let Some(t) = self.next_simple() {
                return t;
            }
            return self.next_automaton();
        }
        self.next_pending()
    }

    /// The token at the cursor, by the automaton: out of line, so that the
    /// hand-written path of [`Lexer::next`] stays small enough to inline.
    #[inline(never)]
    fn next_automaton(&mut self) -> Token {
        if let Some(result) = self.inner.next() {
            if let Ok(kind) = result {
                let r = self.inner.span();
                return Token {
                    kind,
                    span: span(r.start, r.end),
                };
            }
            let r = self.inner.span();
            return self.illegal_run(span(r.start, r.end));
        }
        self.eof
    }

    /// The most common tokens, without the automaton: skips blanks, then
    /// scans a word (other than a reserved keyword), a short decimal
    /// integer, a parenthesis (not `(*`) or `;`/`;;` by hand, as the automaton would, and moves the
    /// automaton past it. `None` (having skipped only the blanks) for
    /// anything else, left to the automaton.
    #[inline]
    fn next_simple(&mut self) -> Option<Token> {
        let src = self.inner.source().as_bytes();
        let mut start = self.inner.span().end;
        loop {
            match src.get(start) {
                Some(b' ' | b'\t' | b'\n' | b'\x0C') => start += 1,
                // A newline is CRs then LF; a CR elsewhere is illegal.
                Some(b'\r') => match newline_len(&src[start..]) {
                    Some(n) => start += n,
                    None => break,
                },
                _ => break,
            }
        }
        let at = |i: usize| src.get(i).copied().unwrap_or(0);
        let (kind, end) = match at(start) {
            first @ (b'a'..=b'z' | b'A'..=b'Z' | b'_') => {
                let mut end = start + 1;
                while end < src.len() && IDENTCHAR[usize::from(src[end])] {
                    end += 1;
                }
                let kind = match first {
                    b'a'..=b'z' => keyword_at(src, start, end),
                    b'_' if end == start + 1 => TokenKind::Underscore,
                    b'_' => TokenKind::Ident,
                    _ => TokenKind::Uident,
                };
                (kind, end)
            }
            b'0'..=b'9' => match short_decimal(src, start) {
                Some((value, end)) => (TokenKind::Int(value), end),
                None => (TokenKind::Reserved, start),
            },
            b'(' if at(start + 1) != b'*' => (TokenKind::LParen, start + 1),
            b')' => (TokenKind::RParen, start + 1),
            b';' if at(start + 1) == b';' => (TokenKind::SemiSemi, start + 2),
            b';' => (TokenKind::Semi, start + 1),
            0 if start == src.len() => {
                self.inner.bump(start - self.inner.span().end);
                return Some(self.eof);
            }
            _ => (TokenKind::Reserved, start),
        };
        if kind == TokenKind::Reserved {
            // Left to the automaton (and its callbacks), from here.
            self.inner.bump(start - self.inner.span().end);
            return None;
        }
        self.inner.bump(end - self.inner.span().end);
        Some(Token {
            kind,
            span: span(start, end),
        })
    }

    #[cold]
    #[inline(never)]
    fn next_pending(&mut self) -> Token {
        match self.pending.take() {
            Some((Ok(kind), span)) => Token { kind, span },
            Some((Err(()), sp)) => self.illegal_run(sp),
            None => self.next(),
        }
    }

    /// A run of illegal characters starting with the one at `sp`: one
    /// error token and one diagnostic.
    #[cold]
    #[inline(never)]
    fn illegal_run(&mut self, mut sp: Span) -> Token {
        while let Some(result) = self.inner.next() {
            let r = self.inner.span();
            let next = span(r.start, r.end);
            if result.is_err() && next.start == sp.end {
                sp.end = next.end;
            } else {
                self.pending = Some((result, next));
                break;
            }
        }
        // OCaml reports the first character of the run, and only it.
        let first = self.inner.source()[sp.range()]
            .chars()
            .next()
            .expect("an illegal run is not empty");
        let at = Span::new(sp.start, sp.start + first.len_utf8() as u32);
        self.illegal.push(Diagnostic::error(
            Code::E0001,
            format!("Illegal character ({})", ocaml_illegal_byte(first)),
            at,
            "not valid in a minilang program",
        ));
        Token {
            kind: TokenKind::Error,
            span: sp,
        }
    }

    /// The lexical errors of the whole source, in source order (the rest of
    /// the source is lexed first if the tokens were not all taken).
    #[must_use]
    pub fn finish(mut self) -> Vec<Diagnostic> {
        while self.next().kind != TokenKind::Eof {}
        if self.too_large {
            return vec![Diagnostic::error(
                Code::E0014,
                "Source file too large (at most 4 GiB)",
                Span::new(0, 0),
                "file starts here",
            )];
        }
        let Extras { mut diags } = self.inner.extras;
        if !self.illegal.is_empty() {
            diags.extend(self.illegal);
            diags.sort_by_key(|d| d.primary.span.start);
        }
        diags
    }
}

/// Lexes a whole source text. Never panics; every problem is a diagnostic.
#[must_use]
pub fn lex(src: &str) -> Lexed<'_> {
    let mut lexer = Lexer::new(src);
    // Code has about one token per 3 to 4 bytes. Reserving for one per 2
    // bytes costs only address space (untouched pages are never mapped)
    // and saves regrowing and copying the vector.
    let cap = if lexer.too_large {
        1
    } else {
        src.len() / 2 + 1
    };
    let mut tokens: Vec<Token> = Vec::with_capacity(cap);
    loop {
        let t = lexer.next();
        tokens.push(t);
        if t.kind == TokenKind::Eof {
            break;
        }
    }
    Lexed {
        src,
        tokens,
        diagnostics: lexer.finish(),
    }
}

/// The tokens of `src`, one per line: kind, span, and text or value; then the
/// lexical errors. Used by `--dump-tokens`.
#[must_use]
pub fn dump_tokens(src: &str) -> String {
    let lexed = lex(src);
    let mut out = String::new();
    for t in &lexed.tokens {
        let _ = write!(out, "{} {:?}", t.kind.name(), t.span);
        match t.kind {
            TokenKind::Int(v) => {
                let _ = write!(out, " {v}");
            }
            TokenKind::Str(r) => {
                let _ = write!(out, " \"{}\"", lexed.string(r).escape_ascii());
            }
            TokenKind::Ident | TokenKind::Uident | TokenKind::Error => {
                let _ = write!(out, " {}", &src[t.span.range()]);
            }
            _ => {}
        }
        out.push('\n');
    }
    for d in &lexed.diagnostics {
        let _ = writeln!(out, "error[{}] {:?}: {}", d.code, d.primary.span, d.message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of the automaton alone (without [`Lexer`]'s hand-written
    /// fast path), for sources without illegal characters.
    fn automaton_tokens(src: &str) -> Vec<Token> {
        let mut lx = TokenKind::lexer(src);
        let mut out = Vec::new();
        while let Some(r) = lx.next() {
            let kind = r.expect("no illegal characters in these sources");
            out.push(Token {
                kind,
                span: span(lx.span().start, lx.span().end),
            });
        }
        out.push(Token {
            kind: TokenKind::Eof,
            span: span(src.len(), src.len()),
        });
        out
    }

    /// The keywords and reserved words of the token table.
    fn token_words() -> Vec<&'static str> {
        token::KEYWORDS
            .iter()
            .map(|&(w, _)| w)
            .chain(token::RESERVED.iter().copied())
            .collect()
    }

    #[test]
    fn the_automaton_makes_the_table_s_fixed_tokens() {
        let fixed = token::KEYWORDS
            .iter()
            .chain(token::OPERATORS)
            .chain(token::PUNCTUATION);
        for &(text, kind) in fixed {
            assert_eq!(
                automaton_tokens(text).first().map(|t| t.kind),
                Some(kind),
                "{text}"
            );
            assert_eq!(kind.describe(), format!("`{text}`"));
        }
        for &text in token::RESERVED {
            let lexed = lex(text);
            assert_eq!(lexed.tokens[0].kind, TokenKind::Error, "{text}");
            assert_eq!(lexed.diagnostics.len(), 1, "{text}");
        }
    }

    #[test]
    fn keyword_knows_exactly_the_token_words() {
        let words = token_words();
        for w in &words {
            assert_ne!(keyword(w.as_bytes()), TokenKind::Ident, "{w}");
        }
        let mut expected = automaton_tokens(&words.join(" "));
        for t in &mut expected {
            if t.kind == TokenKind::Error {
                t.kind = TokenKind::Reserved;
            }
        }
        for (w, t) in words.iter().zip(&expected) {
            assert_eq!(keyword(w.as_bytes()), t.kind, "{w}");
        }
        // Not keywords: prefixes, extensions, other cases.
        for w in &words {
            for other in [
                format!("{w}x"),
                format!("{w}'"),
                format!("{w}_"),
                format!("{w}0"),
                w[..w.len() - 1].to_string(),
                w.to_ascii_uppercase(),
                format!("x{w}"),
            ] {
                if !words.contains(&other.as_str()) {
                    assert_eq!(keyword(other.as_bytes()), TokenKind::Ident, "{other}");
                }
            }
        }
    }

    #[test]
    fn the_fast_path_makes_the_tokens_of_the_automaton() {
        let words = token_words();
        let fixed = token::OPERATORS.iter().chain(token::PUNCTUATION);
        let pieces: Vec<String> = words
            .iter()
            .copied()
            .chain(fixed.map(|&(text, _)| text))
            .map(str::to_string)
            .chain(
                [
                    "x",
                    "_",
                    "_x",
                    "x'",
                    "don't",
                    "A",
                    "Abc",
                    "String",
                    "a1_'B",
                    "(",
                    ")",
                    "(*",
                    "*)",
                    ";",
                    ";;",
                    ";;;",
                    " ",
                    "\t",
                    "\n",
                    "\r\n",
                    "\r\r\n",
                    "\x0C",
                    "1",
                    "12x",
                    "0",
                    "007",
                    "1_000",
                    "0x1F",
                    "1.5",
                    "999999999999999999",
                    "9999999999999999999",
                    "\"s\"",
                    "+",
                    "->",
                    ".",
                    "(* c *)",
                    "'a'",
                    "abcdefgh",
                    "abcdefghi",
                    "letrec",
                ]
                .iter()
                .map(|s| (*s).to_string()),
            )
            .collect();
        let mut sources = Vec::new();
        for a in &pieces {
            sources.push(a.clone());
            for b in &pieces {
                sources.push(format!("{a}{b}"));
                sources.push(format!("{a} {b}"));
                sources.push(format!("{a}\n{b}("));
            }
        }
        for src in &sources {
            let lexed = lex(src);
            assert_eq!(lexed.tokens, automaton_tokens(src), "{src:?}");
        }
    }

    /// A newline is CRs then LF (OCaml's `'\r'* '\n'`); a CR before anything
    /// else is an illegal character, on the fast path as in the automaton.
    #[test]
    fn a_cr_is_blank_only_before_lf() {
        for (src, at) in [
            ("let x =\r1", 7),
            ("let x = 1\r", 9),
            ("let x = 1\r\r\n\r", 12),
            ("x\r (", 1),
        ] {
            let lexed = lex(src);
            let errors: Vec<_> = lexed
                .tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Error)
                .collect();
            assert_eq!(errors.len(), 1, "{src:?}");
            assert_eq!(errors[0].span, span(at, at + 1), "{src:?}");
            assert_eq!(lexed.diagnostics.len(), 1, "{src:?}");
            assert_eq!(
                lexed.diagnostics[0].message, "Illegal character (\\r)",
                "{src:?}"
            );
        }
        let lexed = lex("let\r\r\nx\r\n=\r\r\r\n1\r\n");
        assert!(lexed.diagnostics.is_empty());
        assert_eq!(lexed.tokens.len(), 5);
    }
}
