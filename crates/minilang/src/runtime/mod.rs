//! The run time: the evaluator, run-time values and the built-in functions.

pub(crate) mod builtins;
pub(crate) mod eval;
pub(crate) mod toplevel;
pub(crate) mod value;

pub use eval::{
    DEFAULT_MAX_DEPTH, MIN_STACK_SIZE, Outcome, RunOptions, STACK_OVERFLOW_MESSAGE, STACK_SIZE,
    run, run_with, script_name, with_big_stack, with_stack,
};
