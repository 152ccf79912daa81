#![doc = include_str!("../README.md")]
#![no_std]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(any(test, feature = "std"))]
extern crate std;

mod chunk;
mod chunks;
mod fill;
mod format;
mod region;
mod scope;
mod stats;

#[cfg(feature = "allocator-api2")]
mod allocator;
#[cfg(feature = "allocator-api2")]
pub mod collections;
#[cfg(feature = "std")]
mod pool;
#[cfg(feature = "allocator-api2")]
mod scope_alloc;

pub use chunks::AllocatedChunks;
pub use fill::AllocOrInitError;
#[cfg(feature = "std")]
pub use pool::{PooledRegion, RegionPool};
pub use region::{Region, RegionBuilder};
pub use scope::Scope;
pub use stats::{ChunkStats, Stats};

use core::fmt;

/// The error returned by the `try_` methods when memory cannot be had: the
/// region's [`limit`](RegionBuilder::limit) would be exceeded, the request's
/// size overflows, or the global allocator refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct AllocError;

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("region allocation failed: limit reached or out of memory")
    }
}

impl core::error::Error for AllocError {}
