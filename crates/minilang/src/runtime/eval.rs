//! The evaluator: runs a resolved [`ir::Program`] on one value stack, with
//! proper tail calls, OCaml's evaluation order and OCaml's exceptions.
//!
//! `eval` is a loop: a tail position (an `if` branch, a `let` body, the right
//! of `;`, `&&` or `||`) continues the loop instead of recursing, and a call
//! in tail position replaces the current frame and continues with the
//! callee's body, so tail recursion runs in constant space. Other calls
//! recurse on the Rust stack. That stack is a dedicated thread's, large
//! ([`STACK_SIZE`]); the recursion depth is limited ([`DEFAULT_MAX_DEPTH`]),
//! and the remaining stack is checked too, so deep recursion ends in a clean
//! `Stack_overflow`, never a crash.
//!
//! The evaluator relies on the types: it runs only programs the type checker
//! accepted ([`crate::sema::typeck`], in [`compile`](crate::compile)),
//! so it makes no run-time type check; a value of the wrong kind is an
//! unreachable case.

use std::cell::Cell;
use std::fmt;
use std::io::{self, BufWriter, Write};
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::runtime::builtins::{self, Builtin, Host, wrap};
use crate::runtime::toplevel::{self, Raised};
use crate::runtime::value::{Callee, Closure, Exn, Partial, R, Unwind, Value, ill_typed};
use crate::sema::ir::{self, ArithOp, Bind, CmpOp, Expr, ExprKind, VarRef};
use crate::syntax::ast::{BinOp, Span};
use crate::syntax::operator::Semantics;

/// Size of the stack of the evaluation thread: 4 GiB (256 MiB on 32-bit
/// targets). Only what is used is ever touched: the kernel maps stack pages
/// lazily. A level of simple recursion (`1 + f (n - 1)`) takes about 450
/// bytes in a release build and 1.4 KiB in a debug build, so the depth limit
/// is reached first; the remaining stack is checked as well, for recursion
/// whose levels are larger.
pub const STACK_SIZE: usize = if usize::BITS >= 64 {
    (1u64 << 32) as usize
} else {
    1 << 28
};

/// Stack kept free below the depth check, for built-ins and the unwinding.
const RED_ZONE: usize = 1 << 20;

/// The default limit on nested (non-tail) calls: deeper recursion raises
/// `Stack_overflow`. The language asks for 1,000,000 levels of simple
/// recursion; this leaves room for two calls per level. (OCaml's own limit,
/// 8 MiB of stack, is about 262,000.)
pub const DEFAULT_MAX_DEPTH: u32 = 2_000_000;

/// How a program run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every item ran.
    Finished,
    /// `exit n` was called: the process should exit with status `n`.
    Exit(i32),
    /// An exception escaped: print `report` and exit with status 2.
    Exception {
        /// OCaml's rendering of the exception on one line, e.g.
        /// `Division_by_zero` or `Failure "boom"` (the bytes of the message
        /// as they are).
        exn: Vec<u8>,
        /// What the toplevel prints, without the final newline: `Exception:
        /// Failure "boom".`, wrapped as OCaml's `Format` wraps it at 78
        /// columns, or `Out of memory during evaluation.`
        report: Vec<u8>,
        /// Where it was raised.
        span: Span,
    },
    /// The recursion went too deep: report `Stack overflow during evaluation
    /// (looping recursion?).` ([`STACK_OVERFLOW_MESSAGE`]) and exit with status 2.
    StackOverflow {
        /// The call that went one level too deep.
        span: Span,
    },
    /// [`RunOptions::max_steps`] calls were made and the program wanted more.
    OutOfSteps {
        /// The call that was refused.
        span: Span,
    },
    /// [`RunOptions::timeout`] passed before the program finished.
    TimedOut {
        /// The call at which the time was found to be up.
        span: Span,
    },
    /// Writing to the output failed (e.g. a closed pipe): stop quietly.
    OutputClosed,
}

/// With a [`RunOptions::timeout`], the clock is read once per this many calls.
pub const TIME_CHECK_INTERVAL: u64 = 1 << 16;

/// What OCaml prints for an uncaught `Stack_overflow`.
pub const STACK_OVERFLOW_MESSAGE: &str = "Stack overflow during evaluation (looping recursion?).";

impl Outcome {
    /// The process exit status: OCaml's (0, `n` for `exit n`, 2 for an
    /// error), and 0 when the output was closed (the reader went away; OCaml
    /// would die of `SIGPIPE`).
    #[must_use]
    pub fn exit_status(&self) -> i32 {
        match self {
            Outcome::Finished => 0,
            Outcome::Exit(n) => *n,
            Outcome::OutputClosed => 0,
            _ => 2,
        }
    }
}

/// Knobs for [`run_with`].
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Stop with [`Outcome::OutOfSteps`] once this many calls of functions
    /// of the program (tail calls included; built-ins are not counted) have
    /// been made: call number `max_steps + 1` is refused. Every loop goes through a call, so this
    /// bounds the running time; it is what untrusted programs and fuzzing
    /// run under. `None`: no limit. Costs nothing extra per call.
    pub max_steps: Option<u64>,
    /// Stop with [`Outcome::TimedOut`] once evaluation has run this long.
    /// The clock is read every `TIME_CHECK_INTERVAL` (65,536) calls, so the run
    /// stops within a few milliseconds of the limit (longer only if single
    /// steps are slow, e.g. concatenating huge strings). `None`: no limit.
    pub timeout: Option<Duration>,
    /// Nested-call limit before `Stack_overflow`.
    pub max_depth: u32,
    /// Also raise `Stack_overflow` once evaluation has used this many bytes
    /// of the thread's stack (beyond where it started). `None`: the whole
    /// stack of the evaluation thread, less a safety margin.
    pub max_stack_bytes: Option<usize>,
    /// Raise `Out_of_memory` instead of building a string longer than this
    /// many bytes (a string can double at every call, so a step budget alone
    /// does not bound memory). `None`: no limit, as in OCaml.
    pub max_string_bytes: Option<usize>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            max_steps: None,
            timeout: None,
            max_depth: DEFAULT_MAX_DEPTH,
            max_stack_bytes: None,
            max_string_bytes: None,
        }
    }
}

/// Runs `program`, writing its output to `out`, with default options.
///
/// `file_name` is what `Assert_failure` reports (OCaml reports
/// `./prog.ml` for `ocaml prog.ml`: see [`script_name`]); `src` is the source
/// the spans point into (for `assert`'s line and column).
///
/// Evaluation runs on a thread with a [`STACK_SIZE`] stack (unless called
/// inside [`with_big_stack`] already); output is buffered and flushed at
/// the end, by `print_endline`/`print_newline`/`exit`, and before an
/// exception is returned.
///
/// # Panics
/// If `program` is ill-typed (see [`run_with`]).
pub fn run<W: Write + Send>(
    program: &ir::Program<'_>,
    out: W,
    file_name: &str,
    src: &str,
) -> Outcome {
    run_with(program, out, file_name, src, &RunOptions::default())
}

/// [`run`] with options.
///
/// # Panics
/// If `program` is ill-typed: give it only programs that type-checked
/// ([`compile`](crate::compile) does both).
pub fn run_with<W: Write + Send>(
    program: &ir::Program<'_>,
    out: W,
    file_name: &str,
    src: &str,
    options: &RunOptions,
) -> Outcome {
    with_big_stack(|| {
        let mut m = Machine::new(program, out, file_name, src, options);
        m.run()
    })
}

/// The name OCaml's toplevel uses for a script path in `Assert_failure`:
/// a relative path not starting with `./` or `../` gets `./` in front.
#[must_use]
pub fn script_name(path: &str) -> String {
    let implicit = !(path.starts_with('/')
        || path.starts_with("./")
        || path.starts_with("../")
        || path == "."
        || path == "..");
    if implicit {
        format!("./{path}")
    } else {
        path.to_owned()
    }
}

thread_local! {
    /// Lowest stack address the evaluator may use on this thread, if it is
    /// a big-stack thread made by [`with_big_stack`].
    static STACK_FLOOR: Cell<Option<usize>> = const { Cell::new(None) };
}

/// An address near the top of the current stack.
#[inline(always)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    std::ptr::from_ref(&marker).addr()
}

/// Runs `f` on a thread with a [`STACK_SIZE`] stack and waits for it; runs
/// it directly if this already is such a thread. Use it around the whole
/// pipeline (parse, resolve, run) when deep input must not overflow the
/// caller's stack; [`run`] uses it by itself.
///
/// If the system refuses a stack that large, smaller ones are tried.
pub fn with_big_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    with_stack(STACK_SIZE, f)
}

/// The smallest stack [`with_stack`] makes.
pub const MIN_STACK_SIZE: usize = 4 << 20;

/// [`with_big_stack`] with a stack of `size` bytes (at least
/// [`MIN_STACK_SIZE`]): evaluation that needs more raises `Stack_overflow`.
/// For bounding the stack of untrusted programs (`--max-stack`), and for
/// tools whose cost grows with the stack reserved (valgrind takes about 10 s
/// of CPU to set up a 4 GiB stack). If this thread already is such a
/// thread, `f` runs on it, whatever its size.
pub fn with_stack<R: Send>(size: usize, f: impl FnOnce() -> R + Send) -> R {
    if STACK_FLOOR.with(Cell::get).is_some() {
        return f();
    }
    // The job waits here until a thread could be started: spawning with a
    // stack the system refuses drops nothing we still need.
    let job = std::sync::Mutex::new(Some(f));
    let job = &job;
    std::thread::scope(|scope| {
        let mut size = size.max(MIN_STACK_SIZE);
        loop {
            let spawned = std::thread::Builder::new()
                .name("minilang-eval".into())
                .stack_size(size)
                .spawn_scoped(scope, move || {
                    let floor = stack_pointer().saturating_sub(size) + RED_ZONE;
                    STACK_FLOOR.with(|c| c.set(Some(floor)));
                    let f = job.lock().unwrap_or_else(|e| e.into_inner()).take();
                    f.expect("the job runs once")()
                });
            match spawned {
                Ok(handle) => {
                    return handle
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e));
                }
                Err(_) if size > 16 << 20 => size /= 2,
                Err(e) => panic!("cannot start the evaluation thread: {e}"),
            }
        }
    })
}

/// Why evaluation stopped early (kept in [`Machine::stop`] while the
/// zero-sized [`Unwind`] travels up).
#[derive(Debug)]
enum Stop {
    Exn(Exn, Span),
    Exit(i32),
    StackOverflow(Span),
    OutOfSteps(Span),
    TimedOut(Span),
    OutputClosed,
}

/// What a call in tail position leads to.
enum Next<'r> {
    /// The call completed with this value.
    Done(Value<'r>),
    /// The frame was replaced: continue with this body.
    Enter(&'r Expr<'r>),
}

struct Machine<'r, 'a, W: Write> {
    /// The value stack; frames are ranges of it.
    stack: Vec<Value<'r>>,
    /// Base of the current frame.
    fp: usize,
    globals: Vec<Value<'r>>,
    funcs: &'r [ir::Func<'r>],
    /// One string object per literal occurrence.
    strings: Vec<Value<'r>>,
    /// The built-ins that OCaml defines as functions, one object each.
    builtins: Vec<Value<'r>>,
    /// The strings `string_of_bool` returns: OCaml's are two shared
    /// constants, so `string_of_bool true == string_of_bool true`.
    bool_strings: [Value<'r>; 2],
    program: &'a ir::Program<'r>,
    out: BufWriter<W>,
    file_name: &'a str,
    src: &'a str,
    depth: u32,
    max_depth: u32,
    /// [`RunOptions::max_string_bytes`] (`usize::MAX` when unlimited).
    max_string: usize,
    /// Lowest stack address usable (0 if unknown).
    stack_floor: usize,
    /// Calls left in the current batch; at 0, [`Machine::refuel`] draws the
    /// next batch from `budget` and reads the clock.
    fuel: u64,
    /// Calls allowed beyond the current batch ([`RunOptions::max_steps`];
    /// u64::MAX when unlimited: never reached).
    budget: u64,
    /// When [`RunOptions::timeout`] runs out.
    deadline: Option<Instant>,
    /// Why we are unwinding, when we are.
    stop: Option<Stop>,
}

impl<'r, 'a, W: Write> Machine<'r, 'a, W> {
    fn new(
        program: &'a ir::Program<'r>,
        out: W,
        file_name: &'a str,
        src: &'a str,
        options: &RunOptions,
    ) -> Self {
        Machine {
            stack: Vec::with_capacity(1024),
            fp: 0,
            globals: vec![Value::Unit; program.n_globals as usize],
            funcs: program.funcs,
            strings: program.strings.iter().map(|s| Value::string(*s)).collect(),
            builtins: Builtin::every().map(builtin_object).collect(),
            bool_strings: [Value::string(&b"false"[..]), Value::string(&b"true"[..])],
            program,
            out: BufWriter::with_capacity(64 * 1024, out),
            file_name,
            src,
            depth: 0,
            max_depth: options.max_depth,
            max_string: options.max_string_bytes.unwrap_or(usize::MAX),
            stack_floor: {
                let thread_floor = STACK_FLOOR.with(Cell::get).unwrap_or(0);
                let asked = options
                    .max_stack_bytes
                    .map_or(0, |n| stack_pointer().saturating_sub(n));
                thread_floor.max(asked)
            },
            fuel: 0,
            budget: options.max_steps.unwrap_or(u64::MAX),
            deadline: options.timeout.and_then(|t| Instant::now().checked_add(t)),
            stop: None,
        }
    }

    fn run(&mut self) -> Outcome {
        let result = self.run_items();
        // Release everything on this (big-stack) thread.
        self.stack = Vec::new();
        self.globals = Vec::new();
        let outcome = match (result, self.stop.take()) {
            (Ok(()), _) => Outcome::Finished,
            (Err(Unwind), None) => unreachable!("unwinding always records why"),
            (Err(Unwind), Some(stop)) => match stop {
                Stop::Exn(exn, span) => {
                    let (exn, report) = self.render_exn(&exn, span);
                    Outcome::Exception { exn, report, span }
                }
                Stop::Exit(n) => Outcome::Exit(n),
                Stop::StackOverflow(span) => Outcome::StackOverflow { span },
                Stop::OutOfSteps(span) => Outcome::OutOfSteps { span },
                Stop::TimedOut(span) => Outcome::TimedOut { span },
                Stop::OutputClosed => return Outcome::OutputClosed,
            },
        };
        match self.out.flush() {
            Ok(()) => outcome,
            Err(_) => Outcome::OutputClosed,
        }
    }

    fn run_items(&mut self) -> R<()> {
        let size = self.program.frame_size as usize;
        for item in self.program.items {
            self.stack.clear();
            self.stack.resize(size, Value::Unit);
            self.fp = 0;
            self.eval(item)?;
        }
        Ok(())
    }

    // ----- errors -----------------------------------------------------------

    /// The exception as the toplevel prints it: on one line (`Failure
    /// "boom"`), and the whole report (`Exception: Failure "boom".`, laid
    /// out at 78 columns).
    fn render_exn(&self, exn: &Exn, span: Span) -> (Vec<u8>, Vec<u8>) {
        let position;
        let raised = match exn {
            Exn::DivisionByZero => Raised::Constant("Division_by_zero"),
            Exn::OutOfMemory => Raised::OutOfMemory,
            Exn::Failure(msg) => Raised::WithString("Failure", msg),
            Exn::InvalidArgument(msg) => Raised::WithString("Invalid_argument", msg.as_bytes()),
            Exn::AssertFailure => {
                position = line_col(self.src, span.start as usize);
                Raised::AssertFailure(self.file_name.as_bytes(), position.0, position.1)
            }
        };
        let quoted = |s: &[u8]| [&b"\""[..], &toplevel::escape_string(s), b"\""].concat();
        let one_line = match &raised {
            Raised::Constant(name) => name.as_bytes().to_vec(),
            Raised::OutOfMemory => b"Out_of_memory".to_vec(),
            Raised::WithString(name, arg) => [name.as_bytes(), b" ", &quoted(arg)].concat(),
            Raised::AssertFailure(file, line, col) => {
                let rest = format!(", {line}, {col})");
                [&b"Assert_failure ("[..], &quoted(file), rest.as_bytes()].concat()
            }
        };
        (one_line, toplevel::exception_report(&raised))
    }

    #[cold]
    #[inline(never)]
    fn stop<T>(&mut self, stop: Stop) -> R<T> {
        self.stop = Some(stop);
        Err(Unwind)
    }

    #[cold]
    #[inline(never)]
    fn stack_overflow<T>(&mut self, span: Span) -> R<T> {
        self.stop(Stop::StackOverflow(span))
    }

    /// The current batch of calls is used up: checks the clock and the
    /// budget, and draws the next batch (this call being its first).
    #[cold]
    #[inline(never)]
    fn refuel(&mut self, span: Span) -> R<()> {
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return self.stop(Stop::TimedOut(span));
        }
        if self.budget == 0 {
            return self.stop(Stop::OutOfSteps(span));
        }
        let batch = if self.deadline.is_some() {
            self.budget.min(TIME_CHECK_INTERVAL)
        } else {
            self.budget
        };
        self.budget -= batch;
        self.fuel = batch - 1;
        Ok(())
    }

    fn io<T>(&mut self, r: io::Result<T>) -> R<T> {
        match r {
            Ok(v) => Ok(v),
            Err(_) => self.stop(Stop::OutputClosed),
        }
    }

    // ----- variables --------------------------------------------------------

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn local(&self, slot: u32) -> &Value<'r> {
        &self.stack[self.fp + slot as usize]
    }

    /// The closure stored in the closure slot of the current frame.
    #[inline]
    fn current_closure(&self, slot: u32) -> &Rc<Closure<'r>> {
        match self.local(slot) {
            Value::Closure(c) => c,
            _ => unreachable!(
                "functions that use their environment get their closure in slot `arity`"
            ),
        }
    }

    #[inline]
    fn read(&self, r: VarRef) -> Value<'r> {
        match r {
            VarRef::Local(s) => self.local(s).clone(),
            VarRef::Global(g) => self.globals[g as usize].clone(),
            VarRef::Env { closure, index } => {
                self.current_closure(closure).captures[index as usize].clone()
            }
            VarRef::Sibling { closure, index } => {
                Value::Closure(Closure::sibling(self.current_closure(closure), index))
            }
        }
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn local_int(&self, slot: u32) -> i64 {
        match self.local(slot) {
            Value::Int(n) => *n,
            _ => ill_typed("an int"),
        }
    }

    fn make_group(&self, group: &'r ir::Group<'r>) -> Vec<Rc<Closure<'r>>> {
        let captures: Rc<[Value<'r>]> = group.captures.iter().map(|&r| self.read(r)).collect();
        Closure::group(group, captures)
    }

    #[inline(never)]
    fn builtin_value(&self, b: Builtin) -> Value<'r> {
        if b.is_external() {
            // A fresh closure each time, as OCaml's eta-expansion of a primitive.
            builtin_object(b)
        } else {
            self.builtins[b.index()].clone()
        }
    }

    // ----- evaluation -------------------------------------------------------

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn check_stack(&mut self, span: Span) -> R<()> {
        if stack_pointer() < self.stack_floor {
            return self.stack_overflow(span);
        }
        Ok(())
    }

    /// Evaluates `e`. Tail positions continue the loop; every arm is kept
    /// small (its work is in a helper) because an unoptimised build gives
    /// each arm's temporaries their own stack slots, and this frame is paid
    /// once per level of recursion.
    fn eval(&mut self, mut e: &'r Expr<'r>) -> R<Value<'r>> {
        self.check_stack(e.span)?;
        loop {
            e = match e.kind {
                ExprKind::Int(n) => return Ok(Value::Int(n)),
                ExprKind::Bool(b) => return Ok(Value::bool(b)),
                ExprKind::Unit => return Ok(Value::Unit),
                ExprKind::Str(i) => return Ok(self.strings[i as usize].clone()),
                ExprKind::Var(VarRef::Local(s)) => {
                    return Ok(match self.local(s) {
                        // Copying an int needs no reference count.
                        Value::Int(n) => Value::Int(*n),
                        v => v.clone(),
                    });
                }
                ExprKind::Var(r) => return Ok(self.read(r)),
                ExprKind::Builtin(b) => return Ok(self.builtin_value(b)),
                ExprKind::Neg(_)
                | ExprKind::Plus(_)
                | ExprKind::Arith(..)
                | ExprKind::ArithLK(..) => return self.eval_int(e).map(Value::Int),
                ExprKind::Cmp(..) | ExprKind::CmpLK(..) | ExprKind::PhysEq(..) => {
                    return self.eval_bool(e).map(Value::bool);
                }
                ExprKind::Concat(a, b) => return self.concat(a, b),
                ExprKind::And(a, b) => match self.eval_bool(a) {
                    Ok(true) => b,
                    other => return other.map(Value::bool),
                },
                ExprKind::Or(a, b) => match self.eval_bool(a) {
                    Ok(false) => b,
                    other => return other.map(Value::bool),
                },
                ExprKind::If(i) => self.branch(i)?,
                ExprKind::Seq(a, b) => self.seq(a, b)?,
                ExprKind::Let(l) => self.let_in(l)?,
                ExprKind::LetRec(l) => self.let_rec(l),
                ExprKind::Closure(g) => return Ok(self.closure(g)),
                ExprKind::Call(c) if c.tail => match self.tail_call(c, e.span)? {
                    Next::Done(v) => return Ok(v),
                    Next::Enter(body) => body,
                },
                ExprKind::Call(c) => return self.call(c, e.span),
                ExprKind::CallKnown(c) if c.tail => self.tail_call_known(c, e.span)?,
                ExprKind::CallKnown(c) => return self.call_known(c, e.span),
                ExprKind::CallBuiltin(b, args) => return self.call_builtin(b, args, e.span),
                ExprKind::Assert(a) => return self.assert(a, e.span),
                ExprKind::DefRec(g, first) => return Ok(self.def_rec(g, first)),
            }
        }
    }

    /// The branch of an `if` to continue with.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn branch(&mut self, i: &'r ir::If<'r>) -> R<&'r Expr<'r>> {
        let c = match i.cond.kind {
            // `if n < 2 then ...` without a call to `eval_bool`.
            ExprKind::CmpLK(op, s, k) => op.holds(self.local_int(s).cmp(&k)),
            _ => self.eval_bool(&i.cond)?,
        };
        Ok(if c { &i.then_branch } else { &i.else_branch })
    }

    /// Runs `a` and returns `b` to continue with.
    #[inline(never)]
    fn seq(&mut self, a: &'r Expr<'r>, b: &'r Expr<'r>) -> R<&'r Expr<'r>> {
        self.eval(a)?;
        Ok(b)
    }

    /// Binds the right-hand side and returns the body to continue with.
    fn let_in(&mut self, l: &'r ir::Let<'r>) -> R<&'r Expr<'r>> {
        let v = self.eval(&l.rhs)?;
        self.bind(l.bind, v);
        Ok(&l.body)
    }

    /// Stores the closures of a local `let rec` and returns the body.
    #[inline(never)]
    fn let_rec(&mut self, l: &'r ir::LetRec<'r>) -> &'r Expr<'r> {
        let closures = self.make_group(l.group);
        for (i, c) in closures.into_iter().enumerate() {
            let slot = self.fp + (l.first as usize) + i;
            self.stack[slot] = Value::Closure(c);
        }
        &l.body
    }

    #[inline(never)]
    fn closure(&mut self, g: &'r ir::Group<'r>) -> Value<'r> {
        Value::Closure(self.make_group(g).pop().expect("one function"))
    }

    #[inline(never)]
    fn def_rec(&mut self, g: &'r ir::Group<'r>, first: u32) -> Value<'r> {
        let closures = self.make_group(g);
        for (i, c) in closures.into_iter().enumerate() {
            self.globals[first as usize + i] = Value::Closure(c);
        }
        Value::Unit
    }

    #[inline(never)]
    fn assert(&mut self, a: &'r Expr<'r>, span: Span) -> R<Value<'r>> {
        if self.eval_bool(a)? {
            return Ok(Value::Unit);
        }
        self.raise(Exn::AssertFailure, span)
    }

    fn bind(&mut self, bind: Bind, v: Value<'r>) {
        match bind {
            Bind::Local(s) => {
                let i = self.fp + s as usize;
                self.stack[i] = v;
            }
            Bind::Global(g) => self.globals[g as usize] = v,
            // `let () = e`: the types say `e` is `()`.
            Bind::Discard | Bind::Unit => {}
        }
    }

    /// Evaluates an expression that must produce an int.
    fn eval_int(&mut self, e: &'r Expr<'r>) -> R<i64> {
        match e.kind {
            ExprKind::Int(n) => Ok(n),
            ExprKind::Var(VarRef::Local(s)) => Ok(self.local_int(s)),
            ExprKind::ArithLK(op, s, k) => self.arith_lk(op, s, k, e.span),
            ExprKind::Arith(op, a, b) => self.arith_expr(op, a, b, e.span),
            ExprKind::Neg(a) => self.neg(a, e.span),
            ExprKind::Plus(a) => self.plus(a, e.span),
            ExprKind::CallKnown(c) if !c.tail => {
                let v = self.call_known(c, e.span);
                int_result(v)
            }
            _ => {
                let v = self.eval(e);
                int_result(v)
            }
        }
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn arith_lk(&mut self, op: ArithOp, s: u32, k: i64, span: Span) -> R<i64> {
        let x = self.local_int(s);
        self.arith(op, x, k, span)
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn arith_expr(&mut self, op: ArithOp, a: &'r Expr<'r>, b: &'r Expr<'r>, span: Span) -> R<i64> {
        self.check_stack(span)?;
        let y = self.eval_int(b)?;
        let x = self.eval_int(a)?;
        self.arith(op, x, y, span)
    }

    #[inline(never)]
    fn neg(&mut self, a: &'r Expr<'r>, span: Span) -> R<i64> {
        self.check_stack(span)?;
        Ok(wrap(self.eval_int(a)?.wrapping_neg()))
    }

    #[inline(never)]
    fn plus(&mut self, a: &'r Expr<'r>, span: Span) -> R<i64> {
        self.check_stack(span)?;
        self.eval_int(a)
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn arith(&mut self, op: ArithOp, x: i64, y: i64, span: Span) -> R<i64> {
        Ok(match op {
            ArithOp::Add => wrap(x.wrapping_add(y)),
            ArithOp::Sub => wrap(x.wrapping_sub(y)),
            ArithOp::Mul => wrap(x.wrapping_mul(y)),
            ArithOp::Div => {
                if y == 0 {
                    return self.raise(Exn::DivisionByZero, span);
                }
                wrap(x.wrapping_div(y))
            }
            ArithOp::Mod => {
                if y == 0 {
                    return self.raise(Exn::DivisionByZero, span);
                }
                x.wrapping_rem(y)
            }
        })
    }

    /// Evaluates an expression that must produce a bool.
    fn eval_bool(&mut self, e: &'r Expr<'r>) -> R<bool> {
        match e.kind {
            ExprKind::Bool(b) => Ok(b),
            ExprKind::CmpLK(op, s, k) => Ok(self.cmp_lk(op, s, k)),
            ExprKind::Cmp(op, a, b) => self.cmp_expr(op, a, b, e.span),
            ExprKind::PhysEq(negate, a, b) => self.phys_eq(negate, a, b),
            ExprKind::And(a, b) => self.and(a, b, e.span),
            ExprKind::Or(a, b) => self.or(a, b, e.span),
            ExprKind::CallBuiltin(Builtin::Not, [a]) => self.not(a, e.span),
            _ => {
                let v = self.eval(e);
                bool_result(v)
            }
        }
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn cmp_lk(&self, op: CmpOp, s: u32, k: i64) -> bool {
        op.holds(self.local_int(s).cmp(&k))
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn cmp_expr(&mut self, op: CmpOp, a: &'r Expr<'r>, b: &'r Expr<'r>, span: Span) -> R<bool> {
        let vb = self.eval(b)?;
        let va = self.eval(a)?;
        self.compare(op, &va, &vb, span)
    }

    #[inline(never)]
    fn phys_eq(&mut self, negate: bool, a: &'r Expr<'r>, b: &'r Expr<'r>) -> R<bool> {
        let vb = self.eval(b)?;
        let va = self.eval(a)?;
        Ok(va.physically_equal(&vb) != negate)
    }

    #[inline(never)]
    fn and(&mut self, a: &'r Expr<'r>, b: &'r Expr<'r>, span: Span) -> R<bool> {
        self.check_stack(span)?;
        Ok(self.eval_bool(a)? && self.eval_bool(b)?)
    }

    #[inline(never)]
    fn or(&mut self, a: &'r Expr<'r>, b: &'r Expr<'r>, span: Span) -> R<bool> {
        self.check_stack(span)?;
        Ok(self.eval_bool(a)? || self.eval_bool(b)?)
    }

    /// `not a` in a boolean context: the built-in `not` of the table,
    /// specialised to an unboxed result.
    #[inline(never)]
    fn not(&mut self, a: &'r Expr<'r>, span: Span) -> R<bool> {
        self.check_stack(span)?;
        Ok(!self.eval_bool(a)?)
    }

    #[inline]
    fn compare(&mut self, op: CmpOp, a: &Value<'r>, b: &Value<'r>, span: Span) -> R<bool> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(op.holds(x.cmp(y)));
        }
        builtins::ordering(self, a, b, false, span).map(|ord| op.holds(ord))
    }

    #[inline(never)]
    fn concat(&mut self, a: &'r Expr<'r>, b: &'r Expr<'r>) -> R<Value<'r>> {
        let vb = self.eval(b)?;
        let va = self.eval(a)?;
        match (&va, &vb) {
            (Value::Str(x), Value::Str(y)) => {
                if x.len() + y.len() > self.max_string {
                    return self.raise(Exn::OutOfMemory, Span::new(a.span.start, b.span.end));
                }
                let mut s = Vec::with_capacity(x.len() + y.len());
                s.extend_from_slice(x);
                s.extend_from_slice(y);
                Ok(Value::string(s))
            }
            _ => ill_typed("strings"),
        }
    }

    // ----- calls ------------------------------------------------------------

    /// Pushes the arguments, last first: the first argument ends on top.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn push_args(&mut self, args: &'r [Expr<'r>]) -> R<()> {
        for a in args.iter().rev() {
            let v = self.arg(a)?;
            self.stack.push(v);
        }
        Ok(())
    }

    /// Evaluates an argument; the commonest ones, `x` and `n - 1`, without
    /// a call to `eval`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn arg(&mut self, a: &'r Expr<'r>) -> R<Value<'r>> {
        Ok(match a.kind {
            ExprKind::Var(VarRef::Local(s)) => match self.local(s) {
                Value::Int(n) => Value::Int(*n),
                v => v.clone(),
            },
            ExprKind::ArithLK(op, s, k) => {
                let x = self.local_int(s);
                Value::Int(self.arith(op, x, k, a.span)?)
            }
            _ => self.eval(a)?,
        })
    }

    /// Counts one call against [`RunOptions::max_steps`] and
    /// [`RunOptions::timeout`].
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn step(&mut self, span: Span) -> R<()> {
        if self.fuel == 0 {
            return self.refuel(span);
        }
        self.fuel -= 1;
        Ok(())
    }

    /// Runs `body` in the frame starting at `base` (already pushed).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn enter(&mut self, base: usize, body: &'r Expr<'r>, span: Span) -> R<Value<'r>> {
        if self.depth >= self.max_depth {
            return self.stack_overflow(span);
        }
        self.step(span)?;
        let saved = self.fp;
        self.fp = base;
        self.depth += 1;
        let r = self.eval(body);
        self.depth -= 1;
        self.fp = saved;
        // Frames are small: popping inline beats a call to drop a slice.
        while self.stack.len() > base {
            self.stack.pop();
        }
        r
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn call_known(&mut self, c: &'r ir::CallKnown<'r>, span: Span) -> R<Value<'r>> {
        let f = &self.funcs[c.func as usize];
        let base = self.stack.len();
        self.push_args(c.args)?;
        let env = if f.uses_env {
            self.read(c.callee)
        } else {
            Value::Unit
        };
        self.stack.push(env);
        self.grow_frame(base + f.frame_size as usize);
        self.enter(base, f.body, span)
    }

    /// Extends the stack with unit up to `end` (the end of a new frame).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn grow_frame(&mut self, end: usize) {
        // Most frames are just arguments and closure: nothing to add.
        if self.stack.len() < end {
            self.stack.resize(end, Value::Unit);
        }
    }

    /// A known call in tail position: replaces the current frame and returns
    /// the body to continue with.
    fn tail_call_known(&mut self, c: &'r ir::CallKnown<'r>, span: Span) -> R<&'r Expr<'r>> {
        let f = &self.funcs[c.func as usize];
        if c.self_call {
            // Same closure, same frame layout: only the arguments change.
            self.self_tail_call(c.args, span)?;
            return Ok(f.body);
        }
        // Small arities go through locals rather than the value stack.
        match c.args {
            [a] => {
                let va = self.arg(a)?;
                let env = self.env_of(f, c.callee);
                self.install(f, [va], env, span)?;
            }
            [a, b] => {
                let vb = self.arg(b)?;
                let va = self.arg(a)?;
                let env = self.env_of(f, c.callee);
                self.install(f, [vb, va], env, span)?;
            }
            _ => {
                let top = self.stack.len();
                self.push_args(c.args)?;
                let env = self.env_of(f, c.callee);
                self.replace_frame(top, env, f, span)?;
            }
        }
        Ok(f.body)
    }

    /// The closure to store in the frame of a call of `f` through `callee`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn env_of(&self, f: &ir::Func<'r>, callee: VarRef) -> Value<'r> {
        if f.uses_env {
            self.read(callee)
        } else {
            Value::Unit
        }
    }

    /// Replaces the current frame by one for `f` with `args` (in slot order).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn install<const N: usize>(
        &mut self,
        f: &ir::Func<'r>,
        args: [Value<'r>; N],
        env: Value<'r>,
        span: Span,
    ) -> R<()> {
        self.step(span)?;
        let fp = self.fp;
        let end = fp + f.frame_size as usize;
        if self.stack.len() != end {
            self.stack.resize(end, Value::Unit);
        }
        for (i, v) in args.into_iter().enumerate() {
            self.stack[fp + i] = v;
        }
        self.stack[fp + N] = env;
        Ok(())
    }

    /// Overwrites the arguments of the current frame (a function calling
    /// itself in tail position). Small arities go through locals rather
    /// than the value stack.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn self_tail_call(&mut self, args: &'r [Expr<'r>], span: Span) -> R<()> {
        let fp = self.fp;
        match args {
            [a] => {
                let v = self.arg(a)?;
                self.step(span)?;
                self.stack[fp] = v;
            }
            [a, b] => {
                let vb = self.arg(b)?;
                let va = self.arg(a)?;
                self.step(span)?;
                self.stack[fp] = vb;
                self.stack[fp + 1] = va;
            }
            [a, b, c] => {
                let vc = self.arg(c)?;
                let vb = self.arg(b)?;
                let va = self.arg(a)?;
                self.step(span)?;
                self.stack[fp] = vc;
                self.stack[fp + 1] = vb;
                self.stack[fp + 2] = va;
            }
            _ => {
                let top = self.stack.len();
                self.push_args(args)?;
                self.step(span)?;
                let (frame, pushed) = self.stack.split_at_mut(top);
                for (slot, arg) in frame[fp..].iter_mut().zip(pushed) {
                    *slot = std::mem::take(arg);
                }
                self.stack.truncate(top);
            }
        }
        Ok(())
    }

    /// Moves the arguments pushed from `top` on down to the current frame,
    /// then sets up the rest of the frame of `f`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn replace_frame(&mut self, top: usize, env: Value<'r>, f: &ir::Func<'r>, span: Span) -> R<()> {
        self.step(span)?;
        let fp = self.fp;
        self.stack.drain(fp..top);
        self.stack.push(env);
        self.stack.resize(fp + f.frame_size as usize, Value::Unit);
        Ok(())
    }

    #[inline(never)]
    fn call(&mut self, c: &'r ir::Call<'r>, span: Span) -> R<Value<'r>> {
        self.push_args(c.args)?;
        let f = self.eval(&c.func)?;
        self.apply(f, c.args.len(), span)
    }

    #[inline(never)]
    fn tail_call(&mut self, c: &'r ir::Call<'r>, span: Span) -> R<Next<'r>> {
        let top = self.stack.len();
        self.push_args(c.args)?;
        let f = self.eval(&c.func)?;
        if let Value::Closure(rc) = &f {
            let func = &self.funcs[rc.func() as usize];
            if func.arity as usize == c.args.len() {
                self.replace_frame(top, f, func, span)?;
                return Ok(Next::Enter(func.body));
            }
        }
        self.apply(f, c.args.len(), span).map(Next::Done)
    }

    /// Applies `f` to the `n` values on top of the stack (first argument on
    /// top), consuming them: exact calls, partial application (a new
    /// [`Partial`]) and over-application (the result applied to the rest).
    fn apply(&mut self, mut f: Value<'r>, mut n: usize, span: Span) -> R<Value<'r>> {
        loop {
            let callee = match f {
                Value::Closure(rc) => Callee::Closure(rc),
                Value::Partial(p) => {
                    self.stack.extend_from_slice(&p.args);
                    n += p.args.len();
                    p.func.clone()
                }
                _ => ill_typed("a function"),
            };
            let (result, used) = match callee {
                Callee::Closure(rc) => {
                    let func = &self.funcs[rc.func() as usize];
                    let k = func.arity as usize;
                    if n < k {
                        return Ok(self.partial(Callee::Closure(rc), n));
                    }
                    let base = self.stack.len() - k;
                    self.stack.push(Value::Closure(rc));
                    self.grow_frame(base + func.frame_size as usize);
                    (self.enter(base, func.body, span)?, k)
                }
                Callee::Builtin(b) => {
                    let k = b.arity();
                    if n < k {
                        return Ok(self.partial(Callee::Builtin(b), n));
                    }
                    let a0 = self.stack.pop().expect("argument");
                    let r = match k {
                        1 => b.run1(self, a0, span)?,
                        2 => {
                            let a1 = self.stack.pop().expect("argument");
                            self.run_builtin2(b, a0, a1, span)?
                        }
                        _ => {
                            let a1 = self.stack.pop().expect("argument");
                            let a2 = self.stack.pop().expect("argument");
                            b.run3(self, a0, a1, a2, span)?
                        }
                    };
                    (r, k)
                }
            };
            n -= used;
            if n == 0 {
                return Ok(result);
            }
            f = result;
        }
    }

    /// A partial application of `f` to the `n` values on top of the stack.
    fn partial(&mut self, func: Callee<'r>, n: usize) -> Value<'r> {
        let args = self
            .stack
            .split_off(self.stack.len() - n)
            .into_boxed_slice();
        Value::Partial(Rc::new(Partial { func, args }))
    }

    // ----- built-ins --------------------------------------------------------

    #[inline(never)]
    fn call_builtin(&mut self, b: Builtin, args: &'r [Expr<'r>], span: Span) -> R<Value<'r>> {
        // The commonest built-ins on ints and bools take their argument
        // unboxed, from `eval_int`/`eval_bool`; the others evaluate their
        // arguments right to left, as OCaml does, then run.
        match (b, args) {
            (Builtin::PrintInt | Builtin::Succ | Builtin::Pred, [a]) => {
                let n = Value::Int(self.eval_int(a)?);
                b.run1(self, n, span)
            }
            (Builtin::Not, [a]) => {
                let v = Value::bool(self.eval_bool(a)?);
                b.run1(self, v, span)
            }
            (_, [a]) => {
                let v = self.eval(a)?;
                b.run1(self, v, span)
            }
            (_, [a, c]) => {
                let v1 = self.eval(c)?;
                let v0 = self.eval(a)?;
                self.run_builtin2(b, v0, v1, span)
            }
            (_, [a, c, d]) => {
                let v2 = self.eval(d)?;
                let v1 = self.eval(c)?;
                let v0 = self.eval(a)?;
                b.run3(self, v0, v1, v2, span)
            }
            _ => unreachable!("the resolver calls built-ins with exactly their arity"),
        }
    }

    /// Runs `b`, of arity 2, on its evaluated arguments.
    fn run_builtin2(&mut self, b: Builtin, a: Value<'r>, c: Value<'r>, span: Span) -> R<Value<'r>> {
        match b {
            Builtin::Op(op) => self.operator(op, a, c, span),
            _ => b.run2(self, a, c, span),
        }
    }

    /// An infix operator used as a function, applied to both arguments
    /// (already evaluated: as a function, `(&&)` does not short-circuit).
    fn operator(&mut self, op: BinOp, a: Value<'r>, b: Value<'r>, span: Span) -> R<Value<'r>> {
        match op.semantics() {
            Semantics::Arith(aop) => {
                let x = a.expect_int();
                let y = b.expect_int();
                self.arith(aop, x, y, span).map(Value::Int)
            }
            Semantics::Compare(cop) => self.compare(cop, &a, &b, span).map(Value::bool),
            Semantics::Physical { negated } => Ok(Value::bool(a.physically_equal(&b) != negated)),
            Semantics::And => Ok(Value::bool(a.expect_bool() && b.expect_bool())),
            Semantics::Or => Ok(Value::bool(a.expect_bool() || b.expect_bool())),
            Semantics::Concat => {
                let x = a.expect_str();
                let y = b.expect_str();
                if x.len() + y.len() > self.max_string {
                    return self.raise(Exn::OutOfMemory, span);
                }
                Ok(Value::string([&x[..], &y[..]].concat()))
            }
            // `(|>) x f` and `(@@) f x` are `f x`.
            Semantics::Pipe => {
                self.stack.push(a);
                self.apply(b, 1, span)
            }
            Semantics::AtAt => {
                self.stack.push(b);
                self.apply(a, 1, span)
            }
        }
    }
}

/// What the built-ins of [`builtins`] ask of the machine.
impl<'r, W: Write> Host<'r> for Machine<'r, '_, W> {
    fn write(&mut self, bytes: &[u8], flush: bool) -> R<()> {
        let mut r = self.out.write_all(bytes);
        if flush && r.is_ok() {
            r = self.out.flush();
        }
        self.io(r)
    }

    #[cold]
    #[inline(never)]
    fn raise<T>(&mut self, exn: Exn, span: Span) -> R<T> {
        self.stop(Stop::Exn(exn, span))
    }

    fn exit<T>(&mut self, status: i32) -> R<T> {
        let r = self.out.flush();
        self.io(r)?;
        self.stop(Stop::Exit(status))
    }

    fn bool_string(&self, b: bool) -> Value<'r> {
        self.bool_strings[usize::from(b)].clone()
    }
}

/// A built-in as a function value: a partial application without arguments.
fn builtin_object<'r>(b: Builtin) -> Value<'r> {
    Value::Partial(Rc::new(Partial {
        func: Callee::Builtin(b),
        args: Box::new([]),
    }))
}

/// The int a well-typed `int` expression produced (or the exception it raised).
#[cfg_attr(not(debug_assertions), inline(always))]
fn int_result(v: R<Value<'_>>) -> R<i64> {
    match v? {
        Value::Int(n) => Ok(n),
        _ => ill_typed("an int"),
    }
}

/// The bool a well-typed `bool` expression produced (or the exception it raised).
#[cfg_attr(not(debug_assertions), inline(always))]
fn bool_result(v: R<Value<'_>>) -> R<bool> {
    match v? {
        Value::Bool(b) => Ok(b.into()),
        _ => ill_typed("a bool"),
    }
}

/// OCaml's line (from 1) and column (bytes from the line start, from 0).
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src.as_bytes()[..offset.min(src.len())];
    let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
    let col = before.iter().rev().take_while(|&&c| c != b'\n').count();
    (line, col)
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Finished => write!(f, "finished"),
            Outcome::Exit(n) => write!(f, "exit {n}"),
            Outcome::Exception { report, .. } => write!(f, "{}", String::from_utf8_lossy(report)),
            Outcome::StackOverflow { .. } => write!(f, "{STACK_OVERFLOW_MESSAGE}"),
            Outcome::OutOfSteps { .. } => write!(f, "step limit reached"),
            Outcome::TimedOut { .. } => write!(f, "time limit reached"),
            Outcome::OutputClosed => write!(f, "output closed"),
        }
    }
}
