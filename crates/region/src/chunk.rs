//! Chunks: one global allocation each, with its bookkeeping in a footer at the end.
//!
//! ```text
//!  base                                             footer
//!  v                                                v
//!  [ grown blocks (up) | free ... | allocations (down) ][ Footer ]
//!                      ^ low      ^ cursor
//! ```
//!
//! Ordinary allocations bump down from the top; a block that is grown
//! (`Region::grow_block`) moves once to the bottom of the
//! free space and from then on grows upward in place, without copying.

use alloc::alloc::{alloc, dealloc};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// Alignment of every chunk and of its footer; allocations with a smaller
/// alignment never need padding at the top of a fresh chunk.
pub(crate) const CHUNK_ALIGN: usize = 16;

/// Size (and alignment) of a transparent huge page on x86-64 and aarch64
/// Linux: chunks of a region built with
/// [`huge_pages`](crate::RegionBuilder::huge_pages) are rounded to multiples
/// of it.
pub(crate) const HUGE_PAGE: usize = 2 * 1024 * 1024;

/// What glibc's malloc adds to a request; chunk requests subtract it so that
/// the block malloc carves out is a round size.
pub(crate) const MALLOC_OVERHEAD: usize = 16;

/// Bookkeeping for one chunk, stored at the chunk's end.
///
/// Invariants (for a footer reachable from a [`Region`](crate::Region)):
/// - `base..footer` is the chunk's data, inside one live global allocation of
///   `layout` starting at `base`, and the footer lies at
///   `base + layout.size() - size_of::<Footer>()`.
/// - `cursor` lies in `base..=footer` and has `base`'s provenance; bytes in
///   `cursor..footer` have been handed out. For the current chunk the live
///   cursor is the region's, and this one is stale until the chunk is retired.
/// - `low` lies in `base..=cursor`, is a multiple of [`CHUNK_ALIGN`] and has
///   `base`'s provenance; bytes in `base..low` have been handed out (blocks
///   grown upward). For the current chunk the live value is the region's
///   `start`, as for `cursor`.
#[repr(C, align(16))]
pub(crate) struct Footer {
    pub(crate) base: NonNull<u8>,
    pub(crate) layout: Layout,
    pub(crate) cursor: Cell<NonNull<u8>>,
    pub(crate) low: Cell<NonNull<u8>>,
    /// The next older chunk in the same list (used or spare).
    pub(crate) prev: Cell<Option<NonNull<Footer>>>,
}

const _: () =
    assert!(align_of::<Footer>() == CHUNK_ALIGN && size_of::<Footer>() % CHUNK_ALIGN == 0);

impl Footer {
    /// The highest address of the chunk's data (where the footer starts).
    #[inline]
    pub(crate) fn top(this: NonNull<Footer>) -> NonNull<u8> {
        this.cast()
    }

    /// Bytes of data (the chunk without its footer).
    pub(crate) fn data_size(&self) -> usize {
        self.layout.size() - size_of::<Footer>()
    }

    /// The chunk's total size as requested from the global allocator.
    pub(crate) fn total_size(&self) -> usize {
        self.layout.size()
    }
}

/// The layout of a chunk that offers at least `data` bytes of data.
/// Returns `None` when the size overflows.
pub(crate) fn chunk_layout(data: usize, align: usize) -> Option<Layout> {
    let align = align.max(CHUNK_ALIGN);
    let size = data.checked_add(size_of::<Footer>())?;
    let size = size.checked_add(align - 1)? & !(align - 1);
    Layout::from_size_align(size, align).ok()
}

/// Allocates a chunk with `layout` from the global allocator and writes its
/// footer. The cursor starts at the top and `low` at the base (an empty
/// chunk).
///
/// With `huge_pages`, a layout aligned to [`HUGE_PAGE`] is advised to the
/// kernel as a candidate for transparent huge pages (Linux), **before** the
/// footer is written: once a 4 KiB page of a 2 MiB range has been touched,
/// the kernel no longer backs that range with one huge page at the first
/// fault.
pub(crate) fn new_chunk(layout: Layout, huge_pages: bool) -> Option<NonNull<Footer>> {
    debug_assert!(layout.size() >= size_of::<Footer>());
    debug_assert!(layout.align() >= CHUNK_ALIGN);
    // SAFETY: `layout` has a non-zero size (at least one footer).
    let base = NonNull::new(unsafe { alloc(layout) })?;
    if huge_pages && layout.align() >= HUGE_PAGE {
        advise_huge_pages(base, layout.size());
    }
    let offset = layout.size() - size_of::<Footer>();
    // SAFETY: `offset + size_of::<Footer>() == layout.size()`, so the footer
    // lies inside the allocation; `layout.size()` and `layout.align()` are both
    // multiples of `CHUNK_ALIGN` >= align_of::<Footer>(), so it is aligned.
    let footer = unsafe { base.add(offset) }.cast::<Footer>();
    // SAFETY: `footer` is valid for writes and aligned (see above).
    unsafe {
        footer.write(Footer {
            base,
            layout,
            cursor: Cell::new(footer.cast()),
            low: Cell::new(base),
            prev: Cell::new(None),
        });
    }
    Some(footer)
}

/// Asks the kernel to back `base..base + size` with transparent huge pages
/// (`madvise(MADV_HUGEPAGE)`). Advice only: whether it is followed depends
/// on `/sys/kernel/mm/transparent_hugepage/enabled` (`madvise` or `always`)
/// and on free memory; failure changes nothing but speed.
#[cfg(all(target_os = "linux", not(miri)))]
fn advise_huge_pages(base: NonNull<u8>, size: usize) {
    // SAFETY: `base..base + size` is one live allocation of ours, not yet
    // read or written; MADV_HUGEPAGE changes neither its contents nor its
    // validity, only how the kernel backs it.
    let _ = unsafe { libc::madvise(base.as_ptr().cast(), size, libc::MADV_HUGEPAGE) };
}

/// Elsewhere (and under Miri, which cannot call the kernel) huge pages are
/// left to the system: the chunk is only aligned.
#[cfg(not(all(target_os = "linux", not(miri))))]
fn advise_huge_pages(_base: NonNull<u8>, _size: usize) {}

/// Returns a chunk's memory to the global allocator.
///
/// # Safety
/// `footer` must come from [`new_chunk`], not have been freed, and no
/// reference into the chunk may be used afterwards.
pub(crate) unsafe fn free_chunk(footer: NonNull<Footer>) {
    // SAFETY: the caller guarantees the footer is live.
    let (base, layout) = unsafe {
        let f = footer.as_ref();
        (f.base, f.layout)
    };
    // SAFETY: `base` was returned by `alloc(layout)` and is freed once.
    unsafe { dealloc(base.as_ptr(), layout) };
}
