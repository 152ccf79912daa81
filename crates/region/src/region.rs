//! The region itself: the bump fast path, the refill path, reset and checkpoints.

use alloc::vec::Vec;
use core::alloc::Layout;
use core::cell::Cell;
use core::fmt;
use core::mem;
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
/// The largest chunk size the builder keeps: twice it still fits a
/// [`Layout`] (at most `isize::MAX` bytes), so doubling never overflows.
const MAX_CHUNK: usize = 1 << (usize::BITS - 2);

/// The cursor and start of the empty state: no provenance, aligned to
/// [`CHUNK_ALIGN`] like a chunk's base, so that the fast path's arithmetic
/// needs no special case for it (no room: every non-empty request fails).
const EMPTY: NonNull<u8> = NonNull::<Footer>::dangling().cast();

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
    /// equals [`EMPTY`] (the empty state) when there is no current chunk.
    /// Bytes `ptr..top` have been handed out.
    ptr: Cell<NonNull<u8>>,
    /// Lowest free address of the current chunk, a multiple of
    /// [`CHUNK_ALIGN`] with the chunk's provenance: bytes `base..start` hold
    /// the blocks grown upward (see [`grow_block`](Self::grow_block)), so
    /// the free space is `start..ptr`. [`EMPTY`] in the empty state, so that
    /// every non-empty request takes the slow path. Always `start <= ptr`.
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
        let first = round_chunk(self.first.clamp(MIN_CHUNK, MAX_CHUNK));
        let max = round_chunk(self.max.clamp(first, MAX_CHUNK));
        let mut region = Region {
            ptr: Cell::new(EMPTY),
            start: Cell::new(EMPTY),
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
            // Preallocation is best effort: if the memory cannot be had now,
            // `with_capacity` behaves like `new`, default chunk sizes included
            // (a first size that malloc refused would be refused again).
            let chunk = ordinary_layout(first).and_then(|layout| region.obtain_chunk(layout).ok());
            match chunk {
                Some(chunk) => {
                    region.push_used(chunk);
                    region.make_current(chunk);
                    region.grow_next_size();
                }
                None => {
                    region.next_size.set(DEFAULT_FIRST_CHUNK);
                    region.max_size = DEFAULT_MAX_CHUNK;
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
            ptr: Cell::new(EMPTY),
            start: Cell::new(EMPTY),
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
    ///
    /// `ptr - start` cannot wrap (`start <= ptr`), so comparing the size with
    /// it needs no overflow check; and since `start` is a multiple of
    /// [`CHUNK_ALIGN`], rounding down to a smaller alignment cannot go below
    /// it: only over-aligned layouts need a second comparison.
    #[inline(always)]
    fn bump(&self, layout: Layout) -> Option<NonNull<u8>> {
        let ptr = self.ptr.get();
        let addr = ptr.addr().get();
        let start = self.start.get().addr().get();
        if layout.size() > addr - start {
            return None;
        }
        let new = (addr - layout.size()) & !(layout.align() - 1);
        if layout.align() > CHUNK_ALIGN && new < start {
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

    /// Allocates memory for `layout`, or panics inside the refill path, so
    /// that the fast path carries no `Result` back.
    #[inline(always)]
    #[track_caller]
    fn alloc_layout_inner(&self, layout: Layout) -> NonNull<u8> {
        match self.bump(layout) {
            Some(p) => p,
            None => self.alloc_slow_or_panic(layout),
        }
    }

    // ----- the refill path -----------------------------------------------

    /// [`alloc_slow`](Self::alloc_slow), panicking on failure.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn alloc_slow_or_panic(&self, layout: Layout) -> NonNull<u8> {
        match self.alloc_slow(layout) {
            Ok(p) => p,
            Err(AllocError) => alloc_failed(layout),
        }
    }

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
        let empty = self.current.get().is_none();
        let small = need <= next / 4 || (empty && need <= next / 2);
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
            let chunk = self.chunk_of_its_own(need, layout.align())?;
            self.push_used(chunk);
            self.grow_next_size();
            if empty {
                // No current chunk (a new or reset region): this one becomes
                // current, so that a spare's free space is not left unused.
                self.make_current(chunk);
                return Ok(self.bump(layout).expect("the chunk holds `need` bytes"));
            }
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

    /// Finds room for a growing block that no longer fits the current chunk:
    /// a new current chunk (an ordinary one for a small block, one of its own
    /// for a large one), with the block at the bottom of its free space, so
    /// that its next growth is in place.
    #[cold]
    #[inline(never)]
    fn relocate(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        // Enough for `layout` at the bottom of any chunk, whatever the
        // padding; the end rounded up to `CHUNK_ALIGN` stays below the top,
        // which is a multiple of it.
        let need = layout
            .size()
            .checked_add(layout.align() - 1)
            .ok_or(AllocError)?;
        let chunk = if need <= self.next_size.get() / 4 {
            match self.take_spare(need, Fit::First) {
                Some(chunk) => chunk,
                None => self.new_ordinary_chunk(need)?,
            }
        } else {
            let chunk = self.chunk_of_its_own(need, layout.align())?;
            self.grow_next_size();
            chunk
        };
        self.push_used(chunk);
        self.make_current(chunk);
        let start = self.start.get();
        // Cannot fail: the chunk holds `need` bytes above `start`.
        let addr = round_up(start.addr().get(), layout.align()).expect("in the chunk");
        let end = round_up(addr + layout.size(), CHUNK_ALIGN).expect("in the chunk");
        debug_assert!(end <= self.ptr.get().addr().get());
        // SAFETY: `start <= addr <= end <= cursor` (the chunk holds `need`
        // bytes and its top is a multiple of `CHUNK_ALIGN`): inside its data.
        let p = unsafe { start.add(addr - start.addr().get()) };
        // SAFETY: as above.
        self.start
            .set(unsafe { start.add(end - start.addr().get()) });
        Ok(p)
    }

    /// A chunk for one large block of `need` bytes aligned to `align`: the
    /// smallest spare chunk that holds it, or a new chunk of just that size.
    fn chunk_of_its_own(&self, need: usize, align: usize) -> Result<NonNull<Footer>, AllocError> {
        match self.take_spare(need, Fit::Smallest) {
            Some(chunk) => Ok(chunk),
            None => {
                let layout = chunk_layout(need, align).ok_or(AllocError)?;
                self.obtain_chunk(layout)
            }
        }
    }

    /// A new ordinary chunk of `next_size` bytes, or, if the limit or the
    /// global allocator refuses it, the largest that the rest of the limit
    /// allows and that holds `need` (then the next size is not doubled).
    fn new_ordinary_chunk(&self, need: usize) -> Result<NonNull<Footer>, AllocError> {
        let size = self.next_size.get();
        if let Some(layout) = ordinary_layout(size) {
            if let Ok(chunk) = self.obtain_chunk(layout) {
                self.grow_next_size();
                return Ok(chunk);
            }
        }
        self.obtain_fallback(size - MALLOC_OVERHEAD, need, CHUNK_ALIGN)
    }

    /// A chunk of at most `want` bytes (the whole layout) holding `need`
    /// bytes of data aligned to `align`: `want` if the limit leaves room for
    /// it, otherwise the rest of the limit, and as a last resort a chunk just
    /// large enough.
    fn obtain_fallback(
        &self,
        want: usize,
        need: usize,
        align: usize,
    ) -> Result<NonNull<Footer>, AllocError> {
        let least = chunk_layout(need, align).ok_or(AllocError)?;
        let room = self.limit.saturating_sub(self.capacity.get()) & !(CHUNK_ALIGN - 1);
        let size = want.min(room);
        if size > least.size() {
            let larger = chunk_layout(size - size_of::<Footer>(), align)
                .filter(|layout| layout.size() <= size);
            if let Some(layout) = larger {
                if let Ok(chunk) = self.obtain_chunk(layout) {
                    return Ok(chunk);
                }
            }
        }
        self.obtain_chunk(least)
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
    /// cursor to its top and its low end to its base.
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
        footer.low.set(footer.base);
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
        self.start.set(footer.low.get());
        self.ptr.set(footer.cursor.get());
    }

    /// Saves the live cursor and low end into the current chunk's footer.
    fn retire_current(&self) {
        if let Some(current) = self.current.get() {
            // SAFETY: the current chunk is live.
            let footer = unsafe { current.as_ref() };
            footer.cursor.set(self.ptr.get());
            footer.low.set(self.start.get());
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
    /// makes no call to the global allocator from the second reset on. The
    /// old chunks are freed before the merged one is allocated (the heap
    /// never holds both), and the kept chunk is a spare until the next
    /// allocation, so [`free_spare`](Self::free_spare) right after a reset
    /// gives all the memory back.
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
        self.ptr.set(EMPTY);
        self.start.set(EMPTY);
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
            // The old chunks are freed before the merged one is requested, so
            // that the heap never holds both, and the merged chunk is had
            // within the limit like any other.
            let merged = chunk_layout(self.capacity.get() - size_of::<Footer>(), CHUNK_ALIGN);
            self.free_spare();
            if let Some(chunk) = merged.and_then(|layout| self.obtain_chunk(layout).ok()) {
                self.spare.set(Some(chunk));
            }
        }
        // Every chunk stays a spare, so `free_spare` can still release them
        // all; the next allocation takes the first.
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
            let (cursor, low) = if is_current {
                (self.ptr.get(), self.start.get())
            } else {
                (footer.cursor.get(), footer.low.get())
            };
            let top = Footer::top(chunk).addr().get();
            let low_used = low.addr().get() - footer.base.addr().get();
            chunk_list.push(ChunkStats {
                size: footer.total_size(),
                used: top - cursor.addr().get() + low_used,
                free: cursor.addr().get() - low.addr().get(),
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
            let (cursor, low) = if Some(chunk) == current {
                (self.ptr.get(), self.start.get())
            } else {
                (footer.cursor.get(), footer.low.get())
            };
            total += Footer::top(chunk).addr().get() - cursor.addr().get();
            total += low.addr().get() - footer.base.addr().get();
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
        self.alloc_layout_inner(layout)
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
        assert_no_drop!(T);
        let p = self.alloc_layout_inner(Layout::new::<T>()).cast::<T>();
        // SAFETY: as in `try_alloc`: fresh, aligned, exclusive memory for a `T`.
        unsafe {
            p.write(value);
            &mut *p.as_ptr()
        }
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
        assert_no_drop!(T);
        let p = self.alloc_layout_inner(Layout::new::<T>()).cast::<T>();
        // SAFETY: as in `try_alloc`: fresh, aligned, exclusive memory for a `T`.
        unsafe {
            p.write(f());
            &mut *p.as_ptr()
        }
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
        let bytes = self.alloc_slice_copy(s.as_bytes());
        // SAFETY: `bytes` is a copy of a `str`, hence valid UTF-8.
        unsafe { core::str::from_utf8_unchecked_mut(bytes) }
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
        let p = self.alloc_layout_inner(Layout::for_value(src)).cast::<T>();
        // SAFETY: as in `try_alloc_slice_copy`: fresh, aligned memory for
        // `src.len()` values, disjoint from `src`; `T: Copy`.
        unsafe {
            ptr::copy_nonoverlapping(src.as_ptr(), p.as_ptr(), src.len());
            slice::from_raw_parts_mut(p.as_ptr(), src.len())
        }
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
    ///
    /// The slice holds exactly what the iterator yields: should it yield
    /// fewer or more items than its `len()` said, the slice is shortened or
    /// grown (in place where it can be) instead of being truncated.
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
        let iter = iter.into_iter();
        let len = iter.len();
        self.try_collect(iter, len)
    }

    /// Allocates a slice from any iterator, without a heap allocation: the
    /// items are written into the region directly, in a block that grows in
    /// place while it is the region's most recent allocation (it is moved
    /// otherwise, for instance when the iterator allocates in the region
    /// too). `size_hint` only sets the first capacity: the slice holds
    /// exactly what the iterator yields.
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
        let iter = iter.into_iter();
        let capacity = iter.size_hint().0;
        self.try_collect(iter, capacity)
    }

    /// Moves every item of `iter` into a slice in the region: a block of
    /// `capacity` values, doubled (in place where it can be) when full, and
    /// shrunk to the items written at the end.
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    fn try_collect<T, I: Iterator<Item = T>>(
        &self,
        mut iter: I,
        capacity: usize,
    ) -> Result<&mut [T], AllocError> {
        assert_no_drop!(T);
        if size_of::<T>() == 0 {
            let len = iter.count();
            // SAFETY: a slice of zero-sized values needs no memory, only an
            // aligned non-null pointer.
            return Ok(unsafe { slice::from_raw_parts_mut(NonNull::dangling().as_ptr(), len) });
        }
        let array = |n: usize| Layout::array::<T>(n).map_err(|_| AllocError);
        let mut cap = capacity;
        let mut buf = self.try_alloc_layout_inner(array(cap)?)?.cast::<T>();
        let mut len = 0;
        loop {
            while len < cap {
                let Some(value) = iter.next() else {
                    // SAFETY: `buf` is the block of `cap` values allocated or
                    // grown above; its first `len` slots are initialised.
                    let p = unsafe { self.shrink_block(buf.cast(), array(cap)?, array(len)?) };
                    // SAFETY: the block now holds the `len` values, moved
                    // by `shrink_block` if it moved.
                    return Ok(unsafe { slice::from_raw_parts_mut(p.cast().as_ptr(), len) });
                };
                // SAFETY: `len < cap`: slot `len` lies in the block.
                unsafe { buf.add(len).write(value) };
                len += 1;
            }
            let Some(value) = iter.next() else {
                // SAFETY: the block is full: all `cap` slots are initialised.
                return Ok(unsafe { slice::from_raw_parts_mut(buf.as_ptr(), len) });
            };
            let new_cap = cap.checked_mul(2).ok_or(AllocError)?.max(4);
            // SAFETY: `buf` is a live block of `cap` values of this region.
            buf = unsafe { self.grow_block(buf.cast(), array(cap)?, array(new_cap)?) }?.cast();
            cap = new_cap;
            // SAFETY: `len == old cap < cap`: slot `len` lies in the block.
            unsafe { buf.add(len).write(value) };
            len += 1;
        }
    }

    // ----- growth in place -----------------------------------------------

    /// Whether a block starting at `ptr` is the most recent allocation of
    /// the current chunk (the cursor points at its first byte).
    fn is_last(&self, ptr: NonNull<u8>) -> bool {
        ptr == self.ptr.get()
    }

    /// Whether the block `ptr` of `size > 0` bytes is the newest block grown
    /// upward in the current chunk: it lies below `start` and `start` is its
    /// end rounded up to [`CHUNK_ALIGN`]. Blocks grown upward form a stack
    /// whose every block starts at or above the end of the previous one
    /// rounded up, so no other block of any chunk passes this test.
    fn is_low_top(&self, ptr: NonNull<u8>, size: usize) -> bool {
        let Some(current) = self.current.get() else {
            return false;
        };
        // SAFETY: the current chunk is live.
        let base = unsafe { current.as_ref() }.base.addr().get();
        let (addr, start) = (ptr.addr().get(), self.start.get().addr().get());
        base <= addr && addr < start && round_up(addr + size, CHUNK_ALIGN) == Some(start)
    }

    /// Grows the block `ptr` of `old` to `new` (`new.size() >= old.size()`),
    /// keeping its contents.
    ///
    /// Ordinary allocations bump down from the top of the current chunk;
    /// grown blocks go the other way. A block is moved once to the bottom of
    /// the chunk's free space (`start`), and from then on, while it is the
    /// newest block there, it grows upward in place by raising `start`,
    /// without copying: a vector pushed to a million elements is copied
    /// only when it outgrows a chunk. The newest ordinary allocation gives
    /// its bytes back when it moves. When the free space cannot hold the
    /// block, it moves to the bottom of a new current chunk. On failure the
    /// old block is untouched.
    ///
    /// # Safety
    /// `ptr` must be a live block of this region allocated with `old` (or
    /// grown or shrunk to it), allocated since the last checkpoint still in
    /// force, and not used afterwards (only the returned pointer).
    pub(crate) unsafe fn grow_block(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(new.size() >= old.size());
        if new.size() == 0 {
            return self.try_alloc_layout_inner(new);
        }
        let (cursor, start) = (self.ptr.get(), self.start.get());
        let low = old.size() > 0 && self.is_low_top(ptr, old.size());
        if low && ptr.addr().get() % new.align() == 0 {
            // The newest grown block: extend it up into the free space.
            let end = round_up(ptr.addr().get() + new.size(), CHUNK_ALIGN);
            if let Some(end) = end.filter(|&end| end <= cursor.addr().get()) {
                // SAFETY: `ptr < end <= cursor`: inside the current chunk.
                self.start.set(unsafe { ptr.add(end - ptr.addr().get()) });
                return Ok(ptr);
            }
        }
        let last = !low && old.size() > 0 && self.is_last(ptr);
        // The free space, with the block itself if it is the newest
        // ordinary allocation (it is released when it moves).
        let limit = cursor.addr().get() + if last { old.size() } else { 0 };
        // (No let chains: the crate's MSRV is 1.85.)
        let fit = (!low)
            .then(|| round_up(start.addr().get(), new.align()))
            .flatten()
            .and_then(|addr| {
                let end = round_up(addr.saturating_add(new.size()), CHUNK_ALIGN)?;
                (end <= limit).then_some((addr, end))
            });
        if let Some((addr, end)) = fit {
            // SAFETY: `start <= addr < end <= limit`, and `limit` is the
            // cursor or the end of the block above it: inside the current
            // chunk (not in the empty state, where `start == limit`).
            let p = unsafe { start.add(addr - start.addr().get()) };
            // SAFETY: the old block holds `old.size()` bytes and the new one
            // `new.size()` in the same chunk; they overlap only when the block
            // was the newest ordinary allocation, and `copy` allows that.
            unsafe { ptr::copy(ptr.as_ptr(), p.as_ptr(), old.size()) };
            if last {
                // SAFETY: `cursor + old.size()` is the block's end, at most
                // the chunk's top.
                self.ptr.set(unsafe { cursor.add(old.size()) });
            }
            // SAFETY: `end <= limit`: inside the current chunk.
            self.start
                .set(unsafe { start.add(end - start.addr().get()) });
            return Ok(p);
        }
        // Released, so that the chunk's bytes are not lost if it is used
        // again; the bytes are still read below, before anything can reuse
        // them (the new block lies in another chunk).
        if low {
            // `ptr` is a multiple of `CHUNK_ALIGN`: grown blocks start at a
            // rounded `start`.
            self.start.set(ptr);
        } else if last {
            // SAFETY: `cursor + old.size()` is the block's end.
            self.ptr.set(unsafe { cursor.add(old.size()) });
        }
        let p = match self.relocate(new) {
            Ok(p) => p,
            Err(AllocError) => {
                // Nothing else changed: the block is allocated again.
                self.ptr.set(cursor);
                self.start.set(start);
                return Err(AllocError);
            }
        };
        // SAFETY: the old block holds `old.size()` bytes, still intact, and
        // the new one lies in a chunk that was not current: disjoint.
        unsafe { ptr::copy_nonoverlapping(ptr.as_ptr(), p.as_ptr(), old.size()) };
        Ok(p)
    }

    /// Shrinks the block `ptr` of `old` to `new` (`new.size() <=
    /// old.size()`), keeping its first `new.size()` bytes. The most recent
    /// allocation gives the freed bytes back (its contents move up to the
    /// cursor's new position); another block stays where it is if it is
    /// aligned for `new`, and is copied otherwise.
    ///
    /// # Safety
    /// As for [`grow_block`](Self::grow_block).
    pub(crate) unsafe fn shrink_block(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> NonNull<u8> {
        // SAFETY: forwarded from the caller.
        match unsafe { self.try_shrink_block(ptr, old, new) } {
            Ok(p) => p,
            Err(AllocError) => alloc_failed(new),
        }
    }

    /// [`shrink_block`](Self::shrink_block), failing only when a misaligned
    /// block needs a new one and none can be had.
    ///
    /// # Safety
    /// As for [`grow_block`](Self::grow_block).
    pub(crate) unsafe fn try_shrink_block(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(new.size() <= old.size());
        if old.size() > 0 && ptr.addr().get() % new.align() == 0 && self.is_low_top(ptr, old.size())
        {
            let end = round_up(ptr.addr().get() + new.size(), CHUNK_ALIGN)
                .expect("the block's end is in the chunk");
            // SAFETY: `ptr <= end <= start`: the bytes given back lie in the
            // block and its rounding.
            self.start.set(unsafe { ptr.add(end - ptr.addr().get()) });
            return Ok(ptr);
        }
        if old.size() > 0 && self.is_last(ptr) {
            let cursor = self.ptr.get();
            let addr = (cursor.addr().get() + old.size() - new.size()) & !(new.align() - 1);
            if addr >= cursor.addr().get() {
                // SAFETY: `cursor <= addr <= cursor + old.size() - new.size()`:
                // inside the block.
                let p = unsafe { cursor.add(addr - cursor.addr().get()) };
                // SAFETY: both ranges lie in the old block; `copy` allows
                // them to overlap.
                unsafe { ptr::copy(cursor.as_ptr(), p.as_ptr(), new.size()) };
                self.ptr.set(p);
                return Ok(p);
            }
        }
        if ptr.addr().get() % new.align() == 0 {
            return Ok(ptr);
        }
        let p = self.try_alloc_layout_inner(new)?;
        // SAFETY: the old block holds at least `new.size()` bytes; the new
        // one is fresh and disjoint.
        unsafe { ptr::copy_nonoverlapping(ptr.as_ptr(), p.as_ptr(), new.size()) };
        Ok(p)
    }

    /// Gives back the block `ptr` of `layout` if it is the most recent
    /// allocation or the newest grown block; any other block stays allocated
    /// until reset or drop.
    ///
    /// # Safety
    /// As for [`grow_block`](Self::grow_block).
    #[cfg(feature = "allocator-api2")]
    pub(crate) unsafe fn release_block(&self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() > 0 && self.is_last(ptr) {
            // SAFETY: the block lies in the current chunk, so its end is at
            // most the chunk's top.
            self.ptr.set(unsafe { self.ptr.get().add(layout.size()) });
        } else if layout.size() > 0 && self.is_low_top(ptr, layout.size()) {
            // Grown blocks start at a multiple of `CHUNK_ALIGN`.
            self.start.set(ptr);
        }
    }
}

/// Which spare chunk to reuse.
#[derive(Clone, Copy)]
enum Fit {
    /// The first in the spare list (the oldest): replays the chunk order of
    /// the work that filled them, so a repeated workload needs no new chunk.
    First,
    /// The smallest that fits, for a request that gets a chunk of its own.
    Smallest,
}

/// `addr` rounded up to `align` (a power of two), if that fits a `usize`.
fn round_up(addr: usize, align: usize) -> Option<usize> {
    Some(addr.checked_add(align - 1)? & !(align - 1))
}

/// A well-aligned non-null pointer without provenance, for zero-sized requests.
fn dangling(align: usize) -> NonNull<u8> {
    NonNull::new(ptr::without_provenance_mut(align)).expect("alignment is non-zero")
}
