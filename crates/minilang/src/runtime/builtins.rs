//! The built-in functions of minilang v1, each defined once: one table
//! ([`builtin_table!`]) gives every built-in's name, OCaml type, arity and
//! implementation; the implementations follow it, written against the
//! [`Host`] interface (what a built-in may ask of the machine running it).
//! The built-in constants, and the pure helpers that do what OCaml 4.13
//! does, are here too.
//!
//! Adding a built-in is one row and its implementation function. The
//! resolver, the checker (its type), the evaluator (calls, partial
//! applications, the built-in as a value) and the error messages' lists of
//! names all read the table.

use std::cmp::Ordering;
use std::rc::Rc;

use crate::runtime::value::{CompareError, Exn, R, Value, ill_typed};
use crate::syntax::ast::{BinOp, Span};
use crate::syntax::operator::Ty;

/// The arity of an implementation kind of [`builtin_table!`].
#[cfg(test)]
macro_rules! kind_arity {
    (Unary) => {
        1
    };
    (Binary) => {
        2
    };
    (Ternary) => {
        3
    };
}

/// The call `$call` if the row's kind is `$want`, else unreachable: the
/// arms of [`Builtin::run1`] and its siblings.
macro_rules! call_if {
    (Unary, Unary, $call:expr) => {
        $call
    };
    (Binary, Binary, $call:expr) => {
        $call
    };
    (Ternary, Ternary, $call:expr) => {
        $call
    };
    ($want:ident, $kind:ident, $call:expr) => {
        unreachable!(
            "a {} built-in run as {}",
            stringify!($kind),
            stringify!($want)
        )
    };
}

/// Defines [`Builtin`] and its table from one list of rows: the name as
/// written in source, the OCaml type (argument types, then the result
/// type; the arity is the number of arguments), whether OCaml declares it
/// as an `external` primitive, and its implementation: `Unary`, `Binary`
/// or `Ternary` (its arity) around a function of this module that takes the
/// [`Host`], the evaluated arguments (first argument first) and the span of
/// the call (for the exceptions it raises).
macro_rules! builtin_table {
    ( $(
        $(#[$doc:meta])*
        $b:ident = $name:literal : [$($sig:expr),*], $external:literal, $kind:ident($imp:ident);
    )* ) => {
        /// A built-in function. Constants (`max_int`, `min_int`) are in
        /// [`CONSTANTS`]: the resolver turns them into integer literals.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Builtin {
            $( $(#[$doc])* $b, )*
            /// An infix operator used as a function value, such as `(+)` or `(&&)`
            /// (as a function, `(&&)` evaluates both arguments). What it
            /// does is the operator table's [`Semantics`](crate::syntax::operator::Semantics).
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

            /// How many arguments the implementation of a named built-in takes.
            #[cfg(test)]
            fn implementation_arity(self) -> usize {
                match self {
                    $( Builtin::$b => kind_arity!($kind), )*
                    Builtin::Op(_) => 2,
                }
            }

            /// Runs a named built-in of arity 1 on its argument.
            #[inline(always)]
            pub(crate) fn run1<'r>(self, h: &mut impl Host<'r>, a: Value<'r>, span: Span) -> R<Value<'r>> {
                match self {
                    $( Builtin::$b => call_if!(Unary, $kind, $imp(h, a, span)), )*
                    Builtin::Op(op) => unreachable!("{op:?} runs by its semantics"),
                }
            }

            /// Runs a named built-in of arity 2 on its arguments.
            #[inline(always)]
            pub(crate) fn run2<'r>(
                self,
                h: &mut impl Host<'r>,
                a: Value<'r>,
                b: Value<'r>,
                span: Span,
            ) -> R<Value<'r>> {
                match self {
                    $( Builtin::$b => call_if!(Binary, $kind, $imp(h, a, b, span)), )*
                    Builtin::Op(op) => unreachable!("{op:?} runs by its semantics"),
                }
            }

            /// Runs a named built-in of arity 3 on its arguments.
            #[inline(always)]
            pub(crate) fn run3<'r>(
                self,
                h: &mut impl Host<'r>,
                a: Value<'r>,
                b: Value<'r>,
                c: Value<'r>,
                span: Span,
            ) -> R<Value<'r>> {
                match self {
                    $( Builtin::$b => call_if!(Ternary, $kind, $imp(h, a, b, c, span)), )*
                    Builtin::Op(op) => unreachable!("{op:?} runs by its semantics"),
                }
            }
        }
    };
}

use Ty::{A, Bool, Int, Str, Unit};

builtin_table! {
    /// `print_int : int -> unit`
    PrintInt = "print_int": [Int, Unit], false, Unary(print_int);
    /// `print_string : string -> unit`
    PrintString = "print_string": [Str, Unit], false, Unary(print_string);
    /// `print_endline : string -> unit` (adds `\n`, flushes)
    PrintEndline = "print_endline": [Str, Unit], false, Unary(print_endline);
    /// `print_newline : unit -> unit` (flushes)
    PrintNewline = "print_newline": [Unit, Unit], false, Unary(print_newline);
    /// `string_of_int : int -> string`
    StringOfInt = "string_of_int": [Int, Str], false, Unary(string_of_int);
    /// `int_of_string : string -> int`
    IntOfString = "int_of_string": [Str, Int], true, Unary(int_of_string_checked);
    /// `string_of_bool : bool -> string`
    StringOfBool = "string_of_bool": [Bool, Str], false, Unary(string_of_bool);
    /// `String.length : string -> int`
    StringLength = "String.length": [Str, Int], true, Unary(string_length);
    /// `String.sub : string -> int -> int -> string`
    StringSub = "String.sub": [Str, Int, Int, Str], false, Ternary(string_sub_checked);
    /// `not : bool -> bool`
    Not = "not": [Bool, Bool], true, Unary(not);
    /// `abs : int -> int`
    Abs = "abs": [Int, Int], false, Unary(abs);
    /// `succ : int -> int`
    Succ = "succ": [Int, Int], true, Unary(succ);
    /// `pred : int -> int`
    Pred = "pred": [Int, Int], true, Unary(pred);
    /// `min : 'a -> 'a -> 'a`
    Min = "min": [A, A, A], false, Binary(min);
    /// `max : 'a -> 'a -> 'a`
    Max = "max": [A, A, A], false, Binary(max);
    /// `compare : 'a -> 'a -> int`
    Compare = "compare": [A, A, Int], true, Binary(compare);
    /// `ignore : 'a -> unit`
    Ignore = "ignore": [A, Unit], true, Unary(ignore);
    /// `failwith : string -> 'a`
    Failwith = "failwith": [Str, A], false, Unary(failwith);
    /// `exit : int -> 'a`
    Exit = "exit": [Int, A], false, Unary(exit);
}

/// What a built-in may ask of the machine that runs it.
pub(crate) trait Host<'r> {
    /// Writes `bytes` to the program's standard output, and flushes it if
    /// `flush`.
    fn write(&mut self, bytes: &[u8], flush: bool) -> R<()>;
    /// Raises `exn` from the call at `span`.
    fn raise<T>(&mut self, exn: Exn, span: Span) -> R<T>;
    /// Flushes the output and ends the program with `status`.
    fn exit<T>(&mut self, status: i32) -> R<T>;
    /// The string `string_of_bool b` returns: OCaml's are two shared
    /// constants, so `string_of_bool true == string_of_bool true`.
    fn bool_string(&self, b: bool) -> Value<'r>;
}

// ----- the implementations, in table order -----------------------------------

#[inline]
fn print_int<'r>(h: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    let mut buf = [0; 20];
    h.write(format_int(a.expect_int(), &mut buf), false)?;
    Ok(Value::Unit)
}

#[inline]
fn print_string<'r>(h: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    h.write(a.expect_str(), false)?;
    Ok(Value::Unit)
}

#[inline]
fn print_endline<'r>(h: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    h.write(a.expect_str(), false)?;
    h.write(b"\n", true)?;
    Ok(Value::Unit)
}

#[inline]
fn print_newline<'r>(h: &mut impl Host<'r>, _: Value<'r>, _: Span) -> R<Value<'r>> {
    h.write(b"\n", true)?;
    Ok(Value::Unit)
}

#[inline]
fn string_of_int<'r>(_: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    let mut buf = [0; 20];
    Ok(Value::string(format_int(a.expect_int(), &mut buf)))
}

#[inline]
fn int_of_string_checked<'r>(h: &mut impl Host<'r>, a: Value<'r>, span: Span) -> R<Value<'r>> {
    match int_of_string(a.expect_str()) {
        Some(n) => Ok(Value::Int(n)),
        None => {
            let msg = Rc::new(b"int_of_string".to_vec().into_boxed_slice());
            h.raise(Exn::Failure(msg), span)
        }
    }
}

#[inline]
fn string_of_bool<'r>(h: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    Ok(h.bool_string(a.expect_bool()))
}

#[inline]
fn string_length<'r>(_: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    Ok(Value::Int(a.expect_str().len() as i64))
}

#[inline]
fn string_sub_checked<'r>(
    h: &mut impl Host<'r>,
    s: Value<'r>,
    pos: Value<'r>,
    len: Value<'r>,
    span: Span,
) -> R<Value<'r>> {
    match string_sub(s.expect_str(), pos.expect_int(), len.expect_int()) {
        Some(sub) => Ok(Value::string(sub)),
        None => h.raise(Exn::InvalidArgument("String.sub / Bytes.sub"), span),
    }
}

#[inline]
fn not<'r>(_: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    Ok(Value::bool(!a.expect_bool()))
}

#[inline]
fn abs<'r>(_: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    Ok(Value::Int(wrap(a.expect_int().wrapping_abs())))
}

#[inline]
fn succ<'r>(_: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    Ok(Value::Int(wrap(a.expect_int().wrapping_add(1))))
}

#[inline]
fn pred<'r>(_: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    Ok(Value::Int(wrap(a.expect_int().wrapping_sub(1))))
}

// `min`/`max` are OCaml's `if a <= b then a else b` and `if a >= b ...`.
#[inline]
fn min<'r>(h: &mut impl Host<'r>, a: Value<'r>, b: Value<'r>, span: Span) -> R<Value<'r>> {
    let ord = ordering(h, &a, &b, false, span)?;
    Ok(if ord.is_le() { a } else { b })
}

#[inline]
fn max<'r>(h: &mut impl Host<'r>, a: Value<'r>, b: Value<'r>, span: Span) -> R<Value<'r>> {
    let ord = ordering(h, &a, &b, false, span)?;
    Ok(if ord.is_ge() { a } else { b })
}

#[inline]
fn compare<'r>(h: &mut impl Host<'r>, a: Value<'r>, b: Value<'r>, span: Span) -> R<Value<'r>> {
    // Only `compare` is total: physically equal functions are equal.
    let ord = ordering(h, &a, &b, true, span)?;
    Ok(Value::Int(ord as i64))
}

#[inline]
fn ignore<'r>(_: &mut impl Host<'r>, _: Value<'r>, _: Span) -> R<Value<'r>> {
    Ok(Value::Unit)
}

#[inline]
fn failwith<'r>(h: &mut impl Host<'r>, a: Value<'r>, span: Span) -> R<Value<'r>> {
    h.raise(Exn::Failure(a.expect_str().clone()), span)
}

#[inline]
fn exit<'r>(h: &mut impl Host<'r>, a: Value<'r>, _: Span) -> R<Value<'r>> {
    // The C `exit` takes an int; the status is its low byte.
    h.exit(a.expect_int() as i32)
}

/// The structural order of `a` and `b` ([`Value::compare`]), raising
/// OCaml's `Invalid_argument "compare: functional value"` at `span` when
/// one is a function (unless `total` and they are physically equal).
#[inline]
pub(crate) fn ordering<'r>(
    h: &mut impl Host<'r>,
    a: &Value<'r>,
    b: &Value<'r>,
    total: bool,
    span: Span,
) -> R<Ordering> {
    match a.compare(b, total) {
        Ok(ord) => Ok(ord),
        Err(CompareError::Functional) => {
            h.raise(Exn::InvalidArgument("compare: functional value"), span)
        }
        Err(CompareError::TypeMismatch) => ill_typed("values of one type"),
    }
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

    /// A host that records what the built-ins ask of it.
    #[derive(Default)]
    struct Recorder {
        out: Vec<u8>,
        flushes: usize,
        raised: Option<String>,
        exited: Option<i32>,
    }

    impl<'r> Host<'r> for Recorder {
        fn write(&mut self, bytes: &[u8], flush: bool) -> R<()> {
            self.out.extend_from_slice(bytes);
            self.flushes += usize::from(flush);
            Ok(())
        }
        fn raise<T>(&mut self, exn: Exn, _: Span) -> R<T> {
            self.raised = Some(match exn {
                Exn::Failure(msg) => format!("Failure {}", String::from_utf8_lossy(&msg)),
                Exn::InvalidArgument(msg) => format!("Invalid_argument {msg}"),
                other => format!("{other:?}"),
            });
            Err(crate::runtime::value::Unwind)
        }
        fn exit<T>(&mut self, status: i32) -> R<T> {
            self.exited = Some(status);
            Err(crate::runtime::value::Unwind)
        }
        fn bool_string(&self, b: bool) -> Value<'r> {
            Value::string(if b { &b"true"[..] } else { &b"false"[..] })
        }
    }

    #[test]
    fn every_builtin_has_an_implementation_of_its_arity() {
        for b in Builtin::every() {
            assert_eq!(b.implementation_arity(), b.arity(), "{b:?}");
        }
    }

    /// Runs `b` on `args` with a [`Recorder`].
    fn run(b: Builtin, args: Vec<Value<'static>>) -> (Result<Value<'static>, ()>, Recorder) {
        let mut h = Recorder::default();
        let span = Span::new(0, 0);
        let mut args = args.into_iter();
        let mut next = || args.next().expect("enough arguments");
        let r = match b.arity() {
            1 => b.run1(&mut h, next(), span),
            2 => b.run2(&mut h, next(), next(), span),
            _ => b.run3(&mut h, next(), next(), next(), span),
        };
        (r.map_err(|_| ()), h)
    }

    #[test]
    fn implementations_talk_to_their_host() {
        let (r, h) = run(Builtin::PrintEndline, vec![Value::string(&b"hi"[..])]);
        assert!(matches!(r, Ok(Value::Unit)));
        assert_eq!((h.out.as_slice(), h.flushes), (&b"hi\n"[..], 1));
        let (_, h) = run(Builtin::PrintInt, vec![Value::Int(MIN_INT)]);
        assert_eq!(h.out, b"-4611686018427387904");
        let (r, h) = run(Builtin::IntOfString, vec![Value::string(&b"0x"[..])]);
        assert!(r.is_err());
        assert_eq!(h.raised.as_deref(), Some("Failure int_of_string"));
        let (r, h) = run(
            Builtin::StringSub,
            vec![Value::string(&b"abc"[..]), Value::Int(2), Value::Int(2)],
        );
        assert!(r.is_err());
        assert_eq!(
            h.raised.as_deref(),
            Some("Invalid_argument String.sub / Bytes.sub")
        );
        let (r, h) = run(Builtin::Exit, vec![Value::Int(258)]);
        assert!(r.is_err());
        assert_eq!(h.exited, Some(258));
        let (r, _) = run(Builtin::Max, vec![Value::Int(3), Value::Int(-1)]);
        assert!(matches!(r, Ok(Value::Int(3))));
        let (r, _) = run(
            Builtin::Compare,
            vec![Value::string(&b"a"[..]), Value::string(&b"b"[..])],
        );
        assert!(matches!(r, Ok(Value::Int(-1))));
        let (r, _) = run(Builtin::Succ, vec![Value::Int(MAX_INT)]);
        assert!(matches!(r, Ok(Value::Int(MIN_INT))));
    }

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
