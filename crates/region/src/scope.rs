//! Scopes: allocations released when a closure returns, checked by the borrow checker.

use core::alloc::Layout;
use core::fmt;
use core::marker::PhantomData;
use core::ptr::NonNull;

use crate::region::Checkpoint;
use crate::{AllocError, Region, Stats};

/// A view of a [`Region`] whose allocations live for `'a`.
///
/// A `Scope` hands out references of lifetime `'a`, the lifetime of the
/// scope itself, not of the `&self` borrow, so allocations made before a
/// nested [`scope`](Scope::scope) stay usable after it. The nested scope's
/// closure is generic over its own lifetime, so nothing it allocates can
/// escape; when it returns, its memory is released for reuse.
///
/// ```
/// let mut region = region::Region::new();
/// let mut outer = region.as_scope();
/// let kept = outer.alloc_str("kept");
/// let len = outer.scope(|inner| {
///     let tmp = inner.alloc_str("temporary");
///     inner.scope(|innermost| innermost.alloc(tmp.len()).clone())
/// });
/// assert_eq!((kept as &str, len), ("kept", 9));
/// ```
///
/// A reference from a nested scope cannot escape it:
///
/// ```compile_fail
/// let mut region = region::Region::new();
/// let escaped = region.scope(|s| s.alloc(1_u32)); // error: borrowed value does not live long enough
/// ```
pub struct Scope<'a> {
    pub(crate) region: &'a Region,
    /// Invariant in `'a`: a scope's lifetime can neither grow nor shrink.
    _invariant: PhantomData<fn(&'a ()) -> &'a ()>,
}

impl fmt::Debug for Scope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Scope").field(self.region).finish()
    }
}

/// Restores the checkpoint when the scope ends, also on unwinding.
struct Restore<'a> {
    region: &'a Region,
    checkpoint: Checkpoint,
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        // SAFETY: the checkpoint was taken when the scope began, on this
        // region; scopes are strictly nested (each holds its parent mutably
        // borrowed), so no other checkpoint was restored in between; the
        // scope's closure is generic over its lifetime, so no reference to
        // what it allocated outlives it.
        unsafe { self.region.restore(self.checkpoint) };
    }
}

macro_rules! delegate {
    ($(
        $(#[$meta:meta])*
        fn $name:ident $(<$($g:ident),*>)? (&self $(, $arg:ident : $ty:ty)*) -> $ret:ty $(where [$($w:tt)*])?;
    )*) => {$(
        $(#[$meta])*
        #[inline(always)]
        #[allow(clippy::mut_from_ref, reason = "each call returns fresh, disjoint memory")]
        pub fn $name $(<$($g),*>)? (&self $(, $arg: $ty)*) -> $ret $(where $($w)*)? {
            self.region.$name($($arg),*)
        }
    )*};
}
pub(crate) use delegate;

impl<'a> Scope<'a> {
    pub(crate) fn new(region: &'a mut Region) -> Scope<'a> {
        Scope {
            region,
            _invariant: PhantomData,
        }
    }

    /// Runs `f` in a new scope of `region`, restoring the region afterwards.
    pub(crate) fn run<R>(region: &Region, f: impl for<'s> FnOnce(&mut Scope<'s>) -> R) -> R {
        let _restore = Restore {
            region,
            checkpoint: region.checkpoint(),
        };
        let mut scope = Scope {
            region,
            _invariant: PhantomData,
        };
        f(&mut scope)
    }

    /// Runs `f` in a nested scope: what `f` allocates is released when it
    /// returns, while what this scope allocated stays.
    ///
    /// ```
    /// let mut r = region::Region::new();
    /// let mut root = r.as_scope();
    /// let a = root.alloc(1_u64);
    /// for _ in 0..3 {
    ///     root.scope(|s| { s.alloc_slice_copy(&[0_u8; 10_000]); });
    /// }
    /// assert_eq!(*a, 1);
    /// assert_eq!(root.stats().used, 8);
    /// ```
    pub fn scope<R>(&mut self, f: impl for<'s> FnOnce(&mut Scope<'s>) -> R) -> R {
        Scope::run(self.region, f)
    }

    /// The region's figures (see [`Region::stats`]).
    ///
    /// ```
    /// let mut r = region::Region::new();
    /// r.scope(|s| { s.alloc(0_u16); assert_eq!(s.stats().used, 2) });
    /// ```
    #[must_use]
    pub fn stats(&self) -> Stats {
        self.region.stats()
    }

    delegate! {
        /// [`Region::alloc`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(*s.alloc(3), 3));
        /// ```
        fn alloc<T>(&self, value: T) -> &'a mut T;
        /// [`Region::try_alloc`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc(3).is_ok()));
        /// ```
        fn try_alloc<T>(&self, value: T) -> Result<&'a mut T, AllocError>;
        /// [`Region::alloc_with`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(*s.alloc_with(|| 4), 4));
        /// ```
        fn alloc_with<T, F>(&self, f: F) -> &'a mut T where [F: FnOnce() -> T];
        /// [`Region::try_alloc_with`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_with(|| 4).is_ok()));
        /// ```
        fn try_alloc_with<T, F>(&self, f: F) -> Result<&'a mut T, AllocError> where [F: FnOnce() -> T];
        /// [`Region::alloc_str`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_str("a"), "a"));
        /// ```
        fn alloc_str(&self, s: &str) -> &'a mut str;
        /// [`Region::try_alloc_str`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_str("a").is_ok()));
        /// ```
        fn try_alloc_str(&self, s: &str) -> Result<&'a mut str, AllocError>;
        /// [`Region::alloc_slice_copy`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_slice_copy(&[1]), &[1]));
        /// ```
        fn alloc_slice_copy<T>(&self, src: &[T]) -> &'a mut [T] where [T: Copy];
        /// [`Region::try_alloc_slice_copy`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_slice_copy(&[1]).is_ok()));
        /// ```
        fn try_alloc_slice_copy<T>(&self, src: &[T]) -> Result<&'a mut [T], AllocError> where [T: Copy];
        /// [`Region::alloc_slice_clone`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_slice_clone(&[1]), &[1]));
        /// ```
        fn alloc_slice_clone<T>(&self, src: &[T]) -> &'a mut [T] where [T: Clone];
        /// [`Region::try_alloc_slice_clone`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_slice_clone(&[1]).is_ok()));
        /// ```
        fn try_alloc_slice_clone<T>(&self, src: &[T]) -> Result<&'a mut [T], AllocError> where [T: Clone];
        /// [`Region::alloc_slice_fill_iter`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_slice_fill_iter(0..2), &[0, 1]));
        /// ```
        fn alloc_slice_fill_iter<T, I>(&self, iter: I) -> &'a mut [T]
            where [I: IntoIterator<Item = T>, I::IntoIter: ExactSizeIterator];
        /// [`Region::try_alloc_slice_fill_iter`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_slice_fill_iter(0..2).is_ok()));
        /// ```
        fn try_alloc_slice_fill_iter<T, I>(&self, iter: I) -> Result<&'a mut [T], AllocError>
            where [I: IntoIterator<Item = T>, I::IntoIter: ExactSizeIterator];
        /// [`Region::alloc_slice_from_iter`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_slice_from_iter((0..4).filter(|x| x % 2 == 1)), &[1, 3]));
        /// ```
        fn alloc_slice_from_iter<T, I>(&self, iter: I) -> &'a mut [T] where [I: IntoIterator<Item = T>];
        /// [`Region::try_alloc_slice_from_iter`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_slice_from_iter(0..2).is_ok()));
        /// ```
        fn try_alloc_slice_from_iter<T, I>(&self, iter: I) -> Result<&'a mut [T], AllocError>
            where [I: IntoIterator<Item = T>];
        /// [`Region::alloc_layout`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| { s.alloc_layout(core::alloc::Layout::new::<u64>()); });
        /// ```
        fn alloc_layout(&self, layout: Layout) -> NonNull<u8>;
        /// [`Region::try_alloc_layout`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_layout(core::alloc::Layout::new::<u64>()).is_ok()));
        /// ```
        fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError>;
    }
}
