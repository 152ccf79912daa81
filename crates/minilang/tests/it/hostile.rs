//! Hostile input through the `minilang` command: each test pins the exact
//! exit status and a clear message, and that nothing panics. Big inputs are
//! generated here, into a temporary directory, and removed afterwards.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};

use crate::common::minilang_bin;

/// A generous bound after which a run counts as hung (not a timing
/// assertion: the slowest case here takes seconds).
const HANG: Duration = Duration::from_secs(600);

/// What one run of the command did.
struct Run {
    status: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Exit status `status`, and no panic, on any path.
    fn expect(self, status: i32) -> Self {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "the command panicked:\n{}",
            self.stderr
        );
        assert_eq!(
            self.status,
            Some(status),
            "exit status; stderr:\n{}",
            excerpt(&self.stderr)
        );
        self
    }

    /// `needle` is in stderr.
    fn says(self, needle: &str) -> Self {
        assert!(
            self.stderr.contains(needle),
            "stderr should say {needle:?}:\n{}",
            excerpt(&self.stderr)
        );
        self
    }

    /// Nothing on stderr.
    fn quiet(self) -> Self {
        assert!(self.stderr.is_empty(), "stderr:\n{}", excerpt(&self.stderr));
        self
    }

    /// stderr is at most `bytes` long.
    fn short(self, bytes: usize) -> Self {
        assert!(
            self.stderr.len() <= bytes,
            "stderr is {} bytes (more than {bytes}):\n{}",
            self.stderr.len(),
            excerpt(&self.stderr)
        );
        self
    }
}

fn excerpt(text: &str) -> &str {
    match text.char_indices().nth(2000) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Waits for `child`, reading its output; kills it if it hangs.
fn finish(mut child: Child) -> Run {
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("minilang did not finish within {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        status: status.code(),
        stdout: out.join().expect("reader"),
        stderr: String::from_utf8_lossy(&err.join().expect("reader")).into_owned(),
    }
}

fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(minilang_bin());
    cmd.args(args)
        .arg("--color=never")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn minilang(args: &[&str]) -> Run {
    finish(command(args).spawn().expect("minilang starts"))
}

/// A file in this test run's temporary directory, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        let dir = std::env::temp_dir().join(format!("minilang-hostile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temporary path")
    }

    /// Runs the file with `flags` before it.
    fn run(&self, flags: &[&str]) -> Run {
        let mut args = flags.to_vec();
        args.push(self.path());
        minilang(&args)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn run_source(name: &str, src: &str) -> Run {
    TempFile::new(name, src.as_bytes()).run(&[])
}

// ----- files that cannot be read -----

#[test]
fn missing_file() {
    minilang(&["/no/such/dir/prog.ml"])
        .expect(66)
        .says("minilang: cannot read /no/such/dir/prog.ml: No such file or directory");
}

#[test]
fn directory() {
    let dir = std::env::temp_dir();
    minilang(&[dir.to_str().unwrap()])
        .expect(66)
        .says("is a directory");
}

#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let file = TempFile::new("mode-000.ml", b"let () = print_int 1\n");
    std::fs::set_permissions(&file.0, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file.0).is_ok() {
        // Root (CAP_DAC_OVERRIDE) reads a mode-000 file: that case cannot
        // be made here. The file below cannot be read by anyone.
        // Written to the real stderr, past the test harness's capture, so
        // that the skipped case is visible in every run.
        let _ = writeln!(
            std::io::stderr(),
            "notice: unreadable_file runs with the right to read any file (root?): \
             the mode-000 case is skipped; /proc/self/mem is tested instead"
        );
    } else {
        file.run(&[])
            .expect(66)
            .says(&format!("minilang: cannot read {}", file.path()))
            .says("Permission denied");
    }
    // Reading one's own memory at offset 0 fails with EIO, root or not.
    if Path::new("/proc/self/mem").exists() {
        minilang(&["/proc/self/mem"])
            .expect(66)
            .says("minilang: cannot read /proc/self/mem: Input/output error");
    }
}

// ----- bytes that are not a program -----

#[test]
fn bytes_that_are_not_utf8() {
    TempFile::new("latin1.ml", b"let s = \"d\xe9j\xe0 vu\"\n")
        .run(&[])
        .expect(2)
        .says("[E0001] Error: the source is not valid UTF-8")
        .says("invalid byte 0xE9 at byte offset 10")
        .short(1000);
}

#[test]
fn nul_bytes() {
    let r = TempFile::new("nul.ml", b"let x = 1\0\0\nlet () = print_int x\0")
        .run(&[])
        .expect(2)
        .says("[E0001] Error: Illegal character (\\000)")
        .says("\n[E0001] Error: Illegal character (\\000)");
    assert!(r.stdout.is_empty(), "nothing runs");
}

#[test]
fn empty_file() {
    let r = TempFile::new("empty.ml", b"").run(&[]).expect(0).quiet();
    assert!(r.stdout.is_empty());
    let r = TempFile::new("blank.ml", b" \n\t\r\n(* nothing *)\n;;\n")
        .run(&[])
        .expect(0)
        .quiet();
    assert!(r.stdout.is_empty());
}

#[test]
fn random_bytes() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(6);
    let mut bytes = vec![0_u8; 200 * 1024];
    rng.fill(&mut bytes[..]);
    // As they are: not UTF-8.
    TempFile::new("random.bin", &bytes)
        .run(&[])
        .expect(2)
        .says("not valid UTF-8")
        .short(1000);
    // Made UTF-8 (U+FFFD for every bad sequence): a flood of lexical and
    // syntax errors, capped.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    TempFile::new("random.ml", text.as_bytes())
        .run(&[])
        .expect(2)
        .says("Error")
        .says("more errors")
        .short(100 * 1024);
}

#[test]
fn hundred_thousand_syntax_errors() {
    let r = run_source("errors.ml", &"let x = in\n".repeat(100_000))
        .expect(2)
        .says("only the first 100 errors are shown")
        .short(100 * 1024);
    assert_eq!(r.stderr.matches("[E0100]").count(), 100);
    let more: usize = r
        .stderr
        .split_once("[E0199] Error: and ")
        .and_then(|(_, rest)| rest.split_once(" more errors"))
        .and_then(|(n, _)| n.parse().ok())
        .expect("an \"and N more errors\" line");
    assert!(more >= 99_900, "{more} more errors");
    assert!(r.stdout.is_empty());
}

#[test]
fn unterminated_string_and_comment_at_end_of_file() {
    run_source("string.ml", "let () = print_string \"abc")
        .expect(2)
        .says("[E0011] Error: String literal not terminated")
        .says("this string is never closed");
    run_source(
        "comment.ml",
        "let x = 1\n(* a comment (* nested *) that never ends",
    )
    .expect(2)
    .says("[E0012] Error: Comment not terminated")
    .says("this comment is never closed");
}

#[test]
fn integer_literal_of_a_thousand_digits() {
    let src = format!("let () = print_int {}\n", "9".repeat(1000));
    run_source("digits.ml", &src)
        .expect(2)
        .says("[E0008] Error: Integer literal exceeds the range of representable integers")
        .says("…")
        .short(2000);
}

/// Regression: merging a run of illegal characters reformatted the whole
/// run per character (quadratic), and messages quoted whole tokens (a 2 MB
/// operator made a 14 MB report). A run is reported by its first character,
/// as OCaml does.
#[test]
fn huge_tokens_make_short_messages() {
    run_source("illegal.ml", &"é".repeat(500_000))
        .expect(2)
        .says("[E0001] Error: Illegal character (\\169)")
        .short(2000);
    run_source(
        "operator.ml",
        &format!("let x = 1 {}", "+-".repeat(1_000_000)),
    )
    .expect(2)
    .says("[E0002] Error: Syntax error: unknown operator `+-+-")
    .says("-…`")
    .short(2000);
}

/// Regression: each unbound name computed its "Did you mean" hint against
/// every name in scope, for every error (quadratic), though only the first
/// 100 errors are shown.
#[test]
fn thousands_of_unbound_names() {
    let mut src = String::new();
    for i in 0..5_000 {
        src.push_str(&format!("let value{i} = {i}\n"));
    }
    for i in 0..5_000 {
        src.push_str(&format!("let () = print_int valeu{i}\n"));
    }
    run_source("unbound.ml", &src)
        .expect(2)
        .says("Unbound value valeu0")
        .says("Did you mean value0?")
        .says("more errors")
        .short(100 * 1024);
}

// ----- big and deep programs that must work -----

#[test]
fn ten_megabyte_string_literal() {
    let body = "ab\\n".repeat(10 << 20 >> 2);
    let src = format!(
        "let s = \"{body}\"\nlet () = print_int (String.length s); print_newline ()\n\
         let () = print_string (String.sub s (String.length s - 6) 6)\n"
    );
    let r = run_source("string10m.ml", &src).expect(0).quiet();
    assert_eq!(r.stdout(), format!("{}\nab\nab\n", 3 * (10 << 20 >> 2)));
}

#[test]
fn a_million_nested_parentheses() {
    let src = format!(
        "let () = print_int {}1{}\n",
        "(".repeat(1_000_000),
        ")".repeat(1_000_000)
    );
    run_source("parens.ml", &src)
        .expect(2)
        .says("[E0110] Error: Syntax error: expression nested too deeply (more than 150000 levels)")
        .says("parens.ml:1:150020")
        .short(2000);
}

#[test]
fn a_million_term_sum_and_a_long_subtraction() {
    let sum = format!(
        "let () = print_int ({})\n",
        vec!["1"; 1_000_000].join(" + ")
    );
    let r = run_source("sum.ml", &sum).expect(0).quiet();
    assert_eq!(r.stdout(), "1000000");
    let sub = format!("let () = print_int ({})\n", vec!["1"; 300_000].join("-"));
    let r = run_source("sub.ml", &sub).expect(0).quiet();
    assert_eq!(r.stdout(), "-299998");
}

#[test]
fn two_hundred_thousand_deep_let_chain() {
    let mut src = String::from("let () =\n");
    for i in 0..200_000 {
        src.push_str(&format!(
            "  let x{i} = {} in\n",
            if i == 0 {
                "1".into()
            } else {
                format!("x{} + 1", i - 1)
            }
        ));
    }
    src.push_str("  print_int x199999\n");
    let r = run_source("lets.ml", &src).expect(0).quiet();
    assert_eq!(r.stdout(), "200000");
}

#[test]
fn non_tail_recursion_a_million_deep() {
    let src =
        "let rec f n = if n = 0 then 0 else 1 + f (n - 1)\nlet () = print_int (f 1_000_000)\n";
    let r = run_source("deep.ml", src).expect(0).quiet();
    assert_eq!(r.stdout(), "1000000");
}

#[test]
fn infinite_recursion_is_a_clean_stack_overflow() {
    let src =
        "let () = print_string \"before\"\nlet rec f n = 1 + f (n + 1)\nlet () = print_int (f 0)\n";
    let r = run_source("loop.ml", src)
        .expect(2)
        .says("Stack overflow during evaluation (looping recursion?).")
        .says("loop.ml:2:")
        .short(2000);
    assert_eq!(r.stdout(), "before", "stdout is flushed before the error");
}

/// The spec's promise: a tail-recursive loop runs 100,000,000 iterations in
/// constant memory (also through mutual recursion). In a debug build this
/// takes some seconds; the release figure is in docs/HARDENING.md.
#[test]
fn hundred_million_iteration_tail_loop() {
    let src = "let rec loop n acc = if n = 0 then acc else loop (n - 1) (acc + 1)\n\
               let () = print_int (loop 100_000_000 0)\n";
    let r = run_source("tail.ml", src).expect(0).quiet();
    assert_eq!(r.stdout(), "100000000");
}

#[test]
fn tail_calls_through_mutual_recursion_run_in_constant_stack() {
    // Deeper than the nesting limit (2,000,000 calls), so only tail calls
    // that reuse the frame can finish.
    let src = "let rec even n = if n = 0 then true else odd (n - 1)\n\
               and odd n = if n = 0 then false else even (n - 1)\n\
               let () = print_string (string_of_bool (even 5_000_000))\n";
    let r = run_source("mutual.ml", src).expect(0).quiet();
    assert_eq!(r.stdout(), "true");
}

#[test]
fn crlf_line_endings() {
    let src = "let x = 1\r\n(* a comment\r\n   on two lines *)\r\nlet s = \"a\r\nb\"\r\nlet () = print_int x; print_string s\r\n";
    let r = run_source("crlf.ml", src).expect(0).quiet();
    assert_eq!(r.stdout, b"1a\r\nb", "a raw newline in a literal is kept");
    // Positions count CRLF as one line break.
    run_source("crlf_error.ml", "let x = 1\r\nlet () = print_int y\r\n")
        .expect(2)
        .says("Unbound value y")
        .says("crlf_error.ml:2:20");
}

/// A 50 MB program of ordinary definitions, each block checked by its
/// output. The time it takes in a release build is in docs/HARDENING.md.
#[test]
fn fifty_megabyte_program() {
    let mut src = String::with_capacity(51 << 20);
    let mut blocks = 0;
    while src.len() < 50 << 20 {
        let i = blocks;
        src.push_str(&format!(
            "(* block {i} *)\nlet step{i} x = if x mod 2 = 0 then x / 2 else 3 * x + 1\n\
             let rec steps{i} n acc = if n = 1 then acc else steps{i} (step{i} n) (acc + 1)\n\
             let name{i} = \"block \" ^ string_of_int {i}\n\
             let () = if steps{i} 27 0 <> 111 then failwith name{i}\n"
        ));
        blocks += 1;
    }
    src.push_str("let () = print_string \"all blocks ran\"\n");
    assert!(src.len() >= 50 << 20);
    let r = run_source("fifty.ml", &src).expect(0).quiet();
    assert_eq!(r.stdout(), "all blocks ran", "{blocks} blocks");
}

#[test]
fn output_into_a_closed_pipe_is_quiet() {
    for (what, src) in [
        // Flushed line by line.
        (
            "lines",
            "let rec f n = if n > 0 then (print_endline \"line\"; f (n - 1)) in f 1_000_000",
        ),
        // Buffered: the failing write happens at the final flush.
        (
            "buffered",
            "let rec f n = if n > 0 then (print_string \"word \"; f (n - 1)) in f 1_000_000",
        ),
    ] {
        let mut child = command(&["-e", src]).spawn().expect("minilang starts");
        let mut first = [0_u8; 4];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut first)
            .unwrap();
        drop(child.stdout.take()); // the reader goes away
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!((what, status.code(), err.as_str()), (what, Some(0), ""));
    }
}

#[test]
fn program_on_stdin_of_random_text() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let text: String = (0..50_000)
        .map(|_| char::from(rng.random_range(b' '..=b'~')))
        .collect();
    let mut child = command(&["-"]).stdin(Stdio::piped()).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    finish(child).expect(2).says("Error").short(100 * 1024);
}

// ----- limits for untrusted programs -----

#[test]
fn max_memory_bounds_the_compile() {
    let src = format!("let () = print_int ({})\n", vec!["1"; 100_000].join(" + "));
    let file = TempFile::new("memory.ml", src.as_bytes());
    let r = file
        .run(&["--max-memory", "64K"])
        .expect(2)
        .says("[E0900] Error: Out of memory: the syntax tree needs more than the memory limit of the compile")
        .says("--max-memory")
        .short(2000);
    assert!(r.stdout.is_empty(), "nothing runs");
    // The resolver's IR counts too: enough for the tree, not for both.
    let tree = {
        let region = region::Region::new();
        let _ = minilang::syntax::parse(&src, &region);
        region.stats().capacity
    };
    file.run(&["--max-memory", &(tree + 4096).to_string()])
        .expect(2)
        .says("[E0900] Error: Out of memory: the resolved program needs more");
    let r = file.run(&["--max-memory", "64M"]).expect(0).quiet();
    assert_eq!(r.stdout(), "100000");
    for bad in ["lots", "12Q", "-1", "99999999999G"] {
        minilang(&[&format!("--max-memory={bad}"), "-e", "1"])
            .expect(64)
            .says("--max-memory");
    }
}

#[test]
fn max_steps_bounds_evaluation() {
    let src = "let () = print_string \"started\"\nlet rec spin n = spin (n + 1)\nlet () = spin 0\n";
    let file = TempFile::new("spin.ml", src.as_bytes());
    let r = file
        .run(&["--max-steps", "1000"])
        .expect(2)
        .says("Error: evaluation step limit reached (--max-steps)")
        .says("spin.ml:2:");
    assert_eq!(r.stdout(), "started", "output before the limit is kept");
    // Exactly N calls are allowed.
    let count = "let rec f n = if n > 0 then f (n - 1)\nlet () = f 9; print_string \"done\"\n";
    let file = TempFile::new("count.ml", count.as_bytes());
    let r = file.run(&["--max-steps", "10"]).expect(0).quiet();
    assert_eq!(r.stdout(), "done");
    file.run(&["--max-steps", "9"])
        .expect(2)
        .says("step limit reached");
    // Regression: a budget of 0 underflowed the counter (a panic in debug
    // builds, no limit in release builds).
    file.run(&["--max-steps", "0"])
        .expect(2)
        .says("step limit reached");
    minilang(&["--max-steps", "ten", "-e", "1"]).expect(64);
}

#[test]
fn timeout_bounds_evaluation() {
    let src = "let () = print_string \"started\"\nlet rec spin n = spin (n + 1)\nlet () = spin 0\n";
    let r = TempFile::new("forever.ml", src.as_bytes())
        .run(&["--timeout", "0.5"])
        .expect(2)
        .says("Error: evaluation time limit reached (--timeout)")
        .says("forever.ml:2:");
    assert_eq!(r.stdout(), "started");
    let r = minilang(&["--timeout", "60", "-e", "print_int 42"])
        .expect(0)
        .quiet();
    assert_eq!(r.stdout(), "42");
    for bad in ["soon", "-1", "1e400"] {
        minilang(&[&format!("--timeout={bad}"), "-e", "1"])
            .expect(64)
            .says("--timeout");
    }
}

#[test]
fn max_stack_bounds_recursion() {
    let src = "let rec f n = if n = 0 then 0 else 1 + f (n - 1)\n\
               let () = print_int (f 10_000); print_newline (); print_int (f 1_000_000)\n";
    let file = TempFile::new("stack.ml", src.as_bytes());
    let r = file
        .run(&["--max-stack", "64M"])
        .expect(2)
        .says("Stack overflow during evaluation (looping recursion?).");
    assert_eq!(r.stdout(), "10000\n", "shallow recursion still works");
    minilang(&["--max-stack=lots", "-e", "1"])
        .expect(64)
        .says("--max-stack");
}

#[test]
fn help_documents_the_limits() {
    let r = minilang(&["--help"]).expect(0);
    let help = r.stdout();
    for flag in [
        "--max-memory <BYTES>",
        "--max-steps <N>",
        "--timeout <SECONDS>",
        "--max-stack <BYTES>",
    ] {
        assert!(help.contains(flag), "--help shows {flag}:\n{help}");
    }
}
