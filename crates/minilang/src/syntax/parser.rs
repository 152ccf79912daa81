//! The parser: tokens to a syntax tree, by recursive descent with an
//! operator-precedence loop, generic over the tree it builds.
//!
//! # Grammar (`docs/language.md`, §2 and §3)
//!
//! ```text
//! program  := { ";;" | item }                  expression items only first or after ";;"
//! item     := "let" ["rec"] binding {"and" binding}      (a definition, or with "in" an expression)
//!           | seq
//! binding  := pattern "=" seq | IDENT pattern+ "=" seq
//! pattern  := IDENT | "_" | "(" ")"
//! seq      := expr [";" [seq]]                 right-associative; a trailing ";" is allowed
//! expr     := operand {binop operand}          precedence table of spec §3, levels 4-9
//! operand  := {"-" | "+"} (let | if | fun | app)
//! let      := "let" ["rec"] binding {"and" binding} "in" seq
//! if       := "if" seq "then" expr ["else" expr]
//! fun      := "fun" pattern+ "->" seq
//! app      := "assert" atom | atom {atom}
//! atom     := INT | STRING | "true" | "false" | IDENT | "String" "." IDENT
//!           | "(" ")" | "(" seq ")" | "begin" "end" | "begin" seq "end"
//!           | "(" binop ")"                   the operator as a function, a variable named `+`
//! ```
//!
//! Because `let`, `if` and `fun` are operands, they may be the right operand
//! of a binary operator (`1 + let x = 1 in x`) but never an argument (`f if`
//! is an error); their bodies extend as far right as possible.
//!
//! # Design
//!
//! - The parser never fails: it always returns a tree, with
//!   [`ExprKind::Error`](crate::syntax::ast::ExprKind::Error) nodes where the source
//!   is broken, and reports every syntax error in one run (at most
//!   [`MAX_ERRORS`], then one "and N more errors" diagnostic).
//! - It never overflows the stack. Chains do not nest: binary-operator
//!   chains, `;` sequences, prefix operators and argument lists are loops
//!   with explicit stacks, and so are `let ... in let ... in`, `fun` chains
//!   and `else if` ladders (see `parse_construct`). True nesting
//!   (parentheses, operands that are `let`/`if`/`fun`, conditions) recurses
//!   through [`stacker::maybe_grow`], up to [`MAX_DEPTH`] levels, past which
//!   one clean diagnostic stops the parse.
//! - It is generic over a [`Builder`], monomorphised, so the same code builds
//!   the region-allocated [`ast`] ([`RegionBuilder`]) or the
//!   `Box`-based mirror in `testkit::boxed`. Lists are collected on
//!   reusable scratch stacks and handed to the builder as exact-size
//!   iterators, so the region path allocates nothing per node outside the
//!   region.

use std::fmt;
use std::hash::BuildHasher as _;

use allocator_api2::alloc::{Allocator, Global};
use allocator_api2::vec::Vec as AVec;
use region::Region;

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{self, BinOp, Span, UnOp};
use crate::syntax::lexer::{self, Lexed, Lexer, Token, TokenKind as T};

/// At most this many diagnostics are reported; the rest are counted in a
/// final "and N more errors" diagnostic.
pub const MAX_ERRORS: usize = 100;

/// The deepest nesting (parentheses, `begin`, conditions, operands that are
/// `let`/`if`/`fun`) that is parsed; deeper input gets one clean diagnostic.
/// Chains such as `1 + 1 + ...`, `a; b; ...`, `let a = 1 in let b = 2 in
/// ...` or `else if` ladders do not nest and have no limit. A level costs
/// under 1 KiB of (heap-allocated, grown on demand) stack in release builds.
pub const MAX_DEPTH: u32 = 150_000;

/// Grow the stack when less than this is left...
const RED_ZONE: usize = 256 * 1024;
/// ...by a new segment of this size.
const STACK_SEGMENT: usize = 8 * 1024 * 1024;

/// Makes tree nodes for the parser. The parser decides the shape; the
/// builder decides the representation.
///
/// Lists (arguments, parameters, bindings, items) arrive as exact-size
/// iterators draining the parser's scratch stacks, left to right.
pub trait Builder {
    /// An expression node.
    type Expr;
    /// A pattern node.
    type Pattern;
    /// One binding of a `let`.
    type Binding;
    /// A top-level item.
    type Item;
    /// The whole program.
    type Program;

    /// An integer literal, already wrapped to 63 bits.
    fn int(&mut self, value: i64, span: Span) -> Self::Expr;
    /// `true` or `false`.
    fn bool(&mut self, value: bool, span: Span) -> Self::Expr;
    /// A string literal, escapes decoded.
    fn string(&mut self, bytes: &[u8], span: Span) -> Self::Expr;
    /// A string literal with escapes: `fill` writes its `len` decoded
    /// bytes into the slice it is given. By default through a temporary
    /// buffer and [`Builder::string`].
    fn string_with(&mut self, len: usize, fill: impl FnOnce(&mut [u8]), span: Span) -> Self::Expr {
        let mut bytes = vec![0; len];
        fill(&mut bytes);
        self.string(&bytes, span)
    }
    /// `()` or `begin end`.
    fn unit(&mut self, span: Span) -> Self::Expr;
    /// A variable or a qualified name such as `String.length`.
    fn var(&mut self, name: &str, span: Span) -> Self::Expr;
    /// A prefix operator.
    fn unary(&mut self, op: UnOp, operand: Self::Expr, span: Span) -> Self::Expr;
    /// An infix operator.
    /// An infix operator; the operator's token starts at `op_start`.
    fn binary(
        &mut self,
        op: BinOp,
        lhs: Self::Expr,
        rhs: Self::Expr,
        op_start: u32,
        span: Span,
    ) -> Self::Expr;
    /// An application with at least one argument.
    fn app(
        &mut self,
        func: Self::Expr,
        args: impl ExactSizeIterator<Item = Self::Expr>,
        span: Span,
    ) -> Self::Expr;
    /// `assert e`.
    fn assert(&mut self, cond: Self::Expr, span: Span) -> Self::Expr;
    /// `first; second`.
    fn seq(&mut self, first: Self::Expr, second: Self::Expr, span: Span) -> Self::Expr;
    /// `if cond then a [else b]`.
    fn if_(
        &mut self,
        cond: Self::Expr,
        then_branch: Self::Expr,
        else_branch: Option<Self::Expr>,
        span: Span,
    ) -> Self::Expr;
    /// `let [rec] bindings in body`.
    fn let_in(
        &mut self,
        is_rec: bool,
        bindings: impl ExactSizeIterator<Item = Self::Binding>,
        body: Self::Expr,
        span: Span,
    ) -> Self::Expr;
    /// `fun params -> body`.
    fn fun(
        &mut self,
        params: impl ExactSizeIterator<Item = Self::Pattern>,
        body: Self::Expr,
        span: Span,
    ) -> Self::Expr;
    /// A piece of source that failed to parse (already reported).
    fn error(&mut self, span: Span) -> Self::Expr;

    /// A variable pattern.
    fn pat_var(&mut self, name: &str, span: Span) -> Self::Pattern;
    /// The wildcard `_`.
    fn pat_wildcard(&mut self, span: Span) -> Self::Pattern;
    /// The unit pattern `()`.
    fn pat_unit(&mut self, span: Span) -> Self::Pattern;

    /// `pattern params = body`; `params` is empty unless it is the sugar
    /// `let f x y = ...`.
    fn binding(
        &mut self,
        pattern: Self::Pattern,
        params: impl ExactSizeIterator<Item = Self::Pattern>,
        body: Self::Expr,
        span: Span,
    ) -> Self::Binding;

    /// A top-level definition `let [rec] bindings`.
    fn item_let(
        &mut self,
        is_rec: bool,
        bindings: impl ExactSizeIterator<Item = Self::Binding>,
        span: Span,
    ) -> Self::Item;
    /// A top-level expression.
    fn item_expr(&mut self, expr: Self::Expr) -> Self::Item;
    /// The whole program.
    fn program(&mut self, items: impl ExactSizeIterator<Item = Self::Item>) -> Self::Program;
    /// A parenthesised expression (`(e)`, `begin e end`, `(e;)`): the span
    /// of `e` and the span with the delimiters, called when the closing one
    /// is read. A tree that keeps parentheses records it (the region AST's
    /// [`Program::locations`](ast::Program::locations)); by default dropped.
    fn paren(&mut self, inner: Span, outer: Span) {
        let _ = (inner, outer);
    }

    /// Where the builder first failed to allocate a node, if it did (its
    /// memory is limited). The parser then stops at the next item and
    /// reports [`E_MEMORY_LIMIT`](crate::diagnostics::E_MEMORY_LIMIT) once.
    fn alloc_failure(&self) -> Option<Span> {
        None
    }
}

/// Builds the region-allocated [`ast`]: every node and name is
/// allocated in one [`Region`].
///
/// Allocation is fallible: when the region's
/// [`limit`](region::RegionBuilder::limit) is reached, the node being built
/// becomes an [`ExprKind::Error`](crate::syntax::ast::ExprKind::Error) node (a list
/// becomes empty), the span is recorded, the parser stops at the next item,
/// and [`parse_lexed`] reports one
/// [`E_MEMORY_LIMIT`](crate::diagnostics::E_MEMORY_LIMIT) diagnostic. The fast
/// path is the region's bump either way; only the failure path is extra.
#[derive(Debug)]
pub struct RegionBuilder<'r> {
    region: &'r Region,
    /// The names met so far, each interned once.
    symbols: Interner<'r>,
    hasher: foldhash::fast::FixedState,
    /// How many names, uses and bindings so far.
    counts: ast::Counts,
    /// Where the first allocation failed, if one did.
    failed_at: Option<Span>,
    /// The program's [`ast::Locations::parens`] so far.
    parens: AVec<ast::Parens, &'r Region>,
}

impl<'r> RegionBuilder<'r> {
    /// A builder allocating in `region`.
    #[must_use]
    pub fn new(region: &'r Region) -> Self {
        // Like the parser's scratch stacks, the table is on the heap when
        // the region has a limit: only the tree meets it.
        let symbols = if region.limit().is_some() {
            Interner::Heap(hashbrown::HashTable::new())
        } else {
            Interner::Region(hashbrown::HashTable::new_in(region))
        };
        RegionBuilder {
            region,
            symbols,
            hasher: foldhash::fast::FixedState::default(),
            counts: ast::Counts::default(),
            failed_at: None,
            parens: AVec::new_in(region),
        }
    }

    #[inline]
    fn expr(kind: ast::ExprKind<'r>, span: Span) -> ast::Expr<'r> {
        ast::Expr { kind, span }
    }

    /// Records an allocation failure at `span`; returns an error node there.
    #[cold]
    #[inline(never)]
    fn failed(&mut self, span: Span) -> ast::Expr<'r> {
        self.failed_at.get_or_insert(span);
        Self::expr(ast::ExprKind::Error, span)
    }

    /// `kind(node)` with `node` moved into the region, or an error node.
    #[inline]
    fn node<T: 'r>(
        &mut self,
        node: T,
        span: Span,
        kind: impl FnOnce(&'r T) -> ast::ExprKind<'r>,
    ) -> ast::Expr<'r> {
        match self.region.try_alloc(node) {
            Ok(node) => Self::expr(kind(node), span),
            Err(_) => self.failed(span),
        }
    }

    /// The symbol of `name`, interned on first sight (`None` when the
    /// region is full).
    #[inline]
    fn intern(&mut self, name: &str) -> Option<&'r ast::Symbol<'r>> {
        let hash = self.hasher.hash_one(name);
        let same = |s: &&'r ast::Symbol<'r>| same_name(s.text.as_bytes(), name.as_bytes());
        let found = match &self.symbols {
            Interner::Region(table) => table.find(hash, same),
            Interner::Heap(table) => table.find(hash, same),
        };
        match found {
            Some(&symbol) => Some(symbol),
            None => self.intern_new(name, hash),
        }
    }

    #[inline(never)]
    fn intern_new(&mut self, name: &str, hash: u64) -> Option<&'r ast::Symbol<'r>> {
        let text: &'r str = self.region.try_alloc_str(name).ok()?;
        let index = self.counts.symbols;
        let symbol: &'r ast::Symbol<'r> =
            self.region.try_alloc(ast::Symbol { text, index }).ok()?;
        let hasher = &self.hasher;
        let rehash = |s: &&'r ast::Symbol<'r>| hasher.hash_one(s.text);
        match &mut self.symbols {
            Interner::Region(table) => {
                table.try_reserve(1, rehash).ok()?;
                table.insert_unique(hash, symbol, rehash);
            }
            Interner::Heap(table) => {
                table.insert_unique(hash, symbol, rehash);
            }
        }
        self.counts.symbols += 1;
        Some(symbol)
    }

    /// A list moved into the region (empty if it does not fit).
    #[inline]
    fn list<T: 'r>(&mut self, items: impl ExactSizeIterator<Item = T>, span: Span) -> &'r [T] {
        match self.region.try_alloc_slice_fill_iter(items) {
            Ok(list) => list,
            Err(_) => {
                self.failed(span);
                &[]
            }
        }
    }
}

impl<'r> Builder for RegionBuilder<'r> {
    type Expr = ast::Expr<'r>;
    type Pattern = ast::Pattern<'r>;
    type Binding = ast::Binding<'r>;
    type Item = ast::Item<'r>;
    type Program = ast::Program<'r>;

    #[inline]
    fn int(&mut self, value: i64, span: Span) -> Self::Expr {
        Self::expr(ast::ExprKind::Int(value), span)
    }
    #[inline]
    fn bool(&mut self, value: bool, span: Span) -> Self::Expr {
        Self::expr(ast::ExprKind::Bool(value), span)
    }
    #[inline]
    fn string(&mut self, bytes: &[u8], span: Span) -> Self::Expr {
        match self.region.try_alloc_slice_copy(bytes) {
            Ok(s) => Self::expr(ast::ExprKind::Str(s), span),
            Err(_) => self.failed(span),
        }
    }
    #[inline]
    fn string_with(&mut self, len: usize, fill: impl FnOnce(&mut [u8]), span: Span) -> Self::Expr {
        match self
            .region
            .try_alloc_slice_fill_iter(std::iter::repeat_n(0u8, len))
        {
            Ok(s) => {
                fill(s);
                Self::expr(ast::ExprKind::Str(s), span)
            }
            Err(_) => self.failed(span),
        }
    }
    #[inline]
    fn unit(&mut self, span: Span) -> Self::Expr {
        Self::expr(ast::ExprKind::Unit, span)
    }
    #[inline]
    fn var(&mut self, name: &str, span: Span) -> Self::Expr {
        let Some(symbol) = self.intern(name) else {
            return self.failed(span);
        };
        let id = self.counts.uses;
        self.counts.uses += 1;
        Self::expr(ast::ExprKind::Var(ast::VarUse { symbol, id }), span)
    }
    #[inline]
    fn unary(&mut self, op: UnOp, operand: Self::Expr, span: Span) -> Self::Expr {
        self.node(operand, span, |e| ast::ExprKind::Unary(op, e))
    }
    #[inline]
    fn binary(
        &mut self,
        op: BinOp,
        lhs: Self::Expr,
        rhs: Self::Expr,
        op_start: u32,
        span: Span,
    ) -> Self::Expr {
        self.node([lhs, rhs], span, |[l, r]| {
            ast::ExprKind::Binary(op, l, r, op_start)
        })
    }
    #[inline]
    fn app(
        &mut self,
        func: Self::Expr,
        args: impl ExactSizeIterator<Item = Self::Expr>,
        span: Span,
    ) -> Self::Expr {
        let args = self.list(args, span);
        self.node(ast::App { func, args }, span, ast::ExprKind::App)
    }
    #[inline]
    fn assert(&mut self, cond: Self::Expr, span: Span) -> Self::Expr {
        self.node(cond, span, ast::ExprKind::Assert)
    }
    #[inline]
    fn seq(&mut self, first: Self::Expr, second: Self::Expr, span: Span) -> Self::Expr {
        self.node([first, second], span, |[a, b]| ast::ExprKind::Seq(a, b))
    }
    #[inline]
    fn if_(
        &mut self,
        cond: Self::Expr,
        then_branch: Self::Expr,
        else_branch: Option<Self::Expr>,
        span: Span,
    ) -> Self::Expr {
        let node = ast::If {
            cond,
            then_branch,
            else_branch,
        };
        self.node(node, span, ast::ExprKind::If)
    }
    #[inline]
    fn let_in(
        &mut self,
        is_rec: bool,
        bindings: impl ExactSizeIterator<Item = Self::Binding>,
        body: Self::Expr,
        span: Span,
    ) -> Self::Expr {
        let bindings = self.list(bindings, span);
        let node = ast::Let {
            is_rec,
            bindings,
            body,
        };
        self.node(node, span, ast::ExprKind::Let)
    }
    #[inline]
    fn fun(
        &mut self,
        params: impl ExactSizeIterator<Item = Self::Pattern>,
        body: Self::Expr,
        span: Span,
    ) -> Self::Expr {
        let params = self.list(params, span);
        self.node(ast::Fun { params, body }, span, ast::ExprKind::Fun)
    }
    #[inline]
    fn error(&mut self, span: Span) -> Self::Expr {
        Self::expr(ast::ExprKind::Error, span)
    }
    #[inline]
    fn pat_var(&mut self, name: &str, span: Span) -> Self::Pattern {
        let Some(symbol) = self.intern(name) else {
            self.failed(span);
            return ast::Pattern::Wildcard(span);
        };
        let id = self.counts.bindings;
        self.counts.bindings += 1;
        ast::Pattern::Var(ast::Ident { symbol, span, id })
    }
    #[inline]
    fn pat_wildcard(&mut self, span: Span) -> Self::Pattern {
        ast::Pattern::Wildcard(span)
    }
    #[inline]
    fn pat_unit(&mut self, span: Span) -> Self::Pattern {
        ast::Pattern::Unit(span)
    }
    #[inline]
    fn binding(
        &mut self,
        pattern: Self::Pattern,
        params: impl ExactSizeIterator<Item = Self::Pattern>,
        body: Self::Expr,
        span: Span,
    ) -> Self::Binding {
        let params = self.list(params, span);
        ast::Binding {
            pattern,
            params,
            body,
            span,
        }
    }
    #[inline]
    fn item_let(
        &mut self,
        is_rec: bool,
        bindings: impl ExactSizeIterator<Item = Self::Binding>,
        span: Span,
    ) -> Self::Item {
        ast::Item::Let {
            is_rec,
            bindings: self.list(bindings, span),
            span,
        }
    }
    #[inline]
    fn item_expr(&mut self, expr: Self::Expr) -> Self::Item {
        ast::Item::Expr(expr)
    }
    #[inline]
    fn program(&mut self, items: impl ExactSizeIterator<Item = Self::Item>) -> Self::Program {
        ast::Program {
            items: self.list(items, Span::default()),
            locations: ast::Locations {
                parens: std::mem::replace(&mut self.parens, AVec::new_in(self.region)).leak(),
            },
            counts: self.counts,
        }
    }
    fn paren(&mut self, inner: Span, outer: Span) {
        if self.parens.try_reserve(1).is_err() {
            self.failed(outer);
            return;
        }
        self.parens.push(ast::Parens { inner, outer });
    }
    #[inline]
    fn alloc_failure(&self) -> Option<Span> {
        self.failed_at
    }
}

/// How many times `needle` occurs in `haystack`: blocks of 128 bytes
/// counted in a `u8` (which the compiler turns into vector compares), so
/// that sizing a table from a 10 MB source costs about a millisecond.
fn count_byte(haystack: &[u8], needle: u8) -> usize {
    haystack
        .chunks(128)
        .map(|block| {
            let n = block
                .iter()
                .fold(0_u8, |n, &b| n.wrapping_add(u8::from(b == needle)));
            usize::from(n)
        })
        .sum()
}

/// `a == b` for names, which are short: two loads of each for up to 16
/// bytes (overlapping, so that every byte is compared) instead of a call
/// to `memcmp`, the most part of finding a name already interned.
#[inline(always)]
fn same_name(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word4 = |s: &[u8], i: usize| s[i..i + 4].try_into().map_or(0, u32::from_le_bytes);
    let word8 = |s: &[u8], i: usize| s[i..i + 8].try_into().map_or(0, u64::from_le_bytes);
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4),
        8..=16 => word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8),
        _ => a == b,
    }
}

/// The parser's table of names: scratch, like its stacks.
enum Interner<'r> {
    Region(hashbrown::HashTable<&'r ast::Symbol<'r>, &'r Region>),
    Heap(hashbrown::HashTable<&'r ast::Symbol<'r>>),
}

impl fmt::Debug for Interner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = match self {
            Interner::Region(map) => map.len(),
            Interner::Heap(map) => map.len(),
        };
        write!(f, "Interner({n} names)")
    }
}

/// Parses `src` into a tree allocated in `region`, with every lexical and
/// syntax error found. Never panics; always returns a tree.
///
/// Tokens are pulled from a streaming [`Lexer`] and the parser's scratch
/// stacks live in `region` too, so parsing a source without errors makes no
/// global-allocator calls once the region has grown to its steady size.
/// In a region with a [`limit`](Region::limit) the scratch stacks are on the
/// heap instead: they cannot fail to grow, so only the tree meets the limit
/// (and a full region ends the parse with one diagnostic, not an abort).
pub fn parse<'r>(src: &str, region: &'r Region) -> (ast::Program<'r>, Vec<Diagnostic>) {
    let mut builder = RegionBuilder::new(region);
    // Room for the parentheses at once: a table that grows leaves its old
    // buffers behind in the region. Every pair but `()` opens with a `(`
    // (a few more are in comments and strings).
    let opening = count_byte(src.as_bytes(), b'(');
    let _ = builder.parens.try_reserve_exact(opening);
    // The names' table likewise, from an estimate: one distinct name per
    // 64 bytes of source is a little more than programs have (the 10 MB
    // generated one: one per 90), and takes no more room than the tables
    // a growing one would leave behind; a table too small still grows.
    if let Interner::Region(table) = &mut builder.symbols {
        let hasher = &builder.hasher;
        let _ = table.try_reserve(src.len() / 64, |s| hasher.hash_one(s.text));
    }
    if region.limit().is_some() {
        run(src, Lexer::new(src), builder, Global)
    } else {
        run(src, Lexer::new(src), builder, region)
    }
}

/// Parses `src` with any [`Builder`] (scratch stacks on the heap).
pub fn parse_with<B: Builder>(src: &str, builder: B) -> (B::Program, Vec<Diagnostic>) {
    run(src, Lexer::new(src), builder, Global)
}

/// Parses already-lexed tokens of `src` (the lexer's diagnostics are merged
/// into the result).
pub fn parse_lexed<B: Builder>(
    src: &str,
    lexed: Lexed<'_>,
    builder: B,
) -> (B::Program, Vec<Diagnostic>) {
    let Lexed {
        tokens,
        diagnostics,
        ..
    } = lexed;
    let tokens = SliceTokens {
        tokens: &tokens,
        next: 0,
        diagnostics,
    };
    run(src, tokens, builder, Global)
}

/// Where the parser's tokens come from.
trait TokenSource {
    /// The next token; [`T::Eof`] at the end, and ever after.
    fn next(&mut self) -> Token;
    /// The lexical errors of the whole source.
    fn finish(self) -> Vec<Diagnostic>;
}

impl TokenSource for Lexer<'_> {
    #[inline(always)]
    fn next(&mut self) -> Token {
        Lexer::next(self)
    }
    fn finish(self) -> Vec<Diagnostic> {
        Lexer::finish(self)
    }
}

/// The tokens of a [`Lexed`].
struct SliceTokens<'t> {
    tokens: &'t [Token],
    next: usize,
    diagnostics: Vec<Diagnostic>,
}

impl TokenSource for SliceTokens<'_> {
    #[inline]
    fn next(&mut self) -> Token {
        match self.tokens.get(self.next) {
            Some(&t) => {
                self.next += 1;
                t
            }
            None => {
                let end = self.tokens.last().map_or(0, |t| t.span.end);
                Token {
                    kind: T::Eof,
                    span: Span::new(end, end),
                }
            }
        }
    }
    fn finish(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// Parses the tokens of `src` from `tokens`, with scratch stacks in `alloc`.
fn run<B: Builder, S: TokenSource, A: Allocator + Copy>(
    src: &str,
    mut tokens: S,
    builder: B,
    alloc: A,
) -> (B::Program, Vec<Diagnostic>) {
    let cur = tokens.next();
    let mut p = Parser {
        src,
        tokens,
        cur,
        ahead: [cur; 2],
        n_ahead: 0,
        prev_end: 0,
        consumed: 0,
        b: builder,
        exprs: AVec::new_in(alloc),
        pats: AVec::new_in(alloc),
        binds: AVec::new_in(alloc),
        items: AVec::new_in(alloc),
        ops: AVec::new_in(alloc),
        prefixes: AVec::new_in(alloc),
        frames: AVec::new_in(alloc),
        diags: Vec::new(),
        suppressed: 0,
        last_error_at: None,
        depth: 0,
        aborted: false,
        bad_literals: Vec::new(),
    };
    let program = p.parse_program();
    let mut lex_diags = p.tokens.finish();
    locate_bad_literals(&mut lex_diags, &p.bad_literals);
    let mut diags = merge_diagnostics(lex_diags, p.diags, p.suppressed);
    if let Some(span) = p.b.alloc_failure() {
        diags.push(Diagnostic::memory_limit(span, "the syntax tree"));
    }
    (program, diags)
}

/// Lexer and parser diagnostics in source order, capped at [`MAX_ERRORS`].
fn merge_diagnostics(
    lex: Vec<Diagnostic>,
    parse: Vec<Diagnostic>,
    suppressed: usize,
) -> Vec<Diagnostic> {
    let mut all = lex;
    if !parse.is_empty() {
        all.extend(parse);
        all.sort_by_key(|d| d.primary.span.start);
    }
    cap_diagnostics(all, suppressed)
}

/// The code of the final "and N more errors" diagnostic.
pub const E_TOO_MANY_ERRORS: Code = Code::E0199;

/// Keeps the first [`MAX_ERRORS`] of `all` and, if any were dropped (or
/// `suppressed`, a count of errors already left out, is not zero), ends the
/// list with one `E_TOO_MANY_ERRORS` diagnostic that counts them.
#[must_use]
pub fn cap_diagnostics(mut all: Vec<Diagnostic>, mut suppressed: usize) -> Vec<Diagnostic> {
    if all.len() > MAX_ERRORS {
        suppressed += all.len() - MAX_ERRORS;
        all.truncate(MAX_ERRORS);
    }
    if suppressed > 0 {
        let at = all.last().map_or(Span::default(), |d| d.primary.span);
        let plural = if suppressed == 1 { "" } else { "s" };
        all.push(
            Diagnostic::error(
                E_TOO_MANY_ERRORS,
                format!("and {suppressed} more error{plural}"),
                at,
                "the last error shown",
            )
            .with_help(format!(
                "only the first {MAX_ERRORS} errors are shown; fix these and compile again"
            )),
        );
    }
    all
}

/// A binary operator token, with its precedence (higher binds tighter) and
/// whether it associates to the left (from the operator table).
#[inline]
fn binop(kind: T) -> Option<(BinOp, u8, bool)> {
    let op = BinOp::from_token(kind)?;
    Some((op, op.precedence(), op.is_left_assoc()))
}

/// An infix operator on the parser's stack.
#[derive(Clone, Copy, Debug)]
enum Infix {
    /// One of minilang's.
    Known(BinOp),
    /// One OCaml lexes but minilang does not define, at this span: an
    /// application of the (unbound) name.
    Other(Span),
}

/// The infix operator `t` is, with its precedence and whether it is left
/// associative.
fn infix(src: &str, t: Token) -> Option<(Infix, u8, bool)> {
    if t.kind == T::OtherInfix {
        let (prec, left) = lexer::other_infix_precedence(&src[t.span.range()]);
        return Some((Infix::Other(t.span), prec, left));
    }
    let (op, prec, left) = binop(t.kind)?;
    Some((Infix::Known(op), prec, left))
}

fn precedence(src: &str, op: Infix) -> u8 {
    match op {
        Infix::Known(op) => op.precedence(),
        Infix::Other(span) => lexer::other_infix_precedence(&src[span.range()]).0,
    }
}

/// Tokens that start an atom, hence an argument.
fn starts_atom(kind: T) -> bool {
    matches!(
        kind,
        T::Int(_)
            | T::Str(_)
            | T::True
            | T::False
            | T::Ident
            | T::Uident
            | T::LParen
            | T::Begin
            | T::Error
            | T::Underscore
            | T::OtherPrefix
    )
}

/// Tokens that start an expression.
fn starts_expr(kind: T) -> bool {
    starts_atom(kind)
        || matches!(
            kind,
            T::Minus | T::Plus | T::Let | T::If | T::Fun | T::Assert
        )
}

/// Tokens that start a pattern.
fn starts_pattern(kind: T) -> bool {
    matches!(kind, T::Ident | T::Underscore | T::LParen | T::Error)
}

/// Tokens an expression that failed to start must leave to its parent.
fn is_recovery(kind: T) -> bool {
    binop(kind).is_some()
        || kind == T::OtherInfix
        || matches!(
            kind,
            T::RParen
                | T::End
                | T::Then
                | T::Else
                | T::In
                | T::And
                | T::Semi
                | T::SemiSemi
                | T::Eof
                | T::Let
        )
}

/// A construct whose body (or `else` branch) is still being parsed.
enum Frame<E> {
    /// `let [rec] bindings in _`; the bindings are on the scratch stack from `base`.
    Let {
        is_rec: bool,
        base: usize,
        start: u32,
    },
    /// `fun params -> _`; the parameters are on the scratch stack from `base`.
    Fun { base: usize, start: u32 },
    /// `if cond then then_branch else _`.
    Else { cond: E, then_branch: E, start: u32 },
}

struct Parser<'s, B: Builder, S, A: Allocator> {
    src: &'s str,
    tokens: S,
    /// The current token.
    cur: Token,
    /// The tokens after it already taken from `tokens` (`n_ahead` of them).
    ahead: [Token; 2],
    n_ahead: usize,
    /// The end of the last consumed token (or 0).
    prev_end: u32,
    /// How many tokens were consumed.
    consumed: usize,
    b: B,
    /// Scratch: arguments and sequence elements, with their outer spans.
    exprs: AVec<(B::Expr, Span), A>,
    /// Scratch: parameters.
    pats: AVec<B::Pattern, A>,
    /// Scratch: bindings.
    binds: AVec<B::Binding, A>,
    /// Scratch: top-level items.
    items: AVec<B::Item, A>,
    /// Scratch: the operator-precedence stack (left operand, its span,
    /// operator, where the operator starts).
    ops: AVec<(B::Expr, Span, Infix, u32), A>,
    /// Scratch: pending prefix operators and where they start.
    prefixes: AVec<(UnOp, u32), A>,
    /// Scratch: the pending `let`/`fun`/`else` of a chain.
    frames: AVec<Frame<B::Expr>, A>,
    diags: Vec<Diagnostic>,
    /// Errors not stored because [`MAX_ERRORS`] were already stored.
    suppressed: usize,
    /// Start of the last reported syntax error: one error per position.
    last_error_at: Option<u32>,
    depth: u32,
    /// Set when nesting went past [`MAX_DEPTH`]: the parse stops.
    aborted: bool,
    /// The literals rejected by the lexer (`1g`, `4611686018427387905`),
    /// in source order, with the location OCaml gives them.
    bad_literals: Vec<BadLiteral>,
}

/// An integer literal the lexer rejected, as OCaml's parser folds it: a
/// prefix `-` or `+` applied to a constant, and parentheses (or `begin`
/// ... `end`) around one, make one constant whose location is the whole
/// (`- (1g)` is the constant `-1g` at all of it), which OCaml's checker
/// then rejects.
#[derive(Clone, Copy, Debug)]
struct BadLiteral {
    /// The literal's token (the span of the lexer's diagnostic).
    token: Span,
    /// The constant it is part of: the span of its error node.
    outer: Span,
    /// Whether an odd number of `-` applies to it.
    negated: bool,
}

/// Gives each rejected literal's diagnostic (in `lex`) the location OCaml
/// reports, and its sign (see [`BadLiteral`]).
fn locate_bad_literals(lex: &mut [Diagnostic], bad: &[BadLiteral]) {
    for d in lex.iter_mut() {
        if d.code != Code::E0008 && d.code != Code::E0009 {
            continue;
        }
        let Ok(i) = bad.binary_search_by_key(&d.primary.span.start, |b| b.token.start) else {
            continue;
        };
        d.primary.span = bad[i].outer;
        if bad[i].negated && d.code == Code::E0009 {
            d.message = d.message.replacen(" for literal ", " for literal -", 1);
        }
    }
}

impl<B: Builder, S: TokenSource, A: Allocator> Parser<'_, B, S, A> {
    // ----- tokens -----

    #[inline]
    fn tok(&self) -> Token {
        self.cur
    }

    #[inline]
    fn peek(&self) -> T {
        self.cur.kind
    }

    /// The kind of the token `n` (1 or 2) after the current one.
    #[inline(never)]
    fn peek_at(&mut self, n: usize) -> T {
        debug_assert!((1..=2).contains(&n));
        if self.cur.kind == T::Eof {
            return T::Eof;
        }
        while self.n_ahead < n {
            let t = self.tokens.next();
            self.ahead[self.n_ahead] = t;
            self.n_ahead += 1;
            if t.kind == T::Eof {
                break;
            }
        }
        self.ahead[(n - 1).min(self.n_ahead - 1)].kind
    }

    #[inline]
    fn bump(&mut self) -> Token {
        let t = self.cur;
        if t.kind != T::Eof {
            self.prev_end = t.span.end;
            self.consumed += 1;
            if self.n_ahead == 0 {
                self.cur = self.tokens.next();
            } else {
                self.shift();
            }
        }
        t
    }

    /// Makes the first token read ahead the current one.
    #[inline(never)]
    fn shift(&mut self) {
        self.n_ahead -= 1;
        self.cur = self.ahead[0];
        self.ahead[0] = self.ahead[1];
    }

    #[inline]
    fn eat(&mut self, kind: T) -> Option<Span> {
        if self.peek() == kind {
            Some(self.bump().span)
        } else {
            None
        }
    }

    /// The end of the last consumed token (or 0).
    #[inline]
    fn prev_end(&self) -> u32 {
        self.prev_end
    }

    /// An empty span where the current token starts.
    fn here(&self) -> Span {
        let s = self.tok().span.start;
        Span::new(s, s)
    }

    /// Whether the current token is a `let` in the first column: most
    /// likely the next top-level definition, a point to recover at.
    fn at_definition(&self) -> bool {
        let t = self.tok();
        let start = t.span.start as usize;
        t.kind == T::Let && (start == 0 || self.src.as_bytes()[start - 1] == b'\n')
    }

    fn text(&self, span: Span) -> &str {
        &self.src[span.range()]
    }

    /// How the current token is called in messages.
    fn found(&self) -> String {
        let t = self.tok();
        match t.kind {
            T::Ident | T::Uident => format!("`{}`", self.text(t.span)),
            T::Int(_) => format!("`{}`", self.text(t.span)),
            k => k.describe().to_string(),
        }
    }

    // ----- diagnostics -----

    #[cold]
    #[inline(never)]
    fn report(&mut self, diag: Diagnostic) {
        if self.aborted || self.last_error_at == Some(diag.primary.span.start) {
            return;
        }
        self.last_error_at = Some(diag.primary.span.start);
        if self.diags.len() < MAX_ERRORS {
            self.diags.push(diag);
        } else {
            self.suppressed += 1;
        }
    }

    /// "Syntax error" at the current token, which is not consumed.
    #[cold]
    #[inline(never)]
    fn unexpected(&mut self, expected: &str) {
        let t = self.tok();
        let found = self.found();
        self.report(Diagnostic::error(
            Code::E0100,
            "Syntax error",
            t.span,
            format!("expected {expected}, found {found}"),
        ));
    }

    /// Consumes the closing `)`/`end` of an `opener`, or reports it missing
    /// and skips ahead to it. Returns the end of the construct.
    #[inline]
    fn expect_closing(&mut self, close: T, opener: Token) -> u32 {
        if let Some(sp) = self.eat(close) {
            return sp.end;
        }
        self.missing_closing(close, opener)
    }

    #[cold]
    #[inline(never)]
    fn missing_closing(&mut self, close: T, opener: Token) -> u32 {
        let (close_text, open_text) = if close == T::RParen {
            ("`)`", "`(`")
        } else {
            ("`end`", "`begin`")
        };
        let t = self.tok();
        let found = self.found();
        self.report(
            Diagnostic::error(
                Code::E0101,
                format!("Syntax error: {close_text} expected"),
                t.span,
                format!("expected {close_text}, found {found}"),
            )
            .with_label(opener.span, format!("this {open_text} might be unmatched")),
        );
        // Skip to the matching closer, if it comes before the next `;;` or
        // a `let` in the first column (most likely the next definition).
        let mut depth = 0u32;
        loop {
            match self.peek() {
                T::Eof | T::SemiSemi => break,
                T::Let if self.at_definition() => break,
                T::LParen | T::Begin => depth += 1,
                k @ (T::RParen | T::End) => {
                    if depth == 0 {
                        if k == close {
                            return self.bump().span.end;
                        }
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.bump();
        }
        self.prev_end()
    }

    /// Consumes a keyword that continues a construct (`then`, `in`, `->`,
    /// `=`), or reports it missing. Returns whether parsing the part after it
    /// makes sense: it was there, or what follows starts an expression and
    /// is not a `let` in the first column.
    fn expect_keyword(
        &mut self,
        kind: T,
        what: &str,
        construct: Span,
        construct_label: &str,
    ) -> bool {
        if self.eat(kind).is_some() {
            return true;
        }
        self.missing_keyword(what, construct, construct_label)
    }

    #[cold]
    #[inline(never)]
    fn missing_keyword(&mut self, what: &str, construct: Span, construct_label: &str) -> bool {
        let t = self.tok();
        let found = self.found();
        self.report(
            Diagnostic::error(
                Code::E0102,
                format!("Syntax error: {what} expected"),
                t.span,
                format!("expected {what}, found {found}"),
            )
            .with_label(construct, construct_label.to_string()),
        );
        starts_expr(self.peek()) && !self.at_definition()
    }

    // ----- items -----

    fn parse_program(&mut self) -> B::Program {
        let mut expr_allowed = true;
        loop {
            match self.peek() {
                T::Eof => break,
                _ if self.b.alloc_failure().is_some() => break,
                T::SemiSemi => {
                    self.bump();
                    expr_allowed = true;
                }
                T::Let => {
                    let let_tok = self.tok();
                    let (is_rec, base, head_end) = self.parse_let_head();
                    let item = if self.peek() == T::In {
                        let in_tok = self.bump();
                        if !expr_allowed {
                            self.report(
                                Diagnostic::error(Code::E0103, "Syntax error", in_tok.span, "`in` after a top-level definition")
                                    .with_label(let_tok.span, "this `let` is a top-level definition")
                                    .with_help(
                                        "a `let ... in` expression can only start the program or follow `;;`: \
                                         put `;;` before this `let`, or remove `in`",
                                    ),
                            );
                        }
                        let (body, body_span) = self.parse_seq();
                        let span = Span::new(let_tok.span.start, body_span.end);
                        let e = self.b.let_in(is_rec, self.binds.drain(base..), body, span);
                        self.b.item_expr(e)
                    } else {
                        // A missing right-hand side is an empty error node
                        // where the next token starts, past `prev_end`.
                        let span = Span::new(let_tok.span.start, self.prev_end().max(head_end));
                        self.b.item_let(is_rec, self.binds.drain(base..), span)
                    };
                    self.items.push(item);
                    expr_allowed = false;
                }
                _ if expr_allowed => {
                    let before = self.consumed;
                    let (e, _) = self.parse_seq();
                    let item = self.b.item_expr(e);
                    self.items.push(item);
                    expr_allowed = false;
                    if self.consumed == before {
                        // Nothing could be parsed (already reported): skip the token.
                        self.bump();
                    }
                }
                _ => {
                    let t = self.tok();
                    let found = self.found();
                    self.report(
                        Diagnostic::error(Code::E0100, "Syntax error", t.span, format!("unexpected {found}"))
                            .with_help("a top-level item is a `let` definition, or an expression first in the file or after `;;`"),
                    );
                    self.bump();
                    while !matches!(self.peek(), T::Let | T::SemiSemi | T::Eof) {
                        self.bump();
                    }
                }
            }
        }
        self.b.program(self.items.drain(..))
    }

    /// `let [rec] binding {and binding}`: pushes the bindings on the scratch
    /// stack and returns `is_rec`, where they start and where the last one
    /// ends.
    fn parse_let_head(&mut self) -> (bool, usize, u32) {
        self.bump(); // `let`
        let is_rec = self.eat(T::Rec).is_some();
        let base = self.binds.len();
        loop {
            let (b, end) = self.parse_binding();
            self.binds.push(b);
            if self.eat(T::And).is_none() {
                break (is_rec, base, end);
            }
        }
    }

    /// A binding and the end of its span.
    fn parse_binding(&mut self) -> (B::Binding, u32) {
        let start = self.tok().span;
        let base = self.pats.len();
        let mut unit_applied = false;
        let pattern = if self.peek() == T::Ident {
            // `let x = ...`, or `let f x y = ...` if patterns follow (read
            // as `parse_pattern` would, without looking ahead first).
            let t = self.bump();
            let name = &self.src[t.span.range()];
            let pattern = self.b.pat_var(name, t.span);
            while starts_pattern(self.peek()) {
                let p = self.parse_pattern();
                self.pats.push(p);
            }
            pattern
        } else if self.peek() == T::LParen
            && self.peek_at(1) == T::RParen
            && starts_pattern(self.peek_at(2))
        {
            let (pattern, rejected) = self.unit_applied();
            unit_applied = rejected;
            pattern
        } else {
            self.parse_pattern()
        };
        let (body, body_span) = if self.expect_keyword(T::Eq, "`=`", start, "in this binding") {
            let (body, body_span) = self.parse_seq();
            if unit_applied {
                // OCaml stops at the pattern: an error node, where
                // checking stops too, stands for the body.
                (self.b.error(body_span), body_span)
            } else {
                (body, body_span)
            }
        } else {
            let sp = self.here();
            (self.b.error(sp), sp)
        };
        let span = Span::new(start.start, body_span.end.max(start.end));
        (
            self.b.binding(pattern, self.pats.drain(base..), body, span),
            span.end,
        )
    }

    /// `let () p = ...`: OCaml reads the constructor `()` applied to the
    /// pattern `p`, and its checker rejects that unless `p` is `_` (then
    /// it is `let () = ...`). Rejected here as OCaml words it; the pattern
    /// becomes `_` and `p` a parameter, so that the body causes no error of
    /// its own.
    #[cold]
    #[inline(never)]
    /// Returns the pattern, and whether it was rejected.
    fn unit_applied(&mut self) -> (B::Pattern, bool) {
        let open = self.bump();
        let close = self.bump();
        let unit = open.span.to(close.span);
        if self.peek() == T::Underscore {
            self.bump();
            return (self.b.pat_unit(unit), false);
        }
        let arg = self.parse_pattern();
        let span = Span::new(unit.start, self.prev_end());
        if starts_pattern(self.peek()) {
            // `let () a b`: no pattern of OCaml's.
            self.unexpected("`=`");
            return (self.b.pat_wildcard(span), true);
        }
        self.report(
            Diagnostic::error(
                Code::E0408,
                "The constructor () expects 0 argument(s), but is applied here to 1 argument(s)",
                span,
                "`()` applied to a pattern",
            )
            .with_help(
                "`let () = ...` takes no parameter; to define a function, name it: `let f x = ...`",
            ),
        );
        self.pats.push(arg);
        (self.b.pat_wildcard(span), true)
    }

    fn parse_pattern(&mut self) -> B::Pattern {
        let t = self.tok();
        match t.kind {
            T::Ident => {
                self.bump();
                let name = &self.src[t.span.range()];
                self.b.pat_var(name, t.span)
            }
            T::Underscore => {
                self.bump();
                self.b.pat_wildcard(t.span)
            }
            T::LParen if self.peek_at(1) == T::RParen => {
                self.bump();
                let close = self.bump();
                self.b.pat_unit(t.span.to(close.span))
            }
            T::Error => {
                self.bump();
                self.b.pat_wildcard(t.span)
            }
            T::LParen => {
                // `(x)`, `(x : int)`, `(a, b)`: not v1 patterns. Skip to `)`.
                self.bump();
                let mut depth = 0u32;
                while !matches!(self.peek(), T::Eof | T::SemiSemi) {
                    match self.peek() {
                        T::LParen => depth += 1,
                        T::RParen if depth == 0 => break,
                        T::RParen => depth -= 1,
                        _ => {}
                    }
                    self.bump();
                }
                self.eat(T::RParen);
                let span = Span::new(t.span.start, self.prev_end());
                self.report(
                    Diagnostic::error(Code::E0104, "Syntax error: unsupported pattern", span, "not a pattern of minilang v1")
                        .with_help("a pattern is a name, `_` or `()`; parenthesised patterns are not supported"),
                );
                self.b.pat_wildcard(span)
            }
            _ => {
                self.unexpected("a pattern (a name, `_` or `()`)");
                if !is_recovery(t.kind) && !matches!(t.kind, T::Arrow) {
                    self.bump();
                }
                self.b.pat_wildcard(Span::new(t.span.start, t.span.start))
            }
        }
    }

    // ----- expressions -----

    /// `seq := expr [";" [seq]]`, as a loop folded to the right.
    fn parse_seq(&mut self) -> (B::Expr, Span) {
        // Most sequences are one expression: returned as it is, without
        // going through the scratch stack (and without copying it).
        let first = self.parse_expr();
        if self.peek() != T::Semi {
            return first;
        }
        self.parse_seq_rest(first)
    }

    /// The rest of a sequence whose first element is `first`, at a `;`.
    #[inline(never)]
    fn parse_seq_rest(&mut self, first: (B::Expr, Span)) -> (B::Expr, Span) {
        let base = self.exprs.len();
        self.exprs.push(first);
        loop {
            if self.peek() == T::Semi {
                self.bump();
                if starts_expr(self.peek()) {
                    let e = self.parse_expr();
                    self.exprs.push(e);
                    continue;
                }
            }
            break;
        }
        let (mut acc, mut acc_span) = self
            .exprs
            .pop()
            .expect("the loop pushed at least one element");
        while self.exprs.len() > base {
            let (e, sp) = self.exprs.pop().expect("len > base");
            let span = Span::new(sp.start, acc_span.end);
            acc = self.b.seq(e, acc, span);
            acc_span = span;
        }
        (acc, acc_span)
    }

    /// One expression without `;` at the top (levels 1 to 12 of spec §3):
    /// the nesting point of the grammar, where the stack may grow.
    fn parse_expr(&mut self) -> (B::Expr, Span) {
        if self.depth >= MAX_DEPTH {
            return self.too_deep();
        }
        self.depth += 1;
        // Checking the stack costs a thread-local read; every 8th level is
        // enough, as 8 levels take far less than the red zone.
        let r = if self.depth % 8 == 1 {
            stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.parse_binary())
        } else {
            self.parse_binary()
        };
        self.depth -= 1;
        r
    }

    #[cold]
    fn too_deep(&mut self) -> (B::Expr, Span) {
        let t = self.tok();
        self.report(
            Diagnostic::error(
                Code::E0110,
                format!(
                    "Syntax error: expression nested too deeply (more than {MAX_DEPTH} levels)"
                ),
                t.span,
                "nesting limit reached here",
            )
            .with_help("the rest of the file was not parsed; split the expression with `let`"),
        );
        self.aborted = true;
        while self.peek() != T::Eof {
            self.bump();
        }
        let sp = self.here();
        (self.b.error(sp), sp)
    }

    /// Binary operators by precedence climbing with an explicit stack.
    fn parse_binary(&mut self) -> (B::Expr, Span) {
        // An operand without an operator after it is the whole expression
        // (nothing of this level is on the operator stack yet).
        let first = self.parse_operand();
        if binop(self.peek()).is_none() && self.peek() != T::OtherInfix {
            return first;
        }
        self.parse_binary_rest(first)
    }

    /// The operator chain after the first operand, at an operator.
    #[inline(never)]
    fn parse_binary_rest(&mut self, first: (B::Expr, Span)) -> (B::Expr, Span) {
        let base = self.ops.len();
        let (mut lhs, mut lhs_span) = first;
        loop {
            let next = infix(self.src, self.tok());
            while let Some(&(_, _, top, _)) = self.ops[base..].last() {
                if let Some((_, prec, left)) = next {
                    let top_prec = precedence(self.src, top);
                    if !(top_prec > prec || (top_prec == prec && left)) {
                        break;
                    }
                }
                let (l, l_span, top, op_start) = self.ops.pop().expect("checked above");
                let span = Span::new(l_span.start, lhs_span.end);
                lhs = match top {
                    Infix::Known(op) => self.b.binary(op, l, lhs, op_start, span),
                    Infix::Other(op) => {
                        let f = self.b.var(&self.src[op.range()], op);
                        self.b.app(f, [l, lhs].into_iter(), span)
                    }
                };
                lhs_span = span;
            }
            let Some((op, _, _)) = next else { break };
            let t = self.bump();
            self.ops.push((lhs, lhs_span, op, t.span.start));
            (lhs, lhs_span) = self.parse_operand();
        }
        (lhs, lhs_span)
    }

    /// `{"-" | "+"} (let | if | fun | app)`.
    fn parse_operand(&mut self) -> (B::Expr, Span) {
        match self.peek() {
            T::Minus | T::Plus => self.parse_prefixed(),
            T::Let | T::If | T::Fun => self.parse_construct(),
            _ => self.parse_app(),
        }
    }

    /// An operand with prefix operators.
    #[inline(never)]
    fn parse_prefixed(&mut self) -> (B::Expr, Span) {
        let base = self.prefixes.len();
        loop {
            let op = match self.peek() {
                T::Minus => UnOp::Neg,
                T::Plus => UnOp::Plus,
                _ => break,
            };
            let t = self.bump();
            self.prefixes.push((op, t.span.start));
        }
        let (mut e, mut span) = match self.peek() {
            T::Let | T::If | T::Fun => self.parse_construct(),
            _ => self.parse_app(),
        };
        while self.prefixes.len() > base {
            let (op, start) = self.prefixes.pop().expect("len > base");
            let operand = span;
            span = Span::new(start, span.end);
            match self.bad_literals.last_mut() {
                Some(bad) if bad.outer == operand => {
                    bad.outer = span;
                    bad.negated ^= op == UnOp::Neg;
                    e = self.b.error(span);
                }
                _ => e = self.b.unary(op, e, span),
            }
        }
        (e, span)
    }

    /// `let ... in body`, `fun params -> body`, `if c then a [else b]`.
    ///
    /// A body or `else` branch that is itself a `let` or `fun` (or, for an
    /// `else` branch, an `if`) extends to the same end as its parent, so a
    /// chain such as `let a = 1 in let b = 2 in ...` or an `else if` ladder
    /// is parsed by this loop onto [`Frame`]s, without nesting.
    #[inline(never)]
    fn parse_construct(&mut self) -> (B::Expr, Span) {
        let base = self.frames.len();
        let (mut e, mut span) = loop {
            match self.peek() {
                T::Let => {
                    let let_tok = self.tok();
                    let (is_rec, binds, _) = self.parse_let_head();
                    self.frames.push(Frame::Let {
                        is_rec,
                        base: binds,
                        start: let_tok.span.start,
                    });
                    let has_body = self.expect_keyword(
                        T::In,
                        "`in`",
                        let_tok.span,
                        "this `let` needs `in` and a body",
                    );
                    if !has_body {
                        break self.error_here();
                    }
                    if !matches!(self.peek(), T::Let | T::Fun) {
                        break self.parse_seq();
                    }
                }
                T::Fun => {
                    let fun_tok = self.bump();
                    let pats = self.pats.len();
                    while starts_pattern(self.peek()) {
                        let p = self.parse_pattern();
                        self.pats.push(p);
                    }
                    if self.pats.len() == pats {
                        self.unexpected("a parameter (a name, `_` or `()`)");
                        let sp = self.here();
                        let p = self.b.pat_wildcard(sp);
                        self.pats.push(p);
                    }
                    self.frames.push(Frame::Fun {
                        base: pats,
                        start: fun_tok.span.start,
                    });
                    if !self.expect_keyword(T::Arrow, "`->`", fun_tok.span, "in this function") {
                        break self.error_here();
                    }
                    if !matches!(self.peek(), T::Let | T::Fun) {
                        break self.parse_seq();
                    }
                }
                T::If => {
                    let if_tok = self.bump();
                    let (cond, _) = self.parse_seq();
                    let (then_branch, then_span) = if self.expect_keyword(
                        T::Then,
                        "`then`",
                        if_tok.span,
                        "this `if` has no `then`",
                    ) {
                        self.parse_expr()
                    } else {
                        self.error_here()
                    };
                    if self.eat(T::Else).is_none() {
                        let span = Span::new(if_tok.span.start, then_span.end.max(self.prev_end()));
                        break (self.b.if_(cond, then_branch, None, span), span);
                    }
                    self.frames.push(Frame::Else {
                        cond,
                        then_branch,
                        start: if_tok.span.start,
                    });
                    if !matches!(self.peek(), T::Let | T::Fun | T::If) {
                        break self.parse_expr();
                    }
                }
                // Only reached through the `matches!` above or from
                // `parse_operand`, which checked the token.
                _ => break self.parse_expr(),
            }
        };
        while self.frames.len() > base {
            let frame = self.frames.pop().expect("len > base");
            match frame {
                Frame::Let {
                    is_rec,
                    base,
                    start,
                } => {
                    span = Span::new(start, span.end);
                    e = self.b.let_in(is_rec, self.binds.drain(base..), e, span);
                }
                Frame::Fun { base, start } => {
                    span = Span::new(start, span.end);
                    e = self.b.fun(self.pats.drain(base..), e, span);
                }
                Frame::Else {
                    cond,
                    then_branch,
                    start,
                } => {
                    span = Span::new(start, span.end);
                    e = self.b.if_(cond, then_branch, Some(e), span);
                }
            }
        }
        (e, span)
    }

    /// An error node, empty, where the current token starts.
    fn error_here(&mut self) -> (B::Expr, Span) {
        let sp = self.here();
        (self.b.error(sp), sp)
    }

    /// `"assert" atom | atom {atom}`.
    ///
    /// The common cases (an atom alone) keep this frame small, since it is
    /// on the recursion path of parenthesised expressions; the argument
    /// loop and `assert` are out of line.
    fn parse_app(&mut self) -> (B::Expr, Span) {
        if self.peek() == T::Assert {
            return self.parse_assert();
        }
        let func = self.parse_atom();
        if starts_atom(self.peek()) || matches!(self.peek(), T::If | T::Fun | T::Assert) {
            return self.parse_args(func);
        }
        func
    }

    #[inline(never)]
    fn parse_assert(&mut self) -> (B::Expr, Span) {
        let start = self.bump().span.start;
        let (arg, arg_span) = self.parse_arg(true);
        let span = Span::new(start, arg_span.end);
        (self.b.assert(arg, span), span)
    }

    /// The arguments of an application of `func`.
    #[inline(never)]
    fn parse_args(&mut self, (func, func_span): (B::Expr, Span)) -> (B::Expr, Span) {
        let base = self.exprs.len();
        let mut end = func_span.end;
        while starts_atom(self.peek()) || matches!(self.peek(), T::If | T::Fun | T::Assert) {
            let arg = self.parse_arg(false);
            end = arg.1.end;
            self.exprs.push(arg);
        }
        let span = Span::new(func_span.start, end);
        let e = self
            .b
            .app(func, self.exprs.drain(base..).map(|(e, _)| e), span);
        (e, span)
    }

    /// An argument: an atom. `if`, `fun`, `assert` (and `let` after
    /// `assert`) are reported, then parsed anyway to avoid follow-up errors.
    #[inline]
    fn parse_arg(&mut self, after_assert: bool) -> (B::Expr, Span) {
        match self.peek() {
            T::If | T::Fun | T::Assert => self.misplaced_arg(after_assert),
            T::Let if after_assert => self.misplaced_arg(after_assert),
            _ => self.parse_atom(),
        }
    }

    #[cold]
    #[inline(never)]
    fn misplaced_arg(&mut self, after_assert: bool) -> (B::Expr, Span) {
        let t = self.tok();
        let what = match t.kind {
            T::If => "`if`",
            T::Fun => "`fun`",
            T::Assert => "`assert`",
            _ => "`let`",
        };
        let place = if after_assert {
            "the argument of `assert`"
        } else {
            "a function argument"
        };
        self.report(
            Diagnostic::error(
                Code::E0105,
                "Syntax error",
                t.span,
                format!("{what} cannot be {place} without parentheses"),
            )
            .with_help(format!(
                "write `({}...)`; or, to start a new top-level expression, put `;;` before it",
                &what[1..what.len() - 1]
            )),
        );
        if t.kind == T::Assert {
            self.parse_app()
        } else {
            self.parse_operand()
        }
    }

    fn parse_atom(&mut self) -> (B::Expr, Span) {
        let t = self.tok();
        let sp = t.span;
        match t.kind {
            T::Int(v) => {
                self.bump();
                (self.b.int(v, sp), sp)
            }
            T::Str(r) => {
                self.bump();
                let raw = &self.src.as_bytes()[r.start as usize..r.end as usize];
                let e = if raw.contains(&b'\\') {
                    let len = lexer::decoded_len(raw);
                    self.b
                        .string_with(len, |out| lexer::decode_into(raw, out), sp)
                } else {
                    self.b.string(raw, sp)
                };
                (e, sp)
            }
            T::True | T::False => {
                self.bump();
                (self.b.bool(t.kind == T::True, sp), sp)
            }
            T::Ident => {
                self.bump();
                let name = &self.src[sp.range()];
                (self.b.var(name, sp), sp)
            }
            T::Uident => self.parse_qualified(),
            T::LParen | T::Begin => {
                // The opening token is consumed first in every case, so
                // that only `(op)` needs a token of lookahead.
                self.bump();
                let close = if t.kind == T::LParen {
                    let is_op = binop(self.peek()).is_some()
                        || matches!(self.peek(), T::OtherInfix | T::OtherPrefix);
                    if is_op && self.peek_at(1) == T::RParen {
                        // An operator as a value, `(+)` or `( * )`: a
                        // variable named by the operator (as OCaml's
                        // `( + )` is the value `(+)`; `(--)` is unbound).
                        let op = self.bump();
                        let close = self.bump();
                        let span = sp.to(close.span);
                        return (self.b.var(&self.src[op.span.range()], span), span);
                    }
                    T::RParen
                } else {
                    T::End
                };
                if self.peek() == close {
                    let c = self.bump();
                    let span = sp.to(c.span);
                    return (self.b.unit(span), span);
                }
                let (e, inner) = self.parse_seq();
                let end = self.expect_closing(close, t);
                // Unclosed, the span ends at the last token, which an error
                // node inside may lie past.
                let outer = Span::new(sp.start, end.max(inner.end));
                match self.bad_literals.last_mut() {
                    Some(bad) if bad.outer == inner => {
                        bad.outer = outer;
                        return (self.b.error(outer), outer);
                    }
                    _ => self.b.paren(inner, outer),
                }
                (e, outer)
            }
            T::OtherPrefix => self.parse_other_prefix(),
            T::Error => {
                self.bump();
                if self.src.as_bytes()[sp.start as usize].is_ascii_digit() {
                    self.bad_literals.push(BadLiteral {
                        token: sp,
                        outer: sp,
                        negated: false,
                    });
                }
                (self.b.error(sp), sp)
            }
            _ => self.atom_error(),
        }
    }

    /// Prefix operators that minilang does not define (`!x`, `!-x`, `~-x`),
    /// applied to an atom: applications of the unbound names, as OCaml's
    /// `PREFIXOP simple_expr`. A loop, so that `! ! ! x` does not recurse.
    #[cold]
    #[inline(never)]
    fn parse_other_prefix(&mut self) -> (B::Expr, Span) {
        let mut ops = Vec::new();
        while self.peek() == T::OtherPrefix {
            ops.push(self.bump().span);
        }
        let (mut e, mut span) = self.parse_atom();
        while let Some(op) = ops.pop() {
            span = Span::new(op.start, span.end);
            let f = self.b.var(&self.src[op.range()], op);
            e = self.b.app(f, std::iter::once(e), span);
        }
        (e, span)
    }

    /// The current token cannot start an expression: reports it, and
    /// consumes it unless a parent construct can use it.
    #[cold]
    #[inline(never)]
    fn atom_error(&mut self) -> (B::Expr, Span) {
        let t = self.tok();
        if t.kind == T::Underscore {
            self.bump();
            self.report(Diagnostic::error(
                Code::E0106,
                "Syntax error: wildcard \"_\" not expected",
                t.span,
                "`_` is a pattern, not an expression",
            ));
            return (self.b.error(t.span), t.span);
        }
        self.unexpected("an expression");
        if is_recovery(t.kind) {
            let here = self.here();
            (self.b.error(here), here)
        } else {
            self.bump();
            (self.b.error(t.span), t.span)
        }
    }

    /// A capitalised word: `String.length`, `String.sub`, or an error.
    #[inline(never)]
    fn parse_qualified(&mut self) -> (B::Expr, Span) {
        let m = self.bump();
        let module = &self.src[m.span.range()];
        if self.peek() != T::Dot {
            let mut d = Diagnostic::error(Code::E0107, format!("Unbound constructor {module}"), m.span, "not a value")
                .with_help("minilang v1 has no constructors or modules except the qualifier `String.` (`String.length`, `String.sub`)");
            if module == "True" || module == "False" {
                d = d.with_help(format!(
                    "the boolean is written `{}`",
                    module.to_ascii_lowercase()
                ));
            }
            self.report(d);
            return (self.b.error(m.span), m.span);
        }
        let dot = self.bump();
        if self.peek() != T::Ident {
            self.unexpected(&format!("a name after `{module}.`"));
            let span = Span::new(m.span.start, self.prev_end());
            return (self.b.error(span), span);
        }
        let member = self.bump();
        let span = Span::new(m.span.start, member.span.end);
        if module != "String" {
            self.report(
                Diagnostic::error(
                    Code::E0108,
                    format!("Unbound module {module}"),
                    span,
                    "unknown module",
                )
                .with_help(
                    "the only module of minilang v1 is `String` (`String.length`, `String.sub`)",
                ),
            );
            return (self.b.error(span), span);
        }
        if m.span.end == dot.span.start && dot.span.end == member.span.start {
            // Written without blanks: the name is in the source.
            let name = &self.src[span.range()];
            return (self.b.var(name, span), span);
        }
        // `String.` and the member, on the stack unless the name is long.
        let member = &self.src[member.span.range()];
        let mut buf = [0u8; 64];
        let e = match buf.get_mut(..7 + member.len()) {
            Some(name) => {
                name[..7].copy_from_slice(b"String.");
                name[7..].copy_from_slice(member.as_bytes());
                let name = std::str::from_utf8(name).expect("two &str joined");
                self.b.var(name, span)
            }
            None => self.b.var(&format!("String.{member}"), span),
        };
        (e, span)
    }
}

#[cfg(test)]
mod tests {
    use super::{count_byte, same_name};

    #[test]
    fn same_name_is_equality_at_every_length() {
        let long = "abcdefghijklmnopqrstu";
        for n in 0..=long.len() {
            let a = &long[..n];
            assert!(same_name(a.as_bytes(), a.as_bytes()), "{a}");
            // One byte changed, wherever it is.
            for i in 0..n {
                let mut b = a.as_bytes().to_vec();
                b[i] = b'_';
                assert!(!same_name(a.as_bytes(), &b), "{a} at {i}");
            }
            if n < long.len() {
                assert!(!same_name(a.as_bytes(), &long.as_bytes()[..=n]), "{a}");
            }
        }
    }

    #[test]
    fn count_byte_counts_across_blocks() {
        for len in [0, 1, 127, 128, 129, 255, 256, 1000] {
            let all = vec![b'('; len];
            assert_eq!(count_byte(&all, b'('), len);
            let mixed: Vec<u8> = (0..len)
                .map(|i| if i % 3 == 0 { b'(' } else { b'x' })
                .collect();
            assert_eq!(count_byte(&mixed, b'('), len.div_ceil(3));
            assert_eq!(count_byte(&mixed, b')'), 0);
        }
    }
}
