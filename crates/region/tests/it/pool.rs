//! `RegionPool`: regions lent to threads and given back reset.

use std::sync::Barrier;
use std::thread;

use region::{Region, RegionPool};

#[test]
fn a_returned_region_is_reset_and_keeps_its_memory() {
    let pool = RegionPool::new();
    let capacity = {
        let r = pool.get();
        for _ in 0..10_000 {
            r.alloc(0_u64);
        }
        r.stats().capacity
    };
    assert_eq!(pool.idle(), 1);
    let r = pool.get();
    assert_eq!(pool.idle(), 0);
    let s = r.stats();
    assert_eq!((s.used, s.capacity), (0, capacity));
}

#[test]
fn get_builds_regions_only_when_none_is_idle() {
    let pool = RegionPool::with_builder(Region::builder().first_chunk_size(1024).limit(1 << 16));
    let a = pool.get();
    let b = pool.get();
    a.alloc(1_u8);
    b.alloc(2_u8);
    assert_eq!((a.limit(), b.limit()), (Some(1 << 16), Some(1 << 16)));
    assert!(a.stats().capacity <= 1024);
    drop((a, b));
    assert_eq!(pool.idle(), 2);
    let _c = pool.get();
    assert_eq!(pool.idle(), 1);
    pool.clear();
    assert_eq!(pool.idle(), 0);
}

#[test]
fn the_guard_gives_mutable_access() {
    let pool = RegionPool::new();
    let mut r = pool.get();
    let n = r.scope(|s| *s.alloc(5_u32));
    r.alloc(1_u8);
    r.reset();
    assert_eq!((n, r.allocated_bytes()), (5, 0));
}

#[test]
fn threads_share_a_pool_with_one_region_each_at_a_time() {
    let threads = if cfg!(miri) { 3 } else { 8 };
    let rounds = if cfg!(miri) { 3 } else { 50 };
    let pool = RegionPool::new();
    let barrier = Barrier::new(threads);
    thread::scope(|t| {
        for w in 0..threads {
            let (pool, barrier) = (&pool, &barrier);
            t.spawn(move || {
                for round in 0..rounds {
                    let r = pool.get();
                    let xs = r.alloc_slice_fill_with(500, |i| (i * w + round) as u64);
                    // Every thread holds a region here: they must all differ.
                    barrier.wait();
                    assert!(
                        xs.iter()
                            .enumerate()
                            .all(|(i, &x)| x == (i * w + round) as u64)
                    );
                    assert_eq!(r.allocated_bytes(), 4000);
                    barrier.wait();
                }
            });
        }
    });
    assert_eq!(pool.idle(), threads);
}

#[test]
fn a_panic_while_holding_a_region_still_returns_it() {
    let pool = RegionPool::new();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let r = pool.get();
        r.alloc(1_u8);
        panic!("worker failed");
    }));
    assert!(result.is_err());
    assert_eq!(pool.idle(), 1);
    assert_eq!(pool.get().allocated_bytes(), 0);
}

#[test]
fn pool_is_sync_and_guard_is_send() {
    fn sync<T: Sync + Send>() {}
    fn send<T: Send>() {}
    sync::<RegionPool>();
    send::<region::PooledRegion<'static>>();
}
