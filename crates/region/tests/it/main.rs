//! The integration tests of `region`: API behaviour, scopes, stats, huge pages, a model-based property test.

mod api;
#[cfg(feature = "allocator-api2")]
mod collections;
mod compile_fail;
mod huge_pages;
mod model;
mod regressions;
mod scopes;
mod stats;
