//! The integration tests of `region`: API behaviour, filled slices and formatting, chunk iteration, the pool, scopes, stats, huge pages, a model-based property test.

mod api;
#[cfg(feature = "allocator-api2")]
mod collections;
mod compile_fail;
mod fill;
mod huge_pages;
mod model;
#[cfg(feature = "std")]
mod pool;
mod regressions;
mod scopes;
mod stats;
