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
    assert!(r.stats().used >= 8 * 10_000);
}

#[test]
fn vec_in_region_respects_the_limit() {
    let r = Region::builder().limit(64 * 1024).build();
    let mut v: Vec<u8, &Region> = Vec::new_in(&r);
    assert!(v.try_reserve(1 << 20).is_err());
    v.push(1);
    assert_eq!(v[0], 1);
}
