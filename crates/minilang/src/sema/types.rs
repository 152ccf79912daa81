//! Type terms of the checker, allocated in the compile's region: union-find
//! nodes linked through `Cell`s (with path compression), OCaml's levels for
//! generalisation (Rémy), unification with OCaml's error traces, and the
//! printing of types exactly as OCaml 4.13 prints them (including the line
//! breaking of `ocamlc -i`, a port of the `Format` module's algorithm), cut
//! short past a size limit where OCaml would hang.
//!
//! Every node is a [`Type`] in the [`Region`]; nothing here owns heap memory
//! per type (the worklists are reused, and live in the region too), so the
//! terms are released with the AST. The region-backed scope table and
//! stacks that the resolver and the checker share are here as well.
//!
//! # Levels
//!
//! As in OCaml's `Ctype`, every node carries a level: the depth of `let`s
//! (and of a few other constructs) at which it was created. Unifying a
//! variable with a type lowers the levels in that type to the variable's,
//! so after a `let` right-hand side has been typed, the nodes whose level is
//! still above the current one belong to no enclosing binding and are
//! generalised: their level becomes [`GENERIC`]. An instance copies the
//! generic nodes and shares the rest. A node's level is never below the
//! levels of the nodes under it, which lets every walk stop early.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;

use crate::pretty::{BoxKind, Formatter};
use crate::syntax::ast::Symbol;
use region::Region;

/// The level of a generalised node: a variable of a type scheme, or a node
/// with one under it.
pub const GENERIC: u32 = u32::MAX;

/// Stack kept free before a recursive walk of a type grows the stack.
const RED_ZONE: usize = 64 * 1024;
/// Size of each stack segment allocated for deep types.
const STACK_SEGMENT: usize = 2 * 1024 * 1024;

/// The type constructors without parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// `int`
    Int,
    /// `bool` (a variant type: `false | true`)
    Bool,
    /// `string`
    String,
    /// `unit` (a variant type: `()`)
    Unit,
}

impl Base {
    /// The name OCaml prints.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Base::Int => "int",
            Base::Bool => "bool",
            Base::String => "string",
            Base::Unit => "unit",
        }
    }
}

/// What a type node is.
#[derive(Clone, Copy, Debug)]
pub enum Node<'r> {
    /// An unknown type.
    Var,
    /// Unified with another node: that one is this type's representative.
    Link(&'r Type<'r>),
    /// A constructor without parameters.
    Base(Base),
    /// `arg -> res`. The flag is OCaml's "commutation ok": the arrow comes
    /// from a function's definition or a built-in's type (not from applying
    /// an unknown function), which decides how an application's arguments
    /// are typed.
    Arrow(&'r Type<'r>, &'r Type<'r>, bool),
}

/// A type node in the region. Compare nodes with [`same`], after [`repr`].
pub struct Type<'r> {
    node: Cell<Node<'r>>,
    level: Cell<u32>,
    /// Visit mark of the walk that last saw this node.
    mark: Cell<u32>,
}

impl<'r> Type<'r> {
    /// What this node is (possibly a link: use [`repr`] first).
    #[must_use]
    pub fn node(&self) -> Node<'r> {
        self.node.get()
    }

    /// Its level ([`GENERIC`] once generalised).
    #[must_use]
    pub fn level(&self) -> u32 {
        self.level.get()
    }

    /// Whether this is (the representative of) an unknown type.
    #[must_use]
    pub fn is_var(&'r self) -> bool {
        matches!(repr(self).node(), Node::Var)
    }

    /// The base type this is, if it is one.
    #[must_use]
    pub fn base(&'r self) -> Option<Base> {
        match repr(self).node() {
            Node::Base(b) => Some(b),
            _ => None,
        }
    }

    /// Argument and result, if this is a function type.
    #[must_use]
    pub fn arrow(&'r self) -> Option<(&'r Type<'r>, &'r Type<'r>)> {
        match repr(self).node() {
            Node::Arrow(a, r, _) => Some((a, r)),
            _ => None,
        }
    }
}

impl fmt::Debug for Type<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names = Names::default();
        f.write_str(&names.display(self))
    }
}

// Types are released with the region, never dropped one by one.
const _: () = {
    assert!(!std::mem::needs_drop::<Type<'static>>());
    assert!(!std::mem::needs_drop::<Node<'static>>());
    assert!(size_of::<Node<'static>>() == 24);
    assert!(size_of::<Type<'static>>() == 32);
};

/// Whether two nodes are the same node.
#[must_use]
pub fn same<'r>(a: &Type<'r>, b: &Type<'r>) -> bool {
    std::ptr::eq(a, b)
}

/// The representative of `t`'s class: follows links, and points every node
/// on the way straight at it (path compression).
#[must_use]
pub fn repr<'r>(t: &'r Type<'r>) -> &'r Type<'r> {
    let root = repr_nc(t);
    let mut cur = t;
    while let Node::Link(next) = cur.node.get() {
        if !same(next, root) {
            cur.node.set(Node::Link(root));
        }
        cur = next;
    }
    root
}

/// [`repr`] without compression (for walks that link nodes temporarily).
fn repr_nc<'a, 'r>(t: &'a Type<'r>) -> &'a Type<'r> {
    let mut root = t;
    while let Node::Link(next) = root.node.get() {
        root = next;
    }
    root
}

/// The region's limit was reached: there is no room for another type node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfMemory;

// ----- scratch memory in the region ------------------------------------------

/// A vector whose buffer lives in the compile's region: the resolver's and
/// the checker's working stacks, so that a compile makes no call to the
/// global allocator. Grown only through [`TryPush`], so that a region
/// limit is an error, never an abort.
pub(crate) type RVec<'r, T> = allocator_api2::vec::Vec<T, &'r Region>;

/// Pushing onto an [`RVec`] without aborting when the region is full.
pub(crate) trait TryPush<T> {
    /// Appends `value`, or fails if the region has no room to grow.
    fn try_push(&mut self, value: T) -> Result<(), OutOfMemory>;
}

impl<T> TryPush<T> for RVec<'_, T> {
    #[inline(always)]
    fn try_push(&mut self, value: T) -> Result<(), OutOfMemory> {
        if self.len() == self.capacity() {
            self.try_reserve(1).map_err(|_| OutOfMemory)?;
        }
        self.push(value);
        Ok(())
    }
}

/// The lowest address the current stack (segment) may grow to, as far as
/// `stacker` knows, so that a recursion can check its depth with one
/// comparison and call [`stacker::maybe_grow`] only near the end of the
/// stack (the check is the same as `maybe_grow`'s, without its cost).
#[derive(Clone, Copy, Debug)]
pub(crate) struct StackLimit(usize);

impl StackLimit {
    /// The limit of the stack this runs on (none known: every check fails,
    /// and `maybe_grow` decides).
    #[inline(never)]
    pub(crate) fn here() -> StackLimit {
        let sp = stack_address();
        StackLimit(match stacker::remaining_stack() {
            Some(remaining) => sp.saturating_sub(remaining),
            None => usize::MAX,
        })
    }

    /// Whether more than `red_zone` bytes of stack are left.
    #[inline(always)]
    pub(crate) fn has_room(self, red_zone: usize) -> bool {
        stack_address()
            .checked_sub(self.0)
            .is_some_and(|left| left > red_zone)
    }
}

/// An address in the current stack frame.
#[inline(always)]
fn stack_address() -> usize {
    let marker = 0_u8;
    std::ptr::addr_of!(marker) as usize
}

/// A name as a hash-map key: hashed by its bytes and compared inline
/// (names are short; a call to `memcmp` per probe costs more than the
/// comparison).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Name<'r>(pub(crate) &'r str);

impl PartialEq for Name<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let n = a.len();
        let word =
            |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
        let half =
            |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("4 bytes"));
        match n {
            // First and last words, overlapping: every byte is compared.
            8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
            4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
            0..=3 => a.iter().zip(b).all(|(x, y)| x == y),
            _ => a == b,
        }
    }
}

impl Eq for Name<'_> {}

impl std::hash::Hash for Name<'_> {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write(self.0.as_bytes());
    }
}

/// A hash map in the region, keyed by names. The hash is foldhash's fast
/// one, seeded per map, so that a program cannot be written to make its
/// names collide.
pub(crate) type NameMap<'r, V> =
    hashbrown::HashMap<Name<'r>, V, foldhash::fast::RandomState, &'r Region>;

/// The built-ins by name ([`Builtin::from_name`] as one hash lookup), in
/// the region.
pub(crate) fn builtin_names(region: &Region) -> NameMap<'_, crate::runtime::builtins::Builtin> {
    use crate::runtime::builtins::{Builtin, OPERATORS};
    let mut map = NameMap::with_hasher_in(foldhash::fast::RandomState::default(), region);
    let n = Builtin::ALL.len() + OPERATORS.len();
    if map.try_reserve(n).is_ok() {
        // `from_name` prefers the named built-ins: they go in first.
        for b in Builtin::ALL {
            map.entry(Name(b.name())).or_insert(b);
        }
        for op in OPERATORS {
            map.entry(Name(op.as_str())).or_insert(Builtin::Op(op));
        }
    }
    // Out of memory: an empty map; `check`/`resolve` then report the limit.
    map
}

/// No binding ([`Scopes`]).
const NO_ENTRY: u32 = u32::MAX;

/// The names in scope, innermost binding of each first, all in the region:
/// a stack of bindings (each knowing the one of the same name it shadows)
/// and, per [`Symbol`] of the program, its innermost binding (an index, no
/// hashing). Scopes close by truncating the stack to a mark.
pub(crate) struct Scopes<'r, V> {
    heads: RVec<'r, u32>,
    stack: RVec<'r, (&'r Symbol<'r>, V, u32)>,
}

impl<'r, V> Scopes<'r, V> {
    /// Empty scopes for a program of `symbols` distinct names.
    pub(crate) fn new(region: &'r Region, symbols: u32) -> Result<Self, OutOfMemory> {
        let mut heads = RVec::new_in(region);
        heads
            .try_reserve_exact(symbols as usize)
            .map_err(|_| OutOfMemory)?;
        heads.resize(symbols as usize, NO_ENTRY);
        Ok(Scopes {
            heads,
            stack: RVec::new_in(region),
        })
    }

    /// The number of bindings: a mark to close scopes at.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.stack.len()
    }

    /// Binds `symbol` to `value`, shadowing its previous binding.
    #[inline]
    pub(crate) fn push(&mut self, symbol: &'r Symbol<'r>, value: V) -> Result<(), OutOfMemory> {
        let index = u32::try_from(self.stack.len()).map_err(|_| OutOfMemory)?;
        self.stack.try_reserve(1).map_err(|_| OutOfMemory)?;
        let head = self
            .heads
            .get_mut(symbol.index as usize)
            .ok_or(OutOfMemory)?;
        let shadowed = std::mem::replace(head, index);
        self.stack.push((symbol, value, shadowed));
        Ok(())
    }

    /// The innermost binding of `symbol`.
    #[inline]
    pub(crate) fn get(&self, symbol: &Symbol<'_>) -> Option<&V> {
        match self.heads.get(symbol.index as usize) {
            Some(&i) if i != NO_ENTRY => Some(&self.stack[i as usize].1),
            _ => None,
        }
    }

    /// Removes the innermost binding of all, making the one it shadowed
    /// visible again.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(&'r Symbol<'r>, V)> {
        let (symbol, value, shadowed) = self.stack.pop()?;
        if let Some(head) = self.heads.get_mut(symbol.index as usize) {
            *head = shadowed;
        }
        Some((symbol, value))
    }

    /// Closes the scopes opened since `mark`.
    pub(crate) fn truncate(&mut self, mark: usize) {
        while self.stack.len() > mark {
            self.pop();
        }
    }

    /// Every name with a binding, in no particular order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &'r str> + '_ {
        self.heads
            .iter()
            .filter(|&&i| i != NO_ENTRY)
            .map(|&i| self.stack[i as usize].0.text)
    }
}

/// A new node, or [`OutOfMemory`].
pub type Alloc<'r> = Result<&'r Type<'r>, OutOfMemory>;

/// Why two types do not unify: the pairs being unified from the outermost
/// (the two types given) to the innermost, where they clash; or a
/// variable that would have to contain itself.
#[derive(Debug)]
pub struct Mismatch<'r> {
    /// `(got, expected)` pairs, outermost first; never empty.
    pub trace: Vec<(&'r Type<'r>, &'r Type<'r>)>,
    /// The occurs check: this variable (or, for a clash OCaml reports
    /// without explanation, this function type) occurs inside this type.
    pub occurs: Option<(&'r Type<'r>, &'r Type<'r>)>,
}

/// The type store of one compile: allocates nodes in the region, tracks the
/// current level, and implements unification, generalisation and instances.
pub struct Types<'r> {
    region: &'r Region,
    level: u32,
    epoch: u32,
    /// `int`, `bool`, `string`, `unit` as generic nodes (OCaml's `Predef`
    /// types): the expected type of a condition is one, instantiated at
    /// each unification.
    predef: [&'r Type<'r>; 4],
    /// Nodes linked to their copies while an instance is made.
    restore: RVec<'r, (&'r Type<'r>, Node<'r>)>,
    /// Worklist of the iterative walks.
    work: RVec<'r, (&'r Type<'r>, bool)>,
    /// An allocation failed (the region's limit).
    out_of_memory: bool,
}

impl fmt::Debug for Types<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Types")
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

impl<'r> Types<'r> {
    /// A store allocating in `region`, at level 1 (the top level).
    ///
    /// # Errors
    /// [`OutOfMemory`] if the region's limit leaves no room for the four
    /// base types.
    pub fn new(region: &'r Region) -> Result<Types<'r>, OutOfMemory> {
        let base = |b| {
            region
                .try_alloc(node(Node::Base(b), GENERIC))
                .map(|t| &*t)
                .map_err(|_| OutOfMemory)
        };
        Ok(Types {
            region,
            level: 1,
            epoch: 0,
            predef: [
                base(Base::Int)?,
                base(Base::Bool)?,
                base(Base::String)?,
                base(Base::Unit)?,
            ],
            restore: RVec::new_in(region),
            work: RVec::new_in(region),
            out_of_memory: false,
        })
    }

    /// Records that the region had no room for a working stack; returns the
    /// error to pass on.
    pub(crate) fn note_out_of_memory(&mut self) -> OutOfMemory {
        self.out_of_memory = true;
        OutOfMemory
    }

    /// Whether an allocation failed: the region's limit was reached.
    #[must_use]
    pub fn out_of_memory(&self) -> bool {
        self.out_of_memory
    }

    fn alloc(&mut self, n: Node<'r>, level: u32) -> Alloc<'r> {
        match self.region.try_alloc(node(n, level)) {
            Ok(t) => Ok(t),
            Err(_) => {
                self.out_of_memory = true;
                Err(OutOfMemory)
            }
        }
    }

    /// The current level.
    #[must_use]
    pub fn level(&self) -> u32 {
        self.level
    }

    /// Sets the current level (used to recover after an error).
    pub fn set_level(&mut self, level: u32) {
        self.level = level;
    }

    /// One level deeper (OCaml's `begin_def`).
    pub fn enter(&mut self) {
        self.level += 1;
    }

    /// Back one level (OCaml's `end_def`).
    pub fn exit(&mut self) {
        self.level -= 1;
    }

    /// A new node of a base type, at the current level. As in OCaml, each
    /// literal, constructor and built-in type has nodes of its own: which
    /// node is which shows in some unification errors.
    ///
    /// # Errors
    /// [`OutOfMemory`] when the region is full.
    pub fn base(&mut self, b: Base) -> Alloc<'r> {
        self.alloc(Node::Base(b), self.level)
    }

    /// The generic node of a base type (copied by [`Types::instance`]).
    #[must_use]
    pub fn predef(&self, b: Base) -> &'r Type<'r> {
        match b {
            Base::Int => self.predef[0],
            Base::Bool => self.predef[1],
            Base::String => self.predef[2],
            Base::Unit => self.predef[3],
        }
    }

    /// A fresh variable at the current level.
    ///
    /// # Errors
    /// [`OutOfMemory`] when the region is full.
    pub fn var(&mut self) -> Alloc<'r> {
        self.alloc(Node::Var, self.level)
    }

    /// A fresh generalised variable: every instance of it is a fresh variable.
    ///
    /// # Errors
    /// [`OutOfMemory`] when the region is full.
    pub fn generic_var(&mut self) -> Alloc<'r> {
        self.alloc(Node::Var, GENERIC)
    }

    /// `a -> r`, as a function's type ("commutation ok").
    ///
    /// # Errors
    /// [`OutOfMemory`] when the region is full.
    pub fn arrow(&mut self, a: &'r Type<'r>, r: &'r Type<'r>) -> Alloc<'r> {
        self.alloc(Node::Arrow(a, r, true), self.level)
    }

    /// `a -> r`, made up when an unknown function is applied.
    ///
    /// # Errors
    /// [`OutOfMemory`] when the region is full.
    pub fn arrow_unknown(&mut self, a: &'r Type<'r>, r: &'r Type<'r>) -> Alloc<'r> {
        self.alloc(Node::Arrow(a, r, false), self.level)
    }

    /// Whether `t` is a function type whose arguments may be typed as those
    /// of a known function.
    #[must_use]
    pub fn known_arrow(t: &'r Type<'r>) -> Option<(&'r Type<'r>, &'r Type<'r>)> {
        match repr(t).node() {
            Node::Arrow(a, r, true) => Some((a, r)),
            _ => None,
        }
    }

    fn next_epoch(&mut self) -> u32 {
        self.epoch = self.epoch.wrapping_add(2);
        if self.epoch == 0 {
            self.epoch = 2;
        }
        self.epoch
    }

    // ----- levels -----------------------------------------------------------

    /// Queues `item` on the worklist; `false` (and the store marked out of
    /// memory) if the region has no room for it.
    #[inline]
    fn push_work(&mut self, item: (&'r Type<'r>, bool)) -> bool {
        if self.work.try_push(item).is_ok() {
            return true;
        }
        self.out_of_memory = true;
        false
    }

    /// Lowers to `level` every node of `t` above it (OCaml's `update_level`).
    #[inline]
    pub fn update_level(&mut self, level: u32, t: &'r Type<'r>) {
        // Most often nothing is above the level, or only one node.
        let t = repr(t);
        if t.level.get() <= level {
            return;
        }
        if !matches!(t.node.get(), Node::Arrow(..)) {
            t.level.set(level);
            return;
        }
        self.update_arrow_level(level, t);
    }

    /// [`Types::update_level`] of a function type above `level`.
    #[inline(never)]
    fn update_arrow_level(&mut self, level: u32, t: &'r Type<'r>) {
        self.work.clear();
        let mut next = Some(t);
        // Results are followed in the loop, arguments queued.
        while let Some(t) = next.take().or_else(|| self.work.pop().map(|(t, _)| t)) {
            let t = repr(t);
            if t.level.get() > level {
                t.level.set(level);
                if let Node::Arrow(a, r, _) = t.node.get() {
                    if !self.push_work((a, false)) {
                        return;
                    }
                    next = Some(r);
                }
            }
        }
    }

    /// Generalises `t`: every node above the current level becomes generic.
    pub fn generalize(&mut self, t: &'r Type<'r>) {
        let level = self.level;
        self.work.clear();
        let mut next = Some(t);
        while let Some(t) = next.take().or_else(|| self.work.pop().map(|(t, _)| t)) {
            let t = repr(t);
            let l = t.level.get();
            if l > level && l != GENERIC {
                t.level.set(GENERIC);
                if let Node::Arrow(a, r, _) = t.node.get() {
                    if !self.push_work((a, false)) {
                        return;
                    }
                    next = Some(r);
                }
            }
        }
    }

    /// The relaxed value restriction: the variables of `t` under the
    /// argument of an arrow are kept at the current level (so they are not
    /// generalised: OCaml's weak variables); those only in results are not.
    pub fn lower_contravariant(&mut self, t: &'r Type<'r>) {
        let level = self.level;
        let co = self.next_epoch();
        let contra = co + 1;
        self.work.clear();
        if !self.push_work((t, false)) {
            return;
        }
        while let Some((t, is_contra)) = self.work.pop() {
            let t = repr(t);
            let mark = t.mark.get();
            let seen = mark == co || mark == contra;
            let must_visit = t.level.get() > level && (!seen || (is_contra && mark == co));
            if !must_visit {
                continue;
            }
            t.mark.set(if is_contra { contra } else { co });
            match t.node.get() {
                Node::Var if is_contra => t.level.set(level),
                Node::Arrow(a, r, _)
                    if !(self.push_work((r, is_contra)) && self.push_work((a, true))) =>
                {
                    return;
                }
                _ => {}
            }
        }
    }

    // ----- instances --------------------------------------------------------

    /// An instance of `t`: its generic nodes copied (fresh variables at the
    /// current level), sharing preserved, the rest shared.
    ///
    /// # Errors
    /// [`OutOfMemory`] when the region is full.
    pub fn instance(&mut self, t: &'r Type<'r>) -> Alloc<'r> {
        if repr_nc(t).level.get() != GENERIC {
            return Ok(t);
        }
        let copy = self.copy(t, StackLimit::here());
        for (node, saved) in self.restore.drain(..) {
            node.node.set(saved);
        }
        copy
    }

    /// Copies `t`, on the stack whose limit is `stack` (one comparison per
    /// node; a new stack segment near its end).
    fn copy(&mut self, t: &'r Type<'r>, stack: StackLimit) -> Alloc<'r> {
        if stack.has_room(RED_ZONE) {
            return self.copy_node(t, stack);
        }
        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
            self.copy_node(t, StackLimit::here())
        })
    }

    fn copy_node(&mut self, t: &'r Type<'r>, stack: StackLimit) -> Alloc<'r> {
        let t = repr_nc(t);
        if t.level.get() != GENERIC {
            return Ok(t);
        }
        let saved = t.node.get();
        // The copy, linked from the original until the copy is done, so
        // that shared nodes are copied once.
        let c = self.var()?;
        if self.restore.try_push((t, saved)).is_err() {
            self.out_of_memory = true;
            return Err(OutOfMemory);
        }
        t.node.set(Node::Link(c));
        match saved {
            Node::Arrow(a, r, known) => {
                let a = self.copy(a, stack)?;
                let r = self.copy(r, stack)?;
                c.node.set(Node::Arrow(a, r, known));
            }
            Node::Base(b) => c.node.set(Node::Base(b)),
            Node::Var | Node::Link(_) => {}
        }
        Ok(c)
    }

    // ----- unification ------------------------------------------------------

    /// Whether the node `v` occurs in `t`. Out of memory, it says yes
    /// (the compile fails anyway; no cycle is made).
    fn occurs(&mut self, v: &'r Type<'r>, t: &'r Type<'r>) -> bool {
        let epoch = self.next_epoch();
        self.work.clear();
        let mut next = Some(t);
        while let Some(t) = next.take().or_else(|| self.work.pop().map(|(t, _)| t)) {
            let t = repr(t);
            if same(t, v) {
                return true;
            }
            // A node below the variable's level cannot contain it.
            if t.mark.get() == epoch || t.level.get() < v.level.get() {
                continue;
            }
            t.mark.set(epoch);
            if let Node::Arrow(a, r, _) = t.node.get() {
                if !self.push_work((a, false)) {
                    return true;
                }
                next = Some(r);
            }
        }
        false
    }

    /// Unifies `got` (an expression's type) with `expected`, as OCaml's
    /// `Ctype.unify` does: variables are linked after the occurs check and
    /// the levels are lowered; arrows are unified argument first. On
    /// failure, what was unified before the clash stays unified.
    pub fn unify(&mut self, got: &'r Type<'r>, expected: &'r Type<'r>) -> Result<(), Mismatch<'r>> {
        // The common cases without a walk: what `unify_inner` does when
        // neither side has anything under it.
        let t1 = repr(got);
        let t2 = repr(expected);
        if same(t1, t2) {
            return Ok(());
        }
        let lower = |t: &Type<'r>, level: u32| {
            if t.level.get() > level {
                t.level.set(level);
            }
        };
        match (t1.node.get(), t2.node.get()) {
            (Node::Var, Node::Var | Node::Base(_)) => {
                lower(t2, t1.level.get());
                t1.node.set(Node::Link(t2));
                Ok(())
            }
            (Node::Base(_), Node::Var) => {
                lower(t1, t2.level.get());
                t2.node.set(Node::Link(t1));
                Ok(())
            }
            (Node::Base(a), Node::Base(b)) if a == b => {
                let level = t1.level.get().min(t2.level.get());
                t1.level.set(level);
                t2.level.set(level);
                t1.node.set(Node::Link(t2));
                Ok(())
            }
            _ => stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.unify_inner(t1, t2)),
        }
    }

    fn unify_inner(&mut self, t1: &'r Type<'r>, t2: &'r Type<'r>) -> Result<(), Mismatch<'r>> {
        let t1 = repr(t1);
        let t2 = repr(t2);
        if same(t1, t2) {
            return Ok(());
        }
        match (t1.node.get(), t2.node.get()) {
            (Node::Var, _) => {
                if self.occurs(t1, t2) {
                    return Err(Mismatch {
                        trace: vec![(t1, t2)],
                        occurs: Some((t1, t2)),
                    });
                }
                self.update_level(t1.level.get(), t2);
                t1.node.set(Node::Link(t2));
                Ok(())
            }
            (_, Node::Var) => {
                if self.occurs(t2, t1) {
                    return Err(Mismatch {
                        trace: vec![(t1, t2)],
                        occurs: Some((t2, t1)),
                    });
                }
                self.update_level(t2.level.get(), t1);
                t2.node.set(Node::Link(t1));
                Ok(())
            }
            (saved, other) => {
                // As OCaml: a node cannot be unified with a type containing
                // it (that would make a cycle); reported without a message.
                if self.occurs(t1, t2) {
                    return Err(Mismatch {
                        trace: vec![(t1, t2)],
                        occurs: Some((t1, t2)),
                    });
                }
                let level = t1.level.get().min(t2.level.get());
                self.update_level(level, t1);
                self.update_level(level, t2);
                // Linked first (sharing), unlinked again if they clash.
                t1.node.set(Node::Link(t2));
                let result = match (saved, other) {
                    (Node::Base(a), Node::Base(b)) if a == b => Ok(()),
                    (Node::Arrow(a1, r1, k1), Node::Arrow(a2, r2, k2)) => {
                        let r = self.unify(a1, a2).and_then(|()| self.unify(r1, r2));
                        if r.is_ok() && k1 && !k2 {
                            t2.node.set(Node::Arrow(a2, r2, true));
                        }
                        r
                    }
                    _ => Err(Mismatch {
                        trace: Vec::new(),
                        occurs: None,
                    }),
                };
                if let Err(mut m) = result {
                    t1.node.set(saved);
                    m.trace.insert(0, (t1, t2));
                    return Err(m);
                }
                Ok(())
            }
        }
    }

    /// Whether `a` and `b` could be unified (nothing is changed).
    #[must_use]
    ///
    /// Gives up (`false`) past [`TRIAL_STEPS`] steps: types can be
    /// exponentially large as trees.
    pub fn unifiable(&self, a: &'r Type<'r>, b: &'r Type<'r>) -> bool {
        let mut trial = Trial {
            subst: HashMap::new(),
            steps: TRIAL_STEPS,
        };
        unifiable(a, b, &mut trial)
    }

    /// Unifies `t` with a fresh variable at the current level: lowers its
    /// levels (OCaml's `unify_var env (newvar ()) t`).
    pub fn lower_to_current(&mut self, t: &'r Type<'r>) {
        let level = self.level;
        self.update_level(level, t);
    }

    /// `t` as a function type `a -> r` (a variable becomes one, at its own
    /// level), or `None` if it is another type (OCaml's `filter_arrow`).
    ///
    /// # Errors
    /// [`OutOfMemory`] when the region is full.
    pub fn filter_arrow(
        &mut self,
        t: &'r Type<'r>,
    ) -> Result<Option<(&'r Type<'r>, &'r Type<'r>)>, OutOfMemory> {
        let t = repr(t);
        Ok(match t.node.get() {
            Node::Var => {
                let level = t.level.get();
                let a = self.alloc(Node::Var, level)?;
                let r = self.alloc(Node::Var, level)?;
                let arrow = self.alloc(Node::Arrow(a, r, true), level)?;
                t.node.set(Node::Link(arrow));
                Some((a, r))
            }
            Node::Arrow(a, r, _) => Some((a, r)),
            _ => None,
        })
    }
}

/// The most steps [`Types::unifiable`] takes.
pub const TRIAL_STEPS: usize = 100_000;

/// A trial unification: a substitution of variables, and a step budget.
struct Trial<'r> {
    subst: HashMap<usize, &'r Type<'r>>,
    steps: usize,
}

impl<'r> Trial<'r> {
    /// A type node under the substitution.
    fn resolve(&self, t: &'r Type<'r>) -> &'r Type<'r> {
        let mut t = repr_nc(t);
        while let Some(&next) = self.subst.get(&std::ptr::from_ref(t).addr()) {
            t = repr_nc(next);
        }
        t
    }

    /// Counts a step; `false` once the budget is spent.
    fn step(&mut self) -> bool {
        self.steps = self.steps.saturating_sub(1);
        self.steps > 0
    }
}

/// Whether `v` occurs in `t` under the trial substitution (or the budget ran out).
fn occurs_under<'r>(v: &'r Type<'r>, t: &'r Type<'r>, trial: &mut Trial<'r>) -> bool {
    if !trial.step() {
        return true;
    }
    let t = trial.resolve(t);
    if same(v, t) {
        return true;
    }
    match t.node.get() {
        Node::Arrow(a, r, _) => {
            stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || occurs_under(v, a, trial))
                || occurs_under(v, r, trial)
        }
        _ => false,
    }
}

fn unifiable<'r>(a: &'r Type<'r>, b: &'r Type<'r>, trial: &mut Trial<'r>) -> bool {
    if !trial.step() {
        return false;
    }
    let a = trial.resolve(a);
    let b = trial.resolve(b);
    if same(a, b) {
        return true;
    }
    match (a.node.get(), b.node.get()) {
        (Node::Var, _) => {
            let ok = !occurs_under(a, b, trial);
            if ok {
                trial.subst.insert(std::ptr::from_ref(a).addr(), b);
            }
            ok
        }
        (_, Node::Var) => unifiable(b, a, trial),
        (Node::Base(x), Node::Base(y)) => x == y,
        (Node::Arrow(a1, r1, _), Node::Arrow(a2, r2, _)) => {
            stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || unifiable(a1, a2, trial))
                && unifiable(r1, r2, trial)
        }
        _ => false,
    }
}

fn node(n: Node<'_>, level: u32) -> Type<'_> {
    Type {
        node: Cell::new(n),
        level: Cell::new(level),
        mark: Cell::new(0),
    }
}

// ----- printing ----------------------------------------------------------------

/// Names of type variables while types are printed, as OCaml's `Printtyp`
/// gives them: `'a`, `'b`, ... `'z`, `'a1`, ... in order of appearance;
/// in a scheme (`-i`), variables that were not generalised are `'_weak1`,
/// `'_weak2`, ... numbered once for the whole signature.
#[derive(Debug, Default)]
pub struct Names {
    /// Variable (by address) to name, for this type or message.
    names: HashMap<usize, String>,
    counter: usize,
    /// Weak variables, named for good.
    weak: HashMap<usize, String>,
    weak_counter: usize,
    /// Printing a scheme: non-generalised variables are weak.
    scheme: bool,
    /// Characters the current type may still take (types can be
    /// exponentially large as trees; past this they end with `...`).
    budget: usize,
}

impl Names {
    /// Names for a signature (`-i`).
    #[must_use]
    pub fn for_schemes() -> Names {
        Names {
            scheme: true,
            ..Names::default()
        }
    }

    /// Forgets the names of ordinary variables (not of weak ones): the next
    /// type starts again at `'a` (OCaml's `reset`).
    pub fn reset(&mut self) {
        self.names.clear();
        self.counter = 0;
    }

    fn name(&mut self, t: &Type<'_>) -> String {
        let key = std::ptr::from_ref(t).addr();
        if let Some(n) = self.names.get(&key) {
            return format!("'{n}");
        }
        if let Some(n) = self.weak.get(&key) {
            return format!("'{n}");
        }
        if self.scheme && t.level.get() != GENERIC {
            self.weak_counter += 1;
            let n = format!("_weak{}", self.weak_counter);
            self.weak.insert(key, n.clone());
            return format!("'{n}");
        }
        let i = self.counter;
        self.counter += 1;
        let letter = char::from(b'a' + (i % 26) as u8);
        let n = if i < 26 {
            letter.to_string()
        } else {
            format!("{letter}{}", i / 26)
        };
        self.names.insert(key, n.clone());
        format!("'{n}")
    }

    /// `t` on one line, as OCaml writes it (`(int -> 'a) -> 'a`), naming
    /// its variables in this context.
    #[must_use]
    ///
    /// A type longer than [`MESSAGE_TYPE_LIMIT`] characters is cut, with
    /// `...` at the end.
    pub fn display(&mut self, t: &Type<'_>) -> String {
        let mut out = String::new();
        self.budget = MESSAGE_TYPE_LIMIT;
        self.write_type(&mut out, t);
        out
    }

    /// Takes `n` characters from the budget; on the first failure, `...`
    /// goes out instead (and nothing more after it).
    fn spend(&mut self, n: usize, out: &mut impl FnMut(&str)) -> bool {
        if self.budget > n {
            self.budget -= n;
            return true;
        }
        if self.budget > 0 {
            self.budget = 0;
            out("...");
        }
        false
    }

    fn write_type(&mut self, out: &mut String, t: &Type<'_>) {
        // Right-nested arrows in a loop, arguments recursively.
        let mut t = repr_nc(t);
        while let Node::Arrow(a, r, _) = t.node.get() {
            self.write_simple(out, a);
            if !self.spend(4, &mut |s| out.push_str(s)) {
                return;
            }
            out.push_str(" -> ");
            t = repr_nc(r);
        }
        self.write_simple(out, t);
    }

    fn write_simple(&mut self, out: &mut String, t: &Type<'_>) {
        let t = repr_nc(t);
        if !self.spend(2, &mut |s| out.push_str(s)) {
            return;
        }
        match t.node.get() {
            Node::Var | Node::Link(_) => out.push_str(&self.name(t)),
            Node::Base(b) => out.push_str(b.name()),
            Node::Arrow(..) => stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
                out.push('(');
                self.write_type(out, t);
                out.push(')');
            }),
        }
    }

    /// Emits `t` into `f` as OCaml's `Oprint.print_out_type` does (one box
    /// per arrow, a break after each `->`, a box around each constructor).
    fn format_type(&mut self, f: &mut Formatter, t: &Type<'_>) {
        let mut t = repr_nc(t);
        let mut opened = 0;
        while let Node::Arrow(a, r, _) = t.node.get() {
            f.open_box(0, BoxKind::Structural);
            opened += 1;
            self.format_simple(f, a);
            if !self.spend(4, &mut |s| f.text(s)) {
                break;
            }
            f.text(" ->");
            f.space();
            t = repr_nc(r);
        }
        self.format_simple(f, t);
        for _ in 0..opened {
            f.close_box();
        }
    }

    fn format_simple(&mut self, f: &mut Formatter, t: &Type<'_>) {
        let t = repr_nc(t);
        if !self.spend(2, &mut |s| f.text(s)) {
            return;
        }
        match t.node.get() {
            Node::Var | Node::Link(_) => {
                let name = self.name(t);
                f.text(&name);
            }
            Node::Base(b) => {
                f.open_box(0, BoxKind::Structural);
                f.text(b.name());
                f.close_box();
            }
            Node::Arrow(..) => stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
                f.open_box(1, BoxKind::Structural);
                f.text("(");
                self.format_type(f, t);
                f.text(")");
                f.close_box();
            }),
        }
    }
}

/// The most characters of a type in a message (OCaml has no limit, and
/// hangs printing a type that is exponentially large as a tree).
pub const MESSAGE_TYPE_LIMIT: usize = 64 * 1024;
/// The most characters of a type in a signature.
pub const SIGNATURE_TYPE_LIMIT: usize = 1024 * 1024;

/// The signature of a compilation unit as `ocamlc -i` prints it: one
/// `val name : type` per value, type variables named per value, long types
/// broken over lines exactly as OCaml's `Format` breaks them (margin 78).
/// A type longer than [`SIGNATURE_TYPE_LIMIT`] is cut with `...`.
#[must_use]
pub fn signature(values: &[(&str, &Type<'_>)]) -> String {
    let mut names = Names::for_schemes();
    let mut f = Formatter::new();
    f.open_box(0, BoxKind::Vertical);
    for (i, (name, ty)) in values.iter().enumerate() {
        if i > 0 {
            f.space();
        }
        names.reset();
        names.budget = SIGNATURE_TYPE_LIMIT;
        f.open_box(2, BoxKind::Structural);
        f.text("val ");
        f.text(name);
        f.text(" :");
        f.space();
        names.format_type(&mut f, ty);
        f.close_box();
    }
    f.close_box();
    f.print_newline();
    // Every text printed above is a `&str`: the bytes are UTF-8.
    String::from_utf8_lossy(&f.into_bytes()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrows<'r>(types: &mut Types<'r>, args: &[&'r Type<'r>], res: &'r Type<'r>) -> &'r Type<'r> {
        args.iter()
            .rev()
            .fold(res, |acc, a| types.arrow(a, acc).expect("room"))
    }

    #[test]
    fn short_signatures_stay_on_one_line() {
        let region = Region::new();
        let mut types = Types::new(&region).expect("room");
        let a = types.generic_var().expect("room");
        let id = types.arrow(a, a).expect("room");
        let int = types.base(Base::Int).expect("room");
        let f = arrows(&mut types, &[int, int], int);
        assert_eq!(
            signature(&[("id", id), ("f", f)]),
            "val id : 'a -> 'a\nval f : int -> int -> int\n"
        );
        assert_eq!(signature(&[]), "\n");
    }

    // The expected text is what `ocamlc -i` printed for
    // `let f a b c ... z a1 b1 c1 = 1`.
    #[test]
    fn long_signatures_break_as_ocamlc_does() {
        let region = Region::new();
        let mut types = Types::new(&region).expect("room");
        let vars: Vec<_> = (0..29)
            .map(|_| types.generic_var().expect("room"))
            .collect();
        let int = types.base(Base::Int).expect("room");
        let f = arrows(&mut types, &vars, int);
        let expected = "val f :\n  'a ->\n  'b ->\n  'c ->\n  'd ->\n  'e ->\n  'f ->\n  'g ->\n  'h ->\n  'i ->\n  'j ->\n  'k ->\n  'l ->\n  'm ->\n  'n ->\n  'o ->\n  'p ->\n  'q ->\n  'r ->\n  's -> 't -> 'u -> 'v -> 'w -> 'x -> 'y -> 'z -> 'a1 -> 'b1 -> 'c1 -> int\n";
        assert_eq!(signature(&[("f", f)]), expected);
    }

    #[test]
    fn unification_links_lowers_levels_and_checks_occurrence() {
        let region = Region::new();
        let mut types = Types::new(&region).expect("room");
        types.enter();
        let a = types.var().expect("room");
        let int = types.base(Base::Int).expect("room");
        let fa = types.arrow(a, int).expect("room");
        types.exit();
        let b = types.var().expect("room");
        assert!(types.unify(b, fa).is_ok());
        assert!(same(repr(b), fa));
        // `a` was at a deeper level; it is now at the level of `b`.
        assert_eq!(repr(a).level(), 1);
        let m = types.unify(a, b).expect_err("a occurs in b");
        assert!(m.occurs.is_some());
        let string = types.base(Base::String).expect("room");
        let other = types.arrow(int, string).expect("room");
        let m = types.unify(fa, other).expect_err("int is not string");
        assert_eq!(m.trace.len(), 2);
        // The argument unified before the clash stays unified.
        assert_eq!(repr(a).base(), Some(Base::Int));
    }

    #[test]
    fn instances_copy_only_generic_nodes() {
        let region = Region::new();
        let mut types = Types::new(&region).expect("room");
        types.enter();
        let a = types.var().expect("room");
        let id = types.arrow(a, a).expect("room");
        types.exit();
        types.generalize(id);
        let i1 = types.instance(id).expect("room");
        let i2 = types.instance(id).expect("room");
        assert!(!same(i1, i2));
        let (x, y) = i1.arrow().expect("an arrow");
        assert!(same(repr(x), repr(y)));
        let mut names = Names::default();
        assert_eq!(names.display(i1), "'a -> 'a");
        // The scheme is intact.
        assert_eq!(repr(id).level(), GENERIC);
    }

    #[test]
    fn a_full_region_is_an_error_not_a_panic() {
        let region = Region::builder().limit(4096).build();
        let mut types = Types::new(&region).expect("room for the base types");
        let mut failed = false;
        for _ in 0..1000 {
            if types.var().is_err() {
                failed = true;
                break;
            }
        }
        assert!(failed && types.out_of_memory());
    }
}
