//! minilang: an OCaml-subset front end whose AST lives in one region per compile.
#![forbid(unsafe_code)]

pub mod ast;
pub mod diagnostic;
pub mod lexer;
pub mod parser;
pub mod visit;
pub mod builtins;
pub mod eval;
pub mod ir;
pub mod resolve;
pub mod value;
pub mod render;
pub mod boxed;
pub mod driver;
pub mod generate;
