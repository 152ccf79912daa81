//! minilang: an OCaml-subset front end whose AST lives in one region per compile.
#![forbid(unsafe_code)]

pub mod cli;
pub mod diagnostics;
mod pipeline;
pub mod runtime;
pub mod sema;
pub mod syntax;

pub use pipeline::{Compiled, compile};
