//! Type inference: Hindley–Milner with OCaml's levels over the AST, after
//! name resolution and before evaluation. It rejects every ill-typed
//! program with the diagnostic OCaml 4.13 gives (same message, same
//! expression), reports OCaml's warnings 5, 10, 21, 26, 27 and 39, and
//! gives the signature `minilang -i` prints (`ocamlc -i`'s).
//!
//! The checker follows OCaml's `Typecore` closely, because which error is
//! reported, where, and with which types depends on the order in which
//! OCaml types and unifies: the function of an application first, then the
//! arguments left to right (after the function's type has been matched
//! against them), each argument against the parameter type; `if` branches
//! against the type the context expects; `x |> f` and `f @@ x` as `f x`;
//! the patterns of a `let` before its expressions; levels entered and left
//! where OCaml enters and leaves them (they decide generalisation, the
//! relaxed value restriction and warning 21).
//!
//! Type terms live in the compile's region ([`crate::sema::types`]). After an
//! error, checking goes on with the next top-level item, the names of the
//! failed item bound to fresh type variables, so that independent errors
//! are all reported and none is a consequence of another.
//!
//! Deep input is fine: chains (`a + b + ...`, `a; b; ...`, `let ... in
//! let ...`, `else if`, `fun x -> fun y -> ...`) are walked in loops, and
//! the remaining recursion grows its stack on demand.

use region::Region;

use crate::diagnostics::{Code, Diagnostic};
use crate::runtime::builtins::Builtin;
use crate::sema::resolve::{Packed, Referent, Resolution};
use crate::sema::types::{
    self, Base, Mismatch, Names, Node, OutOfMemory, RVec, StackLimit, TryPush, Type, Types, repr,
};
use crate::syntax::ast::{self, BinOp, ExprKind, Pattern, Span, UnOp};
use crate::syntax::operator::Ty;

/// Error code: an expression whose type is not the one its context expects.
pub const E_TYPE_MISMATCH: Code = Code::E0401;
/// Error code: an expression applied to arguments is not a function.
pub const E_NOT_A_FUNCTION: Code = Code::E0402;
/// Error code: a function applied to more arguments than it takes.
pub const E_TOO_MANY_ARGUMENTS: Code = Code::E0403;
/// Error code: a `fun` where the context expects a value that is not a function.
pub const E_UNEXPECTED_FUNCTION: Code = Code::E0404;
/// Error code: a `fun` with more parameters than the expected function type has.
pub const E_TOO_MANY_PARAMETERS: Code = Code::E0405;
/// Error code: a `()` pattern where another type is expected.
pub const E_PATTERN_MISMATCH: Code = Code::E0406;
/// Error code: `()`, `true` or `false` where the other variant type is expected.
pub const E_NO_SUCH_CONSTRUCTOR: Code = Code::E0407;
/// Error code: `()`, `true` or `false` applied to an argument.
pub const E_CONSTRUCTOR_ARITY: Code = Code::E0408;

/// Warning code: a partial application whose result is ignored (OCaml's warning 5).
pub const W_PARTIAL_APPLICATION: Code = Code::W5;
/// Warning code: a statement (left of `;`) that is not of type unit (OCaml's warning 10).
pub const W_NON_UNIT_STATEMENT: Code = Code::W10;
/// Warning code: a statement that never returns (OCaml's warning 21).
pub const W_NONRETURNING_STATEMENT: Code = Code::W21;
/// Warning code: an unused `let`-bound variable (OCaml's warning 26).
pub const W_UNUSED_VARIABLE: Code = Code::W26;
/// Warning code: an unused function parameter (OCaml's warning 27).
pub const W_UNUSED_PARAMETER: Code = Code::W27;
/// Warning code: `let rec` whose functions do not call each other (OCaml's warning 39).
pub const W_UNUSED_REC: Code = Code::W39;

/// Warning code: the count of the warnings past [`MAX_WARNINGS`].
pub const W_MORE: Code = Code::W0;

/// At most this many warnings are reported, then their count.
pub const MAX_WARNINGS: usize = 100;

/// Stack kept free before the recursion on nested expressions grows it.
const RED_ZONE: usize = 128 * 1024;
/// Size of each stack segment allocated for deep expressions.
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// Room made at once for the local bindings in scope beside the
/// top-level ones (more makes the scope stack grow): a sixteenth of them,
/// within these bounds.
const LOCAL_BINDINGS: (usize, usize) = (16, 1024);

/// The result of checking a program.
#[derive(Debug)]
pub struct Typing<'r> {
    /// Errors if the program is ill-typed (then nothing else); otherwise
    /// its warnings. In source order.
    diagnostics: Vec<Diagnostic>,
    has_errors: bool,
    /// Where checking stopped at an error another phase reports.
    reached: Vec<Span>,
    /// Every top-level value definition, in order: name and type scheme.
    values: RVec<'r, (&'r str, &'r Type<'r>)>,
}

impl<'r> Typing<'r> {
    /// The errors of an ill-typed program, or the warnings of a well-typed
    /// one, in source order.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, by value.
    #[must_use]
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// Whether the program is ill-typed (or checking stopped at an error
    /// another phase reports).
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.has_errors
    }

    /// Where checking met an error that another phase reports (an unbound
    /// name, a literal out of range, an unbound constructor or module) and
    /// stopped its item, as OCaml stops there. Such an error that checking
    /// did not reach lies in an item that stopped earlier, at an error
    /// OCaml reports first.
    #[must_use]
    pub fn reached(&self) -> &[Span] {
        &self.reached
    }

    /// The signature of the program, exactly as `ocamlc -i` prints it: one
    /// `val name : type` per top-level value (the last of several with one
    /// name), long types broken over lines as OCaml breaks them, ending
    /// with a newline. Meaningful only when there is no error.
    #[must_use]
    pub fn signature(&self) -> String {
        // Only the last definition of a name is shown, where it is.
        let mut seen = std::collections::HashSet::new();
        let mut shown: Vec<(&str, &Type<'r>)> = self
            .values
            .iter()
            .rev()
            .filter(|(name, _)| seen.insert(*name))
            .map(|&(name, ty)| (name, ty))
            .collect();
        shown.reverse();
        types::signature(&shown)
    }

    /// The type of the top-level value `name` (its last definition), as
    /// `-i` would print it, if there is one.
    #[must_use]
    pub fn value_type(&self, name: &str) -> Option<String> {
        let &(_, ty) = self.values.iter().rev().find(|(n, _)| *n == name)?;
        let mut names = Names::for_schemes();
        Some(names.display(ty))
    }
}

/// Checks a parsed program whose source is `src` and whose names
/// `resolution` resolved, allocating the types in `region` (the AST's).
/// A name the resolver could not bind, or an error node, stops its item
/// where checking reaches it (see [`Typing::reached`]), so that it causes
/// no type error of its own.
#[must_use]
pub fn check<'r>(
    program: &ast::Program<'r>,
    resolution: &Resolution<'r>,
    src: &str,
    region: &'r Region,
) -> Typing<'r> {
    let Ok(types) = Types::new(region) else {
        return Typing {
            diagnostics: vec![memory_limit(Span::default())],
            has_errors: true,
            reached: Vec::new(),
            values: RVec::new_in(region),
        };
    };
    let mut c = Checker::new(
        src,
        program.locations,
        resolution.referents(),
        region,
        types,
    );
    let bindings = program.counts.bindings as usize;
    if c.positions.try_reserve_exact(bindings).is_err() {
        return Typing {
            diagnostics: vec![memory_limit(Span::default())],
            has_errors: true,
            reached: Vec::new(),
            values: RVec::new_in(region),
        };
    }
    c.positions.resize(bindings, NOT_BOUND);
    // Most names are those of top-level definitions, and they stay bound:
    // room for them at once (a stack that grows leaves its old buffers
    // behind in the region).
    let globals: usize = program
        .items
        .iter()
        .map(|item| match item {
            ast::Item::Let { bindings, .. } => bindings
                .iter()
                .filter(|b| matches!(b.pattern, Pattern::Var(_)))
                .count(),
            ast::Item::Expr(_) => 0,
        })
        .sum();
    let locals = (globals / 16).clamp(LOCAL_BINDINGS.0, LOCAL_BINDINGS.1);
    let _ = c.scope.try_reserve(globals + locals);
    let _ = c.values.try_reserve(globals);
    for item in program.items {
        let errors = c.errors.len();
        c.item(item);
        if c.types.out_of_memory() {
            let span = match item {
                ast::Item::Expr(e) => e.span,
                ast::Item::Let { span, .. } => *span,
            };
            // What failed for want of memory is no type error.
            c.errors.truncate(errors);
            c.errors.push(memory_limit(span));
            break;
        }
    }
    c.finish()
}

/// The compile's region is full (`--max-memory`): the types did not fit.
fn memory_limit(span: Span) -> Diagnostic {
    Diagnostic::error(
        crate::diagnostics::E_MEMORY_LIMIT,
        "Out of memory: the types of the program need more than the memory limit of the compile",
        span,
        "the limit was reached here",
    )
    .with_help("raise the limit (`--max-memory`), or split the program")
}

/// An error was reported (in [`Checker::errors`]); checking of the current
/// top-level item stops.
#[derive(Debug)]
struct Stop;

type R<T> = Result<T, Stop>;

impl From<OutOfMemory> for Stop {
    fn from(_: OutOfMemory) -> Stop {
        // Recorded by `Types`; `check` reports it after the item.
        Stop
    }
}

/// Why a type is expected, when OCaml says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Why {
    IfCondition,
    IfNoElse,
    Assert,
}

impl Why {
    fn text(self) -> &'static str {
        match self {
            Why::IfCondition => "because it is in the condition of an if-statement",
            Why::IfNoElse => "because it is in the result of a conditional with no else branch",
            Why::Assert => "because it is in the condition of an assertion",
        }
    }
}

/// Where an expected type comes from, for a secondary label.
#[derive(Clone, Copy, Debug)]
enum Origin<'r> {
    /// An argument of this function, whose type is given.
    Argument(Site<'r>, &'r Type<'r>),
    /// An operand of the infix operator that starts at this offset, whose
    /// type's first argument type is given (the rest of the operator's
    /// type is made only to be shown: [`Checker::operator_shown`]).
    Operator(BinOp, u32, &'r Type<'r>),
    /// The other branch of an `if`, which fixed the type.
    Branch(&'r ast::Expr<'r>),
    /// The pattern `()` of a `let`.
    UnitPattern(Span),
}

/// Where a function is written: an expression (its location is found on
/// an error), or the span of a `let` binding with parameters.
#[derive(Clone, Copy, Debug)]
enum Written<'r> {
    Expr(&'r ast::Expr<'r>),
    Span(Span),
}

/// The function of an application, for its location.
#[derive(Clone, Copy, Debug)]
enum Site<'r> {
    /// A written expression.
    Expr(&'r ast::Expr<'r>),
    /// The infix operator that starts at this offset.
    Infix(BinOp, u32),
    /// The prefix operator of this expression.
    Prefix(UnOp, Span),
}

/// The type an expression must have, and why.
#[derive(Clone, Copy, Debug)]
struct Expected<'r> {
    ty: &'r Type<'r>,
    why: Option<Why>,
    origin: Option<Origin<'r>>,
}

impl<'r> Expected<'r> {
    fn plain(ty: &'r Type<'r>) -> Self {
        Expected {
            ty,
            why: None,
            origin: None,
        }
    }

    fn because(ty: &'r Type<'r>, why: Why) -> Self {
        Expected {
            ty,
            why: Some(why),
            origin: None,
        }
    }
}

/// The arguments of an application.
#[derive(Clone, Copy, Debug)]
enum Args<'r> {
    Slice(&'r [ast::Expr<'r>]),
    One(&'r ast::Expr<'r>),
    Two(&'r ast::Expr<'r>, &'r ast::Expr<'r>),
}

impl<'r> Args<'r> {
    fn len(self) -> usize {
        match self {
            Args::Slice(s) => s.len(),
            Args::One(_) => 1,
            Args::Two(..) => 2,
        }
    }

    fn get(self, i: usize) -> &'r ast::Expr<'r> {
        match (self, i) {
            (Args::Slice(s), _) => &s[i],
            (Args::One(a), 0) | (Args::Two(a, _), 0) => a,
            (Args::Two(_, b), 1) => b,
            _ => unreachable!("argument index out of range"),
        }
    }
}

/// How a variable was bound (for the unused-variable warnings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VarKind {
    /// A top-level definition: exported, never reported.
    Global,
    /// A local `let`: warning 26.
    Let,
    /// A function parameter: warning 27.
    Param,
}

/// A variable in scope.
#[derive(Debug)]
struct VarInfo<'r> {
    /// Its name.
    symbol: &'r ast::Symbol<'r>,
    /// Its binding's [`ast::Ident::id`].
    id: u32,
    span: Span,
    ty: &'r Type<'r>,
    /// The slot of its binding if a `let rec` bound it ([`NO_SLOT`]
    /// otherwise): the names its right-hand side used while the `let rec`
    /// was being checked, which count as used once it is.
    slot: u32,
    kind: VarKind,
    used: bool,
}

/// No slot: the variable was not bound by a `let rec`.
const NO_SLOT: u32 = u32::MAX;

/// The position of a binding that is not in scope ([`Checker::positions`]).
const NOT_BOUND: u32 = u32::MAX;

/// The slot of one binding of a `let rec`: its `let`, and the names its
/// right-hand side used while the `let rec` was being checked.
#[derive(Debug)]
struct Slot<'r> {
    let_id: usize,
    recorded: RVec<'r, usize>,
}

/// A `let rec` being (or having been) checked, for OCaml's unused-variable
/// and unused-`rec` analysis (`type_let_def_wrap_warnings`): while its
/// bodies are checked, a use of one of its names is recorded in
/// the slot of the binding being checked instead of counting as a use.
#[derive(Debug, Default)]
struct LetInfo {
    current_slot: Option<usize>,
    /// A name of this `let` was used in one of its right-hand sides.
    rec_needed: bool,
}

/// A binary operator whose left operand is being checked (the loop over
/// left-nested chains). Only the operand types of the operator's type are
/// made (see [`Checker::binary_chain`]).
#[derive(Clone, Copy, Debug)]
struct Frame<'r> {
    e: &'r ast::Expr<'r>,
    op: BinOp,
    /// Where the operator starts.
    at: u32,
    rhs: &'r ast::Expr<'r>,
    lhs_ty: &'r Type<'r>,
    rhs_ty: &'r Type<'r>,
    expected: Expected<'r>,
}

/// A statement whose type was still unknown: checked for warnings 5 and 10
/// at the end, as OCaml's delayed checks.
#[derive(Clone, Copy, Debug)]
struct Delayed<'r> {
    statement: bool,
    e: &'r ast::Expr<'r>,
    ty: &'r Type<'r>,
}

struct Checker<'r, 's> {
    types: Types<'r>,
    src: &'s str,
    /// Where OCaml's locations differ from the nodes' spans: the
    /// parenthesised expressions and the infix operators of the program
    locations: ast::Locations<'r>,
    region: &'r Region,
    /// The variables in scope, innermost last. Everything but the
    /// diagnostics lives in the region: a well-typed program makes no call
    /// to the global allocator.
    scope: RVec<'r, VarInfo<'r>>,
    /// Per binding ([`ast::Ident::id`]): its position in `scope` while it
    /// is in scope ([`NOT_BOUND`] otherwise).
    positions: RVec<'r, u32>,
    /// What each use of a name refers to ([`ast::VarUse::id`]), as the
    /// resolver found: the checker looks no name up.
    referents: &'r [Packed],
    /// The end of the stack segment the checker runs on.
    stack: StackLimit,
    /// The `let rec`s.
    lets: RVec<'r, LetInfo>,
    /// Per binding of a `let rec`: the names recorded while it was checked.
    slots: RVec<'r, Slot<'r>>,
    errors: Vec<Diagnostic>,
    /// Where checking met an error another phase reported (an unbound
    /// name, an error node): each stopped its item, as OCaml stops there.
    reached: Vec<Span>,
    warnings: Vec<Diagnostic>,
    delayed: RVec<'r, Delayed<'r>>,
    values: RVec<'r, (&'r str, &'r Type<'r>)>,
    /// Scratch stacks (reused).
    arg_types: RVec<'r, (&'r Type<'r>, bool)>,
    pat_types: RVec<'r, &'r Type<'r>>,
    frames: RVec<'r, Frame<'r>>,
    used: RVec<'r, usize>,
}

impl<'r, 's> Checker<'r, 's> {
    fn new(
        src: &'s str,
        locations: ast::Locations<'r>,
        referents: &'r [Packed],
        region: &'r Region,
        types: Types<'r>,
    ) -> Self {
        Checker {
            types,
            src,
            locations,
            region,
            scope: RVec::new_in(region),
            positions: RVec::new_in(region),
            referents,
            stack: StackLimit::here(),
            lets: RVec::new_in(region),
            slots: RVec::new_in(region),
            errors: Vec::new(),
            reached: Vec::new(),
            warnings: Vec::new(),
            delayed: RVec::new_in(region),
            values: RVec::new_in(region),
            arg_types: RVec::new_in(region),
            pat_types: RVec::new_in(region),
            frames: RVec::new_in(region),
            used: RVec::new_in(region),
        }
    }

    /// The region had no room to grow a stack: stops the item (the limit
    /// is reported after it).
    fn full(&mut self) -> Stop {
        self.types.note_out_of_memory();
        Stop
    }

    /// A new node of a base type (as each OCaml literal or constructor has).
    fn base(&mut self, b: Base) -> R<&'r Type<'r>> {
        Ok(self.types.base(b)?)
    }

    /// The generic node of a base type, for an expected type.
    fn predef(&self, b: Base) -> &'r Type<'r> {
        self.types.predef(b)
    }

    fn fresh(&mut self) -> R<Expected<'r>> {
        Ok(Expected::plain(self.types.var()?))
    }

    // ----- items ------------------------------------------------------------

    fn item(&mut self, item: &'r ast::Item<'r>) {
        let mark = self.scope.len();
        let lets_mark = self.lets.len();
        let result = match item {
            ast::Item::Expr(e) => {
                self.types.enter();
                let r = self.fresh().and_then(|exp| self.expr(e, exp));
                self.types.exit();
                r.map(|_| ())
            }
            ast::Item::Let {
                is_rec, bindings, ..
            } => self.let_bindings(*is_rec, bindings, VarKind::Global),
        };
        if result.is_ok() {
            return;
        }
        // Forget the failed item's scopes and state; its names get fresh
        // types, so that their uses cause no error of their own.
        self.types.set_level(1);
        self.frames.clear();
        self.arg_types.clear();
        self.pat_types.clear();
        self.scope.truncate(mark);
        for l in &mut self.lets[lets_mark..] {
            l.current_slot = None;
        }
        if let ast::Item::Let { bindings, .. } = item {
            for b in *bindings {
                if let Pattern::Var(id) = b.pattern {
                    let Ok(ty) = self.types.generic_var() else {
                        return;
                    };
                    if self.bind(&id, ty, VarKind::Global, NO_SLOT).is_err() {
                        return;
                    }
                }
            }
        }
    }

    fn finish(mut self) -> Typing<'r> {
        let has_errors = !self.errors.is_empty() || !self.reached.is_empty();
        let diagnostics = if has_errors {
            let mut errors = std::mem::take(&mut self.errors);
            errors.sort_by_key(|d| d.primary.span.start);
            errors
        } else {
            for d in std::mem::replace(&mut self.delayed, RVec::new_in(self.region)) {
                self.partial_application_now(d.statement, d.e, d.ty);
            }
            let mut warnings = std::mem::take(&mut self.warnings);
            warnings.sort_by_key(|d| (d.primary.span.start, d.primary.span.end));
            warnings.dedup();
            if warnings.len() > MAX_WARNINGS {
                let more = warnings.len() - MAX_WARNINGS;
                warnings.truncate(MAX_WARNINGS);
                let at = warnings.last().map_or(Span::default(), |d| d.primary.span);
                warnings.push(
                    Diagnostic::warning(
                        W_MORE,
                        format!(
                            "and {more} more warning{}",
                            if more == 1 { "" } else { "s" }
                        ),
                        at,
                        "the last warning shown",
                    )
                    .with_help(format!("only the first {MAX_WARNINGS} warnings are shown")),
                );
            }
            warnings
        };
        Typing {
            diagnostics,
            has_errors,
            reached: self.reached,
            values: self.values,
        }
    }

    // ----- scopes -----------------------------------------------------------

    fn bind(
        &mut self,
        ident: &ast::Ident<'r>,
        ty: &'r Type<'r>,
        kind: VarKind,
        slot: u32,
    ) -> R<()> {
        let info = VarInfo {
            symbol: ident.symbol,
            id: ident.id,
            span: ident.span,
            ty,
            slot,
            kind,
            used: false,
        };
        let position = self.scope.len() as u32;
        match self.positions.get_mut(ident.id as usize) {
            Some(p) if self.scope.try_push(info).is_ok() => *p = position,
            _ => return Err(self.full()),
        }
        Ok(())
    }

    /// Closes the scopes opened since `mark`, reporting unused variables.
    /// Their variables are dropped: nothing refers to them any more (the
    /// uses a `let rec` recorded are of names of the same scope).
    fn close_scope(&mut self, mark: usize) {
        while self.scope.len() > mark {
            let Some(v) = self.scope.pop() else {
                break;
            };
            self.positions[v.id as usize] = NOT_BOUND;
            let name = v.symbol.text;
            if v.used || v.kind == VarKind::Global || name.starts_with('_') {
                continue;
            }
            let (code, help) = if v.kind == VarKind::Let {
                (
                    W_UNUSED_VARIABLE,
                    "OCaml's warning 26 [unused-var]; name it `_` or `_name` if that is intended",
                )
            } else {
                (
                    W_UNUSED_PARAMETER,
                    "OCaml's warning 27 [unused-var-strict]; name it `_` or `_name` if that is intended",
                )
            };
            let d = Diagnostic::warning(
                code,
                format!("unused variable {name}."),
                v.span,
                "never used",
            )
            .with_help(help);
            self.warnings.push(d);
        }
    }

    /// The type of a use of a name: an instance of its scheme.
    fn lookup(&mut self, var: ast::VarUse<'r>, span: Span) -> R<&'r Type<'r>> {
        match self.referent(var) {
            Referent::Binding(id) => match self.position(id) {
                Some(i) => {
                    self.mark_used(i)?;
                    let ty = self.scope[i].ty;
                    Ok(self.types.instance(ty)?)
                }
                // Not in scope here (its item failed): no error of its own.
                None => Ok(self.types.var()?),
            },
            Referent::IntConstant => self.base(Base::Int),
            Referent::Builtin(b) => self.builtin_type(b),
            // Unbound: the resolver reports it, and OCaml stops here.
            Referent::Unbound => Err(self.reached(span)),
        }
    }

    /// Checking met an error another phase reported (an unbound name, an
    /// error node for a literal out of range or an unbound constructor or
    /// module): the item stops there, as OCaml's does, so that nothing
    /// around it is reported as a cascade.
    fn reached(&mut self, span: Span) -> Stop {
        self.reached.push(span);
        Stop
    }

    /// What the resolver found `var` refers to.
    fn referent(&self, var: ast::VarUse<'r>) -> Referent {
        self.referents
            .get(var.id as usize)
            .map_or(Referent::Unbound, |r| r.get())
    }

    /// The position in `scope` of binding `id`, if it is in scope.
    fn position(&self, id: u32) -> Option<usize> {
        match self.positions.get(id as usize) {
            Some(&p) if p != NOT_BOUND => Some(p as usize),
            _ => None,
        }
    }

    /// A use of variable `i`: recorded in the slot of the binding being
    /// checked if its `let rec` is being checked, otherwise a use, which
    /// makes what its own binding recorded used too (as OCaml does).
    fn mark_used(&mut self, i: usize) -> R<()> {
        self.used.clear();
        let mut next = Some(i);
        while let Some(i) = next.take().or_else(|| self.used.pop()) {
            let slot = self.scope[i].slot;
            if slot == NO_SLOT {
                self.scope[i].used = true;
                continue;
            }
            let slot = slot as usize;
            let l = self.slots[slot].let_id;
            match self.lets[l].current_slot {
                Some(current) => {
                    if self.slots[current].recorded.try_push(i).is_err() {
                        return Err(self.full());
                    }
                    self.lets[l].rec_needed = true;
                }
                None => {
                    let recorded = self.slots[slot].recorded.len();
                    if self.used.try_reserve(recorded).is_err() {
                        return Err(self.full());
                    }
                    self.used.extend(self.slots[slot].recorded.drain(..));
                    self.scope[i].used = true;
                }
            }
        }
        Ok(())
    }

    /// The type of a built-in, freshly instantiated: as in an instance of
    /// OCaml's type for it, each base type written has a node of its own.
    fn builtin_type(&mut self, b: Builtin) -> R<&'r Type<'r>> {
        self.signature_type(b.signature())
    }

    /// A fresh instance of a type written in the tables of operators and
    /// built-ins (arguments, then result): one variable for each of `'a`
    /// and `'b`, a node of its own for each base type written.
    fn signature_type(&mut self, sig: &[Ty]) -> R<&'r Type<'r>> {
        fn mentions(t: &Ty, v: Ty) -> bool {
            match t {
                Ty::Fn(a, r) => mentions(a, v) || mentions(r, v),
                t => *t == v,
            }
        }
        let mut vars = [None, None];
        for (slot, v) in vars.iter_mut().zip([Ty::A, Ty::B]) {
            if sig.iter().any(|t| mentions(t, v)) {
                *slot = Some(self.types.var()?);
            }
        }
        let (result, args) = sig.split_last().expect("a signature has a result");
        let mut ty = self.table_type(result, vars)?;
        for a in args.iter().rev() {
            let a = self.table_type(a, vars)?;
            ty = self.types.arrow(a, ty)?;
        }
        Ok(ty)
    }

    /// The type `t` of [`Checker::signature_type`], its variables `vars`.
    fn table_type(&mut self, t: &Ty, vars: [Option<&'r Type<'r>>; 2]) -> R<&'r Type<'r>> {
        let var = |v: Option<&'r Type<'r>>| v.expect("made by signature_type");
        Ok(match *t {
            Ty::Int => self.base(Base::Int)?,
            Ty::Bool => self.base(Base::Bool)?,
            Ty::Str => self.base(Base::String)?,
            Ty::Unit => self.base(Base::Unit)?,
            Ty::A => var(vars[0]),
            Ty::B => var(vars[1]),
            Ty::Fn(a, r) => {
                let a = self.table_type(a, vars)?;
                let r = self.table_type(r, vars)?;
                self.types.arrow(a, r)?
            }
        })
    }

    /// The type of an infix operator, freshly instantiated.
    fn operator_type(&mut self, op: BinOp) -> R<&'r Type<'r>> {
        self.signature_type(op.signature())
    }

    // ----- let --------------------------------------------------------------

    /// Checks the bindings of a `let` (OCaml's `type_let`) and binds their
    /// names: the patterns first, then the expressions one level deeper,
    /// then generalisation (after the relaxed value restriction).
    fn let_bindings(
        &mut self,
        is_rec: bool,
        bindings: &'r [ast::Binding<'r>],
        kind: VarKind,
    ) -> R<()> {
        self.types.enter();
        let base = self.pat_types.len();
        // Only a `let rec` records the uses of its names in its bodies.
        let let_id = self.lets.len();
        let first_slot = self.slots.len();
        if is_rec {
            let ok = u32::try_from(first_slot + bindings.len()).is_ok_and(|n| n < NO_SLOT);
            if !ok
                || self.lets.try_push(LetInfo::default()).is_err()
                || self.slots.try_reserve(bindings.len()).is_err()
            {
                return Err(self.full());
            }
            let region = self.region;
            self.slots.extend(
                std::iter::repeat_with(|| Slot {
                    let_id,
                    recorded: RVec::new_in(region),
                })
                .take(bindings.len()),
            );
        }
        // The slot of binding `i` (of a `let rec`).
        let slot_of = |i: usize| {
            if is_rec {
                (first_slot + i) as u32
            } else {
                NO_SLOT
            }
        };
        let vkind = if kind == VarKind::Global {
            kind
        } else {
            VarKind::Let
        };
        for b in bindings {
            let ty = match b.pattern {
                Pattern::Unit(_) => self.base(Base::Unit)?,
                Pattern::Var(_) | Pattern::Wildcard(_) => self.types.var()?,
            };
            if self.pat_types.try_push(ty).is_err() {
                return Err(self.full());
            }
        }
        if is_rec {
            for (i, b) in bindings.iter().enumerate() {
                let ty = self.pat_types[base + i];
                let approx = self.approx(b)?;
                // A fresh variable unifies with anything.
                let _ = self.types.unify(ty, approx);
                if let Pattern::Var(id) = b.pattern {
                    self.bind(&id, ty, vkind, slot_of(i))?;
                }
            }
        }
        for (i, b) in bindings.iter().enumerate() {
            if is_rec {
                self.lets[let_id].current_slot = Some(first_slot + i);
            }
            let ty = self.pat_types[base + i];
            let mut expected = Expected::plain(ty);
            if let Pattern::Unit(span) = b.pattern {
                expected.origin = Some(Origin::UnitPattern(span));
            }
            if b.params.is_empty() {
                self.expr(&b.body, expected)?;
            } else {
                let mark = self.scope.len();
                self.function(b.params, &b.body, expected, Written::Span(b.span))?;
                self.close_scope(mark);
            }
        }
        if is_rec {
            self.lets[let_id].current_slot = None;
        }
        self.types.exit();
        for (i, b) in bindings.iter().enumerate() {
            let ty = self.pat_types[base + i];
            // `let _ = f x` drops a value, as `ignore (f x)` does.
            if matches!(b.pattern, Pattern::Wildcard(_)) {
                self.partial_application(false, &b.body, ty);
            }
            if !b.params.is_empty() || nonexpansive(&b.body) {
                continue;
            }
            self.types.lower_contravariant(ty);
        }
        for i in 0..bindings.len() {
            let ty = self.pat_types[base + i];
            self.types.generalize(ty);
        }
        if is_rec {
            if !self.lets[let_id].rec_needed {
                let span = bindings[0].pattern.span();
                self.warnings.push(
                    Diagnostic::warning(
                        W_UNUSED_REC,
                        "unused rec flag.",
                        span,
                        "no function of this `let rec` calls one of them",
                    )
                    .with_help("OCaml's warning 39 [unused-rec-flag]; drop the `rec`"),
                );
            }
        } else {
            for (i, b) in bindings.iter().enumerate() {
                if let Pattern::Var(id) = b.pattern {
                    let ty = self.pat_types[base + i];
                    self.bind(&id, ty, vkind, slot_of(i))?;
                }
            }
        }
        if kind == VarKind::Global {
            for (i, b) in bindings.iter().enumerate() {
                if let Pattern::Var(id) = b.pattern {
                    if self
                        .values
                        .try_push((id.name(), self.pat_types[base + i]))
                        .is_err()
                    {
                        return Err(self.full());
                    }
                }
            }
        }
        self.pat_types.truncate(base);
        Ok(())
    }

    /// The shape of a `let rec` right-hand side before it is checked
    /// (OCaml's `type_approx`): one arrow per parameter.
    fn approx(&mut self, b: &'r ast::Binding<'r>) -> R<&'r Type<'r>> {
        let mut arity = b.params.len();
        let mut e = &b.body;
        loop {
            e = match &e.kind {
                ExprKind::Fun(f) => {
                    arity += f.params.len();
                    &f.body
                }
                ExprKind::Let(l) => &l.body,
                ExprKind::If(i) => &i.then_branch,
                ExprKind::Seq(_, second) => second,
                ExprKind::Int(..)
                | ExprKind::Bool(..)
                | ExprKind::Str(..)
                | ExprKind::Unit
                | ExprKind::Var(..)
                | ExprKind::Unary(..)
                | ExprKind::Binary(..)
                | ExprKind::App(..)
                | ExprKind::Assert(..)
                | ExprKind::Error => break,
            };
        }
        let mut ty = self.types.var()?;
        for _ in 0..arity {
            let arg = self.types.var()?;
            ty = self.types.arrow(arg, ty)?;
        }
        Ok(ty)
    }

    /// A local `let () = e in ...`: OCaml 4.13 types a single binding whose
    /// pattern has a constructor as `match e with () -> ...`, so `e` first
    /// (its type generalised), then the pattern against it.
    fn let_unit(&mut self, b: &'r ast::Binding<'r>) -> R<()> {
        self.types.enter();
        let expected = self.fresh()?;
        let ty = self.expr(&b.body, expected)?;
        self.types.exit();
        if !nonexpansive(&b.body) {
            self.types.lower_contravariant(ty);
        }
        self.types.generalize(ty);
        let ty = self.types.instance(ty)?;
        self.pattern(&b.pattern, ty)
    }

    /// `let ... in body`, and the `let`s chained in its body.
    fn let_in(&mut self, mut e: &'r ast::Expr<'r>, expected: Expected<'r>) -> R<&'r Type<'r>> {
        let mark = self.scope.len();
        while let ExprKind::Let(l) = &e.kind {
            match l.bindings {
                [b] if !l.is_rec && matches!(b.pattern, Pattern::Unit(_)) => self.let_unit(b)?,
                _ => self.let_bindings(l.is_rec, l.bindings, VarKind::Let)?,
            }
            e = &l.body;
        }
        let ty = self.expr(e, expected)?;
        self.close_scope(mark);
        Ok(ty)
    }

    // ----- expressions ------------------------------------------------------

    /// Checks `e` against `expected` (OCaml's `type_expect`).
    #[inline]
    fn expr(&mut self, e: &'r ast::Expr<'r>, expected: Expected<'r>) -> R<&'r Type<'r>> {
        // The commonest leaves, as in `expr_inner`, without its call or a
        // stack check: they recurse no further.
        match &e.kind {
            ExprKind::Int(_) => return self.rue_base(Base::Int, e, expected),
            ExprKind::Var(var) => {
                let ty = self.lookup(*var, e.span)?;
                return self.rue(ty, e, expected);
            }
            _ => {}
        }
        if self.stack.has_room(RED_ZONE) {
            return self.expr_inner(e, expected);
        }
        self.expr_on_new_stack(e, expected)
    }

    /// [`Checker::expr`] near the end of the stack: grows it if needed.
    #[cold]
    #[inline(never)]
    fn expr_on_new_stack(
        &mut self,
        e: &'r ast::Expr<'r>,
        expected: Expected<'r>,
    ) -> R<&'r Type<'r>> {
        let saved = self.stack;
        let r = stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
            self.stack = StackLimit::here();
            self.expr_inner(e, expected)
        });
        self.stack = saved;
        r
    }

    fn expr_inner(&mut self, e: &'r ast::Expr<'r>, expected: Expected<'r>) -> R<&'r Type<'r>> {
        match &e.kind {
            ExprKind::Int(_) => self.rue_base(Base::Int, e, expected),
            ExprKind::Str(_) => self.rue_base(Base::String, e, expected),
            ExprKind::Bool(b) => {
                let name = if *b { "true" } else { "false" };
                self.construct(name, Base::Bool, e, expected)
            }
            ExprKind::Unit => self.construct("()", Base::Unit, e, expected),
            ExprKind::Error => Err(self.reached(e.span)),
            ExprKind::Var(var) => {
                let ty = self.lookup(*var, e.span)?;
                self.rue(ty, e, expected)
            }
            ExprKind::Unary(op, a) => {
                if is_constant(e) {
                    self.rue_base(Base::Int, e, expected)
                } else {
                    self.apply(e, Site::Prefix(*op, e.span), Args::One(a), expected)
                }
            }
            ExprKind::Binary(BinOp::Pipe | BinOp::AtAt, ..) => self.binary(e, expected),
            ExprKind::Binary(..) => self.binary_chain(e, expected),
            ExprKind::App(app) => match self.constructor(&app.func) {
                Some((name, base)) => self.constructor_applied(e, name, base, app, expected),
                None => self.apply(e, Site::Expr(&app.func), Args::Slice(app.args), expected),
            },
            ExprKind::Assert(a) => {
                let bool = self.predef(Base::Bool);
                self.expr(a, Expected::because(bool, Why::Assert))?;
                // `assert false` has any type.
                let ty = if matches!(a.kind, ExprKind::Bool(false)) {
                    self.types.instance(expected.ty)?
                } else {
                    self.base(Base::Unit)?
                };
                self.rue(ty, e, expected)
            }
            ExprKind::Seq(..) => self.seq(e, expected),
            ExprKind::If(_) => self.if_chain(e, expected),
            ExprKind::Let(_) => self.let_in(e, expected),
            ExprKind::Fun(f) => {
                let mark = self.scope.len();
                let ty = self.function(f.params, &f.body, expected, Written::Expr(e))?;
                self.close_scope(mark);
                Ok(ty)
            }
        }
    }

    /// Checks `e` against a fresh variable (at the current level). For an
    /// identifier, the variable is not made: unifying a type with a fresh
    /// variable only lowers its levels to the variable's (the occurs check
    /// cannot fail), and the variable would stand for the type, which is
    /// what is returned.
    fn expr_fresh(&mut self, e: &'r ast::Expr<'r>) -> R<&'r Type<'r>> {
        if let ExprKind::Var(var) = e.kind {
            let ty = self.lookup(var, e.span)?;
            self.types.lower_to_current(ty);
            return Ok(ty);
        }
        let expected = self.fresh()?;
        self.expr(e, expected)
    }

    /// Unifies an expression's type with the expected one (OCaml's `rue`).
    fn rue(
        &mut self,
        ty: &'r Type<'r>,
        e: &'r ast::Expr<'r>,
        expected: Expected<'r>,
    ) -> R<&'r Type<'r>> {
        self.unify_exp(ty, e, expected)?;
        Ok(ty)
    }

    /// [`Checker::rue`] for a new node of base type `b` at the current
    /// level (a literal's, a constructor's, an operator's result): when the
    /// expected type is (an instance of) a node of the same base type, the
    /// unification would only link the new node to it and lower its level,
    /// so the node is not made: the expected node stands for it (nothing
    /// else refers to the new node; every use of a type looks through
    /// links first).
    fn rue_base(
        &mut self,
        b: Base,
        e: &'r ast::Expr<'r>,
        expected: Expected<'r>,
    ) -> R<&'r Type<'r>> {
        let want = repr(expected.ty);
        if want.base() == Some(b) {
            if want.level() == types::GENERIC {
                // Its instance would be a new node like this one.
                return self.base(b);
            }
            self.types.lower_to_current(want);
            return Ok(want);
        }
        let ty = self.base(b)?;
        self.rue(ty, e, expected)
    }

    fn unify_exp(
        &mut self,
        ty: &'r Type<'r>,
        e: &'r ast::Expr<'r>,
        expected: Expected<'r>,
    ) -> R<()> {
        let want = self.types.instance(expected.ty)?;
        match self.types.unify(ty, want) {
            Ok(()) => Ok(()),
            Err(m) => Err(self.type_clash(&m, e, expected)),
        }
    }

    /// `true`, `false` or `()`: within `bool` or `unit` the constructor
    /// must be one of the type's (OCaml's `type_construct`).
    fn construct(
        &mut self,
        name: &str,
        base: Base,
        e: &'r ast::Expr<'r>,
        expected: Expected<'r>,
    ) -> R<&'r Type<'r>> {
        self.constructor_in_expected(name, base, e, expected)?;
        self.rue_base(base, e, expected)
    }

    /// The check of a constructor against a variant type expected; the
    /// error points at the constructor itself (without parentheses).
    fn constructor_in_expected(
        &mut self,
        name: &str,
        base: Base,
        e: &'r ast::Expr<'r>,
        expected: Expected<'r>,
    ) -> R<()> {
        match expected.ty.base() {
            Some(b @ (Base::Bool | Base::Unit)) if b != base => {
                let span = e.span;
                let mut message = format!(
                    "This variant expression is expected to have type {}",
                    b.name()
                );
                if let Some(why) = expected.why {
                    message.push('\n');
                    message.push_str(why.text());
                }
                message.push_str(&format!(
                    "\nThere is no constructor {name} within type {}",
                    b.name()
                ));
                let label = format!("this is of type {}", base.name());
                let d = self.with_origin(
                    Diagnostic::error(E_NO_SUCH_CONSTRUCTOR, message, span, label),
                    expected,
                    &mut Names::default(),
                );
                self.errors.push(d);
                Err(Stop)
            }
            _ => Ok(()),
        }
    }

    /// Whether `f` is a constructor OCaml's parser would apply to the next
    /// atom (`true x`, `() x`): one written without parentheses.
    fn constructor(&mut self, f: &'r ast::Expr<'r>) -> Option<(&'static str, Base)> {
        let (name, base) = match f.kind {
            ExprKind::Bool(true) => ("true", Base::Bool),
            ExprKind::Bool(false) => ("false", Base::Bool),
            ExprKind::Unit => ("()", Base::Unit),
            ExprKind::Int(..)
            | ExprKind::Str(..)
            | ExprKind::Var(..)
            | ExprKind::Unary(..)
            | ExprKind::Binary(..)
            | ExprKind::App(..)
            | ExprKind::Assert(..)
            | ExprKind::Seq(..)
            | ExprKind::If(..)
            | ExprKind::Let(..)
            | ExprKind::Fun(..)
            | ExprKind::Error => return None,
        };
        // `begin end` is not the constructor `()`.
        let written = self.src.as_bytes().get(f.span.start as usize) != Some(&b'b');
        (written && self.outer(f.span) == f.span).then_some((name, base))
    }

    /// A constructor applied to arguments: OCaml's parser makes the first
    /// one the constructor's argument, which these constructors do not take.
    fn constructor_applied(
        &mut self,
        e: &'r ast::Expr<'r>,
        name: &str,
        base: Base,
        app: &'r ast::App<'r>,
        expected: Expected<'r>,
    ) -> R<&'r Type<'r>> {
        let expected = if app.args.len() == 1 {
            expected
        } else {
            self.fresh()?
        };
        self.constructor_in_expected(name, base, &app.func, expected)?;
        let span = if app.args.len() == 1 {
            self.outer(e.span)
        } else {
            let start = self.outer(app.func.span).start;
            Span::new(start, self.outer(app.args[0].span).end)
        };
        let message = format!(
            "The constructor {name} expects 0 argument(s), but is applied here to 1 argument(s)"
        );
        self.errors.push(Diagnostic::error(
            E_CONSTRUCTOR_ARITY,
            message,
            span,
            format!("`{name}` takes no argument"),
        ));
        Err(Stop)
    }

    /// `fun p1 .. pn -> body` (and the `fun`s directly in its body) against
    /// `expected` (OCaml's `type_function`); `written` is the whole function.
    /// The parameters stay bound: the caller closes the scope.
    fn function(
        &mut self,
        params: &'r [Pattern<'r>],
        body: &'r ast::Expr<'r>,
        expected: Expected<'r>,
        written: Written<'r>,
    ) -> R<&'r Type<'r>> {
        let mut current = self.types.instance(expected.ty)?;
        let mut params = params;
        let mut body = body;
        let mut nth = 0;
        loop {
            for p in params {
                let Some((arg, res)) = self.types.filter_arrow(current)? else {
                    let span = match written {
                        Written::Expr(e) => self.outer(e.span),
                        Written::Span(span) => span,
                    };
                    return Err(self.not_a_function(nth, expected, span));
                };
                self.pattern(p, arg)?;
                current = res;
                nth += 1;
            }
            match &body.kind {
                ExprKind::Fun(f) => {
                    params = f.params;
                    body = &f.body;
                }
                ExprKind::Int(..)
                | ExprKind::Bool(..)
                | ExprKind::Str(..)
                | ExprKind::Unit
                | ExprKind::Var(..)
                | ExprKind::Unary(..)
                | ExprKind::Binary(..)
                | ExprKind::App(..)
                | ExprKind::Assert(..)
                | ExprKind::Seq(..)
                | ExprKind::If(..)
                | ExprKind::Let(..)
                | ExprKind::Error => break,
            }
        }
        self.expr(body, Expected::plain(current))?;
        Ok(expected.ty)
    }

    #[cold]
    fn not_a_function(&mut self, nth: usize, expected: Expected<'r>, span: Span) -> Stop {
        let mut names = Names::default();
        let ty = names.display(expected.ty);
        let (code, mut message, label) = if nth == 0 {
            (
                E_UNEXPECTED_FUNCTION,
                format!("This expression should not be a function, the expected type is {ty}"),
                "this is a function",
            )
        } else {
            (
                E_TOO_MANY_PARAMETERS,
                format!("This function expects too many arguments, it should have type {ty}"),
                "this function has too many parameters",
            )
        };
        // The explanation is the first `fun`'s; the next ones have none.
        if let (0, Some(why)) = (nth, expected.why) {
            message.push('\n');
            message.push_str(why.text());
        }
        let d = self.with_origin(
            Diagnostic::error(code, message, span, label),
            expected,
            &mut names,
        );
        self.errors.push(d);
        Stop
    }

    /// Binds a parameter pattern of type `ty`.
    fn pattern(&mut self, p: &Pattern<'r>, ty: &'r Type<'r>) -> R<()> {
        match *p {
            Pattern::Var(id) => self.bind(&id, ty, VarKind::Param, NO_SLOT),
            Pattern::Wildcard(_) => Ok(()),
            Pattern::Unit(span) => match ty.base() {
                Some(Base::Bool) => {
                    let message = "This variant pattern is expected to have type bool\nThere is no constructor () within type bool";
                    self.errors.push(Diagnostic::error(
                        E_NO_SUCH_CONSTRUCTOR,
                        message,
                        span,
                        "this is of type unit",
                    ));
                    Err(Stop)
                }
                _ => {
                    let unit = self.base(Base::Unit)?;
                    if let Err(m) = self.types.unify(unit, ty) {
                        let mut names = Names::default();
                        let mut message = format!(
                            "This pattern matches values of type {}\nbut a pattern was expected which matches values of type {}",
                            names.display(m.trace[0].0),
                            names.display(m.trace[0].1)
                        );
                        trace_lines(&self.types, &mut message, &m, &mut names);
                        self.errors.push(Diagnostic::error(
                            E_PATTERN_MISMATCH,
                            message,
                            span,
                            "this pattern is of type unit",
                        ));
                        return Err(Stop);
                    }
                    Ok(())
                }
            },
        }
    }

    /// `a; b; ...`: each statement, then the last expression.
    fn seq(&mut self, mut e: &'r ast::Expr<'r>, expected: Expected<'r>) -> R<&'r Type<'r>> {
        while let ExprKind::Seq(a, b) = &e.kind {
            self.statement(a)?;
            e = b;
        }
        self.expr(e, expected)
    }

    /// The left of `;` (OCaml's `type_statement`): any type, with warnings.
    fn statement(&mut self, a: &'r ast::Expr<'r>) -> R<()> {
        self.types.enter();
        let expected = self.fresh()?;
        let ty = self.expr(a, expected)?;
        self.types.exit();
        let t = repr(ty);
        if matches!(t.node(), Node::Var) && t.level() > self.types.level() {
            let span = self.outer(final_subexpression(a).span);
            self.warnings.push(
                Diagnostic::warning(
                    W_NONRETURNING_STATEMENT,
                    "this statement never returns (or has an unsound type.)",
                    span,
                    "this never returns",
                )
                .with_help("OCaml's warning 21 [nonreturning-statement]"),
            );
        }
        self.partial_application(true, a, ty);
        self.types.lower_to_current(ty);
        Ok(())
    }

    /// OCaml's `check_partial_application`: warning 5 for an application
    /// whose function result is dropped, warning 10 for a statement that is
    /// not unit; decided at the end if the type is still unknown.
    fn partial_application(&mut self, statement: bool, e: &'r ast::Expr<'r>, ty: &'r Type<'r>) {
        if ty.is_var() {
            self.delayed.push(Delayed { statement, e, ty });
        } else {
            self.partial_application_now(statement, e, ty);
        }
    }

    fn partial_application_now(&mut self, statement: bool, e: &'r ast::Expr<'r>, ty: &'r Type<'r>) {
        match repr(ty).node() {
            Node::Var => {}
            Node::Arrow(..) => self.check_function_statement(statement, e, e),
            Node::Base(Base::Unit) => {}
            _ => self.non_unit_statement(statement, e),
        }
    }

    /// A statement of function type: which parts are partial applications.
    fn check_function_statement(
        &mut self,
        statement: bool,
        top: &'r ast::Expr<'r>,
        e: &'r ast::Expr<'r>,
    ) {
        let mut e = e;
        loop {
            match &e.kind {
                ExprKind::If(i) => match &i.else_branch {
                    Some(b) => {
                        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
                            self.check_function_statement(statement, top, &i.then_branch);
                        });
                        e = b;
                    }
                    None => return self.non_unit_statement(statement, top),
                },
                ExprKind::Let(l) => e = &l.body,
                ExprKind::Seq(_, b) => e = b,
                ExprKind::App(_) | ExprKind::Binary(..) => return self.partial_warning(e),
                ExprKind::Unary(..) if !is_constant(e) => return self.partial_warning(e),
                ExprKind::Error => return,
                ExprKind::Int(..)
                | ExprKind::Bool(..)
                | ExprKind::Str(..)
                | ExprKind::Unit
                | ExprKind::Var(..)
                | ExprKind::Unary(..)
                | ExprKind::Assert(..)
                | ExprKind::Fun(..) => return self.non_unit_statement(statement, top),
            }
        }
    }

    fn partial_warning(&mut self, e: &'r ast::Expr<'r>) {
        let span = self.outer(e.span);
        self.warnings.push(
            Diagnostic::warning(
                W_PARTIAL_APPLICATION,
                "this function application is partial, maybe some arguments are missing.",
                span,
                "its result is a function",
            )
            .with_help("OCaml's warning 5 [ignored-partial-application]"),
        );
    }

    fn non_unit_statement(&mut self, statement: bool, e: &'r ast::Expr<'r>) {
        if !statement {
            return;
        }
        let mut e = e;
        loop {
            match &e.kind {
                ExprKind::Let(l) => e = &l.body,
                ExprKind::Seq(_, b) => e = b,
                ExprKind::Int(..)
                | ExprKind::Bool(..)
                | ExprKind::Str(..)
                | ExprKind::Unit
                | ExprKind::Var(..)
                | ExprKind::Unary(..)
                | ExprKind::Binary(..)
                | ExprKind::App(..)
                | ExprKind::Assert(..)
                | ExprKind::If(..)
                | ExprKind::Fun(..)
                | ExprKind::Error => break,
            }
        }
        let span = self.outer(e.span);
        self.warnings.push(
            Diagnostic::warning(
                W_NON_UNIT_STATEMENT,
                "this expression should have type unit.",
                span,
                "its value is discarded",
            )
            .with_help("OCaml's warning 10 [non-unit-statement]; write `ignore (...)` or `let _ = ...` to discard a value"),
        );
    }

    /// `if c then a [else b]`, and the `if`s chained in its `else` branch.
    fn if_chain(
        &mut self,
        mut e: &'r ast::Expr<'r>,
        mut expected: Expected<'r>,
    ) -> R<&'r Type<'r>> {
        loop {
            let ExprKind::If(i) = &e.kind else {
                return self.expr(e, expected);
            };
            let bool = self.predef(Base::Bool);
            self.expr(&i.cond, Expected::because(bool, Why::IfCondition))?;
            match &i.else_branch {
                None => {
                    let unit = self.predef(Base::Unit);
                    let ty = self.expr(&i.then_branch, Expected::because(unit, Why::IfNoElse))?;
                    return self.rue(ty, e, expected);
                }
                Some(b) => {
                    let unknown = expected.ty.is_var();
                    self.expr(&i.then_branch, expected)?;
                    if unknown && expected.origin.is_none() {
                        expected.origin = Some(Origin::Branch(&i.then_branch));
                    }
                    e = b;
                }
            }
        }
    }

    // ----- applications -----------------------------------------------------

    /// `x |> f` (when `f` is "inferred") and `f @@ x` are checked as `f x`;
    /// other uses of these operators as ordinary applications.
    fn binary(&mut self, e: &'r ast::Expr<'r>, expected: Expected<'r>) -> R<&'r Type<'r>> {
        let ExprKind::Binary(op, l, r, at) = &e.kind else {
            unreachable!("called on a binary operator")
        };
        self.apply(e, Site::Infix(*op, *at), Args::Two(l, r), expected)
    }

    /// A left-nested chain of infix operators (`1 + 2 + ... + n`), in a
    /// loop: each operator as an application of its function to both
    /// operands, with OCaml's levels and order.
    ///
    /// OCaml instantiates the operator's type one level deeper, lowers its
    /// argument types (`lower_args`), checks the operands against them one
    /// level deeper again, lowers the whole type and unifies its result with
    /// the expected type. The arrows of that type are reached by nothing
    /// else (the type is no expression's), and its result by nothing until
    /// that last unification: only the argument types are made first, at
    /// the level they are lowered to, and the result when it is unified
    /// (at the level it is lowered to); the arrows are made only to be
    /// shown in a message ([`Checker::operator_shown`]).
    fn binary_chain(&mut self, e: &'r ast::Expr<'r>, expected: Expected<'r>) -> R<&'r Type<'r>> {
        let base = self.frames.len();
        let mut cur = e;
        let mut cur_expected = expected;
        while let ExprKind::Binary(op, lhs, rhs, at) = &cur.kind {
            if matches!(op, BinOp::Pipe | BinOp::AtAt) {
                break;
            }
            let (lhs_ty, rhs_ty) = self.operand_types(*op)?;
            self.types.enter();
            self.frames
                .try_push(Frame {
                    e: cur,
                    op: *op,
                    at: *at,
                    rhs,
                    lhs_ty,
                    rhs_ty,
                    expected: cur_expected,
                })
                .map_err(|_| self.types.note_out_of_memory())?;
            cur_expected = Expected {
                ty: lhs_ty,
                why: None,
                origin: Some(Origin::Operator(*op, *at, lhs_ty)),
            };
            cur = lhs;
        }
        let mut ty = self.argument(cur, cur_expected, true)?;
        while self.frames.len() > base {
            let f = self.frames.pop().expect("len > base");
            let rhs_expected = Expected {
                ty: f.rhs_ty,
                why: None,
                origin: Some(Origin::Operator(f.op, f.at, f.lhs_ty)),
            };
            self.argument(f.rhs, rhs_expected, true)?;
            self.types.exit();
            self.types.lower_to_current(f.lhs_ty);
            self.types.lower_to_current(f.rhs_ty);
            ty = self.rue_base(operator_signature(f.op).1, f.e, f.expected)?;
        }
        Ok(ty)
    }

    /// The argument types of an infix operator's type (not `|>`, `@@`),
    /// fresh, at the current level: `int` and `int` for `+`, `'a` and `'a`
    /// (one variable) for `=`.
    fn operand_types(&mut self, op: BinOp) -> R<(&'r Type<'r>, &'r Type<'r>)> {
        match operator_signature(op).0 {
            Some(b) => Ok((self.base(b)?, self.base(b)?)),
            None => {
                let a = self.types.var()?;
                Ok((a, a))
            }
        }
    }

    /// The type of the operator of a chain, as a message shows it: its
    /// argument types as they are now, its result as it was made (it is
    /// unified only after the operands are checked). `lhs_ty` is the
    /// operand type of [`Checker::operand_types`] the operator's `'a` is.
    fn operator_shown(&mut self, op: BinOp, lhs_ty: &'r Type<'r>) -> R<&'r Type<'r>> {
        let (operand, result) = operator_signature(op);
        if operand.is_some() {
            // Fresh `int -> int -> int` and the like: base types show as
            // their names, however they have been unified.
            return self.operator_type(op);
        }
        let result = self.base(result)?;
        let rest = self.types.arrow(lhs_ty, result)?;
        Ok(self.types.arrow(lhs_ty, rest)?)
    }

    /// OCaml's `lower_args`: the argument types of a function just checked
    /// go to the current level (its result type does not).
    fn lower_args(&mut self, fun_ty: &'r Type<'r>) {
        let mut t = fun_ty;
        while let Some((a, r)) = t.arrow() {
            self.types.lower_to_current(a);
            t = r;
        }
    }

    /// The application of `site` to `args` (OCaml's `Pexp_apply` and
    /// `type_application`), the whole being `e`.
    fn apply(
        &mut self,
        e: &'r ast::Expr<'r>,
        site: Site<'r>,
        args: Args<'r>,
        expected: Expected<'r>,
    ) -> R<&'r Type<'r>> {
        let (site, args) = match (self.operator(site), args.len()) {
            (Some(BinOp::Pipe), 2) if self.is_inferred(args.get(1)) => {
                (Site::Expr(args.get(1)), Args::One(args.get(0)))
            }
            (Some(BinOp::AtAt), 2) => (Site::Expr(args.get(0)), Args::One(args.get(1))),
            _ => (site, args),
        };
        self.types.enter();
        let fun_ty = match site {
            Site::Expr(f) => self.expr_fresh(f)?,
            Site::Infix(op, _) => self.operator_type(op)?,
            Site::Prefix(..) => {
                let int = self.base(Base::Int)?;
                let res = self.base(Base::Int)?;
                self.types.arrow(int, res)?
            }
        };
        self.types.exit();
        self.lower_args(fun_ty);
        self.types.enter();
        let is_ignore = match site {
            Site::Expr(ast::Expr {
                kind: ExprKind::Var(var),
                ..
            }) => var.name() == "ignore" && matches!(self.referent(*var), Referent::Builtin(_)),
            _ => false,
        };
        let result = if is_ignore && args.len() == 1 {
            // OCaml checks the argument of `ignore` for partial application.
            let (arg_ty, res) = self
                .types
                .filter_arrow(fun_ty)?
                .expect("ignore is a function");
            let a = args.get(0);
            let ty = self.expr(
                a,
                Expected {
                    ty: arg_ty,
                    why: None,
                    origin: Some(Origin::Argument(site, fun_ty)),
                },
            )?;
            self.partial_application(false, a, ty);
            res
        } else {
            self.application(site, fun_ty, args)?
        };
        self.types.exit();
        self.types.lower_to_current(fun_ty);
        self.rue(result, e, expected)
    }

    /// The operator a site names, if it is one.
    fn operator(&self, site: Site<'r>) -> Option<BinOp> {
        match site {
            Site::Infix(op, _) => Some(op),
            // Operator names start with a symbol: `(|>)`, `(@@)`.
            Site::Expr(ast::Expr {
                kind: ExprKind::Var(var),
                ..
            }) if !var
                .name()
                .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') =>
            {
                match self.referent(*var) {
                    Referent::Builtin(Builtin::Op(op)) => Some(op),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Matches the function's type against the arguments, then checks them
    /// in order; returns the result type.
    fn application(
        &mut self,
        site: Site<'r>,
        fun_ty: &'r Type<'r>,
        args: Args<'r>,
    ) -> R<&'r Type<'r>> {
        let base = self.arg_types.len();
        let n = args.len();
        let mut ty = fun_ty;
        let mut i = 0;
        // A known function: the arrows of its definition.
        while i < n {
            let Some((a, r)) = Types::known_arrow(ty) else {
                break;
            };
            if self.arg_types.try_push((a, true)).is_err() {
                return Err(self.full());
            }
            ty = r;
            i += 1;
        }
        // The rest: whatever the type says, or made up if it is unknown.
        while i < n {
            let t = repr(ty);
            match t.node() {
                Node::Var => {
                    let a = self.types.var()?;
                    let r = self.types.var()?;
                    let arrow = self.types.arrow_unknown(a, r)?;
                    // A fresh arrow never contains the variable.
                    let _ = self.types.unify(t, arrow);
                    if self.arg_types.try_push((a, false)).is_err() {
                        return Err(self.full());
                    }
                    ty = r;
                }
                Node::Arrow(a, r, _) => {
                    if self.arg_types.try_push((a, false)).is_err() {
                        return Err(self.full());
                    }
                    ty = r;
                }
                _ => {
                    self.arg_types.truncate(base);
                    return Err(self.apply_non_function(site, fun_ty));
                }
            }
            i += 1;
        }
        for j in 0..n {
            let (arg_ty, known) = self.arg_types[base + j];
            let expected = Expected {
                ty: arg_ty,
                why: None,
                origin: Some(Origin::Argument(site, fun_ty)),
            };
            self.argument(args.get(j), expected, known)?;
        }
        self.arg_types.truncate(base);
        Ok(ty)
    }

    /// An argument (OCaml's `type_argument` for a known function): if a
    /// function is expected and the argument's type can be inferred on its
    /// own, it is checked alone and then unified with the expected type.
    fn argument(
        &mut self,
        a: &'r ast::Expr<'r>,
        expected: Expected<'r>,
        known: bool,
    ) -> R<&'r Type<'r>> {
        if known && expected.ty.arrow().is_some() && self.is_inferred(a) {
            let ty = self.expr_fresh(a)?;
            self.unify_exp(ty, a, expected)?;
            Ok(ty)
        } else {
            self.expr(a, expected)
        }
    }

    #[cold]
    fn apply_non_function(&mut self, site: Site<'r>, fun_ty: &'r Type<'r>) -> Stop {
        let span = self.site_span(site);
        let mut names = Names::default();
        let shown = names.display(fun_ty);
        let d = if fun_ty.arrow().is_some() {
            Diagnostic::error(
                E_TOO_MANY_ARGUMENTS,
                format!(
                    "This function has type {shown}\nIt is applied to too many arguments; maybe you forgot a `;'."
                ),
                span,
                format!(
                    "this function takes {} argument{}",
                    arity(fun_ty),
                    if arity(fun_ty) == 1 { "" } else { "s" }
                ),
            )
        } else {
            Diagnostic::error(
                E_NOT_A_FUNCTION,
                format!(
                    "This expression has type {shown}\nThis is not a function; it cannot be applied."
                ),
                span,
                "this is not a function",
            )
        };
        self.errors.push(d);
        Stop
    }

    /// OCaml's `is_inferred`: an expression whose type OCaml infers on its
    /// own before unifying it with the expected one (an identifier, an
    /// application, ...).
    fn is_inferred(&mut self, e: &'r ast::Expr<'r>) -> bool {
        let mut e = e;
        loop {
            match &e.kind {
                ExprKind::Var(_) | ExprKind::Binary(..) => return true,
                // `true x` is a constructor with an argument, not an application.
                ExprKind::App(app) => return self.constructor(&app.func).is_none(),
                ExprKind::Unary(..) => return !is_constant(e),
                ExprKind::Seq(_, b) => e = b,
                ExprKind::If(i) => match &i.else_branch {
                    Some(b) => {
                        let then_inferred = stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
                            self.is_inferred(&i.then_branch)
                        });
                        if !then_inferred {
                            return false;
                        }
                        e = b;
                    }
                    None => return false,
                },
                ExprKind::Int(..)
                | ExprKind::Bool(..)
                | ExprKind::Str(..)
                | ExprKind::Unit
                | ExprKind::Assert(..)
                | ExprKind::Let(..)
                | ExprKind::Fun(..)
                | ExprKind::Error => return false,
            }
        }
    }

    // ----- diagnostics ------------------------------------------------------

    /// A type clash of expression `e` with what `expected` says.
    #[cold]
    fn type_clash(
        &mut self,
        m: &Mismatch<'r>,
        e: &'r ast::Expr<'r>,
        expected: Expected<'r>,
    ) -> Stop {
        let span = self.outer(e.span);
        let mut names = Names::default();
        let (got, want) = m.trace[0];
        let got = names.display(got);
        let want = names.display(want);
        let mut message =
            format!("This expression has type {got} but an expression was expected of type {want}");
        if let Some(why) = expected.why {
            message.push('\n');
            message.push_str(why.text());
        }
        trace_lines(&self.types, &mut message, m, &mut names);
        let d = Diagnostic::error(
            E_TYPE_MISMATCH,
            message,
            span,
            format!("this has type {got}"),
        );
        let d = self.with_origin(d, expected, &mut names);
        self.errors.push(d);
        Stop
    }

    /// Adds the label saying where the expected type comes from.
    fn with_origin(
        &mut self,
        d: Diagnostic,
        expected: Expected<'r>,
        names: &mut Names,
    ) -> Diagnostic {
        match expected.origin {
            None => d,
            Some(Origin::Argument(site, fun_ty)) => {
                let span = self.site_span(site);
                let what = match site {
                    Site::Expr(_) => "this function".to_owned(),
                    Site::Infix(op, _) => format!("the operator `{}`", op.as_str()),
                    Site::Prefix(op, _) => format!("the operator `{}`", op.as_str()),
                };
                d.with_label(span, format!("{what} has type {}", names.display(fun_ty)))
            }
            Some(Origin::Operator(op, at, lhs_ty)) => {
                let span = self.site_span(Site::Infix(op, at));
                // Out of memory: no label (the limit is reported instead).
                match self.operator_shown(op, lhs_ty) {
                    Ok(fun_ty) => d.with_label(
                        span,
                        format!(
                            "the operator `{}` has type {}",
                            op.as_str(),
                            names.display(fun_ty)
                        ),
                    ),
                    Err(Stop) => d,
                }
            }
            Some(Origin::Branch(branch)) => d.with_label(
                self.outer(branch.span),
                format!("the first branch has type {}", names.display(expected.ty)),
            ),
            Some(Origin::UnitPattern(span)) => d.with_label(span, "this pattern has type unit"),
        }
    }

    /// Where a function is written; for an operator, the operator itself.
    fn site_span(&self, site: Site<'r>) -> Span {
        match site {
            Site::Expr(f) => self.outer(f.span),
            Site::Infix(op, at) => Span::new(at, at + op.as_str().len() as u32),
            Site::Prefix(op, span) => Span::new(span.start, span.start + op.as_str().len() as u32),
        }
    }

    /// The location OCaml gives the expression at `span`: with the
    /// parentheses (or `begin` ... `end`) around it.
    fn outer(&self, span: Span) -> Span {
        self.locations.outer(span)
    }
}

/// What OCaml prints after "This expression has type ... but ...": the
/// explanation of the innermost element of the trace that has one (the
/// occurs check; a hint about `()` for the innermost pair, then the
/// outermost one), or else "Type A is not compatible with type B" for a
/// clash below the top (the innermost pair only).
fn trace_lines<'r>(types: &Types<'r>, message: &mut String, m: &Mismatch<'r>, names: &mut Names) {
    if let Some((var, ty)) = m.occurs {
        if var.is_var() {
            // OCaml prints both types of this line with fresh names.
            let mut fresh = Names::default();
            let var = fresh.display(var);
            fresh.reset();
            let ty = fresh.display(ty);
            message.push_str(&format!("\nThe type variable {var} occurs inside {ty}"));
        }
        // Otherwise (a type that would contain itself) OCaml says nothing more.
        return;
    }
    let innermost = m.trace.last().expect("a trace is never empty");
    let outermost = m.trace[0];
    let pairs = if m.trace.len() > 1 {
        vec![*innermost, outermost]
    } else {
        vec![outermost]
    };
    for (got, expected) in pairs {
        if let Some((arg, res)) = got.arrow() {
            if arg.base() == Some(Base::Unit) && types.unifiable(res, expected) {
                message.push_str("\nHint: Did you forget to provide `()' as argument?");
                return;
            }
        }
        if let Some((arg, res)) = expected.arrow() {
            if arg.base() == Some(Base::Unit) && types.unifiable(got, res) {
                message
                    .push_str("\nHint: Did you forget to wrap the expression using `fun () ->'?");
                return;
            }
        }
    }
    if m.trace.len() > 1 {
        let &(a, b) = innermost;
        let a = names.display(a);
        let b = names.display(b);
        message.push_str(&format!("\nType {a} is not compatible with type {b}"));
    }
}

/// The number of arrows of a function type.
fn arity<'r>(ty: &'r Type<'r>) -> usize {
    let mut n = 0;
    let mut t = ty;
    while let Some((_, r)) = t.arrow() {
        n += 1;
        t = r;
    }
    n
}

/// Whether `e` is an integer constant for OCaml: a literal under any number
/// of prefix `-` and `+` (the parser folds them).
fn is_constant(e: &ast::Expr<'_>) -> bool {
    let mut e = e;
    loop {
        match &e.kind {
            ExprKind::Unary(_, a) => e = a,
            ExprKind::Int(_) => return true,
            ExprKind::Bool(..)
            | ExprKind::Str(..)
            | ExprKind::Unit
            | ExprKind::Var(..)
            | ExprKind::Binary(..)
            | ExprKind::App(..)
            | ExprKind::Assert(..)
            | ExprKind::Seq(..)
            | ExprKind::If(..)
            | ExprKind::Let(..)
            | ExprKind::Fun(..)
            | ExprKind::Error => return false,
        }
    }
}

/// OCaml's `is_nonexpansive`: evaluating `e` has no effect and creates no
/// closure over a fresh variable, so its type can be generalised.
fn nonexpansive(e: &ast::Expr<'_>) -> bool {
    let mut e = e;
    loop {
        match &e.kind {
            ExprKind::Int(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::Unit
            | ExprKind::Var(_)
            | ExprKind::Fun(_)
            | ExprKind::Error => return true,
            ExprKind::Unary(..) => return is_constant(e),
            ExprKind::App(_) | ExprKind::Binary(..) | ExprKind::Assert(_) => return false,
            ExprKind::Seq(_, b) => e = b,
            ExprKind::If(i) => {
                if !stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || nonexpansive(&i.then_branch)) {
                    return false;
                }
                match &i.else_branch {
                    Some(b) => e = b,
                    None => return true,
                }
            }
            ExprKind::Let(l) => {
                let bindings_ok = l.bindings.iter().all(|b| {
                    !b.params.is_empty()
                        || stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || nonexpansive(&b.body))
                });
                if !bindings_ok {
                    return false;
                }
                e = &l.body;
            }
        }
    }
}

/// OCaml's `final_subexpression`: where a statement's value comes from.
fn final_subexpression<'a, 'r>(e: &'a ast::Expr<'r>) -> &'a ast::Expr<'r> {
    let mut e = e;
    loop {
        match &e.kind {
            ExprKind::Let(l) => e = &l.body,
            ExprKind::Seq(_, b) => e = b,
            ExprKind::If(i) => e = &i.then_branch,
            ExprKind::Int(..)
            | ExprKind::Bool(..)
            | ExprKind::Str(..)
            | ExprKind::Unit
            | ExprKind::Var(..)
            | ExprKind::Unary(..)
            | ExprKind::Binary(..)
            | ExprKind::App(..)
            | ExprKind::Assert(..)
            | ExprKind::Fun(..)
            | ExprKind::Error => return e,
        }
    }
}

/// The type of an infix operator other than `|>` and `@@`, as `operand ->
/// operand -> result`: the operand type, or `None` for a comparison's `'a`,
/// and the result type (from the operator table, read once at compile time).
#[inline]
fn operator_signature(op: BinOp) -> (Option<Base>, Base) {
    OPERATOR_SIGNATURES[op as usize].expect("`|>` and `@@` are polymorphic functions")
}

/// [`operator_signature`] of each operator, in the order of [`BinOp::ALL`].
const OPERATOR_SIGNATURES: [Option<(Option<Base>, Base)>; BinOp::ALL.len()] = {
    const fn base(t: Ty) -> Option<Base> {
        match t {
            Ty::Int => Some(Base::Int),
            Ty::Bool => Some(Base::Bool),
            Ty::Str => Some(Base::String),
            Ty::Unit => Some(Base::Unit),
            Ty::A | Ty::B | Ty::Fn(..) => None,
        }
    }
    let mut table = [None; BinOp::ALL.len()];
    let mut i = 0;
    while i < table.len() {
        table[i] = match *BinOp::ALL[i].signature() {
            [Ty::A, Ty::A, result] => match base(result) {
                Some(result) => Some((None, result)),
                None => None,
            },
            [l, r, result] => match (base(l), base(r), base(result)) {
                (Some(l), Some(r), Some(result)) if l as u8 == r as u8 => Some((Some(l), result)),
                _ => None,
            },
            _ => None,
        };
        i += 1;
    }
    table
};
