//! The one integration-test binary of `minilang`: corpus, differential and CLI tests.

mod cli;
mod common;
mod corpus;
mod diagnostics;
mod difftest;
mod eval;
mod hostile;
mod located;
mod package;
mod parse;
mod spans;
mod typeck;
