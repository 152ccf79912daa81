//! Random programs for the type checker's differential test: items and expressions
//! built from a handful of names, literals, built-ins, operators and constructs with no
//! regard for types, so that most are ill-typed (and each error is a different one),
//! some well-typed. Every name is bound and every program parses as OCaml.

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

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
const OPERATORS: [&str; 14] = [
    "+", "-", "*", "^", "=", "<", "<>", "==", "&&", "||", "|>", "@@", "mod", ">=",
];
const LITERALS: [&str; 9] = [
    "0", "1", "42", "\"a\"", "\"\"", "true", "false", "()", "(-1)",
];
const LETTERS: [&str; 9] = ["x", "y", "z", "f", "g", "h", "k", "a", "b"];

/// The program for `seed`.
pub fn program(seed: u64) -> String {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        next: 0,
    };
    g.program()
}

struct Gen {
    rng: ChaCha8Rng,
    next: usize,
}

impl Gen {
    fn name(&mut self) -> String {
        self.next += 1;
        format!(
            "{}{}",
            LETTERS.choose(&mut self.rng).expect("letters"),
            self.next
        )
    }

    fn pick(&mut self, names: &[&str]) -> String {
        (*names.choose(&mut self.rng).expect("not empty")).to_owned()
    }

    fn atom(&mut self, env: &[String]) -> String {
        let r: f64 = self.rng.random();
        if !env.is_empty() && r < 0.45 {
            return env.choose(&mut self.rng).expect("not empty").clone();
        }
        if r < 0.7 {
            self.pick(&LITERALS)
        } else {
            self.pick(&BUILTINS)
        }
    }

    /// `e` as an argument: in parentheses unless it is an atom.
    fn arg(&mut self, env: &[String], depth: u32) -> String {
        let e = self.expr(env, depth);
        let atom = e
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '"');
        if atom || (e.starts_with('(') && e.ends_with(')') && e.matches('(').count() == 1) {
            e
        } else {
            format!("({e})")
        }
    }

    fn names(&mut self, n: usize) -> Vec<String> {
        (0..n).map(|_| self.name()).collect()
    }

    fn expr(&mut self, env: &[String], depth: u32) -> String {
        if depth == 0 {
            return self.atom(env);
        }
        let d = depth - 1;
        let r: f64 = self.rng.random();
        if r < 0.2 {
            self.atom(env)
        } else if r < 0.4 {
            let n = *[1, 1, 2, 2, 3].choose(&mut self.rng).expect("counts");
            let f = if self.rng.random_bool(0.3) {
                self.arg(env, d)
            } else {
                self.atom(env)
            };
            let args: Vec<String> = (0..n).map(|_| self.arg(env, d)).collect();
            format!("{f} {}", args.join(" "))
        } else if r < 0.55 {
            let op = self.pick(&OPERATORS);
            format!("{} {op} {}", self.arg(env, d), self.arg(env, d))
        } else if r < 0.67 {
            let n = if self.rng.random_bool(0.5) { 1 } else { 2 };
            let xs = self.names(n);
            let params: Vec<String> = xs
                .iter()
                .map(|x| {
                    if self.rng.random_bool(0.9) {
                        x.clone()
                    } else {
                        "()".to_owned()
                    }
                })
                .collect();
            let env: Vec<String> = env.iter().chain(&xs).cloned().collect();
            format!("fun {} -> {}", params.join(" "), self.expr(&env, d))
        } else if r < 0.77 {
            let c = self.expr(env, d);
            let a = self.expr(env, d);
            if self.rng.random_bool(0.2) {
                format!("(if {c} then {a})")
            } else {
                format!("(if {c} then {a} else {})", self.expr(env, d))
            }
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
                let rec_kw = if is_rec { "rec " } else { "" };
                format!("(let {rec_kw}{x} {} = {body} in {rest})", params.join(" "))
            } else {
                let pattern = if self.rng.random_bool(0.85) {
                    x.clone()
                } else {
                    self.pick(&["_", "()"])
                };
                let rhs = self.expr(env, d);
                let mut outer = env.to_vec();
                if pattern == x {
                    outer.push(x.clone());
                }
                format!("(let {pattern} = {rhs} in {})", self.expr(&outer, d))
            }
        } else if r < 0.94 {
            format!("({}; {})", self.expr(env, d), self.expr(env, d))
        } else if r < 0.96 {
            format!("assert {}", self.arg(env, d))
        } else if r < 0.98 {
            format!("- {}", self.arg(env, d))
        } else {
            format!("begin {} end", self.expr(env, d))
        }
    }

    fn program(&mut self) -> String {
        let mut env: Vec<String> = Vec::new();
        let mut out = String::new();
        let items = self.rng.random_range(1..=4);
        for _ in 0..items {
            let x = self.name();
            let r: f64 = self.rng.random();
            if r < 0.4 {
                let n = self.rng.random_range(1..=3);
                let params = self.names(n);
                let is_rec = self.rng.random_bool(0.3);
                let mut inner: Vec<String> = env.iter().chain(&params).cloned().collect();
                if is_rec {
                    inner.push(x.clone());
                }
                let body = self.expr(&inner, 3);
                let rec_kw = if is_rec { "rec " } else { "" };
                out.push_str(&format!("let {rec_kw}{x} {} = {body}\n", params.join(" ")));
                env.push(x);
            } else if r < 0.9 {
                let body = self.expr(&env, 3);
                out.push_str(&format!("let {x} = {body}\n"));
                env.push(x);
            } else {
                let body = self.expr(&env, 3);
                out.push_str(&format!("let () = {body}\n"));
            }
        }
        out
    }
}
