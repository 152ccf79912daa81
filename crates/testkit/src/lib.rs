//! Test and benchmark scaffolding for minilang, kept out of the library:
//!
//! - [`boxed`]: a `Box`/`Vec` mirror of the AST and its builder, the
//!   baseline the region AST is benchmarked against;
//! - [`generate_program`]: the deterministic generator of large valid
//!   programs the benchmarks read;
//! - [`random`]: the one random-program generator and printer, shared by the
//!   differential test against `ocaml`, the checker's test against `ocamlc`
//!   and the structured fuzz target; driven by a seeded RNG or by fuzzer
//!   bytes.
//!
//! Used as a dev-dependency only (`publish = false`).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod bench_program;
pub mod boxed;
pub mod random;

pub use bench_program::generate_program;
