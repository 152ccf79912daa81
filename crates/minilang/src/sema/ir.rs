//! The resolved program the evaluator runs: names replaced by slots, sugar
//! removed, common shapes specialised. Lives in the same region as the AST.
//!
//! # Frames
//!
//! A call runs in a frame on the evaluator's value stack. For a function of
//! arity `n` the frame is
//!
//! ```text
//! slot 0 .. n-1   the arguments, LAST argument in slot 0 (arguments are
//!                 evaluated right to left and pushed in that order)
//! slot n          the closure being called, if the function uses its
//!                 environment ([`Func::uses_env`]); unit otherwise
//! slot n+1 ..     `let`-bound locals, reused stack-wise by sibling scopes
//! ```
//!
//! Top-level code runs in one frame of its own (no arguments; slot 0 unused).
//! Top-level definitions are globals, never captured. A closure captures the
//! other free variables by value (bindings are immutable); its code reads
//! them through the closure in slot `n` ([`VarRef::Env`]). The functions of
//! one local `let rec` share one closure, so they refer to each other without
//! a reference cycle ([`VarRef::Sibling`]).

use crate::runtime::builtins::Builtin;
use crate::syntax::ast::Span;

/// An index into the current frame.
pub type Slot = u32;
/// An index into [`Program::funcs`].
pub type FuncId = u32;
/// An index into the globals (one per top-level name binding).
pub type GlobalId = u32;

/// A whole resolved program.
#[derive(Clone, Copy, Debug)]
pub struct Program<'r> {
    /// Top-level items, run in order in the top-level frame.
    pub items: &'r [Expr<'r>],
    /// Size of the top-level frame.
    pub frame_size: u32,
    /// Number of global slots.
    pub n_globals: u32,
    /// Every function body, indexed by [`FuncId`].
    pub funcs: &'r [Func<'r>],
    /// Every string literal occurrence, indexed by [`ExprKind::Str`]: one
    /// occurrence is one string object, so `==` can tell occurrences apart.
    pub strings: &'r [&'r [u8]],
}

/// The code of one function (after desugaring, `fun x y -> e` has arity 2).
#[derive(Clone, Copy, Debug)]
pub struct Func<'r> {
    /// Number of parameters.
    pub arity: u32,
    /// Slots in its frame: arguments, the closure slot, locals.
    pub frame_size: u32,
    /// Whether the body reads captured variables or sibling functions, so the
    /// closure must be stored in slot `arity` when it is called.
    pub uses_env: bool,
    /// The body; parameters written `()` are checked at its start.
    pub body: &'r Expr<'r>,
    /// The name it was bound to, or `fun` (for messages).
    pub name: &'r str,
    /// Where the function was written.
    pub span: Span,
}

/// Closure creation: the code of one function, or of all the functions of a
/// `let rec ... and ...` group, and how to fetch what they capture.
#[derive(Clone, Copy, Debug)]
pub struct Group<'r> {
    /// The functions; a closure value names one of them by index.
    pub funcs: &'r [FuncId],
    /// What the closure captures, read in the frame that creates it.
    pub captures: &'r [VarRef],
}

/// Where a variable lives, seen from the code that reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarRef {
    /// A slot of the current frame.
    Local(Slot),
    /// Captured value `index` of the closure stored in slot `closure`.
    Env {
        /// The closure slot (the arity of the current function).
        closure: Slot,
        /// Index into the closure's captured values.
        index: u32,
    },
    /// Function `index` of the `let rec` group of the closure in slot `closure`.
    Sibling {
        /// The closure slot (the arity of the current function).
        closure: Slot,
        /// Index into the group.
        index: u32,
    },
    /// A global.
    Global(GlobalId),
}

/// Arithmetic operators on `int`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (truncating; raises `Division_by_zero`)
    Div,
    /// `mod` (sign of the dividend; raises `Division_by_zero`)
    Mod,
}

/// Structural comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator with its operands swapped: `a < b` is `b > a`.
    #[must_use]
    pub fn flip(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Ge => CmpOp::Le,
            op => op,
        }
    }

    /// Whether an ordering result satisfies the operator.
    #[inline(always)]
    #[must_use]
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
            CmpOp::Lt => ord == Less,
            CmpOp::Gt => ord == Greater,
            CmpOp::Le => ord != Greater,
            CmpOp::Ge => ord != Less,
        }
    }
}

/// What a `let` does with the value of its right-hand side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bind {
    /// Store it in a slot of the current frame.
    Local(Slot),
    /// Store it in a global (top-level definitions).
    Global(GlobalId),
    /// `let _ = e`: drop it.
    Discard,
    /// `let () = e`: check that it is unit.
    Unit,
}

/// An expression with the span it came from (for run-time errors).
#[derive(Clone, Copy, Debug)]
pub struct Expr<'r> {
    /// What to do.
    pub kind: ExprKind<'r>,
    /// Where it was written.
    pub span: Span,
}

/// The node shapes. Several are specialisations of a general one, chosen by
/// the resolver because they are common and cheap to run.
#[derive(Clone, Copy, Debug)]
pub enum ExprKind<'r> {
    /// An integer constant (also `max_int`, `min_int`).
    Int(i64),
    /// `true` / `false`.
    Bool(bool),
    /// `()`.
    Unit,
    /// String literal occurrence number `n` ([`Program::strings`]).
    Str(u32),
    /// A variable.
    Var(VarRef),
    /// A built-in function used as a value.
    Builtin(Builtin),
    /// `-e` (wrapping).
    Neg(&'r Expr<'r>),
    /// `+e`: checks for an int.
    Plus(&'r Expr<'r>),
    /// `a op b`, `b` evaluated first.
    Arith(ArithOp, &'r Expr<'r>, &'r Expr<'r>),
    /// Specialised `x op k` for a local `x` and a constant `k` (`x - k` is
    /// written `x + (-k)`).
    ArithLK(ArithOp, Slot, i64),
    /// `a op b` structurally, `b` evaluated first.
    Cmp(CmpOp, &'r Expr<'r>, &'r Expr<'r>),
    /// Specialised `x op k` for a local `x` and an int constant `k`.
    CmpLK(CmpOp, Slot, i64),
    /// `a == b` (or `a != b` when the flag is set), `b` evaluated first.
    PhysEq(bool, &'r Expr<'r>, &'r Expr<'r>),
    /// `a ^ b`, `b` evaluated first.
    Concat(&'r Expr<'r>, &'r Expr<'r>),
    /// `a && b` (left to right, short-circuit; `b` is a tail position).
    And(&'r Expr<'r>, &'r Expr<'r>),
    /// `a || b` (left to right, short-circuit; `b` is a tail position).
    Or(&'r Expr<'r>, &'r Expr<'r>),
    /// `if c then a else b` (a missing `else` is `()`).
    If(&'r If<'r>),
    /// `a; b`.
    Seq(&'r Expr<'r>, &'r Expr<'r>),
    /// `let p = rhs in body` (and top-level `let p = rhs` with a unit body).
    Let(&'r Let<'r>),
    /// `let rec f .. and g .. in body`: one closure, stored from `first` on.
    LetRec(&'r LetRec<'r>),
    /// `fun ... -> ...`: a new closure each time it is evaluated.
    Closure(&'r Group<'r>),
    /// An application `f a1 .. an` in general.
    Call(&'r Call<'r>),
    /// A call of a function known at resolve time, with exactly its arity.
    CallKnown(&'r CallKnown<'r>),
    /// A call of a built-in with exactly its arity.
    CallBuiltin(Builtin, &'r [Expr<'r>]),
    /// `assert e`; the span is that of the whole `assert e`.
    Assert(&'r Expr<'r>),
    /// Top-level `let rec`: creates the closure of the group and stores
    /// function `i` in global `first + i`.
    DefRec(&'r Group<'r>, GlobalId),
}

/// `if cond then then_branch else else_branch`.
#[derive(Clone, Copy, Debug)]
pub struct If<'r> {
    /// The condition.
    pub cond: Expr<'r>,
    /// The `then` branch.
    pub then_branch: Expr<'r>,
    /// The `else` branch (`()` when not written).
    pub else_branch: Expr<'r>,
}

/// `let bind = rhs in body`.
#[derive(Clone, Copy, Debug)]
pub struct Let<'r> {
    /// What to do with the value.
    pub bind: Bind,
    /// The right-hand side.
    pub rhs: Expr<'r>,
    /// The body (unit for a top-level definition).
    pub body: Expr<'r>,
}

/// `let rec ... in body`.
#[derive(Clone, Copy, Debug)]
pub struct LetRec<'r> {
    /// The functions and their captures.
    pub group: &'r Group<'r>,
    /// Function `i` of the group goes to slot `first + i`.
    pub first: Slot,
    /// The body.
    pub body: Expr<'r>,
}

/// A general application.
#[derive(Clone, Copy, Debug)]
pub struct Call<'r> {
    /// The function expression, evaluated after the arguments.
    pub func: Expr<'r>,
    /// The arguments as written, evaluated right to left.
    pub args: &'r [Expr<'r>],
    /// In tail position: an exact call replaces the current frame.
    pub tail: bool,
}

/// A call of a known function with exactly its arity.
#[derive(Clone, Copy, Debug)]
pub struct CallKnown<'r> {
    /// The function's code.
    pub func: FuncId,
    /// Where its closure is (read only if the function uses its environment).
    pub callee: VarRef,
    /// The arguments as written, evaluated right to left.
    pub args: &'r [Expr<'r>],
    /// In tail position: replaces the current frame.
    pub tail: bool,
    /// A call of the very closure that is running (recursion), so a tail
    /// call only has to overwrite the arguments.
    pub self_call: bool,
}

// The IR is freed with the region; it must not own anything.
const _: () = {
    assert!(!std::mem::needs_drop::<Expr<'static>>());
    assert!(!std::mem::needs_drop::<Program<'static>>());
    assert!(!std::mem::needs_drop::<Func<'static>>());
    assert!(!std::mem::needs_drop::<Group<'static>>());
};

// Node sizes are part of the design; change them deliberately.
const _: () = {
    assert!(size_of::<ExprKind<'static>>() == 24);
    assert!(size_of::<Expr<'static>>() == 32);
};
