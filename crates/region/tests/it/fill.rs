//! Filled slices, fallible closures, formatting into the region, run-time
//! limits, chunk iteration and a `const` region.

use core::cell::Cell;
use core::fmt;
use core::mem::MaybeUninit;
use region::{AllocError, AllocOrInitError, Region};

#[test]
fn fill_with_passes_each_index_once_in_order() {
    let r = Region::new();
    let calls = Cell::new(0);
    let xs = r.alloc_slice_fill_with(100, |i| {
        calls.set(calls.get() + 1);
        (i * 3) as u16
    });
    assert_eq!(calls.get(), 100);
    assert!(xs.iter().enumerate().all(|(i, &x)| x as usize == i * 3));
    assert_eq!(r.alloc_slice_fill_with(0, |_| 1_u8), &[] as &[u8]);
}

#[test]
fn fill_copy_clone_default_give_len_equal_values() {
    let r = Region::new();
    assert_eq!(r.alloc_slice_fill_copy(4, 7_u64), &[7; 4]);
    assert_eq!(r.alloc_slice_fill_clone(3, &Some('x')), &[Some('x'); 3]);
    assert_eq!(
        r.alloc_slice_fill_default::<(u8, bool)>(2),
        &[(0, false); 2]
    );
    let zst = r.alloc_slice_fill_copy(1000, ());
    assert_eq!(
        (zst.len(), r.allocated_bytes()),
        (1000, 4 * 8 + 3 * 4 + 2 * 2)
    );
}

#[test]
fn fill_failures_are_errors_and_do_not_call_the_closure() {
    let r = Region::builder().limit(4096).build();
    let called = Cell::new(false);
    let err = r.try_alloc_slice_fill_with(1 << 20, |_| {
        called.set(true);
        0_u8
    });
    assert_eq!(err, Err(AllocError));
    assert!(!called.get());
    // A length whose size overflows `isize` is an error, not a panic.
    assert!(r.try_alloc_slice_fill_copy(usize::MAX / 2, 0_u32).is_err());
    assert!(r.try_alloc_slice_fill_default::<u64>(usize::MAX).is_err());
    assert!(r.try_alloc_slice_fill_clone(usize::MAX, &1_u16).is_err());
}

#[test]
#[should_panic(expected = "allocation of a slice of 100000 values")]
fn fill_panics_past_the_limit() {
    // The panicking twin says what failed.
    let r = Region::builder().limit(4096).build();
    r.alloc_slice_fill_copy(100_000, 0_u8);
}

#[test]
fn alloc_try_with_keeps_ok_and_wastes_nothing_on_err() {
    let r = Region::new();
    let before = r.allocated_bytes();
    assert_eq!(r.alloc_try_with(|| Err::<[u64; 8], _>("no")), Err("no"));
    assert_eq!(r.allocated_bytes(), before);
    let v = r.alloc_try_with(|| Ok::<_, ()>([1_u64; 8])).unwrap();
    v[0] = 2;
    assert_eq!(v[..2], [2, 1]);
    assert_eq!(r.allocated_bytes(), before + 64);
}

#[test]
fn try_alloc_try_with_tells_alloc_from_init_errors() {
    let r = Region::builder().limit(1024).build();
    assert_eq!(
        r.try_alloc_try_with(|| Err::<u8, _>(5)),
        Err(AllocOrInitError::Init(5))
    );
    assert_eq!(
        r.try_alloc_try_with(|| Ok::<_, u8>([0_u8; 2048])),
        Err(AllocOrInitError::Alloc(AllocError))
    );
    assert_eq!(*r.try_alloc_try_with(|| Ok::<_, u8>(9_u32)).unwrap(), 9);
}

/// A value that formats differently each time: `n` stars, then one more.
struct Growing(Cell<usize>);

impl fmt::Display for Growing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.set(self.0.get() + 1);
        for _ in 0..self.0.get() {
            f.write_str("*")?;
        }
        Ok(())
    }
}

/// A value that formats shorter the second time.
struct Shrinking(Cell<usize>);

impl fmt::Display for Shrinking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.set(self.0.get().saturating_sub(1));
        write!(f, "{}", "é".repeat(self.0.get()))
    }
}

struct Failing;

impl fmt::Display for Failing {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Err(fmt::Error)
    }
}

#[test]
fn alloc_fmt_matches_format() {
    let r = Region::new();
    let cases = [
        (
            r.alloc_fmt(format_args!("plain")) as &str,
            "plain".to_string(),
        ),
        (
            r.alloc_fmt(format_args!("{} {:?} {:>6.2}", 1, "q", 2.71_f64)),
            format!("{} {:?} {:>6.2}", 1, "q", 2.71_f64),
        ),
        (r.alloc_fmt(format_args!("{}", "ünï")), "ünï".to_string()),
        (r.alloc_fmt(format_args!("{}", "")), String::new()),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    let width = if cfg!(miri) { 3000 } else { 60_000 };
    let big = r.alloc_fmt(format_args!("{:x<width$}", 'y'));
    assert_eq!((big.len(), &big[..2]), (width, "yx"));
}

#[test]
fn alloc_fmt_takes_exactly_the_text() {
    let r = Region::new();
    r.alloc_fmt(format_args!("{}{}", 12, 345));
    assert_eq!(r.allocated_bytes(), 5);
}

#[test]
fn alloc_fmt_keeps_a_shorter_second_pass() {
    // Valid UTF-8 and the text of the second pass: never a torn character.
    let r = Region::new();
    let s = r.alloc_fmt(format_args!("{}", Shrinking(Cell::new(4))));
    assert_eq!(s, "éé");
}

#[test]
#[should_panic(expected = "wrote more on the second")]
fn alloc_fmt_refuses_a_longer_second_pass() {
    // Truncating would be silent: the panic names the cause.
    let r = Region::new();
    r.alloc_fmt(format_args!("{}", Growing(Cell::new(0))));
}

#[test]
#[should_panic(expected = "formatting trait implementation returned an error")]
fn alloc_fmt_panics_like_format_on_a_failing_display() {
    // `format!` panics here too; `try_alloc_fmt` reports only allocation failures.
    let r = Region::new();
    let _ = r.try_alloc_fmt(format_args!("{}", Failing));
}

#[test]
fn try_alloc_fmt_fails_past_the_limit() {
    let r = Region::builder().limit(1024).build();
    assert_eq!(
        r.try_alloc_fmt(format_args!("{:>9999}", 0)),
        Err(AllocError)
    );
    assert_eq!(r.try_alloc_fmt(format_args!("{:>3}", 0)).unwrap(), "  0");
}

#[test]
fn set_limit_applies_to_later_chunks() {
    let mut r = Region::new();
    r.alloc([0_u8; 1000]);
    let capacity = r.stats().capacity;
    r.set_limit(Some(capacity));
    assert_eq!(r.limit(), Some(capacity));
    assert!(r.try_alloc([0_u8; 8000]).is_err());
    assert!(r.try_alloc([0_u8; 100]).is_ok()); // room left in the current chunk
    assert_eq!(r.stats().capacity, capacity);
    // A limit below what the region holds keeps the chunks.
    r.set_limit(Some(0));
    assert_eq!(r.stats().capacity, capacity);
    assert!(r.try_alloc([0_u8; 8000]).is_err());
    r.set_limit(None);
    assert!(r.try_alloc([0_u8; 8000]).is_ok());
}

#[test]
fn new_is_const_and_equals_the_default_builder() {
    thread_local! {
        static R: core::cell::RefCell<Region> = const { core::cell::RefCell::new(Region::new()) };
    }
    let (a, b) = (Region::new(), Region::builder().build());
    for _ in 0..2000 {
        a.alloc([0_u8; 24]);
        b.alloc([0_u8; 24]);
    }
    assert_eq!(a.stats().chunk_list, b.stats().chunk_list);
    R.with_borrow_mut(|r| {
        r.alloc(1_u8);
        assert_eq!(r.stats().chunks, 1);
    });
}

fn bytes(r: &mut Region) -> Vec<Vec<u8>> {
    r.iter_allocated_chunks()
        // SAFETY: the tests below allocate only initialised bytes without padding.
        .map(|c| c.iter().map(|b| unsafe { b.assume_init() }).collect())
        .collect()
}

#[test]
fn chunk_iteration_yields_each_chunks_bytes_newest_first() {
    let mut r = Region::builder()
        .first_chunk_size(256)
        .max_chunk_size(256)
        .build();
    assert!(bytes(&mut r).is_empty());
    for i in 0..100_u8 {
        r.alloc([i; 10]);
    }
    let chunks = bytes(&mut r);
    assert_eq!(chunks.len(), r.stats().chunks);
    let all: Vec<u8> = chunks.concat();
    assert_eq!(all.len(), 1000);
    // Newest first: the last value allocated comes first, and so on.
    let want: Vec<u8> = (0..100_u8).rev().flat_map(|i| [i; 10]).collect();
    assert_eq!(all, want);
    let total: usize = r
        .iter_allocated_chunks()
        .map(<[MaybeUninit<u8>]>::len)
        .sum();
    assert_eq!(total, r.allocated_bytes());
}

#[test]
fn chunk_iteration_sees_large_blocks_and_skips_empty_chunks() {
    let mut r = Region::new();
    r.alloc(1_u8);
    r.alloc_slice_fill_copy(20_000, 2_u8); // a chunk of its own
    r.alloc(3_u8);
    let chunks = bytes(&mut r);
    assert_eq!(chunks.len(), 2);
    assert!(
        chunks
            .iter()
            .any(|c| c.len() == 20_000 && c.iter().all(|&b| b == 2))
    );
    assert!(chunks.iter().any(|c| c == &[3, 1]));
    r.reset();
    assert!(bytes(&mut r).is_empty());
}

#[test]
fn chunk_iteration_after_a_scope_sees_only_what_stayed() {
    let mut r = Region::new();
    r.alloc(7_u8);
    r.scope(|s| {
        s.alloc_slice_fill_copy(20_000, 1_u8);
    });
    assert_eq!(bytes(&mut r), vec![vec![7]]);
}
