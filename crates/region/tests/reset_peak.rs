//! `reset` never holds the old chunks and the merged one at the same time.
//!
//! Its own test binary because it installs a global allocator that tracks the
//! live and peak heap bytes (per thread, so parallel tests do not mix).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use region::Region;

struct Tracking;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to `System`, only tracking sizes.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = LIVE.try_with(|live| {
            live.set(live.get() + layout.size());
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
        });
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(layout.size())));
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Tracking = Tracking;

/// Guards against a region limited to 8 MiB peaking at 16.8 MB of heap
/// during `reset` (the merged chunk was allocated before the old ones were
/// freed, outside the limit).
#[test]
fn reset_peak_heap_stays_within_the_limit() {
    let limit = if cfg!(miri) { 256 * 1024 } else { 8 << 20 };
    let mut r = Region::builder().limit(limit).build();
    while r.try_alloc([0_u8; 1000]).is_ok() {}
    assert!(r.stats().chunks > 1);
    let live = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(live));
    r.reset();
    let peak = PEAK.with(Cell::get);
    assert!(
        peak <= live,
        "reset raised the heap from {live} to {peak} bytes (limit {limit})"
    );
    assert_eq!(r.stats().chunks, 1);
}
