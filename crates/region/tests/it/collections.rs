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
    let mut r = Region::new();
    let kept = r.alloc(1_u64);
    *kept += 1;
    for round in 0..3_u64 {
        let sum = r.scope(|s| {
            // A nested scope first: it needs the scope mutably, so no
            // collection of this scope may be alive across it.
            let nested = s.scope(|inner| {
                let mut w: Vec<u8, &Scope> = Vec::with_capacity_in(100_000, &*inner);
                w.resize(100_000, 1);
                w.iter().map(|&b| u64::from(b)).sum::<u64>()
            });
            let mut v: Vec<u64, &Scope> = Vec::new_in(&*s);
            v.extend((0..10_000).map(|i| i * round));
            let mut text = String::new_in(&*s);
            text.push_str("scoped");
            assert_eq!(text, "scoped");
            v.iter().sum::<u64>() + nested
        });
        assert_eq!(sum, 49_995_000 * round + 100_000);
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
