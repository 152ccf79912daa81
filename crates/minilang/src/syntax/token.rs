//! The token table: every kind of token, in one place.
//!
//! [`token_table!`] below is the only list of minilang's tokens. From it
//! come the logos enum [`TokenKind`] (the `#[token]` attributes of keywords,
//! reserved words and punctuation), [`TokenKind::describe`] and
//! [`TokenKind::name`], the lexer's keyword lookup on a word packed in a
//! `u64` ([`keyword`], [`keyword_word`]) and the operator lookup
//! ([`operator`]). Adding a keyword, a reserved word, an operator token or a
//! punctuation token is one line of the table; the infix operators' syntax,
//! types and evaluation are in [`super::operator`].

use logos::Logos;

use super::lexer::{self, StrRange};

/// Defines [`TokenKind`] and its lookups from one list. Sections:
/// `special` (tokens with regexes or callbacks, written as enum variants
/// with their attributes, each with its description), `keywords`,
/// `reserved` (OCaml keywords that minilang v1 refuses), `operators` (made
/// from a run of operator characters by the lexer's `lex_operator`) and
/// `punctuation` (fixed text, lexed by the automaton or the fast path).
macro_rules! token_table {
    (
        special {
            $( $(#[$($sattr:tt)*])* $special:ident $( ( $($payload:tt)* ) )? => $sdesc:literal, )*
        }
        keywords { $( $kw:ident = $kwtext:tt, )* }
        reserved { $( $rw:ident = $rwtext:tt, )* }
        operators { $( $op:ident = $optext:tt, )* }
        punctuation { $( $punct:ident = $punctext:tt, )* }
    ) => {
        /// The kinds of tokens. Identifier text is recovered from the token's span.
        #[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
        #[logos(extras = lexer::Extras)]
        #[logos(skip r"([ \t\n\x0C]|\r+\n)+")]
        pub enum TokenKind {
            $( $(#[$($sattr)*])* $special $( ( $($payload)* ) )?, )*
            $(
                #[doc = concat!("`", $kwtext, "`")]
                #[token($kwtext)]
                $kw,
            )*
            /// An OCaml keyword that minilang v1 reserves; never emitted (the
            /// callback reports it and emits [`TokenKind::Error`]).
            $( #[token($rwtext, lexer::reserved)] )*
            Reserved,
            $(
                #[doc = concat!("`", $optext, "`")]
                $op,
            )*
            $(
                #[doc = concat!("`", $punctext, "`")]
                #[token($punctext)]
                $punct,
            )*
        }

        impl TokenKind {
            /// A short human description, for dumps and syntax errors.
            #[must_use]
            pub fn describe(self) -> &'static str {
                match self {
                    $( TokenKind::$special { .. } => $sdesc, )*
                    $( TokenKind::$kw => concat!("`", $kwtext, "`"), )*
                    TokenKind::Reserved => "reserved keyword",
                    $( TokenKind::$op => concat!("`", $optext, "`"), )*
                    $( TokenKind::$punct => concat!("`", $punctext, "`"), )*
                }
            }

            /// The variant name, as printed by [`super::dump_tokens`].
            #[must_use]
            pub fn name(self) -> &'static str {
                match self {
                    $( TokenKind::$special { .. } => stringify!($special), )*
                    $( TokenKind::$kw => stringify!($kw), )*
                    TokenKind::Reserved => "Reserved",
                    $( TokenKind::$op => stringify!($op), )*
                    $( TokenKind::$punct => stringify!($punct), )*
                }
            }
        }

        /// The keywords and their kinds.
        pub const KEYWORDS: &[(&str, TokenKind)] = &[ $( ($kwtext, TokenKind::$kw), )* ];

        /// The reserved OCaml keywords (each lexed as [`TokenKind::Reserved`]).
        pub const RESERVED: &[&str] = &[ $( $rwtext, )* ];

        /// The operator tokens and their text.
        #[cfg(test)]
        pub const OPERATORS: &[(&str, TokenKind)] = &[ $( ($optext, TokenKind::$op), )* ];

        /// The punctuation tokens and their text.
        #[cfg(test)]
        pub const PUNCTUATION: &[(&str, TokenKind)] = &[ $( ($punctext, TokenKind::$punct), )* ];

        /// Every keyword and reserved word as a packed word ([`word`]).
        #[allow(non_upper_case_globals, reason = "named after the token kinds")]
        mod packed {
            use super::word;
            $( pub(super) const $kw: u64 = word($kwtext.as_bytes()); )*
            $( pub(super) const $rw: u64 = word($rwtext.as_bytes()); )*
        }

        /// What the automaton makes of a lowercase word, given as a packed
        /// word ([`word`]): the keyword it is, [`TokenKind::Reserved`], or
        /// [`TokenKind::Ident`]. One `match` on integers.
        #[inline]
        pub(super) fn keyword_word(w: u64) -> TokenKind {
            match w {
                $( packed::$kw => TokenKind::$kw, )*
                $( packed::$rw )|* => TokenKind::Reserved,
                _ => TokenKind::Ident,
            }
        }

        /// The operator token spelt `text` (a run of operator characters),
        /// or [`TokenKind::Error`].
        #[inline]
        pub(super) fn operator(text: &str) -> TokenKind {
            match text {
                $( $optext => TokenKind::$op, )*
                _ => TokenKind::Error,
            }
        }
    };
}

token_table! {
    special {
        /// An integer literal, already wrapped to 63 bits.
        Int(i64) => "integer literal",
        /// A string literal; [`lexer::decode_string`] gives its bytes.
        Str(StrRange) => "string literal",
        /// The first digit of a literal; never emitted (the callback scans the
        /// literal and emits [`TokenKind::Int`] or [`TokenKind::Error`]).
        #[regex("[0-9]", lexer::lex_number)]
        Number => "number",
        /// An opening quote; never emitted (the callback scans the literal and
        /// emits [`TokenKind::Str`]).
        #[token("\"", lexer::lex_string)]
        Quote => "`\"`",
        /// A lowercase identifier `[a-z_][A-Za-z0-9_']*` other than `_`.
        #[regex("[a-z_][A-Za-z0-9_']*")]
        Ident => "identifier",
        /// A capitalised word, valid only as a module qualifier (`String.`).
        #[regex("[A-Z][A-Za-z0-9_']*")]
        Uident => "capitalised identifier",
        /// The wildcard `_`.
        #[token("_", priority = 3)]
        Underscore => "`_`",
        /// A maximal run of operator characters; never emitted (the callback
        /// turns it into one of the operator kinds or an error).
        #[regex(r"[!$%&*+\-./:<=>?@^|~]+", lexer::lex_operator)]
        OperatorRun => "operator",
        /// A comment; never emitted (the callback skips it).
        #[token("(*", lexer::lex_comment)]
        Comment => "comment",
        /// OCaml punctuation that minilang v1 does not support; never emitted.
        #[regex(r"[\[\]{},#`]", lexer::unsupported)]
        #[token("'", lexer::quote)]
        Unsupported => "unsupported token",
        /// An infix operator OCaml lexes but minilang does not define (`--`,
        /// `|-`, `+.`): an application of the unbound name (see
        /// `lexer::other_infix_precedence`).
        OtherInfix => "operator",
        /// A prefix operator OCaml lexes but minilang does not define (`!`,
        /// `!-`, `~-`): an application of the unbound name to an atom.
        OtherPrefix => "prefix operator",
        /// Something that failed to lex; a diagnostic has been reported.
        Error => "invalid token",
        /// End of input (always the last token).
        Eof => "end of input",
    }
    keywords {
        Let = "let",
        Rec = "rec",
        In = "in",
        And = "and",
        Fun = "fun",
        If = "if",
        Then = "then",
        Else = "else",
        Begin = "begin",
        End = "end",
        True = "true",
        False = "false",
        Mod = "mod",
        Assert = "assert",
    }
    reserved {
        As = "as",
        Asr = "asr",
        Class = "class",
        Constraint = "constraint",
        Do = "do",
        Done = "done",
        Downto = "downto",
        Exception = "exception",
        External = "external",
        For = "for",
        Function = "function",
        Functor = "functor",
        Include = "include",
        Inherit = "inherit",
        Initializer = "initializer",
        Land = "land",
        Lazy = "lazy",
        Lor = "lor",
        Lsl = "lsl",
        Lsr = "lsr",
        Lxor = "lxor",
        Match = "match",
        Method = "method",
        Module = "module",
        Mutable = "mutable",
        New = "new",
        Nonrec = "nonrec",
        Object = "object",
        Of = "of",
        Open = "open",
        Or = "or",
        Private = "private",
        Sig = "sig",
        Struct = "struct",
        To = "to",
        Try = "try",
        Type = "type",
        Val = "val",
        Virtual = "virtual",
        When = "when",
        While = "while",
        With = "with",
    }
    operators {
        Plus = "+",
        Minus = "-",
        Star = "*",
        Slash = "/",
        Caret = "^",
        Eq = "=",
        LtGt = "<>",
        EqEq = "==",
        BangEq = "!=",
        Lt = "<",
        Gt = ">",
        Le = "<=",
        Ge = ">=",
        AmpAmp = "&&",
        BarBar = "||",
        PipeGt = "|>",
        AtAt = "@@",
        Arrow = "->",
        Dot = ".",
    }
    punctuation {
        LParen = "(",
        RParen = ")",
        Semi = ";",
        SemiSemi = ";;",
    }
}

/// A word as an integer. A word of at most 8 bytes is packed, byte `i` in
/// bits `8 * i..`: words without NUL bytes differ if and only if their
/// integers do, and an ASCII word's bit 63 is clear. A longer word is a
/// hash of its bytes with bit 63 set, so it never equals a packed word (two
/// keywords with the same hash would be one `match` pattern twice, which the
/// compiler flags).
#[inline]
pub(super) const fn word(w: &[u8]) -> u64 {
    let mut v: u64 = 0;
    let mut i = 0;
    if w.len() <= 8 {
        while i < w.len() {
            v |= (w[i] as u64) << (8 * i);
            i += 1;
        }
        return v;
    }
    // FNV-1a.
    v = 0xcbf2_9ce4_8422_2325;
    while i < w.len() {
        v = (v ^ w[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    v | 1 << 63
}

/// The length of the longest and the shortest keyword or reserved word.
const KEYWORD_LENGTHS: (usize, usize) = {
    let (mut min, mut max) = (usize::MAX, 0);
    let mut i = 0;
    while i < KEYWORDS.len() {
        let n = KEYWORDS[i].0.len();
        if n < min {
            min = n;
        }
        if n > max {
            max = n;
        }
        i += 1;
    }
    i = 0;
    while i < RESERVED.len() {
        let n = RESERVED[i].len();
        if n < min {
            min = n;
        }
        if n > max {
            max = n;
        }
        i += 1;
    }
    (min, max)
};

/// The shortest keyword or reserved word: shorter words are identifiers.
pub(super) const MIN_KEYWORD_LEN: usize = KEYWORD_LENGTHS.0;

/// What the automaton makes of a lowercase word (`[a-z][A-Za-z0-9_']*`):
/// the keyword it is, [`TokenKind::Reserved`] for a reserved OCaml keyword
/// (whose callback reports it), or [`TokenKind::Ident`].
#[inline]
pub(super) fn keyword(w: &[u8]) -> TokenKind {
    if w.len() < MIN_KEYWORD_LEN || w.len() > KEYWORD_LENGTHS.1 {
        return TokenKind::Ident;
    }
    keyword_word(word(w))
}
