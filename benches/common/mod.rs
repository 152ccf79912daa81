//! Shared by the bench binaries: the counting global allocator, the AST
//! builders for typed-arena and bumpalo, the folds, and the generated
//! programs. Each binary uses a different part of it.
#![allow(
    dead_code,
    reason = "each bench binary uses a different part of this module"
)]

pub mod counting;
pub mod trees;

/// Sizes of the generated programs of the AST and phase benches.
pub const SIZES: [(&str, usize); 3] = [("64KB", 64 * 1024), ("1MB", 1 << 20), ("10MB", 10 << 20)];

/// The seed of every generated program the benches use (and
/// `scripts/bench-frontend.sh` writes to disk).
pub const SEED: u64 = 1;

/// The generated program of about `bytes` bytes (valid minilang and OCaml).
pub fn program(bytes: usize) -> String {
    testkit::generate_program(bytes, SEED)
}
