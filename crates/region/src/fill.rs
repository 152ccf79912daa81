//! Slices filled by a value or a closure, and values from fallible closures:
//! bumpalo's `alloc_slice_fill_*` and `alloc_try_with`, built on the slice
//! and value entry points of [`Region`].

use core::alloc::Layout;
use core::fmt;

use crate::scope::delegate;
use crate::{AllocError, Region, Scope};

/// The error of [`Region::try_alloc_try_with`]: the region had no room, or
/// the closure failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocOrInitError<E> {
    /// The region could not provide the memory (limit reached or out of
    /// memory); the value the closure built is dropped.
    Alloc(AllocError),
    /// The closure returned this error; nothing was allocated.
    Init(E),
}

impl<E> From<AllocError> for AllocOrInitError<E> {
    fn from(e: AllocError) -> Self {
        AllocOrInitError::Alloc(e)
    }
}

impl<E: fmt::Display> fmt::Display for AllocOrInitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllocOrInitError::Alloc(e) => e.fmt(f),
            AllocOrInitError::Init(e) => e.fmt(f),
        }
    }
}

impl<E: core::error::Error + 'static> core::error::Error for AllocOrInitError<E> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            AllocOrInitError::Alloc(e) => Some(e),
            AllocOrInitError::Init(e) => Some(e),
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn fill_failed(len: usize, size: usize) -> ! {
    panic!(
        "region: allocation of a slice of {len} values of {size} bytes failed \
         (size overflow, limit reached or out of memory)"
    )
}

impl Region {
    /// Moves the value `f` returns into the region, or passes on its error.
    ///
    /// `f` runs first and the value is moved in afterwards, so an `Err`
    /// wastes no region memory; anything `f` itself allocates in the region
    /// stays allocated.
    ///
    /// # Panics
    /// When `f` succeeds but the limit is reached or the global allocator
    /// fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let n = r.alloc_try_with(|| "42".parse::<u32>()).unwrap();
    /// *n += 1;
    /// assert_eq!(*n, 43);
    /// assert!(r.alloc_try_with(|| "x".parse::<u32>()).is_err());
    /// assert_eq!(r.allocated_bytes(), 4); // the failure took nothing
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_try_with<T, E>(&self, f: impl FnOnce() -> Result<T, E>) -> Result<&mut T, E> {
        f().map(|value| self.alloc(value))
    }

    /// [`alloc_try_with`](Self::alloc_try_with), or an [`AllocOrInitError`]
    /// saying whether the region or `f` failed.
    ///
    /// ```
    /// use region::{AllocOrInitError, Region};
    ///
    /// let r = Region::builder().limit(1024).build();
    /// assert_eq!(*r.try_alloc_try_with(|| Ok::<_, ()>(1_u8)).unwrap(), 1);
    /// assert_eq!(r.try_alloc_try_with(|| Err::<u8, _>("bad")), Err(AllocOrInitError::Init("bad")));
    /// assert!(matches!(
    ///     r.try_alloc_try_with(|| Ok::<_, ()>([0_u8; 4096])),
    ///     Err(AllocOrInitError::Alloc(_))
    /// ));
    /// ```
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_try_with<T, E>(
        &self,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<&mut T, AllocOrInitError<E>> {
        let value = f().map_err(AllocOrInitError::Init)?;
        Ok(self.try_alloc(value)?)
    }

    /// Allocates a slice of `len` values, the `i`-th being `f(i)`.
    ///
    /// # Panics
    /// When the size overflows, the limit is reached or the global allocator
    /// fails, or if `f` panics (then the region just keeps the memory).
    ///
    /// ```
    /// let r = region::Region::new();
    /// let squares = r.alloc_slice_fill_with(5, |i| i * i);
    /// assert_eq!(squares, &[0, 1, 4, 9, 16]);
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_slice_fill_with<T>(&self, len: usize, f: impl FnMut(usize) -> T) -> &mut [T] {
        match self.try_alloc_slice_fill_with(len, f) {
            Ok(slice) => slice,
            Err(AllocError) => fill_failed(len, size_of::<T>()),
        }
    }

    /// [`alloc_slice_fill_with`](Self::alloc_slice_fill_with), or
    /// [`AllocError`] (then `f` is not called).
    ///
    /// ```
    /// let r = region::Region::builder().limit(4096).build();
    /// assert!(r.try_alloc_slice_fill_with(10_000, |i| i as u8).is_err());
    /// assert_eq!(r.try_alloc_slice_fill_with(3, |i| i as u8).unwrap(), &[0, 1, 2]);
    /// ```
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_slice_fill_with<T>(
        &self,
        len: usize,
        f: impl FnMut(usize) -> T,
    ) -> Result<&mut [T], AllocError> {
        // Checked here so that an overflowing `len` is an error before the
        // iterator below is built.
        Layout::array::<T>(len).map_err(|_| AllocError)?;
        let slice = self.try_alloc_slice_fill_iter((0..len).map(f))?;
        debug_assert_eq!(slice.len(), len);
        Ok(slice)
    }

    /// Allocates a slice of `len` copies of `value`.
    ///
    /// # Panics
    /// When the size overflows, the limit is reached or the global allocator
    /// fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// assert_eq!(r.alloc_slice_fill_copy(3, 'x'), &['x', 'x', 'x']);
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_slice_fill_copy<T: Copy>(&self, len: usize, value: T) -> &mut [T] {
        self.alloc_slice_fill_with(len, |_| value)
    }

    /// [`alloc_slice_fill_copy`](Self::alloc_slice_fill_copy), or [`AllocError`].
    ///
    /// ```
    /// let r = region::Region::new();
    /// assert!(r.try_alloc_slice_fill_copy(usize::MAX, 0_u64).is_err());
    /// ```
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_slice_fill_copy<T: Copy>(
        &self,
        len: usize,
        value: T,
    ) -> Result<&mut [T], AllocError> {
        self.try_alloc_slice_fill_with(len, |_| value)
    }

    /// Allocates a slice of `len` clones of `value`.
    ///
    /// # Panics
    /// When the size overflows, the limit is reached or the global allocator
    /// fails, or if `clone` panics.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let rows = r.alloc_slice_fill_clone(2, &[1_u8, 2]);
    /// assert_eq!(rows, &[[1, 2], [1, 2]]);
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_slice_fill_clone<T: Clone>(&self, len: usize, value: &T) -> &mut [T] {
        self.alloc_slice_fill_with(len, |_| value.clone())
    }

    /// [`alloc_slice_fill_clone`](Self::alloc_slice_fill_clone), or [`AllocError`].
    ///
    /// ```
    /// let r = region::Region::builder().limit(1024).build();
    /// assert!(r.try_alloc_slice_fill_clone(4096, &0_u8).is_err());
    /// ```
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_slice_fill_clone<T: Clone>(
        &self,
        len: usize,
        value: &T,
    ) -> Result<&mut [T], AllocError> {
        self.try_alloc_slice_fill_with(len, |_| value.clone())
    }

    /// Allocates a slice of `len` default values.
    ///
    /// # Panics
    /// When the size overflows, the limit is reached or the global allocator
    /// fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let counts: &mut [u32] = r.alloc_slice_fill_default(4);
    /// counts[2] += 1;
    /// assert_eq!(counts, &[0, 0, 1, 0]);
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_slice_fill_default<T: Default>(&self, len: usize) -> &mut [T] {
        self.alloc_slice_fill_with(len, |_| T::default())
    }

    /// [`alloc_slice_fill_default`](Self::alloc_slice_fill_default), or [`AllocError`].
    ///
    /// ```
    /// let r = region::Region::builder().limit(1024).build();
    /// assert!(r.try_alloc_slice_fill_default::<u64>(1024).is_err());
    /// ```
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn try_alloc_slice_fill_default<T: Default>(
        &self,
        len: usize,
    ) -> Result<&mut [T], AllocError> {
        self.try_alloc_slice_fill_with(len, |_| T::default())
    }
}

impl<'a> Scope<'a> {
    delegate! {
        /// [`Region::alloc_try_with`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_try_with(|| "7".parse::<u8>()), Ok(&mut 7)));
        /// ```
        fn alloc_try_with<T, E, F>(&self, f: F) -> Result<&'a mut T, E>
            where [F: FnOnce() -> Result<T, E>];
        /// [`Region::try_alloc_try_with`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_try_with(|| Ok::<_, ()>(7)).is_ok()));
        /// ```
        fn try_alloc_try_with<T, E, F>(&self, f: F) -> Result<&'a mut T, AllocOrInitError<E>>
            where [F: FnOnce() -> Result<T, E>];
        /// [`Region::alloc_slice_fill_with`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_slice_fill_with(3, |i| i), &[0, 1, 2]));
        /// ```
        fn alloc_slice_fill_with<T, F>(&self, len: usize, f: F) -> &'a mut [T]
            where [F: FnMut(usize) -> T];
        /// [`Region::try_alloc_slice_fill_with`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_slice_fill_with(3, |i| i).is_ok()));
        /// ```
        fn try_alloc_slice_fill_with<T, F>(&self, len: usize, f: F) -> Result<&'a mut [T], AllocError>
            where [F: FnMut(usize) -> T];
        /// [`Region::alloc_slice_fill_copy`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_slice_fill_copy(2, 9), &[9, 9]));
        /// ```
        fn alloc_slice_fill_copy<T>(&self, len: usize, value: T) -> &'a mut [T] where [T: Copy];
        /// [`Region::try_alloc_slice_fill_copy`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_slice_fill_copy(2, 9).is_ok()));
        /// ```
        fn try_alloc_slice_fill_copy<T>(&self, len: usize, value: T) -> Result<&'a mut [T], AllocError>
            where [T: Copy];
        /// [`Region::alloc_slice_fill_clone`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_slice_fill_clone(2, &9), &[9, 9]));
        /// ```
        fn alloc_slice_fill_clone<T>(&self, len: usize, value: &T) -> &'a mut [T] where [T: Clone];
        /// [`Region::try_alloc_slice_fill_clone`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_slice_fill_clone(2, &9).is_ok()));
        /// ```
        fn try_alloc_slice_fill_clone<T>(&self, len: usize, value: &T) -> Result<&'a mut [T], AllocError>
            where [T: Clone];
        /// [`Region::alloc_slice_fill_default`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_slice_fill_default::<u8>(2), &[0, 0]));
        /// ```
        fn alloc_slice_fill_default<T>(&self, len: usize) -> &'a mut [T] where [T: Default];
        /// [`Region::try_alloc_slice_fill_default`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_slice_fill_default::<u8>(2).is_ok()));
        /// ```
        fn try_alloc_slice_fill_default<T>(&self, len: usize) -> Result<&'a mut [T], AllocError>
            where [T: Default];
    }
}
