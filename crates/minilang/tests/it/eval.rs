//! Resolution and evaluation: every semantic point of the spec (§4, §5),
//! each expectation produced by OCaml 4.13 (`ocaml prog.ml`) on the same
//! source, plus the evaluator's own guarantees (tail calls in constant
//! stack, deep recursion, `Stack_overflow`, step limits, closed output).

use std::io::{self, Write};

use minilang::diagnostics::Diagnostic;
use minilang::runtime::{self, Outcome, RunOptions};
use minilang::syntax::ast::Span;
use minilang::{sema, syntax};
use region::Region;

/// The name `ocaml` reports in `Assert_failure` for `ocaml prog.ml`.
const FILE: &str = "./prog.ml";

/// Compiles (parses, resolves, type-checks) and runs `src` with `options`,
/// writing to `out`. The evaluator relies on the types: it only ever runs
/// programs the type checker accepted.
fn run_to<W: Write + Send>(
    src: &str,
    out: W,
    options: &RunOptions,
) -> Result<Outcome, Vec<Diagnostic>> {
    runtime::with_big_stack(|| {
        let region = Region::new();
        let (_, diags) = syntax::parse(src, &region);
        assert!(
            diags.is_empty(),
            "syntax errors in a test program: {diags:#?}"
        );
        let compiled = minilang::compile(src, &region);
        match compiled.program {
            Some(program) => Ok(runtime::run_with(&program, out, FILE, src, options)),
            None => Err(compiled.diagnostics),
        }
    })
}

/// Runs `src` and returns what it printed and how it ended.
fn run_opts(src: &str, options: &RunOptions) -> (String, Outcome) {
    let mut out = Vec::new();
    let outcome =
        run_to(src, &mut out, options).unwrap_or_else(|d| panic!("compile errors: {d:#?}"));
    (String::from_utf8(out).expect("tests print UTF-8"), outcome)
}

fn run(src: &str) -> (String, Outcome) {
    run_opts(src, &RunOptions::default())
}

/// `src` prints `stdout` and finishes normally.
#[track_caller]
fn check(src: &str, stdout: &str) {
    assert_eq!(
        run(src),
        (stdout.to_owned(), Outcome::Finished),
        "program: {src}"
    );
}

/// `src` prints `stdout`, then raises `exn` (OCaml's rendering) at the
/// source text `at`.
#[track_caller]
fn check_exn(src: &str, stdout: &str, exn: &str, at: &str) {
    let (out, outcome) = run(src);
    assert_eq!(out, stdout, "program: {src}");
    match outcome {
        Outcome::Exception { exn: got, span, .. } => {
            assert_eq!(got, exn.as_bytes(), "program: {src}");
            assert_eq!(&src[span.range()], at, "span of the exception in: {src}");
        }
        other => panic!("expected exception {exn}, got {other:?} for: {src}"),
    }
}

/// The compile errors of `src`, as (code, message, source text of the span).
fn errors(src: &str) -> Vec<(&'static str, String, String)> {
    let diags = match run_to(src, io::sink(), &RunOptions::default()) {
        Ok(outcome) => panic!("expected compile errors, got {outcome:?}"),
        Err(d) => d,
    };
    diags
        .into_iter()
        .map(|d| (d.code, d.message, src[d.primary.span.range()].to_owned()))
        .collect()
}

// ----- integers -----------------------------------------------------------------

#[test]
fn integers_wrap_at_63_bits() {
    check(
        r#"let () = print_int (max_int + 1); print_newline (); print_int (- min_int); print_newline (); print_int (min_int / (-1)); print_newline (); print_int ((-7) mod 2); print_int (7 mod (-2)); print_int (-7 / 2); print_newline (); print_int (abs min_int); print_int (max_int * 3)"#,
        "-4611686018427387904\n-4611686018427387904\n-4611686018427387904\n-11-3\n-46116860184273879044611686018427387901",
    );
}

#[test]
fn integer_literals_and_constants() {
    check(
        r#"let () = print_int 0x7FFFFFFFFFFFFFFF; print_string " "; print_int (-4611686018427387904); print_string " "; print_int (0b101 + 0o17 + 1_000 + 017); print_string " "; print_int (max_int - min_int)"#,
        "-1 -4611686018427387904 1037 -1",
    );
}

#[test]
fn division_by_zero() {
    check_exn("let _ = 1 / 0", "", "Division_by_zero", "1 / 0");
    check_exn(
        r#"let () = print_string "a"; print_int (5 mod (3 - 3))"#,
        "a",
        "Division_by_zero",
        "5 mod (3 - 3)",
    );
    check_exn(
        "let f x = x / 0;; let _ = f min_int",
        "",
        "Division_by_zero",
        "x / 0",
    );
}

// ----- evaluation order -----------------------------------------------------------

#[test]
fn application_arguments_right_to_left_then_function() {
    check(
        r#"let p s = print_string s;; let _ = (p "F"; fun x y -> x) (p "A"; 1) (p "B"; 2);; let _ = - (p "N"; 1)"#,
        "BAFN",
    );
    check(
        r#"let p s = print_string s;; let _ = (p "F"; compare) (p "A"; 1) (p "B"; 2)"#,
        "BAF",
    );
}

#[test]
fn binary_operands_right_to_left_except_and_or() {
    check(
        r#"let p s = print_string s;; let _ = (p "A"; 1) = (p "B"; 2);; let _ = (p "A"; "x") ^ (p "B"; "y");; let _ = (p "A"; true) && (p "B"; true);; let _ = (p "A"; 1) == (p "B"; 2);; let _ = (p "A"; 1) < (p "B"; 2)"#,
        "BABAABBABA",
    );
    check(
        r#"let p s = print_string s;; let _ = (p "A"; 1) + (p "B"; 2) * (p "C"; 3);; let _ = (p "D"; false) && (p "E"; true);; let _ = (p "F"; true) || (p "G"; true);; let _ = (p "H"; false) || (p "I"; true)"#,
        "CBADFHI",
    );
}

#[test]
fn pipe_and_at_at_evaluate_the_argument_first() {
    check(
        r#"let () = (print_string "x"; 1) |> (print_string "f"; succ) |> print_int"#,
        "xf2",
    );
    check(
        r#"let () = (print_string "f"; print_int) @@ (print_string "x"; 1)"#,
        "xf1",
    );
    check(
        r#"let add x y = x + y;; let () = 1 |> add 2 |> print_int; print_int @@ add 3 @@ 4"#,
        "37",
    );
}

#[test]
fn let_and_evaluates_left_to_right() {
    check(
        r#"let x = print_string "a"; 1 and y = print_string "b"; 2;; let _ = let a = print_string "c"; 1 and b = print_string "d"; 2 in a + b"#,
        "abcd",
    );
    check(
        "let () = let x = 1 and y = 2 in print_int (x + y); let x = 5 in let x = x + 1 and y = x in print_int (x * 10 + y)",
        "365",
    );
}

// ----- functions -------------------------------------------------------------------

#[test]
fn currying_partial_and_over_application() {
    check(
        "let add x y = x + y;; let inc = add 1;; let () = print_int (inc 41); print_int ((fun x -> fun y -> x * y) 6 7)",
        "4242",
    );
    check(
        "let f a b c = a * 100 + b * 10 + c;; let g = f 1;; let h = g 2;; let () = print_int (h 3); print_int (f 4 5 6)",
        "123456",
    );
    check("let id x = x;; let () = print_int (id id id 5)", "5");
    check(
        r#"let f x = print_string "f"; fun y -> x + y;; let g = f 1;; let () = print_int (g 2 + g 3)"#,
        "f7",
    );
    check(
        "let compose f g x = f (g x);; let twice f = compose f f;; let () = print_int (twice (twice succ) 0)",
        "4",
    );
}

#[test]
fn closures_capture_values_and_ignore_later_shadowing() {
    check(
        "let x = 1;; let f () = x;; let x = 2;; let () = print_int (f () + x)",
        "3",
    );
    check(
        "let a = 10;; let f = let b = 20 in fun x -> a + b + x;; let () = print_int (f 1)",
        "31",
    );
    check(
        "let adder n = fun x -> x + n;; let a = adder 1 and b = adder 10;; let () = print_int (a 1); print_int (b 1)",
        "211",
    );
    check(
        "let x = 5;; let () = print_int (let x = x * 2 in x); print_int x",
        "105",
    );
}

#[test]
fn local_recursive_functions_and_groups() {
    check(
        "let mk n = let rec go i acc = if i > n then acc else go (i + 1) (acc + i) in go 0 0;; let () = print_int (mk 100)",
        "5050",
    );
    check(
        "let mk n = let rec ev i = if i = 0 then n else od (i - 1) and od i = if i = 0 then -n else ev (i - 1) in ev;; let () = print_int ((mk 5) 7); print_int ((mk 5) 8)",
        "-55",
    );
    // `g` outlives the frame that held `f`: calling it must find `f` again.
    check(
        "let mk () = let rec f x = if x = 0 then 0 else g (x - 1) + 1 and g x = f x in g;; let () = print_int ((mk ()) 10)",
        "10",
    );
}

#[test]
fn unit_and_wildcard_parameters() {
    check("let f () () = 7;; let () = print_int (f () ())", "7");
    check("let f _ _ = 1;; let () = print_int (f 2 3)", "1");
    check("let f = fun () -> 42;; let () = print_int (f ())", "42");
    check("let f x x = x;; let () = print_int (f 1 2)", "2");
}

#[test]
fn builtins_are_first_class() {
    check("let p = print_int in p 3", "3");
    check(
        r#"let s = String.sub "hello" in print_string (s 1 2)"#,
        "el",
    );
    check(
        "let apply f x = f x;; let () = print_int (apply abs (-4)); print_int (apply succ 1); apply print_int 7",
        "427",
    );
    check(
        r#"let () = print_string (string_of_bool (not true)); let not x = x in print_string (string_of_bool (not true))"#,
        "falsetrue",
    );
}

#[test]
fn operators_as_functions() {
    // Fully applied, an operator is the operator (`(&&)` short-circuits);
    // otherwise it is a function that evaluates both arguments.
    check(
        r#"let p s = print_string s;; let _ = (&&) (p "A"; false) (p "B"; true);; let _ = (||) (p "C"; true) (p "D"; true);; let f = (&&) in let _ = f (p "E"; false) (p "F"; true) in ()"#,
        "ACFE",
    );
    check(
        r#"let p s = print_string s;; let _ = (|>) (p "x"; 1) (p "f"; succ);; let _ = (@@) (p "g"; succ) (p "y"; 1);; let _ = (+) (p "a"; 1) (p "b"; 2);; let _ = ((&&) (p "A"; false)) (p "B"; true);; let _ = (p "C"; false) |> (&&) (p "D"; false)"#,
        "xfygbaBACD",
    );
    check(
        r#"let fold f = f (f 1 2) 3;; let () = print_int (fold ( * )); print_int (fold (-)); print_int ((mod) 7 3); print_string ((^) "a" "b"); print_string (string_of_bool ((+) == (+))); print_string (string_of_bool ((^) == (^)));; let ap = (|>) 5 in print_int (ap succ)"#,
        "6-41abfalsetrue6",
    );
    check_exn("let _ = (/) 1 0", "", "Division_by_zero", "(/) 1 0");
}

// ----- equality and order ----------------------------------------------------------

#[test]
fn structural_comparison() {
    check(
        r#"let () = print_string (string_of_bool ("abc" < "abd")); print_int (compare "b" "abc"); print_int (compare "\255" "a"); print_int (compare true false); print_int (compare () ()); print_int (compare 3 3)"#,
        "true11100",
    );
    check(
        r#"let () = print_int (min 3 4); print_int (max 3 4); print_string (min "b" "a")"#,
        "34a",
    );
    check(
        r#"let () = print_string (string_of_bool (1 <> 2 && "a" = "a" && true > false && () = () && 2 >= 2 && -1 <= 0))"#,
        "true",
    );
}

#[test]
fn comparing_functions_raises() {
    let exn = r#"Invalid_argument "compare: functional value""#;
    check_exn("let f x = x;; let _ = f = f", "", exn, "f = f");
    check_exn(
        "let _ = compare (fun x -> x) (fun x -> x)",
        "",
        exn,
        "compare (fun x -> x) (fun x -> x)",
    );
    check_exn("let f x = x;; let _ = f < f", "", exn, "f < f");
    check_exn(
        "let _ = max (fun x -> x) (fun x -> x)",
        "",
        exn,
        "max (fun x -> x) (fun x -> x)",
    );
    // `compare` is total: a function is equal to itself.
    check("let f x = x;; let () = print_int (compare f f)", "0");
}

#[test]
fn physical_equality() {
    check(
        r#"let () = let s = "x" in print_string (string_of_bool (s == s)); print_string (string_of_bool ("x" == "x"))"#,
        "truefalse",
    );
    // One literal occurrence is one string, however often it is evaluated.
    check(
        r#"let f () = "a";; let () = print_string (string_of_bool (f () == f ()))"#,
        "true",
    );
    check(
        r#"let () = print_string (string_of_bool (string_of_int 1 == string_of_int 1))"#,
        "false",
    );
    check(
        "let f x = x;; let () = print_string (string_of_bool (f == f)); print_string (string_of_bool (1 == 1)); print_string (string_of_bool (() == ())); print_string (string_of_bool (true != true))",
        "truetruetruefalse",
    );
    check(
        "let f () = fun x -> x;; let () = print_string (string_of_bool (f () == f ()))",
        "false",
    );
    // Built-ins that OCaml declares `external` are a new closure each time.
    check(
        "let () = print_string (string_of_bool (abs == abs)); print_string (string_of_bool (not == not)); let n = not in print_string (string_of_bool (n == n))",
        "truefalsetrue",
    );
    check(
        "let test () = let rec f x = x + 0 and g x = x + 1 and pick b = if b then f else g in pick true == pick true && pick false != f;; let () = print_string (string_of_bool (test ()))",
        "true",
    );
}

// ----- built-ins ----------------------------------------------------------------------

#[test]
fn string_builtins() {
    check(
        r#"let () = print_int (String.length "héllo"); print_string (String.sub "hello" 1 3)"#,
        "6ell",
    );
    check(
        r#"let () = print_string (String.sub "abc" 3 0 ^ string_of_int (-12) ^ string_of_bool false)"#,
        "-12false",
    );
    check_exn(
        r#"let _ = String.sub "hello" 3 3"#,
        "",
        r#"Invalid_argument "String.sub / Bytes.sub""#,
        r#"String.sub "hello" 3 3"#,
    );
}

#[test]
fn int_of_string_forms() {
    check(
        r#"let () = print_int (int_of_string "0u12" + int_of_string "-0x1F" + int_of_string "1_000"); print_string " "; print_int (int_of_string "0b1111" + int_of_string "+0o17")"#,
        "981 30",
    );
    check_exn(
        r#"let _ = int_of_string "1e3""#,
        "",
        r#"Failure "int_of_string""#,
        r#"int_of_string "1e3""#,
    );
    check_exn(
        r#"let _ = int_of_string "4611686018427387904""#,
        "",
        r#"Failure "int_of_string""#,
        r#"int_of_string "4611686018427387904""#,
    );
}

#[test]
fn printing_and_flushing() {
    check(
        r#"let () = print_string "a"; print_endline "b"; print_newline (); print_int (-3)"#,
        "ab\n\n-3",
    );
    check("let () = ignore (print_int 1); ignore 5", "1");
    // Output buffered before an exception is not lost.
    check_exn(
        r#"let () = print_string "buffered"; print_int (1 / 0)"#,
        "buffered",
        "Division_by_zero",
        "1 / 0",
    );
}

#[test]
fn failwith_message_is_escaped_like_ocaml() {
    check_exn(
        r#"let () = print_string "a"; print_endline "b"; print_newline (); failwith "oops""#,
        "ab\n\n",
        r#"Failure "oops""#,
        r#"failwith "oops""#,
    );
    check_exn(
        r#"let _ = failwith "bo\"om\n\t\\ é \001 \127 ~""#,
        "",
        r#"Failure "bo\"om\n\t\\ é \001 \127 ~""#,
        r#"failwith "bo\"om\n\t\\ é \001 \127 ~""#,
    );
}

#[test]
fn exit_flushes_and_stops() {
    assert_eq!(
        run(r#"let () = print_string "a"; exit 3; print_string "b""#),
        ("a".to_owned(), Outcome::Exit(3))
    );
    assert_eq!(
        run("let _ = exit 0;; let () = print_int 1"),
        (String::new(), Outcome::Exit(0))
    );
}

#[test]
fn assert_reports_file_line_and_column() {
    check_exn(
        "let _ = assert (1 = 1);; let () = print_string \"ok\";;\nlet _ = assert (1 = 2)",
        "ok",
        r#"Assert_failure ("./prog.ml", 2, 8)"#,
        "assert (1 = 2)",
    );
    check_exn(
        "\nlet _ =\n   assert false",
        "",
        r#"Assert_failure ("./prog.ml", 3, 3)"#,
        "assert false",
    );
}

#[test]
fn script_name_is_what_ocaml_shows() {
    assert_eq!(runtime::script_name("prog.ml"), "./prog.ml");
    assert_eq!(runtime::script_name("sub/a.ml"), "./sub/a.ml");
    assert_eq!(runtime::script_name("./a.ml"), "./a.ml");
    assert_eq!(runtime::script_name("../sub/a.ml"), "../sub/a.ml");
    assert_eq!(runtime::script_name("/tmp/a.ml"), "/tmp/a.ml");
}

// ----- tail calls and recursion -------------------------------------------------------

/// Options under which any growth of the Rust stack per iteration shows:
/// 256 KiB of stack and 1,000 nested calls.
fn small_stack() -> RunOptions {
    RunOptions {
        max_depth: 1_000,
        max_stack_bytes: Some(256 << 10),
        ..RunOptions::default()
    }
}

#[test]
fn tail_recursion_runs_in_constant_stack() {
    let src = "let rec loop n acc = if n = 0 then acc else loop (n - 1) (acc + 1);; let () = print_int (loop 10000000 0)";
    assert_eq!(
        run_opts(src, &small_stack()),
        ("10000000".to_owned(), Outcome::Finished)
    );
}

#[test]
fn mutual_tail_recursion_runs_in_constant_stack() {
    let src = "let rec even n = if n = 0 then true else odd (n - 1) and odd n = if n = 0 then false else even (n - 1);; let () = print_string (string_of_bool (even 10000001))";
    assert_eq!(
        run_opts(src, &small_stack()),
        ("false".to_owned(), Outcome::Finished)
    );
}

#[test]
fn tail_positions_of_let_seq_and_or_and_closures() {
    // A local closure with a captured variable, in every tail position.
    let src = "let count n = let rec go i = if i = n then true else let j = i + 1 in (ignore j; if i mod 2 = 0 then (i < n && go j) else (i > n || go j)) in go 0;; let () = print_string (string_of_bool (count 1000000))";
    assert_eq!(
        run_opts(src, &small_stack()),
        ("true".to_owned(), Outcome::Finished)
    );
    // Through a function value (not known at resolve time).
    let src = "let rec loop n = if n = 0 then 0 else apply loop (n - 1) and apply f x = f x;; let () = print_int (loop 1000000)";
    assert_eq!(
        run_opts(src, &small_stack()),
        ("0".to_owned(), Outcome::Finished)
    );
}

#[test]
fn deep_non_tail_recursion_works() {
    // OCaml stops near 262,000 levels; minilang must go to 1,000,000 (spec §5).
    let src = "let rec f n = if n = 0 then 0 else 1 + f (n - 1);; let () = print_int (f 1000000)";
    assert_eq!(run(src), ("1000000".to_owned(), Outcome::Finished));
}

#[test]
fn infinite_recursion_is_a_clean_stack_overflow() {
    let src = "let rec f n = 1 + f n;; let () = print_string \"before\"; print_int (f 0)";
    let options = RunOptions {
        max_depth: 100_000,
        ..RunOptions::default()
    };
    let (out, outcome) = run_opts(src, &options);
    assert_eq!(out, "before");
    let Outcome::StackOverflow { span } = outcome else {
        panic!("got {outcome:?}")
    };
    assert_eq!(&src[span.range()], "f n");
    // The stack check catches it too, whatever the depth limit.
    let options = RunOptions {
        max_stack_bytes: Some(1 << 20),
        ..RunOptions::default()
    };
    assert!(matches!(
        run_opts(src, &options).1,
        Outcome::StackOverflow { .. }
    ));
}

#[test]
fn deeply_nested_expression_evaluates() {
    let depth = 50_000;
    let src = format!(
        "let () = print_int ({}1{})",
        "1 + (".repeat(depth),
        ")".repeat(depth)
    );
    check(&src, &(depth + 1).to_string());
}

#[test]
fn dropping_a_long_chain_of_closures_does_not_recurse() {
    check(
        "let rec build n f = if n = 0 then f else build (n - 1) (fun x -> f x + 1);; let () = ignore (build 1000000 (fun x -> x)); print_int ((build 100000 (fun x -> x)) 0)",
        "100000",
    );
}

// ----- run-time limits and errors ---------------------------------------------------

#[test]
fn step_limit_stops_an_endless_loop() {
    let src = "let rec loop () = loop ();; let () = print_string \"x\"; loop ()";
    let options = RunOptions {
        max_steps: Some(1_000_000),
        ..RunOptions::default()
    };
    let (out, outcome) = run_opts(src, &options);
    assert_eq!(out, "x");
    assert!(matches!(outcome, Outcome::OutOfSteps { .. }), "{outcome:?}");
}

#[test]
fn ill_typed_programs_are_rejected_before_they_run() {
    // Each with the expression OCaml points at (the evaluator relies on the
    // types: it has no run-time type checks left).
    let cases = [
        (r#"let _ = 1 + "a""#, r#""a""#),
        ("let _ = if 1 then 2 else 3", "1"),
        ("let _ = 5 6", "5"),
        (r#"let _ = "a" = 1"#, "1"),
        ("let () = 5", "5"),
        ("let f () = 1;; let _ = f 2", "2"),
        ("let _ = print_string 1", "1"),
        (r#"let _ = String.sub "abc" "x" 1"#, r#""x""#),
        ("let _ = - true", "true"),
        ("let _ = not 1", "1"),
    ];
    for (src, at) in cases {
        let got = errors(src);
        assert_eq!(got.len(), 1, "{src}: {got:?}");
        assert!(got[0].0.starts_with("E04"), "a type error: {got:?}");
        assert_eq!(got[0].2, at, "where the type error is in: {src}");
    }
}

/// A writer that accepts `room` bytes, then fails like a closed pipe.
struct ClosedPipe {
    room: usize,
}

impl Write for ClosedPipe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.room == 0 {
            return Err(io::Error::from(io::ErrorKind::BrokenPipe));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn closed_output_stops_quietly() {
    let src = "let rec loop n = print_endline \"line\"; loop (n + 1);; let () = loop 0";
    let outcome = run_to(src, ClosedPipe { room: 100 }, &RunOptions::default()).expect("compiles");
    assert_eq!(outcome, Outcome::OutputClosed);
}

// ----- compile errors -------------------------------------------------------------------

#[test]
fn every_unbound_name_is_reported() {
    // One per item: checking stops at the first, as OCaml's does (`z` is
    // reached before the arguments).
    let src = "let f x = y + x;; let g = prnt_int;; let _ = z (String.foo 1) (String.bar 2);; \
               let _ = String.bar 1";
    let got = errors(src);
    let expected = [
        ("E0301", "Unbound value y", "y"),
        ("E0301", "Unbound value prnt_int", "prnt_int"),
        ("E0301", "Unbound value z", "z"),
        ("E0301", "Unbound value String.bar", "String.bar"),
    ];
    let got: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(c, m, t)| (*c, m.as_str(), t.as_str()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn unbound_value_suggests_a_close_name() {
    let region = Region::new();
    let src = "let () = prnt_int 3";
    let (ast, _) = syntax::parse(src, &region);
    let diags = sema::resolve(&ast, &region)
        .into_result()
        .expect_err("unbound");
    assert_eq!(diags[0].help.as_deref(), Some("Did you mean print_int?"));
}

#[test]
fn scoping_errors() {
    // A non-recursive `let` does not see itself; `and` siblings do not see each other.
    assert_eq!(errors("let f x = f x")[0].1, "Unbound value f");
    assert_eq!(errors("let a = 1 and b = a")[0].1, "Unbound value a");
    assert_eq!(errors("let f x = x;; let _ = x")[0].1, "Unbound value x");
    assert_eq!(
        errors("let _ = later;; let later = 1")[0].1,
        "Unbound value later"
    );
}

#[test]
fn let_rec_must_bind_variables_to_functions() {
    let got =
        errors("let rec x = 5;; let rec _ = fun x -> x;; let _ = let rec y = 1 and f z = z in 0");
    let codes: Vec<(&str, &str)> = got.iter().map(|(c, _, t)| (*c, t.as_str())).collect();
    // OCaml has the left-hand side rule, not the right-hand side one: minilang's own
    // restriction comes after every error OCaml could report.
    assert_eq!(codes, [("E0304", "_"), ("E0303", "5"), ("E0303", "1")]);
    assert_eq!(
        got[0].1,
        "Only variables are allowed as left-hand side of `let rec'"
    );
}

#[test]
fn names_bound_twice_by_one_let() {
    let got = errors("let rec f x = 1 and f y = 2;; let g = 1 and g = 2");
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0],
        (
            "E0305",
            "Variable f is bound several times in this matching".to_owned(),
            "f".to_owned()
        )
    );
    assert_eq!(got[1].2, "g");
}

#[test]
fn errors_inside_a_rejected_let_rec_are_still_reported() {
    let got = errors("let rec x = unknown");
    assert_eq!(got.len(), 2);
    // OCaml's error first; then minilang's restriction, which OCaml does not have.
    assert_eq!(got[0].1, "Unbound value unknown");
    assert_eq!(
        got[1].1,
        "In minilang, the right-hand side of `let rec' must be a function"
    );
}

/// Spans in outcomes are byte ranges into the source.
#[test]
fn span_of_a_runtime_error_in_a_called_function() {
    let src = "let f x =\n  x / 0\nlet () = print_int (f 1)";
    let (_, outcome) = run(src);
    assert_eq!(
        outcome,
        Outcome::Exception {
            exn: "Division_by_zero".into(),
            report: "Exception: Division_by_zero.".into(),
            span: Span::new(12, 17)
        }
    );
}

#[test]
fn a_string_limit_raises_out_of_memory_instead_of_doubling_forever() {
    let src = "let rec grow n s = if n = 0 then s else grow (n - 1) (s ^ s)\n\
               let () = print_int (String.length (grow 10 \"ab\"))\n\
               let () = print_int (String.length (grow 64 \"ab\"))";
    let options = RunOptions {
        max_string_bytes: Some(1 << 20),
        ..RunOptions::default()
    };
    let (out, outcome) = run_opts(src, &options);
    assert_eq!(out, "2048");
    let Outcome::Exception { exn, span, .. } = &outcome else {
        panic!("got {outcome:?}")
    };
    assert_eq!(&src[span.range()], "s ^ s");
    assert_eq!(exn, b"Out_of_memory");
    // What OCaml's toplevel prints for Out_of_memory (Oprint.print_out_exception).
    assert_eq!(outcome.to_string(), "Out of memory during evaluation.");
}
