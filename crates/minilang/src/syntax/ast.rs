//! The syntax tree: every node lives in the compile's [`Region`](region::Region).
//!
//! Nodes hold only `&'r` references, `&'r [T]` slices and `Copy` scalars, so
//! the whole tree needs no `Drop` and is released by dropping (or resetting)
//! the region. Sizes are pinned below: growing a node is a visible decision.
//!
//! The tree is faithful to the source: `let f x = e` keeps its parameters,
//! `x |> f` stays a binary operator, qualified names such as
//! `String.length` are one [`ExprKind::Var`] whose name contains the dot.
//! Desugaring happens in the resolver.

use std::fmt;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// The span `start..end`.
    #[must_use]
    pub const fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span as a `usize` range, for slicing the source.
    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A name as written, interned by the parser: one per distinct name of a
/// program, shared by all its occurrences. Its index numbers the program's
/// names densely, so that a table indexed by symbol needs no hashing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbol<'r> {
    /// The name as written (for a qualified name, `String.length`).
    pub text: &'r str,
    /// Its number, below the program's [`Counts::symbols`].
    pub index: u32,
}

/// A variable as written in an expression: its name and the number of this
/// use, below the program's [`Counts::uses`], under which name resolution
/// records the binding it refers to.
#[derive(Clone, Copy, Debug)]
pub struct VarUse<'r> {
    /// The name.
    pub symbol: &'r Symbol<'r>,
    /// The number of this use of a name.
    pub id: u32,
}

impl<'r> VarUse<'r> {
    /// The name as written.
    #[must_use]
    pub fn name(&self) -> &'r str {
        self.symbol.text
    }
}

/// A name bound by a pattern, with the span where it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ident<'r> {
    /// The name.
    pub symbol: &'r Symbol<'r>,
    /// Where it was written.
    pub span: Span,
    /// The number of this binding, below the program's
    /// [`Counts::bindings`]: what a resolved use refers to.
    pub id: u32,
}

impl<'r> Ident<'r> {
    /// The name as written.
    #[must_use]
    pub fn name(&self) -> &'r str {
        self.symbol.text
    }
}

/// A pattern, in a `let` binding or a function parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern<'r> {
    /// A variable `x`.
    Var(Ident<'r>),
    /// The wildcard `_`.
    Wildcard(Span),
    /// The unit pattern `()`.
    Unit(Span),
}

impl Pattern<'_> {
    /// Where the pattern was written.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Pattern::Var(id) => id.span,
            Pattern::Wildcard(span) | Pattern::Unit(span) => *span,
        }
    }
}

/// Prefix operators: `-e` and `+e`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// `-e`: wrapping negation.
    Neg,
    /// `+e`: the identity on integers.
    Plus,
}

pub use crate::syntax::operator::BinOp;

impl UnOp {
    /// The operator as written in source.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            UnOp::Neg => "-",
            UnOp::Plus => "+",
        }
    }
}

/// An expression: what it is and where it was written.
#[derive(Clone, Copy, Debug)]
pub struct Expr<'r> {
    /// The construct.
    pub kind: ExprKind<'r>,
    /// Its source range (for a parenthesised expression, without the parentheses).
    pub span: Span,
}

/// The expression forms of minilang v1.
///
/// Variants larger than 16 bytes of payload live behind a reference so that
/// [`Expr`] stays at 32 bytes.
#[derive(Clone, Copy, Debug)]
pub enum ExprKind<'r> {
    /// An integer literal, already wrapped to 63 bits.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// A string literal, escapes decoded (strings are byte strings).
    Str(&'r [u8]),
    /// `()` or `begin end`.
    Unit,
    /// A variable, or a qualified built-in such as `String.length`.
    Var(VarUse<'r>),
    /// A prefix operator.
    Unary(UnOp, &'r Expr<'r>),
    /// An infix operator, `lhs op rhs`, and where the operator starts
    /// (its location in OCaml's messages).
    Binary(BinOp, &'r Expr<'r>, &'r Expr<'r>, u32),
    /// Application `f a1 .. an` (n >= 1).
    App(&'r App<'r>),
    /// `assert e`.
    Assert(&'r Expr<'r>),
    /// `e1; e2`.
    Seq(&'r Expr<'r>, &'r Expr<'r>),
    /// `if c then a [else b]`.
    If(&'r If<'r>),
    /// `let [rec] b1 and .. bn in body`.
    Let(&'r Let<'r>),
    /// `fun p1 .. pn -> body`.
    Fun(&'r Fun<'r>),
    /// A piece of source that failed to parse; a diagnostic has been reported.
    Error,
}

/// Application `func args[0] .. args[n-1]`.
#[derive(Clone, Copy, Debug)]
pub struct App<'r> {
    /// The function expression.
    pub func: Expr<'r>,
    /// The arguments, at least one, left to right as written.
    pub args: &'r [Expr<'r>],
}

/// `if cond then then_branch [else else_branch]`.
#[derive(Clone, Copy, Debug)]
pub struct If<'r> {
    /// The condition.
    pub cond: Expr<'r>,
    /// The `then` branch.
    pub then_branch: Expr<'r>,
    /// The `else` branch, if written.
    pub else_branch: Option<Expr<'r>>,
}

/// `let [rec] bindings in body`.
#[derive(Clone, Copy, Debug)]
pub struct Let<'r> {
    /// `let rec`?
    pub is_rec: bool,
    /// The bindings joined by `and`, at least one.
    pub bindings: &'r [Binding<'r>],
    /// The body after `in`.
    pub body: Expr<'r>,
}

/// `fun params -> body`.
#[derive(Clone, Copy, Debug)]
pub struct Fun<'r> {
    /// The parameters, at least one.
    pub params: &'r [Pattern<'r>],
    /// The body.
    pub body: Expr<'r>,
}

/// One binding of a `let`: `pattern = expr` or `name params = expr`.
#[derive(Clone, Copy, Debug)]
pub struct Binding<'r> {
    /// What is bound (a function name when `params` is not empty).
    pub pattern: Pattern<'r>,
    /// The parameters of the sugar `let f x y = ...`; empty otherwise.
    pub params: &'r [Pattern<'r>],
    /// The right-hand side.
    pub body: Expr<'r>,
    /// From the pattern to the end of the body.
    pub span: Span,
}

/// A top-level item.
#[derive(Clone, Copy, Debug)]
pub enum Item<'r> {
    /// A definition `let [rec] b1 and .. bn` (without `in`).
    Let {
        /// `let rec`?
        is_rec: bool,
        /// The bindings joined by `and`, at least one.
        bindings: &'r [Binding<'r>],
        /// From `let` to the end of the last binding.
        span: Span,
    },
    /// A top-level expression (first item or right after `;;`).
    Expr(Expr<'r>),
}

/// A whole parsed file.
#[derive(Clone, Copy, Debug)]
pub struct Program<'r> {
    /// The items in source order.
    pub items: &'r [Item<'r>],
    /// Where OCaml's locations differ from the nodes' spans.
    pub locations: Locations<'r>,
    /// How many names, uses and bindings the program has.
    pub counts: Counts,
}

/// The sizes of the numberings of a program's names: every
/// [`Symbol::index`], [`VarUse::id`] and [`Ident::id`] is below its count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Distinct names.
    pub symbols: u32,
    /// Variables in expressions.
    pub uses: u32,
    /// Names bound by patterns.
    pub bindings: u32,
}

/// The parentheses of a program, kept beside the tree for the locations
/// OCaml reports: an expression's location includes the parentheses around
/// it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Locations<'r> {
    /// Every parenthesised expression, `(e)` or `begin e end`, in the order
    /// its closing token was read (so by increasing `outer.end`).
    pub parens: &'r [Parens],
}

/// A parenthesised expression: the span of the expression and the span
/// with its parentheses (or `begin` and `end`; for `(e;)`, with the `;`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parens {
    /// The expression's own span (its node's).
    pub inner: Span,
    /// From the opening to the closing delimiter.
    pub outer: Span,
}

impl Locations<'_> {
    /// The location OCaml gives the expression whose node spans `span`:
    /// with every pair of parentheses (or `begin` ... `end`) around it.
    #[must_use]
    pub fn outer(&self, mut span: Span) -> Span {
        // The pair directly around `span`, if any, is the first one to
        // close after it: only blanks, comments and a `;` can come between.
        loop {
            let i = self.parens.partition_point(|p| p.outer.end <= span.end);
            match self.parens.get(i) {
                Some(p) if p.inner == span => span = p.outer,
                _ => return span,
            }
        }
    }
}

// The tree is freed by releasing the region, never by running destructors.
const _: () = {
    assert!(!std::mem::needs_drop::<Expr<'static>>());
    assert!(!std::mem::needs_drop::<Item<'static>>());
    assert!(!std::mem::needs_drop::<Binding<'static>>());
    assert!(!std::mem::needs_drop::<Pattern<'static>>());
    assert!(!std::mem::needs_drop::<Program<'static>>());
    assert!(!std::mem::needs_drop::<Parens>());
    assert!(!std::mem::needs_drop::<Symbol<'static>>());
};

// Node sizes are part of the design; change them deliberately.
const _: () = {
    assert!(size_of::<Span>() == 8);
    assert!(size_of::<ExprKind<'static>>() == 24);
    assert!(size_of::<Expr<'static>>() == 32);
    assert!(size_of::<Pattern<'static>>() == 32);
    assert!(size_of::<Binding<'static>>() == 88);
};
