//! minilang: an OCaml-subset front end whose AST lives in one region per compile.
#![forbid(unsafe_code)]

pub mod ast;
pub mod boxed;
pub mod builtins;
pub mod diagnostic;
pub mod driver;
pub mod eval;
pub mod generate;
pub mod ir;
pub mod lexer;
pub mod parser;
pub mod render;
pub mod resolve;
pub mod typeck;
pub mod types;
pub mod value;
pub mod visit;
