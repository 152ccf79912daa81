//! The syntax phase: spans, tokens and the lexer, the syntax tree, the
//! parser, and the tree dumps.

pub mod ast;
pub(crate) mod lexer;
pub(crate) mod operator;
pub(crate) mod parser;
pub(crate) mod token;
pub(crate) mod visit;

pub use ast::Span;
pub use lexer::{Lexed, Lexer, StrRange, Token, TokenKind, decode_string, dump_tokens, lex};
pub use parser::{
    Builder, MAX_DEPTH, MAX_ERRORS, RegionBuilder, cap_diagnostics, parse, parse_lexed, parse_with,
};
pub use visit::{count_nodes, dump_ast, to_sexpr};
