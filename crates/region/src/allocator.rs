//! `allocator_api2::alloc::Allocator` for `&Region` (feature `allocator-api2`).

use allocator_api2::alloc::{AllocError, Allocator};
use core::alloc::Layout;
use core::ptr::NonNull;

use crate::Region;

// SAFETY: memory returned by `allocate` stays valid until the region is reset
// or dropped, which needs `&mut Region` and so cannot happen while a `&Region`
// (this allocator) or anything allocated through it is alive. `deallocate`,
// `grow` and `shrink` move the cursor or the chunk's low end only for the
// most recent allocation or the newest grown block, and leave other blocks
// untouched.
unsafe impl Allocator for &Region {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        let p = self.try_alloc_layout(layout).map_err(|_| AllocError)?;
        Ok(NonNull::slice_from_raw_parts(p, layout.size()))
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller guarantees `ptr` is a live block of this region
        // with `layout`, not used afterwards. Blocks are allocated since the
        // last checkpoint in force: a scope borrows the region mutably, so no
        // `&Region` allocator outlives into it.
        unsafe { self.release_block(ptr, layout) }
    }

    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: as for `deallocate`; the caller guarantees
        // `new_layout.size() >= old_layout.size()`.
        let p = unsafe { self.grow_block(ptr, old_layout, new_layout) }.map_err(|_| AllocError)?;
        Ok(NonNull::slice_from_raw_parts(p, new_layout.size()))
    }

    unsafe fn grow_zeroed(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: as for `grow`.
        let p = unsafe { self.grow_block(ptr, old_layout, new_layout) }.map_err(|_| AllocError)?;
        // SAFETY: the new block holds `new_layout.size()` bytes, of which the
        // first `old_layout.size()` are the old contents.
        unsafe {
            p.add(old_layout.size())
                .write_bytes(0, new_layout.size() - old_layout.size());
        }
        Ok(NonNull::slice_from_raw_parts(p, new_layout.size()))
    }

    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: as for `deallocate`; the caller guarantees
        // `new_layout.size() <= old_layout.size()`.
        let p = unsafe { self.try_shrink_block(ptr, old_layout, new_layout) }
            .map_err(|_| AllocError)?;
        Ok(NonNull::slice_from_raw_parts(p, new_layout.size()))
    }
}
