//! `allocator_api2::alloc::Allocator` for `&Region` (feature `allocator-api2`).

use allocator_api2::alloc::{AllocError, Allocator};
use core::alloc::Layout;
use core::ptr::NonNull;

use crate::Region;

// SAFETY: memory returned by `allocate` stays valid until the region is reset
// or dropped, which needs `&mut Region` and so cannot happen while a `&Region`
// (this allocator) or anything allocated through it is alive. `deallocate`
// and `shrink` leave other blocks untouched.
unsafe impl Allocator for &Region {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        let p = self.try_alloc_layout(layout).map_err(|_| AllocError)?;
        Ok(NonNull::slice_from_raw_parts(p, layout.size()))
    }

    unsafe fn deallocate(&self, _ptr: NonNull<u8>, _layout: Layout) {
        // A region frees everything at once; single blocks are not reclaimed.
    }

    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        debug_assert!(new_layout.size() <= old_layout.size());
        if ptr.addr().get() % new_layout.align() == 0 {
            // The block already satisfies the smaller layout.
            Ok(NonNull::slice_from_raw_parts(ptr, new_layout.size()))
        } else {
            let new = self.allocate(new_layout)?;
            // SAFETY: the caller guarantees `ptr` holds `old_layout.size()`
            // >= `new_layout.size()` bytes; `new` is a fresh, disjoint block.
            unsafe {
                core::ptr::copy_nonoverlapping(
                    ptr.as_ptr(),
                    new.cast().as_ptr(),
                    new_layout.size(),
                );
            }
            Ok(new)
        }
    }
}
