#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod boxed;
pub mod cli;
pub mod diagnostics;
pub mod generate;
mod pipeline;
pub mod runtime;
pub mod sema;
pub mod syntax;

pub use pipeline::{Compiled, compile};
