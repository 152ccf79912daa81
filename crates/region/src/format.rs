//! Formatting straight into the region (`alloc_fmt`), with no heap buffer.

use core::alloc::Layout;
use core::fmt::{self, Write};
use core::ptr::{self, NonNull};
use core::{slice, str};

use crate::scope::delegate;
use crate::{AllocError, Region, Scope};

/// Counts the bytes a formatting would write.
struct Measure(usize);

impl Write for Measure {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.checked_add(s.len()).ok_or(fmt::Error)?;
        Ok(())
    }
}

/// Writes whole `str` pieces into `cap` bytes at `base`; refuses a piece
/// that does not fit, so `base..base + len` is always valid UTF-8.
struct Fill {
    /// Invariant: valid for writes of `cap` bytes, exclusively ours.
    base: NonNull<u8>,
    cap: usize,
    len: usize,
}

impl Write for Fill {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.len() > self.cap - self.len {
            return Err(fmt::Error);
        }
        // SAFETY: `len + s.len() <= cap`, so the destination lies in the
        // `cap` bytes at `base` (invariant), which `s` cannot overlap: they
        // were just handed out by the region and no reference to them exists.
        unsafe {
            ptr::copy_nonoverlapping(s.as_ptr(), self.base.as_ptr().add(self.len), s.len());
        }
        self.len += s.len();
        Ok(())
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn formatting_failed() -> ! {
    panic!(
        "region: alloc_fmt: a formatting trait implementation returned an error \
         or wrote more on the second of the two passes"
    )
}

impl Region {
    /// Formats `args` into the region: `region.alloc_fmt(format_args!(..))`
    /// is `format!(..)` with the text in the region instead of a heap
    /// `String`.
    ///
    /// No heap buffer is involved: the arguments are formatted twice, once to
    /// measure the text and once to write it into a slice of exactly that
    /// size (a literal without arguments is copied at once). For text built
    /// piece by piece, see the growable `String` of
    /// [`collections`](crate::collections) (feature `allocator-api2`).
    ///
    /// # Panics
    /// When the limit is reached or the global allocator fails; like
    /// `format!`, when a `Display` (or other formatting trait)
    /// implementation returns an error, and also when it writes more text
    /// the second time it is called than the first.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let name = "world";
    /// let s = r.alloc_fmt(format_args!("hello, {name}! {}", 6 * 7));
    /// s.make_ascii_uppercase();
    /// assert_eq!(s, "HELLO, WORLD! 42");
    /// ```
    #[inline]
    #[track_caller]
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    pub fn alloc_fmt(&self, args: fmt::Arguments<'_>) -> &mut str {
        match self.try_alloc_fmt(args) {
            Ok(s) => s,
            Err(AllocError) => {
                panic!("region: alloc_fmt: allocation failed (limit reached or out of memory)")
            }
        }
    }

    /// [`alloc_fmt`](Self::alloc_fmt), or [`AllocError`] when the region
    /// has no room for the text.
    ///
    /// # Panics
    /// As `alloc_fmt` when a formatting trait implementation fails.
    ///
    /// ```
    /// let r = region::Region::builder().limit(1024).build();
    /// assert_eq!(r.try_alloc_fmt(format_args!("{:>5}", 1)).unwrap(), "    1");
    /// assert!(r.try_alloc_fmt(format_args!("{:>5000}", 1)).is_err());
    /// ```
    #[allow(
        clippy::mut_from_ref,
        reason = "each call returns fresh, disjoint memory"
    )]
    #[track_caller]
    pub fn try_alloc_fmt(&self, args: fmt::Arguments<'_>) -> Result<&mut str, AllocError> {
        if let Some(s) = args.as_str() {
            return self.try_alloc_str(s);
        }
        let mut measure = Measure(0);
        if measure.write_fmt(args).is_err() {
            formatting_failed();
        }
        let cap = measure.0;
        let layout = Layout::array::<u8>(cap).map_err(|_| AllocError)?;
        let base = self.try_alloc_layout(layout)?;
        let mut fill = Fill { base, cap, len: 0 };
        if fill.write_fmt(args).is_err() {
            formatting_failed();
        }
        // SAFETY: `Fill` wrote `len <= cap` bytes at `base`, fresh region
        // memory valid for the borrow of `self`, as whole `str` pieces one
        // after the other: valid UTF-8. (A second pass that wrote less than
        // the first leaves the rest of the block unused.)
        Ok(unsafe {
            str::from_utf8_unchecked_mut(slice::from_raw_parts_mut(base.as_ptr(), fill.len))
        })
    }
}

impl<'a> Scope<'a> {
    delegate! {
        /// [`Region::alloc_fmt`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert_eq!(s.alloc_fmt(format_args!("{}-{}", 1, 2)), "1-2"));
        /// ```
        fn alloc_fmt(&self, args: fmt::Arguments<'_>) -> &'a mut str;
        /// [`Region::try_alloc_fmt`] for this scope.
        ///
        /// ```
        /// let mut r = region::Region::new();
        /// r.scope(|s| assert!(s.try_alloc_fmt(format_args!("{}", 1)).is_ok()));
        /// ```
        fn try_alloc_fmt(&self, args: fmt::Arguments<'_>) -> Result<&'a mut str, AllocError>;
    }
}
