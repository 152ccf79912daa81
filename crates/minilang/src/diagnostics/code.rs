//! Every diagnostic code, with what it means: the one list of them.
//!
//! A diagnostic is made only from a [`Code`] ([`Diagnostic::error`],
//! [`Diagnostic::warning`]), so a code that is not in [`codes!`] cannot be
//! reported. Lexical errors are `E00xx`, syntax errors `E01xx`, name errors
//! `E03xx`, type errors `E04xx`; `E0900` (a memory limit reached) can come
//! from any phase. Warnings are `W` and OCaml's warning number.
//!
//! [`Diagnostic::error`]: super::Diagnostic::error
//! [`Diagnostic::warning`]: super::Diagnostic::warning

use std::fmt;

/// Defines [`Code`] from one list of codes and descriptions.
macro_rules! codes {
    ( $( $code:ident => $description:literal, )* ) => {
        /// A diagnostic code such as `E0101`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $( #[doc = $description] $code, )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &[Code] = &[ $( Code::$code, )* ];

            /// The code as shown in reports, e.g. `E0101`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Code::$code => stringify!($code), )*
                }
            }

            /// What the code means, in one line.
            #[must_use]
            pub const fn description(self) -> &'static str {
                match self {
                    $( Code::$code => $description, )*
                }
            }
        }
    };
}

codes! {
    E0001 => "illegal character (not part of any token)",
    E0002 => "unknown operator (a run of operator characters that is not a minilang operator, e.g. `--`)",
    E0003 => "`*)` outside a comment",
    E0004 => "OCaml syntax not supported in minilang v1 (`[`, `,`, character literals, ...)",
    E0005 => "a reserved OCaml keyword used in a minilang program",
    E0006 => "invalid integer literal (`1a`, `0x`, `0b102`, `0o8`)",
    E0007 => "float literal (minilang v1 has only integers)",
    E0008 => "integer literal exceeds the range of representable integers of type int",
    E0009 => "integer literal with a modifier OCaml does not know (`1g`)",
    E0010 => "illegal backslash escape in a string literal",
    E0011 => "string literal not terminated",
    E0012 => "comment not terminated",
    E0013 => "comment contains an unterminated string literal",
    E0014 => "source file larger than 4 GiB",
    E0100 => "syntax error: unexpected token",
    E0101 => "syntax error: `)` or `end` expected (unmatched `(` or `begin`)",
    E0102 => "syntax error: a keyword expected (`then`, `in`, `->`, `=`)",
    E0103 => "syntax error: `in` after a top-level definition",
    E0104 => "syntax error: unsupported pattern (patterns are a name, `_` or `()`)",
    E0105 => "syntax error: `if`, `fun`, `let` or `assert` as a function argument without parentheses",
    E0106 => "syntax error: wildcard `_` used as an expression",
    E0107 => "unbound constructor (a capitalised word that is not a module qualifier)",
    E0108 => "unbound module (a qualifier other than `String`)",
    E0110 => "expression nested too deeply",
    E0199 => "too many errors: the rest are counted, not shown",
    E0301 => "unbound value: a name that is not bound",
    E0302 => "unbound module: a qualified name whose module does not exist",
    E0303 => "`let rec` whose right-hand side is not a function",
    E0304 => "`let rec` whose left-hand side is not a variable",
    E0305 => "one name bound twice by the same `let ... and ...`",
    E0401 => "an expression whose type is not the one its context expects",
    E0402 => "an expression applied to arguments is not a function",
    E0403 => "a function applied to more arguments than it takes",
    E0404 => "a `fun` where the context expects a value that is not a function",
    E0405 => "a `fun` with more parameters than the expected function type has",
    E0406 => "a `()` pattern where another type is expected",
    E0407 => "`()`, `true` or `false` where the other variant type is expected",
    E0408 => "`()`, `true` or `false` applied to an argument",
    E0900 => "out of memory: the compile needs more than its region's limit (`--max-memory`)",
    W0 => "the count of the warnings past the first hundred",
    W5 => "a partial application whose result is ignored (OCaml's warning 5)",
    W10 => "a statement (left of `;`) that is not of type unit (OCaml's warning 10)",
    W21 => "a statement that never returns (OCaml's warning 21)",
    W26 => "an unused `let`-bound variable (OCaml's warning 26)",
    W27 => "an unused function parameter (OCaml's warning 27)",
    W39 => "`let rec` whose functions do not call each other (OCaml's warning 39)",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, code: &Code) -> bool {
        *self == code.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source files of the crate, relative to `src/`.
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Whether `s` starts with a code and then `close`: `E` and four
    /// digits, or `W` and one or two digits.
    fn starts_with_code(s: &str, close: u8) -> bool {
        let b = s.as_bytes();
        let digits = b.iter().skip(1).take_while(|c| c.is_ascii_digit()).count();
        let closes = b.get(1 + digits) == Some(&close);
        match b.first() {
            Some(b'E') => digits == 4 && closes,
            Some(b'W') => (1..=2).contains(&digits) && closes,
            _ => false,
        }
    }

    #[test]
    fn codes_are_unique_described_and_never_written_as_strings() {
        for (i, a) in Code::ALL.iter().enumerate() {
            assert!(!a.description().is_empty(), "{a}");
            assert!(Code::ALL[..i].iter().all(|b| b.as_str() != a.as_str()));
        }
        // Outside this file, no source writes a code in a string (comments
        // aside): every diagnostic takes a `Code`.
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        assert!(files.len() > 10, "{files:?}");
        for file in files.iter().filter(|f| !f.ends_with("diagnostics/code.rs")) {
            let text = std::fs::read_to_string(file).expect("readable");
            let code_lines = text.lines().filter(|l| !l.trim_start().starts_with("//"));
            for (n, line) in code_lines.enumerate() {
                // `"E0101"`, or `[E0101]` as a report shows it.
                let written = |(open, close)| {
                    line.match_indices(open)
                        .any(|(at, _)| starts_with_code(&line[at + 1..], close))
                };
                assert!(
                    ![('"', b'"'), ('[', b']')].into_iter().any(written),
                    "{}: a code written as a string: {line:?} (code line {n})",
                    file.display()
                );
            }
        }
    }
}
