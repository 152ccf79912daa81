#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod cli;
pub mod diagnostics;
mod pipeline;
mod pretty;
pub mod runtime;
pub mod sema;
pub mod syntax;

pub use pipeline::{Compiled, check, compile};
