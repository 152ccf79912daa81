//! Name resolution: lowers the AST to the [`ir`] in the same
//! region, with every name turned into a frame slot, a captured value, a
//! global or a built-in, and reports unbound names and malformed `let rec`s.
//!
//! Sugar goes away here (`let f x y = e`, `fun x -> fun y -> e`, `|>`, `@@`,
//! nested applications), tail positions are marked, and common shapes get
//! specialised nodes (see [`ir::ExprKind`]).

use std::cell::Cell;

use region::Region;

use crate::diagnostics::{Code, Diagnostic};
use crate::runtime::builtins::{self, Builtin};
use crate::sema::ir::{self, ArithOp, Bind, Expr, ExprKind, FuncId, GlobalId, Group, Slot, VarRef};
use crate::sema::types::{Name, NameMap, RVec, Scopes, StackLimit, TryPush, builtin_names};
use crate::syntax::ast::{self, BinOp, Pattern, Span, UnOp};
use crate::syntax::operator::Semantics;

/// Stack kept free before the recursion on nested expressions grows it.
const RED_ZONE: usize = 64 * 1024;
/// Size of each stack segment allocated for deep expressions.
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// Error code: a name that is not bound.
pub const E_UNBOUND_VALUE: Code = Code::E0301;
/// Error code: a qualified name whose module does not exist.
pub const E_UNBOUND_MODULE: Code = Code::E0302;
/// Error code: `let rec` whose right-hand side is not a function.
pub const E_LET_REC_NOT_FUNCTION: Code = Code::E0303;
/// Error code: `let rec` whose left-hand side is not a variable.
pub const E_LET_REC_NOT_VARIABLE: Code = Code::E0304;
/// Error code: one name bound twice by the same `let ... and ...`.
pub const E_BOUND_TWICE: Code = Code::E0305;

/// What a use of a name refers to, by [`ast::VarUse::id`]: written once, by
/// the resolver, and read by the checker (no second scope table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Referent {
    /// No binding and no built-in (reported), or a use resolution never
    /// reached.
    Unbound,
    /// The binding with this [`ast::Ident::id`].
    Binding(u32),
    /// A built-in function.
    Builtin(Builtin),
    /// `max_int` or `min_int`.
    IntConstant,
}

/// A [`Referent`] in 4 bytes (the table holds one per use of a name):
/// a binding id, or one of the values at the top of the range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Packed(u32);

impl Packed {
    const UNBOUND: u32 = u32::MAX;
    const INT_CONSTANT: u32 = u32::MAX - 1;
    /// Built-in `k` is `BUILTINS + k`; binding ids stay below.
    const BUILTINS: u32 = u32::MAX - 1 - 512;

    fn new(referent: Referent) -> Packed {
        Packed(match referent {
            Referent::Unbound => Self::UNBOUND,
            Referent::IntConstant => Self::INT_CONSTANT,
            Referent::Builtin(b) => Self::BUILTINS + b.index() as u32,
            // Fewer bindings than bytes of source, and a source is smaller
            // than 4 GiB: an id at the top of the range cannot occur.
            Referent::Binding(id) if id < Self::BUILTINS => id,
            Referent::Binding(_) => Self::UNBOUND,
        })
    }

    pub(crate) fn get(self) -> Referent {
        match self.0 {
            Self::UNBOUND => Referent::Unbound,
            Self::INT_CONSTANT => Referent::IntConstant,
            k if k >= Self::BUILTINS => Builtin::every()
                .nth((k - Self::BUILTINS) as usize)
                .map_or(Referent::Unbound, Referent::Builtin),
            id => Referent::Binding(id),
        }
    }
}

/// The result of name resolution: the IR (or the errors), and what every
/// use of a name refers to ([`check`](crate::sema::check) reads it).
#[derive(Debug)]
pub struct Resolution<'r> {
    /// The IR when no name is in error, else the diagnostics.
    result: Result<ir::Program<'r>, Vec<Diagnostic>>,
    /// Per [`ast::VarUse::id`].
    referents: &'r [Packed],
}

impl<'r> Resolution<'r> {
    /// Whether the program resolved without error.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }

    /// The IR, or every error found.
    ///
    /// # Errors
    ///
    /// The diagnostics of unbound names, malformed `let rec`s, names bound
    /// twice, or a region limit reached.
    pub fn into_result(self) -> Result<ir::Program<'r>, Vec<Diagnostic>> {
        self.result
    }

    /// What each use of a name refers to, by [`ast::VarUse::id`].
    pub(crate) fn referents(&self) -> &'r [Packed] {
        self.referents
    }
}

/// Resolves a parsed program. Every problem is reported, not only the first;
/// the IR is returned only when there is none.
///
/// Deeply nested input is fine: the recursion grows its stack on demand.
///
/// The IR goes into `region`; should its
/// [`limit`](region::RegionBuilder::limit) be reached, resolution stops
/// descending and the result is one
/// [`E_MEMORY_LIMIT`](crate::diagnostics::E_MEMORY_LIMIT) diagnostic (with
/// the errors found so far): allocation never panics.
pub fn resolve<'r>(program: &ast::Program<'r>, region: &'r Region) -> Resolution<'r> {
    match Resolver::new(program, region) {
        Ok(mut r) => {
            let result = r.program(program);
            Resolution {
                result,
                referents: r.referents.leak(),
            }
        }
        Err(failed) => failed,
    }
}

/// [`resolve`] without the lowering, for callers that only check the
/// program (`--check`, `-i`): what every use of a name refers to and the
/// same diagnostics, in the same order, but an empty IR (no items, no
/// functions) even when the program resolves. It skips the frames,
/// captures and IR nodes, a third of the cost of [`resolve`] and most of
/// its memory.
pub fn resolve_names<'r>(program: &ast::Program<'r>, region: &'r Region) -> Resolution<'r> {
    match Resolver::new(program, region) {
        Ok(mut r) => {
            let result = r.names_program(program);
            Resolution {
                result,
                referents: r.referents.leak(),
            }
        }
        Err(failed) => failed,
    }
}

impl<'r> Resolver<'r> {
    /// A resolver for `program`, or the failed resolution if the region
    /// has no room for its tables.
    fn new(program: &ast::Program<'r>, region: &'r Region) -> Result<Self, Resolution<'r>> {
        let out_of_memory = || {
            Err(vec![Diagnostic::memory_limit(
                Span::default(),
                "the resolved program",
            )])
        };
        let mut referents = RVec::new_in(region);
        let uses = program.counts.uses as usize;
        if referents.try_reserve_exact(uses).is_err() {
            return Err(Resolution {
                result: out_of_memory(),
                referents: &[],
            });
        }
        referents.resize(uses, Packed::new(Referent::Unbound));
        let Ok(names) = Scopes::new(region, program.counts.symbols) else {
            return Err(Resolution {
                result: out_of_memory(),
                referents: referents.leak(),
            });
        };
        let mut fns = RVec::new_in(region);
        if fns.try_push(FnCtx::new(0, NO_ENV, None, None)).is_err() {
            return Err(Resolution {
                result: out_of_memory(),
                referents: referents.leak(),
            });
        }
        Ok(Resolver {
            region,
            diags: Vec::new(),
            names,
            referents,
            locations: program.locations,
            builtins: builtin_names(region),
            stack: StackLimit::here(),
            fns,
            envs: RVec::new_in(region),
            funcs: RVec::new_in(region),
            strings: RVec::new_in(region),
            n_globals: 0,
            next_uid: 0,
            failed_at: Cell::new(None),
            segments: Vec::new(),
        })
    }
}

impl<'r> Resolver<'r> {
    /// Resolves every item of `program`.
    fn program(&mut self, program: &ast::Program<'r>) -> Result<ir::Program<'r>, Vec<Diagnostic>> {
        let region = self.region;
        if self.builtins.is_empty() {
            self.out_of_memory(Span::default());
        }
        let mut items = RVec::new_in(region);
        if items.try_reserve_exact(program.items.len()).is_err() {
            self.out_of_memory(Span::default());
        }
        for item in program.items {
            if let Some(e) = self.item(item) {
                if items.try_push(e).is_err() {
                    self.out_of_memory(e.span);
                }
            }
            self.fns[0].next_slot = 1;
        }
        if let Some(span) = self.failed_at.get() {
            self.diags
                .push(Diagnostic::memory_limit(span, "the resolved program"));
        }
        if !self.diags.is_empty() {
            self.diags.sort_by_key(|d| d.primary.span.start);
            return Err(std::mem::take(&mut self.diags));
        }
        let funcs = match region.try_alloc_slice_fill_iter(
            self.funcs
                .iter()
                .map(|f| f.expect("every function is finished before the program")),
        ) {
            Ok(funcs) => &*funcs,
            Err(_) => {
                self.out_of_memory(Span::default());
                &[]
            }
        };
        let program = ir::Program {
            items: std::mem::replace(&mut items, RVec::new_in(region)).leak(),
            frame_size: self.fns[0].max_slot,
            n_globals: self.n_globals,
            funcs,
            strings: std::mem::replace(&mut self.strings, RVec::new_in(region)).leak(),
        };
        match self.failed_at.get() {
            Some(span) => Err(vec![Diagnostic::memory_limit(span, "the resolved program")]),
            None => Ok(program),
        }
    }
}

/// A node to stand in for one the region had no room for. The IR is then
/// discarded (resolution fails), so it only has to be well-typed.
trait Placeholder<'r>: Copy + 'r {
    fn placeholder() -> &'r Self;
}

/// The placeholder expression: `()`.
const UNIT: Expr<'static> = Expr {
    kind: ExprKind::Unit,
    span: Span::new(0, 0),
};
const EMPTY_GROUP: Group<'static> = Group {
    funcs: &[],
    captures: &[],
};

impl<'r> Placeholder<'r> for Expr<'r> {
    fn placeholder() -> &'r Self {
        &UNIT
    }
}
impl<'r> Placeholder<'r> for Group<'r> {
    fn placeholder() -> &'r Self {
        &EMPTY_GROUP
    }
}
impl<'r> Placeholder<'r> for ir::Let<'r> {
    fn placeholder() -> &'r Self {
        &ir::Let {
            bind: Bind::Discard,
            rhs: UNIT,
            body: UNIT,
        }
    }
}
impl<'r> Placeholder<'r> for ir::If<'r> {
    fn placeholder() -> &'r Self {
        &ir::If {
            cond: UNIT,
            then_branch: UNIT,
            else_branch: UNIT,
        }
    }
}
impl<'r> Placeholder<'r> for ir::LetRec<'r> {
    fn placeholder() -> &'r Self {
        &ir::LetRec {
            group: &EMPTY_GROUP,
            first: 0,
            body: UNIT,
        }
    }
}
impl<'r> Placeholder<'r> for ir::Call<'r> {
    fn placeholder() -> &'r Self {
        &ir::Call {
            func: UNIT,
            args: &[],
            tail: false,
        }
    }
}
impl<'r> Placeholder<'r> for ir::CallKnown<'r> {
    fn placeholder() -> &'r Self {
        &ir::CallKnown {
            func: 0,
            callee: VarRef::Local(0),
            args: &[],
            tail: false,
            self_call: false,
        }
    }
}

/// `FnCtx::env` of the top-level code, which has no closure.
const NO_ENV: usize = usize::MAX;

/// One binding of a name, innermost last in [`Resolver::names`].
#[derive(Clone, Copy, Debug)]
struct Binding {
    /// Identifies the binding among captures.
    uid: u32,
    /// Its [`ast::Ident::id`].
    id: u32,
    /// The function nesting level it belongs to (0: top-level code).
    level: usize,
    kind: Kind,
    /// The function it is known to hold, with its arity.
    known: Option<(FuncId, u32)>,
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A slot of the frame of `level`; `group` is set for the functions of a
    /// local `let rec` (group uid, index in the group).
    Local {
        slot: Slot,
        group: Option<(u32, u32)>,
    },
    /// A top-level definition.
    Global(GlobalId),
}

/// The function being resolved at one nesting level.
#[derive(Debug)]
struct FnCtx {
    arity: u32,
    next_slot: u32,
    max_slot: u32,
    /// Index into `envs` (shared by the functions of one `let rec`).
    env: usize,
    /// The `let rec` group it belongs to, if any.
    group: Option<u32>,
    uses_env: bool,
    /// Its own id (none for the top-level code).
    fid: Option<FuncId>,
}

impl FnCtx {
    fn new(arity: u32, env: usize, group: Option<u32>, fid: Option<FuncId>) -> FnCtx {
        FnCtx {
            arity,
            next_slot: arity + 1,
            max_slot: arity + 1,
            env,
            group,
            uses_env: false,
            fid,
        }
    }
}

/// What one closure captures: binding uid and where to read it when the
/// closure is created.
type EnvCtx<'r> = RVec<'r, (u32, VarRef)>;

/// How a name resolved.
#[derive(Clone, Copy, Debug)]
enum Resolved {
    /// A variable, the function it is known to hold, its binding's id.
    Var(VarRef, Option<(FuncId, u32)>, u32),
    Builtin(Builtin),
    Const(i64),
}

struct Resolver<'r> {
    region: &'r Region,
    diags: Vec<Diagnostic>,
    /// Every name in scope, with its bindings, innermost last.
    names: Scopes<'r, Binding>,
    /// What each use of a name refers to, as resolved.
    referents: RVec<'r, Packed>,
    /// The program's parentheses, for OCaml's locations.
    locations: ast::Locations<'r>,
    /// The built-ins by name.
    builtins: NameMap<'r, Builtin>,
    /// The end of the stack segment the resolver runs on.
    stack: StackLimit,
    /// The functions being resolved; `fns[0]` is the top-level code.
    fns: RVec<'r, FnCtx>,
    envs: RVec<'r, EnvCtx<'r>>,
    funcs: RVec<'r, Option<ir::Func<'r>>>,
    strings: RVec<'r, &'r [u8]>,
    n_globals: u32,
    next_uid: u32,
    /// Where the region first refused an allocation, if it did.
    failed_at: Cell<Option<Span>>,
    /// [`Resolver::names_app`]'s scratch stack of argument lists.
    segments: Vec<Segment<'r>>,
}

/// The arguments of one application of a chain, as written: the `|>` or
/// `@@` operand, then the listed arguments.
type Segment<'r> = (&'r [ast::Expr<'r>], Option<&'r ast::Expr<'r>>);

/// The number of parameters of `fun params -> body` once the `fun`s in
/// `body` are peeled (`fun x -> fun y -> e` takes two).
fn arity(params: &[Pattern<'_>], mut body: &ast::Expr<'_>) -> u32 {
    let mut n = params.len();
    while let ast::ExprKind::Fun(f) = &body.kind {
        n += f.params.len();
        body = &f.body;
    }
    u32::try_from(n).expect("fewer than 2^32 parameters")
}

/// Whether the right-hand side of a binding is syntactically a function.
fn is_function(b: &ast::Binding<'_>) -> bool {
    !b.params.is_empty() || matches!(b.body.kind, ast::ExprKind::Fun(_))
}

impl<'r> Resolver<'r> {
    // ----- scopes -----------------------------------------------------------

    fn level(&self) -> usize {
        self.fns.len() - 1
    }

    fn uid(&mut self) -> u32 {
        self.next_uid += 1;
        self.next_uid
    }

    fn alloc_slot(&mut self) -> Slot {
        let f = self.fns.last_mut().expect("there is always a frame");
        let s = f.next_slot;
        f.next_slot += 1;
        f.max_slot = f.max_slot.max(f.next_slot);
        s
    }

    fn bind(&mut self, ident: &ast::Ident<'r>, kind: Kind, known: Option<(FuncId, u32)>) {
        let b = Binding {
            uid: self.uid(),
            id: ident.id,
            level: self.level(),
            kind,
            known,
        };
        if self.names.push(ident.symbol, b).is_err() {
            self.out_of_memory(Span::default());
        }
    }

    fn close_scope(&mut self, mark: usize) {
        self.names.truncate(mark);
    }

    fn new_global(&mut self) -> GlobalId {
        let g = self.n_globals;
        self.n_globals += 1;
        g
    }

    // ----- names ------------------------------------------------------------

    /// Resolves a use of a name, and records what it refers to.
    fn lookup(&mut self, var: ast::VarUse<'r>, span: Span) -> Option<Resolved> {
        let resolved = self.lookup_name(var, span);
        let referent = match resolved {
            Some(Resolved::Var(_, _, id)) => Referent::Binding(id),
            Some(Resolved::Builtin(b)) => Referent::Builtin(b),
            Some(Resolved::Const(_)) => Referent::IntConstant,
            None => Referent::Unbound,
        };
        self.refer(var, referent);
        resolved
    }

    /// Records what `var` refers to.
    fn refer(&mut self, var: ast::VarUse<'r>, referent: Referent) {
        if let Some(r) = self.referents.get_mut(var.id as usize) {
            *r = Packed::new(referent);
        }
    }

    fn lookup_name(&mut self, var: ast::VarUse<'r>, span: Span) -> Option<Resolved> {
        if let Some(&b) = self.names.get(var.symbol) {
            let r = match b.kind {
                Kind::Global(g) => VarRef::Global(g),
                Kind::Local { slot, .. } if b.level == self.level() => VarRef::Local(slot),
                Kind::Local { .. } => self.capture(self.level(), b),
            };
            return Some(Resolved::Var(r, b.known, b.id));
        }
        let name = var.name();
        if let Some(value) = builtins::constant(name) {
            return Some(Resolved::Const(value));
        }
        if let Some(&b) = self.builtins.get(&Name(name)) {
            return Some(Resolved::Builtin(b));
        }
        self.unbound(name, span);
        None
    }

    /// The way code at `level` reads binding `b` of an enclosing function,
    /// adding captures to every function in between.
    fn capture(&mut self, level: usize, b: Binding) -> VarRef {
        debug_assert!(level > b.level);
        let closure = self.fns[level].arity;
        if let Kind::Local { slot, group } = b.kind {
            if let Some((g, index)) = group {
                if b.level + 1 == level && self.fns[level].group == Some(g) {
                    self.fns[level].uses_env = true;
                    return VarRef::Sibling { closure, index };
                }
            }
            let env = self.fns[level].env;
            let Some(captures) = self.envs.get(env) else {
                // Out of memory: the closure had no room for its captures.
                return VarRef::Local(0);
            };
            let found = captures.iter().position(|&(uid, _)| uid == b.uid);
            let index = match found {
                Some(i) => i,
                None => {
                    let src = if b.level + 1 == level {
                        VarRef::Local(slot)
                    } else {
                        self.capture(level - 1, b)
                    };
                    if self.envs[env].try_push((b.uid, src)).is_err() {
                        self.out_of_memory(Span::default());
                    }
                    self.envs[env].len().saturating_sub(1)
                }
            };
            self.fns[level].uses_env = true;
            VarRef::Env {
                closure,
                index: u32::try_from(index).expect("fewer than 2^32 captures"),
            }
        } else {
            unreachable!("globals are never captured")
        }
    }

    fn unbound(&mut self, name: &str, span: Span) {
        if let Some((module, _)) = name.split_once('.') {
            if module != "String" {
                let d = Diagnostic::error(
                    E_UNBOUND_MODULE,
                    format!("Unbound module {module}"),
                    span,
                    "no such module",
                )
                .with_help(
                    "minilang v1 knows only the module `String` (`String.length`, `String.sub`)",
                );
                self.diags.push(d);
                return;
            }
        }
        let mut d = Diagnostic::error(
            E_UNBOUND_VALUE,
            format!("Unbound value {name}"),
            span,
            "not bound here",
        );
        // Only shown diagnostics get a hint: each costs a pass over every
        // name in scope, which must not be paid for thousands of errors.
        if self.diags.len() < crate::syntax::parser::MAX_ERRORS {
            if let Some(hint) = self.suggest(name) {
                d = d.with_help(hint);
            }
        }
        self.diags.push(d);
    }

    /// OCaml's "Did you mean ...?" hint: the closest names in scope, within
    /// an edit distance that grows with the length of the name.
    fn suggest(&self, name: &str) -> Option<String> {
        let cutoff = match name.chars().count() {
            0..=2 => 0,
            3..=4 => 1,
            5..=6 => 2,
            _ => 3,
        };
        if cutoff == 0 {
            return None;
        }
        let candidates = self
            .names
            .names()
            .filter(|n| n.starts_with(|c: char| c == '_' || c.is_alphabetic()))
            .chain(Builtin::ALL.iter().map(|b| b.name()))
            .chain(builtins::CONSTANTS.iter().map(|&(n, _)| n));
        let mut best: Vec<&str> = Vec::new();
        let mut best_d = cutoff + 1;
        for c in candidates {
            let d = edit_distance(name, c, cutoff);
            if d < best_d {
                best_d = d;
                best.clear();
            }
            if d == best_d && d <= cutoff && !best.contains(&c) {
                best.push(c);
            }
        }
        best.sort_unstable();
        match best.as_slice() {
            [] => None,
            [one] => Some(format!("Did you mean {one}?")),
            [init @ .., last] => Some(format!("Did you mean {} or {last}?", init.join(", "))),
        }
    }

    // ----- items ------------------------------------------------------------

    fn item(&mut self, item: &'r ast::Item<'r>) -> Option<Expr<'r>> {
        match item {
            ast::Item::Expr(e) => Some(self.expr(e, false)),
            ast::Item::Let {
                is_rec: false,
                bindings,
                span,
            } => {
                self.check_distinct(bindings);
                let region = self.region;
                let rhs =
                    region.try_alloc_slice_fill_iter(bindings.iter().map(|b| self.binding_rhs(b)));
                let rhs = self.scratch(rhs, *span);
                let mut body = Expr {
                    kind: ExprKind::Unit,
                    span: *span,
                };
                let binds = region.try_alloc_slice_fill_iter(bindings.iter().zip(rhs).map(
                    |(b, (_, known))| match b.pattern {
                        Pattern::Var(id) => {
                            let g = self.new_global();
                            self.bind(&id, Kind::Global(g), *known);
                            Bind::Global(g)
                        }
                        Pattern::Wildcard(_) => Bind::Discard,
                        Pattern::Unit(_) => Bind::Unit,
                    },
                ));
                let binds = self.scratch(binds, *span);
                for (&bind, &(rhs, _)) in binds.iter().zip(rhs).rev() {
                    body = self.mk(
                        ExprKind::Let(self.put(ir::Let { bind, rhs, body }, *span)),
                        *span,
                    );
                }
                Some(body)
            }
            ast::Item::Let {
                is_rec: true,
                bindings,
                span,
            } => {
                if !self.check_rec(bindings) {
                    // Still look inside, with the names bound, so that every
                    // other error is reported and none is a consequence.
                    self.bind_rec_names(bindings, |r| Kind::Global(r.new_global()));
                    for b in *bindings {
                        self.binding_rhs(b);
                    }
                    return None;
                }
                let first = self.n_globals;
                let fids = self.reserve_funcs(bindings, |r, _, name, known| {
                    let g = r.new_global();
                    r.bind(name, Kind::Global(g), Some(known));
                });
                // Top-level functions reach each other as globals: no group uid.
                let group = self.rec_group(bindings, fids, None);
                Some(self.mk(ExprKind::DefRec(group, first), *span))
            }
        }
    }

    /// Reports names bound twice by one `let ... and ...`. OCaml finds them
    /// while typing the patterns, before any right-hand side.
    fn check_distinct(&mut self, bindings: &[ast::Binding<'r>]) {
        let patterns_checked_at = bindings.first().map_or(0, |b| b.span.start);
        for (i, b) in bindings.iter().enumerate() {
            if let Pattern::Var(id) = b.pattern {
                let dup = bindings[..i]
                    .iter()
                    .any(|prev| matches!(prev.pattern, Pattern::Var(p) if p.symbol == id.symbol));
                if dup {
                    self.diags.push(
                        Diagnostic::error(
                            E_BOUND_TWICE,
                            format!(
                                "Variable {} is bound several times in this matching",
                                id.name()
                            ),
                            id.span,
                            "bound again here",
                        )
                        .checked_at(patterns_checked_at),
                    );
                }
            }
        }
    }

    /// Checks the shape of a `let rec`: every binding a variable bound to a
    /// function. Returns whether it is well formed.
    ///
    /// OCaml rejects a binding that is not a name after it has checked the
    /// right-hand sides; minilang's own restriction to functions, which
    /// OCaml does not have, comes after every error OCaml could report.
    fn check_rec(&mut self, bindings: &'r [ast::Binding<'r>]) -> bool {
        let before = self.diags.len();
        let rhs_checked_at = bindings.last().map_or(0, |b| b.span.end);
        self.check_distinct(bindings);
        for b in bindings {
            match b.pattern {
                Pattern::Var(_) => {}
                p => self.diags.push(
                    Diagnostic::error(
                        E_LET_REC_NOT_VARIABLE,
                        "Only variables are allowed as left-hand side of `let rec'",
                        p.span(),
                        "expected a name",
                    )
                    .checked_at(rhs_checked_at),
                ),
            }
            if !is_function(b) {
                self.diags.push(
                    Diagnostic::error(
                        E_LET_REC_NOT_FUNCTION,
                        "In minilang, the right-hand side of `let rec' must be a function",
                        b.body.span,
                        "this is not a function",
                    )
                    .with_help("write `let rec f x = ...` or `let rec f = fun x -> ...`, or drop the `rec`")
                    .checked_at(u32::MAX),
                );
            }
        }
        self.diags.len() == before
    }

    /// Binds the variable names of a rejected `let rec` (to nothing known).
    fn bind_rec_names(
        &mut self,
        bindings: &'r [ast::Binding<'r>],
        mut kind: impl FnMut(&mut Self) -> Kind,
    ) {
        for b in bindings {
            if let Pattern::Var(id) = b.pattern {
                let k = kind(self);
                self.bind(&id, k, None);
            }
        }
    }

    /// Allocates a function id for each binding of a well-formed `let rec`
    /// and lets `bind` make its name visible (with the id and arity).
    fn reserve_funcs(
        &mut self,
        bindings: &'r [ast::Binding<'r>],
        mut bind: impl FnMut(&mut Self, usize, &ast::Ident<'r>, (FuncId, u32)),
    ) -> &'r [FuncId] {
        let region = self.region;
        let fids = region.try_alloc_slice_fill_iter(bindings.iter().enumerate().map(|(i, b)| {
            let fid = self.new_func(b.span);
            let Pattern::Var(id) = b.pattern else {
                unreachable!("checked by check_rec")
            };
            bind(self, i, &id, (fid, arity(b.params, &b.body)));
            fid
        }));
        self.scratch(fids, bindings.first().map_or(Span::default(), |b| b.span))
    }

    /// A new function id, its code to come.
    fn new_func(&mut self, span: Span) -> FuncId {
        let fid = FuncId::try_from(self.funcs.len()).expect("fewer than 2^32 functions");
        if self.funcs.try_push(None).is_err() {
            self.out_of_memory(span);
        }
        fid
    }

    /// A slice the region had room for, or an empty one (and the failure
    /// recorded).
    fn scratch<T>(&self, list: Result<&'r mut [T], region::AllocError>, span: Span) -> &'r [T] {
        match list {
            Ok(list) => list,
            Err(_) => {
                self.out_of_memory(span);
                &[]
            }
        }
    }

    /// Peels `fun`s: `fun x -> fun y -> e` takes two parameters. Returns all
    /// the parameters (`params`, then those of the `fun`s) and the innermost
    /// body.
    fn params_of(
        &self,
        params: &'r [Pattern<'r>],
        body: &'r ast::Expr<'r>,
    ) -> (&'r [Pattern<'r>], &'r ast::Expr<'r>) {
        if !matches!(body.kind, ast::ExprKind::Fun(_)) {
            return (params, body);
        }
        let mut n = params.len();
        let mut inner = body;
        while let ast::ExprKind::Fun(f) = &inner.kind {
            n += f.params.len();
            inner = &f.body;
        }
        let mut rest = params.iter().copied();
        let mut funs = body;
        let all = self.region.try_alloc_slice_fill_iter((0..n).map(|_| {
            loop {
                if let Some(p) = rest.next() {
                    break p;
                }
                let ast::ExprKind::Fun(f) = &funs.kind else {
                    unreachable!("counted above")
                };
                rest = f.params.iter().copied();
                funs = &f.body;
            }
        }));
        (self.scratch(all, body.span), inner)
    }

    /// Resolves the functions of a `let rec` (names already bound) into one
    /// group; `gid` is the group uid its local names were bound with.
    fn rec_group(
        &mut self,
        bindings: &'r [ast::Binding<'r>],
        fids: &[FuncId],
        gid: Option<u32>,
    ) -> &'r Group<'r> {
        let env = self.new_env();
        for (b, &fid) in bindings.iter().zip(fids) {
            let (params, body) = self.params_of(b.params, &b.body);
            let name = match b.pattern {
                Pattern::Var(id) => id.name(),
                Pattern::Wildcard(_) | Pattern::Unit(_) => "fun",
            };
            self.function(fid, params, body, name, b.span, env, gid);
        }
        self.finish_group(fids, env)
    }

    fn new_env(&mut self) -> usize {
        if self.envs.try_push(RVec::new_in(self.region)).is_err() {
            self.out_of_memory(Span::default());
            return NO_ENV;
        }
        self.envs.len() - 1
    }

    fn finish_group(&mut self, fids: &[FuncId], env: usize) -> &'r Group<'r> {
        let span = Span::default();
        let captures = match self.envs.get(env) {
            Some(captures) => self.scratch(
                self.region
                    .try_alloc_slice_fill_iter(captures.iter().map(|&(_, src)| src)),
                span,
            ),
            None => &[],
        };
        self.put(
            Group {
                funcs: self.put_slice(fids, span),
                captures,
            },
            span,
        )
    }

    /// Resolves the right-hand side of a non-recursive binding; a function
    /// is returned with its id and arity so calls to it can be direct.
    fn binding_rhs(&mut self, b: &'r ast::Binding<'r>) -> (Expr<'r>, Option<(FuncId, u32)>) {
        if !is_function(b) {
            return (self.expr(&b.body, false), None);
        }
        let (params, body) = self.params_of(b.params, &b.body);
        let name = match b.pattern {
            Pattern::Var(id) => id.name(),
            Pattern::Wildcard(_) | Pattern::Unit(_) => "fun",
        };
        let (e, fid) = self.closure(params, body, name, b.span);
        (e, Some((fid, params.len() as u32)))
    }

    /// A closure of one function.
    fn closure(
        &mut self,
        params: &[Pattern<'r>],
        body: &'r ast::Expr<'r>,
        name: &'r str,
        span: Span,
    ) -> (Expr<'r>, FuncId) {
        let fid = self.new_func(span);
        let env = self.new_env();
        self.function(fid, params, body, name, span, env, None);
        let group = self.finish_group(&[fid], env);
        (self.mk(ExprKind::Closure(group), span), fid)
    }

    /// Resolves one function body into `funcs[fid]`.
    #[allow(
        clippy::too_many_arguments,
        reason = "one private helper; the arguments are all distinct"
    )]
    fn function(
        &mut self,
        fid: FuncId,
        params: &[Pattern<'r>],
        body: &'r ast::Expr<'r>,
        name: &'r str,
        span: Span,
        env: usize,
        group: Option<u32>,
    ) {
        let arity = u32::try_from(params.len()).expect("fewer than 2^32 parameters");
        if self
            .fns
            .try_push(FnCtx::new(arity, env, group, Some(fid)))
            .is_err()
        {
            self.out_of_memory(span);
            return;
        }
        let mark = self.names.len();
        for (i, p) in params.iter().enumerate() {
            // The last argument is evaluated first and sits in slot 0.
            let slot = arity - 1 - i as u32;
            if let Pattern::Var(id) = p {
                self.bind(id, Kind::Local { slot, group: None }, None);
            }
        }
        let mut body_ir = self.expr(body, true);
        for (i, p) in params.iter().enumerate().rev() {
            let Pattern::Unit(s) = *p else { continue };
            let slot = arity - 1 - i as u32;
            let rhs = self.mk(ExprKind::Var(VarRef::Local(slot)), s);
            let node = self.put(
                ir::Let {
                    bind: Bind::Unit,
                    rhs,
                    body: body_ir,
                },
                s,
            );
            body_ir = self.mk(ExprKind::Let(node), body.span);
        }
        self.close_scope(mark);
        let ctx = self.fns.pop().expect("pushed above");
        let body = self.alloc(body_ir);
        if let Some(slot) = self.funcs.get_mut(fid as usize) {
            *slot = Some(ir::Func {
                arity,
                frame_size: ctx.max_slot,
                uses_env: ctx.uses_env,
                body,
                name,
                span,
            });
        }
    }

    // ----- expressions ------------------------------------------------------

    fn mk(&self, kind: ExprKind<'r>, span: Span) -> Expr<'r> {
        Expr { kind, span }
    }

    fn alloc(&self, e: Expr<'r>) -> &'r Expr<'r> {
        self.put(e, e.span)
    }

    /// Moves `node` into the region; if the region is full, records that
    /// and returns a placeholder.
    #[inline]
    fn put<T: Placeholder<'r>>(&self, node: T, span: Span) -> &'r T {
        match self.region.try_alloc(node) {
            Ok(node) => node,
            Err(_) => {
                self.out_of_memory(span);
                T::placeholder()
            }
        }
    }

    /// Copies `list` into the region; if the region is full, records that
    /// and returns an empty list.
    #[inline]
    fn put_slice<T: Copy + 'r>(&self, list: &[T], span: Span) -> &'r [T] {
        match self.region.try_alloc_slice_copy(list) {
            Ok(list) => list,
            Err(_) => {
                self.out_of_memory(span);
                &[]
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn out_of_memory(&self, span: Span) {
        if self.failed_at.get().is_none() {
            self.failed_at.set(Some(span));
        }
    }

    /// Resolves `e`; `tail` says whether it is in tail position of a function.
    fn expr(&mut self, e: &'r ast::Expr<'r>, tail: bool) -> Expr<'r> {
        if self.failed_at.get().is_some() {
            // Out of memory: the result is discarded; stop descending.
            return self.mk(ExprKind::Unit, e.span);
        }
        // Left-nested chains such as `1 + 1 + ... + 1` recurse once per
        // operator: grow the stack instead of overflowing it.
        if self.stack.has_room(RED_ZONE) {
            return self.expr_inner(e, tail);
        }
        self.expr_on_new_stack(e, tail)
    }

    /// [`Resolver::expr`] near the end of the stack: grows it if needed.
    #[cold]
    #[inline(never)]
    fn expr_on_new_stack(&mut self, e: &'r ast::Expr<'r>, tail: bool) -> Expr<'r> {
        let saved = self.stack;
        let r = stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
            self.stack = StackLimit::here();
            self.expr_inner(e, tail)
        });
        self.stack = saved;
        r
    }

    fn expr_inner(&mut self, e: &'r ast::Expr<'r>, tail: bool) -> Expr<'r> {
        let span = e.span;
        let kind = match &e.kind {
            ast::ExprKind::Int(n) => ExprKind::Int(*n),
            ast::ExprKind::Bool(b) => ExprKind::Bool(*b),
            ast::ExprKind::Unit | ast::ExprKind::Error => ExprKind::Unit,
            ast::ExprKind::Str(s) => {
                let i = u32::try_from(self.strings.len()).expect("fewer than 2^32 strings");
                if self.strings.try_push(s).is_err() {
                    self.out_of_memory(span);
                }
                ExprKind::Str(i)
            }
            ast::ExprKind::Var(var) => match self.lookup(*var, span) {
                Some(Resolved::Var(r, _, _)) => ExprKind::Var(r),
                Some(Resolved::Builtin(b)) => ExprKind::Builtin(b),
                Some(Resolved::Const(n)) => ExprKind::Int(n),
                None => ExprKind::Unit,
            },
            ast::ExprKind::Unary(op, a) => {
                let a = self.expr(a, false);
                match (op, a.kind) {
                    (UnOp::Neg, ExprKind::Int(n)) => {
                        ExprKind::Int(builtins::wrap(n.wrapping_neg()))
                    }
                    (UnOp::Neg, _) => ExprKind::Neg(self.alloc(a)),
                    (UnOp::Plus, ExprKind::Int(n)) => ExprKind::Int(n),
                    (UnOp::Plus, _) => ExprKind::Plus(self.alloc(a)),
                }
            }
            ast::ExprKind::Binary(op, l, r, _) => return self.binary(*op, l, r, span, tail),
            ast::ExprKind::App(app) => return self.app(&app.func, app.args, None, span, tail),
            ast::ExprKind::Assert(a) => {
                // `Assert_failure` gives OCaml's location of the `assert`:
                // with the parentheses (or `begin` ... `end`) around it.
                let kind = ExprKind::Assert(self.sub(a, false));
                return self.mk(kind, self.locations.outer(span));
            }
            ast::ExprKind::Seq(a, b) => {
                let a = self.sub(a, false);
                ExprKind::Seq(a, self.sub(b, tail))
            }
            ast::ExprKind::If(i) => {
                let cond = self.expr(&i.cond, false);
                let then_branch = self.expr(&i.then_branch, tail);
                let else_branch = match &i.else_branch {
                    Some(b) => self.expr(b, tail),
                    None => self.mk(ExprKind::Unit, span),
                };
                ExprKind::If(self.put(
                    ir::If {
                        cond,
                        then_branch,
                        else_branch,
                    },
                    span,
                ))
            }
            ast::ExprKind::Let(l) => return self.let_in(l, span, tail),
            ast::ExprKind::Fun(f) => {
                let (params, body) = self.params_of(f.params, &f.body);
                return self.closure(params, body, "fun", span).0;
            }
        };
        self.mk(kind, span)
    }

    fn sub(&mut self, e: &'r ast::Expr<'r>, tail: bool) -> &'r Expr<'r> {
        let e = self.expr(e, tail);
        self.alloc(e)
    }

    fn let_in(&mut self, l: &'r ast::Let<'r>, span: Span, tail: bool) -> Expr<'r> {
        let mark = self.names.len();
        let saved_slot = self.fns.last().expect("frame").next_slot;
        let body;
        if l.is_rec {
            if !self.check_rec(l.bindings) {
                self.bind_rec_names(l.bindings, |r| Kind::Local {
                    slot: r.alloc_slot(),
                    group: None,
                });
                for b in l.bindings {
                    self.binding_rhs(b);
                }
                self.expr(&l.body, tail);
                self.close_scope(mark);
                self.fns.last_mut().expect("frame").next_slot = saved_slot;
                return self.mk(ExprKind::Unit, span);
            }
            let first = self.fns.last().expect("frame").next_slot;
            for _ in l.bindings {
                self.alloc_slot();
            }
            let gid = self.uid();
            let fids = self.reserve_funcs(l.bindings, |r, i, name, known| {
                let index = i as u32;
                let kind = Kind::Local {
                    slot: first + index,
                    group: Some((gid, index)),
                };
                r.bind(name, kind, Some(known));
            });
            let group = self.rec_group(l.bindings, fids, Some(gid));
            let b = self.expr(&l.body, tail);
            body = self.mk(
                ExprKind::LetRec(self.put(
                    ir::LetRec {
                        group,
                        first,
                        body: b,
                    },
                    span,
                )),
                span,
            );
        } else {
            self.check_distinct(l.bindings);
            let region = self.region;
            let slots = region.try_alloc_slice_fill_iter(
                l.bindings
                    .iter()
                    .map(|b| matches!(b.pattern, Pattern::Var(_)).then(|| self.alloc_slot())),
            );
            let slots: &[Option<Slot>] = self.scratch(slots, span);
            let rhs =
                region.try_alloc_slice_fill_iter(l.bindings.iter().map(|b| self.binding_rhs(b)));
            let rhs = self.scratch(rhs, span);
            for ((b, slot), (_, known)) in l.bindings.iter().zip(slots).zip(rhs) {
                if let (Pattern::Var(id), Some(slot)) = (b.pattern, slot) {
                    self.bind(
                        &id,
                        Kind::Local {
                            slot: *slot,
                            group: None,
                        },
                        *known,
                    );
                }
            }
            let mut e = self.expr(&l.body, tail);
            for ((b, slot), &(rhs, _)) in l.bindings.iter().zip(slots).zip(rhs).rev() {
                let bind = match (b.pattern, slot) {
                    (_, Some(s)) => Bind::Local(*s),
                    (Pattern::Unit(_), _) => Bind::Unit,
                    (Pattern::Var(_) | Pattern::Wildcard(_), None) => Bind::Discard,
                };
                e = self.mk(
                    ExprKind::Let(self.put(ir::Let { bind, rhs, body: e }, span)),
                    span,
                );
            }
            body = e;
        }
        self.close_scope(mark);
        self.fns.last_mut().expect("frame").next_slot = saved_slot;
        body
    }

    fn binary(
        &mut self,
        op: BinOp,
        l: &'r ast::Expr<'r>,
        r: &'r ast::Expr<'r>,
        span: Span,
        tail: bool,
    ) -> Expr<'r> {
        let kind = match op.semantics() {
            Semantics::Pipe => return self.app(r, &[], Some(l), span, tail),
            Semantics::AtAt => return self.app(l, &[], Some(r), span, tail),
            Semantics::And => ExprKind::And(self.sub(l, false), self.sub(r, tail)),
            Semantics::Or => ExprKind::Or(self.sub(l, false), self.sub(r, tail)),
            Semantics::Concat => ExprKind::Concat(self.sub(l, false), self.sub(r, false)),
            Semantics::Physical { negated } => {
                ExprKind::PhysEq(negated, self.sub(l, false), self.sub(r, false))
            }
            Semantics::Arith(aop) => {
                let a = self.expr(l, false);
                let b = self.expr(r, false);
                match (a.kind, b.kind) {
                    // `n - 1` is `n + (-1)`: one fast case for both.
                    (ExprKind::Var(VarRef::Local(s)), ExprKind::Int(k)) if aop == ArithOp::Sub => {
                        ExprKind::ArithLK(ArithOp::Add, s, builtins::wrap(k.wrapping_neg()))
                    }
                    (ExprKind::Var(VarRef::Local(s)), ExprKind::Int(k)) => {
                        ExprKind::ArithLK(aop, s, k)
                    }
                    (ExprKind::Int(k), ExprKind::Var(VarRef::Local(s)))
                        if matches!(aop, ArithOp::Add | ArithOp::Mul) =>
                    {
                        ExprKind::ArithLK(aop, s, k)
                    }
                    _ => ExprKind::Arith(aop, self.alloc(a), self.alloc(b)),
                }
            }
            Semantics::Compare(cop) => {
                let a = self.expr(l, false);
                let b = self.expr(r, false);
                match (a.kind, b.kind) {
                    (ExprKind::Var(VarRef::Local(s)), ExprKind::Int(k)) => {
                        ExprKind::CmpLK(cop, s, k)
                    }
                    (ExprKind::Int(k), ExprKind::Var(VarRef::Local(s))) => {
                        ExprKind::CmpLK(cop.flip(), s, k)
                    }
                    _ => ExprKind::Cmp(cop, self.alloc(a), self.alloc(b)),
                }
            }
        };
        self.mk(kind, span)
    }

    /// An application `func args..`; nested applications and `|>`/`@@` are
    /// flattened first (`(f a) b` and `b |> f a` are `f a b`: the order of
    /// evaluation, arguments right to left then the function, is the same).
    ///
    /// The arguments as written are `args`, or `arg` for `|>` and `@@`.
    fn app(
        &mut self,
        func: &'r ast::Expr<'r>,
        args: &'r [ast::Expr<'r>],
        arg: Option<&'r ast::Expr<'r>>,
        span: Span,
        tail: bool,
    ) -> Expr<'r> {
        // `(+) a b` is `a + b`, short-circuit and evaluation order included
        // (OCaml compiles a fully applied primitive as the operator).
        if let (ast::ExprKind::Var(var), [l, r], None) = (&func.kind, args, arg) {
            if let Some(&b @ Builtin::Op(op)) = self.builtins.get(&Name(var.name())) {
                self.refer(*var, Referent::Builtin(b));
                return self.binary(op, l, r, span, tail);
            }
        }
        // The applications nested in `func`, innermost last: their
        // arguments come first.
        let nested = nested_app;
        let mut n = args.len() + usize::from(arg.is_some());
        let mut callee_expr = func;
        while let Some((f, a, x)) = nested(callee_expr) {
            n += a.len() + usize::from(x.is_some());
            callee_expr = f;
        }
        let region = self.region;
        let all: &mut [&'r ast::Expr<'r>] =
            match region.try_alloc_slice_fill_iter(std::iter::repeat_n(func, n)) {
                Ok(all) => all,
                Err(_) => {
                    self.out_of_memory(span);
                    &mut []
                }
            };
        if all.len() == n {
            // Filled from the end: the outermost arguments are the last.
            let mut end = n;
            let mut place = |a: &'r [ast::Expr<'r>], x: Option<&'r ast::Expr<'r>>| {
                let k = a.len() + usize::from(x.is_some());
                let chunk = &mut all[end - k..end];
                for (slot, e) in chunk.iter_mut().zip(x.into_iter().chain(a)) {
                    *slot = e;
                }
                end -= k;
            };
            place(args, arg);
            let mut e = func;
            while let Some((f, a, x)) = nested(e) {
                place(a, x);
                e = f;
            }
        }
        let args: &[&'r ast::Expr<'r>] = all;
        let func = callee_expr;
        let tail = tail && self.level() > 0;
        // Names are looked up in source order (the function, then the
        // arguments) so that diagnostics come out in that order; the IR says
        // how it runs: arguments right to left, then the function.
        let callee = match &func.kind {
            ast::ExprKind::Var(var) => match self.lookup(*var, func.span) {
                Some(Resolved::Builtin(b)) => Callee::Exact(Exact::Builtin(b), b.arity()),
                Some(Resolved::Var(r, Some((fid, arity)), _)) => {
                    Callee::Exact(Exact::Known(fid, r), arity as usize)
                }
                Some(Resolved::Var(r, None, _)) => {
                    Callee::Value(self.mk(ExprKind::Var(r), func.span))
                }
                Some(Resolved::Const(k)) => Callee::Value(self.mk(ExprKind::Int(k), func.span)),
                None => Callee::Value(self.mk(ExprKind::Unit, func.span)),
            },
            ast::ExprKind::Int(..)
            | ast::ExprKind::Bool(..)
            | ast::ExprKind::Str(..)
            | ast::ExprKind::Unit
            | ast::ExprKind::Unary(..)
            | ast::ExprKind::Binary(..)
            | ast::ExprKind::App(..)
            | ast::ExprKind::Assert(..)
            | ast::ExprKind::Seq(..)
            | ast::ExprKind::If(..)
            | ast::ExprKind::Let(..)
            | ast::ExprKind::Fun(..)
            | ast::ExprKind::Error => Callee::Value(self.expr(func, false)),
        };
        let ir_args = region.try_alloc_slice_fill_iter(args.iter().map(|a| self.expr(a, false)));
        let ir_args: &'r [Expr<'r>] = self.scratch(ir_args, span);
        let n = ir_args.len();
        let (exact, arity) = match callee {
            Callee::Value(f) => return self.generic_call(f, ir_args, span, tail),
            Callee::Exact(exact, arity) => (exact, arity),
        };
        if n < arity {
            let f = match exact {
                Exact::Builtin(b) => ExprKind::Builtin(b),
                Exact::Known(_, callee) => ExprKind::Var(callee),
            };
            return self.generic_call(self.mk(f, func.span), ir_args, span, tail);
        }
        let first = &ir_args[..arity];
        let direct_span = if n == arity {
            span
        } else {
            func.span.to(ir_args[arity - 1].span)
        };
        let direct_tail = tail && n == arity;
        let kind = match exact {
            Exact::Builtin(b) => ExprKind::CallBuiltin(b, first),
            Exact::Known(fid, callee) => ExprKind::CallKnown(self.put(
                ir::CallKnown {
                    func: fid,
                    callee,
                    args: first,
                    tail: direct_tail,
                    // A function's own name (bound by its `let rec`) is the
                    // running closure; aliases are never known functions.
                    self_call: self.fns.last().expect("frame").fid == Some(fid),
                },
                span,
            )),
        };
        let direct = self.mk(kind, direct_span);
        if n == arity {
            direct
        } else {
            self.generic_call(direct, &ir_args[arity..], span, tail)
        }
    }

    fn generic_call(
        &mut self,
        func: Expr<'r>,
        args: &'r [Expr<'r>],
        span: Span,
        tail: bool,
    ) -> Expr<'r> {
        self.mk(
            ExprKind::Call(self.put(ir::Call { func, args, tail }, span)),
            span,
        )
    }
}

/// The application `e` is, if it is one: its function, its arguments and
/// its `|>` or `@@` operand (`(f a) b` and `b |> f a` are `f a b`).
#[allow(
    clippy::type_complexity,
    reason = "the three parts of an application, named in the doc"
)]
fn nested_app<'r>(
    e: &'r ast::Expr<'r>,
) -> Option<(
    &'r ast::Expr<'r>,
    &'r [ast::Expr<'r>],
    Option<&'r ast::Expr<'r>>,
)> {
    match &e.kind {
        ast::ExprKind::App(inner) => Some((&inner.func, inner.args, None)),
        ast::ExprKind::Binary(BinOp::AtAt, f, x, _) => Some((f, &[], Some(x))),
        ast::ExprKind::Binary(BinOp::Pipe, x, f, _) => Some((f, &[], Some(x))),
        ast::ExprKind::Int(..)
        | ast::ExprKind::Bool(..)
        | ast::ExprKind::Str(..)
        | ast::ExprKind::Unit
        | ast::ExprKind::Var(..)
        | ast::ExprKind::Unary(..)
        | ast::ExprKind::Binary(..)
        | ast::ExprKind::Assert(..)
        | ast::ExprKind::Seq(..)
        | ast::ExprKind::If(..)
        | ast::ExprKind::Let(..)
        | ast::ExprKind::Fun(..)
        | ast::ExprKind::Error => None,
    }
}

// ----- names only -----------------------------------------------------------
//
// [`resolve_names`]: the walk of [`Resolver::program`] with everything that
// only the IR needs left out (slots, captures, function ids, nodes). Scopes
// are opened, names bound and looked up, and errors reported at the same
// points and in the same order, so that the referents and the diagnostics
// are those of [`resolve`] (the tests at the end of this file compare them).

impl<'r> Resolver<'r> {
    fn names_program(
        &mut self,
        program: &ast::Program<'r>,
    ) -> Result<ir::Program<'r>, Vec<Diagnostic>> {
        if self.builtins.is_empty() {
            self.out_of_memory(Span::default());
        }
        for item in program.items {
            match item {
                ast::Item::Expr(e) => self.names_expr(e),
                ast::Item::Let {
                    is_rec, bindings, ..
                } => self.names_bindings(*is_rec, bindings),
            }
        }
        if let Some(span) = self.failed_at.get() {
            self.diags
                .push(Diagnostic::memory_limit(span, "the resolved program"));
        }
        if !self.diags.is_empty() {
            self.diags.sort_by_key(|d| d.primary.span.start);
            return Err(std::mem::take(&mut self.diags));
        }
        Ok(ir::Program {
            items: &[],
            frame_size: 1,
            n_globals: 0,
            funcs: &[],
            strings: &[],
        })
    }

    /// The bindings of a `let` (or `let rec`), their names left in scope.
    fn names_bindings(&mut self, is_rec: bool, bindings: &'r [ast::Binding<'r>]) {
        let bind_names = |r: &mut Self| {
            for b in bindings {
                if let Pattern::Var(id) = b.pattern {
                    r.bind(&id, Kind::Global(0), None);
                }
            }
        };
        if is_rec {
            // Well formed or not, the names are bound before the
            // right-hand sides are looked at.
            self.check_rec(bindings);
            bind_names(self);
            for b in bindings {
                self.names_rhs(b);
            }
        } else {
            self.check_distinct(bindings);
            for b in bindings {
                self.names_rhs(b);
            }
            bind_names(self);
        }
    }

    fn names_rhs(&mut self, b: &'r ast::Binding<'r>) {
        if is_function(b) {
            self.names_function(b.params, &b.body);
        } else {
            self.names_expr(&b.body);
        }
    }

    /// A function: its parameters (and those of the `fun`s its body starts
    /// with) in scope for its body.
    fn names_function(&mut self, params: &'r [Pattern<'r>], mut body: &'r ast::Expr<'r>) {
        let mark = self.names.len();
        let mut params = params;
        loop {
            for p in params {
                if let Pattern::Var(id) = p {
                    self.bind(id, Kind::Global(0), None);
                }
            }
            let ast::ExprKind::Fun(f) = &body.kind else {
                break;
            };
            params = f.params;
            body = &f.body;
        }
        self.names_expr(body);
        self.close_scope(mark);
    }

    /// [`Resolver::lookup`] without the variable's place.
    fn names_lookup(&mut self, var: ast::VarUse<'r>, span: Span) {
        let referent = match self.names.get(var.symbol) {
            Some(b) => Referent::Binding(b.id),
            None => {
                let name = var.name();
                if builtins::constant(name).is_some() {
                    Referent::IntConstant
                } else if let Some(&b) = self.builtins.get(&Name(name)) {
                    Referent::Builtin(b)
                } else {
                    self.unbound(name, span);
                    Referent::Unbound
                }
            }
        };
        self.refer(var, referent);
    }

    #[inline]
    fn names_expr(&mut self, e: &'r ast::Expr<'r>) {
        if self.failed_at.get().is_some() {
            return;
        }
        // Leaves, most of the nodes, need no stack check.
        match &e.kind {
            ast::ExprKind::Int(_)
            | ast::ExprKind::Bool(_)
            | ast::ExprKind::Str(_)
            | ast::ExprKind::Unit
            | ast::ExprKind::Error => return,
            ast::ExprKind::Var(var) => return self.names_lookup(*var, e.span),
            _ => {}
        }
        if self.stack.has_room(RED_ZONE) {
            return self.names_expr_inner(e);
        }
        self.names_expr_on_new_stack(e);
    }

    #[cold]
    #[inline(never)]
    fn names_expr_on_new_stack(&mut self, e: &'r ast::Expr<'r>) {
        let saved = self.stack;
        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
            self.stack = StackLimit::here();
            self.names_expr_inner(e);
        });
        self.stack = saved;
    }

    fn names_expr_inner(&mut self, e: &'r ast::Expr<'r>) {
        match &e.kind {
            ast::ExprKind::Int(_)
            | ast::ExprKind::Bool(_)
            | ast::ExprKind::Str(_)
            | ast::ExprKind::Unit
            | ast::ExprKind::Error => {}
            ast::ExprKind::Var(var) => self.names_lookup(*var, e.span),
            ast::ExprKind::Unary(_, a) | ast::ExprKind::Assert(a) => self.names_expr(a),
            ast::ExprKind::Binary(op, l, r, _) => self.names_binary(*op, l, r),
            ast::ExprKind::App(app) => self.names_app(&app.func, app.args, None),
            ast::ExprKind::Seq(a, b) => {
                self.names_expr(a);
                self.names_expr(b);
            }
            ast::ExprKind::If(i) => {
                self.names_expr(&i.cond);
                self.names_expr(&i.then_branch);
                if let Some(b) = &i.else_branch {
                    self.names_expr(b);
                }
            }
            ast::ExprKind::Let(l) => {
                let mark = self.names.len();
                self.names_bindings(l.is_rec, l.bindings);
                self.names_expr(&l.body);
                self.close_scope(mark);
            }
            ast::ExprKind::Fun(f) => self.names_function(f.params, &f.body),
        }
    }

    fn names_binary(&mut self, op: BinOp, l: &'r ast::Expr<'r>, r: &'r ast::Expr<'r>) {
        match op.semantics() {
            Semantics::Pipe => self.names_app(r, &[], Some(l)),
            Semantics::AtAt => self.names_app(l, &[], Some(r)),
            _ => {
                self.names_expr(l);
                self.names_expr(r);
            }
        }
    }

    /// [`Resolver::app`]'s lookups in its order: the function of the
    /// flattened chain, then the arguments, innermost application first.
    fn names_app(
        &mut self,
        func: &'r ast::Expr<'r>,
        args: &'r [ast::Expr<'r>],
        arg: Option<&'r ast::Expr<'r>>,
    ) {
        if let (ast::ExprKind::Var(var), [l, r], None) = (&func.kind, args, arg) {
            if let Some(&b @ Builtin::Op(op)) = self.builtins.get(&Name(var.name())) {
                self.refer(*var, Referent::Builtin(b));
                return self.names_binary(op, l, r);
            }
        }
        let base = self.segments.len();
        self.segments.push((args, arg));
        let mut callee = func;
        while let Some((f, a, x)) = nested_app(callee) {
            self.segments.push((a, x));
            callee = f;
        }
        match &callee.kind {
            ast::ExprKind::Var(var) => self.names_lookup(*var, callee.span),
            _ => self.names_expr(callee),
        }
        // Innermost first; the arguments' own chains push above `base`
        // and pop back to where they started.
        for i in (base..self.segments.len()).rev() {
            let (a, x) = self.segments[i];
            if let Some(x) = x {
                self.names_expr(x);
            }
            for e in a {
                self.names_expr(e);
            }
        }
        self.segments.truncate(base);
    }
}

/// The function of an application.
#[derive(Clone, Copy)]
enum Callee<'r> {
    /// A built-in or known function, with its arity.
    Exact(Exact, usize),
    /// Any other function value.
    Value(Expr<'r>),
}

/// A callee known at resolve time.
#[derive(Clone, Copy)]
enum Exact {
    Builtin(Builtin),
    Known(FuncId, VarRef),
}

/// Damerau-Levenshtein distance (adjacent transpositions count one), as
/// OCaml's spell checker computes it; anything above `cutoff` is reported as
/// `cutoff + 1`.
fn edit_distance(a: &str, b: &str, cutoff: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > cutoff {
        return cutoff + 1;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()].min(cutoff + 1)
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("prnt_int", "print_int", 3), 1);
        assert_eq!(edit_distance("pritn_int", "print_int", 3), 1);
        assert_eq!(edit_distance("abc", "xyz", 1), 2);
        assert_eq!(edit_distance("same", "same", 1), 0);
    }
}

#[cfg(test)]
mod packed_tests {
    use super::{Builtin, Packed, Referent};

    #[test]
    fn every_referent_survives_packing() {
        assert!(Builtin::every().count() < 512, "room for the built-ins");
        for b in Builtin::every() {
            assert_eq!(
                Packed::new(Referent::Builtin(b)).get(),
                Referent::Builtin(b)
            );
        }
        for r in [
            Referent::Unbound,
            Referent::IntConstant,
            Referent::Binding(0),
            Referent::Binding(12_345),
            Referent::Binding(u32::MAX - 514),
        ] {
            assert_eq!(Packed::new(r).get(), r);
        }
        assert_eq!(size_of::<Packed>(), 4);
    }
}

#[cfg(test)]
mod names_only_tests {
    use std::path::Path;

    use region::Region;
    use testkit::random::{Parens, typed, untyped};

    use super::{resolve, resolve_names};
    use crate::syntax::parser;

    /// The referents and the diagnostics of both resolutions of `src`.
    fn assert_same(name: &str, src: &str) {
        let region = Region::new();
        let (ast, _) = parser::parse(src, &region);
        let full = resolve(&ast, &region);
        let names = resolve_names(&ast, &region);
        assert_eq!(full.referents(), names.referents(), "referents of {name}");
        assert_eq!(full.is_ok(), names.is_ok(), "{name}");
        assert_eq!(
            full.into_result().err(),
            names.into_result().err(),
            "diagnostics of {name}"
        );
    }

    fn ml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() && !path.ends_with("target") {
                ml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "ml") {
                out.push(path);
            }
        }
    }

    #[test]
    fn names_only_resolves_the_repository_programs_as_resolve() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in ["examples", "tests", "crates"] {
            ml_files(&root.join(dir), &mut files);
        }
        assert!(files.len() > 100, "found the corpus");
        for f in files {
            let src = std::fs::read_to_string(&f).unwrap_or_default();
            assert_same(&f.display().to_string(), &src);
        }
    }

    #[test]
    fn names_only_resolves_generated_programs_as_resolve() {
        let options = untyped::Options {
            lexical_and_syntax_errors: false,
            unbound_in_ill_typed: true,
        };
        for seed in 0..300 {
            let typed = typed::program(seed).render(Parens::Minimal);
            assert_same(&format!("typed {seed}"), &typed);
            let untyped = untyped::program(seed, options).program;
            assert_same(&format!("untyped {seed}"), &untyped.render(Parens::Minimal));
            let bench = testkit::generate_program(3000, seed);
            assert_same(&format!("bench {seed}"), &bench);
            // Cut anywhere: unbound names, half-written bindings.
            let mut end = bench.len() * (seed as usize % 97) / 97;
            while !bench.is_char_boundary(end) {
                end -= 1;
            }
            let cut = &bench[..end];
            assert_same(&format!("cut bench {seed}"), cut);
        }
    }

    #[test]
    fn names_only_looks_names_up_in_resolves_order() {
        // Chains flattened (`|>`, `@@`, nested applications), an operator
        // applied to two arguments, and more unbound names than are shown
        // with a hint, so that the order of discovery matters.
        let mut src = String::from(
            "let f x y = x + y\n\
             let a = (f (g 1)) (h 2) |> k @@ m\n\
             let b = (+) u v\n\
             let rec r x = r2 x and r2 y = r y\n\
             let rec bad = 1 and bad = fun z -> zz\n\
             let c = let p = 1 and p = 2 in q p\n\
             let d = fun x -> fun y -> x y w\n",
        );
        for i in 0..parser::MAX_ERRORS + 20 {
            src.push_str(&format!("let e{i} = n{i} |> (fun x -> x) |> mm{i}\n"));
        }
        assert_same("chains", &src);
    }
}
