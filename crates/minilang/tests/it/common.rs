//! Helpers shared by the integration tests.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The root of the workspace (where `examples/` and `tests/` live).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `minilang` binary built for these tests.
pub fn minilang_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_minilang"))
}

/// Writes `text` and a newline on the test process's stderr past libtest's
/// output capture (which takes only what `print!` and `eprint!` write), so
/// that `cargo test` always shows it: for the notice of a test that skipped
/// its work, such as a differential test without `ocaml`.
pub fn notice(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Whether `program` runs (it answers `-version`).
pub fn available(program: &str) -> bool {
    Command::new(program)
        .arg("-version")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// A per-test temporary directory, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A fresh directory `minilang-{tag}-{pid}-{nanos}` under the system's
    /// temporary directory.
    pub fn new(tag: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let path =
            std::env::temp_dir().join(format!("minilang-{tag}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
