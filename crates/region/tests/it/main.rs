//! The integration tests of `region`: API behaviour, scopes, stats, a model-based property test.

mod api;
#[cfg(feature = "allocator-api2")]
mod collections;
mod compile_fail;
mod model;
mod scopes;
mod stats;
