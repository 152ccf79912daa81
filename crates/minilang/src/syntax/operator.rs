//! The operator table: every infix operator, in one place.
//!
//! Each row of [`operator_table!`] gives an operator's text, its token, its
//! precedence and associativity (spec §3; higher binds tighter), its OCaml
//! type and what it does. From the table come [`BinOp`], the parser's
//! token-to-operator lookup ([`BinOp::from_token`]), the checker's operator
//! types ([`BinOp::signature`]), the lowering and the evaluation
//! ([`BinOp::semantics`]), the built-in function values `(+)`, `(&&)`, ...
//! ([`BinOp::ALL`]) and the lexer's list of operators in its help. Adding an
//! operator is one row (and, for a new kind of [`Semantics`], its
//! lowering and evaluation, which the compiler asks for).

use crate::sema::ir::{ArithOp, CmpOp};
use crate::syntax::token::TokenKind;

/// A type as the tables of operators and built-ins write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `int`
    Int,
    /// `bool`
    Bool,
    /// `string`
    Str,
    /// `unit`
    Unit,
    /// The type variable `'a`.
    A,
    /// The type variable `'b`.
    B,
    /// A function type `arg -> result`.
    Fn(&'static Ty, &'static Ty),
}

/// How an operator groups with itself: `a - b - c` is `(a - b) - c`,
/// `a ^ b ^ c` is `a ^ (b ^ c)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assoc {
    /// Left-associative.
    Left,
    /// Right-associative.
    Right,
}

/// What an operator does, for the lowering and the evaluator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Semantics {
    /// Integer arithmetic.
    Arith(ArithOp),
    /// A structural comparison.
    Compare(CmpOp),
    /// Physical equality (`==`), or its negation (`!=`).
    Physical {
        /// `!=`.
        negated: bool,
    },
    /// `&&`: short-circuit, left to right.
    And,
    /// `||`: short-circuit, left to right.
    Or,
    /// `^`: string concatenation.
    Concat,
    /// `x |> f` is `f x`.
    Pipe,
    /// `f @@ x` is `f x`.
    AtAt,
}

/// One row of the operator table.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    /// The operator as written in source.
    pub text: &'static str,
    /// Precedence: higher binds tighter.
    pub precedence: u8,
    /// Associativity.
    pub assoc: Assoc,
    /// Its OCaml type, as the argument types then the result type.
    pub signature: &'static [Ty],
    /// What it does.
    pub semantics: Semantics,
    /// Whether OCaml declares it as an `external` primitive (see
    /// `Builtin::is_external`).
    pub external: bool,
}

/// Defines [`BinOp`] and its table from one list of rows.
macro_rules! operator_table {
    ( $(
        $(#[$doc:meta])*
        $op:ident = $text:literal, $token:ident, $prec:literal, $assoc:ident,
        [$($sig:expr),*], $sem:expr, $external:literal;
    )* ) => {
        /// Infix operators, including the short-circuiting ones.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum BinOp {
            $( $(#[$doc])* $op, )*
        }

        /// The rows, in the order of [`BinOp`]'s variants.
        const TABLE: &[OpInfo] = &[ $(
            OpInfo {
                text: $text,
                precedence: $prec,
                assoc: Assoc::$assoc,
                signature: &[$($sig),*],
                semantics: $sem,
                external: $external,
            },
        )* ];

        impl BinOp {
            /// Every operator, in table order.
            pub const ALL: [BinOp; TABLE.len()] = [ $( BinOp::$op, )* ];

            /// The operator that token `kind` denotes in infix position.
            #[inline]
            #[must_use]
            pub fn from_token(kind: TokenKind) -> Option<BinOp> {
                match kind {
                    $( TokenKind::$token => Some(BinOp::$op), )*
                    _ => None,
                }
            }
        }
    };
}

use Semantics as S;
use Ty::{A, B, Bool, Int, Str};

operator_table! {
    /// `+`
    Add = "+", Plus, 5, Left, [Int, Int, Int], S::Arith(ArithOp::Add), true;
    /// `-`
    Sub = "-", Minus, 5, Left, [Int, Int, Int], S::Arith(ArithOp::Sub), true;
    /// `*`
    Mul = "*", Star, 6, Left, [Int, Int, Int], S::Arith(ArithOp::Mul), true;
    /// `/`
    Div = "/", Slash, 6, Left, [Int, Int, Int], S::Arith(ArithOp::Div), true;
    /// `mod`
    Mod = "mod", Mod, 6, Left, [Int, Int, Int], S::Arith(ArithOp::Mod), true;
    /// `^` (string concatenation)
    Concat = "^", Caret, 4, Right, [Str, Str, Str], S::Concat, false;
    /// `=` (structural)
    Eq = "=", Eq, 3, Left, [A, A, Bool], S::Compare(CmpOp::Eq), true;
    /// `<>` (structural)
    Ne = "<>", LtGt, 3, Left, [A, A, Bool], S::Compare(CmpOp::Ne), true;
    /// `==` (physical)
    PhysEq = "==", EqEq, 3, Left, [A, A, Bool], S::Physical { negated: false }, true;
    /// `!=` (physical)
    PhysNe = "!=", BangEq, 3, Left, [A, A, Bool], S::Physical { negated: true }, true;
    /// `<`
    Lt = "<", Lt, 3, Left, [A, A, Bool], S::Compare(CmpOp::Lt), true;
    /// `>`
    Gt = ">", Gt, 3, Left, [A, A, Bool], S::Compare(CmpOp::Gt), true;
    /// `<=`
    Le = "<=", Le, 3, Left, [A, A, Bool], S::Compare(CmpOp::Le), true;
    /// `>=`
    Ge = ">=", Ge, 3, Left, [A, A, Bool], S::Compare(CmpOp::Ge), true;
    /// `&&` (short-circuit, left to right)
    And = "&&", AmpAmp, 2, Right, [Bool, Bool, Bool], S::And, true;
    /// `||` (short-circuit, left to right)
    Or = "||", BarBar, 1, Right, [Bool, Bool, Bool], S::Or, true;
    /// `|>` (reverse application)
    Pipe = "|>", PipeGt, 3, Left, [A, Ty::Fn(&A, &B), B], S::Pipe, true;
    /// `@@` (application, right-associative)
    AtAt = "@@", AtAt, 4, Right, [Ty::Fn(&A, &B), A, B], S::AtAt, true;
}

impl BinOp {
    /// The operator's row of the table.
    #[inline]
    #[must_use]
    pub const fn info(self) -> &'static OpInfo {
        &TABLE[self as usize]
    }

    /// The operator as written in source.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.info().text
    }

    /// Its precedence: higher binds tighter.
    #[inline]
    #[must_use]
    pub fn precedence(self) -> u8 {
        self.info().precedence
    }

    /// Whether it associates to the left.
    #[inline]
    #[must_use]
    pub fn is_left_assoc(self) -> bool {
        self.info().assoc == Assoc::Left
    }

    /// Its OCaml type: the argument types, then the result type.
    #[must_use]
    pub const fn signature(self) -> &'static [Ty] {
        self.info().signature
    }

    /// What it does.
    #[inline]
    #[must_use]
    pub fn semantics(self) -> Semantics {
        self.info().semantics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_variant_order_and_texts_are_tokens() {
        for (i, op) in BinOp::ALL.into_iter().enumerate() {
            assert_eq!(op as usize, i);
            assert_eq!(op.signature().len(), 3, "{op:?} is binary");
            let text = op.as_str();
            let lexed = crate::syntax::lexer::lex(text);
            assert_eq!(BinOp::from_token(lexed.tokens[0].kind), Some(op), "{text}");
            assert!(lexed.diagnostics.is_empty(), "{text}");
        }
    }
}
