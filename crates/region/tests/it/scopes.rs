//! Scopes release what they allocated, keep what came before, and nest.

use region::Region;

#[test]
fn scope_releases_its_allocations() {
    let mut r = Region::new();
    r.alloc(1_u64);
    let used = r.stats().used;
    let sum = r.scope(|s| {
        let xs = s.alloc_slice_fill_iter(0..1000_u32);
        assert!(s.stats().used > used);
        xs.iter().sum::<u32>()
    });
    assert_eq!(sum, 499_500);
    assert_eq!(r.stats().used, used);
}

#[test]
fn earlier_allocations_survive_nested_scopes() {
    let mut r = Region::builder().first_chunk_size(256).build();
    let mut root = r.as_scope();
    let a = root.alloc_str("before");
    let n = root.scope(|s1| {
        let b = s1.alloc_slice_fill_iter((0..500_u32).map(u64::from));
        let m = s1.scope(|s2| {
            let c = s2.alloc_slice_copy(&[7_u8; 3000]);
            c.len()
        });
        // s1's allocation is intact after s2 released (and reused) memory.
        s1.scope(|s2| s2.alloc_slice_copy(&[0xAA_u8; 5000]).len());
        assert!(b.iter().enumerate().all(|(i, &v)| v == i as u64));
        m + b.len()
    });
    assert_eq!(n, 3500);
    assert_eq!(a, "before");
    assert_eq!(root.stats().used, 6);
}

#[test]
fn scopes_in_a_loop_reuse_memory() {
    let mut r = Region::new();
    let mut root = r.as_scope();
    root.scope(|s| s.alloc_slice_copy(&[0_u8; 100_000]).len());
    let capacity = root.stats().capacity;
    for i in 0..10 {
        root.scope(|s| {
            let v = s.alloc_slice_copy(&[i as u8; 100_000]);
            assert_eq!(v[99_999], i as u8);
        });
    }
    assert_eq!(
        root.stats().capacity,
        capacity,
        "each scope reused the spare chunk"
    );
}

#[test]
fn scope_is_restored_on_panic() {
    let mut r = Region::new();
    r.alloc(0_u32);
    let used = r.stats().used;
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        r.scope(|s| {
            s.alloc_slice_copy(&[1_u8; 10_000]);
            panic!("inside the scope");
        })
    }));
    assert!(caught.is_err());
    assert_eq!(r.stats().used, used);
    r.alloc(1_u8);
}

#[test]
fn reset_after_scopes_keeps_everything() {
    let mut r = Region::new();
    r.scope(|s| {
        s.alloc_slice_copy(&[0_u8; 50_000]);
    });
    let capacity = r.stats().capacity;
    r.reset();
    assert_eq!(r.stats().capacity, capacity);
    assert_eq!(r.stats().used, 0);
}
