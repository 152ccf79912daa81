//! The type checker against OCaml: the ill-typed corpus (`tests/corpus/illtyped`, the
//! expected location and message made by `tests/corpus/gen_illtyped.sh` from `ocamlc`),
//! `minilang -i` against `ocamlc -i` on the corpus and on generated programs, random
//! (mostly ill-typed) programs against `ocamlc`, warnings, error recovery, and deep input.
//!
//! Environment variables: `MINILANG_SIG_COUNT` (generated programs whose signature is
//! compared, default 300) and `MINILANG_RANDOM_TYPES_COUNT` (random programs, default
//! 400); both start at the seed `MINILANG_DIFF_SEED` like the difftest. The random programs
//! come from `testkit::random::untyped`, with now and then an unbound name inside an
//! ill-typed expression (OCaml reports the name first).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use minilang::diagnostics::{Diagnostic, Severity};
use minilang::{runtime, sema, syntax};
use region::Region;

use crate::common::{self, TempDir, available};
use crate::corpus::{THREADS, excerpt, par_map, run_with_timeout};
use crate::difftest::style;
use testkit::random::{Parens, typed as generator, untyped};

const TIMEOUT: Duration = Duration::from_secs(60);

// ----- helpers --------------------------------------------------------------------

/// The diagnostics `minilang` reports for `src` (every phase, as the command does).
fn diagnostics(src: &str) -> Vec<Diagnostic> {
    let src = src.to_owned();
    runtime::with_big_stack(move || {
        let region = Region::new();
        minilang::compile(&src, &region).diagnostics
    })
}

/// The signature `minilang -i` prints for `src`, or its diagnostics.
fn signature(src: &str) -> Result<String, Vec<Diagnostic>> {
    signature_and_warnings(src).map(|(sig, _)| sig)
}

/// Warnings as OCaml's number and location, sorted.
type Warnings = Vec<(u32, String)>;

/// The signature and the warnings, or the diagnostics.
fn signature_and_warnings(src: &str) -> Result<(String, Warnings), Vec<Diagnostic>> {
    let src = src.to_owned();
    runtime::with_big_stack(move || {
        let region = Region::new();
        let compiled = minilang::compile(&src, &region);
        match (&compiled.program, &compiled.typing) {
            (Some(_), Some(typing)) => {
                let mut warnings: Warnings = compiled
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning && d.code != sema::W_MORE)
                    .map(|d| {
                        let number = d.code[1..].parse().expect("warning codes are W<number>");
                        (
                            number,
                            location(&src, d.primary.span.start, d.primary.span.end),
                        )
                    })
                    .collect();
                warnings.sort();
                Ok((typing.signature(), warnings))
            }
            _ => Err(compiled.diagnostics),
        }
    })
}

/// `LINE:COL-LINE:COL` of a byte range, as OCaml counts (lines from 1, byte columns
/// from 0).
fn location(src: &str, start: u32, end: u32) -> String {
    let at = |offset: u32| {
        let before = &src.as_bytes()[..(offset as usize).min(src.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let col = before.iter().rev().take_while(|&&b| b != b'\n').count();
        format!("{line}:{col}")
    };
    format!("{}-{}", at(start), at(end))
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first error as `(location, message)`, the message's blanks squeezed.
fn first_error(src: &str, diags: &[Diagnostic]) -> Option<(String, String)> {
    let d = diags.iter().find(|d| d.severity == Severity::Error)?;
    Some((
        location(src, d.primary.span.start, d.primary.span.end),
        squeeze(&d.message),
    ))
}

/// What `ocamlc -i` says about a program: its signature and the warnings minilang
/// reports too (number and location, sorted), or its first error as
/// `(location, message)` in the format of the `.expected` files.
#[derive(Debug, PartialEq, Eq)]
enum Ocaml {
    Signature(String, Warnings),
    Error(String, String),
}

/// The OCaml warnings minilang reports.
const WARNINGS: [u32; 6] = [5, 10, 21, 26, 27, 39];

/// Runs `ocamlc -w +a -i NAME.ml` on `src` in `dir` (it needs a `.ml` name; it writes
/// no file).
fn ocamlc_i(dir: &Path, name: &str, src: &str) -> Ocaml {
    let file = format!("{name}.ml");
    fs::write(dir.join(&file), src).expect("write a temporary program");
    let mut cmd = Command::new("ocamlc");
    cmd.args(["-w", "+a", "-i", &file]).current_dir(dir);
    let run = run_with_timeout(cmd, TIMEOUT).expect("run ocamlc");
    let _ = fs::remove_file(dir.join(&file));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let (mut location, mut message) = (String::new(), String::new());
    let mut warnings = Vec::new();
    let mut in_error = false;
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix("File \"") {
            if let Some(loc) = parse_ocaml_location(rest) {
                location = loc;
            }
        }
        if let Some(rest) = line.strip_prefix("Warning ") {
            let number = rest.split_whitespace().next().and_then(|n| n.parse().ok());
            if let Some(n) = number.filter(|n| WARNINGS.contains(n)) {
                warnings.push((n, location.clone()));
            }
        }
        if let Some(text) = line.strip_prefix("Error: ") {
            in_error = true;
            message = text.to_owned();
        } else if in_error && line.starts_with(' ') {
            message.push(' ');
            message.push_str(line);
        } else {
            in_error = false;
        }
    }
    if run.status == Some(0) {
        warnings.sort();
        return Ocaml::Signature(String::from_utf8_lossy(&run.stdout).into_owned(), warnings);
    }
    Ocaml::Error(location, squeeze(&message))
}

/// `t.ml", line 2, characters 8-9:` (or `lines 2-4, characters 8-9:`) as `2:8-2:9`.
fn parse_ocaml_location(rest: &str) -> Option<String> {
    let (_, rest) = rest.split_once("\", ")?;
    let (lines, chars) = rest.split_once(", characters ")?;
    let lines = lines
        .strip_prefix("lines ")
        .or(lines.strip_prefix("line "))?;
    let (l1, l2) = lines.split_once('-').unwrap_or((lines, lines));
    let (c1, c2) = chars.trim_end_matches(':').split_once('-')?;
    Some(format!("{l1}:{c1}-{l2}:{c2}"))
}

/// What minilang says about a program, in the same terms.
fn minilang_says(src: &str) -> Ocaml {
    match signature_and_warnings(src) {
        Ok((sig, warnings)) => Ocaml::Signature(sig, warnings),
        Err(diags) => match first_error(src, &diags) {
            Some((location, message)) => Ocaml::Error(location, message),
            None => Ocaml::Error(String::new(), format!("no error in {diags:?}")),
        },
    }
}

fn env_count(var: &str, default: usize) -> usize {
    std::env::var(var).map_or(default, |v| {
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{var} must be a number"))
    })
}

fn seed() -> u64 {
    std::env::var("MINILANG_DIFF_SEED").map_or(20_261_100_000, |v| {
        v.trim()
            .parse()
            .expect("MINILANG_DIFF_SEED must be a decimal number")
    })
}

fn ml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ml"))
        .collect();
    files.sort();
    files
}

// ----- the ill-typed corpus ---------------------------------------------------------

/// Every program of `tests/corpus/illtyped` is rejected with OCaml's first error, at
/// OCaml's location, with OCaml's message.
#[test]
fn illtyped_corpus_matches_ocaml() {
    let dir = common::workspace_root().join("tests/corpus/illtyped");
    let files = ml_files(&dir);
    assert!(files.len() >= 80, "only {} ill-typed programs", files.len());
    let mut failures = String::new();
    for file in &files {
        let src = fs::read_to_string(file).expect("a readable program");
        let expected = fs::read_to_string(file.with_extension("expected")).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (regenerate with tests/corpus/gen_illtyped.sh)",
                file.display()
            )
        });
        let mut lines = expected.lines();
        let want = (
            lines.next().unwrap_or_default().to_owned(),
            lines.next().unwrap_or_default().to_owned(),
        );
        let diags = diagnostics(&src);
        let got = first_error(&src, &diags);
        let is_type_error = diags
            .iter()
            .find(|d| d.severity == Severity::Error)
            .is_some_and(|d| d.code.starts_with("E04"));
        if got.as_ref() != Some(&want) || !is_type_error {
            let _ = writeln!(
                failures,
                "--- {}\n  ocaml:    {want:?}\n  minilang: {got:?}",
                file.display()
            );
        }
    }
    assert!(failures.is_empty(), "differences from OCaml:\n{failures}");
}

/// The command rejects them: exit status 2, nothing on stdout, a diagnostic on stderr.
#[test]
fn illtyped_corpus_is_rejected_by_the_command() {
    let dir = common::workspace_root().join("tests/corpus/illtyped");
    let files = ml_files(&dir);
    let bin = common::minilang_bin();
    let failures: Vec<String> = par_map(&files, THREADS, |file| {
        let mut cmd = Command::new(&bin);
        cmd.arg(file.file_name().expect("a name")).current_dir(&dir);
        let run = run_with_timeout(cmd, TIMEOUT).expect("run minilang");
        let ok = run.status == Some(2)
            && run.stdout.is_empty()
            && String::from_utf8_lossy(&run.stderr).contains("] Error: ");
        (!ok).then(|| {
            format!(
                "{}: status {}, stdout {}, stderr {}",
                file.display(),
                run.describe_status(),
                excerpt(&run.stdout),
                excerpt(&run.stderr)
            )
        })
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ----- signatures: minilang -i against ocamlc -i ------------------------------------

/// Compares `minilang -i` with `ocamlc -i` on `(name, source)` pairs (the signature
/// and the warnings, or the first error); returns the differences.
fn compare_signatures(programs: &[(String, String)]) -> Vec<String> {
    let dir = TempDir::new("typeck-sig");
    par_map(programs, THREADS, |(name, src)| {
        let ocaml = ocamlc_i(dir.path(), name, src);
        let ours = minilang_says(src);
        (ocaml != ours)
            .then(|| format!("--- {name}\n{src}\n  ocamlc:   {ocaml:?}\n  minilang: {ours:?}"))
    })
    .into_iter()
    .flatten()
    .collect()
}

#[test]
fn signatures_match_ocamlc_on_the_corpus() {
    if !available("ocamlc") {
        common::notice(
            "typeck: SKIPPED the -i comparison — ocamlc not found on PATH (apt-get install ocaml-nox)",
        );
        return;
    }
    let root = common::workspace_root();
    let mut programs = Vec::new();
    for dir in ["tests/corpus/run", "examples"] {
        for file in ml_files(&root.join(dir)) {
            let name = file
                .file_stem()
                .expect("a stem")
                .to_string_lossy()
                .into_owned();
            programs.push((name, fs::read_to_string(&file).expect("a readable program")));
        }
    }
    assert!(programs.len() >= 150, "only {} programs", programs.len());
    let failures = compare_signatures(&programs);
    eprintln!(
        "typeck: compared {} signatures of the corpus with ocamlc -i",
        programs.len()
    );
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn signatures_match_ocamlc_on_generated_programs() {
    if !available("ocamlc") {
        common::notice(
            "typeck: SKIPPED the -i comparison — ocamlc not found on PATH (apt-get install ocaml-nox)",
        );
        return;
    }
    let count = env_count("MINILANG_SIG_COUNT", 300);
    let first = seed();
    let programs: Vec<(String, String)> = (0..count as u64)
        .map(|i| {
            let seed = first.wrapping_add(i);
            (
                format!("g{seed}"),
                generator::program(seed).render_with(style(seed, Parens::Minimal)),
            )
        })
        .collect();
    let failures = compare_signatures(&programs);
    eprintln!("typeck: compared {count} signatures of generated programs with ocamlc -i");
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Random programs over a few names, built-ins and constructs, most of them ill-typed:
/// minilang gives OCaml's first error (location and message), or OCaml's signature.
#[test]
fn random_programs_get_ocamls_verdict() {
    if !available("ocamlc") {
        common::notice(
            "typeck: SKIPPED the random programs — ocamlc not found on PATH (apt-get install ocaml-nox)",
        );
        return;
    }
    let count = env_count("MINILANG_RANDOM_TYPES_COUNT", 400);
    let first = seed();
    let options = untyped::Options {
        lexical_and_syntax_errors: false,
        unbound_in_ill_typed: true,
    };
    // Every third program also with a lexical or syntax error beside its type errors.
    let programs: Vec<(String, String, usize)> = (0..count as u64)
        .flat_map(|i| {
            let seed = first.wrapping_add(i);
            let broken = untyped::Options {
                lexical_and_syntax_errors: true,
                ..options
            };
            let variants = if i % 3 == 0 {
                vec![("", options), ("b", broken)]
            } else {
                vec![("", options)]
            };
            variants.into_iter().map(move |(suffix, options)| {
                let generated = untyped::program(seed, options);
                let src = generated.program.render_with(style(seed, Parens::Minimal));
                (format!("r{seed}{suffix}"), src, generated.other_phases)
            })
        })
        .collect();
    let dir = TempDir::new("typeck-random");
    let outcomes = par_map(&programs, THREADS, |(name, src, other_phases)| {
        let ocaml = ocamlc_i(dir.path(), name, src);
        // Syntax and scope errors the generator did not mean to make (a name bound
        // twice in one pattern, say) are the parser's and resolver's business.
        if let Ocaml::Error(_, message) = &ocaml {
            if *other_phases == 0
                && (message.starts_with("Unbound") || message.starts_with("Syntax"))
            {
                return None;
            }
        }
        let ours = minilang_says(src);
        Some((
            matches!(ocaml, Ocaml::Error(..)),
            ocaml == ours,
            format!("--- {name}\n{src}\n  ocamlc:   {ocaml:?}\n  minilang: {ours:?}"),
        ))
    });
    let compared: Vec<_> = outcomes.into_iter().flatten().collect();
    let ill_typed = compared.iter().filter(|(err, _, _)| *err).count();
    let failures: Vec<&String> = compared
        .iter()
        .filter(|(_, ok, _)| !ok)
        .map(|(_, _, d)| d)
        .collect();
    eprintln!(
        "typeck: {} random programs compared with ocamlc ({ill_typed} ill-typed)",
        compared.len()
    );
    if count >= 100 {
        assert!(
            ill_typed * 2 > compared.len(),
            "the random programs should be mostly ill-typed"
        );
        assert!(
            ill_typed < compared.len(),
            "some random programs should be well-typed"
        );
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ----- the command ------------------------------------------------------------------

fn minilang(args: &[&str]) -> std::process::Output {
    Command::new(common::minilang_bin())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("minilang runs")
}

#[test]
fn dash_i_prints_the_signature_and_runs_nothing() {
    let o = minilang(&[
        "-i",
        "-e",
        "let id x = x\nlet k = id id\nlet () = print_string \"ran\"\nlet f x y = x + y\n",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "val id : 'a -> 'a\nval k : '_weak1 -> '_weak1\nval f : int -> int -> int\n"
    );
    let o = minilang(&["--signature", "-e", "let x = 1 + true"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("This expression has type bool"));
}

#[test]
fn an_ill_typed_program_runs_nothing() {
    let o = minilang(&[
        "-e",
        "let () = print_string \"before\"\nlet () = print_int \"x\"",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing runs: {:?}", o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("[E0401] Error: This expression has type string but an expression was expected of type int"), "{err}");
    assert!(
        err.contains("this function has type int -> unit"),
        "the label says where int comes from: {err}"
    );
}

#[test]
fn warnings_go_to_stderr_and_the_program_still_runs() {
    let o = minilang(&[
        "-e",
        "let f x = let y = 1 in 2\nlet () = 1; print_int (f 3)",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "2");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("[W26] Warning: unused variable y."), "{err}");
    assert!(err.contains("[W27] Warning: unused variable x."), "{err}");
    assert!(
        err.contains("[W10] Warning: this expression should have type unit."),
        "{err}"
    );
}

// ----- behaviour -----------------------------------------------------------------------

/// `(code, source text of the primary span, message)` of every diagnostic.
fn report(src: &str) -> Vec<(&'static str, String, String)> {
    diagnostics(src)
        .into_iter()
        .map(|d| {
            (
                d.code,
                src[d.primary.span.range()].to_owned(),
                squeeze(&d.message),
            )
        })
        .collect()
}

#[test]
fn independent_errors_are_all_reported_without_cascades() {
    let src = "let a = 1 + \"x\"\nlet b = a ^ \"y\"\nlet c = not 3\nlet d = a + c\nlet e = 4 5";
    let codes: Vec<(&str, String)> = report(src).into_iter().map(|(c, at, _)| (c, at)).collect();
    // `a` and `c` failed: they have fresh types, so `b` and `d` are fine.
    assert_eq!(
        codes,
        [
            ("E0401", "\"x\"".to_owned()),
            ("E0401", "3".to_owned()),
            ("E0402", "4".to_owned())
        ]
    );
}

#[test]
fn type_errors_are_reported_with_unbound_names() {
    let codes: Vec<&str> = report("let a = nope + 1\nlet b = 1 + \"x\"")
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    assert_eq!(codes, ["E0301", "E0401"]);
}

#[test]
fn warnings_are_ocamls() {
    let src = "let f x =\n  let unused = 1 in\n  (+) 1;\n  String.length \"a\";\n  failwith \"no\"; 2\n\nlet rec g x = 1\nlet h _x = let _y = 2 in 3";
    let got = report(src);
    let want = [
        ("W27", "x", "unused variable x."),
        ("W26", "unused", "unused variable unused."),
        (
            "W5",
            "(+) 1",
            "this function application is partial, maybe some arguments are missing.",
        ),
        (
            "W10",
            "String.length \"a\"",
            "this expression should have type unit.",
        ),
        (
            "W21",
            "failwith \"no\"",
            "this statement never returns (or has an unsound type.)",
        ),
        ("W39", "g", "unused rec flag."),
        ("W27", "x", "unused variable x."),
    ];
    let want: Vec<(&str, String, String)> = want
        .iter()
        .map(|&(c, at, m)| (c, at.to_owned(), m.to_owned()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn the_statement_warning_waits_for_the_final_type() {
    // `h 1` has an unknown type when checked; `h 2 + 1` makes it int later.
    let got = report("let k h = (h 1; ()); h 2 + 1");
    assert_eq!(
        got,
        [(
            "W10",
            "h 1".to_owned(),
            "this expression should have type unit.".to_owned()
        )]
    );
    assert!(
        report("let m c f g = (if c then f else g); ()")
            .iter()
            .all(|(c, _, _)| *c != "W10")
    );
}

#[test]
fn weak_type_variables_and_the_relaxed_value_restriction() {
    let sig = signature(
        "let id x = x\nlet a = id id\nlet b = id (fun x y -> x)\nlet c = a\nlet d = failwith \"x\"\nlet e = id (fun () -> failwith \"\")\nlet g = id id\nlet () = ignore (g 1)",
    )
    .expect("well-typed");
    assert_eq!(
        sig,
        "val id : 'a -> 'a\nval a : '_weak1 -> '_weak1\nval b : '_weak2 -> '_weak3 -> '_weak2\nval c : '_weak1 -> '_weak1\nval d : 'a\nval e : unit -> 'a\nval g : int -> int\n"
    );
}

#[test]
fn shadowed_values_print_once_at_their_last_definition() {
    let sig = signature("let f = 1\nlet g = true\nlet f = \"s\"").expect("well-typed");
    assert_eq!(sig, "val g : bool\nval f : string\n");
}

#[test]
fn the_types_live_in_the_compile_region() {
    let src = "let compose f g x = f (g x)\nlet twice f = compose f f\nlet n = twice succ 1";
    let region = Region::new();
    let (ast, _) = syntax::parse(src, &region);
    let resolution = sema::resolve(&ast, &region);
    let before = region.stats().used;
    let typing = sema::check(&ast, &resolution, src, &region);
    assert!(!typing.has_errors());
    assert!(
        region.stats().used > before,
        "type nodes are allocated in the region"
    );
    assert_eq!(
        typing.value_type("twice").as_deref(),
        Some("('a -> 'a) -> 'a -> 'a")
    );
}

#[test]
fn a_full_region_is_a_clean_error() {
    let src = format!("let f x = x\n{}", "let a = f (f (f (f 1)))\n".repeat(2000));
    let diags = runtime::with_big_stack(move || {
        let region = Region::builder().limit(64 * 1024).build();
        minilang::compile(&src, &region).diagnostics
    });
    assert!(diags.iter().any(|d| d.code == "E0900"), "{diags:?}");
}

/// Types exponentially large as trees (small as graphs) are checked quickly;
/// printing them is cut short (OCaml hangs printing them).
#[test]
fn exponentially_large_types_are_printed_cut_short() {
    let mut src = String::from("let p0 x = fun z -> z x x\n");
    for i in 1..16 {
        src.push_str(&format!("let p{i} x = p{} (p{} x)\n", i - 1, i - 1));
    }
    let well_typed = src.clone();
    src.push_str("let bad = p15 1 + 1\n");
    let diags = diagnostics(&src);
    assert_eq!(diags.len(), 1);
    assert!(diags[0].message.len() < 3 * sema::MESSAGE_TYPE_LIMIT);
    assert!(diags[0].message.contains("..."));
    let region = Region::new();
    let (ast, _) = syntax::parse(&well_typed, &region);
    let resolution = sema::resolve(&ast, &region);
    let typing = sema::check(&ast, &resolution, &well_typed, &region);
    assert!(!typing.has_errors());
    let shown = typing.value_type("p15").expect("defined");
    assert!(shown.len() < 2 * sema::MESSAGE_TYPE_LIMIT && shown.contains("..."));
}

// ----- deep input ----------------------------------------------------------------------

/// Checks `src` on a thread with a small stack (the depth the checker handles does
/// not depend on the caller's stack): its errors, or its signature.
fn check_on_small_stack(src: String) -> Vec<(&'static str, String)> {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let region = Region::new();
            let (ast, diags) = syntax::parse(&src, &region);
            assert!(diags.is_empty(), "syntax errors: {diags:?}");
            let resolution = sema::resolve(&ast, &region);
            let typing = sema::check(&ast, &resolution, &src, &region);
            let sig = typing.signature();
            let mut out: Vec<(&'static str, String)> = typing
                .diagnostics()
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| (d.code, squeeze(&d.message)))
                .collect();
            if !typing.has_errors() {
                out.push(("sig", sig));
            }
            out
        })
        .expect("spawn")
        .join()
        .expect("no panic")
}

#[test]
fn deep_and_long_input_does_not_overflow_the_stack() {
    let n = 100_000;
    let parens = format!("let x = {}1{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(
        check_on_small_stack(parens),
        [("sig", "val x : int\n".to_owned())]
    );

    let sum = format!("let x = {}", vec!["1"; 1_000_000].join(" + "));
    assert_eq!(
        check_on_small_stack(sum),
        [("sig", "val x : int\n".to_owned())]
    );

    let bad_sum = format!("let x = {} + \"a\"", vec!["1"; 1_000_000].join(" + "));
    let got = check_on_small_stack(bad_sum);
    assert_eq!(got[0].0, "E0401");

    let lets: String = (0..200_000)
        .map(|i| format!("let x{i} = {i} in\n"))
        .collect();
    let got = check_on_small_stack(format!("let x = {lets}x199999"));
    assert_eq!(got, [("sig", "val x : int\n".to_owned())]);

    let ifs: String = (0..200_000)
        .map(|i| format!("if x = {i} then {i} else\n"))
        .collect();
    let got = check_on_small_stack(format!("let f x = {ifs}0"));
    assert_eq!(got, [("sig", "val f : int -> int\n".to_owned())]);

    let seq: String = "print_int 1; ".repeat(200_000);
    let got = check_on_small_stack(format!("let () = {seq}()"));
    assert_eq!(got, [("sig", "\n".to_owned())]);

    let right = format!(
        "let x = {}1{}",
        "1 + (".repeat(100_000),
        ")".repeat(100_000)
    );
    assert_eq!(
        check_on_small_stack(right),
        [("sig", "val x : int\n".to_owned())]
    );

    let apps = format!(
        "let x = {}0{}",
        "succ (".repeat(100_000),
        ")".repeat(100_000)
    );
    assert_eq!(
        check_on_small_stack(apps),
        [("sig", "val x : int\n".to_owned())]
    );

    let minus = format!("let x = {}1", "- ".repeat(300_000));
    assert_eq!(
        check_on_small_stack(minus),
        [("sig", "val x : int\n".to_owned())]
    );
}

#[test]
fn deep_types_do_not_overflow_the_stack() {
    // A function of 20,000 parameters: its type is 20,000 arrows deep, instantiated,
    // unified, generalised and printed.
    let n = 20_000;
    let params: String = (0..n).map(|i| format!(" x{i}")).collect();
    let args = " 1".repeat(n);
    let src = format!("let f{params} = x0 + 1\nlet y = f{args}\nlet g = f");
    let got = check_on_small_stack(src);
    let [(code, sig)] = got.as_slice() else {
        panic!("{got:?}")
    };
    assert_eq!(*code, "sig");
    assert!(
        sig.starts_with("val f :\n  int ->\n  'a ->\n  'b ->\n"),
        "{}",
        &sig[..60]
    );
    assert!(sig.contains(" -> int\nval y : int\nval g :\n  int ->\n  'a ->\n"));
    assert_eq!(sig.matches(" ->").count(), 2 * n);
}
