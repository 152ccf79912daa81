//! `allocator_api2::alloc::Allocator` for `&Scope` (feature `allocator-api2`),
//! so that collections work inside scopes.

use allocator_api2::alloc::{AllocError, Allocator};
use core::alloc::Layout;
use core::ptr::NonNull;

use crate::Scope;

/// Everything goes to the region's allocator (`&Region`), which also keeps
/// its in-place growth, shrinking and release.
///
/// ```
/// use region::collections::Vec;
///
/// let mut r = region::Region::new();
/// let kept = r.alloc(1_u8);
/// let sum = r.scope(|s| {
///     let mut v: Vec<u32, &region::Scope> = Vec::new_in(&*s);
///     v.extend(0..1000);
///     v.iter().sum::<u32>()
/// });
/// assert_eq!(sum, 499_500);
/// assert_eq!(r.stats().used, 1); // the vector's memory went with the scope
/// ```
// SAFETY: blocks come from the scope's region through `&Region`'s
// allocator, whose blocks stay valid until the region is reset or dropped,
// or, for blocks allocated within a scope, until that scope ends. A
// `&'b Scope<'a>` ends before either: reset and drop need `&mut Region`,
// which the scope's `'a` borrow excludes, and a nested scope ends only when
// its closure returns, which cannot hold on to the `&'b Scope` it was given
// (the closure is generic over the scope's lifetime). An enclosing scope
// cannot start a nested one while a `&Scope` of it is alive either, since
// `Scope::scope` takes `&mut self`. So the blocks outlive the allocator and
// all of its copies.
unsafe impl Allocator for &Scope<'_> {
    #[inline(always)]
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        self.region.allocate(layout)
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantees for this allocator are those of the
        // region's, which allocated the block.
        unsafe { self.region.deallocate(ptr, layout) }
    }

    #[inline]
    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: as in `deallocate`.
        unsafe { self.region.grow(ptr, old_layout, new_layout) }
    }

    #[inline]
    unsafe fn grow_zeroed(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: as in `deallocate`.
        unsafe { self.region.grow_zeroed(ptr, old_layout, new_layout) }
    }

    #[inline]
    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: as in `deallocate`.
        unsafe { self.region.shrink(ptr, old_layout, new_layout) }
    }
}
