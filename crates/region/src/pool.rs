//! A pool of regions shared by threads (feature `std`): each thread takes a
//! region, allocates without synchronisation, and gives it back reset.

use core::fmt;
use core::mem;
use core::ops::{Deref, DerefMut};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::vec::Vec;

use crate::{Region, RegionBuilder};

/// A `Sync` pool of [`Region`]s: [`get`](Self::get) hands out a region
/// behind a guard, and the guard gives it back, [reset](Region::reset), when
/// it is dropped.
///
/// A `Region` is `Send` but not `Sync`: one thread allocates in it at a time.
/// The pool lets many threads share a set of regions instead, each borrowing
/// one for a unit of work (a request, a file to compile) and returning it
/// with its chunks kept, so that in steady state the work makes no call to
/// the global allocator. The pool holds as many regions as were ever in use
/// at once; a region is created only when none is idle. The mutex is taken
/// only by `get` and by the guard's drop, never while allocating.
///
/// ```
/// use std::thread;
/// use region::RegionPool;
///
/// let pool = RegionPool::new();
/// let totals: Vec<u64> = thread::scope(|t| {
///     let workers: Vec<_> = (0..4_u64)
///         .map(|w| {
///             let pool = &pool;
///             t.spawn(move || {
///                 let region = pool.get();
///                 let xs = region.alloc_slice_fill_with(1000, |i| i as u64 * w);
///                 xs.iter().sum()
///             })
///         })
///         .collect();
///     workers.into_iter().map(|h| h.join().unwrap()).collect()
/// });
/// assert_eq!(totals, [0, 499_500, 999_000, 1_498_500]);
/// assert!((1..=4).contains(&pool.idle())); // the regions came back
/// ```
pub struct RegionPool {
    /// How new regions are built; `None`: [`Region::new`].
    builder: Option<RegionBuilder>,
    /// Regions not handed out, reset, most recently returned last.
    idle: Mutex<Vec<Region>>,
}

impl fmt::Debug for RegionPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegionPool")
            .field("builder", &self.builder)
            .field("idle", &self.idle())
            .finish()
    }
}

impl Default for RegionPool {
    fn default() -> Self {
        RegionPool::new()
    }
}

impl RegionPool {
    /// An empty pool of regions like [`Region::new`]'s. A `const fn`, so a
    /// pool can be a `static`.
    ///
    /// ```
    /// static POOL: region::RegionPool = region::RegionPool::new();
    /// assert_eq!(*POOL.get().alloc(7_u8), 7);
    /// ```
    #[must_use]
    pub const fn new() -> RegionPool {
        RegionPool {
            builder: None,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// An empty pool whose regions are built by `builder` (chunk sizes, a
    /// limit per region, huge pages).
    ///
    /// ```
    /// let pool = region::RegionPool::with_builder(region::Region::builder().limit(4096));
    /// let r = pool.get();
    /// assert_eq!(r.limit(), Some(4096));
    /// assert!(r.try_alloc([0_u8; 8192]).is_err());
    /// ```
    #[must_use]
    pub fn with_builder(builder: RegionBuilder) -> RegionPool {
        RegionPool {
            builder: Some(builder),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// An empty pool with `regions` regions built now (they allocate nothing
    /// until first use), so that the first `regions` concurrent calls to
    /// [`get`](Self::get) find one ready and the pool's list never grows.
    ///
    /// ```
    /// let pool = region::RegionPool::with_regions(8);
    /// assert_eq!(pool.idle(), 8);
    /// ```
    #[must_use]
    pub fn with_regions(regions: usize) -> RegionPool {
        let pool = RegionPool::new();
        pool.lock().extend((0..regions).map(|_| Region::new()));
        pool
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Region>> {
        // A panic while the list was locked cannot leave it inconsistent
        // (pushes and pops only), so a poisoned lock is taken over.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes an idle region (the most recently returned, whose memory is the
    /// likeliest to be in cache) or builds a new one. The guard derefs to
    /// the region and gives it back, reset, when dropped.
    ///
    /// ```
    /// let pool = region::RegionPool::new();
    /// {
    ///     let r = pool.get();
    ///     r.alloc_str("scratch");
    ///     assert_eq!(r.allocated_bytes(), 7);
    /// }
    /// assert_eq!(pool.get().allocated_bytes(), 0); // back, reset
    /// ```
    pub fn get(&self) -> PooledRegion<'_> {
        let region = self.lock().pop();
        let region = region.unwrap_or_else(|| match &self.builder {
            Some(builder) => builder.clone().build(),
            None => Region::new(),
        });
        PooledRegion { region, pool: self }
    }

    /// The number of regions in the pool that are not handed out.
    ///
    /// ```
    /// let pool = region::RegionPool::new();
    /// let (a, b) = (pool.get(), pool.get());
    /// assert_eq!(pool.idle(), 0);
    /// drop((a, b));
    /// assert_eq!(pool.idle(), 2);
    /// ```
    #[must_use]
    pub fn idle(&self) -> usize {
        self.lock().len()
    }

    /// Releases every idle region and its memory (regions handed out are
    /// returned to the pool as usual).
    ///
    /// ```
    /// let pool = region::RegionPool::new();
    /// pool.get().alloc(1_u8);
    /// pool.clear();
    /// assert_eq!(pool.idle(), 0);
    /// ```
    pub fn clear(&self) {
        let idle = mem::take(&mut *self.lock());
        drop(idle);
    }
}

/// A region lent by a [`RegionPool`]: derefs to [`Region`], and is reset and
/// given back to the pool when dropped.
///
/// It is `Send`, so the region can travel with the work; like a `Region`, it
/// is not `Sync`.
pub struct PooledRegion<'p> {
    region: Region,
    pool: &'p RegionPool,
}

impl fmt::Debug for PooledRegion<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PooledRegion").field(&self.region).finish()
    }
}

impl Deref for PooledRegion<'_> {
    type Target = Region;
    fn deref(&self) -> &Region {
        &self.region
    }
}

impl DerefMut for PooledRegion<'_> {
    fn deref_mut(&mut self) -> &mut Region {
        &mut self.region
    }
}

impl Drop for PooledRegion<'_> {
    fn drop(&mut self) {
        // The placeholder left behind (`Region::new`) allocates nothing.
        let mut region = mem::take(&mut self.region);
        region.reset();
        self.pool.lock().push(region);
    }
}
