//! Semantic analysis: name resolution and lowering to the IR, the type
//! terms, and the type checker with its warnings.

pub mod ir;
pub(crate) mod resolve;
pub(crate) mod typeck;
pub(crate) mod types;

pub use resolve::{Resolution, resolve, resolve_names};
pub use typeck::{MAX_WARNINGS, Typing, W_MORE, check};
pub use types::MESSAGE_TYPE_LIMIT;
