//! Owner of the workspace's top-level `tests/`, `examples/` and `benches/`.
//!
//! This package has no code of its own; it exists so that Cargo builds the
//! top-level examples and benchmarks against both `region` and `minilang`.
//!
//! The workspace's README follows; its Rust examples run as doctests here.
#![doc = ""]
#![doc = include_str!("../README.md")]
