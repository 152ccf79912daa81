//! A `Box`/`Vec`-based mirror of the [`ast`](minilang::syntax::ast), built by the same
//! parser through [`BoxBuilder`]: the baseline the region-allocated tree is
//! benchmarked against.
//!
//! Every node is its own heap allocation and names are `String`s. Dropping
//! an [`Expr`] is iterative (a work list instead of recursion), so even a
//! million-term `1 + 1 + ... + 1` tree can be dropped without overflowing the
//! stack.

use std::fmt::Write as _;

use minilang::syntax::Builder;
use minilang::syntax::ast::{BinOp, Span, UnOp};

/// A name with the span where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    /// The name as written (for a qualified name, `String.length`).
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A pattern, in a `let` binding or a function parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// A variable `x`.
    Var(Ident),
    /// The wildcard `_`.
    Wildcard(Span),
    /// The unit pattern `()`.
    Unit(Span),
}

/// An expression: what it is and where it was written.
#[derive(Debug)]
pub struct Expr {
    /// The construct.
    pub kind: ExprKind,
    /// Its source range (for a parenthesised expression, without the parentheses).
    pub span: Span,
}

/// The expression forms; see [`ast::ExprKind`](minilang::syntax::ast::ExprKind).
#[derive(Debug)]
pub enum ExprKind {
    /// An integer literal, already wrapped to 63 bits.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// A string literal, escapes decoded.
    Str(Box<[u8]>),
    /// `()` or `begin end`.
    Unit,
    /// A variable, or a qualified built-in such as `String.length`.
    Var(String),
    /// A prefix operator.
    Unary(UnOp, Box<Expr>),
    /// An infix operator.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// Application.
    App(Box<App>),
    /// `assert e`.
    Assert(Box<Expr>),
    /// `e1; e2`.
    Seq(Box<Expr>, Box<Expr>),
    /// `if c then a [else b]`.
    If(Box<If>),
    /// `let [rec] b1 and .. bn in body`.
    Let(Box<Let>),
    /// `fun p1 .. pn -> body`.
    Fun(Box<Fun>),
    /// A piece of source that failed to parse.
    Error,
}

/// Application `func args[0] .. args[n-1]`.
#[derive(Debug)]
pub struct App {
    /// The function expression.
    pub func: Expr,
    /// The arguments, at least one.
    pub args: Box<[Expr]>,
}

/// `if cond then then_branch [else else_branch]`.
#[derive(Debug)]
pub struct If {
    /// The condition.
    pub cond: Expr,
    /// The `then` branch.
    pub then_branch: Expr,
    /// The `else` branch, if written.
    pub else_branch: Option<Expr>,
}

/// `let [rec] bindings in body`.
#[derive(Debug)]
pub struct Let {
    /// `let rec`?
    pub is_rec: bool,
    /// The bindings joined by `and`.
    pub bindings: Box<[Binding]>,
    /// The body after `in`.
    pub body: Expr,
}

/// `fun params -> body`.
#[derive(Debug)]
pub struct Fun {
    /// The parameters, at least one.
    pub params: Box<[Pattern]>,
    /// The body.
    pub body: Expr,
}

/// One binding of a `let`.
#[derive(Debug)]
pub struct Binding {
    /// What is bound.
    pub pattern: Pattern,
    /// The parameters of the sugar `let f x y = ...`; empty otherwise.
    pub params: Box<[Pattern]>,
    /// The right-hand side.
    pub body: Expr,
    /// From the pattern to the end of the body.
    pub span: Span,
}

/// A top-level item.
#[derive(Debug)]
pub enum Item {
    /// A definition `let [rec] b1 and .. bn`.
    Let {
        /// `let rec`?
        is_rec: bool,
        /// The bindings.
        bindings: Box<[Binding]>,
        /// From `let` to the end of the last binding.
        span: Span,
    },
    /// A top-level expression.
    Expr(Expr),
}

/// A whole parsed file.
#[derive(Debug)]
pub struct Program {
    /// The items in source order.
    pub items: Box<[Item]>,
}

impl ExprKind {
    /// Whether this node has no child expressions.
    #[inline]
    fn is_leaf(&self) -> bool {
        matches!(
            self,
            ExprKind::Int(_)
                | ExprKind::Bool(_)
                | ExprKind::Unit
                | ExprKind::Error
                | ExprKind::Str(_)
                | ExprKind::Var(_)
        )
    }
}

impl Drop for Expr {
    fn drop(&mut self) {
        if self.kind.is_leaf() {
            return;
        }
        let mut work = Vec::new();
        take_children(&mut self.kind, &mut work);
        while let Some(mut e) = work.pop() {
            take_children(&mut e.kind, &mut work);
            // `e` now has no children: dropping it does not recurse.
        }
    }
}

/// Moves the child expressions of `kind` that have children themselves onto
/// `out` (leaves are dropped on the spot), leaving `kind` a leaf.
fn take_children(kind: &mut ExprKind, out: &mut Vec<Expr>) {
    let mut push = |e: Expr| {
        if !e.kind.is_leaf() {
            out.push(e);
        }
    };
    match std::mem::replace(kind, ExprKind::Unit) {
        ExprKind::Unary(_, x) | ExprKind::Assert(x) => push(*x),
        ExprKind::Binary(_, a, b) | ExprKind::Seq(a, b) => {
            push(*a);
            push(*b);
        }
        ExprKind::App(app) => {
            let App { func, args } = *app;
            push(func);
            args.into_iter().for_each(push);
        }
        ExprKind::If(i) => {
            let If {
                cond,
                then_branch,
                else_branch,
            } = *i;
            push(cond);
            push(then_branch);
            else_branch.into_iter().for_each(push);
        }
        ExprKind::Let(l) => {
            let Let { bindings, body, .. } = *l;
            push(body);
            bindings.into_iter().for_each(|b| push(b.body));
        }
        ExprKind::Fun(f) => push(f.body),
        ExprKind::Int(_)
        | ExprKind::Bool(_)
        | ExprKind::Unit
        | ExprKind::Error
        | ExprKind::Str(_)
        | ExprKind::Var(_) => {}
    }
}

/// Builds the `Box`-based tree.
#[derive(Debug, Default, Clone, Copy)]
pub struct BoxBuilder;

fn expr(kind: ExprKind, span: Span) -> Expr {
    Expr { kind, span }
}

impl Builder for BoxBuilder {
    type Expr = Expr;
    type Pattern = Pattern;
    type Binding = Binding;
    type Item = Item;
    type Program = Program;

    fn int(&mut self, value: i64, span: Span) -> Expr {
        expr(ExprKind::Int(value), span)
    }
    fn bool(&mut self, value: bool, span: Span) -> Expr {
        expr(ExprKind::Bool(value), span)
    }
    fn string(&mut self, bytes: &[u8], span: Span) -> Expr {
        expr(ExprKind::Str(bytes.into()), span)
    }
    fn unit(&mut self, span: Span) -> Expr {
        expr(ExprKind::Unit, span)
    }
    fn var(&mut self, name: &str, span: Span) -> Expr {
        expr(ExprKind::Var(name.to_owned()), span)
    }
    fn unary(&mut self, op: UnOp, operand: Expr, span: Span) -> Expr {
        expr(ExprKind::Unary(op, Box::new(operand)), span)
    }
    fn binary(&mut self, op: BinOp, lhs: Expr, rhs: Expr, _op_start: u32, span: Span) -> Expr {
        expr(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span)
    }
    fn app(&mut self, func: Expr, args: impl ExactSizeIterator<Item = Expr>, span: Span) -> Expr {
        let args = args.collect();
        expr(ExprKind::App(Box::new(App { func, args })), span)
    }
    fn assert(&mut self, cond: Expr, span: Span) -> Expr {
        expr(ExprKind::Assert(Box::new(cond)), span)
    }
    fn seq(&mut self, first: Expr, second: Expr, span: Span) -> Expr {
        expr(ExprKind::Seq(Box::new(first), Box::new(second)), span)
    }
    fn if_(
        &mut self,
        cond: Expr,
        then_branch: Expr,
        else_branch: Option<Expr>,
        span: Span,
    ) -> Expr {
        let node = If {
            cond,
            then_branch,
            else_branch,
        };
        expr(ExprKind::If(Box::new(node)), span)
    }
    fn let_in(
        &mut self,
        is_rec: bool,
        bindings: impl ExactSizeIterator<Item = Binding>,
        body: Expr,
        span: Span,
    ) -> Expr {
        let node = Let {
            is_rec,
            bindings: bindings.collect(),
            body,
        };
        expr(ExprKind::Let(Box::new(node)), span)
    }
    fn fun(
        &mut self,
        params: impl ExactSizeIterator<Item = Pattern>,
        body: Expr,
        span: Span,
    ) -> Expr {
        let node = Fun {
            params: params.collect(),
            body,
        };
        expr(ExprKind::Fun(Box::new(node)), span)
    }
    fn error(&mut self, span: Span) -> Expr {
        expr(ExprKind::Error, span)
    }
    fn pat_var(&mut self, name: &str, span: Span) -> Pattern {
        Pattern::Var(Ident {
            name: name.to_owned(),
            span,
        })
    }
    fn pat_wildcard(&mut self, span: Span) -> Pattern {
        Pattern::Wildcard(span)
    }
    fn pat_unit(&mut self, span: Span) -> Pattern {
        Pattern::Unit(span)
    }
    fn binding(
        &mut self,
        pattern: Pattern,
        params: impl ExactSizeIterator<Item = Pattern>,
        body: Expr,
        span: Span,
    ) -> Binding {
        Binding {
            pattern,
            params: params.collect(),
            body,
            span,
        }
    }
    fn item_let(
        &mut self,
        is_rec: bool,
        bindings: impl ExactSizeIterator<Item = Binding>,
        span: Span,
    ) -> Item {
        Item::Let {
            is_rec,
            bindings: bindings.collect(),
            span,
        }
    }
    fn item_expr(&mut self, expr: Expr) -> Item {
        Item::Expr(expr)
    }
    fn program(&mut self, items: impl ExactSizeIterator<Item = Item>) -> Program {
        Program {
            items: items.collect(),
        }
    }
}

/// Parses `src` into the `Box`-based tree.
pub fn parse(src: &str) -> (Program, Vec<minilang::diagnostics::Diagnostic>) {
    minilang::syntax::parse_with(src, BoxBuilder)
}

impl Program {
    /// The same S-expression text as [`visit::to_sexpr`](minilang::syntax::to_sexpr)
    /// gives for the region tree (tests compare the two). Recursive; meant
    /// for small trees.
    #[must_use]
    pub fn to_sexpr(&self) -> String {
        let mut out = String::new();
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match item {
                Item::Let {
                    is_rec, bindings, ..
                } => {
                    out.push_str(if *is_rec { "(def-rec (" } else { "(def (" });
                    bindings_sexpr(bindings, &mut out);
                    out.push_str("))");
                }
                Item::Expr(e) => e.sexpr(&mut out),
            }
        }
        out
    }
}

fn pattern_sexpr(p: &Pattern, out: &mut String) {
    match p {
        Pattern::Var(id) => out.push_str(&id.name),
        Pattern::Wildcard(_) => out.push('_'),
        Pattern::Unit(_) => out.push_str("()"),
    }
}

fn patterns_sexpr(ps: &[Pattern], out: &mut String) {
    for (i, p) in ps.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        pattern_sexpr(p, out);
    }
}

fn bindings_sexpr(bs: &[Binding], out: &mut String) {
    for (i, b) in bs.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('(');
        pattern_sexpr(&b.pattern, out);
        if !b.params.is_empty() {
            out.push_str(" (");
            patterns_sexpr(&b.params, out);
            out.push(')');
        }
        out.push(' ');
        b.body.sexpr(out);
        out.push(')');
    }
}

impl Expr {
    fn sexpr(&self, out: &mut String) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.sexpr_inner(out));
    }

    fn sexpr_inner(&self, out: &mut String) {
        let list = |head: &str, kids: &[&Expr], out: &mut String| {
            out.push('(');
            out.push_str(head);
            for k in kids {
                out.push(' ');
                k.sexpr(out);
            }
            out.push(')');
        };
        match &self.kind {
            ExprKind::Int(v) => {
                let _ = write!(out, "{v}");
            }
            ExprKind::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            ExprKind::Str(s) => {
                let _ = write!(out, "\"{}\"", s.escape_ascii());
            }
            ExprKind::Unit => out.push_str("()"),
            ExprKind::Var(name) => out.push_str(name),
            ExprKind::Error => out.push_str("<error>"),
            ExprKind::Unary(op, x) => {
                let head = match op {
                    UnOp::Neg => "~-",
                    UnOp::Plus => "~+",
                };
                list(head, &[x], out);
            }
            ExprKind::Assert(x) => list("assert", &[x], out),
            ExprKind::Binary(op, a, b) => list(op.as_str(), &[a, b], out),
            ExprKind::Seq(a, b) => list("seq", &[a, b], out),
            ExprKind::App(app) => {
                out.push('(');
                app.func.sexpr(out);
                for a in &app.args {
                    out.push(' ');
                    a.sexpr(out);
                }
                out.push(')');
            }
            ExprKind::If(i) => match &i.else_branch {
                Some(e) => list("if", &[&i.cond, &i.then_branch, e], out),
                None => list("if", &[&i.cond, &i.then_branch], out),
            },
            ExprKind::Let(l) => {
                out.push_str(if l.is_rec { "(let-rec (" } else { "(let (" });
                bindings_sexpr(&l.bindings, out);
                out.push_str(") ");
                l.body.sexpr(out);
                out.push(')');
            }
            ExprKind::Fun(f) => {
                out.push_str("(fun (");
                patterns_sexpr(&f.params, out);
                out.push_str(") ");
                f.body.sexpr(out);
                out.push(')');
            }
        }
    }
}
