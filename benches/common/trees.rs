//! The minilang AST in other allocators, built by the same parser: nodes in
//! typed-arena arenas (one per node type), in a bumpalo `Bump`, in a
//! bump-scope `Bump`, and in a `Region` through the same infallible builder
//! (to tell the allocator from `RegionBuilder`'s fallible calls), plus a fold
//! over every node of the region AST and of the `Box` tree.
//!
//! Both arena builders produce exactly the region AST's types
//! ([`minilang::syntax::ast`]), so only the allocator differs from `RegionBuilder`,
//! and one fold serves the region, typed-arena and bumpalo trees.

use std::collections::HashMap;

use bumpalo::Bump;
use minilang::syntax::Builder;
use minilang::syntax::ast::{self, BinOp, Span, UnOp};
use region::Region;
use testkit::boxed;
use typed_arena::Arena;

/// Where the arena builders put nodes, names and lists.
pub trait AstAlloc<'a>: Copy {
    /// A node.
    fn node<T: Copy + 'a>(self, value: T) -> &'a T
    where
        Self: Holds<'a, T>;
    /// A name.
    fn str(self, s: &str) -> &'a str;
    /// String literal bytes.
    fn bytes(self, b: &[u8]) -> &'a [u8];
    /// A list.
    fn slice<T: Copy + 'a>(self, it: impl ExactSizeIterator<Item = T>) -> &'a [T]
    where
        Self: Holds<'a, T>;
}

/// An allocator that can hold values of `T` (typed-arena needs one arena per type).
pub trait Holds<'a, T> {
    /// Moves `value` in.
    fn put(self, value: T) -> &'a T;
    /// Moves every item of `it` in, as one slice.
    fn put_all(self, it: impl ExactSizeIterator<Item = T>) -> &'a [T];
}

/// One typed-arena per node type, and one for the bytes of names and strings.
#[derive(Default)]
pub struct TypedArenas<'a> {
    exprs: Arena<ast::Expr<'a>>,
    apps: Arena<ast::App<'a>>,
    ifs: Arena<ast::If<'a>>,
    lets: Arena<ast::Let<'a>>,
    funs: Arena<ast::Fun<'a>>,
    pats: Arena<ast::Pattern<'a>>,
    binds: Arena<ast::Binding<'a>>,
    items: Arena<ast::Item<'a>>,
    symbols: Arena<ast::Symbol<'a>>,
    bytes: Arena<u8>,
}

impl std::fmt::Debug for TypedArenas<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedArenas")
            .field("exprs", &self.exprs.len())
            .finish_non_exhaustive()
    }
}

macro_rules! typed_holds {
    ($field:ident, $ty:ident) => {
        impl<'a> Holds<'a, ast::$ty<'a>> for &'a TypedArenas<'a> {
            #[inline]
            fn put(self, value: ast::$ty<'a>) -> &'a ast::$ty<'a> {
                self.$field.alloc(value)
            }
            #[inline]
            fn put_all(
                self,
                it: impl ExactSizeIterator<Item = ast::$ty<'a>>,
            ) -> &'a [ast::$ty<'a>] {
                self.$field.alloc_extend(it)
            }
        }
    };
}

typed_holds!(exprs, Expr);
typed_holds!(apps, App);
typed_holds!(ifs, If);
typed_holds!(lets, Let);
typed_holds!(funs, Fun);
typed_holds!(pats, Pattern);
typed_holds!(binds, Binding);
typed_holds!(items, Item);
typed_holds!(symbols, Symbol);

impl<'a> AstAlloc<'a> for &'a TypedArenas<'a> {
    #[inline]
    fn node<T: Copy + 'a>(self, value: T) -> &'a T
    where
        Self: Holds<'a, T>,
    {
        self.put(value)
    }
    #[inline]
    fn str(self, s: &str) -> &'a str {
        self.bytes.alloc_str(s)
    }
    #[inline]
    fn bytes(self, b: &[u8]) -> &'a [u8] {
        self.bytes.alloc_extend(b.iter().copied())
    }
    #[inline]
    fn slice<T: Copy + 'a>(self, it: impl ExactSizeIterator<Item = T>) -> &'a [T]
    where
        Self: Holds<'a, T>,
    {
        self.put_all(it)
    }
}

impl<'a, T: Copy> Holds<'a, T> for &'a Bump {
    #[inline]
    fn put(self, value: T) -> &'a T {
        self.alloc(value)
    }
    #[inline]
    fn put_all(self, it: impl ExactSizeIterator<Item = T>) -> &'a [T] {
        self.alloc_slice_fill_iter(it)
    }
}

impl<'a> AstAlloc<'a> for &'a Bump {
    #[inline]
    fn node<T: Copy + 'a>(self, value: T) -> &'a T
    where
        Self: Holds<'a, T>,
    {
        self.put(value)
    }
    #[inline]
    fn str(self, s: &str) -> &'a str {
        self.alloc_str(s)
    }
    #[inline]
    fn bytes(self, b: &[u8]) -> &'a [u8] {
        self.alloc_slice_copy(b)
    }
    #[inline]
    fn slice<T: Copy + 'a>(self, it: impl ExactSizeIterator<Item = T>) -> &'a [T]
    where
        Self: Holds<'a, T>,
    {
        self.put_all(it)
    }
}

impl<'a, T: Copy> Holds<'a, T> for &'a bump_scope::Bump {
    #[inline]
    fn put(self, value: T) -> &'a T {
        bump_scope::BumpBox::leak(self.alloc(value))
    }
    #[inline]
    fn put_all(self, it: impl ExactSizeIterator<Item = T>) -> &'a [T] {
        bump_scope::BumpBox::leak(self.alloc_iter_exact(it))
    }
}

impl<'a> AstAlloc<'a> for &'a bump_scope::Bump {
    #[inline]
    fn node<T: Copy + 'a>(self, value: T) -> &'a T
    where
        Self: Holds<'a, T>,
    {
        self.put(value)
    }
    #[inline]
    fn str(self, s: &str) -> &'a str {
        bump_scope::BumpBox::leak(self.alloc_str(s))
    }
    #[inline]
    fn bytes(self, b: &[u8]) -> &'a [u8] {
        bump_scope::BumpBox::leak(self.alloc_slice_copy(b))
    }
    #[inline]
    fn slice<T: Copy + 'a>(self, it: impl ExactSizeIterator<Item = T>) -> &'a [T]
    where
        Self: Holds<'a, T>,
    {
        self.put_all(it)
    }
}

impl<'a, T: Copy> Holds<'a, T> for &'a Region {
    #[inline]
    fn put(self, value: T) -> &'a T {
        self.alloc(value)
    }
    #[inline]
    fn put_all(self, it: impl ExactSizeIterator<Item = T>) -> &'a [T] {
        self.alloc_slice_fill_iter(it)
    }
}

impl<'a> AstAlloc<'a> for &'a Region {
    #[inline]
    fn node<T: Copy + 'a>(self, value: T) -> &'a T
    where
        Self: Holds<'a, T>,
    {
        self.put(value)
    }
    #[inline]
    fn str(self, s: &str) -> &'a str {
        self.alloc_str(s)
    }
    #[inline]
    fn bytes(self, b: &[u8]) -> &'a [u8] {
        self.alloc_slice_copy(b)
    }
    #[inline]
    fn slice<T: Copy + 'a>(self, it: impl ExactSizeIterator<Item = T>) -> &'a [T]
    where
        Self: Holds<'a, T>,
    {
        self.put_all(it)
    }
}

/// Builds the region AST's types in any [`AstAlloc`]: the same code as
/// `minilang::syntax::RegionBuilder`, with the allocator swapped (names
/// interned the same way, in a table on the heap).
#[derive(Debug)]
pub struct ArenaBuilder<'a, A>(
    A,
    HashMap<&'a str, &'a ast::Symbol<'a>, foldhash::fast::FixedState>,
    ast::Counts,
);

impl<'a, A: AstAlloc<'a> + Holds<'a, ast::Symbol<'a>>> ArenaBuilder<'a, A> {
    /// A builder allocating in `alloc`.
    pub fn new(alloc: A) -> Self {
        ArenaBuilder(alloc, HashMap::default(), ast::Counts::default())
    }

    /// The symbol of `name`, interned on first sight.
    #[inline]
    fn intern(&mut self, name: &str) -> &'a ast::Symbol<'a> {
        if let Some(&symbol) = self.1.get(name) {
            return symbol;
        }
        let text = self.0.str(name);
        let symbol = self.0.node(ast::Symbol {
            text,
            index: self.2.symbols,
        });
        self.2.symbols += 1;
        self.1.insert(text, symbol);
        symbol
    }
}

fn expr(kind: ast::ExprKind<'_>, span: Span) -> ast::Expr<'_> {
    ast::Expr { kind, span }
}

impl<'a, A> Builder for ArenaBuilder<'a, A>
where
    A: AstAlloc<'a>
        + Holds<'a, ast::Expr<'a>>
        + Holds<'a, ast::App<'a>>
        + Holds<'a, ast::If<'a>>
        + Holds<'a, ast::Let<'a>>
        + Holds<'a, ast::Fun<'a>>
        + Holds<'a, ast::Pattern<'a>>
        + Holds<'a, ast::Binding<'a>>
        + Holds<'a, ast::Item<'a>>
        + Holds<'a, ast::Symbol<'a>>,
{
    type Expr = ast::Expr<'a>;
    type Pattern = ast::Pattern<'a>;
    type Binding = ast::Binding<'a>;
    type Item = ast::Item<'a>;
    type Program = ast::Program<'a>;

    #[inline]
    fn int(&mut self, value: i64, span: Span) -> Self::Expr {
        expr(ast::ExprKind::Int(value), span)
    }
    #[inline]
    fn bool(&mut self, value: bool, span: Span) -> Self::Expr {
        expr(ast::ExprKind::Bool(value), span)
    }
    #[inline]
    fn string(&mut self, bytes: &[u8], span: Span) -> Self::Expr {
        expr(ast::ExprKind::Str(self.0.bytes(bytes)), span)
    }
    #[inline]
    fn unit(&mut self, span: Span) -> Self::Expr {
        expr(ast::ExprKind::Unit, span)
    }
    #[inline]
    fn var(&mut self, name: &str, span: Span) -> Self::Expr {
        let symbol = self.intern(name);
        let id = self.2.uses;
        self.2.uses += 1;
        expr(ast::ExprKind::Var(ast::VarUse { symbol, id }), span)
    }
    #[inline]
    fn unary(&mut self, op: UnOp, operand: Self::Expr, span: Span) -> Self::Expr {
        expr(ast::ExprKind::Unary(op, self.0.node(operand)), span)
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
        let (l, r) = (self.0.node(lhs), self.0.node(rhs));
        expr(ast::ExprKind::Binary(op, l, r, op_start), span)
    }
    #[inline]
    fn app(
        &mut self,
        func: Self::Expr,
        args: impl ExactSizeIterator<Item = Self::Expr>,
        span: Span,
    ) -> Self::Expr {
        let args = self.0.slice(args);
        expr(
            ast::ExprKind::App(self.0.node(ast::App { func, args })),
            span,
        )
    }
    #[inline]
    fn assert(&mut self, cond: Self::Expr, span: Span) -> Self::Expr {
        expr(ast::ExprKind::Assert(self.0.node(cond)), span)
    }
    #[inline]
    fn seq(&mut self, first: Self::Expr, second: Self::Expr, span: Span) -> Self::Expr {
        let (a, b) = (self.0.node(first), self.0.node(second));
        expr(ast::ExprKind::Seq(a, b), span)
    }
    #[inline]
    fn if_(
        &mut self,
        cond: Self::Expr,
        then_branch: Self::Expr,
        else_branch: Option<Self::Expr>,
        span: Span,
    ) -> Self::Expr {
        let node = self.0.node(ast::If {
            cond,
            then_branch,
            else_branch,
        });
        expr(ast::ExprKind::If(node), span)
    }
    #[inline]
    fn let_in(
        &mut self,
        is_rec: bool,
        bindings: impl ExactSizeIterator<Item = Self::Binding>,
        body: Self::Expr,
        span: Span,
    ) -> Self::Expr {
        let bindings = self.0.slice(bindings);
        let node = self.0.node(ast::Let {
            is_rec,
            bindings,
            body,
        });
        expr(ast::ExprKind::Let(node), span)
    }
    #[inline]
    fn fun(
        &mut self,
        params: impl ExactSizeIterator<Item = Self::Pattern>,
        body: Self::Expr,
        span: Span,
    ) -> Self::Expr {
        let params = self.0.slice(params);
        expr(
            ast::ExprKind::Fun(self.0.node(ast::Fun { params, body })),
            span,
        )
    }
    #[inline]
    fn error(&mut self, span: Span) -> Self::Expr {
        expr(ast::ExprKind::Error, span)
    }
    #[inline]
    fn pat_var(&mut self, name: &str, span: Span) -> Self::Pattern {
        let symbol = self.intern(name);
        let id = self.2.bindings;
        self.2.bindings += 1;
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
        ast::Binding {
            pattern,
            params: self.0.slice(params),
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
            bindings: self.0.slice(bindings),
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
            items: self.0.slice(items),
            locations: ast::Locations::default(),
            counts: self.2,
        }
    }
}

// ----- folds -----
//
// One pass over every node, reading each node's fields and following every
// reference, with an explicit stack: what any later pass (a resolver, a
// type checker) pays to walk the tree. The two folds do the same work in
// the same order, so they differ only in where the nodes are in memory.

#[inline]
fn mix(acc: u64, x: u64) -> u64 {
    (acc ^ x).wrapping_mul(0x0100_0000_01b3)
}

#[inline]
fn mix_span(acc: u64, s: Span) -> u64 {
    mix(acc, (u64::from(s.start) << 32) | u64::from(s.end))
}

/// Folds over every node of the region (or typed-arena, or bumpalo) AST.
pub fn fold_ast<'a>(program: &'a ast::Program<'a>, stack: &mut Vec<Node<'a>>) -> u64 {
    let mut acc = 0xcbf2_9ce4_8422_2325;
    for item in program.items {
        match item {
            ast::Item::Let { bindings, span, .. } => {
                acc = mix_span(acc, *span);
                stack.extend(bindings.iter().rev().map(Node::Bind));
            }
            ast::Item::Expr(e) => stack.push(Node::Expr(e)),
        }
        while let Some(n) = stack.pop() {
            match n {
                Node::Bind(b) => {
                    acc = mix_span(acc, b.span);
                    acc = fold_pat(acc, &b.pattern);
                    for p in b.params {
                        acc = fold_pat(acc, p);
                    }
                    stack.push(Node::Expr(&b.body));
                }
                Node::Expr(e) => {
                    acc = mix_span(acc, e.span);
                    match &e.kind {
                        ast::ExprKind::Int(v) => acc = mix(acc, *v as u64),
                        ast::ExprKind::Bool(b) => acc = mix(acc, u64::from(*b)),
                        ast::ExprKind::Str(s) => acc = mix(acc, s.len() as u64),
                        ast::ExprKind::Var(v) => acc = mix(acc, v.name().len() as u64),
                        ast::ExprKind::Unit | ast::ExprKind::Error => acc = mix(acc, 1),
                        ast::ExprKind::Unary(op, x) => {
                            acc = mix(acc, *op as u64);
                            stack.push(Node::Expr(x));
                        }
                        ast::ExprKind::Assert(x) => stack.push(Node::Expr(x)),
                        ast::ExprKind::Binary(op, a, b, _) => {
                            acc = mix(acc, *op as u64);
                            stack.push(Node::Expr(b));
                            stack.push(Node::Expr(a));
                        }
                        ast::ExprKind::Seq(a, b) => {
                            stack.push(Node::Expr(b));
                            stack.push(Node::Expr(a));
                        }
                        ast::ExprKind::App(app) => {
                            stack.extend(app.args.iter().rev().map(Node::Expr));
                            stack.push(Node::Expr(&app.func));
                        }
                        ast::ExprKind::If(i) => {
                            if let Some(e) = &i.else_branch {
                                stack.push(Node::Expr(e));
                            }
                            stack.push(Node::Expr(&i.then_branch));
                            stack.push(Node::Expr(&i.cond));
                        }
                        ast::ExprKind::Let(l) => {
                            acc = mix(acc, u64::from(l.is_rec));
                            stack.push(Node::Expr(&l.body));
                            stack.extend(l.bindings.iter().rev().map(Node::Bind));
                        }
                        ast::ExprKind::Fun(f) => {
                            for p in f.params {
                                acc = fold_pat(acc, p);
                            }
                            stack.push(Node::Expr(&f.body));
                        }
                    }
                }
            }
        }
    }
    acc
}

/// A node on the region fold's stack.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    /// An expression.
    Expr(&'a ast::Expr<'a>),
    /// A binding.
    Bind(&'a ast::Binding<'a>),
}

#[inline]
fn fold_pat(acc: u64, p: &ast::Pattern<'_>) -> u64 {
    match p {
        ast::Pattern::Var(id) => mix(mix_span(acc, id.span), id.name().len() as u64),
        ast::Pattern::Wildcard(s) | ast::Pattern::Unit(s) => mix_span(acc, *s),
    }
}

/// A node on the `Box` fold's stack.
#[derive(Clone, Copy, Debug)]
pub enum BoxNode<'a> {
    /// An expression.
    Expr(&'a boxed::Expr),
    /// A binding.
    Bind(&'a boxed::Binding),
}

#[inline]
fn fold_box_pat(acc: u64, p: &boxed::Pattern) -> u64 {
    match p {
        boxed::Pattern::Var(id) => mix(mix_span(acc, id.span), id.name.len() as u64),
        boxed::Pattern::Wildcard(s) | boxed::Pattern::Unit(s) => mix_span(acc, *s),
    }
}

/// Folds over every node of the `Box` tree: the same work as [`fold_ast`].
pub fn fold_boxed<'a>(program: &'a boxed::Program, stack: &mut Vec<BoxNode<'a>>) -> u64 {
    let mut acc = 0xcbf2_9ce4_8422_2325;
    for item in &program.items {
        match item {
            boxed::Item::Let { bindings, span, .. } => {
                acc = mix_span(acc, *span);
                stack.extend(bindings.iter().rev().map(BoxNode::Bind));
            }
            boxed::Item::Expr(e) => stack.push(BoxNode::Expr(e)),
        }
        while let Some(n) = stack.pop() {
            match n {
                BoxNode::Bind(b) => {
                    acc = mix_span(acc, b.span);
                    acc = fold_box_pat(acc, &b.pattern);
                    for p in &b.params {
                        acc = fold_box_pat(acc, p);
                    }
                    stack.push(BoxNode::Expr(&b.body));
                }
                BoxNode::Expr(e) => {
                    acc = mix_span(acc, e.span);
                    match &e.kind {
                        boxed::ExprKind::Int(v) => acc = mix(acc, *v as u64),
                        boxed::ExprKind::Bool(b) => acc = mix(acc, u64::from(*b)),
                        boxed::ExprKind::Str(s) => acc = mix(acc, s.len() as u64),
                        boxed::ExprKind::Var(s) => acc = mix(acc, s.len() as u64),
                        boxed::ExprKind::Unit | boxed::ExprKind::Error => acc = mix(acc, 1),
                        boxed::ExprKind::Unary(op, x) => {
                            acc = mix(acc, *op as u64);
                            stack.push(BoxNode::Expr(x));
                        }
                        boxed::ExprKind::Assert(x) => stack.push(BoxNode::Expr(x)),
                        boxed::ExprKind::Binary(op, a, b) => {
                            acc = mix(acc, *op as u64);
                            stack.push(BoxNode::Expr(b));
                            stack.push(BoxNode::Expr(a));
                        }
                        boxed::ExprKind::Seq(a, b) => {
                            stack.push(BoxNode::Expr(b));
                            stack.push(BoxNode::Expr(a));
                        }
                        boxed::ExprKind::App(app) => {
                            stack.extend(app.args.iter().rev().map(BoxNode::Expr));
                            stack.push(BoxNode::Expr(&app.func));
                        }
                        boxed::ExprKind::If(i) => {
                            if let Some(e) = &i.else_branch {
                                stack.push(BoxNode::Expr(e));
                            }
                            stack.push(BoxNode::Expr(&i.then_branch));
                            stack.push(BoxNode::Expr(&i.cond));
                        }
                        boxed::ExprKind::Let(l) => {
                            acc = mix(acc, u64::from(l.is_rec));
                            stack.push(BoxNode::Expr(&l.body));
                            stack.extend(l.bindings.iter().rev().map(BoxNode::Bind));
                        }
                        boxed::ExprKind::Fun(f) => {
                            for p in &f.params {
                                acc = fold_box_pat(acc, p);
                            }
                            stack.push(BoxNode::Expr(&f.body));
                        }
                    }
                }
            }
        }
    }
    acc
}
