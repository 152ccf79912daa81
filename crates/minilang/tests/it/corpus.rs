//! Golden corpus: every `tests/corpus/run/*.ml` and `examples/*.ml` must print exactly
//! what OCaml printed (the `.stdout`/`.status` files made by `tests/corpus/gen_expected.sh`,
//! and for a program that dies of an exception the toplevel's report in `.stderr`, which
//! minilang's stderr must start with),
//! and every `tests/corpus/reject/*.ml` must be rejected before it runs.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use std::{fs, thread};

use crate::common;

/// Worker threads used to run programs (the machines have 2 cores).
pub(crate) const THREADS: usize = 2;

/// A generous per-program limit: the slowest corpus programs run 10 million loop
/// iterations, and the tests use a debug build.
const TIMEOUT: Duration = Duration::from_secs(120);

#[test]
fn run_programs_match_ocaml() {
    let dir = common::workspace_root().join("tests/corpus/run");
    let cases: Vec<Case> = ml_files(&dir)
        .into_iter()
        .map(|file| {
            let stdout = read(&file.with_extension("stdout"));
            let status = read_status(&file.with_extension("status"));
            let stderr = fs::read(file.with_extension("stderr")).ok();
            Case {
                file,
                expect: Expect::Output {
                    stdout,
                    status,
                    stderr,
                },
            }
        })
        .collect();
    check_all("tests/corpus/run", &cases, 120);
}

#[test]
fn examples_match_ocaml() {
    let dir = common::workspace_root().join("examples");
    let cases: Vec<Case> = ml_files(&dir)
        .into_iter()
        .map(|file| {
            let name = file.file_stem().expect("an .ml file has a stem").to_owned();
            let expected = dir.join("expected").join(name).with_extension("stdout");
            Case {
                expect: Expect::Output {
                    stdout: read(&expected),
                    status: 0,
                    stderr: None,
                },
                file,
            }
        })
        .collect();
    check_all("examples", &cases, 10);
}

#[test]
fn reject_programs_are_rejected() {
    let dir = common::workspace_root().join("tests/corpus/reject");
    let cases: Vec<Case> = ml_files(&dir)
        .into_iter()
        .map(|file| Case {
            file,
            expect: Expect::Reject,
        })
        .collect();
    check_all("tests/corpus/reject", &cases, 60);
}

/// One corpus program and what running it must produce.
struct Case {
    file: PathBuf,
    expect: Expect,
}

enum Expect {
    /// Exactly these stdout bytes and this exit status, and a stderr that starts
    /// with these bytes (OCaml's report of an uncaught exception).
    Output {
        stdout: Vec<u8>,
        status: i32,
        stderr: Option<Vec<u8>>,
    },
    /// Exit status 2, nothing on stdout, a diagnostic on stderr.
    Reject,
}

/// Runs every case (in parallel) and fails with one report listing every mismatch.
/// `min_cases` guards against a wrong path silently making the test vacuous.
fn check_all(what: &str, cases: &[Case], min_cases: usize) {
    assert!(
        cases.len() >= min_cases,
        "{what}: found only {} programs, expected at least {min_cases}",
        cases.len()
    );
    let bin = common::minilang_bin();
    let failures: Vec<String> = par_map(cases, THREADS, |case| check_one(&bin, what, case))
        .into_iter()
        .flatten()
        .collect();
    if !failures.is_empty() {
        let mut report = format!(
            "{what}: {} of {} programs failed\n",
            failures.len(),
            cases.len()
        );
        for failure in &failures {
            report.push_str(failure);
            report.push('\n');
        }
        panic!("{report}");
    }
}

/// Runs one case; `Some(description)` if it does not behave as expected.
fn check_one(bin: &Path, what: &str, case: &Case) -> Option<String> {
    let dir = case.file.parent().expect("a corpus file has a directory");
    let name = case.file.file_name().expect("a corpus file has a name");
    let shown = format!("{what}/{}", name.to_string_lossy());
    let mut cmd = Command::new(bin);
    cmd.arg(name).current_dir(dir);
    let run = match run_with_timeout(cmd, TIMEOUT) {
        Ok(run) => run,
        Err(err) => return Some(format!("--- {shown}: cannot run {}: {err}", bin.display())),
    };
    let mut problems = String::new();
    match &case.expect {
        Expect::Output {
            stdout,
            status,
            stderr,
        } => {
            if let Some(report) = stderr
                && !run.stderr.starts_with(report)
            {
                let _ = writeln!(
                    problems,
                    "  stderr does not start with OCaml's report {}",
                    first_difference(report, &run.stderr)
                );
                let _ = writeln!(problems, "    expected: {}", excerpt(report));
            }
            if run.status != Some(*status) {
                let _ = writeln!(
                    problems,
                    "  exit status: expected {status}, got {}",
                    run.describe_status()
                );
            }
            if &run.stdout != stdout {
                let _ = writeln!(
                    problems,
                    "  stdout differs {}",
                    first_difference(stdout, &run.stdout)
                );
                let _ = writeln!(problems, "    expected: {}", excerpt(stdout));
                let _ = writeln!(problems, "    actual:   {}", excerpt(&run.stdout));
            }
        }
        Expect::Reject => {
            if run.status != Some(2) {
                let _ = writeln!(
                    problems,
                    "  exit status: expected 2, got {}",
                    run.describe_status()
                );
            }
            if !run.stdout.is_empty() {
                let _ = writeln!(
                    problems,
                    "  stdout must be empty, got: {}",
                    excerpt(&run.stdout)
                );
            }
            if run.stderr.is_empty() {
                let _ = writeln!(
                    problems,
                    "  stderr is empty: a rejected program needs a diagnostic"
                );
            }
        }
    }
    if problems.is_empty() {
        return None;
    }
    if !run.stderr.is_empty() {
        let _ = writeln!(problems, "  stderr: {}", excerpt(&run.stderr));
    }
    Some(format!("--- {shown}\n{problems}"))
}

/// The `.ml` files of a directory, sorted by name.
fn ml_files(dir: &Path) -> Vec<PathBuf> {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ml"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|err| {
        panic!(
            "cannot read {}: {err} (regenerate with tests/corpus/gen_expected.sh)",
            path.display()
        )
    })
}

fn read_status(path: &Path) -> i32 {
    let text = String::from_utf8(read(path)).expect("a .status file is text");
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{}: not a decimal exit status: {text:?}", path.display()))
}

/// What a finished (or killed) child process produced.
#[derive(Debug)]
pub(crate) struct Run {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The exit code; `None` if the process was killed by a signal or timed out.
    pub status: Option<i32>,
    pub timed_out: bool,
}

impl Run {
    pub(crate) fn describe_status(&self) -> String {
        match (self.status, self.timed_out) {
            (_, true) => "a timeout (killed)".to_owned(),
            (Some(code), false) => code.to_string(),
            (None, false) => "death by a signal (crash?)".to_owned(),
        }
    }
}

/// Runs `cmd` with stdin closed, capturing stdout and stderr, killing it after `timeout`.
pub(crate) fn run_with_timeout(mut cmd: Command, timeout: Duration) -> std::io::Result<Run> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn()?;
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
    let out_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait()?;
        }
        thread::sleep(Duration::from_millis(2));
    };
    let stdout = out_reader.join().expect("the stdout reader does not panic");
    let stderr = err_reader.join().expect("the stderr reader does not panic");
    Ok(Run {
        stdout,
        stderr,
        status: if timed_out { None } else { status.code() },
        timed_out,
    })
}

/// Applies `f` to every item on `threads` worker threads; results keep the items' order.
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let mut indexed: Vec<(usize, R)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break done };
                        done.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a worker thread panicked"))
            .collect()
    });
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, result)| result).collect()
}

/// Where two outputs first differ, e.g. "at byte 12 (line 2)".
pub(crate) fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let at = expected
        .iter()
        .zip(actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let line = expected[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    format!(
        "at byte {at} (line {line}; lengths {} expected, {} actual)",
        expected.len(),
        actual.len()
    )
}

/// A bounded, escaped rendering of some output for a failure report.
pub(crate) fn excerpt(bytes: &[u8]) -> String {
    const MAX: usize = 400;
    let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX)]).into_owned();
    if bytes.len() > MAX {
        format!("{shown:?}... ({} bytes)", bytes.len())
    } else {
        format!("{shown:?}")
    }
}
