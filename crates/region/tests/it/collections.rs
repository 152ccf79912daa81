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
