//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The root of the workspace (where `examples/` and `tests/` live).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `minilang` binary built for these tests.
pub fn minilang_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_minilang"))
}
