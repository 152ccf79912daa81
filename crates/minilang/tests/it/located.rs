//! The located corpus (`tests/corpus/located`, the expected first error made by
//! `tests/corpus/gen_located.sh` from `ocamlc`): programs whose lexing is subtle
//! (comments holding strings and quoted strings, CRs, form feeds and Unicode line
//! separators) must be rejected with OCaml's first error, at OCaml's location, and the
//! report the command prints must name OCaml's line and column.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use minilang::diagnostics::Severity;
use minilang::runtime;
use region::Region;

use crate::common;

/// `LINE:COL` of a byte offset, as OCaml counts (lines from 1 at each LF, byte
/// columns from 0).
fn line_col(src: &[u8], offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count();
    (line, col)
}

/// minilang's first error as OCaml's `LINE:COL-LINE:COL` and its message, blanks
/// squeezed.
fn first_error(src: &str) -> Option<(String, String)> {
    let owned = src.to_owned();
    let diags = runtime::with_big_stack(move || {
        let region = Region::new();
        minilang::compile(&owned, &region).diagnostics
    });
    let d = diags.into_iter().find(|d| d.severity == Severity::Error)?;
    let (l1, c1) = line_col(src.as_bytes(), d.primary.span.start as usize);
    let (l2, c2) = line_col(src.as_bytes(), d.primary.span.end as usize);
    let message = d.message.split_whitespace().collect::<Vec<_>>().join(" ");
    Some((format!("{l1}:{c1}-{l2}:{c2}"), message))
}

/// The `NAME.ml:LINE:COL` that the command's first report shows for the OCaml
/// location `line:col` (columns counted in characters from 1, lines at LF only).
fn shown_location(name: &str, src: &str, line: usize, col: usize) -> String {
    let text = src.split('\n').nth(line - 1).unwrap_or_default();
    let chars = String::from_utf8_lossy(&text.as_bytes()[..col.min(text.len())])
        .chars()
        .count();
    format!("{name}:{line}:{}", chars + 1)
}

fn ml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ml"))
        .collect();
    files.sort();
    files
}

/// Every program is rejected with OCaml's first error at OCaml's location, and the
/// header of the command's first report names OCaml's line and column.
#[test]
fn located_corpus_matches_ocaml() {
    let dir = common::workspace_root().join("tests/corpus/located");
    let files = ml_files(&dir);
    assert!(files.len() >= 25, "only {} located programs", files.len());
    let mut failures = String::new();
    for file in &files {
        let src = fs::read_to_string(file).expect("a readable UTF-8 program");
        let expected = fs::read_to_string(file.with_extension("expected")).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (regenerate with tests/corpus/gen_located.sh)",
                file.display()
            )
        });
        let mut lines = expected.lines();
        let want = (
            lines.next().unwrap_or_default().to_owned(),
            lines.next().unwrap_or_default().to_owned(),
        );
        let got = first_error(&src);
        if got.as_ref() != Some(&want) {
            let _ = writeln!(
                failures,
                "--- {}\n  ocaml:    {want:?}\n  minilang: {got:?}",
                file.display()
            );
            continue;
        }
        let name = file.file_name().expect("a name").to_string_lossy();
        let (line, col) = want
            .0
            .split('-')
            .next()
            .and_then(|start| start.split_once(':'))
            .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)))
            .expect("LINE:COL-LINE:COL");
        let header = format!("╭─[ {} ]", shown_location(&name, &src, line, col));
        let out = Command::new(common::minilang_bin())
            .args(["--check", &name])
            .current_dir(&dir)
            .output()
            .expect("run minilang");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first_header = stderr.lines().find(|l| l.contains("╭─["));
        if out.status.code() != Some(2) || first_header.map(str::trim) != Some(header.as_str()) {
            let _ = writeln!(
                failures,
                "--- {}: the report should show `{header}`, status 2:\n{stderr}",
                file.display()
            );
        }
    }
    assert!(failures.is_empty(), "differences from OCaml:\n{failures}");
}
