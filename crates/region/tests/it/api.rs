//! Allocation methods: contents, alignment, limits, large requests, reset.

use core::alloc::Layout;
use region::{AllocError, Region};

fn addr<T: ?Sized>(r: &T) -> usize {
    (r as *const T).cast::<u8>() as usize
}

#[test]
fn new_region_allocates_nothing() {
    let r = Region::new();
    let s = r.stats();
    assert_eq!((s.chunks, s.capacity, s.used), (0, 0, 0));
}

#[test]
fn values_keep_their_contents_and_alignment() {
    let r = Region::new();
    let a = r.alloc(1_u8);
    let b = r.alloc(0x1122_3344_5566_7788_u64);
    let c = r.alloc(3_u16);
    let d = r.alloc(4_u128);
    assert_eq!((*a, *b, *c, *d), (1, 0x1122_3344_5566_7788, 3, 4));
    assert_eq!(addr(b) % 8, 0);
    assert_eq!(addr(c) % 2, 0);
    assert_eq!(addr(d) % align_of::<u128>(), 0);
}

#[test]
fn every_method_returns_what_was_put_in() {
    let r = Region::new();
    assert_eq!(*r.alloc_with(|| [9_u16; 3]), [9, 9, 9]);
    assert_eq!(r.alloc_str("région"), "région");
    assert_eq!(r.alloc_slice_copy(&[1_i32, -1]), &[1, -1]);
    assert_eq!(r.alloc_slice_clone(&[Some('x'), None]), &[Some('x'), None]);
    assert_eq!(r.alloc_slice_fill_iter([5_u8, 6, 7]), &[5, 6, 7]);
    assert_eq!(
        r.alloc_slice_from_iter((0..6).filter(|n| n % 3 == 0)),
        &[0, 3]
    );
    assert_eq!(r.alloc_slice_from_iter(vec![1_u64, 2]), &[1, 2]);
    let empty: &mut [u64] = r.alloc_slice_copy(&[]);
    assert!(empty.is_empty());
    assert_eq!(r.alloc_str(""), "");
}

#[test]
fn zero_sized_values_are_fine() {
    let r = Region::new();
    let units: Vec<&mut ()> = (0..10).map(|_| r.alloc(())).collect();
    assert_eq!(units.len(), 10);
    #[derive(Debug, PartialEq)]
    #[repr(align(64))]
    struct Zst;
    let z = r.alloc(Zst);
    assert_eq!(addr(z) % 64, 0);
}

/// Zero-sized requests of every alignment, in an empty region (no chunk: the
/// cursor is the empty state's sentinel) and in a used one, come back aligned
/// and take no chunk of their own.
#[test]
fn zero_sized_layouts_of_any_alignment() {
    for align in [1, 2, 8, 64, 4096, 8192, 1 << 20] {
        let layout = Layout::from_size_align(0, align).unwrap();
        let empty = Region::new();
        assert_eq!(empty.alloc_layout(layout).as_ptr().addr() % align, 0);
        assert_eq!(empty.stats().chunks, 0, "align {align}");
        let used = Region::new();
        used.alloc(1_u8);
        assert_eq!(used.alloc_layout(layout).as_ptr().addr() % align, 0);
        assert_eq!(used.stats().chunks, 1, "align {align}");
    }
}

#[test]
fn over_aligned_values_are_aligned() {
    #[derive(Clone, Copy)]
    #[repr(align(4096))]
    struct Page([u8; 4096]);
    let r = Region::new();
    for _ in 0..3 {
        r.alloc(1_u8);
        let p = r.alloc(Page([7; 4096]));
        assert_eq!(addr(p) % 4096, 0);
        assert_eq!(p.0[4095], 7);
    }
}

#[test]
fn alloc_layout_honours_size_and_alignment() {
    let r = Region::new();
    for align in [1, 2, 4, 8, 16, 32, 64, 128, 256] {
        for size in [0, 1, 7, 64, 1000, 5000] {
            let p = r.alloc_layout(Layout::from_size_align(size, align).unwrap());
            assert_eq!(p.as_ptr() as usize % align, 0, "size {size} align {align}");
        }
    }
}

#[test]
fn iterator_shorter_than_its_claimed_length_is_handled() {
    struct Liar(u32);
    impl Iterator for Liar {
        type Item = u32;
        fn next(&mut self) -> Option<u32> {
            (self.0 < 2).then(|| {
                self.0 += 1;
                self.0
            })
        }
    }
    impl ExactSizeIterator for Liar {
        fn len(&self) -> usize {
            10
        }
    }
    let r = Region::new();
    assert_eq!(r.alloc_slice_fill_iter(Liar(0)), &[1, 2]);
}

#[test]
fn limit_is_enforced_without_panicking() {
    let r = Region::builder()
        .first_chunk_size(1024)
        .limit(16 * 1024)
        .build();
    let mut got = 0_usize;
    while r.try_alloc([0_u8; 100]).is_ok() {
        got += 1;
        assert!(got < 1000, "limit not enforced");
    }
    assert!(r.stats().capacity <= 16 * 1024);
    assert!(got >= 100, "only {got} allocations fit in 16 KiB");
    assert_eq!(
        r.try_alloc_str("x".repeat(20_000).as_str()),
        Err(AllocError)
    );
    assert_eq!(
        r.try_alloc_slice_copy(&[0_u64; 4096]).map(|s| s.len()),
        Err(AllocError)
    );
    assert!(r.try_alloc_slice_fill_iter(0..100_000_u32).is_err());
    assert!(
        r.try_alloc_slice_from_iter((0..100_000_u32).filter(|_| true))
            .is_err()
    );
    assert!(r.try_alloc_with(|| [0_u8; 20_000]).is_err());
    assert!(
        r.try_alloc_layout(Layout::from_size_align(1 << 40, 8).unwrap())
            .is_err()
    );
}

// Miri treats a global allocation this large as resource exhaustion, not as a
// refusal the program may observe.
#[cfg(not(miri))]
#[test]
fn absurd_requests_fail_cleanly() {
    let r = Region::new();
    assert!(
        r.try_alloc_layout(Layout::from_size_align(isize::MAX as usize - 64, 1).unwrap())
            .is_err()
    );
    assert_eq!(r.stats().capacity, 0);
}

#[test]
#[should_panic(expected = "limit reached or out of memory")]
fn panicking_twin_panics_with_a_clear_message() {
    // The non-`try_` methods report failure by panicking (never by aborting).
    let r = Region::builder().limit(1024).build();
    r.alloc([0_u8; 4096]);
}

#[test]
fn large_request_gets_its_own_chunk_and_current_chunk_stays() {
    let r = Region::builder().first_chunk_size(4096).build();
    let small = r.alloc(1_u64);
    let before = r.stats();
    assert_eq!(before.chunks, 1);
    let big = r.alloc_slice_copy(&[0_u8; 64 * 1024]);
    assert_eq!(big.len(), 64 * 1024);
    let after = r.stats();
    assert_eq!(after.chunks, 2);
    // The current chunk is still the small one, with its free space intact.
    let current = after.chunk_list.iter().find(|c| c.current).unwrap();
    assert_eq!(current.size, before.chunk_list[0].size);
    assert_eq!(current.used, 8);
    // Small allocations keep landing in it: no new chunk.
    for _ in 0..100 {
        r.alloc(2_u64);
    }
    assert_eq!(r.stats().chunks, 2);
    assert_eq!(*small, 1);
    // Nothing was wasted by the large request.
    assert_eq!(r.stats().wasted, 0);
}

#[test]
fn growth_is_capped_by_max_chunk_size() {
    let r = Region::builder()
        .first_chunk_size(1024)
        .max_chunk_size(16 * 1024)
        .build();
    for _ in 0..100_000 {
        r.alloc(0_u64);
    }
    let s = r.stats();
    assert!(s.chunk_list.iter().all(|c| c.size <= 16 * 1024), "{s}");
    // ~800 KB of u64s: doubling to the cap then many capped chunks.
    assert!(s.chunks > 40, "{s}");
}

#[test]
fn a_huge_request_does_not_blow_up_later_chunk_sizes() {
    // bumpalo #152/#314: after one huge allocation, later chunks must not be huge.
    let r = Region::builder().first_chunk_size(1024).build();
    r.alloc_slice_copy(&vec![0_u8; 8 << 20]);
    for _ in 0..1000 {
        r.alloc(0_u64);
    }
    let s = r.stats();
    let ordinary_max = s
        .chunk_list
        .iter()
        .filter(|c| c.size < (8 << 20))
        .map(|c| c.size)
        .max();
    assert!(ordinary_max.unwrap() <= 16 * 1024, "{s}");
}

#[test]
fn repeated_medium_requests_settle_into_ordinary_chunks() {
    let r = Region::builder().first_chunk_size(4096).build();
    for _ in 0..1000 {
        r.alloc([0_u8; 2000]);
    }
    // Not one chunk per request: growth catches up with the request size.
    assert!(r.stats().chunks < 100, "{}", r.stats());
}

#[test]
fn with_capacity_preallocates() {
    let r = Region::with_capacity(100_000);
    let s = r.stats();
    assert_eq!(s.chunks, 1);
    assert!(s.capacity >= 100_000);
    r.alloc_slice_copy(&[0_u8; 100_000]);
    assert_eq!(r.stats().chunks, 1);
}

#[test]
fn reset_frees_everything_and_reuses_chunks() {
    let mut r = Region::builder().first_chunk_size(512).build();
    for round in 0..3_u64 {
        let xs: Vec<&mut u64> = (0..3_000).map(|i| r.alloc(i * round)).collect();
        assert!(xs.iter().enumerate().all(|(i, x)| **x == i as u64 * round));
        let capacity = r.stats().capacity;
        r.reset();
        let s = r.stats();
        assert_eq!(s.used, 0);
        assert_eq!(s.capacity, capacity, "reset keeps the memory");
        assert_eq!(s.chunks, 1, "reset merges the chunks into one");
    }
}

#[test]
fn free_spare_returns_memory() {
    let mut r = Region::builder().first_chunk_size(512).build();
    r.alloc(0_u8);
    r.scope(|s| {
        for _ in 0..3_000 {
            s.alloc(0_u64);
        }
    });
    let before = r.stats();
    r.free_spare();
    let after = r.stats();
    assert_eq!(after.chunks, 1);
    assert_eq!(after.used, 1);
    assert!(after.capacity < before.capacity);
    r.alloc(1_u8);
}

#[test]
fn region_is_send() {
    fn is_send<T: Send>(_: &T) {}
    let r = Region::new();
    r.alloc(1_u32);
    is_send(&r);
    let handle = std::thread::spawn(move || *r.alloc(41_u32) + 1);
    assert_eq!(handle.join().unwrap(), 42);
}
