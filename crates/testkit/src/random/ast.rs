//! The syntax of generated programs and their printer, which emits either the fewest
//! parentheses the precedence rules of spec §3 allow, or a parenthesis around every
//! compound sub-expression (used to check the first against OCaml's own parser), and
//! optionally lexical trivia between tokens ([`Lexical`]): comments holding strings,
//! quoted strings and character-like lexemes, line breaks that mix CR LF and LF.

use std::fmt::Write as _;

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The types the generator tracks. Function types are kept flat: the result of a
/// `Fun` is never itself a `Fun` (curried functions list all their parameters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `int`.
    Int,
    /// `bool`.
    Bool,
    /// `string`.
    Str,
    /// `unit`.
    Unit,
    /// `params -> result`, curried.
    Fun(Vec<Ty>, Box<Ty>),
}

impl Ty {
    /// The curried function type `params -> ret`, flattened.
    pub fn fun(mut params: Vec<Ty>, ret: Ty) -> Ty {
        match ret {
            Ty::Fun(more, ret) => {
                params.extend(more);
                Ty::Fun(params, ret)
            }
            ret => Ty::Fun(params, Box::new(ret)),
        }
    }

    /// Whether it is not a function type.
    pub fn is_base(&self) -> bool {
        !matches!(self, Ty::Fun(..))
    }
}

/// How an integer literal is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntStyle {
    /// `42`.
    Decimal,
    /// `0x2A`.
    Hex,
    /// `0o52`.
    Octal,
    /// `0b101010`.
    Binary,
    /// Decimal with `_` between groups of three digits.
    Grouped,
}

/// How an explicit grouping is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// `( e )`.
    Parens,
    /// `begin e end`.
    BeginEnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// The binary operators, in spec §3's precedence table.
#[allow(missing_docs, reason = "each variant is named after its operator")]
pub enum Op {
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
    /// The level of spec §3's precedence table.
    fn level(self) -> u8 {
        match self {
            Op::Mul | Op::Div | Op::Mod => 4,
            Op::Add | Op::Sub => 5,
            Op::Concat | Op::AtAt => 6,
            Op::Eq
            | Op::Ne
            | Op::PhysEq
            | Op::PhysNe
            | Op::Lt
            | Op::Gt
            | Op::Le
            | Op::Ge
            | Op::Pipe => 7,
            Op::And => 8,
            Op::Or => 9,
        }
    }

    fn right_assoc(self) -> bool {
        matches!(self, Op::Concat | Op::AtAt | Op::And | Op::Or)
    }

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
}

#[derive(Clone, Debug, PartialEq, Eq)]
/// A parameter or binding pattern.
pub enum Pat {
    /// A variable.
    Name(String),
    /// `_`.
    Wild,
    /// `()`.
    Unit,
}

#[derive(Clone, Debug, PartialEq, Eq)]
/// `pat params = rhs` in a `let`.
pub struct Binding {
    /// What is bound.
    pub pat: Pat,
    /// The parameters of a function binding (none for a value).
    pub params: Vec<Pat>,
    /// The right-hand side.
    pub rhs: Expr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
/// An expression.
pub enum Expr {
    /// An integer literal (negative ones print with a `-`).
    Int(i64, IntStyle),
    /// A string literal of any bytes.
    Str(Vec<u8>),
    /// `true` or `false`.
    Bool(bool),
    /// `()`.
    Unit,
    /// A name: a variable or a built-in such as `print_int` or `String.sub`.
    Var(String),
    /// An explicit (redundant or required) grouping the generator chose to write.
    Group(Box<Expr>, Group),
    /// `f a b ...`.
    App(Box<Expr>, Vec<Expr>),
    /// `assert e`.
    Assert(Box<Expr>),
    /// `-e`.
    Neg(Box<Expr>),
    /// `a op b`.
    Bin(Op, Box<Expr>, Box<Expr>),
    /// `if c then a [else b]`.
    If(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    /// `a; b`.
    Seq(Box<Expr>, Box<Expr>),
    /// `let [rec] bindings in body`.
    Let(bool, Vec<Binding>, Box<Expr>),
    /// `fun params -> body`.
    Fun(Vec<Pat>, Box<Expr>),
}

/// A top-level item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `let [rec] b1 and b2 ...`.
    Let(bool, Vec<Binding>),
    /// An expression item.
    Expr(Expr),
    /// Not an item: a comment on its own line.
    Comment(String),
    /// Text printed as it is: a deliberately broken item (a lexical or syntax
    /// error) of the checker's random programs.
    Raw(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
/// A generated program.
pub struct Program {
    /// Each item with whether `;;` precedes it (always true for a non-first `Item::Expr`).
    pub items: Vec<(Item, bool)>,
    /// Whether lines end with CRLF instead of LF.
    pub crlf: bool,
}

/// Parenthesisation styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parens {
    /// Only where the precedence rules require them (and where the generator asked).
    Minimal,
    /// Around every sub-expression that is not atomic.
    Full,
}

// What a printed expression would swallow if it were followed by a given token without
// parentheses: the right spine of `if`, `let` and `fun` extends as far as it can.
/// A following binary operator would become part of it.
const ABSORBS_BINOP: u8 = 1;
/// A following `;` would become part of it.
const ABSORBS_SEQ: u8 = 2;
/// A following `else` would attach to an `if` inside it.
const ABSORBS_ELSE: u8 = 4;

/// A printed expression and what its context needs to know to parenthesise it.
struct Doc {
    text: String,
    /// Its level in the precedence table (1 = atomic).
    level: u8,
    /// The `ABSORBS_*` flags of its right spine.
    absorbs: u8,
    /// Whether it starts with `if`, `let` or `fun`, which may stand as the right operand
    /// of a binary operator or as an `if` branch whatever their level.
    open_start: bool,
}

impl Doc {
    fn atom(text: String) -> Doc {
        Doc {
            text,
            level: 1,
            absorbs: 0,
            open_start: false,
        }
    }
}

/// Lexical trivia the printer puts between tokens, chosen by its own RNG so that
/// the program (and the generator's random stream) stays the same: comments that
/// hold strings (with `*)` and `(*` inside), nested comments, quoted strings
/// (`{|...|}`, `{id|...|id}`) and character-like lexemes (`'"'`, `'\''`), line
/// breaks that mix CR LF and LF (a CR only ever directly before an LF), inside
/// comments too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lexical {
    /// The seed of the trivia's RNG.
    pub seed: u64,
    /// Also `{%ext|...|}` and `{%ext id|...|id}` quoted strings and the `''`
    /// lexeme inside comments (issue 16, causes 4 and 5). On by default.
    pub ext_quotes_and_double_quote: bool,
}

impl Lexical {
    /// Trivia from `seed`, with every lexeme the printer knows.
    #[must_use]
    pub fn new(seed: u64) -> Lexical {
        Lexical {
            seed,
            ext_quotes_and_double_quote: true,
        }
    }
}

/// How a program is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Where parentheses go.
    pub parens: Parens,
    /// Trivia between tokens, if any.
    pub lexical: Option<Lexical>,
}

impl Program {
    /// The program's text with plain layout (one item a line, single spaces).
    #[must_use]
    pub fn render(&self, parens: Parens) -> String {
        self.render_with(Style {
            parens,
            lexical: None,
        })
    }

    /// The program's text in `style`.
    #[must_use]
    pub fn render_with(&self, style: Style) -> String {
        let mut printer = Printer {
            parens: style.parens,
            trivia: style.lexical.map(Trivia::new),
        };
        let newline = if self.crlf { "\r\n" } else { "\n" };
        let mut out = String::new();
        for (item, dsemi) in &self.items {
            if *dsemi {
                out.push_str(";;");
                out.push_str(&printer.newline(newline));
            }
            out.push_str(&printer.item_gap());
            match item {
                Item::Let(rec, bindings) => {
                    let text = printer.bindings(*rec, bindings, newline);
                    out.push_str(&text);
                }
                Item::Expr(e) => out.push_str(&printer.expr(e).text),
                Item::Comment(text) | Item::Raw(text) => out.push_str(text),
            }
            out.push_str(&printer.newline(newline));
        }
        out
    }
}

/// The trivia's RNG and choices.
struct Trivia {
    rng: ChaCha8Rng,
    /// Per mille of token boundaries that get trivia.
    density: u32,
    /// The share of line breaks that are CR LF; none means the program's own.
    crlf_share: Option<f64>,
    extended: bool,
}

/// Words in comments.
const WORDS: [&str; 8] = ["note", "*", "(", ")", "x + 1", "**", "let", "|}"];

impl Trivia {
    fn new(lexical: Lexical) -> Trivia {
        let mut rng = ChaCha8Rng::seed_from_u64(lexical.seed);
        let density = *[0, 20, 60, 150].choose(&mut rng).expect("non-empty");
        let crlf_share = *[None, None, Some(0.2), Some(0.5), Some(0.9)]
            .choose(&mut rng)
            .expect("non-empty");
        Trivia {
            rng,
            density,
            crlf_share,
            extended: lexical.ext_quotes_and_double_quote,
        }
    }

    /// A line break: LF or CR LF.
    fn newline(&mut self) -> &'static str {
        if self.rng.random_bool(self.crlf_share.unwrap_or(0.0)) {
            "\r\n"
        } else {
            "\n"
        }
    }

    /// Blank space with trivia in it, if this boundary gets some.
    fn gap(&mut self) -> Option<String> {
        if self.rng.random_range(0..1000) >= self.density {
            return None;
        }
        Some(match self.rng.random_range(0..10) {
            0..3 => format!("{}  ", self.newline()),
            _ => format!("{} ", self.comment(0)),
        })
    }

    /// `(* ... *)` holding a few lexemes.
    fn comment(&mut self, depth: u32) -> String {
        let mut text = String::from("(* ");
        for _ in 0..self.rng.random_range(1..=3) {
            let piece = self.piece(depth);
            text.push_str(&piece);
            text.push(' ');
        }
        text.push_str("*)");
        text
    }

    fn piece(&mut self, depth: u32) -> String {
        match self.rng.random_range(0..100) {
            0..20 => (*WORDS.choose(&mut self.rng).expect("non-empty")).to_owned(),
            20..35 => {
                let inner = *["*)", "(*", "a \\\" b", "|}", "'", "\\\\", "{|"]
                    .choose(&mut self.rng)
                    .expect("non-empty");
                format!("\"{inner}\"")
            }
            35..45 if depth < 2 => self.comment(depth + 1),
            45..60 => {
                let id = *["", "", "id", "x_y"]
                    .choose(&mut self.rng)
                    .expect("non-empty");
                let body = self.quoted_body(id);
                format!("{{{id}|{body}|{id}}}")
            }
            60..70 if self.extended => {
                let (ext, id) = *[("%ext", ""), ("%ext ", "id"), ("%%e.f", "")]
                    .choose(&mut self.rng)
                    .expect("non-empty");
                let body = self.quoted_body(id);
                format!("{{{ext}{id}|{body}|{id}}}")
            }
            70..85 => (*[
                "'\"'", "'a'", "'\\''", "'\\n'", "'\\\\'", "'\\065'", "'\\x41'", "'*'",
            ]
            .choose(&mut self.rng)
            .expect("non-empty"))
            .to_owned(),
            85..90 if self.extended => (*["''", "''\"'*)\"", "'' \"\""]
                .choose(&mut self.rng)
                .expect("non-empty"))
            .to_owned(),
            _ => self.newline().to_owned(),
        }
    }

    /// The body of a quoted string `{id|...|id}`: text with `*)`, `"` and `|}`
    /// (when `id` is not empty) and perhaps a line break.
    fn quoted_body(&mut self, id: &str) -> String {
        let mut body = String::new();
        for _ in 0..self.rng.random_range(0..=3) {
            match self.rng.random_range(0..6) {
                0 => body.push_str("*)"),
                1 => body.push('"'),
                2 if !id.is_empty() => body.push_str("|}"),
                3 => body.push_str(self.newline()),
                4 => body.push_str("(*"),
                _ => body.push('q'),
            }
        }
        body
    }
}

struct Printer {
    parens: Parens,
    trivia: Option<Trivia>,
}

impl Printer {
    /// A line break: `newline` in plain layout, LF or CR LF with trivia.
    fn newline(&mut self, newline: &'static str) -> String {
        match &mut self.trivia {
            Some(trivia) if trivia.crlf_share.is_some() => trivia.newline().to_owned(),
            _ => newline.to_owned(),
        }
    }

    /// Trivia before an item (nothing in plain layout).
    fn item_gap(&mut self) -> String {
        self.trivia
            .as_mut()
            .and_then(Trivia::gap)
            .unwrap_or_default()
    }

    /// Prints `e` for a position that accepts levels up to `max_level` (and, if
    /// `open_ok`, a leading `if`/`let`/`fun` of any level), followed by tokens that
    /// must not be swallowed (`forbid`, a set of `ABSORBS_*` flags).
    fn fit(&mut self, e: &Expr, max_level: u8, open_ok: bool, forbid: u8) -> Doc {
        let mut doc = self.expr(e);
        if let Some(gap) = self.trivia.as_mut().and_then(Trivia::gap) {
            doc.text.insert_str(0, &gap);
        }
        let fits = match self.parens {
            Parens::Full => doc.level == 1,
            Parens::Minimal => {
                (doc.level <= max_level || (open_ok && doc.open_start)) && doc.absorbs & forbid == 0
            }
        };
        if fits {
            doc
        } else {
            Doc::atom(format!("({})", doc.text))
        }
    }

    fn expr(&mut self, e: &Expr) -> Doc {
        match e {
            Expr::Int(n, style) => {
                let text = int_literal(*n, *style);
                if *n < 0 {
                    Doc {
                        text,
                        level: 3,
                        absorbs: 0,
                        open_start: false,
                    }
                } else {
                    Doc::atom(text)
                }
            }
            Expr::Str(bytes) => Doc::atom(string_literal(bytes)),
            Expr::Bool(b) => Doc::atom(b.to_string()),
            Expr::Unit => Doc::atom("()".to_owned()),
            Expr::Var(name) => Doc::atom(name.clone()),
            Expr::Group(inner, group) => {
                let inner = self.expr(inner).text;
                Doc::atom(match group {
                    Group::Parens => format!("({inner})"),
                    Group::BeginEnd => format!("begin {inner} end"),
                })
            }
            Expr::App(f, args) => {
                // Application is left-associative: `(f a) b` is `f a b`, also in OCaml's
                // parse tree, so even full parenthesisation leaves an applied function bare.
                let mut text = match **f {
                    // `(true x) y`, not `true x y`: see below.
                    Expr::App(ref head, _) if matches!(**head, Expr::Bool(_) | Expr::Unit) => {
                        format!("({})", self.expr(f).text)
                    }
                    Expr::App(..) => self.expr(f).text,
                    // `true x` is a constructor applied to `x` (an arity error
                    // OCaml reports); with more arguments, a syntax error.
                    Expr::Bool(_) | Expr::Unit if args.len() > 1 => {
                        format!("({})", self.fit(f, 1, false, !0).text)
                    }
                    // Other level-2 forms (`assert e`) take one argument.
                    _ => self.fit(f, 1, false, !0).text,
                };
                for arg in args {
                    text.push(' ');
                    text.push_str(&self.fit(arg, 1, false, !0).text);
                }
                Doc {
                    text,
                    level: 2,
                    absorbs: 0,
                    open_start: false,
                }
            }
            Expr::Assert(arg) => {
                let text = format!("assert {}", self.fit(arg, 1, false, !0).text);
                Doc {
                    text,
                    level: 2,
                    absorbs: 0,
                    open_start: false,
                }
            }
            Expr::Neg(arg) => {
                let arg = self.fit(arg, 3, false, !0).text;
                // `- -x`, never `--x` (which would be the unknown operator `--`).
                let sep = if arg.starts_with('-') { " " } else { "" };
                Doc {
                    text: format!("-{sep}{arg}"),
                    level: 3,
                    absorbs: 0,
                    open_start: false,
                }
            }
            Expr::Bin(op, left, right) => {
                let level = op.level();
                let (left_max, right_max) = if op.right_assoc() {
                    (level - 1, level)
                } else {
                    (level, level - 1)
                };
                // The left operand is followed by the operator: nothing may swallow it.
                let left = self.fit(left, left_max, false, !0);
                let right = self.fit(right, right_max, true, 0);
                Doc {
                    text: format!("{} {} {}", left.text, op.text(), right.text),
                    level,
                    absorbs: right.absorbs,
                    open_start: false,
                }
            }
            Expr::If(cond, then_, else_) => {
                // A condition may be a `let` (closed by `then`), but not a sequence or an `if`.
                let cond = if matches!(**cond, Expr::If(..)) {
                    Doc::atom(format!("({})", self.expr(cond).text))
                } else {
                    self.fit(cond, 9, true, 0)
                };
                match else_ {
                    Some(else_) => {
                        let then_ = self.fit(then_, 9, true, ABSORBS_ELSE);
                        let else_ = self.fit(else_, 9, true, 0);
                        Doc {
                            text: format!(
                                "if {} then {} else {}",
                                cond.text, then_.text, else_.text
                            ),
                            level: 10,
                            absorbs: ABSORBS_BINOP | else_.absorbs,
                            open_start: true,
                        }
                    }
                    None => {
                        let then_ = self.fit(then_, 9, true, 0);
                        Doc {
                            text: format!("if {} then {}", cond.text, then_.text),
                            level: 10,
                            absorbs: ABSORBS_BINOP | ABSORBS_ELSE | then_.absorbs,
                            open_start: true,
                        }
                    }
                }
            }
            Expr::Seq(first, second) => {
                // `a; b` with `a` a sequence would re-associate: keep the tree's shape.
                let first = self.fit(first, 10, true, ABSORBS_SEQ);
                let second = self.fit(second, 11, true, 0);
                Doc {
                    text: format!("{}; {}", first.text, second.text),
                    level: 11,
                    absorbs: ABSORBS_SEQ | second.absorbs,
                    open_start: false,
                }
            }
            Expr::Let(rec, bindings, body) => {
                let body = self.fit(body, 12, true, 0);
                Doc {
                    text: format!("{} in {}", self.bindings(*rec, bindings, " "), body.text),
                    level: 12,
                    absorbs: ABSORBS_BINOP | ABSORBS_SEQ | body.absorbs,
                    open_start: true,
                }
            }
            Expr::Fun(params, body) => {
                let body = self.fit(body, 12, true, 0);
                let mut text = "fun".to_owned();
                for param in params {
                    text.push(' ');
                    text.push_str(&pattern(param));
                }
                Doc {
                    text: format!("{text} -> {}", body.text),
                    level: 12,
                    absorbs: ABSORBS_BINOP | ABSORBS_SEQ | body.absorbs,
                    open_start: true,
                }
            }
        }
    }

    /// `let [rec] b1 and b2 ...`, the `and`s separated by `sep`.
    fn bindings(&mut self, rec: bool, bindings: &[Binding], sep: &str) -> String {
        let mut text = String::new();
        for (i, binding) in bindings.iter().enumerate() {
            if i == 0 {
                text.push_str(if rec { "let rec " } else { "let " });
            } else {
                let _ = write!(text, "{sep}and ");
            }
            text.push_str(&pattern(&binding.pat));
            for param in &binding.params {
                text.push(' ');
                text.push_str(&pattern(param));
            }
            text.push_str(" = ");
            text.push_str(&self.fit(&binding.rhs, 12, true, 0).text);
        }
        text
    }
}

fn pattern(pat: &Pat) -> String {
    match pat {
        Pat::Name(name) => name.clone(),
        Pat::Wild => "_".to_owned(),
        Pat::Unit => "()".to_owned(),
    }
}

fn int_literal(n: i64, style: IntStyle) -> String {
    let sign = if n < 0 { "-" } else { "" };
    // |min_int| = 2^62 fits in an i64 (ints are 63-bit), and is a valid decimal literal.
    let magnitude = n.unsigned_abs();
    match style {
        IntStyle::Decimal => format!("{sign}{magnitude}"),
        IntStyle::Hex => format!("{sign}0x{magnitude:X}"),
        IntStyle::Octal => format!("{sign}0o{magnitude:o}"),
        IntStyle::Binary => format!("{sign}0b{magnitude:b}"),
        IntStyle::Grouped => {
            let digits = magnitude.to_string();
            let mut grouped = String::new();
            for (i, digit) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push('_');
                }
                grouped.push(digit);
            }
            format!("{sign}{grouped}")
        }
    }
}

/// A string literal for arbitrary bytes, using every kind of escape.
fn string_literal(bytes: &[u8]) -> String {
    let mut text = String::from("\"");
    for &b in bytes {
        match b {
            b'"' => text.push_str("\\\""),
            b'\\' => text.push_str("\\\\"),
            b'\n' => text.push_str("\\n"),
            b'\t' => text.push_str("\\t"),
            b'\r' => text.push_str("\\r"),
            b' '..=b'~' => text.push(char::from(b)),
            _ if b % 3 == 0 => {
                let _ = write!(text, "\\{b:03}");
            }
            _ if b % 3 == 1 => {
                let _ = write!(text, "\\x{b:02x}");
            }
            _ => {
                let _ = write!(text, "\\o{b:03o}");
            }
        }
    }
    text.push('"');
    text
}
