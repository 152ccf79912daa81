//! `&Region` as an `allocator_api2` allocator.

use allocator_api2::vec::Vec;
use region::Region;

#[test]
fn vec_in_region_grows_and_keeps_contents() {
    let r = Region::new();
    let mut v: Vec<u64, &Region> = Vec::new_in(&r);
    for i in 0..10_000 {
        v.push(i);
    }
    assert_eq!(v.len(), 10_000);
    assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64));
    v.truncate(10);
    v.shrink_to_fit();
    assert_eq!(&v[..], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The vector is the most recent allocation: shrinking gave the rest back.
    assert_eq!(r.stats().used, 8 * 10);
}

#[test]
fn vec_in_region_respects_the_limit() {
    let r = Region::builder().limit(64 * 1024).build();
    let mut v: Vec<u8, &Region> = Vec::new_in(&r);
    assert!(v.try_reserve(1 << 20).is_err());
    v.push(1);
    assert_eq!(v[0], 1);
}

/// Guards against every doubling copying into a new block and abandoning the
/// old one (2,097,120 bytes of region for a capacity of 1,048,576).
#[test]
fn pushed_vec_uses_about_its_final_capacity() {
    let r = Region::new();
    let mut v: Vec<u64, &Region> = Vec::new_in(&r);
    let n = if cfg!(miri) { 5_000 } else { 100_000 };
    for i in 0..n {
        v.push(i);
    }
    assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64));
    let bytes = v.capacity() * size_of::<u64>();
    let used = r.stats().used;
    assert!(
        used * 10 <= bytes * 11,
        "{used} bytes of region for a capacity of {bytes}"
    );
}

#[test]
fn vec_grows_in_place_within_one_chunk() {
    let r = Region::with_capacity(64 * 1024);
    let mut v: Vec<u32, &Region> = Vec::new_in(&r);
    for i in 0..10_000 {
        v.push(i);
    }
    let s = r.stats();
    assert_eq!(s.chunks, 1);
    assert_eq!(s.used, v.capacity() * 4, "every doubling reused the block");
    assert!(v.iter().enumerate().all(|(i, &x)| x == i as u32));
}

#[test]
fn dropping_the_newest_vec_gives_its_bytes_back() {
    let r = Region::new();
    let keep = r.alloc(7_u64);
    let mut v: Vec<u8, &Region> = Vec::with_capacity_in(100, &r);
    v.extend_from_slice(&[1; 100]);
    assert_eq!(r.stats().used, 108);
    drop(v);
    assert_eq!(r.stats().used, 8);
    assert_eq!(*keep, 7);
}

#[test]
fn only_the_newest_block_is_given_back() {
    let r = Region::new();
    let older: Vec<u8, &Region> = Vec::with_capacity_in(64, &r);
    let newer: Vec<u8, &Region> = Vec::with_capacity_in(32, &r);
    drop(older); // not the most recent: stays allocated
    assert_eq!(r.stats().used, 96);
    drop(newer);
    assert_eq!(r.stats().used, 64);
}

#[test]
fn vec_that_is_not_the_newest_block_moves_and_keeps_contents() {
    let r = Region::new();
    let mut a: Vec<u16, &Region> = Vec::new_in(&r);
    let mut b: Vec<u16, &Region> = Vec::new_in(&r);
    for i in 0..5_000 {
        a.push(i);
        b.push(i.wrapping_mul(3));
    }
    assert!(a.iter().enumerate().all(|(i, &x)| x == i as u16));
    assert!(
        b.iter()
            .enumerate()
            .all(|(i, &x)| x == (i as u16).wrapping_mul(3))
    );
}

#[test]
fn grow_zeroed_shrink_and_over_aligned_growth_keep_contents() {
    use allocator_api2::alloc::Allocator;
    use core::alloc::Layout;
    let r = Region::new();
    let a = &r;
    let small = Layout::from_size_align(24, 64).unwrap();
    let mut p = a.allocate(small).unwrap().cast::<u8>();
    // SAFETY: `p` is a fresh block of 24 bytes.
    unsafe { p.write_bytes(5, 24) };
    for (size, align) in [(100, 64), (1000, 128), (5000, 16), (200_000, 256)] {
        let new = Layout::from_size_align(size, align).unwrap();
        // SAFETY: `p` is the live block of `small`.
        let q = unsafe { a.grow_zeroed(p, small, new) }
            .unwrap()
            .cast::<u8>();
        assert_eq!(q.as_ptr() as usize % align, 0);
        // SAFETY: `q` holds `size` bytes.
        let bytes = unsafe { core::slice::from_raw_parts(q.as_ptr(), size) };
        assert!(bytes[..24].iter().all(|&b| b == 5));
        assert!(bytes[24..].iter().all(|&b| b == 0));
        // SAFETY: `q` is the live block of `new`; `small` is not larger.
        p = unsafe { a.shrink(q, new, small) }.unwrap().cast::<u8>();
        assert_eq!(p.as_ptr() as usize % 64, 0);
        // SAFETY: `p` holds 24 bytes.
        let kept = unsafe { core::slice::from_raw_parts(p.as_ptr(), 24) };
        assert!(kept.iter().all(|&b| b == 5));
    }
}
#[test]
fn string_in_region_grows_and_formats() {
    use region::collections::String;
    use std::fmt::Write;
    let r = Region::new();
    let mut s = String::new_in(&r);
    for i in 0..1000 {
        write!(s, "{i},").unwrap();
    }
    s.push('ü');
    let want: std::string::String = (0..1000)
        .map(|i| format!("{i},"))
        .collect::<std::string::String>()
        + "ü";
    assert_eq!(s, want.as_str());
    let kept: &str = s.leak();
    assert_eq!(kept, want);
}

#[test]
fn string_in_region_respects_the_limit_and_stays_unchanged() {
    use region::collections::String;
    use std::fmt::Write;
    let r = Region::builder().limit(4096).build();
    let mut s = String::from_str_in("kept", &r);
    assert!(s.try_push_str(&"x".repeat(10_000)).is_err());
    assert!(write!(s, "{:>10000}", 1).is_err());
    assert!(s.starts_with("kept"));
}

#[test]
fn collections_work_inside_scopes_and_go_with_them() {
    use region::Scope;
    use region::collections::{String, Vec};
    // Smaller under Miri, which runs this some thousand times slower.
    let (n, m) = if cfg!(miri) {
        (300_u64, 3000)
    } else {
        (10_000, 100_000)
    };
    let mut r = Region::new();
    let kept = r.alloc(1_u64);
    *kept += 1;
    for round in 0..3_u64 {
        let sum = r.scope(|s| {
            // A nested scope first: it needs the scope mutably, so no
            // collection of this scope may be alive across it.
            let nested = s.scope(|inner| {
                let mut w: Vec<u8, &Scope> = Vec::with_capacity_in(m, &*inner);
                w.resize(m, 1);
                w.iter().map(|&b| u64::from(b)).sum::<u64>()
            });
            let mut v: Vec<u64, &Scope> = Vec::new_in(&*s);
            v.extend((0..n).map(|i| i * round));
            let mut text = String::new_in(&*s);
            text.push_str("scoped");
            assert_eq!(text, "scoped");
            v.iter().sum::<u64>() + nested
        });
        assert_eq!(sum, n * (n - 1) / 2 * round + m as u64);
        assert_eq!(r.stats().used, 8);
    }
}

#[test]
fn a_box_in_the_region_runs_its_destructor() {
    use region::collections::Box;
    use std::rc::Rc;
    // The drop policy's way out: `alloc` refuses `Rc`, a `Box` in the region drops it.
    let r = Region::new();
    let shared = Rc::new(());
    let boxed = Box::new_in(Rc::clone(&shared), &r);
    assert_eq!(Rc::strong_count(&shared), 2);
    drop(boxed);
    assert_eq!(Rc::strong_count(&shared), 1);
}
