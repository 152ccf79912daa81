//! The region itself: the bump fast path, the refill path, reset and checkpoints.

use alloc::vec::Vec;
use core::alloc::Layout;
use core::cell::Cell;
use core::fmt;
use core::mem::{self, MaybeUninit};
use core::ptr::{self, NonNull};
use core::slice;

use crate::AllocError;
use crate::chunk::{
    CHUNK_ALIGN, Footer, HUGE_PAGE, MALLOC_OVERHEAD, chunk_layout, free_chunk, new_chunk,
};
use crate::scope::Scope;
use crate::stats::{ChunkStats, Stats};

/// Default size of the first chunk (the block requested from malloc,
/// overhead included).
const DEFAULT_FIRST_CHUNK: usize = 4 * 1024;
/// Default cap on the size of a chunk: growth doubles up to this.
const DEFAULT_MAX_CHUNK: usize = 4 * 1024 * 1024;
/// The smallest chunk the builder accepts.
const MIN_CHUNK: usize = 128;

/// A chunked region allocator: allocation is a pointer bump inside the current
/// chunk; when it is exhausted a new chunk is linked in; everything is freed
/// at once when the region is dropped or [`reset`](Region::reset).
///
/// Allocation bumps **downward** from the top of the current chunk, so
/// aligning is a mask and the capacity check cannot overflow. The cursor and
/// the bound of the current chunk live in the `Region` itself.
///
/// A region never runs destructors, so the allocation methods refuse, at
/// compile time, any `T` for which [`core::mem::needs_drop`] is true. That
/// makes leaking a `String` or a `Vec` into a region impossible instead of
/// silent:
///
/// ```compile_fail
/// let region = region::Region::new();
/// region.alloc(String::from("would leak: a region never drops")); // error
/// ```
///
/// ```
/// use region::Region;
///
/// let region = Region::new();
/// let x = region.alloc(42_u64);
/// let s = region.alloc_str("hello");
/// *x += 1;
/// assert_eq!((*x, &*s), (43, "hello"));
/// assert_eq!(region.stats().chunks, 1);
/// ```
pub struct Region {
    /// Bump cursor: the next allocation ends at or below it. Lies in
    /// `start..=top` of the current chunk with that chunk's provenance, or
    /// equals `start` (the empty state) when there is no current chunk.
    ptr: Cell<NonNull<u8>>,
    /// Lowest usable address of the current chunk (its base); equal to `ptr`
    /// in the empty state, so that every non-empty request takes the slow path.
    start: Cell<NonNull<u8>>,
    /// The chunk allocations bump into, if any. Always a member of `used`.
    current: Cell<Option<NonNull<Footer>>>,
    /// Every chunk holding allocations, newest first, linked by `prev`. A
    /// stack: chunks are only pushed, and popped by reset or scope exit.
    used: Cell<Option<NonNull<Footer>>>,
    /// Chunks kept for reuse (after `reset` or a scope), linked by `prev`.
    spare: Cell<Option<NonNull<Footer>>>,
    /// Size of the block requested for the next ordinary chunk.
    next_size: Cell<usize>,
    /// Bytes obtained from the global allocator for all chunks.
    capacity: Cell<usize>,
    /// Cap on `next_size`.
    max_size: usize,
    /// Cap on `capacity`.
    limit: usize,
    /// Round large chunks to huge pages ([`RegionBuilder::huge_pages`]).
    huge_pages: bool,
}

// SAFETY: a `Region` owns its chunks outright; the raw pointers are never
// shared with another `Region`. Every reference handed out borrows the region,
// so none can outlive a move to another thread. `Region` is not `Sync`: its
// `Cell`s make concurrent `&Region` use impossible.
unsafe impl Send for Region {}

/// Sets up a [`Region`] with chunk sizes and a limit.
///
/// ```
/// let region = region::Region::builder()
///     .first_chunk_size(1024)
///     .max_chunk_size(64 * 1024)
///     .limit(1 << 20)
///     .build();
/// assert!(region.try_alloc([0_u8; 512]).is_ok());
/// assert!(region.try_alloc([0_u8; 2 << 20]).is_err()); // over the limit
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct RegionBuilder {
    first: usize,
    max: usize,
    limit: usize,
    preallocate: bool,
    huge_pages: bool,
}

impl RegionBuilder {
    /// Size in bytes of the first chunk (default 4 KiB). Later chunks double
    /// up to [`max_chunk_size`](Self::max_chunk_size).
    ///
    /// ```
    /// let r = region::Region::builder().first_chunk_size(256).build();
    /// r.alloc(1_u8);
    /// assert!(r.stats().capacity <= 256);
    /// ```
    pub fn first_chunk_size(mut self, bytes: usize) -> Self {
        self.first = bytes;
        self
    }

    /// Largest size in bytes of an ordinary chunk (default 4 MiB). Requests
    /// larger than a quarter of the next chunk get a chunk of their own, so
    /// neither growth nor waste is unbounded.
    ///
    /// ```
    /// let r = region::Region::builder().first_chunk_size(1024).max_chunk_size(1024).build();
    /// for _ in 0..100 { r.alloc([0_u64; 8]); }
    /// assert!(r.stats().chunk_list.iter().all(|c| c.size <= 1024));
    /// ```
    pub fn max_chunk_size(mut self, bytes: usize) -> Self {
        self.max = bytes;
        self
    }

    /// Cap in bytes on the region's capacity (all chunks, counted as
    /// requested from the global allocator). Past it, `try_` methods return
    /// [`AllocError`] and the others panic.
    ///
    /// ```
    /// let r = region::Region::builder().limit(8 * 1024).build();
    /// assert!(r.try_alloc_slice_copy(&[0_u8; 4000]).is_ok());
    /// assert!(r.try_alloc_slice_copy(&[0_u8; 9000]).is_err());
    /// ```
    pub fn limit(mut self, bytes: usize) -> Self {
        self.limit = bytes;
        self
    }

    /// Backs large chunks with transparent huge pages (default: off), for a
    /// region that grows to tens or hundreds of megabytes, such as a
    /// compiler's syntax tree for a big file.
    ///
    /// Every chunk of more than 1 MiB is then rounded up to a multiple of
    /// 2 MiB, aligned to 2 MiB, and on Linux advised with
    /// `madvise(MADV_HUGEPAGE)` before it is first touched. Filling it then
    /// takes one page fault per 2 MiB instead of one per 4 KiB, and fewer TLB
    /// misses: `minilang --check` on a 10 MB program, whose region reaches
    /// 395 MB, runs 1.5x faster (see the repository's `BENCHMARKS.md`).
    ///
    /// The price: the chunk being filled may hold up to 2 MiB of resident
    /// memory beyond what was handed out, and each chunk reserves up to 2 MiB
    /// more address space for the alignment. Smaller chunks are untouched, so
    /// small regions are not affected. The advice only takes effect where
    /// `/sys/kernel/mm/transparent_hugepage/enabled` is `madvise` or
    /// `always`; elsewhere, and on other systems, the chunks are only
    /// aligned. A [`limit`](Self::limit) is never exceeded by the rounding.
    ///
    /// ```
    /// use std::alloc::Layout;
    ///
    /// let r = region::Region::builder().huge_pages(true).build();
    /// r.alloc_layout(Layout::from_size_align(3 << 20, 8).expect("a layout"));
    /// let big = r.stats().chunk_list[0].size;
    /// assert_eq!(big % (2 << 20), 0); // a multiple of 2 MiB
    /// ```
    pub fn huge_pages(mut self, yes: bool) -> Self {
        self.huge_pages = yes;
        self
    }

    /// Builds the region. It allocates nothing until first use unless it came
    /// from [`Region::with_capacity`].
    ///
    /// ```
    /// let r = region::Region::builder().build();
    /// assert_eq!(r.stats().capacity, 0);
    /// ```
    pub fn build(self) -> Region {
        let first = round_chunk(self.first.max(MIN_CHUNK));
        let max = round_chunk(self.max.max(first));
        let region = Region {
            ptr: Cell::new(NonNull::dangling()),
            start: Cell::new(NonNull::dangling()),
            current: Cell::new(None),
            used: Cell::new(None),
            spare: Cell::new(None),
            next_size: Cell::new(first),
            capacity: Cell::new(0),
            max_size: max,
            limit: self.limit,
            huge_pages: self.huge_pages,
        };
        if self.preallocate {
            // Preallocation is best effort: `with_capacity` then behaves like
            // `new` if the memory cannot be had now.
            if let Some(layout) = ordinary_layout(first) {
                if let Ok(chunk) = region.obtain_chunk(layout) {
                    region.push_used(chunk);
                    region.make_current(chunk);
                    region.grow_next_size();
                }
            }
        }
        region
    }
}

/// The layout of an ordinary chunk whose malloc block is `size` bytes.
fn ordinary_layout(size: usize) -> Option<Layout> {
    chunk_layout(size - MALLOC_OVERHEAD - size_of::<Footer>(), CHUNK_ALIGN)
}

/// Rounds a chunk size up to a multiple of 16 that leaves room for malloc's
/// overhead and a footer.
fn round_chunk(bytes: usize) -> usize {
    bytes
        .checked_add(CHUNK_ALIGN - 1)
        .map_or(usize::MAX & !(CHUNK_ALIGN - 1), |b| b & !(CHUNK_ALIGN - 1))
}

impl Default for Region {
    fn default() -> Self {
        Region::new()
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stats = self.stats();
        f.debug_struct("Region")
            .field("chunks", &stats.chunks)
            .field("capacity", &stats.capacity)
            .field("used", &stats.used)
            .finish_non_exhaustive()
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        for list in [self.used.take(), self.spare.take()] {
            let mut next = list;
            while let Some(chunk) = next {
                // SAFETY: chunks in the lists are live (invariant of `used`
                // and `spare`); `prev` is read before the chunk is freed.
                next = unsafe { chunk.as_ref() }.prev.get();
                // SAFETY: each chunk is in exactly one list and is freed once;
                // `&mut self` means no reference into it is alive.
                unsafe { free_chunk(chunk) };
            }
        }
    }
}

/// A saved allocation position, restored when a scope ends.
#[derive(Clone, Copy)]
pub(crate) struct Checkpoint {
    used: Option<NonNull<Footer>>,
    current: Option<NonNull<Footer>>,
    ptr: NonNull<u8>,
    start: NonNull<u8>,
}

macro_rules! or_panic {
    ($e:expr, $layout:expr) => {
        match $e {
            Ok(v) => v,
            Err(AllocError) => alloc_failed($layout),
        }
    };
}

#[cold]
#[inline(never)]
#[track_caller]
fn alloc_failed(layout: Layout) -> ! {
    panic!(
        "region: allocation of {} bytes failed (limit reached or out of memory)",
        layout.size()
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn slice_alloc_failed() -> ! {
    panic!("region: slice allocation failed (size overflow, limit reached or out of memory)")
}

/// Refuses, when the calling method is instantiated, any `T` that needs `Drop`.
macro_rules! assert_no_drop {
    ($t:ty) => {
        const {
            assert!(
                !mem::needs_drop::<$t>(),
                "a Region never runs destructors: types that need Drop cannot be allocated in it"
            )
        }
    };
}

impl Region {
    /// An empty region. Allocates nothing until first use.
    ///
    /// A `const fn`, so a region can be a `static` item's initialiser or sit
    /// in a `thread_local!` without lazy initialisation:
    ///
    /// ```
    /// use std::cell::RefCell;
    /// use region::Region;
    ///
    /// thread_local! {
    ///     static SCRATCH: RefCell<Region> = const { RefCell::new(Region::new()) };
    /// }
    ///
    /// let len = SCRATCH.with_borrow_mut(|r| {
    ///     let s = r.alloc_str("per-thread scratch");
    ///     let len = s.len();
    ///     r.reset();
    ///     len
    /// });
    /// assert_eq!(len, 18);
    /// assert_eq!(Region::new().stats().chunks, 0);
    /// ```
    #[must_use]
    pub const fn new() -> Region {
        // What `Region::builder().build()` gives, spelled out for `const`:
        // the defaults are already rounded chunk sizes.
        const _: () = assert!(
            DEFAULT_FIRST_CHUNK % CHUNK_ALIGN == 0
                && DEFAULT_FIRST_CHUNK >= MIN_CHUNK
                && DEFAULT_MAX_CHUNK % CHUNK_ALIGN == 0
                && DEFAULT_MAX_CHUNK >= DEFAULT_FIRST_CHUNK
        );
        Region {
            ptr: Cell::new(NonNull::dangling()),
            start: Cell::new(NonNull::dangling()),
            current: Cell::new(None),
            used: Cell::new(None),
            spare: Cell::new(None),
            next_size: Cell::new(DEFAULT_FIRST_CHUNK),
            capacity: Cell::new(0),
            max_size: DEFAULT_MAX_CHUNK,
            limit: usize::MAX,
            huge_pages: false,
        }
    }

    /// A region whose first chunk holds at least `bytes`, allocated now.
    ///
    /// ```
    /// let r = region::Region::with_capacity(10_000);
    /// let before = r.stats().capacity;
    /// r.alloc_slice_copy(&[0_u8; 9_000]);
    /// assert_eq!(r.stats().capacity, before); // no new chunk was needed
    /// ```
    #[must_use]
    pub fn with_capacity(bytes: usize) -> Region {
        let first = bytes
            .saturating_add(size_of::<Footer>() + MALLOC_OVERHEAD)
            .max(DEFAULT_FIRST_CHUNK);
        RegionBuilder {
            first,
            max: DEFAULT_MAX_CHUNK.max(first),
            limit: usize::MAX,
            preallocate: true,
            huge_pages: false,
        }
        .build()
    }

    /// A builder to set chunk sizes and a limit.
    ///
    /// ```
    /// let r = region::Region::builder().first_chunk_size(512).build();
    /// r.alloc(7_u32);
    /// ```
    pub fn builder() -> RegionBuilder {
        RegionBuilder {
            first: DEFAULT_FIRST_CHUNK,
            max: DEFAULT_MAX_CHUNK,
            limit: usize::MAX,
            preallocate: false,
            huge_pages: false,
        }
    }

    // ----- the fast path -------------------------------------------------

    /// Bumps the cursor down for `layout` if the current chunk has room.
    #[inline(always)]
    fn bump(&self, layout: Layout) -> Option<NonNull<u8>> {
        let ptr = self.ptr.get();
        let addr = ptr.addr().get();
        let new = addr.checked_sub(layout.size())? & !(layout.align() - 1);
        if new < self.start.get().addr().get() {
            return None;
        }
        // SAFETY: `start <= new <= addr`, so the offset stays inside the
        // current chunk (or is zero in the empty state, where `start == ptr`).
        let p = unsafe { ptr.sub(addr - new) };
        self.ptr.set(p);
        Some(p)
    }

    /// Allocates memory for `layout`, or returns [`AllocError`].
    #[inline(always)]
    fn try_alloc_layout_inner(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        match self.bump(layout) {
            Some(p) => Ok(p),
            None => self.alloc_slow(layout),
        }
    }

    // ----- the refill path -----------------------------------------------

    /// Finds room for `layout` when the current chunk has none: an ordinary
    /// new current chunk for small requests, a chunk of its own for large ones.
    #[cold]
    #[inline(never)]
    fn alloc_slow(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout.align()));
        }
        // Enough for `layout` at the top of any chunk, whatever the padding.
        let need = layout
            .size()
            .checked_add(layout.align() - 1)
            .ok_or(AllocError)?;
        let next = self.next_size.get();
        let small = need <= next / 4 || (self.current.get().is_none() && need <= next / 2);
        if small {
            let chunk = match self.take_spare(need, Fit::First) {
                Some(chunk) => chunk,
                None => self.new_ordinary_chunk(need)?,
            };
            self.push_used(chunk);
            self.make_current(chunk);
            Ok(self.bump(layout).expect("a fresh chunk holds `need` bytes"))
        } else {
            // A chunk of its own: the current chunk keeps its free space and
            // stays current; growth of ordinary chunks is not disturbed.
            let chunk = match self.take_spare(need, Fit::Smallest) {
                Some(chunk) => chunk,
                None => {
                    let layout = chunk_layout(need, layout.align()).ok_or(AllocError)?;
                    self.obtain_chunk(layout)?
                }
            };
            self.push_used(chunk);
            self.grow_next_size();
            // SAFETY: `chunk` is live; its cursor is at its top (fresh or
            // reset spare) and its data holds `need` bytes.
            let footer = unsafe { chunk.as_ref() };
            let top = footer.cursor.get();
            let new = (top.addr().get() - layout.size()) & !(layout.align() - 1);
            debug_assert!(new >= footer.base.addr().get());
            // SAFETY: `base <= new <= top`: inside the chunk's data.
            let p = unsafe { top.sub(top.addr().get() - new) };
            footer.cursor.set(p);
            Ok(p)
        }
    }

    /// A new ordinary chunk of `next_size` bytes (or, under the limit, the
    /// largest that fits and still holds `need`).
    fn new_ordinary_chunk(&self, need: usize) -> Result<NonNull<Footer>, AllocError> {
        let size = self.next_size.get();
        let layout = ordinary_layout(size).ok_or(AllocError)?;
        let chunk = match self.obtain_chunk(layout) {
            Ok(chunk) => chunk,
            Err(AllocError) => {
                // Under a limit, settle for a chunk just large enough.
                let layout = chunk_layout(need, CHUNK_ALIGN).ok_or(AllocError)?;
                self.obtain_chunk(layout)?
            }
        };
        self.grow_next_size();
        Ok(chunk)
    }

    fn grow_next_size(&self) {
        let next = self.next_size.get();
        self.next_size
            .set(next.saturating_mul(2).min(self.max_size).max(next));
    }

    /// Gets a chunk from the global allocator, within the limit.
    fn obtain_chunk(&self, layout: Layout) -> Result<NonNull<Footer>, AllocError> {
        // Rounded only where the rounding fits the limit, so the check
        // below decides as it would for `layout`.
        let layout = self.huge_layout(layout, self.capacity.get());
        let capacity = self
            .capacity
            .get()
            .checked_add(layout.size())
            .ok_or(AllocError)?;
        if capacity > self.limit {
            return Err(AllocError);
        }
        let chunk = new_chunk(layout, self.huge_pages).ok_or(AllocError)?;
        self.capacity.set(capacity);
        Ok(chunk)
    }

    /// `layout`, rounded to huge pages if the region asks for them, the
    /// chunk is large enough to gain, and the limit leaves room for the
    /// rounding (`others`: the capacity of the region's other chunks).
    fn huge_layout(&self, layout: Layout, others: usize) -> Layout {
        if !self.huge_pages || layout.size() <= HUGE_PAGE / 2 {
            return layout;
        }
        layout
            .size()
            .checked_add(HUGE_PAGE - 1)
            .map(|size| size & !(HUGE_PAGE - 1))
            .and_then(|size| Layout::from_size_align(size, layout.align().max(HUGE_PAGE)).ok())
            .filter(|huge| {
                others
                    .checked_add(huge.size())
                    .is_some_and(|c| c <= self.limit)
            })
            .unwrap_or(layout)
    }

    /// Takes a spare chunk with at least `need` bytes of data, resetting its
    /// cursor to its top.
    fn take_spare(&self, need: usize, fit: Fit) -> Option<NonNull<Footer>> {
        // (chunk, the chunk linking to it, its data size)
        let mut best: Option<(NonNull<Footer>, Option<NonNull<Footer>>, usize)> = None;
        let mut before: Option<NonNull<Footer>> = None;
        let mut next = self.spare.get();
        while let Some(chunk) = next {
            // SAFETY: spare chunks are live.
            let footer = unsafe { chunk.as_ref() };
            let size = footer.data_size();
            let better = match (best, fit) {
                _ if size < need => false,
                (None, _) => true,
                (Some(_), Fit::First) => false,
                (Some((_, _, best)), Fit::Smallest) => size < best,
            };
            if better {
                best = Some((chunk, before, size));
            }
            before = Some(chunk);
            next = footer.prev.get();
        }
        let (chunk, before, _) = best?;
        // SAFETY: `chunk` is a live spare chunk.
        let footer = unsafe { chunk.as_ref() };
        match before {
            None => self.spare.set(footer.prev.get()),
            // SAFETY: `b` is a live spare chunk, the one linking to `chunk`.
            Some(b) => unsafe { b.as_ref() }.prev.set(footer.prev.get()),
        }
        footer.prev.set(None);
        footer.cursor.set(Footer::top(chunk));
        Some(chunk)
    }

    fn push_used(&self, chunk: NonNull<Footer>) {
        // SAFETY: `chunk` is live and in no list.
        unsafe { chunk.as_ref() }.prev.set(self.used.get());
        self.used.set(Some(chunk));
    }

    /// Makes `chunk` (whose cursor is valid) the one allocations bump into.
    fn make_current(&self, chunk: NonNull<Footer>) {
        self.retire_current();
        // SAFETY: `chunk` is live.
        let footer = unsafe { chunk.as_ref() };
        self.current.set(Some(chunk));
        self.start.set(footer.base);
        self.ptr.set(footer.cursor.get());
    }

    /// Saves the live cursor into the current chunk's footer.
    fn retire_current(&self) {
        if let Some(current) = self.current.get() {
            // SAFETY: the current chunk is live.
            unsafe { current.as_ref() }.cursor.set(self.ptr.get());
        }
    }

    // ----- reset and checkpoints ------------------------------------------

    /// The cap on the region's capacity set with
    /// [`RegionBuilder::limit`], if there is one.
    ///
    /// ```
    /// assert_eq!(region::Region::new().limit(), None);
    /// let r = region::Region::builder().limit(8 * 1024).build();
    /// assert_eq!(r.limit(), Some(8 * 1024));
    /// ```
    #[must_use]
    pub fn limit(&self) -> Option<usize> {
        (self.limit != usize::MAX).then_some(self.limit)
    }

    /// Sets or lifts (`None`) the cap on the region's capacity at run time,
    /// as [`RegionBuilder::limit`] does at build time.
    ///
    /// Chunks the region already holds are kept, even when they add up to
    /// more than the new limit; from then on no chunk is obtained that would
    /// take the capacity past it. Spare chunks count: [`free_spare`] releases
    /// them.
    ///
    /// [`free_spare`]: Self::free_spare
    ///
    /// ```
    /// let mut r = region::Region::new();
    /// r.set_limit(Some(4096));
    /// assert!(r.try_alloc_slice_copy(&[0_u8; 8192]).is_err());
    /// r.set_limit(None);
    /// assert!(r.try_alloc_slice_copy(&[0_u8; 8192]).is_ok());
    /// assert_eq!(r.limit(), None);
    /// ```
    pub fn set_limit(&mut self, limit: Option<usize>) {
        self.limit = limit.unwrap_or(usize::MAX);
    }

    /// The newest chunk holding allocations, with the region's cursor saved
    /// into the current chunk's footer, so that every footer in the `used`
    /// list (linked by `prev`) tells which of its bytes were handed out.
    pub(crate) fn sync_used_chunks(&self) -> Option<NonNull<Footer>> {
        self.retire_current();
        self.used.get()
    }

    /// Frees every allocation at once and keeps the memory for reuse.
    ///
    /// If the region holds several chunks, they are merged into one chunk of
    /// the same total capacity, so that the same workload after the reset
    /// fits in a single chunk: repeating it (compile, reset, compile again)
    /// makes no call to the global allocator from the second reset on.
    ///
    /// ```
    /// let mut r = region::Region::new();
    /// for _ in 0..1000 { r.alloc([1_u64; 4]); }
    /// let capacity = r.stats().capacity;
    /// r.reset();
    /// assert_eq!((r.stats().used, r.stats().chunks), (0, 1));
    /// for _ in 0..1000 { r.alloc([1_u64; 4]); }
    /// assert_eq!(r.stats().capacity, capacity); // nothing new was allocated
    /// ```
    pub fn reset(&mut self) {
        self.current.set(None);
        self.ptr.set(NonNull::dangling());
        self.start.set(NonNull::dangling());
        let mut next = self.used.take();
        while let Some(chunk) = next {
            // SAFETY: used chunks are live; `&mut self` means no allocation
            // from them is still referenced.
            let footer = unsafe { chunk.as_ref() };
            next = footer.prev.get();
            footer.prev.set(self.spare.get());
            self.spare.set(Some(chunk));
        }
        // SAFETY: the spare list head, if any, is live.
        let several = self
            .spare
            .get()
            .is_some_and(|c| unsafe { c.as_ref() }.prev.get().is_some());
        if several {
            let capacity = self.capacity.get();
            if let Some(layout) = chunk_layout(capacity - size_of::<Footer>(), CHUNK_ALIGN) {
                // The spares are freed once the merged chunk is had: it is
                // the only chunk the limit then counts.
                let layout = self.huge_layout(layout, 0);
                if let Some(merged) = new_chunk(layout, self.huge_pages) {
                    self.free_spare();
                    self.capacity.set(layout.size());
                    self.spare.set(Some(merged));
                }
            }
        }
        if let Some(chunk) = self.take_spare(0, Fit::First) {
            self.push_used(chunk);
            self.make_current(chunk);
        }
    }

    /// Releases the spare chunks (kept by [`reset`](Self::reset) and by
    /// scopes) to the global allocator.
    ///
    /// ```
    /// let mut r = region::Region::new();
    /// r.alloc(0_u8);
    /// r.scope(|s| { for _ in 0..10_000 { s.alloc(0_u64); } });
    /// assert!(r.stats().chunks > 1); // the scope's chunks were kept as spares
    /// r.free_spare();
    /// assert_eq!(r.stats().chunks, 1); // only the current chunk is left
    /// ```
    pub fn free_spare(&mut self) {
        let mut next = self.spare.take();
        while let Some(chunk) = next {
            // SAFETY: spare chunks are live and hold no live allocation.
            let footer = unsafe { chunk.as_ref() };
            next = footer.prev.get();
            self.capacity.set(self.capacity.get() - footer.total_size());
            // SAFETY: the chunk was unlinked above and is freed once.
            unsafe { free_chunk(chunk) };
        }
    }

    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            used: self.used.get(),
            current: self.current.get(),
            ptr: self.ptr.get(),
            start: self.start.get(),
        }
    }

    /// Releases everything allocated since `cp`; chunks linked in since then
    /// become spares.
    ///
    /// # Safety
    /// `cp` must come from [`checkpoint`](Self::checkpoint) on this region
    /// with no earlier checkpoint restored in between, and no reference to
    /// memory allocated after it may be used again.
    pub(crate) unsafe fn restore(&self, cp: Checkpoint) {
        while self.used.get() != cp.used {
            let chunk = self
                .used
                .get()
                .expect("the checkpoint's chunk is still in the used list");
            // SAFETY: used chunks are live.
            let footer = unsafe { chunk.as_ref() };
            self.used.set(footer.prev.get());
            footer.prev.set(self.spare.get());
            self.spare.set(Some(chunk));
        }
        self.current.set(cp.current);
        self.ptr.set(cp.ptr);
        self.start.set(cp.start);
    }

    /// Runs `f` with a [`Scope`]: whatever `f` allocates through it is
    /// released when `f` returns (the memory stays with the region for reuse).
    /// The borrow checker keeps references to scoped allocations from
    /// escaping. Scopes nest; see [`Scope`].
    ///
    /// ```
    /// let mut r = region::Region::new();
    /// let total = r.scope(|s| {
    ///     let xs = s.alloc_slice_fill_iter(0..100_u32);
    ///     xs.iter().sum::<u32>()
    /// });
    /// assert_eq!(total, 4950);
    /// assert_eq!(r.stats().used, 0);
    /// ```
    pub fn scope<R>(&mut self, f: impl for<'s> FnOnce(&mut Scope<'s>) -> R) -> R {
        Scope::run(self, f)
    }

    /// Turns an exclusive borrow of the region into a root [`Scope`], whose
    /// allocations live as long as the borrow, not as long as the `Scope`,
    /// and so stay usable across nested scopes.
    ///
    /// ```
    /// let mut r = region::Region::new();
    /// let mut root = r.as_scope();
    /// let kept = root.alloc(1_u32);
    /// root.scope(|inner| { inner.alloc(2_u32); });
    /// assert_eq!(*kept, 1);
    /// ```
    pub fn as_scope(&mut self) -> Scope<'_> {
        Scope::new(self)
    }

    // ----- statistics ----------------------------------------------------

    /// Current figures: chunks, capacity, bytes used and wasted, and the
    /// chunk list (its `Display` draws the list).
    ///
    /// ```
    /// let r = region::Region::new();
    /// r.alloc(1_u64);
    /// let s = r.stats();
    /// assert_eq!((s.chunks, s.used), (1, 8));
    /// assert!(s.to_string().contains("-> NULL"));
    /// ```
    #[must_use]
    pub fn stats(&self) -> Stats {
        let mut chunk_list = Vec::new();
        let current = self.current.get();
        let mut next = self.used.get();
        while let Some(chunk) = next {
            // SAFETY: used chunks are live.
            let footer = unsafe { chunk.as_ref() };
            let is_current = Some(chunk) == current;
            let cursor = if is_current {
                self.ptr.get()
            } else {
                footer.cursor.get()
            };
            let top = Footer::top(chunk).addr().get();
            chunk_list.push(ChunkStats {
                size: footer.total_size(),
                used: top - cursor.addr().get(),
                free: cursor.addr().get() - footer.base.addr().get(),
                current: is_current,
                spare: false,
            });
            next = footer.prev.get();
        }
        let mut next = self.spare.get();
        while let Some(chunk) = next {
            // SAFETY: spare chunks are live.
            let footer = unsafe { chunk.as_ref() };
            chunk_list.push(ChunkStats {
                size: footer.total_size(),
                used: 0,
                free: footer.data_size(),
                current: false,
                spare: true,
            });
            next = footer.prev.get();
        }
        Stats::from_chunks(chunk_list)
    }

    /// Bytes handed out so far, alignment padding included (cheaper than
    /// [`stats`](Self::stats)).
    ///
    /// ```
    /// let r = region::Region::new();
    /// r.alloc(0_u32);
    /// assert_eq!(r.allocated_bytes(), 4);
    /// ```
    #[must_use]
    pub fn allocated_bytes(&self) -> usize {
        let current = self.current.get();
        let mut total = 0;
        let mut next = self.used.get();
        while let Some(chunk) = next {
            // SAFETY: used chunks are live.
            let footer = unsafe { chunk.as_ref() };
            let cursor = if Some(chunk) == current {
                self.ptr.get()
            } else {
                footer.cursor.get()
            };
            total += Footer::top(chunk).addr().get() - cursor.addr().get();
            next = footer.prev.get();
        }
        total
    }

    // ----- the allocation API ----------------------------------------------

    /// Allocates memory for `layout`.
    ///
    /// # Panics
    /// When the limit is reached or the global allocator fails.
    ///
    /// ```
    /// use core::alloc::Layout;
    /// let r = region::Region::new();
    /// let p = r.alloc_layout(Layout::from_size_align(24, 8).unwrap());
    /// assert_eq!(p.as_ptr() as usize % 8, 0);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        or_panic!(self.try_alloc_layout_inner(layout), layout)
    }

    /// Allocates memory for `layout`, or returns [`AllocError`].
    ///
    /// ```
    /// use core::alloc::Layout;
    /// let r = region::Region::builder().limit(4096).build();
    /// assert!(r.try_alloc_layout(Layout::from_size_align(64, 8).unwrap()).is_ok());
    /// assert!(r.try_alloc_layout(Layout::from_size_align(1 << 20, 8).unwrap()).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.try_alloc_layout_inner(layout)
    }

    /// Moves `value` into the region.
    ///
    /// # Panics
    /// When the limit is reached or the global allocator fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let p = r.alloc((1_u8, 2_u64));
    /// p.0 = 3;
    /// assert_eq!(*p, (3, 2));
    /// ```
    #[inline(always)]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc<T>(&self, value: T) -> &mut T {
        or_panic!(self.try_alloc(value), Layout::new::<T>())
    }

    /// Moves `value` into the region, or returns [`AllocError`] (and drops
    /// nothing: `T` needs no drop).
    ///
    /// ```
    /// let r = region::Region::builder().limit(1024).build();
    /// assert!(r.try_alloc(5_u16).is_ok());
    /// assert!(r.try_alloc([0_u8; 4096]).is_err());
    /// ```
    #[inline(always)]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc<T>(&self, value: T) -> Result<&mut T, AllocError> {
        assert_no_drop!(T);
        let p = self.try_alloc_layout_inner(Layout::new::<T>())?.cast::<T>();
        // SAFETY: `p` is fresh memory of `T`'s size and alignment, used by
        // nothing else, valid for the borrow of `self` (chunks live until
        // reset or drop, which need `&mut self`).
        unsafe {
            p.write(value);
            Ok(&mut *p.as_ptr())
        }
    }

    /// Allocates room for a `T` and then writes `f()` into it, which lets the
    /// compiler build large values in place.
    ///
    /// # Panics
    /// When the limit is reached or the global allocator fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let big = r.alloc_with(|| [7_u32; 1024]);
    /// assert_eq!(big[1023], 7);
    /// ```
    #[inline(always)]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_with<T>(&self, f: impl FnOnce() -> T) -> &mut T {
        or_panic!(self.try_alloc_with(f), Layout::new::<T>())
    }

    /// [`alloc_with`](Self::alloc_with), or [`AllocError`] (then `f` is not called).
    ///
    /// ```
    /// let r = region::Region::builder().limit(1024).build();
    /// assert!(r.try_alloc_with(|| [0_u64; 1024]).is_err());
    /// ```
    #[inline(always)]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_with<T>(&self, f: impl FnOnce() -> T) -> Result<&mut T, AllocError> {
        assert_no_drop!(T);
        let p = self.try_alloc_layout_inner(Layout::new::<T>())?.cast::<T>();
        // SAFETY: as in `try_alloc`: fresh, aligned, exclusive memory for a `T`.
        unsafe {
            p.write(f());
            Ok(&mut *p.as_ptr())
        }
    }

    /// Copies a string into the region.
    ///
    /// # Panics
    /// When the limit is reached or the global allocator fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let s = r.alloc_str("héllo");
    /// s.make_ascii_uppercase();
    /// assert_eq!(s, "HéLLO");
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_str(&self, s: &str) -> &mut str {
        or_panic!(self.try_alloc_str(s), Layout::for_value(s))
    }

    /// [`alloc_str`](Self::alloc_str), or [`AllocError`].
    ///
    /// ```
    /// let r = region::Region::builder().limit(256).build();
    /// assert!(r.try_alloc_str(&"x".repeat(1000)).is_err());
    /// ```
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_str(&self, s: &str) -> Result<&mut str, AllocError> {
        let bytes = self.try_alloc_slice_copy(s.as_bytes())?;
        // SAFETY: `bytes` is a copy of a `str`, hence valid UTF-8.
        Ok(unsafe { core::str::from_utf8_unchecked_mut(bytes) })
    }

    /// Copies a slice into the region.
    ///
    /// # Panics
    /// When the limit is reached or the global allocator fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let xs = r.alloc_slice_copy(&[1, 2, 3]);
    /// xs[0] = 10;
    /// assert_eq!(xs, &[10, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        or_panic!(self.try_alloc_slice_copy(src), Layout::for_value(src))
    }

    /// [`alloc_slice_copy`](Self::alloc_slice_copy), or [`AllocError`].
    ///
    /// ```
    /// let r = region::Region::new();
    /// assert_eq!(r.try_alloc_slice_copy(&[1_u8, 2]).unwrap(), &[1, 2]);
    /// ```
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        let p = self
            .try_alloc_layout_inner(Layout::for_value(src))?
            .cast::<T>();
        // SAFETY: `p` is fresh, aligned memory for `src.len()` values of `T`,
        // which cannot overlap `src` (it was just handed out); `T: Copy`.
        unsafe {
            ptr::copy_nonoverlapping(src.as_ptr(), p.as_ptr(), src.len());
            Ok(slice::from_raw_parts_mut(p.as_ptr(), src.len()))
        }
    }

    /// Clones every element of a slice into the region.
    ///
    /// # Panics
    /// When the limit is reached or the global allocator fails, or if `clone`
    /// panics (then the region just keeps the unused memory).
    ///
    /// ```
    /// let r = region::Region::new();
    /// let xs = r.alloc_slice_clone(&[Some(1), None]);
    /// assert_eq!(xs, &[Some(1), None]);
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_slice_clone<T: Clone>(&self, src: &[T]) -> &mut [T] {
        or_panic!(self.try_alloc_slice_clone(src), Layout::for_value(src))
    }

    /// [`alloc_slice_clone`](Self::alloc_slice_clone), or [`AllocError`].
    ///
    /// ```
    /// let r = region::Region::new();
    /// assert_eq!(r.try_alloc_slice_clone(&['a', 'b']).unwrap(), &['a', 'b']);
    /// ```
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_slice_clone<T: Clone>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        self.try_alloc_slice_fill_iter(src.iter().cloned())
    }

    /// Allocates a slice filled from an iterator that knows its length.
    /// Should the iterator end early, the slice is as long as what it yielded.
    ///
    /// # Panics
    /// When the limit is reached or the global allocator fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let squares = r.alloc_slice_fill_iter((1..5).map(|i| i * i));
    /// assert_eq!(squares, &[1, 4, 9, 16]);
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_slice_fill_iter<T, I>(&self, iter: I) -> &mut [T]
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: ExactSizeIterator,
    {
        match self.try_alloc_slice_fill_iter(iter) {
            Ok(slice) => slice,
            Err(AllocError) => slice_alloc_failed(),
        }
    }

    /// [`alloc_slice_fill_iter`](Self::alloc_slice_fill_iter), or [`AllocError`].
    ///
    /// ```
    /// let r = region::Region::builder().limit(1024).build();
    /// assert!(r.try_alloc_slice_fill_iter(0..10_000_u32).is_err());
    /// ```
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_slice_fill_iter<T, I>(&self, iter: I) -> Result<&mut [T], AllocError>
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: ExactSizeIterator,
    {
        assert_no_drop!(T);
        let mut iter = iter.into_iter();
        let len = iter.len();
        let layout = Layout::array::<T>(len).map_err(|_| AllocError)?;
        let p = self.try_alloc_layout_inner(layout)?.cast::<T>();
        let mut written = 0;
        while written < len {
            let Some(value) = iter.next() else { break };
            // SAFETY: `written < len`, so slot `written` lies in the fresh
            // allocation of `len` values of `T`.
            unsafe { p.add(written).write(value) };
            written += 1;
        }
        // SAFETY: the first `written` slots were initialised just above.
        Ok(unsafe { slice::from_raw_parts_mut(p.as_ptr(), written) })
    }

    /// Allocates a slice from any iterator. An iterator that does not know
    /// its exact length is first collected on the heap, then moved in.
    ///
    /// # Panics
    /// When the limit is reached or the global allocator fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let evens = r.alloc_slice_from_iter((0..10).filter(|n| n % 2 == 0));
    /// assert_eq!(evens, &[0, 2, 4, 6, 8]);
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_slice_from_iter<T, I: IntoIterator<Item = T>>(&self, iter: I) -> &mut [T] {
        match self.try_alloc_slice_from_iter(iter) {
            Ok(slice) => slice,
            Err(AllocError) => slice_alloc_failed(),
        }
    }

    /// [`alloc_slice_from_iter`](Self::alloc_slice_from_iter), or [`AllocError`].
    ///
    /// ```
    /// let r = region::Region::new();
    /// let xs = r.try_alloc_slice_from_iter("a,b".split(',')).unwrap();
    /// assert_eq!(xs, &["a", "b"]);
    /// ```
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_slice_from_iter<T, I: IntoIterator<Item = T>>(
        &self,
        iter: I,
    ) -> Result<&mut [T], AllocError> {
        assert_no_drop!(T);
        let iter = iter.into_iter();
        if let (lower, Some(upper)) = iter.size_hint() {
            if lower == upper {
                return self.try_alloc_slice_fill_iter(ExactLen { iter, len: lower });
            }
        }
        let mut items: Vec<MaybeUninit<T>> = iter.map(MaybeUninit::new).collect();
        let layout = Layout::array::<T>(items.len()).map_err(|_| AllocError)?;
        let p = self.try_alloc_layout_inner(layout)?.cast::<T>();
        // SAFETY: `p` is fresh memory for `items.len()` values of `T`; the
        // values are moved (bitwise) out of `items`, whose `MaybeUninit`
        // elements are then freed without being dropped.
        unsafe {
            ptr::copy_nonoverlapping(items.as_ptr().cast::<T>(), p.as_ptr(), items.len());
            let len = items.len();
            items.set_len(0);
            Ok(slice::from_raw_parts_mut(p.as_ptr(), len))
        }
    }
}

/// Trusts a `size_hint` that claims an exact length, without relying on it
/// for safety: `try_alloc_slice_fill_iter` stops at whichever end comes first.
struct ExactLen<I> {
    iter: I,
    len: usize,
}

impl<I: Iterator> Iterator for ExactLen<I> {
    type Item = I::Item;
    fn next(&mut self) -> Option<I::Item> {
        self.iter.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len, Some(self.len))
    }
}

impl<I: Iterator> ExactSizeIterator for ExactLen<I> {}

/// Which spare chunk to reuse.
#[derive(Clone, Copy)]
enum Fit {
    /// The first in the spare list (the oldest): replays the chunk order of
    /// the work that filled them, so a repeated workload needs no new chunk.
    First,
    /// The smallest that fits, for a request that gets a chunk of its own.
    Smallest,
}

/// A well-aligned non-null pointer without provenance, for zero-sized requests.
fn dangling(align: usize) -> NonNull<u8> {
    NonNull::new(ptr::without_provenance_mut(align)).expect("alignment is non-zero")
}
