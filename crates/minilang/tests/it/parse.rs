//! Lexer, parser and diagnostic rendering: the precedence rules of spec §3,
//! top-level items, literals and escapes, every lexical and syntax error
//! (rendered, as snapshots), error recovery, and deep or hostile input.

use minilang::diagnostics;
use minilang::diagnostics::Diagnostic;
use minilang::syntax::ast::Span;
use minilang::syntax::{self, TokenKind};
use region::Region;
use testkit::boxed;

/// Parses `src`, checks that the region and Box builders agree, and returns
/// the S-expression form and the diagnostics.
fn parse(src: &str) -> (String, Vec<Diagnostic>) {
    let region = Region::new();
    let (program, diags) = syntax::parse(src, &region);
    let text = syntax::to_sexpr(&program);
    let (boxed_program, boxed_diags) = boxed::parse(src);
    assert_eq!(
        boxed_program.to_sexpr(),
        text,
        "Box and region trees differ for {src:?}"
    );
    assert_eq!(boxed_diags, diags);
    (text, diags)
}

/// The S-expression of a program that must parse without any diagnostic.
fn sexpr(src: &str) -> String {
    let (text, diags) = parse(src);
    assert!(
        diags.is_empty(),
        "unexpected diagnostics for {src:?}: {diags:#?}"
    );
    text
}

/// The codes of the diagnostics of `src`.
fn codes(src: &str) -> Vec<&'static str> {
    parse(src).1.iter().map(|d| d.code).collect()
}

/// Rendered diagnostics of `src`, without colour.
fn rendered(src: &str) -> String {
    let (_, diags) = parse(src);
    diagnostics::render(&diags, "test.ml", src, false)
}

#[track_caller]
fn check_table(cases: &[(&str, &str)]) {
    for (src, expected) in cases {
        assert_eq!(sexpr(src), *expected, "parse of {src:?}");
    }
}

// ----- spec §3: precedence and associativity -----

#[test]
fn precedence_table_levels() {
    check_table(&[
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("1 * 2 + 3", "(+ (* 1 2) 3)"),
        ("a / b mod c * d", "(* (mod (/ a b) c) d)"),
        ("a - b + c", "(+ (- a b) c)"),
        ("a ^ b ^ c", "(^ a (^ b c))"),
        ("f @@ g @@ x", "(@@ f (@@ g x))"),
        ("a ^ b + c", "(^ a (+ b c))"),
        ("a + b ^ c", "(^ (+ a b) c)"),
        ("a = b ^ c", "(= a (^ b c))"),
        ("a < b = c", "(= (< a b) c)"),
        (
            "a <> b == c != d <= e >= f > g",
            "(> (>= (<= (!= (== (<> a b) c) d) e) f) g)",
        ),
        ("x |> f |> g", "(|> (|> x f) g)"),
        ("x |> f = y", "(= (|> x f) y)"),
        ("a && b && c", "(&& a (&& b c))"),
        ("a || b || c", "(|| a (|| b c))"),
        ("a || b && c", "(|| a (&& b c))"),
        ("a && b || c", "(|| (&& a b) c)"),
        ("a = b && c < d", "(&& (= a b) (< c d))"),
        ("f x + g y", "(+ (f x) (g y))"),
        ("f x y z", "(f x y z)"),
        ("(f x) y", "((f x) y)"),
        ("f (g x)", "(f (g x))"),
        ("String.length s + 1", "(+ (String.length s) 1)"),
        ("String.sub s 0 1", "(String.sub s 0 1)"),
        ("String . length s", "(String.length s)"),
        ("begin 1 + 2 end * 3", "(* (+ 1 2) 3)"),
        ("begin end", "()"),
        ("()", "()"),
        ("f () ()", "(f () ())"),
        ("(-) 1 2", "(- 1 2)"),
        ("( * ) 2 3", "(* 2 3)"),
        ("(mod) 7 2", "(mod 7 2)"),
    ]);
}

#[test]
fn application_arguments_are_atoms() {
    check_table(&[
        // `f -1` is binary minus; write `f (-1)`.
        ("f -1", "(- f 1)"),
        ("f (-1)", "(f (~- 1))"),
        // `- f x` is `-(f x)`.
        ("- f x", "(~- (f x))"),
        // `-a * b` is `(-a) * b`; `- 5 mod 3` is `(-5) mod 3`.
        ("-a * b", "(* (~- a) b)"),
        ("- 5 mod 3", "(mod (~- 5) 3)"),
        ("- -1", "(~- (~- 1))"),
        ("1 - -1", "(- 1 (~- 1))"),
        ("+ 1", "(~+ 1)"),
        ("2 * - 3 + 1", "(+ (* 2 (~- 3)) 1)"),
        ("- f x * 2", "(* (~- (f x)) 2)"),
        // `assert` takes one level-1 argument.
        ("assert (x = 1)", "(assert (= x 1))"),
        ("assert true && false", "(&& (assert true) false)"),
        ("f (assert true)", "(f (assert true))"),
    ]);
}

#[test]
fn let_if_fun_as_right_operand() {
    check_table(&[
        ("1 + let x = 1 in x + 2", "(+ 1 (let ((x 1)) (+ x 2)))"),
        (
            "2 * if false then 1 else 3 + 10",
            "(* 2 (if false 1 (+ 3 10)))",
        ),
        ("x |> fun y -> y + 1", "(|> x (fun (y) (+ y 1)))"),
        ("a && if b then c else d || e", "(&& a (if b c (|| d e)))"),
        ("- if c then 1 else 2", "(~- (if c 1 2))"),
        ("- let x = 1 in x", "(~- (let ((x 1)) x))"),
        ("1 + let x = 1 in x; 2", "(+ 1 (let ((x 1)) (seq x 2)))"),
    ]);
}

#[test]
fn if_branches_stop_at_semicolon() {
    check_table(&[
        ("if c then a; b", "(seq (if c a) b)"),
        ("if c then a else b; d", "(seq (if c a b) d)"),
        ("if a then if b then c else d", "(if a (if b c d))"),
        ("if a then b else if c then d else e", "(if a b (if c d e))"),
        (
            "if c then let x = 1 in a; b else d",
            "(if c (let ((x 1)) (seq a b)) d)",
        ),
        (
            "if c then fun x -> a; b else d",
            "(if c (fun (x) (seq a b)) d)",
        ),
        ("if a; b then c", "(if (seq a b) c)"),
        ("if c then a + b else d * e", "(if c (+ a b) (* d e))"),
    ]);
    assert_eq!(codes("if c then a; b else d"), ["E0100"]);
}

#[test]
fn let_and_fun_bodies_swallow_semicolons() {
    check_table(&[
        ("let x = 1 in a; b", "(let ((x 1)) (seq a b))"),
        ("fun x -> a; b", "(fun (x) (seq a b))"),
        ("fun x y -> x", "(fun (x y) x)"),
        ("fun () _ -> 1", "(fun (() _) 1)"),
        ("a; b; c", "(seq a (seq b c))"),
        ("let x = a; b in c", "(let ((x (seq a b))) c)"),
        ("let f x y = x + y in f", "(let ((f (x y) (+ x y))) f)"),
        (
            "let rec f x = g x and g x = f x in f 1",
            "(let-rec ((f (x) (g x)) (g (x) (f x))) (f 1))",
        ),
        (
            "let a = 1 in let b = 2 in a + b",
            "(let ((a 1)) (let ((b 2)) (+ a b)))",
        ),
        ("let _ = 1 and () = () in 2", "(let ((_ 1) (() ())) 2)"),
        ("fun x -> fun y -> x; y", "(fun (x) (fun (y) (seq x y)))"),
        (
            "let x = 1 in fun y -> let z = y in z",
            "(let ((x 1)) (fun (y) (let ((z y)) z)))",
        ),
    ]);
}

#[test]
fn comparison_and_boolean_consequences() {
    check_table(&[
        ("a = b = c", "(= (= a b) c)"),
        ("not a && b", "(&& (not a) b)"),
        ("3 > 2 > 1", "(> (> 3 2) 1)"),
        ("x |> f", "(|> x f)"),
        ("f @@ x", "(@@ f x)"),
    ]);
}

#[test]
fn trailing_semicolons_as_in_ocaml() {
    check_table(&[
        ("(print_int 1;)", "(print_int 1)"),
        ("begin print_int 1; end", "(print_int 1)"),
        ("let x = 1; in x", "(let ((x 1)) x)"),
        ("let () = print_int 1;", "(def ((() (print_int 1))))"),
    ]);
}

// ----- spec §2: top-level items -----

#[test]
fn top_level_items() {
    check_table(&[
        ("let x = 1\nprint_int x", "(def ((x (1 print_int x))))"),
        ("let x = 1;; print_int x", "(def ((x 1)))\n(print_int x)"),
        ("print_int 1 let x = 2", "(print_int 1)\n(def ((x 2)))"),
        ("let x = 1 in x", "(let ((x 1)) x)"),
        (
            "let x = 1;; let y = 2 in y",
            "(def ((x 1)))\n(let ((y 2)) y)",
        ),
        ("let x = 1 and y = 2", "(def ((x 1) (y 2)))"),
        ("let rec f x = f x", "(def-rec ((f (x) (f x))))"),
        (";; ;; print_int 1 ;; ;;", "(print_int 1)"),
        ("let x = 1 in x let y = 2", "(let ((x 1)) x)\n(def ((y 2)))"),
        (
            "let f = fun x -> x let g = 2",
            "(def ((f (fun (x) x))))\n(def ((g 2)))",
        ),
        ("", ""),
        ("(* only a comment *)", ""),
    ]);
    // `in` after a top-level definition is a syntax error.
    assert_eq!(codes("let x = 1 let y = 2 in y"), ["E0103"]);
    // A `;` makes the next `let` part of the expression, which needs `in`.
    assert_eq!(codes("let x = 1; let y = 2"), ["E0102"]);
}

// ----- spans -----

#[test]
fn spans_cover_the_source_written() {
    let region = Region::new();
    let src = "let f x = g (x + 1) y";
    let (program, diags) = syntax::parse(src, &region);
    assert!(diags.is_empty());
    let dump = syntax::dump_ast(&program);
    assert_eq!(
        dump,
        "Def 0..21
  Binding 4..21
    PVar f 4..5
    PVar x 6..7
    App 10..21
      Var g 10..11
      Binary + 13..18
        Var x 13..14
        Int 1 17..18
      Var y 20..21
"
    );
    assert_eq!(syntax::count_nodes(&program), 10);
}

// ----- lexer: literals -----

fn int_value(src: &str) -> i64 {
    let lexed = syntax::lex(src);
    assert!(
        lexed.diagnostics.is_empty(),
        "{src}: {:?}",
        lexed.diagnostics
    );
    match lexed.tokens[0].kind {
        TokenKind::Int(v) => v,
        k => panic!("{src}: not an integer: {k:?}"),
    }
}

#[test]
fn integer_literals_in_every_base() {
    let cases: &[(&str, i64)] = &[
        ("0", 0),
        ("017", 17),
        ("1_000", 1000),
        ("1_", 1),
        ("1__2", 12),
        ("0x1F", 31),
        ("0X1f", 31),
        ("0x1_F", 31),
        ("0o17", 15),
        ("0O17", 15),
        ("0b101", 5),
        ("0B1_0_1", 5),
        ("4611686018427387903", 4_611_686_018_427_387_903),
        // 2^62 denotes min_int, so that `-4611686018427387904` works.
        ("4611686018427387904", -4_611_686_018_427_387_904),
        // Hex, octal and binary wrap to 63 bits.
        ("0x7FFFFFFFFFFFFFFF", -1),
        ("0x3FFFFFFFFFFFFFFF", 4_611_686_018_427_387_903),
        ("0x4000000000000000", -4_611_686_018_427_387_904),
        ("0o777777777777777777777", -1),
        (
            "0b111111111111111111111111111111111111111111111111111111111111111",
            -1,
        ),
    ];
    for (src, v) in cases {
        assert_eq!(int_value(src), *v, "{src}");
    }
}

#[test]
fn invalid_integer_literals() {
    for src in [
        "1a", "0xG", "0b102", "0o8", "0x_F", "0b", "0u12", "1l", "0x1p3", "12'", "1gx",
    ] {
        assert_eq!(codes(src), ["E0006"], "{src}");
    }
    // One letter `g`..`z` after a literal is a modifier for OCaml, which
    // its checker rejects (`0x` is `0` with the modifier `x`).
    for src in [
        "1g",
        "0x1g",
        "1z",
        "1_g",
        "0x",
        "0o",
        "0x7FFFFFFFFFFFFFFFFg",
    ] {
        assert_eq!(codes(src), ["E0009"], "{src}");
    }
    for src in [
        "4611686018427387905",
        "99999999999999999999999",
        "0x8000000000000000",
        "0o1000000000000000000000",
    ] {
        assert_eq!(codes(src), ["E0008"], "{src}");
    }
    for src in ["1.5", "1.", "1e5", "1E+5", "1_000.000_1e-3"] {
        assert_eq!(codes(src), ["E0007"], "{src}");
    }
}

// ----- lexer: strings -----

fn string_value(src: &str) -> Vec<u8> {
    let lexed = syntax::lex(src);
    assert!(
        lexed.diagnostics.is_empty(),
        "{src}: {:?}",
        lexed.diagnostics
    );
    match lexed.tokens[0].kind {
        TokenKind::Str(r) => lexed.string(r).to_vec(),
        k => panic!("{src}: not a string: {k:?}"),
    }
}

#[test]
fn string_escapes_are_decoded_to_bytes() {
    let cases: &[(&str, &[u8])] = &[
        (r#""abc""#, b"abc"),
        (r#""""#, b""),
        (r#""\n\t\\\"\'\r\b\ ""#, b"\n\t\\\"'\r\x08 "),
        (r#""\065\000\255""#, b"A\x00\xff"),
        (r#""\x41\xff\x0a""#, b"A\xff\n"),
        (r#""\o101\o377""#, b"A\xff"),
        (
            r#""\u{41}\u{e9}\u{1F600}\u{10FFFF}""#,
            "Aé😀\u{10FFFF}".as_bytes(),
        ),
        ("\"a\\\n   \t b\"", b"ab"),
        ("\"a\\\r\n  b\"", b"ab"),
        ("\"raw\nnewline\"", b"raw\nnewline"),
        ("\"é\"", "é".as_bytes()),
        (r#""(* not a comment *)""#, b"(* not a comment *)"),
    ];
    for (src, bytes) in cases {
        assert_eq!(string_value(src), *bytes, "{src}");
    }
}

#[test]
fn invalid_escapes_are_errors() {
    for src in [
        r#""\q""#,
        r#""\U""#,
        r#""\256""#,
        r#""\12""#,
        r#""\x4""#,
        r#""\xG0""#,
        r#""\o400""#,
        r#""\o8""#,
        r#""\u{}""#,
        r#""\u{D800}""#,
        r#""\u{110000}""#,
        r#""\u{1234567}""#,
        r#""\u41""#,
        r#""\é""#,
    ] {
        assert_eq!(codes(src), ["E0010"], "{src}");
    }
    // Every bad escape of a literal is reported.
    assert_eq!(codes(r#""\q\w\e""#), ["E0010"; 3]);
}

#[test]
fn unterminated_strings_point_at_the_opening_quote() {
    for src in [
        "let s = \"abc",
        "let s = \"abc\\",
        "let s = \"abc\\\"",
        "let s = \"a\nb\nc",
    ] {
        let (_, diags) = parse(src);
        assert_eq!(diags.len(), 1, "{src}: {diags:?}");
        assert_eq!(diags[0].code, "E0011");
        assert_eq!(diags[0].primary.span, Span::new(8, 9), "{src}");
    }
}

// ----- lexer: comments -----

#[test]
fn comments_nest_and_contain_strings() {
    check_table(&[
        ("1 (* a (* b *) c *) + 2", "(+ 1 2)"),
        ("1 (* \"*)\" *) + 2", "(+ 1 2)"),
        ("1 (* '\"' *) + 2", "(+ 1 2)"),
        ("1 (* '\\\"' *) + 2", "(+ 1 2)"),
        ("1 (* {|*)|} *) + 2", "(+ 1 2)"),
        ("1 (* {id|*)|id} *) + 2", "(+ 1 2)"),
        ("1 (**) + 2", "(+ 1 2)"),
        ("1 (*)*) + 2", "(+ 1 2)"),
        ("1 (* é *) + 2", "(+ 1 2)"),
    ]);
}

#[test]
fn comment_errors() {
    let (_, d) = parse("let x = 1 (* a (* b *)");
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].code, d[0].primary.span), ("E0012", Span::new(10, 12)));
    // As ocamlc, the error is at the innermost unclosed comment; the outer one
    // is pointed at too.
    let (_, d) = parse("let x = 1 (* a (* b");
    assert_eq!(d[0].primary.span, Span::new(15, 17));
    assert_eq!(d[0].secondary[0].span, Span::new(10, 12));
    // OCaml stops at a bad escape in a comment's string, and never reaches the
    // end of the comment: that is the only error.
    assert_eq!(codes("(* \"\\u{D800} *)"), ["E0010"]);
    assert_eq!(codes("(* (* \"\\u{D800}\" "), ["E0010"]);
    // A string in a comment must be closed: `(* " *)` is an unterminated string,
    // reported (as ocamlc does) at the innermost comment, with a note at the string.
    let (_, d) = parse("let x = 1 (* \" *)");
    assert_eq!((d[0].code, d[0].primary.span), ("E0013", Span::new(10, 12)));
    assert_eq!(d[0].secondary[0].span, Span::new(13, 14));
    let (_, d) = parse("(* (* {%e| *) *)");
    assert_eq!((d[0].code, d[0].primary.span), ("E0013", Span::new(3, 5)));
    assert_eq!(d[0].secondary[0].span, Span::new(6, 10));
    // `don't`: the quote is part of an identifier, so `"` opens a string.
    assert_eq!(codes("(* don't \" *)"), ["E0013"]);
    // A stray `*)`, also right after an expression; `**)` is the operator `**`, then `)`.
    assert_eq!(codes("let () = print_int 1 *)"), ["E0003"]);
    assert_eq!(codes("*)"), ["E0003"]);
    assert_eq!(codes("let x = 3**)")[0], "E0100");
}

// ----- lexer: operators, keywords, odd characters -----

#[test]
fn operator_runs_are_one_token() {
    // An operator OCaml lexes but minilang lacks parses (the resolver reports it
    // unbound, as OCaml's checker does); OCaml's punctuation does not.
    assert_eq!(codes("1--1"), Vec::<&str>::new());
    assert_eq!(codes("1 - -1"), Vec::<&str>::new());
    assert_eq!(codes("1 +- 1"), Vec::<&str>::new());
    assert_eq!(codes("x := 1"), ["E0002"]);
    assert_eq!(codes("f >>= g"), Vec::<&str>::new());
    assert_eq!(codes("x <- 1"), ["E0002"]);
    assert_eq!(codes("a |>f"), Vec::<&str>::new());
    assert_eq!(codes("a|>f"), Vec::<&str>::new());
    assert_eq!(codes("1.+2"), ["E0007"]);
    assert_eq!(codes("!x"), Vec::<&str>::new());
}

#[test]
fn reserved_keywords_and_unsupported_tokens() {
    for kw in [
        "match", "while", "function", "type", "lsl", "or", "open", "class", "val", "as", "of",
    ] {
        assert_eq!(codes(&format!("let {kw} = 1")), ["E0005"], "{kw}");
    }
    // `not` is an ordinary name.
    assert_eq!(sexpr("let not = 1"), "(def ((not 1)))");
    for src in ["[1]", "(1, 2)", "{x}", "#use", "`A"] {
        assert!(codes(src).contains(&"E0004"), "{src}");
    }
    assert_eq!(codes("'a'"), ["E0004"]);
    assert_eq!(codes("let x = 'a"), ["E0001"]);
    assert_eq!(codes("let x = 1 € 2"), ["E0001"]);
    // A run of illegal characters is one error.
    assert_eq!(codes("let x = €€€"), ["E0001"]);
}

#[test]
fn dump_tokens_lists_each_token_with_its_span() {
    let dump = syntax::dump_tokens("let s = \"a\\n\" ^ String.sub s 0 0x1F (* c *) -- 1");
    insta::assert_snapshot!("dump_tokens", dump);
}

// ----- syntax errors and recovery -----

#[test]
fn syntax_errors_have_codes() {
    let cases: &[(&str, &[&str])] = &[
        ("let x = (1 + 2", &["E0101"]),
        ("let x = begin 1", &["E0101"]),
        ("let x = 1 )", &["E0100"]),
        ("if true 1 else 2", &["E0102"]),
        ("let x 1", &["E0102"]),
        ("fun x x", &["E0102"]),
        ("let x = 1 in", &["E0100"]),
        ("let (x) = 1", &["E0104"]),
        ("f if a then b else c", &["E0105"]),
        ("f fun x -> x", &["E0105"]),
        ("f assert true", &["E0105"]),
        ("assert let x = true in x", &["E0105"]),
        ("let x = _", &["E0106"]),
        ("let x = Foo", &["E0107"]),
        ("let x = List.length", &["E0108"]),
        ("let x = String.", &["E0100"]),
        ("let x = 1 + * 2", &["E0100"]),
        ("fun -> 1", &["E0100"]),
        ("let _ x = 1", &["E0102"]),
        (";", &["E0100"]),
        ("in", &["E0100"]),
    ];
    for (src, expected) in cases {
        assert_eq!(codes(src), *expected, "{src}");
    }
}

#[test]
fn every_error_is_reported_in_one_run() {
    let src = "let a = (1 + 2\nlet b = 2 := 3\nlet c = \"\\q\"\nlet d = if x 1 else 2\nlet e = Foo\nlet f = 1 in 2";
    assert_eq!(
        codes(src),
        ["E0101", "E0002", "E0010", "E0102", "E0107", "E0103"]
    );
}

#[test]
fn errors_are_capped() {
    let src = "let x = 1 := 2\n".repeat(150);
    let (_, diags) = parse(&src);
    assert_eq!(diags.len(), syntax::MAX_ERRORS + 1);
    let last = diags.last().unwrap();
    assert_eq!(last.code, "E0199");
    assert_eq!(last.message, "and 50 more errors");
}

#[test]
fn the_tree_is_always_returned() {
    let (text, _) = parse("let x = (1 + ;; print_int x;; let y = 2 in y");
    assert_eq!(
        text,
        "(def ((x (+ 1 <error>))))\n(print_int x)\n(let ((y 2)) y)"
    );
}

// ----- deep and large input: no stack overflow, no panic -----

/// Runs `f` on a thread with a small stack, to show that depth does not
/// depend on the caller's stack size.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn hundred_thousand_nested_parentheses() {
    on_small_stack(|| {
        let n = 100_000;
        let src = format!("let x = {}1{}", "(".repeat(n), ")".repeat(n));
        let region = Region::new();
        let (program, diags) = syntax::parse(&src, &region);
        assert!(diags.is_empty());
        assert_eq!(syntax::to_sexpr(&program), "(def ((x 1)))");
    });
}

#[test]
fn a_million_nested_parentheses_get_a_clean_diagnostic() {
    on_small_stack(|| {
        let n = 1_000_000;
        let src = format!("let x = {}1{}", "(".repeat(n), ")".repeat(n));
        let region = Region::new();
        let (_, diags) = syntax::parse(&src, &region);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "E0110");
    });
}

#[test]
fn long_chains_do_not_nest() {
    on_small_stack(|| {
        let region = Region::new();
        let check = |src: String, nodes: usize| {
            let (program, diags) = syntax::parse(&src, &region);
            assert!(diags.is_empty());
            assert_eq!(syntax::count_nodes(&program), nodes);
        };
        // Item + binding + pattern + the expression nodes.
        check(
            format!("let x = {}", vec!["1"; 1_000_000].join("+")),
            3 + 1_999_999,
        );
        check(
            format!("let x = {}", vec!["1"; 300_000].join("-")),
            3 + 599_999,
        );
        check(
            format!("let x = {}", vec!["s"; 300_000].join("^")),
            3 + 599_999,
        );
        check(
            format!("let x = {}", vec!["a"; 300_000].join(";")),
            3 + 599_999,
        );
        check(
            format!("let x = {}", "- ".repeat(300_000) + "1"),
            3 + 300_001,
        );
        let lets: String = (0..200_000)
            .map(|i| format!("let x{i} = {i} in\n"))
            .collect();
        check(format!("let x = {lets}x"), 3 + 200_000 * 4 + 1);
        let ifs: String = (0..200_000)
            .map(|i| format!("if a then {i} else\n"))
            .collect();
        check(format!("let x = {ifs}0"), 3 + 200_000 * 3 + 1);
        let funs: String = (0..200_000).map(|i| format!("fun x{i} -> ")).collect();
        check(format!("let x = {funs}0"), 3 + 200_000 * 2 + 1);
    });
}

#[test]
fn tree_walks_do_not_recurse() {
    on_small_stack(|| {
        let region = Region::new();
        let src = format!("let x = {}", vec!["1"; 100_000].join("+"));
        let (program, _) = syntax::parse(&src, &region);
        let dump = syntax::dump_ast(&program);
        assert_eq!(dump.lines().count(), 3 + 199_999);
        // Indentation stops growing, so the dump stays linear in size.
        assert!(dump.len() < 200 * 200_000);
        assert!(dump.contains("\n                                                                                [100001] Int 1 8..9\n"));
        // `(def ((x ` and `)))`, 100,000 `1`s, and `(+ ` ` ` `)` per operator.
        assert_eq!(syntax::to_sexpr(&program).len(), 12 + 100_000 + 99_999 * 5);
    });
}

#[test]
fn box_trees_drop_without_recursion() {
    on_small_stack(|| {
        let (program, diags) = boxed::parse(&format!("let x = {}", vec!["1"; 1_000_000].join("+")));
        assert!(diags.is_empty());
        drop(program);
    });
}

// ----- rendering -----

/// Every kind of lexical and syntax error, rendered without colour.
const ERROR_CASES: &[(&str, &str)] = &[
    ("illegal_character", "let x = 1 € 2"),
    ("unknown_operator", "let x = 1:=1"),
    ("stray_comment_close", "let () = print_int 1 *)"),
    ("unsupported_token", "let l = [1]"),
    ("char_literal", "let c = 'a'"),
    ("reserved_keyword", "let match = 1"),
    ("invalid_literal", "let x = 0b102"),
    ("float_literal", "let x = 1.5"),
    ("literal_too_large", "let x = 4611686018427387905"),
    ("illegal_escape", "let s = \"a\\qb\""),
    ("escape_out_of_range", "let s = \"\\256\""),
    ("unicode_escape_surrogate", "let s = \"\\u{D800}\""),
    ("unterminated_string", "let s = \"abc\nlet t = 1"),
    ("unterminated_comment", "let x = 1 (* a (* b *)\nlet y = 2"),
    ("unterminated_string_in_comment", "let x = 1 (* \" *)"),
    ("unexpected_token", "let x = 1 + * 2"),
    ("missing_rparen", "let x = (1 + 2\nlet y = 3"),
    ("missing_end", "let x = begin 1 + 2"),
    ("extra_rparen", "let x = 1 )"),
    ("missing_then", "let x = if true 1 else 2"),
    ("missing_in", "let x = let y = 1 y"),
    ("missing_arrow", "let f = fun x x"),
    ("missing_equals", "let x 1"),
    ("in_after_definition", "let x = 1\nlet y = 2 in y"),
    ("unsupported_pattern", "let (x) = 1"),
    ("if_as_argument", "let x = f if true then 1 else 2"),
    ("wildcard_expression", "let x = _"),
    ("unbound_constructor", "let x = Some 1"),
    ("unbound_module", "let n = List.length l"),
    ("else_without_if", "let x = 1 else 2"),
    ("non_ascii_source", "let s = \"héllo\" ^ é"),
    ("error_at_end_of_file", "let x ="),
];

#[test]
fn rendered_errors() {
    for (name, src) in ERROR_CASES {
        let text = rendered(src);
        assert!(!text.is_empty(), "{name}: no error for {src:?}");
        insta::assert_snapshot!(*name, text, src);
    }
}

#[test]
fn rendering_uses_colour_only_when_asked() {
    let src = "let x = 1:=1";
    let (_, diags) = parse(src);
    let plain = diagnostics::render(&diags, "t.ml", src, false);
    let color = diagnostics::render(&diags, "t.ml", src, true);
    assert!(!plain.contains('\x1b'));
    assert!(color.contains('\x1b'));
    assert!(plain.contains("[E0002] Error: Syntax error: unknown operator `:=`"));
    assert!(
        plain.lines().all(|l| l == l.trim_end()),
        "trailing blanks in {plain}"
    );
}

#[test]
fn rendering_clamps_bad_spans() {
    let src = "é = 1";
    let spans = [
        Span::new(1, 2),
        Span::new(0, 99),
        Span::new(50, 60),
        Span::new(1, 1),
    ];
    for span in spans {
        let d = Diagnostic::error(diagnostics::Code::E0100, "Syntax error", span, "here");
        let text = diagnostics::render(&[d], "t.ml", src, false);
        assert!(text.contains("Syntax error"));
        let text =
            diagnostics::render_exception("Exception: Failure \"x\".", span, "t.ml", src, false);
        assert!(text.contains("Failure"));
    }
}

#[test]
fn runtime_exception_report() {
    let src = "let x = 1 / 0";
    let text = diagnostics::render_exception(
        "Exception: Division_by_zero.",
        Span::new(8, 13),
        "prog.ml",
        src,
        false,
    );
    insta::assert_snapshot!("runtime_exception", text);
    assert!(text.starts_with("Exception: Division_by_zero.\n"));
    let text = diagnostics::render_exception(
        "Stack overflow during evaluation (looping recursion?).",
        Span::new(8, 9),
        "prog.ml",
        src,
        false,
    );
    assert!(text.starts_with("Stack overflow during evaluation (looping recursion?).\n"));
    let color = diagnostics::render_exception(
        "Exception: Not_found.",
        Span::new(8, 9),
        "prog.ml",
        src,
        true,
    );
    assert!(color.contains("Exception: Not_found.") && color.contains('\x1b'));
}

#[test]
fn every_code_is_documented() {
    let documented: Vec<&str> = diagnostics::Code::ALL.iter().map(|c| c.as_str()).collect();
    for (name, src) in ERROR_CASES {
        for code in codes(src) {
            assert!(
                documented.contains(&code),
                "{name}: {code} missing from diagnostics::Code"
            );
        }
    }
    for src in [
        "let x = 1 -- 2\n".repeat(120).as_str(),
        "let x = 1 let y = 2 in y",
    ] {
        for code in codes(src) {
            assert!(
                documented.contains(&code),
                "{code} missing from diagnostics::Code"
            );
        }
    }
}

// ----- the corpus: valid programs parse cleanly, invalid ones are caught -----

fn corpus_files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ml"))
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_programs_parse_without_diagnostics() {
    for dir in ["tests/corpus/run", "examples"] {
        for path in corpus_files(dir) {
            let src = std::fs::read_to_string(&path).unwrap();
            let (_, diags) = parse(&src);
            assert!(
                diags.is_empty(),
                "{}: {}",
                path.display(),
                diagnostics::render(&diags, "x.ml", &src, false)
            );
        }
    }
}

#[test]
fn corpus_rejects_are_caught_by_lexer_or_parser() {
    // Rejected later, by the resolver: unbound names (also operators minilang lacks),
    // `let rec` of a non-function.
    let later = [
        "unbound_",
        "letrec_",
        "unknown_string_member",
        "op_minus_minus",
        "op_plus_minus",
        "op_unknown_",
    ];
    for path in corpus_files("tests/corpus/reject") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(src) = String::from_utf8(std::fs::read(&path).unwrap()) else {
            continue; // not UTF-8: the driver's error
        };
        if later.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        assert!(!parse(&src).1.is_empty(), "{name} was accepted");
    }
}

// ----- no input makes the front end panic -----

/// Checks the invariants of the diagnostics of `src`: spans inside the
/// source, on character boundaries, ordered; and that rendering works.
fn check_diagnostics(src: &str) {
    let region = Region::new();
    let (program, diags) = syntax::parse(src, &region);
    let _ = syntax::count_nodes(&program);
    assert!(diags.len() <= syntax::MAX_ERRORS + 1);
    for d in &diags {
        for span in std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span)) {
            assert!(
                span.start <= span.end && span.end as usize <= src.len(),
                "{span:?} in {src:?}"
            );
            assert!(
                src.is_char_boundary(span.start as usize),
                "{span:?} in {src:?}"
            );
            assert!(
                src.is_char_boundary(span.end as usize),
                "{span:?} in {src:?}"
            );
        }
    }
    let _ = diagnostics::render(&diags, "fuzz.ml", src, false);
}

/// Pieces of minilang (and of things near it) to build token soup from.
const VOCABULARY: &[&str] = &[
    "let ",
    "rec ",
    "in ",
    "and ",
    "fun ",
    "->",
    "if ",
    "then ",
    "else ",
    "begin ",
    "end ",
    "assert ",
    "(",
    ")",
    ";",
    ";;",
    "=",
    "+",
    "-",
    "*",
    "/",
    " mod ",
    "^",
    "@@",
    "|>",
    "&&",
    "||",
    "<",
    "<>",
    "==",
    "!=",
    "x",
    "f ",
    "_",
    "String.",
    "length",
    "Foo",
    "1",
    "0x1F",
    "99999999999999999999",
    "\"s\"",
    "\"\\",
    "\"",
    "(*",
    "*)",
    "'",
    "é",
    "\n",
    " ",
    "match",
    "--",
    "1.5",
    "\\u{",
    "{|",
    "|}",
    ".",
    "()",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

    #[test]
    fn any_text_parses_without_panic(src in "\\PC{0,200}") {
        check_diagnostics(&src);
    }

    #[test]
    fn any_token_soup_parses_without_panic(pieces in proptest::collection::vec(proptest::sample::select(VOCABULARY), 0..60)) {
        check_diagnostics(&pieces.concat());
    }

    #[test]
    fn any_bytes_made_utf8_parse_without_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
        check_diagnostics(&String::from_utf8_lossy(&bytes));
    }
}

/// A limited region ends a parse with one memory diagnostic, never an abort
/// (the parser's scratch stacks must not hit the limit).
#[test]
fn parse_into_a_limited_region_reports_the_limit() {
    let src = testkit::generate_program(200_000, 3);
    for limit in [1 << 10, 16 << 10, 256 << 10] {
        let region = Region::builder().limit(limit).build();
        let (_, diags) = syntax::parse(&src, &region);
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [minilang::diagnostics::E_MEMORY_LIMIT],
            "limit {limit}"
        );
        assert!(region.stats().capacity <= limit);
    }
}
