//! Random programs for the type checker's differential test: items and expressions
//! built from a handful of names, literals, built-ins, operators and constructs with no
//! regard for types, so that most are ill-typed (and each error is a different one),
//! some well-typed. Every name is bound and every program parses as OCaml, unless
//! [`Options`] asks for errors of several phases at once.

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::ast::{Binding, Expr, Group, IntStyle, Item, Op, Pat, Program};

/// Which error shapes the checker's random programs may hold besides type errors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// An item with a lexical or syntax error (an illegal character, an
    /// unterminated string or comment, a missing operand) before or after the
    /// type errors, in the program made without it: OCaml's first error is then
    /// the lexer's or the parser's.
    pub lexical_and_syntax_errors: bool,
    /// Now and then an unbound name inside an ill-typed expression
    /// (`print_string (zzz + 1)`): OCaml reports the name, not the type error
    /// around it (issue 16, causes 9 and 10); or another error OCaml finds
    /// while type-checking, where checking reaches it: an integer literal out
    /// of range or with an unknown modifier, maybe negated (`-1g`, whose
    /// location includes the `-`).
    pub unbound_in_ill_typed: bool,
}

/// A program and how many deliberate non-type errors it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untyped {
    /// The program.
    pub program: Program,
    /// The lexical, syntax and unbound-name errors the options put in.
    pub other_phases: usize,
}

const BUILTINS: [&str; 26] = [
    "succ",
    "not",
    "print_int",
    "print_string",
    "ignore",
    "compare",
    "min",
    "max",
    "string_of_int",
    "failwith",
    "exit",
    "String.length",
    "String.sub",
    "print_newline",
    "abs",
    "(+)",
    "(=)",
    "(|>)",
    "(@@)",
    "(^)",
    "(&&)",
    "(==)",
    "(<)",
    "int_of_string",
    "string_of_bool",
    "print_endline",
];
const OPERATORS: [Op; 14] = [
    Op::Add,
    Op::Sub,
    Op::Mul,
    Op::Concat,
    Op::Eq,
    Op::Lt,
    Op::Ne,
    Op::PhysEq,
    Op::And,
    Op::Or,
    Op::Pipe,
    Op::AtAt,
    Op::Mod,
    Op::Ge,
];
const LETTERS: [&str; 9] = ["x", "y", "z", "f", "g", "h", "k", "a", "b"];

/// Integer literals that OCaml's checker rejects (out of range, unknown
/// modifier).
const BAD_LITERALS: [&str; 4] = ["4611686018427387905", "1g", "0x8000000000000000", "0b1z"];

/// Items with a lexical or syntax error that OCaml reports where minilang does.
const BROKEN: [&str; 5] = [
    "let broken = 1 \\ 2",
    "let broken = (1 + ) 2",
    "let broken = if then 1",
    "let broken = \"never closed",
    "let broken = 1 (* never closed",
];

/// The program for `seed`.
#[must_use]
pub fn program(seed: u64, options: Options) -> Untyped {
    program_from(&mut ChaCha8Rng::seed_from_u64(seed), options)
}

/// A program from `rng` (a seeded RNG, or fuzzer bytes through a
/// [`ByteRng`](super::ByteRng)).
pub fn program_from<R: Rng>(rng: &mut R, options: Options) -> Untyped {
    let mut g = Gen {
        rng,
        next: 0,
        options,
        other_phases: 0,
    };
    let mut program = g.program();
    if options.lexical_and_syntax_errors {
        // Its own stream, so that the program around it is the one without.
        let mut rng = ChaCha8Rng::seed_from_u64(g.rng.next_u64());
        let broken = *BROKEN.choose(&mut rng).expect("not empty");
        // An unterminated string or comment swallows the rest: it comes last.
        let at = if broken.contains("never") {
            program.items.len()
        } else {
            rng.random_range(0..=program.items.len())
        };
        program
            .items
            .insert(at, (Item::Raw(broken.to_owned()), false));
        g.other_phases += 1;
    }
    Untyped {
        program,
        other_phases: g.other_phases,
    }
}

struct Gen<'a, R> {
    rng: &'a mut R,
    next: usize,
    options: Options,
    other_phases: usize,
}

impl<R: Rng> Gen<'_, R> {
    fn name(&mut self) -> String {
        self.next += 1;
        format!(
            "{}{}",
            LETTERS.choose(self.rng).expect("letters"),
            self.next
        )
    }

    fn literal(&mut self) -> Expr {
        match self.rng.random_range(0..9) {
            0 => int(0),
            1 => int(1),
            2 => int(42),
            3 => Expr::Str(b"a".to_vec()),
            4 => Expr::Str(Vec::new()),
            5 => Expr::Bool(true),
            6 => Expr::Bool(false),
            7 => Expr::Unit,
            _ => int(-1),
        }
    }

    fn atom(&mut self, env: &[String]) -> Expr {
        let r: f64 = self.rng.random();
        if !env.is_empty() && r < 0.45 {
            return Expr::Var(env.choose(self.rng).expect("not empty").clone());
        }
        if self.options.unbound_in_ill_typed && self.rng.random_bool(0.02) {
            self.other_phases += 1;
            let name = if self.rng.random_bool(0.5) {
                format!("unbound{}", self.rng.random_range(0..3))
            } else {
                // Printed as it is: `Var` holds a name's text.
                (*BAD_LITERALS.choose(self.rng).expect("not empty")).to_owned()
            };
            let e = Expr::Var(name);
            return if self.rng.random_bool(0.3) {
                Expr::Neg(Box::new(e))
            } else {
                e
            };
        }
        if r < 0.7 {
            self.literal()
        } else {
            Expr::Var((*BUILTINS.choose(self.rng).expect("not empty")).to_owned())
        }
    }

    fn names(&mut self, n: usize) -> Vec<String> {
        (0..n).map(|_| self.name()).collect()
    }

    fn expr(&mut self, env: &[String], depth: u32) -> Expr {
        if depth == 0 {
            return self.atom(env);
        }
        let d = depth - 1;
        let r: f64 = self.rng.random();
        if r < 0.2 {
            self.atom(env)
        } else if r < 0.4 {
            let n = *[1, 1, 2, 2, 3].choose(self.rng).expect("counts");
            let f = if self.rng.random_bool(0.3) {
                self.expr(env, d)
            } else {
                self.atom(env)
            };
            let args: Vec<Expr> = (0..n).map(|_| self.expr(env, d)).collect();
            Expr::App(Box::new(f), args)
        } else if r < 0.55 {
            let op = *OPERATORS.choose(self.rng).expect("operators");
            Expr::Bin(op, Box::new(self.expr(env, d)), Box::new(self.expr(env, d)))
        } else if r < 0.67 {
            let n = if self.rng.random_bool(0.5) { 1 } else { 2 };
            let xs = self.names(n);
            let params: Vec<Pat> = xs
                .iter()
                .map(|x| {
                    if self.rng.random_bool(0.9) {
                        Pat::Name(x.clone())
                    } else {
                        Pat::Unit
                    }
                })
                .collect();
            let bound = params.iter().filter_map(|p| match p {
                Pat::Name(x) => Some(x.clone()),
                Pat::Wild | Pat::Unit => None,
            });
            let env: Vec<String> = env.iter().cloned().chain(bound).collect();
            Expr::Fun(params, Box::new(self.expr(&env, d)))
        } else if r < 0.77 {
            let c = self.expr(env, d);
            let a = self.expr(env, d);
            let b = if self.rng.random_bool(0.2) {
                None
            } else {
                Some(Box::new(self.expr(env, d)))
            };
            Expr::If(Box::new(c), Box::new(a), b)
        } else if r < 0.9 {
            let x = self.name();
            if self.rng.random_bool(0.3) {
                let n = if self.rng.random_bool(0.5) { 1 } else { 2 };
                let params = self.names(n);
                let is_rec = self.rng.random_bool(0.5);
                let mut inner: Vec<String> = env.iter().chain(&params).cloned().collect();
                if is_rec {
                    inner.push(x.clone());
                }
                let body = self.expr(&inner, d);
                let mut outer = env.to_vec();
                outer.push(x.clone());
                let rest = self.expr(&outer, d);
                let binding = Binding {
                    pat: Pat::Name(x),
                    params: params.into_iter().map(Pat::Name).collect(),
                    rhs: body,
                };
                Expr::Let(is_rec, vec![binding], Box::new(rest))
            } else {
                let pat = if self.rng.random_bool(0.85) {
                    Pat::Name(x.clone())
                } else if self.rng.random_bool(0.5) {
                    Pat::Wild
                } else {
                    Pat::Unit
                };
                let rhs = self.expr(env, d);
                let mut outer = env.to_vec();
                if pat == Pat::Name(x.clone()) {
                    outer.push(x);
                }
                let body = self.expr(&outer, d);
                let binding = Binding {
                    pat,
                    params: Vec::new(),
                    rhs,
                };
                Expr::Let(false, vec![binding], Box::new(body))
            }
        } else if r < 0.94 {
            Expr::Seq(Box::new(self.expr(env, d)), Box::new(self.expr(env, d)))
        } else if r < 0.96 {
            Expr::Assert(Box::new(self.expr(env, d)))
        } else if r < 0.98 {
            Expr::Neg(Box::new(self.expr(env, d)))
        } else {
            Expr::Group(Box::new(self.expr(env, d)), Group::BeginEnd)
        }
    }

    fn program(&mut self) -> Program {
        let mut env: Vec<String> = Vec::new();
        let mut items = Vec::new();
        let count = self.rng.random_range(1..=4);
        for _ in 0..count {
            let x = self.name();
            let r: f64 = self.rng.random();
            let binding = if r < 0.4 {
                let n = self.rng.random_range(1..=3);
                let params = self.names(n);
                let is_rec = self.rng.random_bool(0.3);
                let mut inner: Vec<String> = env.iter().chain(&params).cloned().collect();
                if is_rec {
                    inner.push(x.clone());
                }
                let body = self.expr(&inner, 3);
                env.push(x.clone());
                let binding = Binding {
                    pat: Pat::Name(x),
                    params: params.into_iter().map(Pat::Name).collect(),
                    rhs: body,
                };
                items.push((Item::Let(is_rec, vec![binding]), false));
                continue;
            } else if r < 0.9 {
                let body = self.expr(&env, 3);
                env.push(x.clone());
                Binding {
                    pat: Pat::Name(x),
                    params: Vec::new(),
                    rhs: body,
                }
            } else {
                Binding {
                    pat: Pat::Unit,
                    params: Vec::new(),
                    rhs: self.expr(&env, 3),
                }
            };
            items.push((Item::Let(false, vec![binding]), false));
        }
        Program { items, crlf: false }
    }
}

fn int(n: i64) -> Expr {
    Expr::Int(n, IntStyle::Decimal)
}
