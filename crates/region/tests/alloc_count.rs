//! A repeated workload after `reset` makes zero calls to the global allocator.
//!
//! This is its own test binary because it installs a counting global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use region::Region;

struct Counting;

thread_local! {
    // Per thread, so that tests running in parallel do not see each other's calls.
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

fn calls() -> usize {
    CALLS.with(Cell::get)
}

fn count() {
    // `try_with`: the thread-local may already be gone during thread exit.
    let _ = CALLS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: forwards every call to `System`, only counting them.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A compile-like workload: many small nodes, some strings, some large slices.
fn workload(region: &Region) -> u64 {
    // Smaller under Miri, which runs this some thousand times slower.
    let n = if cfg!(miri) { 2_000 } else { 20_000 };
    let mut sum = 0;
    for i in 0..n {
        let node = region.alloc((i, i + 1, [0_u8; 16]));
        sum += node.0;
        if i % 100 == 0 {
            sum += region.alloc_str("identifier").len() as u64;
        }
        if i % (n / 4) == 0 {
            sum += region.alloc_slice_fill_iter(0..20_000_u32).len() as u64;
        }
    }
    sum
}

#[test]
fn steady_state_reuse_makes_no_global_allocations() {
    let mut region = Region::builder().first_chunk_size(1024).build();
    let expected = workload(&region);
    region.reset();
    assert_eq!(workload(&region), expected); // warm-up: may still grow
    region.reset();
    let before = calls();
    for _ in 0..3 {
        assert_eq!(workload(&region), expected);
        region.reset();
    }
    let calls = calls() - before;
    assert_eq!(
        calls, 0,
        "steady-state compile/reset cycles called the global allocator"
    );
}

#[test]
fn scopes_in_a_loop_make_no_global_allocations() {
    let mut region = Region::new();
    region.scope(|s| {
        workload_scoped(s);
    });
    let before = calls();
    for _ in 0..3 {
        region.scope(|s| {
            workload_scoped(s);
        });
    }
    assert_eq!(calls() - before, 0);
}

fn workload_scoped(s: &region::Scope<'_>) -> usize {
    (0..10_000).map(|i| *s.alloc(i)).sum::<usize>() + s.alloc_slice_copy(&[1_u8; 50_000]).len()
}

#[test]
fn alloc_fmt_formats_without_a_heap_buffer() {
    let region = Region::new();
    region.alloc(0_u8); // the first chunk
    let before = calls();
    let s = region.alloc_fmt(format_args!("{}-{:?}-{:>8.3}", 42, "q", 1.5));
    assert_eq!(calls() - before, 0);
    assert_eq!(s, "42-\"q\"-   1.500");
}

#[cfg(feature = "std")]
#[test]
fn pooled_regions_in_steady_state_make_no_global_allocations() {
    let pool = region::RegionPool::new();
    // Two regions in use at once, each running the workload; warm-up rounds
    // may still grow the regions and the pool's list.
    let round = || {
        let (a, b) = (pool.get(), pool.get());
        (workload(&a), workload(&b))
    };
    let expected = round();
    assert_eq!(round(), expected);
    let before = calls();
    for _ in 0..3 {
        assert_eq!(round(), expected);
    }
    assert_eq!(
        calls() - before,
        0,
        "pooled regions called the global allocator"
    );
}
