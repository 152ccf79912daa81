//! The built-in functions of minilang v1: one table of their names, types
//! and arities ([`builtin_table!`]), the built-in constants, and the pure
//! helpers that implement them exactly as OCaml 4.13 does.

use crate::syntax::ast::BinOp;
use crate::syntax::operator::Ty;

/// Defines [`Builtin`] and its table from one list of rows: the name as
/// written in source, the OCaml type (argument types, then the result
/// type; the arity is the number of arguments), and whether OCaml declares
/// it as an `external` primitive. The implementations are in the
/// evaluator's `builtin1`/`builtin2`/`builtin3`; the `match` of `builtin1`
/// names every built-in, so the compiler points a new one there.
macro_rules! builtin_table {
    ( $(
        $(#[$doc:meta])*
        $b:ident = $name:literal : [$($sig:expr),*], $external:literal;
    )* ) => {
        /// A built-in function. Constants (`max_int`, `min_int`) are in
        /// [`CONSTANTS`]: the resolver turns them into integer literals.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Builtin {
            $( $(#[$doc])* $b, )*
            /// An infix operator used as a function value, such as `(+)` or `(&&)`
            /// (as a function, `(&&)` evaluates both arguments).
            Op(BinOp),
        }

        /// The names of the named built-ins.
        const NAMES: &[&str] = &[ $( $name, )* ];

        impl Builtin {
            /// Every built-in function with a name (operators aside), for lookups
            /// and suggestions, in table order.
            pub const ALL: [Builtin; NAMES.len()] = [ $( Builtin::$b, )* ];

            /// The row of a named built-in (not an operator).
            fn row(self) -> (&'static str, &'static [Ty], bool) {
                match self {
                    $( Builtin::$b => ($name, &[$($sig),*], $external), )*
                    Builtin::Op(op) => unreachable!("{op:?} is in the operator table"),
                }
            }
        }
    };
}

use Ty::{A, Bool, Int, Str, Unit};

builtin_table! {
    /// `print_int : int -> unit`
    PrintInt = "print_int": [Int, Unit], false;
    /// `print_string : string -> unit`
    PrintString = "print_string": [Str, Unit], false;
    /// `print_endline : string -> unit` (adds `\n`, flushes)
    PrintEndline = "print_endline": [Str, Unit], false;
    /// `print_newline : unit -> unit` (flushes)
    PrintNewline = "print_newline": [Unit, Unit], false;
    /// `string_of_int : int -> string`
    StringOfInt = "string_of_int": [Int, Str], false;
    /// `int_of_string : string -> int`
    IntOfString = "int_of_string": [Str, Int], true;
    /// `string_of_bool : bool -> string`
    StringOfBool = "string_of_bool": [Bool, Str], false;
    /// `String.length : string -> int`
    StringLength = "String.length": [Str, Int], true;
    /// `String.sub : string -> int -> int -> string`
    StringSub = "String.sub": [Str, Int, Int, Str], false;
    /// `not : bool -> bool`
    Not = "not": [Bool, Bool], true;
    /// `abs : int -> int`
    Abs = "abs": [Int, Int], false;
    /// `succ : int -> int`
    Succ = "succ": [Int, Int], true;
    /// `pred : int -> int`
    Pred = "pred": [Int, Int], true;
    /// `min : 'a -> 'a -> 'a`
    Min = "min": [A, A, A], false;
    /// `max : 'a -> 'a -> 'a`
    Max = "max": [A, A, A], false;
    /// `compare : 'a -> 'a -> int`
    Compare = "compare": [A, A, Int], true;
    /// `ignore : 'a -> unit`
    Ignore = "ignore": [A, Unit], true;
    /// `failwith : string -> 'a`
    Failwith = "failwith": [Str, A], false;
    /// `exit : int -> 'a`
    Exit = "exit": [Int, A], false;
}

/// The built-in constants, all of type `int`: name and value.
pub const CONSTANTS: [(&str, i64); 2] = [("max_int", MAX_INT), ("min_int", MIN_INT)];

/// The value of the built-in constant called `name`, if it is one.
#[inline]
#[must_use]
pub fn constant(name: &str) -> Option<i64> {
    CONSTANTS.iter().find(|&&(n, _)| n == name).map(|&(_, v)| v)
}

/// The infix operators, which are also functions: `(+) 1 2`.
pub const OPERATORS: [BinOp; BinOp::ALL.len()] = BinOp::ALL;

impl Builtin {
    /// The name as written in source (qualified for `String.*`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Op(op) => op.as_str(),
            b => b.row().0,
        }
    }

    /// Its OCaml type: the argument types, then the result type.
    #[must_use]
    pub fn signature(self) -> &'static [Ty] {
        match self {
            Builtin::Op(op) => op.signature(),
            b => b.row().1,
        }
    }

    /// The built-in called `name` (an operator's name is the operator), if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Builtin> {
        let named = Builtin::ALL.into_iter().find(|b| b.name() == name);
        named.or_else(|| {
            OPERATORS
                .into_iter()
                .find(|op| op.as_str() == name)
                .map(Builtin::Op)
        })
    }

    /// A dense index: the named built-ins in the order of [`Builtin::ALL`],
    /// then the operators in the order of [`OPERATORS`].
    #[must_use]
    pub fn index(self) -> usize {
        match self {
            Builtin::Op(op) => Builtin::ALL.len() + op as usize,
            b => b.row_index(),
        }
    }

    fn row_index(self) -> usize {
        Builtin::ALL
            .iter()
            .position(|&x| x == self)
            .expect("listed")
    }

    /// Every built-in, in the order of [`Builtin::index`].
    pub fn every() -> impl Iterator<Item = Builtin> {
        Builtin::ALL
            .into_iter()
            .chain(OPERATORS.into_iter().map(Builtin::Op))
    }

    /// How many arguments it takes before it runs.
    #[must_use]
    pub fn arity(self) -> usize {
        self.signature().len() - 1
    }

    /// Whether OCaml declares it as an `external` primitive. Such a primitive
    /// used as a value is wrapped in a fresh closure each time the name is
    /// evaluated, so `not == not` is `false` while `abs == abs` is `true`.
    /// Every operator is one, except `(^)`.
    #[must_use]
    pub fn is_external(self) -> bool {
        match self {
            Builtin::Op(op) => op.info().external,
            b => b.row().2,
        }
    }
}

/// The largest OCaml `int`, 2^62 - 1.
pub const MAX_INT: i64 = (1 << 62) - 1;
/// The smallest OCaml `int`, -2^62.
pub const MIN_INT: i64 = -(1 << 62);

/// Wraps an `i64` to OCaml's 63-bit `int` range (two's complement).
#[inline(always)]
#[must_use]
pub fn wrap(x: i64) -> i64 {
    (x << 1) >> 1
}

/// OCaml's `int_of_string` (runtime `parse_intnat` with 63 bits): an
/// optional sign, an optional `0x`/`0o`/`0b`/`0u` prefix, digits with `_`
/// allowed after the first one. `None` means `Failure "int_of_string"`.
#[must_use]
pub fn int_of_string(s: &[u8]) -> Option<i64> {
    let mut p = 0;
    let negative = match s.first() {
        Some(b'-') => {
            p = 1;
            true
        }
        Some(b'+') => {
            p = 1;
            false
        }
        _ => false,
    };
    let (base, signed): (u64, bool) = if s.get(p) == Some(&b'0') {
        match s.get(p + 1) {
            Some(b'x' | b'X') => (16, false),
            Some(b'o' | b'O') => (8, false),
            Some(b'b' | b'B') => (2, false),
            Some(b'u' | b'U') => (10, false),
            _ => (10, true),
        }
    } else {
        (10, true)
    };
    if !signed {
        p += 2;
    }
    let digit = |c: u8| -> Option<u64> {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        (u64::from(d) < base).then_some(u64::from(d))
    };
    let mut res = digit(*s.get(p)?)?;
    for &c in &s[p + 1..] {
        if c == b'_' {
            continue;
        }
        let d = digit(c)?;
        res = res.checked_mul(base)?.checked_add(d)?;
    }
    let limit = 1u64 << 62;
    if signed {
        if (!negative && res >= limit) || (negative && res > limit) {
            return None;
        }
    } else if res >= 1 << 63 {
        return None;
    }
    // `res` < 2^63, so it fits an i64; negation and wrapping as OCaml's
    // `Val_long` does.
    let v = res as i64;
    Some(wrap(if negative { v.wrapping_neg() } else { v }))
}

/// Writes `n` in decimal into `buf` and returns the used tail of it.
#[must_use]
pub fn format_int(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    let mut m = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

/// OCaml's `String.sub s pos len`, or `None` for an invalid range
/// (`Invalid_argument "String.sub / Bytes.sub"`).
#[must_use]
pub fn string_sub(s: &[u8], pos: i64, len: i64) -> Option<&[u8]> {
    let n = s.len() as i64;
    if pos < 0 || len < 0 || pos > n - len {
        return None;
    }
    Some(&s[pos as usize..(pos + len) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_is_found_by_its_name_at_its_index() {
        for (i, b) in Builtin::every().enumerate() {
            assert_eq!(Builtin::from_name(b.name()), Some(b), "{b:?}");
            assert_eq!(b.index(), i, "{b:?}");
            assert!(b.arity() >= 1, "{b:?}");
        }
        assert_eq!(Builtin::StringSub.arity(), 3);
        assert_eq!(Builtin::Op(BinOp::Pipe).arity(), 2);
        for (name, value) in CONSTANTS {
            assert_eq!(constant(name), Some(value));
            assert_eq!(Builtin::from_name(name), None, "{name} is a constant");
        }
        assert_eq!(constant("max_int"), Some((1 << 62) - 1));
        assert_eq!(constant("min_int"), Some(-(1 << 62)));
        assert_eq!(constant("maxint"), None);
    }

    // Each expectation below was produced by OCaml 4.13's `int_of_string`.
    #[test]
    fn int_of_string_matches_ocaml() {
        let ok: &[(&str, i64)] = &[
            ("0", 0),
            ("-0", 0),
            ("+3", 3),
            ("-12", -12),
            ("0x1F", 31),
            ("0X1f", 31),
            ("0o17", 15),
            ("0O17", 15),
            ("0b101", 5),
            ("0B101", 5),
            ("0u12", 12),
            ("0U12", 12),
            ("1_000", 1000),
            ("1__0_", 10),
            ("-0x1", -1),
            ("-0u5", -5),
            ("0x7FFFFFFFFFFFFFFF", -1),
            ("0x4000000000000000", MIN_INT),
            ("4611686018427387903", MAX_INT),
            ("-4611686018427387904", MIN_INT),
            ("0u4611686018427387904", MIN_INT),
            ("0u9223372036854775807", -1),
            ("-0u9223372036854775807", 1),
            ("08", 8),
            ("-0x7FFFFFFFFFFFFFFF", 1),
            ("0b1_", 1),
            ("0_", 0),
        ];
        for &(s, n) in ok {
            assert_eq!(int_of_string(s.as_bytes()), Some(n), "{s:?}");
        }
        let bad = [
            "_1",
            "0x_1",
            "0x",
            "",
            "-",
            "+",
            " 1",
            "1 ",
            "--1",
            "+-1",
            "0x8000000000000000",
            "0xFFFFFFFFFFFFFFFF",
            "4611686018427387904",
            "-4611686018427387905",
            "0u9223372036854775808",
            "0b",
            "0o8",
            "0xg",
            "1e3",
            "0a",
            "abc",
            "0x-1",
            "1\u{0}2",
            "00x1",
            "-0x8000000000000000",
            "99999999999999999999",
        ];
        for s in bad {
            assert_eq!(int_of_string(s.as_bytes()), None, "{s:?}");
        }
    }

    #[test]
    fn format_int_extremes() {
        let mut buf = [0; 20];
        assert_eq!(format_int(0, &mut buf), b"0");
        assert_eq!(format_int(MIN_INT, &mut buf), b"-4611686018427387904");
        assert_eq!(format_int(i64::MIN, &mut buf), b"-9223372036854775808");
        assert_eq!(format_int(-7, &mut buf), b"-7");
    }

    #[test]
    fn string_sub_bounds() {
        assert_eq!(string_sub(b"abc", 1, 2), Some(&b"bc"[..]));
        assert_eq!(string_sub(b"abc", 3, 0), Some(&b""[..]));
        assert_eq!(string_sub(b"abc", 1, 5), None);
        assert_eq!(string_sub(b"abc", -1, 1), None);
        assert_eq!(string_sub(b"abc", 0, -1), None);
        assert_eq!(string_sub(b"abc", MAX_INT, MAX_INT), None);
    }
}
