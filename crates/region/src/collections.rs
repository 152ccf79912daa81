//! Growable collections in a region (feature `allocator-api2`): allocator-api2's
//! `Vec` and `Box`, re-exported, and a small UTF-8 [`String`] on top of its `Vec`.
//!
//! `&Region` and `&Scope` implement `allocator_api2::alloc::Allocator`, so
//! these types take either as their allocator:
//!
//! ```
//! use region::Region;
//! use region::collections::{String, Vec};
//! use std::fmt::Write;
//!
//! let region = Region::new();
//! let mut names: Vec<&str, &Region> = Vec::new_in(&region);
//! let mut line = String::new_in(&region);
//! for (i, name) in ["a", "b", "c"].into_iter().enumerate() {
//!     names.push(name);
//!     write!(line, "{i}={name} ").unwrap();
//! }
//! assert_eq!(names.len(), 3);
//! assert_eq!(line.trim_end(), "0=a 1=b 2=c");
//! // Keep the text as long as the region, without copying it:
//! let kept: &mut str = line.leak();
//! assert!(kept.starts_with("0=a"));
//! ```
//!
//! Unlike [`Region::alloc`](crate::Region::alloc), these types run
//! destructors: a `Vec<T, &Region>` drops its elements and a
//! `Box<T, &Region>` its value when they are dropped, so they are the way to
//! keep values that need `Drop` (a `std::string::String`, a file) in a
//! region. The region itself reclaims their memory only when it is reset or
//! dropped.

use core::fmt;
use core::ops::{Deref, DerefMut};
use core::str;

use allocator_api2::alloc::Allocator;
pub use allocator_api2::boxed::Box;
pub use allocator_api2::collections::TryReserveError;
pub use allocator_api2::vec::Vec;

/// A growable UTF-8 string whose bytes live in an allocator, typically
/// `&Region` or `&Scope`: a [`Vec<u8, A>`](Vec) that stays valid UTF-8.
///
/// ```
/// let mut r = region::Region::new();
/// r.scope(|s| {
///     let mut text = region::collections::String::new_in(&*s);
///     text.push_str("scoped");
///     text.push('!');
///     assert_eq!(text, "scoped!");
/// });
/// ```
pub struct String<A: Allocator> {
    /// Invariant: valid UTF-8.
    bytes: Vec<u8, A>,
}

impl<A: Allocator> String<A> {
    /// An empty string; allocates nothing until text is pushed.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let s = region::collections::String::new_in(&r);
    /// assert!(s.is_empty());
    /// assert_eq!(r.stats().chunks, 0);
    /// ```
    pub fn new_in(alloc: A) -> Self {
        String {
            bytes: Vec::new_in(alloc),
        }
    }

    /// An empty string with room for `capacity` bytes.
    ///
    /// # Panics
    /// When the allocator fails (a region's limit is reached).
    ///
    /// ```
    /// let r = region::Region::new();
    /// let s = region::collections::String::with_capacity_in(100, &r);
    /// assert!(s.capacity() >= 100);
    /// ```
    pub fn with_capacity_in(capacity: usize, alloc: A) -> Self {
        String {
            bytes: Vec::with_capacity_in(capacity, alloc),
        }
    }

    /// A copy of `s` in `alloc`.
    ///
    /// # Panics
    /// When the allocator fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let s = region::collections::String::from_str_in("abc", &r);
    /// assert_eq!(s, "abc");
    /// ```
    pub fn from_str_in(s: &str, alloc: A) -> Self {
        let mut string = String::with_capacity_in(s.len(), alloc);
        string.push_str(s);
        string
    }

    /// The text.
    ///
    /// ```
    /// let r = region::Region::new();
    /// assert_eq!(region::collections::String::from_str_in("x", &r).as_str(), "x");
    /// ```
    pub fn as_str(&self) -> &str {
        // SAFETY: `bytes` is valid UTF-8 (invariant).
        unsafe { str::from_utf8_unchecked(&self.bytes) }
    }

    /// The text, mutably.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let mut s = region::collections::String::from_str_in("abc", &r);
    /// s.as_mut_str().make_ascii_uppercase();
    /// assert_eq!(s, "ABC");
    /// ```
    pub fn as_mut_str(&mut self) -> &mut str {
        // SAFETY: `bytes` is valid UTF-8 (invariant); `&mut str` only allows
        // changes that keep it so.
        unsafe { str::from_utf8_unchecked_mut(&mut self.bytes) }
    }

    /// Appends `s`.
    ///
    /// # Panics
    /// When the allocator fails (a region's limit is reached).
    ///
    /// ```
    /// let r = region::Region::new();
    /// let mut s = region::collections::String::new_in(&r);
    /// s.push_str("ab");
    /// s.push_str("c");
    /// assert_eq!(s, "abc");
    /// ```
    pub fn push_str(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// Appends `s`, or returns the error of the allocator (then the string
    /// is unchanged).
    ///
    /// ```
    /// let r = region::Region::builder().limit(1024).build();
    /// let mut s = region::collections::String::new_in(&r);
    /// assert!(s.try_push_str("short").is_ok());
    /// assert!(s.try_push_str(&"long".repeat(1000)).is_err());
    /// assert_eq!(s, "short");
    /// ```
    pub fn try_push_str(&mut self, s: &str) -> Result<(), TryReserveError> {
        self.bytes.try_reserve(s.len())?;
        self.bytes.extend_from_slice(s.as_bytes());
        Ok(())
    }

    /// Appends a character.
    ///
    /// # Panics
    /// When the allocator fails.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let mut s = region::collections::String::new_in(&r);
    /// s.push('é');
    /// assert_eq!((s.as_str(), s.len()), ("é", 2));
    /// ```
    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Reserves room for `additional` more bytes, or returns the error of
    /// the allocator.
    ///
    /// ```
    /// let r = region::Region::builder().limit(4096).build();
    /// let mut s = region::collections::String::new_in(&r);
    /// assert!(s.try_reserve(100).is_ok());
    /// assert!(s.try_reserve(1 << 20).is_err());
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.bytes.try_reserve(additional)
    }

    /// Bytes the string can hold without growing.
    ///
    /// ```
    /// let r = region::Region::new();
    /// assert_eq!(region::collections::String::new_in(&r).capacity(), 0);
    /// ```
    pub fn capacity(&self) -> usize {
        self.bytes.capacity()
    }

    /// Empties the string, keeping its capacity.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let mut s = region::collections::String::from_str_in("abc", &r);
    /// s.clear();
    /// assert!(s.is_empty() && s.capacity() >= 3);
    /// ```
    pub fn clear(&mut self) {
        self.bytes.clear();
    }

    /// The string's bytes, as a `Vec` in the same allocator.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let s = region::collections::String::from_str_in("ab", &r);
    /// assert_eq!(s.into_bytes().as_slice(), b"ab");
    /// ```
    pub fn into_bytes(self) -> Vec<u8, A> {
        self.bytes
    }

    /// Gives up the string's ownership of its text and returns it, with the
    /// lifetime of the allocator: for a `String<&'r Region>`, a
    /// `&'r mut str` that stays valid as long as the region's borrow
    /// (nothing is copied; the memory is reclaimed when the region is reset
    /// or dropped).
    ///
    /// ```
    /// let r = region::Region::new();
    /// let mut s = region::collections::String::new_in(&r);
    /// s.push_str("kept");
    /// let kept: &str = s.leak();
    /// assert_eq!(kept, "kept");
    /// ```
    pub fn leak<'a>(self) -> &'a mut str
    where
        A: 'a,
    {
        let bytes = self.bytes.leak();
        // SAFETY: `bytes` was `self.bytes`, valid UTF-8 (invariant).
        unsafe { str::from_utf8_unchecked_mut(bytes) }
    }

    /// The allocator.
    ///
    /// ```
    /// let r = region::Region::new();
    /// let s = region::collections::String::new_in(&r);
    /// assert!(std::ptr::eq(*s.allocator(), &r));
    /// ```
    pub fn allocator(&self) -> &A {
        self.bytes.allocator()
    }
}

impl<A: Allocator> Deref for String<A> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<A: Allocator> DerefMut for String<A> {
    fn deref_mut(&mut self) -> &mut str {
        self.as_mut_str()
    }
}

impl<A: Allocator> fmt::Write for String<A> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.try_push_str(s).map_err(|_| fmt::Error)
    }
}

impl<A: Allocator> fmt::Display for String<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl<A: Allocator> fmt::Debug for String<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<A: Allocator> PartialEq<str> for String<A> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<A: Allocator> PartialEq<&str> for String<A> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<A: Allocator, B: Allocator> PartialEq<String<B>> for String<A> {
    fn eq(&self, other: &String<B>) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<A: Allocator> Eq for String<A> {}

impl<A: Allocator> Extend<char> for String<A> {
    fn extend<I: IntoIterator<Item = char>>(&mut self, iter: I) {
        for c in iter {
            self.push(c);
        }
    }
}

impl<'s, A: Allocator> Extend<&'s str> for String<A> {
    fn extend<I: IntoIterator<Item = &'s str>>(&mut self, iter: I) {
        for s in iter {
            self.push_str(s);
        }
    }
}
