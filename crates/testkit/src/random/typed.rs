//! A type-directed generator of random well-typed minilang programs that always
//! terminate quickly: recursion only through counter-bounded `let rec` loops, whose
//! counter argument is always a small literal. The differential test runs them
//! under `ocaml` and `minilang`; `ocamlc -i` gives their signatures.

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::ast::{Binding, Expr, Group, IntStyle, Item, Op, Pat, Program, Ty};

/// The largest and smallest 63-bit OCaml ints.
const MAX_INT: i64 = (1 << 62) - 1;
const MIN_INT: i64 = -(1 << 62);

/// Generates the program for `seed`; the same seed always gives the same program
/// (it starts with a comment naming the seed).
#[must_use]
pub fn program(seed: u64) -> Program {
    let mut program = program_from(&mut ChaCha8Rng::seed_from_u64(seed));
    program.items.insert(
        0,
        (Item::Comment(format!("(* difftest seed {seed} *)")), false),
    );
    program
}

/// Generates a program from `rng` (a seeded RNG, or fuzzer bytes through a
/// [`ByteRng`](super::ByteRng)).
pub fn program_from<R: Rng>(rng: &mut R) -> Program {
    let mut generator = Gen {
        rng,
        scope: Vec::new(),
        hidden: Vec::new(),
    };
    generator.program()
}

/// A name in scope.
#[derive(Clone, Debug)]
struct Var {
    name: String,
    ty: Ty,
    /// A counter-bounded recursive function: its first argument is a loop counter and
    /// must be a small literal wherever the function is applied.
    bounded: bool,
}

struct Gen<'a, R> {
    rng: &'a mut R,
    /// Innermost binding last.
    scope: Vec<Var>,
    /// Names that must not be used (the recursive functions whose body is being generated).
    hidden: Vec<String>,
}

/// The base types, for uniform choice.
const BASE: [Ty; 4] = [Ty::Int, Ty::Bool, Ty::Str, Ty::Unit];

/// Comments placed between items.
const COMMENTS: [&str; 4] = [
    "(**)",
    "(* a comment *)",
    "(* nested (* comment *) here *)",
    "(* a \"*)\" string inside *)",
];

/// Expression depth at the top of an item.
const DEPTH: u32 = 4;

impl<R: Rng> Gen<'_, R> {
    fn program(&mut self) -> Program {
        let mut items: Vec<(Item, bool)> = Vec::new();
        let count = self.rng.random_range(3..=7);
        for _ in 0..count {
            if self.rng.random_bool(0.1) {
                let comment = *COMMENTS.choose(self.rng).expect("non-empty");
                items.push((Item::Comment(comment.to_owned()), false));
            }
            let item = self.item();
            let first = items
                .iter()
                .all(|(item, _)| matches!(item, Item::Comment(_)));
            let dsemi = match item {
                Item::Expr(_) => !first,
                Item::Let(..) | Item::Comment(_) | Item::Raw(_) => {
                    !first && self.rng.random_bool(0.15)
                }
            };
            items.push((item, dsemi));
        }
        // Print some of the top-level values so that definitions are observable.
        let shown = self.show_values();
        if let Some(shown) = shown {
            items.push((Item::Expr(shown), !items.is_empty()));
        }
        Program {
            items,
            crlf: self.rng.random_bool(0.05),
        }
    }

    fn item(&mut self) -> Item {
        match self.rng.random_range(0..100) {
            // A value.
            0..25 => {
                let ty = self.any_type();
                let rhs = self.expr(&ty, DEPTH);
                let name = match ty {
                    Ty::Int if self.rng.random_bool(0.04) => {
                        (*["max_int", "min_int"].choose(self.rng).expect("non-empty")).to_owned()
                    }
                    _ => self.fresh_name(&ty),
                };
                self.scope.push(Var {
                    name: name.clone(),
                    ty,
                    bounded: false,
                });
                Item::Let(
                    false,
                    vec![Binding {
                        pat: Pat::Name(name),
                        params: Vec::new(),
                        rhs,
                    }],
                )
            }
            // A function.
            25..45 => {
                let (binding, var) = self.function_binding(DEPTH);
                self.scope.push(var);
                Item::Let(false, vec![binding])
            }
            // A counter-bounded recursive function (or two mutually recursive ones).
            45..60 => {
                let (bindings, vars) = self.rec_bindings();
                self.scope.extend(vars);
                Item::Let(true, bindings)
            }
            // A big tail-recursive loop, now and then.
            60..63 => self.spin_loop(),
            // `let () = ...` or `let _ = ...`.
            63..80 => {
                if self.rng.random_bool(0.8) {
                    let rhs = self.expr(&Ty::Unit, DEPTH);
                    Item::Let(
                        false,
                        vec![Binding {
                            pat: Pat::Unit,
                            params: Vec::new(),
                            rhs,
                        }],
                    )
                } else {
                    let ty = self.base_type();
                    let rhs = self.expr(&ty, DEPTH);
                    Item::Let(
                        false,
                        vec![Binding {
                            pat: Pat::Wild,
                            params: Vec::new(),
                            rhs,
                        }],
                    )
                }
            }
            // An expression item (after `;;`, or first).
            _ => Item::Expr(self.expr(&Ty::Unit, DEPTH)),
        }
    }

    /// `let rec spin i acc = if i = 0 then acc else spin (i - 1) (acc + i mod K)` applied
    /// to a large count: exercises tail calls without printing much.
    fn spin_loop(&mut self) -> Item {
        if self.rng.random_bool(0.3) {
            return self.deep_recursion();
        }
        let name = self.fresh_from(&["spin", "churn"]);
        let count = self.rng.random_range(50_000..=200_000);
        let modulus = self.rng.random_range(2..=9);
        let call = Expr::App(
            Box::new(Expr::Var(name.clone())),
            vec![
                Expr::Bin(Op::Sub, Box::new(var("i")), Box::new(int(1))),
                Expr::Bin(
                    Op::Add,
                    Box::new(var("acc")),
                    Box::new(Expr::Bin(
                        Op::Mod,
                        Box::new(var("i")),
                        Box::new(int(modulus)),
                    )),
                ),
            ],
        );
        let body = Expr::If(
            Box::new(Expr::Bin(Op::Eq, Box::new(var("i")), Box::new(int(0)))),
            Box::new(var("acc")),
            Some(Box::new(call)),
        );
        let rec = Binding {
            pat: Pat::Name(name.clone()),
            params: vec![pname("i"), pname("acc")],
            rhs: body,
        };
        let start = Expr::App(
            Box::new(Expr::Var(name)),
            vec![Expr::Int(count, IntStyle::Grouped), self.small_int()],
        );
        let print = Expr::App(
            Box::new(var("print_int")),
            vec![Expr::Let(true, vec![rec], Box::new(start))],
        );
        Item::Expr(print)
    }

    /// `let rec deep i = if i = 0 then 0 else K + deep (i - 1)`, tens of thousands of
    /// calls deep (OCaml's own stack allows about 262,000).
    fn deep_recursion(&mut self) -> Item {
        let name = self.fresh_from(&["deep", "down"]);
        let count = self.rng.random_range(10_000..=50_000);
        let step = self.rng.random_range(1..=7);
        let call = Expr::App(
            Box::new(Expr::Var(name.clone())),
            vec![Expr::Bin(Op::Sub, Box::new(var("i")), Box::new(int(1)))],
        );
        let body = Expr::If(
            Box::new(Expr::Bin(Op::Eq, Box::new(var("i")), Box::new(int(0)))),
            Box::new(int(0)),
            Some(Box::new(Expr::Bin(
                Op::Add,
                Box::new(int(step)),
                Box::new(call),
            ))),
        );
        let rec = Binding {
            pat: Pat::Name(name.clone()),
            params: vec![pname("i")],
            rhs: body,
        };
        let start = Expr::App(
            Box::new(Expr::Var(name)),
            vec![Expr::Int(count, IntStyle::Grouped)],
        );
        Item::Expr(Expr::App(
            Box::new(var("print_int")),
            vec![Expr::Let(true, vec![rec], Box::new(start))],
        ))
    }

    /// An expression item that prints some base-typed values in scope.
    fn show_values(&mut self) -> Option<Expr> {
        let visible = self.visible();
        let mut shown: Vec<Expr> = Vec::new();
        for v in visible.iter().filter(|v| v.ty.is_base()) {
            if shown.len() >= 3 {
                break;
            }
            shown.push(print_value(&v.ty, Expr::Var(v.name.clone())));
        }
        let last = shown.pop()?;
        Some(
            shown
                .into_iter()
                .rev()
                .fold(last, |acc, e| Expr::Seq(Box::new(e), Box::new(acc))),
        )
    }

    // ----- types and names -----

    fn base_type(&mut self) -> Ty {
        BASE.choose(self.rng).expect("non-empty").clone()
    }

    /// Mostly a base type, sometimes a function type.
    fn any_type(&mut self) -> Ty {
        if self.rng.random_bool(0.8) {
            self.base_type()
        } else {
            self.fun_type()
        }
    }

    /// A first-order function type with one or two base-typed parameters.
    fn fun_type(&mut self) -> Ty {
        let arity = self.rng.random_range(1..=2);
        let params = (0..arity).map(|_| self.param_base_type()).collect();
        Ty::fun(params, self.base_type())
    }

    /// Parameters are more often ints and strings than unit.
    fn param_base_type(&mut self) -> Ty {
        match self.rng.random_range(0..10) {
            0..5 => Ty::Int,
            5..7 => Ty::Str,
            7..9 => Ty::Bool,
            _ => Ty::Unit,
        }
    }

    /// A name for a value of type `ty`; names repeat now and then, so shadowing happens.
    fn fresh_name(&mut self, ty: &Ty) -> String {
        let pool: &[&str] = match ty {
            Ty::Int => &["x", "y", "z", "n", "m", "a"],
            Ty::Bool => &["p", "q", "ok"],
            Ty::Str => &["s", "t", "w"],
            Ty::Unit => &["u", "v"],
            Ty::Fun(..) => &["f", "g", "h", "k"],
        };
        self.fresh_from(pool)
    }

    fn fresh_from(&mut self, pool: &[&str]) -> String {
        let base = pool.choose(self.rng).expect("non-empty");
        if self.rng.random_bool(0.4) {
            (*base).to_owned()
        } else {
            format!("{base}{}", self.rng.random_range(0..6))
        }
    }

    /// Distinct fresh names for values of the given types, avoiding `taken`.
    fn distinct_names(&mut self, tys: &[Ty], taken: &[String]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for ty in tys {
            let name = loop {
                let name = self.fresh_name(ty);
                if !names.contains(&name) && !taken.contains(&name) {
                    break name;
                }
            };
            names.push(name);
        }
        names
    }

    /// The variables in scope, innermost first, without shadowed or hidden ones.
    fn visible(&self) -> Vec<Var> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for v in self.scope.iter().rev() {
            if seen.contains(&v.name.as_str()) {
                continue;
            }
            seen.push(&v.name);
            if !self.hidden.contains(&v.name) {
                out.push(v.clone());
            }
        }
        out
    }

    // ----- expressions -----

    fn expr(&mut self, ty: &Ty, depth: u32) -> Expr {
        match ty {
            Ty::Fun(params, ret) => self.fun_expr(params, ret, depth),
            _ => self.base_expr(ty, depth),
        }
    }

    fn base_expr(&mut self, ty: &Ty, depth: u32) -> Expr {
        if depth == 0 {
            return self.leaf(ty);
        }
        let d = depth - 1;
        match self.rng.random_range(0..100) {
            0..14 => self.leaf(ty),
            14..30 => self.call(ty, d),
            30..38 => {
                let cond = self.expr(&Ty::Bool, d);
                let then_ = self.expr(ty, d);
                let else_ = self.expr(ty, d);
                Expr::If(Box::new(cond), Box::new(then_), Some(Box::new(else_)))
            }
            38..45 => self.let_in(ty, d),
            45..52 => {
                // A side effect before the value: makes evaluation order observable.
                let first = self.printing(d);
                let second = self.expr(ty, d);
                Expr::Seq(Box::new(first), Box::new(second))
            }
            52..56 => {
                let arg_ty = self.param_base_type();
                let arg = self.expr(&arg_ty, d);
                let f = self.fun_expr(&[arg_ty], ty, d);
                Expr::Bin(Op::Pipe, Box::new(arg), Box::new(f))
            }
            56..59 => {
                let arg_ty = self.param_base_type();
                let f = self.fun_expr(std::slice::from_ref(&arg_ty), ty, d);
                let arg = self.expr(&arg_ty, d);
                Expr::Bin(Op::AtAt, Box::new(f), Box::new(arg))
            }
            59..62 => {
                // A function expression applied on the spot: `(fun x -> ...) e`, `(if ..) e`.
                let arg_ty = self.param_base_type();
                let f = self.fun_expr(std::slice::from_ref(&arg_ty), ty, d);
                let arg = self.expr(&arg_ty, d);
                Expr::App(Box::new(f), vec![arg])
            }
            62..63 => {
                let msg = self.string_literal();
                Expr::App(Box::new(var("failwith")), vec![Expr::Str(msg)])
            }
            63..64 if self.rng.random_bool(0.25) => {
                let code = Expr::Int(self.rng.random_range(0..=4), IntStyle::Decimal);
                Expr::App(Box::new(var("exit")), vec![code])
            }
            64..68 => {
                let inner = self.expr(ty, d);
                let group = if self.rng.random_bool(0.3) {
                    Group::BeginEnd
                } else {
                    Group::Parens
                };
                Expr::Group(Box::new(inner), group)
            }
            _ => match ty {
                Ty::Int => self.int_expr(d),
                Ty::Bool => self.bool_expr(d),
                Ty::Str => self.str_expr(d),
                Ty::Unit => self.unit_expr(d),
                Ty::Fun(..) => unreachable!("base_expr is only called with base types"),
            },
        }
    }

    fn leaf(&mut self, ty: &Ty) -> Expr {
        let vars: Vec<Var> = self.visible().into_iter().filter(|v| &v.ty == ty).collect();
        if !vars.is_empty() && self.rng.random_bool(0.5) {
            return Expr::Var(vars.choose(self.rng).expect("non-empty").name.clone());
        }
        match ty {
            Ty::Int => match self.rng.random_range(0..20) {
                0 => var("max_int"),
                1 => var("min_int"),
                _ => self.int_literal(),
            },
            Ty::Bool => Expr::Bool(self.rng.random_bool(0.5)),
            Ty::Str => Expr::Str(self.string_literal()),
            Ty::Unit => {
                if self.rng.random_bool(0.3) {
                    Expr::Unit
                } else {
                    let s = self.string_literal();
                    Expr::App(Box::new(var("print_string")), vec![Expr::Str(s)])
                }
            }
            Ty::Fun(params, ret) => self.fun_leaf(params, ret),
        }
    }

    fn int_literal(&mut self) -> Expr {
        let n = match self.rng.random_range(0..100) {
            0..45 => self.rng.random_range(0..=10),
            45..60 => self.rng.random_range(-10..=-1),
            60..72 => self.rng.random_range(11..=1000),
            72..82 => self.rng.random_range(MIN_INT..=MAX_INT),
            82..90 => {
                let k = self.rng.random_range(0..=3);
                if self.rng.random_bool(0.5) {
                    MAX_INT - k
                } else {
                    MIN_INT + k
                }
            }
            _ => {
                let shift = self.rng.random_range(20..=61);
                (1i64 << shift) + self.rng.random_range(-2..=2)
            }
        };
        let style = match self.rng.random_range(0..10) {
            0 => *[
                IntStyle::Hex,
                IntStyle::Hex,
                IntStyle::Octal,
                IntStyle::Binary,
            ]
            .choose(self.rng)
            .expect("non-empty"),
            1 if n.unsigned_abs() >= 1000 => IntStyle::Grouped,
            _ => IntStyle::Decimal,
        };
        Expr::Int(n, style)
    }

    fn small_int(&mut self) -> Expr {
        Expr::Int(self.rng.random_range(0..=9), IntStyle::Decimal)
    }

    fn string_literal(&mut self) -> Vec<u8> {
        const WORDS: [&str; 12] = [
            "ab", "b", "ab", "xyz", "hello", "", " a", "-1", "12", "0x1F", "\"q\"", "Abc",
        ];
        let mut bytes: Vec<u8> = WORDS
            .choose(self.rng)
            .expect("non-empty")
            .as_bytes()
            .to_vec();
        if self.rng.random_bool(0.15) {
            let special: &[u8] = &[b'\n', b'\t', b'\\', 0, 0xE9, 0xFF, 0x80, b'\r', b'\''];
            bytes.push(*special.choose(self.rng).expect("non-empty"));
        }
        bytes
    }

    /// A unit expression that prints something short.
    fn printing(&mut self, depth: u32) -> Expr {
        match self.rng.random_range(0..10) {
            0..4 => {
                let s = self.string_literal();
                Expr::App(Box::new(var("print_string")), vec![Expr::Str(s)])
            }
            4..6 => {
                let n = self.leaf(&Ty::Int);
                Expr::App(Box::new(var("print_int")), vec![n])
            }
            _ => self.expr(&Ty::Unit, depth),
        }
    }

    fn let_in(&mut self, ty: &Ty, depth: u32) -> Expr {
        let mark = self.scope.len();
        let expr = match self.rng.random_range(0..10) {
            0..5 => {
                let bound_ty = self.any_type();
                let rhs = self.expr(&bound_ty, depth);
                let pat = if bound_ty == Ty::Unit && self.rng.random_bool(0.5) {
                    Pat::Unit
                } else if bound_ty.is_base() && self.rng.random_bool(0.1) {
                    // (`let _ = <a partial application>` would draw OCaml's warning 5.)
                    Pat::Wild
                } else {
                    let name = self.fresh_name(&bound_ty);
                    self.scope.push(Var {
                        name: name.clone(),
                        ty: bound_ty,
                        bounded: false,
                    });
                    Pat::Name(name)
                };
                let body = self.expr(ty, depth);
                Expr::Let(
                    false,
                    vec![Binding {
                        pat,
                        params: Vec::new(),
                        rhs,
                    }],
                    Box::new(body),
                )
            }
            5..7 => {
                // `let a = e1 and b = e2 in`: both see the outer scope only.
                let tys = [self.base_type(), self.base_type()];
                let rhs: Vec<Expr> = tys
                    .iter()
                    .map(|t| self.expr(t, depth.saturating_sub(1)))
                    .collect();
                let names = self.distinct_names(&tys, &[]);
                let bindings = names
                    .iter()
                    .zip(rhs)
                    .map(|(name, rhs)| Binding {
                        pat: Pat::Name(name.clone()),
                        params: Vec::new(),
                        rhs,
                    })
                    .collect();
                for (name, t) in names.into_iter().zip(tys) {
                    self.scope.push(Var {
                        name,
                        ty: t,
                        bounded: false,
                    });
                }
                let body = self.expr(ty, depth);
                Expr::Let(false, bindings, Box::new(body))
            }
            7..9 => {
                let (binding, v) = self.function_binding(depth);
                self.scope.push(v);
                let body = self.expr(ty, depth);
                Expr::Let(false, vec![binding], Box::new(body))
            }
            _ => {
                let (bindings, vars) = self.rec_bindings();
                self.scope.extend(vars);
                let body = self.expr(ty, depth);
                Expr::Let(true, bindings, Box::new(body))
            }
        };
        self.scope.truncate(mark);
        expr
    }

    /// `let f p1 .. pn = body` (or `let f = fun ...`): a non-recursive function.
    fn function_binding(&mut self, depth: u32) -> (Binding, Var) {
        let arity = self.rng.random_range(1..=3);
        let param_tys: Vec<Ty> = (0..arity)
            .map(|_| {
                if self.rng.random_bool(0.15) {
                    self.fun_type()
                } else {
                    self.param_base_type()
                }
            })
            .collect();
        let ret = self.base_type();
        let name = self.fresh_name(&Ty::Fun(Vec::new(), Box::new(Ty::Unit)));
        let (mut params, body) = self.lambda(&param_tys, &ret, depth);
        let ty = Ty::fun(param_tys, ret);
        // Now and then, shadow a built-in of the same type: later uses of that name,
        // including the generator's own, then call this function.
        let name = match shadowable_builtins(&ty).choose(self.rng) {
            Some(builtin) if self.rng.random_bool(0.15) => (*builtin).to_owned(),
            _ => name,
        };
        let binding = match self.rng.random_range(0..10) {
            // `let f = fun x y -> body`
            0..2 => Binding {
                pat: Pat::Name(name.clone()),
                params: Vec::new(),
                rhs: Expr::Fun(params, Box::new(body)),
            },
            // `let f x = fun y -> body`: calls `f a b` over-apply the one-parameter closure.
            2..4 if params.len() >= 2 => {
                let rest = params.split_off(1);
                Binding {
                    pat: Pat::Name(name.clone()),
                    params,
                    rhs: Expr::Fun(rest, Box::new(body)),
                }
            }
            _ => Binding {
                pat: Pat::Name(name.clone()),
                params,
                rhs: body,
            },
        };
        (
            binding,
            Var {
                name,
                ty,
                bounded: false,
            },
        )
    }

    /// Parameters for `param_tys` (names, `_`, or `()` for unit) and a body of type `ret`.
    fn lambda(&mut self, param_tys: &[Ty], ret: &Ty, depth: u32) -> (Vec<Pat>, Expr) {
        let mark = self.scope.len();
        let names = self.distinct_names(param_tys, &[]);
        let mut params = Vec::new();
        for (name, ty) in names.into_iter().zip(param_tys) {
            let pat = match ty {
                Ty::Unit if self.rng.random_bool(0.6) => Pat::Unit,
                _ if self.rng.random_bool(0.08) => Pat::Wild,
                _ => {
                    self.scope.push(Var {
                        name: name.clone(),
                        ty: ty.clone(),
                        bounded: false,
                    });
                    Pat::Name(name)
                }
            };
            params.push(pat);
        }
        let body = self.expr(ret, depth);
        self.scope.truncate(mark);
        (params, body)
    }

    /// One counter-bounded recursive function, or two mutually recursive ones:
    /// `let rec f i a = if i <= 0 then BASE else STEP` where STEP calls (the other)
    /// function exactly once, with `i - 1`.
    fn rec_bindings(&mut self) -> (Vec<Binding>, Vec<Var>) {
        let extra_count = self.rng.random_range(0..=2);
        let extra: Vec<Ty> = (0..extra_count).map(|_| self.param_base_type()).collect();
        let ret = self.base_type();
        let mut param_tys = vec![Ty::Int];
        param_tys.extend(extra.iter().cloned());
        let ty = Ty::fun(param_tys.clone(), ret.clone());
        let mutual = self.rng.random_bool(0.25);
        let names: Vec<String> = if mutual {
            let first = self.fresh_from(&["even", "ping", "tick"]);
            let second = loop {
                let candidate = self.fresh_from(&["odd", "pong", "tock"]);
                if candidate != first {
                    break candidate;
                }
            };
            vec![first, second]
        } else {
            vec![self.fresh_from(&["loop", "go", "count", "walk"])]
        };
        self.hidden.extend(names.iter().cloned());
        let mut bindings = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let callee = &names[(i + 1) % names.len()];
            bindings.push(self.rec_binding(name, callee, &param_tys, &ret));
        }
        self.hidden.retain(|h| !names.contains(h));
        let vars = names
            .into_iter()
            .map(|name| Var {
                name,
                ty: ty.clone(),
                bounded: true,
            })
            .collect();
        (bindings, vars)
    }

    fn rec_binding(&mut self, name: &str, callee: &str, param_tys: &[Ty], ret: &Ty) -> Binding {
        let mark = self.scope.len();
        let counter = self.fresh_from(&["i", "j", "k"]);
        let taken = [name.to_owned(), callee.to_owned(), counter.clone()];
        let names = self.distinct_names(&param_tys[1..], &taken);
        self.scope.push(Var {
            name: counter.clone(),
            ty: Ty::Int,
            bounded: false,
        });
        let mut params = vec![Pat::Name(counter.clone())];
        for (n, ty) in names.into_iter().zip(&param_tys[1..]) {
            self.scope.push(Var {
                name: n.clone(),
                ty: ty.clone(),
                bounded: false,
            });
            params.push(Pat::Name(n));
        }
        let stop = match self.rng.random_range(0..3) {
            0 => Expr::Bin(Op::Le, Box::new(var(&counter)), Box::new(int(0))),
            1 => Expr::Bin(Op::Lt, Box::new(var(&counter)), Box::new(int(1))),
            _ => Expr::Bin(Op::Ge, Box::new(int(0)), Box::new(var(&counter))),
        };
        let base = self.expr(ret, 2);
        // (`pred` only while it is the built-in: a shadowing `pred` may not decrease.)
        let pred_is_builtin = !self.visible().iter().any(|v| v.name == "pred");
        let decrement = if pred_is_builtin && self.rng.random_bool(0.2) {
            Expr::App(Box::new(var("pred")), vec![var(&counter)])
        } else {
            Expr::Bin(Op::Sub, Box::new(var(&counter)), Box::new(int(1)))
        };
        let mut args = vec![decrement];
        for ty in &param_tys[1..] {
            args.push(self.expr(ty, 1));
        }
        let call = Expr::App(Box::new(var(callee)), args);
        let step = match (self.rng.random_range(0..3), ret) {
            (0, _) => call,
            (1, _) => Expr::Seq(Box::new(self.printing(1)), Box::new(call)),
            (_, Ty::Int) => {
                let other = self.expr(&Ty::Int, 1);
                let op = *[Op::Add, Op::Sub, Op::Mul]
                    .choose(self.rng)
                    .expect("non-empty");
                Expr::Bin(op, Box::new(other), Box::new(call))
            }
            (_, Ty::Str) => Expr::Bin(Op::Concat, Box::new(call), Box::new(self.expr(&Ty::Str, 1))),
            (_, Ty::Bool) => {
                let other = self.expr(&Ty::Bool, 1);
                let op = if self.rng.random_bool(0.5) {
                    Op::And
                } else {
                    Op::Or
                };
                Expr::Bin(op, Box::new(other), Box::new(call))
            }
            _ => Expr::Seq(Box::new(call), Box::new(self.printing(1))),
        };
        let body = Expr::If(Box::new(stop), Box::new(base), Some(Box::new(step)));
        self.scope.truncate(mark);
        Binding {
            pat: Pat::Name(name.to_owned()),
            params,
            rhs: body,
        }
    }

    /// Applies some function (user-defined or built-in) whose result has type `ty`.
    fn call(&mut self, ty: &Ty, depth: u32) -> Expr {
        let candidates: Vec<Var> = self
            .visible()
            .into_iter()
            .filter(|v| matches!(&v.ty, Ty::Fun(_, ret) if **ret == *ty))
            .collect();
        if candidates.is_empty() || self.rng.random_bool(0.3) {
            return match ty {
                Ty::Int => self.int_expr(depth),
                Ty::Bool => self.bool_expr(depth),
                Ty::Str => self.str_expr(depth),
                _ => self.unit_expr(depth),
            };
        }
        let f = candidates.choose(self.rng).expect("non-empty").clone();
        let Ty::Fun(params, _) = &f.ty else {
            unreachable!("filtered on function types")
        };
        self.apply(&f, params, depth)
    }

    /// `f a1 .. an` for all of `params`, the counter of a bounded function a small literal.
    fn apply(&mut self, f: &Var, params: &[Ty], depth: u32) -> Expr {
        let args = params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i == 0 && f.bounded {
                    self.small_int()
                } else {
                    self.expr(p, depth)
                }
            })
            .collect();
        Expr::App(Box::new(Expr::Var(f.name.clone())), args)
    }

    fn binary(&mut self, op: Op, ty: &Ty, depth: u32) -> Expr {
        let left = self.expr(ty, depth);
        let right = self.expr(ty, depth);
        Expr::Bin(op, Box::new(left), Box::new(right))
    }

    fn int_expr(&mut self, d: u32) -> Expr {
        match self.rng.random_range(0..100) {
            0..40 => {
                let op = *[
                    Op::Add,
                    Op::Sub,
                    Op::Mul,
                    Op::Add,
                    Op::Sub,
                    Op::Mul,
                    Op::Div,
                    Op::Mod,
                ]
                .choose(self.rng)
                .expect("non-empty");
                if matches!(op, Op::Div | Op::Mod) && self.rng.random_bool(0.75) {
                    // Mostly a non-zero literal divisor; otherwise anything (maybe zero).
                    let mut divisor = self.rng.random_range(-7..=7);
                    if divisor == 0 {
                        divisor = 3;
                    }
                    let left = self.expr(&Ty::Int, d);
                    Expr::Bin(
                        op,
                        Box::new(left),
                        Box::new(Expr::Int(divisor, IntStyle::Decimal)),
                    )
                } else {
                    self.binary(op, &Ty::Int, d)
                }
            }
            40..48 => Expr::Neg(Box::new(self.expr(&Ty::Int, d))),
            48..56 => {
                let s = self.expr(&Ty::Str, d);
                builtin("String.length", vec![s])
            }
            56..61 => {
                let s = self.numeric_string(d);
                builtin("int_of_string", vec![s])
            }
            61..69 => {
                let t = self.base_type();
                let a = self.expr(&t, d);
                let b = self.expr(&t, d);
                builtin("compare", vec![a, b])
            }
            69..77 => {
                let name = if self.rng.random_bool(0.5) {
                    "min"
                } else {
                    "max"
                };
                let a = self.expr(&Ty::Int, d);
                let b = self.expr(&Ty::Int, d);
                builtin(name, vec![a, b])
            }
            77..90 => {
                let name = *["abs", "succ", "pred"].choose(self.rng).expect("non-empty");
                let a = self.expr(&Ty::Int, d);
                builtin(name, vec![a])
            }
            _ => self.leaf(&Ty::Int),
        }
    }

    /// A string that `int_of_string` may or may not accept.
    fn numeric_string(&mut self, d: u32) -> Expr {
        const FORMS: [&str; 14] = [
            "42",
            "-7",
            "+3",
            "0x1F",
            "-0x1f",
            "0b101",
            "0o17",
            "0u12",
            "1_000",
            "",
            " 1",
            "4611686018427387904",
            "-4611686018427387904",
            "0x7FFFFFFFFFFFFFFF",
        ];
        match self.rng.random_range(0..10) {
            0..5 => Expr::Str(
                FORMS
                    .choose(self.rng)
                    .expect("non-empty")
                    .as_bytes()
                    .to_vec(),
            ),
            5..9 => {
                let n = self.expr(&Ty::Int, d);
                builtin("string_of_int", vec![n])
            }
            9 if self.rng.random_bool(0.5) => {
                let n = self.expr(&Ty::Int, d);
                let digits = builtin("string_of_int", vec![n]);
                let suffix = Expr::Str(if self.rng.random_bool(0.5) {
                    b"0".to_vec()
                } else {
                    b"_5".to_vec()
                });
                Expr::Bin(Op::Concat, Box::new(digits), Box::new(suffix))
            }
            _ => self.expr(&Ty::Str, d),
        }
    }

    fn bool_expr(&mut self, d: u32) -> Expr {
        match self.rng.random_range(0..100) {
            0..45 => {
                let op = *[Op::Eq, Op::Ne, Op::Lt, Op::Gt, Op::Le, Op::Ge]
                    .choose(self.rng)
                    .expect("non-empty");
                let t = if self.rng.random_bool(0.5) {
                    Ty::Int
                } else {
                    self.base_type()
                };
                self.binary(op, &t, d)
            }
            45..52 => {
                // Physical equality, only where it is unambiguous: ints, booleans, unit.
                let op = if self.rng.random_bool(0.5) {
                    Op::PhysEq
                } else {
                    Op::PhysNe
                };
                let t = [Ty::Int, Ty::Bool, Ty::Unit]
                    .choose(self.rng)
                    .expect("non-empty")
                    .clone();
                self.binary(op, &t, d)
            }
            52..72 => {
                let op = if self.rng.random_bool(0.5) {
                    Op::And
                } else {
                    Op::Or
                };
                self.binary(op, &Ty::Bool, d)
            }
            72..82 => {
                let b = self.expr(&Ty::Bool, d);
                builtin("not", vec![b])
            }
            82..90 => {
                let name = if self.rng.random_bool(0.5) {
                    "min"
                } else {
                    "max"
                };
                let a = self.expr(&Ty::Bool, d);
                let b = self.expr(&Ty::Bool, d);
                builtin(name, vec![a, b])
            }
            90..91 if self.rng.random_bool(0.3) => {
                // Structural comparison of functions raises Invalid_argument.
                let ft = Ty::fun(vec![Ty::Int], Ty::Int);
                let op = *[Op::Eq, Op::Ne, Op::Lt]
                    .choose(self.rng)
                    .expect("non-empty");
                self.binary(op, &ft, d)
            }
            _ => self.leaf(&Ty::Bool),
        }
    }

    fn str_expr(&mut self, d: u32) -> Expr {
        match self.rng.random_range(0..100) {
            0..35 => self.binary(Op::Concat, &Ty::Str, d),
            35..50 => {
                let n = self.expr(&Ty::Int, d);
                builtin("string_of_int", vec![n])
            }
            50..58 => {
                let b = self.expr(&Ty::Bool, d);
                builtin("string_of_bool", vec![b])
            }
            58..80 => {
                let s = self.expr(&Ty::Str, d);
                let (start, len) = if self.rng.random_bool(0.85) {
                    // Mostly in range for the generated strings.
                    (
                        int(self.rng.random_range(0..=1)),
                        int(self.rng.random_range(0..=1)),
                    )
                } else {
                    (self.expr(&Ty::Int, d), self.expr(&Ty::Int, d))
                };
                builtin("String.sub", vec![s, start, len])
            }
            80..88 => {
                let name = if self.rng.random_bool(0.5) {
                    "min"
                } else {
                    "max"
                };
                let a = self.expr(&Ty::Str, d);
                let b = self.expr(&Ty::Str, d);
                builtin(name, vec![a, b])
            }
            _ => self.leaf(&Ty::Str),
        }
    }

    fn unit_expr(&mut self, d: u32) -> Expr {
        match self.rng.random_range(0..100) {
            0..22 => {
                let n = self.expr(&Ty::Int, d);
                builtin("print_int", vec![n])
            }
            22..42 => {
                let s = self.expr(&Ty::Str, d);
                builtin("print_string", vec![s])
            }
            42..48 => {
                let s = self.expr(&Ty::Str, d);
                builtin("print_endline", vec![s])
            }
            48..51 => builtin("print_newline", vec![Expr::Unit]),
            51..57 => {
                let t = [Ty::Int, Ty::Str, Ty::Bool]
                    .choose(self.rng)
                    .expect("non-empty")
                    .clone();
                let e = self.expr(&t, d);
                builtin("ignore", vec![e])
            }
            57..59 => {
                let c = self.expr(&Ty::Bool, d);
                Expr::Assert(Box::new(c))
            }
            59..62 => {
                // An assertion that holds: `compare` is always between -1 and 1.
                let t = self.base_type();
                let a = self.expr(&t, d);
                let b = self.expr(&t, d);
                let c = builtin("compare", vec![a, b]);
                Expr::Assert(Box::new(Expr::Bin(
                    Op::Le,
                    Box::new(builtin("abs", vec![c])),
                    Box::new(int(1)),
                )))
            }
            62..72 => {
                let c = self.expr(&Ty::Bool, d);
                let t = self.expr(&Ty::Unit, d);
                Expr::If(Box::new(c), Box::new(t), None)
            }
            72..86 => self.binary_seq(d),
            86..92 => {
                // `e |> print_int`, `print_string @@ e`.
                if self.rng.random_bool(0.5) {
                    let n = self.expr(&Ty::Int, d);
                    Expr::Bin(Op::Pipe, Box::new(n), Box::new(var("print_int")))
                } else {
                    let s = self.expr(&Ty::Str, d);
                    Expr::Bin(Op::AtAt, Box::new(var("print_string")), Box::new(s))
                }
            }
            _ => self.leaf(&Ty::Unit),
        }
    }

    fn binary_seq(&mut self, d: u32) -> Expr {
        let first = self.expr(&Ty::Unit, d);
        let second = self.expr(&Ty::Unit, d);
        Expr::Seq(Box::new(first), Box::new(second))
    }

    // ----- function-typed expressions -----

    /// An expression of type `params -> ret`.
    fn fun_expr(&mut self, params: &[Ty], ret: &Ty, depth: u32) -> Expr {
        let want = Ty::fun(params.to_vec(), ret.clone());
        let visible = self.visible();
        // A variable of exactly this type.
        let exact: Vec<&Var> = visible
            .iter()
            .filter(|v| v.ty == want && !v.bounded)
            .collect();
        // A variable with more leading parameters, partially applied.
        let partial: Vec<&Var> = visible
            .iter()
            .filter(|v| match &v.ty {
                Ty::Fun(ps, r) => **r == *ret && ps.len() > params.len() && ps.ends_with(params),
                _ => false,
            })
            .collect();
        let choice = self.rng.random_range(0..100);
        if choice < 25 && !exact.is_empty() {
            return Expr::Var(exact.choose(self.rng).expect("non-empty").name.clone());
        }
        if choice < 50 && !partial.is_empty() {
            let f = (*partial.choose(self.rng).expect("non-empty")).clone();
            let Ty::Fun(ps, _) = &f.ty else {
                unreachable!("filtered on function types")
            };
            let leading = ps[..ps.len() - params.len()].to_vec();
            return self.apply(&f, &leading, depth.saturating_sub(1));
        }
        if choice < 65 {
            if let Some(b) = self.builtin_fun(params, ret, depth) {
                return b;
            }
        }
        if depth > 0 && choice < 70 {
            let c = self.expr(&Ty::Bool, depth - 1);
            let a = self.fun_expr(params, ret, depth - 1);
            let b = self.fun_expr(params, ret, depth - 1);
            return Expr::If(Box::new(c), Box::new(a), Some(Box::new(b)));
        }
        let (pats, body) = self.lambda(params, ret, depth.saturating_sub(1));
        Expr::Fun(pats, Box::new(body))
    }

    /// A function-typed leaf: a variable, a built-in, or `fun _ -> leaf`.
    fn fun_leaf(&mut self, params: &[Ty], ret: &Ty) -> Expr {
        let want = Ty::fun(params.to_vec(), ret.clone());
        let exact: Vec<Var> = self
            .visible()
            .into_iter()
            .filter(|v| v.ty == want && !v.bounded)
            .collect();
        if let Some(v) = exact.choose(self.rng) {
            return Expr::Var(v.name.clone());
        }
        if let Some(b) = self.builtin_fun(params, ret, 0) {
            return b;
        }
        let (pats, body) = self.lambda(params, ret, 0);
        Expr::Fun(pats, Box::new(body))
    }

    /// A built-in (possibly partially applied) of type `params -> ret`, if there is one.
    fn builtin_fun(&mut self, params: &[Ty], ret: &Ty, depth: u32) -> Option<Expr> {
        use Ty::{Bool, Int, Str, Unit};
        let d = depth.saturating_sub(1);
        let names: Vec<&str> = match (params, ret) {
            ([Int], Int) => vec!["succ", "pred", "abs", "max", "min"],
            ([Int], Str) => vec!["string_of_int"],
            ([Str], Int) => vec!["String.length", "int_of_string"],
            ([Bool], Bool) => vec!["not", "max", "min"],
            ([Bool], Str) => vec!["string_of_bool"],
            ([Int], Unit) => vec!["print_int"],
            ([Str], Unit) => vec!["print_string", "print_endline"],
            ([Unit], Unit) => vec!["print_newline"],
            ([Str], Str) => vec!["max", "min"],
            ([a], Int) if a.is_base() => vec!["compare"],
            ([Int, Int], Str) => vec!["String.sub"],
            _ => vec![],
        };
        let name = *names.choose(self.rng)?;
        Some(match (name, params) {
            // Polymorphic built-ins are partially applied, which also fixes their type.
            ("max" | "min", [t]) => {
                let arg = self.expr(t, d);
                builtin(name, vec![arg])
            }
            ("compare", [t]) => {
                let arg = self.expr(t, d);
                builtin(name, vec![arg])
            }
            ("String.sub", [Int, Int]) => {
                let s = self.expr(&Str, d);
                builtin(name, vec![s])
            }
            _ => var(name),
        })
    }
}

/// The monomorphic built-ins of type `ty`, which a user definition may shadow.
fn shadowable_builtins(ty: &Ty) -> &'static [&'static str] {
    use Ty::{Bool, Int, Str, Unit};
    let Ty::Fun(params, ret) = ty else { return &[] };
    match (params.as_slice(), &**ret) {
        ([Int], Int) => &["succ", "pred", "abs"],
        ([Int], Str) => &["string_of_int"],
        ([Str], Int) => &["int_of_string"],
        ([Bool], Bool) => &["not"],
        ([Bool], Str) => &["string_of_bool"],
        ([Int], Unit) => &["print_int"],
        ([Str], Unit) => &["print_string", "print_endline"],
        _ => &[],
    }
}

/// `print_int v` / `print_string v` / ... for a base-typed value, followed by a separator.
fn print_value(ty: &Ty, v: Expr) -> Expr {
    let print = match ty {
        Ty::Int => Expr::App(Box::new(var("print_int")), vec![v]),
        Ty::Str => Expr::App(Box::new(var("print_string")), vec![v]),
        Ty::Bool => Expr::App(
            Box::new(var("print_string")),
            vec![Expr::App(Box::new(var("string_of_bool")), vec![v])],
        ),
        _ => v,
    };
    Expr::Seq(
        Box::new(print),
        Box::new(Expr::App(Box::new(var("print_newline")), vec![Expr::Unit])),
    )
}

/// `name a1 .. an`.
fn builtin(name: &str, args: Vec<Expr>) -> Expr {
    Expr::App(Box::new(var(name)), args)
}

fn var(name: &str) -> Expr {
    Expr::Var(name.to_owned())
}

fn pname(name: &str) -> Pat {
    Pat::Name(name.to_owned())
}

fn int(n: i64) -> Expr {
    Expr::Int(n, IntStyle::Decimal)
}
