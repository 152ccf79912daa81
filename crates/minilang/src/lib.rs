//! minilang: an OCaml-subset front end whose AST lives in one region per compile.
#![forbid(unsafe_code)]

pub mod boxed;
pub mod cli;
pub mod diagnostics;
pub mod generate;
mod pipeline;
pub mod runtime;
pub mod sema;
pub mod syntax;

pub use pipeline::{Compiled, compile};
