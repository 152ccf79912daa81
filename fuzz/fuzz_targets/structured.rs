//! Fuzzes with well-formed programs: the fuzzer's bytes become an AST-like
//! value (`arbitrary`), printed as minilang source twice, once with every
//! subexpression in parentheses and once with only the parentheses that
//! operator precedence, associativity and application need. Both must parse
//! without a diagnostic into the same tree (this checks the precedence
//! climbing against the spec's table), resolve (every name is bound), and
//! run under a step budget without a panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use minilang::runtime::{self, RunOptions};
use minilang::syntax;
use region::Region;

/// Calls a program may make per input.
const STEPS: u64 = 20_000;
/// Bounds the size of a printed program (arbitrary values nest freely).
const MAX_NODES: usize = 2_000;

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Op {
    Mul,
    Div,
    Mod,
    Add,
    Sub,
    Concat,
    AtAt,
    Eq,
    Ne,
    PhysEq,
    PhysNe,
    Lt,
    Gt,
    Le,
    Ge,
    Pipe,
    And,
    Or,
}

impl Op {
    fn text(self) -> &'static str {
        match self {
            Op::Mul => "*",
            Op::Div => "/",
            Op::Mod => "mod",
            Op::Add => "+",
            Op::Sub => "-",
            Op::Concat => "^",
            Op::AtAt => "@@",
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::PhysEq => "==",
            Op::PhysNe => "!=",
            Op::Lt => "<",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Ge => ">=",
            Op::Pipe => "|>",
            Op::And => "&&",
            Op::Or => "||",
        }
    }

    /// The spec's precedence level (§3; lower binds tighter) and whether the
    /// operator associates to the right.
    fn level(self) -> (u8, bool) {
        match self {
            Op::Mul | Op::Div | Op::Mod => (4, false),
            Op::Add | Op::Sub => (5, false),
            Op::Concat | Op::AtAt => (6, true),
            Op::Eq
            | Op::Ne
            | Op::PhysEq
            | Op::PhysNe
            | Op::Lt
            | Op::Gt
            | Op::Le
            | Op::Ge
            | Op::Pipe => (7, false),
            Op::And => (8, true),
            Op::Or => (9, true),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Pat {
    Name(u8),
    Wildcard,
    Unit,
}

#[derive(Arbitrary, Debug)]
struct Binding {
    name: u8,
    params: Vec<Pat>,
    body: Expr,
}

#[derive(Arbitrary, Debug)]
enum Expr {
    Int(i64),
    Bool(bool),
    Str(Vec<u8>),
    Unit,
    /// A name in scope (by index), or a built-in when none is.
    Var(u8),
    Builtin(u8),
    Neg(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
    App(Box<Expr>, Vec<Expr>),
    If(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    Seq(Box<Expr>, Box<Expr>),
    Let(bool, Vec<Binding>, Box<Expr>),
    Fun(Vec<Pat>, Box<Expr>),
    Assert(Box<Expr>),
}

#[derive(Arbitrary, Debug)]
enum Item {
    Let(bool, Vec<Binding>),
    Expr(Expr),
}

#[derive(Arbitrary, Debug)]
struct Program {
    items: Vec<Item>,
}

const BUILTINS: &[&str] = &[
    "print_int",
    "print_string",
    "print_endline",
    "print_newline",
    "string_of_int",
    "int_of_string",
    "string_of_bool",
    "String.length",
    "String.sub",
    "not",
    "abs",
    "succ",
    "pred",
    "min",
    "max",
    "compare",
    "ignore",
    "failwith",
    "max_int",
    "min_int",
];

/// Prints a [`Program`] as source, keeping track of the names in scope.
struct Printer {
    out: String,
    scope: Vec<String>,
    /// Print every subexpression in parentheses.
    full: bool,
    nodes: usize,
}

/// How tightly an expression's printed form binds: 1 for atoms, 2 for
/// applications, 3 for prefix minus, the operator's level for binary
/// operators, 13 for constructs that are always parenthesised.
fn level(e: &Expr) -> u8 {
    match e {
        Expr::Int(n) if wrap(*n) < 0 => 1, // printed `(-n)`
        Expr::Int(_) | Expr::Bool(_) | Expr::Str(_) | Expr::Unit | Expr::Var(_) | Expr::Builtin(_) => 1,
        Expr::App(_, args) if args.is_empty() => 1, // printed as its function, parenthesised
        Expr::App(..) => 2,
        Expr::Neg(_) => 3,
        Expr::Bin(op, ..) => op.level().0,
        _ => 13,
    }
}

/// An i64 as a 63-bit OCaml int.
fn wrap(n: i64) -> i64 {
    n >> 1
}

fn name(i: u8) -> String {
    format!("v{}", i % 12)
}

impl Printer {
    fn program(&mut self, p: &Program) {
        for item in &p.items {
            if self.nodes > MAX_NODES {
                break;
            }
            match item {
                Item::Let(is_rec, bindings) => {
                    let names = self.bindings(*is_rec, bindings);
                    self.scope.extend(names);
                }
                Item::Expr(e) => {
                    self.out.push_str("let _ = ");
                    self.expr(e, 13);
                }
            }
            self.out.push_str("\n;;\n");
        }
    }

    /// Prints `let [rec] b1 and b2 ...` (without `in`); returns the names
    /// it binds. Names are made distinct; `let rec` bindings are functions.
    fn bindings(&mut self, is_rec: bool, bindings: &[Binding]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let mut chosen = Vec::new();
        for b in bindings.iter().take(4) {
            let n = name(b.name);
            if !names.contains(&n) {
                names.push(n);
                chosen.push(b);
            }
        }
        if chosen.is_empty() {
            self.out.push_str("let _ = ()");
            return Vec::new();
        }
        self.out.push_str(if is_rec { "let rec " } else { "let " });
        let outer = self.scope.len();
        if is_rec {
            self.scope.extend(names.iter().cloned());
        }
        for (i, b) in chosen.iter().enumerate() {
            if i > 0 {
                self.out.push_str(" and ");
            }
            self.out.push_str(&names[i]);
            let mark = self.scope.len();
            let mut params = 0;
            for p in b.params.iter().take(4) {
                self.out.push(' ');
                self.pattern(p, mark);
                params += 1;
            }
            if is_rec && params == 0 {
                self.out.push_str(" ()");
            }
            self.out.push_str(" = ");
            self.expr(&b.body, 13);
            self.scope.truncate(mark);
        }
        self.scope.truncate(outer);
        names
    }

    /// Prints a parameter; a name already bound by the same parameter list
    /// (from `first` on in the scope) becomes `_`, as OCaml forbids repeats.
    fn pattern(&mut self, p: &Pat, first: usize) {
        match p {
            Pat::Name(i) if self.scope[first..].contains(&name(*i)) => self.out.push('_'),
            Pat::Name(i) => {
                let n = name(*i);
                self.out.push_str(&n);
                self.scope.push(n);
            }
            Pat::Wildcard => self.out.push('_'),
            Pat::Unit => self.out.push_str("()"),
        }
    }

    /// Prints `e` where an expression of at most level `max` fits without
    /// parentheses (in full mode, everything but atoms gets them).
    fn expr(&mut self, e: &Expr, max: u8) {
        self.nodes += 1;
        let lvl = level(e);
        let paren = lvl > max || (self.full && lvl > 1) || self.nodes > MAX_NODES && lvl > 1;
        if paren {
            self.out.push('(');
        }
        if self.nodes > MAX_NODES {
            self.out.push_str("()");
        } else {
            self.expr_inner(e);
        }
        if paren {
            self.out.push(')');
        }
    }

    fn expr_inner(&mut self, e: &Expr) {
        match e {
            Expr::Int(n) => {
                let n = wrap(*n);
                if n < 0 {
                    // `-n` as a prefix minus on a literal; `n.unsigned_abs()`
                    // is at most 2^62, the literal of min_int.
                    self.out.push_str(&format!("(-{})", n.unsigned_abs()));
                } else {
                    self.out.push_str(&n.to_string());
                }
            }
            Expr::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Expr::Str(bytes) => {
                self.out.push('"');
                for &b in bytes.iter().take(32) {
                    match b {
                        b'"' => self.out.push_str("\\\""),
                        b'\\' => self.out.push_str("\\\\"),
                        b' '..=b'~' => self.out.push(b as char),
                        _ => self.out.push_str(&format!("\\x{b:02x}")),
                    }
                }
                self.out.push('"');
            }
            Expr::Unit => self.out.push_str("()"),
            Expr::Var(i) => {
                if self.scope.is_empty() {
                    self.out.push_str("max_int");
                } else {
                    let n = self.scope[*i as usize % self.scope.len()].clone();
                    self.out.push_str(&n);
                }
            }
            Expr::Builtin(i) => self.out.push_str(BUILTINS[*i as usize % BUILTINS.len()]),
            Expr::Neg(a) => {
                self.out.push_str("- ");
                self.expr(a, 3);
            }
            Expr::Bin(op, l, r) => {
                let (lvl, right) = op.level();
                self.expr(l, if right { lvl - 1 } else { lvl });
                self.out.push(' ');
                self.out.push_str(op.text());
                self.out.push(' ');
                self.expr(r, if right { lvl } else { lvl - 1 });
            }
            Expr::App(f, args) => {
                // The function is an atom: `(f a) b` is not `f a b`.
                self.expr(f, 1);
                for a in args.iter().take(4) {
                    self.out.push(' ');
                    self.expr(a, 1);
                }
            }
            Expr::If(c, a, b) => {
                self.out.push_str("if ");
                self.expr(c, 12);
                self.out.push_str(" then ");
                self.expr(a, 9);
                if let Some(b) = b {
                    self.out.push_str(" else ");
                    self.expr(b, 9);
                }
            }
            Expr::Seq(a, b) => {
                self.expr(a, 10);
                self.out.push_str("; ");
                self.expr(b, 12);
            }
            Expr::Let(is_rec, bindings, body) => {
                let names = self.bindings(*is_rec, bindings);
                let mark = self.scope.len();
                self.scope.extend(names);
                self.out.push_str(" in ");
                self.expr(body, 13);
                self.scope.truncate(mark);
            }
            Expr::Fun(params, body) => {
                self.out.push_str("fun");
                let mark = self.scope.len();
                for p in params.iter().take(4) {
                    self.out.push(' ');
                    self.pattern(p, mark);
                }
                if params.is_empty() {
                    self.out.push_str(" ()");
                }
                self.out.push_str(" -> ");
                self.expr(body, 13);
                self.scope.truncate(mark);
            }
            Expr::Assert(a) => {
                self.out.push_str("assert ");
                self.expr(a, 1);
            }
        }
    }
}

fn print(p: &Program, full: bool) -> String {
    let mut printer = Printer {
        out: String::new(),
        scope: Vec::new(),
        full,
        nodes: 0,
    };
    printer.program(p);
    printer.out
}

fuzz_target!(|program: Program| {
    let minimal = print(&program, false);
    let full = print(&program, true);
    runtime::with_big_stack(|| {
        let region = Region::new();
        let (ast_full, diags) = syntax::parse(&full, &region);
        assert!(diags.is_empty(), "{full}\n{diags:#?}");
        let (ast_min, diags) = syntax::parse(&minimal, &region);
        assert!(diags.is_empty(), "{minimal}\n{diags:#?}");
        assert_eq!(
            syntax::to_sexpr(&ast_full),
            syntax::to_sexpr(&ast_min),
            "the parentheses changed the tree:\n{full}\n{minimal}"
        );

        let compiled = minilang::compile(&minimal, &region);
        // Names are always bound; once a type checker exists, its errors
        // (which well-formed but ill-typed programs may have) are fine.
        for d in &compiled.diagnostics {
            assert!(
                !(d.code.starts_with("E00") || d.code.starts_with("E01") || d.code.starts_with("E03")),
                "{minimal}\n{d:#?}"
            );
        }
        if let Some(program) = compiled.program {
            let options = RunOptions {
                max_steps: Some(STEPS),
                max_string_bytes: Some(1 << 20),
                ..RunOptions::default()
            };
            let _ = runtime::run_with(&program, std::io::sink(), "fuzz.ml", &minimal, &options);
        }
    });
});
