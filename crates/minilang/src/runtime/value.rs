//! Run-time values: 16 bytes each; strings, closures and partial
//! applications are reference-counted so that copying a value is cheap and
//! physical equality (`==`) is pointer identity.
//!
//! Every payload of [`Value`] is one 8-byte scalar at the same offset, so
//! the compiler passes and returns a value in two registers instead of
//! through memory (copying 16 bytes that were just written as two halves
//! stalls store forwarding; on `fib 30` that was a third of the time). Hence
//! [`Bool`] instead of `bool`, and built-ins as partial applications.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::{Rc, Weak};

use crate::runtime::builtins::Builtin;
use crate::sema::ir::{FuncId, Group};

/// A `bool` as wide as the other payloads of [`Value`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u64)]
pub enum Bool {
    /// `false`
    False = 0,
    /// `true`
    True = 1,
}

impl From<bool> for Bool {
    #[inline(always)]
    fn from(b: bool) -> Bool {
        if b { Bool::True } else { Bool::False }
    }
}

impl From<Bool> for bool {
    #[inline(always)]
    fn from(b: Bool) -> bool {
        b == Bool::True
    }
}

/// A minilang value.
#[derive(Clone, Debug, Default)]
pub enum Value<'r> {
    /// `()`; also the filler of fresh frame slots.
    #[default]
    Unit,
    /// `true` / `false`.
    Bool(Bool),
    /// A 63-bit integer, kept sign-extended in an `i64`.
    Int(i64),
    /// An immutable byte string; its identity is the allocation.
    Str(Rc<Box<[u8]>>),
    /// A closure.
    Closure(Rc<Closure<'r>>),
    /// A function applied to fewer arguments than it needs; also a built-in
    /// used as a value (with no arguments yet).
    Partial(Rc<Partial<'r>>),
}

/// A closure: the code of one function of a group (one `fun`, or the
/// functions of one `let rec ... and ...`) and the values the group captured
/// when it was created.
#[derive(Debug)]
pub struct Closure<'r> {
    /// The group's code.
    pub group: &'r Group<'r>,
    /// Which function of the group this is.
    pub index: u32,
    /// The captured values, in the order of [`Group::captures`], shared by
    /// the functions of the group.
    pub captures: Rc<[Value<'r>]>,
    /// The other functions of a `let rec` group of two or more.
    pub siblings: Option<Rc<Siblings<'r>>>,
}

/// The functions of one `let rec` group, held weakly so that they can refer
/// to each other without a reference cycle. A function that is no longer
/// referenced anywhere is made again when a sibling needs it; nobody can
/// tell, since nothing holds the old one.
#[derive(Debug)]
pub struct Siblings<'r> {
    members: RefCell<Box<[Weak<Closure<'r>>]>>,
}

impl<'r> Closure<'r> {
    /// The code of this closure.
    #[inline(always)]
    #[must_use]
    pub fn func(&self) -> FuncId {
        self.group.funcs[self.index as usize]
    }

    /// The closures of all the functions of `group`, sharing `captures`.
    #[must_use]
    pub fn group(group: &'r Group<'r>, captures: Rc<[Value<'r>]>) -> Vec<Rc<Closure<'r>>> {
        let n = group.funcs.len();
        if n == 1 {
            return vec![Rc::new(Closure {
                group,
                index: 0,
                captures,
                siblings: None,
            })];
        }
        let siblings = Rc::new(Siblings {
            members: RefCell::new((0..n).map(|_| Weak::new()).collect()),
        });
        let all: Vec<Rc<Closure<'r>>> = (0..n as u32)
            .map(|index| {
                Rc::new(Closure {
                    group,
                    index,
                    captures: captures.clone(),
                    siblings: Some(siblings.clone()),
                })
            })
            .collect();
        let mut members = siblings.members.borrow_mut();
        for (slot, c) in members.iter_mut().zip(&all) {
            *slot = Rc::downgrade(c);
        }
        drop(members);
        all
    }

    /// Function `index` of the group of `this`.
    #[must_use]
    pub fn sibling(this: &Rc<Closure<'r>>, index: u32) -> Rc<Closure<'r>> {
        if this.index == index {
            return this.clone();
        }
        let siblings = this
            .siblings
            .as_ref()
            .expect("a group of two or more has siblings");
        if let Some(c) = siblings.members.borrow()[index as usize].upgrade() {
            return c;
        }
        let c = Rc::new(Closure {
            group: this.group,
            index,
            captures: this.captures.clone(),
            siblings: Some(siblings.clone()),
        });
        siblings.members.borrow_mut()[index as usize] = Rc::downgrade(&c);
        c
    }
}

/// What a partial application applies.
#[derive(Clone, Debug)]
pub enum Callee<'r> {
    /// A built-in function.
    Builtin(Builtin),
    /// A closure.
    Closure(Rc<Closure<'r>>),
}

/// A partial application: a function and the arguments it has so far.
#[derive(Debug)]
pub struct Partial<'r> {
    /// What is applied.
    pub func: Callee<'r>,
    /// The arguments so far, LAST argument first (the order in which they
    /// sit on the value stack).
    pub args: Box<[Value<'r>]>,
}

impl Drop for Closure<'_> {
    // Dropping a long chain of closures that capture closures would
    // otherwise recurse once per link; unlink iteratively instead.
    fn drop(&mut self) {
        let mut pending = Vec::new();
        if let Some(values) = Rc::get_mut(&mut self.captures) {
            take_heavy(values, &mut pending);
        }
        drain_iteratively(pending);
    }
}

impl Drop for Partial<'_> {
    fn drop(&mut self) {
        let mut pending = Vec::new();
        take_heavy(&mut self.args, &mut pending);
        drain_iteratively(pending);
    }
}

/// Whether dropping `v` could recurse.
fn is_heavy(v: &Value<'_>) -> bool {
    matches!(v, Value::Closure(_) | Value::Partial(_))
}

fn take_heavy<'r>(values: &mut [Value<'r>], pending: &mut Vec<Value<'r>>) {
    for v in values.iter_mut() {
        if is_heavy(v) {
            pending.push(std::mem::take(v));
        }
    }
}

/// Drops `pending` one value at a time; a closure or partial application
/// whose count falls to zero has its own heavy parts moved onto `pending`
/// first, so its `Drop` finds nothing left to recurse into.
fn drain_iteratively<'r>(mut pending: Vec<Value<'r>>) {
    while let Some(v) = pending.pop() {
        match v {
            Value::Closure(rc) => {
                if let Some(mut c) = Rc::into_inner(rc) {
                    if let Some(values) = Rc::get_mut(&mut c.captures) {
                        take_heavy(values, &mut pending);
                    }
                }
            }
            Value::Partial(rc) => {
                if let Some(mut p) = Rc::into_inner(rc) {
                    if let Callee::Closure(c) =
                        std::mem::replace(&mut p.func, Callee::Builtin(Builtin::Ignore))
                    {
                        pending.push(Value::Closure(c));
                    }
                    take_heavy(&mut p.args, &mut pending);
                }
            }
            _ => {}
        }
    }
}

/// OCaml exceptions raised by minilang v1.
#[derive(Debug)]
pub(crate) enum Exn {
    /// `Division_by_zero`.
    DivisionByZero,
    /// `Failure msg`.
    Failure(Rc<Box<[u8]>>),
    /// `Invalid_argument msg`.
    InvalidArgument(&'static str),
    /// `Assert_failure (file, line, column)`, the position being the span's.
    AssertFailure,
    /// `Out_of_memory`.
    OutOfMemory,
}

/// Evaluation is unwinding; the reason is kept by the machine. Zero-sized,
/// so that `Result<Value, Unwind>` is returned in two registers.
#[derive(Debug)]
pub(crate) struct Unwind;

/// The result of evaluating something: a value, or unwinding.
pub(crate) type R<T> = Result<T, Unwind>;

/// Why two values cannot be compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareError {
    /// One of them is a function: OCaml's `Invalid_argument
    /// "compare: functional value"`.
    Functional,
    /// They have different types (an ill-typed program).
    TypeMismatch,
}

impl<'r> Value<'r> {
    /// A new string value.
    #[must_use]
    pub fn string(bytes: impl Into<Box<[u8]>>) -> Value<'r> {
        Value::Str(Rc::new(bytes.into()))
    }

    /// A boolean value.
    #[inline(always)]
    #[must_use]
    pub fn bool(b: bool) -> Value<'r> {
        Value::Bool(b.into())
    }

    /// The integer this is (the type checker guarantees it).
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[must_use]
    pub fn expect_int(&self) -> i64 {
        match self {
            Value::Int(n) => *n,
            _ => ill_typed("an int"),
        }
    }

    /// The boolean this is (the type checker guarantees it).
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[must_use]
    pub fn expect_bool(&self) -> bool {
        match self {
            Value::Bool(b) => (*b).into(),
            _ => ill_typed("a bool"),
        }
    }

    /// The string this is (the type checker guarantees it).
    #[must_use]
    pub fn expect_str(&self) -> &Rc<Box<[u8]>> {
        match self {
            Value::Str(s) => s,
            _ => ill_typed("a string"),
        }
    }

    /// Whether this is a function value.
    #[must_use]
    pub fn is_function(&self) -> bool {
        matches!(self, Value::Closure(_) | Value::Partial(_))
    }

    /// Structural order (`compare`). With `total`, physically equal values
    /// compare equal even if they are functions, as OCaml's `compare` does;
    /// `=` and `<` are not total and always reject functions.
    pub fn compare(&self, other: &Value<'r>, total: bool) -> Result<Ordering, CompareError> {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => Ok(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Ok(a.cmp(b)),
            (Value::Unit, Value::Unit) => Ok(Ordering::Equal),
            (Value::Str(a), Value::Str(b)) => Ok(a.as_ref().cmp(b.as_ref())),
            (a, b) if a.is_function() || b.is_function() => {
                if total && a.physically_equal(b) {
                    Ok(Ordering::Equal)
                } else {
                    Err(CompareError::Functional)
                }
            }
            _ => Err(CompareError::TypeMismatch),
        }
    }

    /// Physical equality (`==`): identity for strings and functions, value
    /// equality for immediate values.
    #[must_use]
    pub fn physically_equal(&self, other: &Value<'r>) -> bool {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Unit, Value::Unit) => true,
            (Value::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b),
            (Value::Closure(a), Value::Closure(b)) => Rc::ptr_eq(a, b),
            (Value::Partial(a), Value::Partial(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

const _: () = assert!(size_of::<Value<'static>>() == 16);

/// A value of the wrong kind: impossible in a well-typed program, and the
/// evaluator is only given those (the type checker runs before it, in
/// [`compile`](crate::compile)), so no run-time type check remains, only
/// this unreachable arm of each match on a value.
#[cold]
#[inline(never)]
pub(crate) fn ill_typed(expected: &str) -> ! {
    unreachable!("the type checker guarantees {expected} here")
}
