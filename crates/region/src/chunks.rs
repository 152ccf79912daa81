//! Iteration over the bytes handed out in each chunk, under `&mut Region`.

use core::fmt;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use core::slice;

use crate::Region;
use crate::chunk::Footer;

/// The iterator of [`Region::iter_allocated_chunks`].
pub struct AllocatedChunks<'a> {
    /// The next chunk to yield, from the region's `used` list. Invariant:
    /// every footer reachable from it is live with an up-to-date cursor for
    /// `'a`, since the region is exclusively borrowed for `'a`.
    next: Option<NonNull<Footer>>,
    /// The grown blocks of the chunk just yielded, yielded next.
    low: Option<&'a [MaybeUninit<u8>]>,
    _region: PhantomData<&'a mut Region>,
}

impl fmt::Debug for AllocatedChunks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AllocatedChunks").finish_non_exhaustive()
    }
}

impl<'a> Iterator for AllocatedChunks<'a> {
    type Item = &'a [MaybeUninit<u8>];

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(low) = self.low.take() {
            return Some(low);
        }
        loop {
            let chunk = self.next?;
            // SAFETY: `chunk` is live for `'a` (invariant of `next`).
            let footer = unsafe { chunk.as_ref() };
            self.next = footer.prev.get();
            let (base, low) = (footer.base, footer.low.get());
            let low_len = low.addr().get() - base.addr().get();
            if low_len > 0 {
                // SAFETY: `base..low` holds the chunk's grown blocks (`Footer::
                // low`, synced by `sync_used_chunks`), in one live allocation
                // with `base`'s provenance; the rest as below.
                self.low = Some(unsafe {
                    slice::from_raw_parts(base.as_ptr().cast::<MaybeUninit<u8>>(), low_len)
                });
            }
            let cursor = footer.cursor.get();
            let len = Footer::top(chunk).addr().get() - cursor.addr().get();
            if len == 0 {
                if let Some(low) = self.low.take() {
                    return Some(low);
                }
                continue;
            }
            // SAFETY: `cursor..top` is the chunk's handed-out part (`Footer::
            // cursor`, synced by `sync_used_chunks`), in one live allocation,
            // with `cursor`'s provenance; the region is borrowed `&mut` for
            // `'a`, so no `&mut` into it is usable and no chunk is freed; read
            // as `MaybeUninit<u8>`, since padding is uninitialised.
            return Some(unsafe {
                slice::from_raw_parts(cursor.as_ptr().cast::<MaybeUninit<u8>>(), len)
            });
        }
    }
}

impl core::iter::FusedIterator for AllocatedChunks<'_> {}

impl Region {
    /// The bytes handed out in each chunk, newest chunk first; chunks with
    /// nothing allocated are skipped.
    ///
    /// Allocation bumps downward, so inside a chunk the newest allocation
    /// comes first. Blocks grown through the `Allocator` interface (a
    /// growing vector or string) sit at the bottom of their chunk instead:
    /// a chunk holding any yields them as a second slice, after its
    /// ordinary allocations. The bytes are `MaybeUninit<u8>`: alignment padding and
    /// memory obtained with [`alloc_layout`](Self::alloc_layout) and never
    /// written are uninitialised. Taking `&mut self` ensures that no
    /// reference handed out by the region is alive while its bytes are read.
    ///
    /// ```
    /// use std::mem::MaybeUninit;
    ///
    /// let mut r = region::Region::new();
    /// r.alloc_str("world");
    /// r.alloc_str("hello ");
    /// let bytes: Vec<u8> = r
    ///     .iter_allocated_chunks()
    ///     .flatten()
    ///     // SAFETY: only `str` bytes, no padding, were allocated.
    ///     .map(|b| unsafe { MaybeUninit::assume_init(*b) })
    ///     .collect();
    /// assert_eq!(bytes, b"hello world");
    /// ```
    pub fn iter_allocated_chunks(&mut self) -> AllocatedChunks<'_> {
        AllocatedChunks {
            next: self.sync_used_chunks(),
            low: None,
            _region: PhantomData,
        }
    }
}
