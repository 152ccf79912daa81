//! Regression tests for the limit, capacity, reset and iterator bugs of
//! issue 15, one per bug.

use region::Region;

/// Fills `r` with `u64`s until an allocation fails; returns how many fit.
fn fill(r: &Region) -> usize {
    let mut n = 0;
    while r.try_alloc(0_u64).is_ok() {
        n += 1;
    }
    n
}

/// Fills `r` with 128-byte values (fewer steps under Miri); returns the bytes.
fn fill_128(r: &Region) -> usize {
    let mut n = 0;
    while r.try_alloc([0_u64; 16]).is_ok() {
        n += 128;
    }
    n
}

/// Guards against one minimal chunk per allocation when the limit is below
/// the next chunk size (124 values in 62 chunks of 64 bytes).
#[test]
fn limit_below_the_next_chunk_takes_the_rest_of_the_limit() {
    let r = Region::builder().limit(4000).build();
    let n = fill(&r);
    let s = r.stats();
    assert_eq!(s.chunks, 1, "{s}");
    assert!(n >= 492, "only {n} values fit");
    assert!(s.capacity <= 4000);
}

/// Guards against the limit fallback doubling the next size afterwards.
#[test]
fn a_fallback_chunk_does_not_double_the_next_size() {
    let r = Region::builder().limit(4000 + 4096).build();
    fill(&r);
    let s = r.stats();
    assert!(s.capacity > 8000, "{s}");
    assert!(s.chunks <= 2, "{s}");
}

/// Guards against 88 values then `AllocError` forever, with 2,816 of 524,288
/// bytes used (the doubled next size overflowed before the fallback).
#[test]
fn huge_max_chunk_size_with_a_small_limit_fills_the_limit() {
    let r = Region::builder()
        .first_chunk_size(1 << 20)
        .max_chunk_size(usize::MAX)
        .limit(1 << 19)
        .build();
    let n = fill_128(&r);
    assert!(n >= (1 << 19) - 1024, "only {n} bytes fit");
    assert!(r.stats().capacity <= 1 << 19);
}

/// Guards against a region on which every allocation fails.
/// Native only: Miri stops at an allocation of 2^62 bytes instead of
/// returning null, which is what this test makes the region attempt.
#[cfg(not(miri))]
#[test]
fn with_capacity_beyond_isize_max_behaves_like_new() {
    for bytes in [usize::MAX, isize::MAX as usize + 1, isize::MAX as usize] {
        let r = Region::with_capacity(bytes);
        assert_eq!(*r.alloc(7_u64), 7);
        for _ in 0..1000 {
            r.alloc([0_u8; 100]);
        }
        let s = r.stats();
        assert!(s.capacity < 1 << 20, "{s}");
    }
}

/// Guards against reset making the merged chunk current, which left nothing
/// for `free_spare` to release.
#[test]
fn free_spare_after_reset_gives_all_memory_back() {
    let mut r = Region::new();
    for _ in 0..10_000 {
        r.alloc([1_u64; 4]);
    }
    r.reset();
    let s = r.stats();
    assert_eq!((s.chunks, s.used), (1, 0));
    r.free_spare();
    assert_eq!(r.stats().capacity, 0);
    assert_eq!(*r.alloc(3_u32), 3);
}

/// After a reset, the merged chunk is had within the limit and holds as much.
#[test]
fn reset_keeps_the_region_within_its_limit() {
    let limit = 256 * 1024;
    let mut r = Region::builder().limit(limit).build();
    let first = fill_128(&r);
    r.reset();
    assert!(r.stats().capacity <= limit);
    let again = fill_128(&r);
    assert!(again >= first, "{again} < {first} after reset");
    assert!(r.stats().capacity <= limit);
}

/// An iterator whose `size_hint` claims an exact length it does not have.
struct Liar {
    hint: usize,
    left: u32,
}

impl Iterator for Liar {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        self.left = self.left.checked_sub(1)?;
        Some(self.left)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.hint, Some(self.hint))
    }
}

impl ExactSizeIterator for Liar {}

/// Guards against a 2-element slice from an iterator of 10 hinting (2, 2).
#[test]
fn from_iter_never_truncates_to_the_size_hint() {
    let r = Region::new();
    let xs = r.alloc_slice_from_iter(Liar { hint: 2, left: 10 });
    assert_eq!(xs, &[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    let xs = r.alloc_slice_from_iter(Liar { hint: 10, left: 2 });
    assert_eq!(xs, &[1, 0]);
}

/// Guards against an over-long `ExactSizeIterator` being truncated.
#[test]
fn fill_iter_takes_every_item_of_a_lying_exact_size_iterator() {
    let r = Region::new();
    let xs = r.alloc_slice_fill_iter(Liar { hint: 2, left: 100 });
    assert_eq!(xs.len(), 100);
    assert!(xs.iter().rev().enumerate().all(|(i, &x)| x == i as u32));
    let xs = r.alloc_slice_fill_iter(Liar { hint: 50, left: 3 });
    assert_eq!(xs, &[2, 1, 0]);
    assert!(
        r.try_alloc_slice_fill_iter(Liar { hint: 0, left: 0 })
            .unwrap()
            .is_empty()
    );
}

#[test]
fn from_iter_keeps_only_what_it_yields() {
    let r = Region::new();
    let before = r.allocated_bytes();
    let evens = r.alloc_slice_from_iter((0..1000_u64).filter(|n| n % 2 == 0));
    assert_eq!(evens.len(), 500);
    assert!(evens.iter().enumerate().all(|(i, &x)| x == 2 * i as u64));
    assert_eq!(r.allocated_bytes() - before, 500 * 8);
}

#[test]
fn from_iter_whose_items_allocate_in_the_same_region() {
    let r = Region::new();
    let names = r.alloc_slice_from_iter(
        (0..300)
            .filter(|i| i % 3 != 0)
            .map(|i| &*r.alloc_str(&i.to_string())),
    );
    assert_eq!(names.len(), 200);
    assert_eq!((names[0], names[1], names[199]), ("1", "2", "299"));
}

#[test]
fn from_iter_of_zero_sized_items_and_in_a_limited_region() {
    let r = Region::builder().limit(4096).build();
    assert_eq!(r.alloc_slice_from_iter((0..7).map(|_| ())).len(), 7);
    assert!(
        r.try_alloc_slice_from_iter((0..100_000_u32).filter(|_| true))
            .is_err()
    );
    assert_eq!(
        *r.alloc(1_u8),
        1,
        "a failed collection leaves the region usable"
    );
}

/// Regression: `Region::new` (a `const fn`) started at a cursor of address
/// 1 while `build` used the aligned empty state, so a zero-sized request
/// with an alignment above 1 on a new region computed a null cursor
/// (undefined behaviour, caught by the standard library's debug checks).
#[test]
fn a_new_region_serves_zero_sized_requests_of_any_alignment() {
    for r in [Region::new(), Region::builder().build()] {
        let empty: &mut [u64] = r.alloc_slice_copy(&[]);
        assert!(empty.is_empty());
        assert_eq!(empty.as_ptr().align_offset(align_of::<u64>()), 0);
        let layout = core::alloc::Layout::from_size_align(0, 64).unwrap();
        let p = r.alloc_layout(layout);
        assert_eq!(p.as_ptr().align_offset(64), 0);
        assert_eq!(r.stats().chunks, 0, "no chunk for nothing");
        assert_eq!(*r.alloc(5_u64), 5);
    }
}
