//! Walks over the syntax tree: node counts (`--stats`), an indented dump
//! (`--dump-ast`) and a one-line S-expression form (tests).
//!
//! All walks use an explicit work stack, never recursion, so a left-deep
//! `1 + 1 + ... + 1` of a million terms is as safe as a flat one.

use std::fmt::Write as _;

use crate::syntax::ast::{Binding, Expr, ExprKind, Item, Pattern, Program, Span, UnOp};

/// A reference to any kind of node.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a, 'r> {
    /// A top-level item.
    Item(&'a Item<'r>),
    /// A binding of a `let`.
    Binding(&'a Binding<'r>),
    /// A pattern.
    Pattern(&'a Pattern<'r>),
    /// An expression.
    Expr(&'a Expr<'r>),
}

impl<'a, 'r> Node<'a, 'r> {
    /// Pushes the children of this node on `out`, **last child first**, so
    /// that popping visits them left to right.
    pub fn push_children_rev(self, out: &mut Vec<Node<'a, 'r>>) {
        match self {
            Node::Item(Item::Let { bindings, .. }) => {
                out.extend(bindings.iter().rev().map(Node::Binding))
            }
            Node::Item(Item::Expr(e)) => out.push(Node::Expr(e)),
            Node::Binding(b) => {
                out.push(Node::Expr(&b.body));
                out.extend(b.params.iter().rev().map(Node::Pattern));
                out.push(Node::Pattern(&b.pattern));
            }
            Node::Pattern(_) => {}
            Node::Expr(e) => match &e.kind {
                ExprKind::Int(_)
                | ExprKind::Bool(_)
                | ExprKind::Str(_)
                | ExprKind::Unit
                | ExprKind::Var(_)
                | ExprKind::Error => {}
                ExprKind::Unary(_, x) | ExprKind::Assert(x) => out.push(Node::Expr(x)),
                ExprKind::Binary(_, a, b, _) | ExprKind::Seq(a, b) => {
                    out.push(Node::Expr(b));
                    out.push(Node::Expr(a));
                }
                ExprKind::App(app) => {
                    out.extend(app.args.iter().rev().map(Node::Expr));
                    out.push(Node::Expr(&app.func));
                }
                ExprKind::If(i) => {
                    if let Some(e) = &i.else_branch {
                        out.push(Node::Expr(e));
                    }
                    out.push(Node::Expr(&i.then_branch));
                    out.push(Node::Expr(&i.cond));
                }
                ExprKind::Let(l) => {
                    out.push(Node::Expr(&l.body));
                    out.extend(l.bindings.iter().rev().map(Node::Binding));
                }
                ExprKind::Fun(f) => {
                    out.push(Node::Expr(&f.body));
                    out.extend(f.params.iter().rev().map(Node::Pattern));
                }
            },
        }
    }

    /// The node's span.
    #[must_use]
    pub fn span(self) -> Span {
        match self {
            Node::Item(Item::Let { span, .. }) => *span,
            Node::Item(Item::Expr(e)) | Node::Expr(e) => e.span,
            Node::Binding(b) => b.span,
            Node::Pattern(p) => p.span(),
        }
    }
}

/// The number of nodes in the program: items, bindings, patterns and
/// expressions (an expression item counts once, as its expression).
#[must_use]
pub fn count_nodes(program: &Program<'_>) -> usize {
    let mut stack: Vec<Node<'_, '_>> = Vec::new();
    let mut count = 0;
    for item in program.items {
        match item {
            Item::Expr(e) => stack.push(Node::Expr(e)),
            item => stack.push(Node::Item(item)),
        }
        while let Some(node) = stack.pop() {
            count += 1;
            node.push_children_rev(&mut stack);
        }
    }
    count
}

/// One line describing a node, without its children.
fn describe(node: Node<'_, '_>, out: &mut String) {
    let _ = match node {
        Node::Item(Item::Let { is_rec, .. }) => {
            write!(out, "{}", if *is_rec { "DefRec" } else { "Def" })
        }
        Node::Item(Item::Expr(_)) => write!(out, "ExprItem"),
        Node::Binding(_) => write!(out, "Binding"),
        Node::Pattern(Pattern::Var(id)) => write!(out, "PVar {}", id.name()),
        Node::Pattern(Pattern::Wildcard(_)) => write!(out, "PWildcard"),
        Node::Pattern(Pattern::Unit(_)) => write!(out, "PUnit"),
        Node::Expr(e) => match &e.kind {
            ExprKind::Int(v) => write!(out, "Int {v}"),
            ExprKind::Bool(b) => write!(out, "Bool {b}"),
            ExprKind::Str(s) => write!(out, "Str \"{}\"", s.escape_ascii()),
            ExprKind::Unit => write!(out, "Unit"),
            ExprKind::Var(var) => write!(out, "Var {}", var.name()),
            ExprKind::Unary(op, _) => write!(out, "Unary {}", op.as_str()),
            ExprKind::Binary(op, ..) => write!(out, "Binary {}", op.as_str()),
            ExprKind::App(_) => write!(out, "App"),
            ExprKind::Assert(_) => write!(out, "Assert"),
            ExprKind::Seq(_, _) => write!(out, "Seq"),
            ExprKind::If(_) => write!(out, "If"),
            ExprKind::Let(l) => write!(out, "{}", if l.is_rec { "LetRec" } else { "Let" }),
            ExprKind::Fun(_) => write!(out, "Fun"),
            ExprKind::Error => write!(out, "Error"),
        },
    };
}

/// Indentation stops growing at this depth, so that the dump of a deep tree
/// stays linear in its size; deeper lines are prefixed with their depth.
const MAX_INDENT: usize = 40;

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth.min(MAX_INDENT) {
        out.push_str("  ");
    }
    if depth > MAX_INDENT {
        let _ = write!(out, "[{depth}] ");
    }
}

/// An indented dump of the tree, one node per line with its span, e.g.
/// `Binary + 0..5`, two spaces per level (past 40 levels, lines carry their
/// depth as `[41] ` instead). Used by `--dump-ast`.
#[must_use]
pub fn dump_ast(program: &Program<'_>) -> String {
    let mut out = String::new();
    let mut stack: Vec<(Node<'_, '_>, usize)> = Vec::new();
    let mut children = Vec::new();
    for item in program.items {
        let root = match item {
            Item::Expr(e) => Node::Expr(e),
            item => Node::Item(item),
        };
        stack.push((root, 0));
        while let Some((node, depth)) = stack.pop() {
            indent(&mut out, depth);
            describe(node, &mut out);
            let _ = writeln!(out, " {:?}", node.span());
            node.push_children_rev(&mut children);
            stack.extend(children.drain(..).map(|c| (c, depth + 1)));
        }
    }
    out
}

enum Work<'a, 'r> {
    Node(Node<'a, 'r>),
    Text(&'static str),
}

/// The program as S-expressions, one item per line: `(+ 1 (* 2 3))`,
/// `(~- x)` for prefix minus,
/// `(f x y)` for applications, `(seq a b)`, `(if c a b)`,
/// `(let ((x 1)) body)`, `(let-rec ((f (x) body)) body)`,
/// `(fun (x y) body)`, `(def ((x 1)))` for definitions. Used by tests to pin
/// the shape of parses.
#[must_use]
pub fn to_sexpr(program: &Program<'_>) -> String {
    let mut out = String::new();
    for (i, item) in program.items.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let root = match item {
            Item::Expr(e) => Node::Expr(e),
            item => Node::Item(item),
        };
        sexpr_into(root, &mut out);
    }
    out
}

/// Appends the S-expression of one node to `out`.
pub fn sexpr_into(root: Node<'_, '_>, out: &mut String) {
    let mut work = vec![Work::Node(root)];
    // Separator logic: a space before every element that is not first in its list.
    let mut need_space = false;
    while let Some(w) = work.pop() {
        let node = match w {
            Work::Text(t) => {
                if t.starts_with('(') && need_space {
                    out.push(' ');
                }
                out.push_str(t);
                need_space = !t.ends_with('(');
                continue;
            }
            Work::Node(n) => n,
        };
        if need_space {
            out.push(' ');
        }
        need_space = true;
        let list = |head: Option<&str>, out: &mut String, work: &mut Vec<Work<'_, '_>>| {
            out.push('(');
            if let Some(h) = head {
                out.push_str(h);
            }
            work.push(Work::Text(")"));
            head.is_some()
        };
        match node {
            Node::Pattern(Pattern::Var(id)) => out.push_str(id.name()),
            Node::Pattern(Pattern::Wildcard(_)) => out.push('_'),
            Node::Pattern(Pattern::Unit(_)) => out.push_str("()"),
            Node::Binding(b) => {
                need_space = list(None, out, &mut work);
                work.push(Work::Node(Node::Expr(&b.body)));
                if !b.params.is_empty() {
                    work.push(Work::Text(")"));
                    work.extend(b.params.iter().rev().map(|p| Work::Node(Node::Pattern(p))));
                    work.push(Work::Text("("));
                }
                work.push(Work::Node(Node::Pattern(&b.pattern)));
            }
            Node::Item(Item::Let {
                is_rec, bindings, ..
            }) => {
                need_space = list(
                    Some(if *is_rec { "def-rec" } else { "def" }),
                    out,
                    &mut work,
                );
                work.push(Work::Text(")"));
                work.extend(bindings.iter().rev().map(|b| Work::Node(Node::Binding(b))));
                work.push(Work::Text("("));
            }
            Node::Item(Item::Expr(e)) | Node::Expr(e) => match &e.kind {
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
                ExprKind::Var(var) => out.push_str(var.name()),
                ExprKind::Error => out.push_str("<error>"),
                ExprKind::Unary(op, x) => {
                    let head = match op {
                        UnOp::Neg => "~-",
                        UnOp::Plus => "~+",
                    };
                    need_space = list(Some(head), out, &mut work);
                    work.push(Work::Node(Node::Expr(x)));
                }
                ExprKind::Assert(x) => {
                    need_space = list(Some("assert"), out, &mut work);
                    work.push(Work::Node(Node::Expr(x)));
                }
                ExprKind::Binary(op, a, b, _) => {
                    need_space = list(Some(op.as_str()), out, &mut work);
                    work.push(Work::Node(Node::Expr(b)));
                    work.push(Work::Node(Node::Expr(a)));
                }
                ExprKind::Seq(a, b) => {
                    need_space = list(Some("seq"), out, &mut work);
                    work.push(Work::Node(Node::Expr(b)));
                    work.push(Work::Node(Node::Expr(a)));
                }
                ExprKind::App(app) => {
                    need_space = list(None, out, &mut work);
                    work.extend(app.args.iter().rev().map(|a| Work::Node(Node::Expr(a))));
                    work.push(Work::Node(Node::Expr(&app.func)));
                }
                ExprKind::If(i) => {
                    need_space = list(Some("if"), out, &mut work);
                    if let Some(e) = &i.else_branch {
                        work.push(Work::Node(Node::Expr(e)));
                    }
                    work.push(Work::Node(Node::Expr(&i.then_branch)));
                    work.push(Work::Node(Node::Expr(&i.cond)));
                }
                ExprKind::Let(l) => {
                    need_space = list(
                        Some(if l.is_rec { "let-rec" } else { "let" }),
                        out,
                        &mut work,
                    );
                    work.push(Work::Node(Node::Expr(&l.body)));
                    work.push(Work::Text(")"));
                    work.extend(
                        l.bindings
                            .iter()
                            .rev()
                            .map(|b| Work::Node(Node::Binding(b))),
                    );
                    work.push(Work::Text("("));
                }
                ExprKind::Fun(f) => {
                    need_space = list(Some("fun"), out, &mut work);
                    work.push(Work::Node(Node::Expr(&f.body)));
                    work.push(Work::Text(")"));
                    work.extend(f.params.iter().rev().map(|p| Work::Node(Node::Pattern(p))));
                    work.push(Work::Text("("));
                }
            },
        }
    }
}
