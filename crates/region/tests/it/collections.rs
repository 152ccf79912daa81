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

// ----- blocks grown upward from the bottom of the free space -----

use allocator_api2::alloc::Allocator;
use core::alloc::Layout;
use core::ptr::NonNull;

fn bytes(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

/// Fills `len` bytes at `p` with `fill`.
fn fill(p: NonNull<u8>, len: usize, fill: u8) {
    // SAFETY: every caller passes a live block of at least `len` bytes.
    unsafe { p.write_bytes(fill, len) };
}

/// Whether the first `len` bytes at `p` all equal `fill`.
fn holds(p: NonNull<u8>, len: usize, fill: u8) -> bool {
    // SAFETY: every caller passes a live block of at least `len` bytes.
    unsafe { core::slice::from_raw_parts(p.as_ptr(), len) }
        .iter()
        .all(|&b| b == fill)
}

/// Guards against a downward bump moving the newest block at every
/// doubling (one `memmove` per growth): it moves once, then grows in place.
#[test]
fn newest_block_moves_once_then_grows_in_place() {
    let r = Region::with_capacity(64 * 1024);
    let a = &r;
    let mut p = a.allocate(bytes(16, 8)).unwrap().cast::<u8>();
    fill(p, 16, 3);
    let mut size = 16;
    let mut moves = 0;
    while size < 16 * 1024 {
        // SAFETY: `p` is the live block of `size` bytes.
        let q = unsafe { a.grow(p, bytes(size, 8), bytes(size * 2, 8)) }.unwrap();
        let q = q.cast::<u8>();
        moves += usize::from(q != p);
        assert!(holds(q, size, 3), "contents kept at {size}");
        fill(q, size * 2, 3);
        (p, size) = (q, size * 2);
    }
    assert_eq!(moves, 1, "moved to the bottom once");
    assert_eq!((r.stats().chunks, r.stats().used), (1, 16 * 1024));
}

#[test]
fn grown_block_keeps_growing_in_place_between_ordinary_allocations() {
    let r = Region::with_capacity(64 * 1024);
    let a = &r;
    let p = a.allocate(bytes(64, 8)).unwrap().cast::<u8>();
    fill(p, 64, 1);
    // SAFETY: `p` is the live block of 64 bytes.
    let q = unsafe { a.grow(p, bytes(64, 8), bytes(128, 8)) }
        .unwrap()
        .cast();
    fill(q, 128, 1);
    let mut others = vec![];
    let mut size = 128;
    for i in 0..6_u64 {
        others.push(r.alloc([i; 5]));
        // SAFETY: `q` is the live block of `size` bytes.
        let g = unsafe { a.grow(q, bytes(size, 8), bytes(size + 100, 8)) }.unwrap();
        assert_eq!(
            g.cast::<u8>(),
            q,
            "grew in place although not the newest allocation"
        );
        size += 100;
        assert!(holds(q, size - 100, 1));
        fill(q, size, 1);
    }
    for (i, o) in others.iter().enumerate() {
        assert_eq!(**o, [i as u64; 5]);
    }
    assert_eq!(r.stats().used, r.allocated_bytes());
}

#[test]
fn shrinking_and_freeing_the_grown_block_gives_its_bytes_back() {
    let r = Region::new();
    let keep = r.alloc(9_u64);
    let a = &r;
    let p = a.allocate(bytes(40, 8)).unwrap().cast::<u8>();
    // SAFETY: `p` is the live block of 40 bytes.
    let q = unsafe { a.grow(p, bytes(40, 8), bytes(1000, 8)) }
        .unwrap()
        .cast::<u8>();
    fill(q, 1000, 7);
    let used = r.stats().used;
    // SAFETY: `q` is the live block of 1000 bytes.
    let s = unsafe { a.shrink(q, bytes(1000, 8), bytes(100, 8)) }
        .unwrap()
        .cast::<u8>();
    assert_eq!(s, q, "shrunk in place");
    assert!(holds(s, 100, 7));
    assert_eq!(
        r.stats().used,
        used - 896,
        "bytes given back, to a multiple of 16"
    );
    // SAFETY: `s` is the live block of 100 bytes.
    unsafe { a.deallocate(s, bytes(100, 8)) };
    assert_eq!(r.stats().used, 8);
    assert_eq!(*keep, 9);
}

#[test]
fn grown_blocks_that_are_not_the_newest_move_and_never_overlap() {
    let r = Region::with_capacity(1 << 20);
    let a = &r;
    let mut blocks: std::vec::Vec<(NonNull<u8>, usize, u8)> = (0..4_u8)
        .map(|k| {
            let p = a.allocate(bytes(8, 8)).unwrap().cast::<u8>();
            fill(p, 8, k);
            (p, 8, k)
        })
        .collect();
    for round in 0..8 {
        for k in 0..4 {
            let (p, size, f) = blocks[(k + round) % 4];
            // SAFETY: `p` is the live block of `size` bytes.
            let q = unsafe { a.grow(p, bytes(size, 8), bytes(size * 2, 8)) }.unwrap();
            let q = q.cast::<u8>();
            assert!(holds(q, size, f));
            fill(q, size * 2, f);
            blocks[(k + round) % 4] = (q, size * 2, f);
        }
    }
    let mut spans: std::vec::Vec<(usize, usize)> = blocks
        .iter()
        .map(|&(p, s, _)| (p.as_ptr() as usize, s))
        .collect();
    spans.sort_unstable();
    assert!(spans.windows(2).all(|w| w[0].0 + w[0].1 <= w[1].0));
    assert!(blocks.iter().all(|&(p, s, f)| holds(p, s, f)));
}

#[test]
fn grown_block_crosses_chunks_and_grows_in_place_in_the_new_one() {
    let r = Region::builder().first_chunk_size(1024).build();
    let a = &r;
    let mut p = a.allocate(bytes(512, 16)).unwrap().cast::<u8>();
    fill(p, 512, 4);
    let mut size = 512;
    for _ in 0..6 {
        // SAFETY: `p` is the live block of `size` bytes.
        p = unsafe { a.grow(p, bytes(size, 16), bytes(size * 2, 16)) }
            .unwrap()
            .cast();
        assert!(holds(p, size, 4));
        size *= 2;
        fill(p, size, 4);
    }
    assert!(r.stats().chunks > 1);
    // Room for a small growth in the new chunk: in place.
    // SAFETY: `p` is the live block of `size` bytes.
    let q = unsafe { a.grow(p, bytes(size, 16), bytes(size + 16, 16)) }.unwrap();
    assert!(holds(q.cast(), size, 4));
    let mut r = r;
    let total: usize = r.iter_allocated_chunks().map(<[_]>::len).sum();
    assert_eq!(
        total,
        r.allocated_bytes(),
        "the iterator sees the grown blocks"
    );
}

#[test]
fn zero_sized_and_over_aligned_growth_of_grown_blocks() {
    let r = Region::new();
    let a = &r;
    let z = a.allocate(bytes(0, 8)).unwrap().cast::<u8>();
    // SAFETY: `z` is the live zero-sized block.
    let z2 = unsafe { a.grow(z, bytes(0, 8), bytes(0, 64)) }
        .unwrap()
        .cast::<u8>();
    assert_eq!(z2.as_ptr() as usize % 64, 0);
    // SAFETY: `z2` is the live zero-sized block of alignment 64.
    let p = unsafe { a.grow(z2, bytes(0, 64), bytes(48, 8)) }
        .unwrap()
        .cast::<u8>();
    fill(p, 48, 6);
    // SAFETY: `p` is the live block of 48 bytes.
    let p = unsafe { a.grow(p, bytes(48, 8), bytes(96, 8)) }
        .unwrap()
        .cast::<u8>();
    // SAFETY: `p` is the live block of 96 bytes; 4096 is a larger alignment.
    let q = unsafe { a.grow(p, bytes(96, 8), bytes(192, 4096)) }
        .unwrap()
        .cast::<u8>();
    assert_eq!(q.as_ptr() as usize % 4096, 0);
    assert!(holds(q, 48, 6));
    // SAFETY: `q` is the live block of 192 bytes.
    let back = unsafe { a.shrink(q, bytes(192, 4096), bytes(0, 1)) }.unwrap();
    assert_eq!(back.len(), 0);
    let x = r.alloc([1_u8; 33]);
    assert_eq!(x[32], 1);
}

/// What the `vec_push_u64` bench measures: after a reset into one merged
/// chunk, 100,000 pushes copy the vector only at its first growth.
#[test]
fn vector_after_reset_is_copied_only_once() {
    let mut r = Region::new();
    let n = if cfg!(miri) { 5_000 } else { 100_000 };
    for round in 0..2 {
        let mut v: Vec<u64, &Region> = Vec::new_in(&r);
        let mut moves = 0;
        let mut at = v.as_ptr();
        for i in 0..n {
            v.push(i);
            moves += usize::from(v.as_ptr() != at);
            at = v.as_ptr();
        }
        assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64));
        if round == 1 {
            assert_eq!(moves, 2, "allocated once, moved to the bottom once");
        }
        drop(v);
        r.reset();
    }
}
