//! Fuzzes `region` with arbitrary sequences of allocations (values, filled
//! slices, formatted text), scopes, resets, slices from iterators that lie
//! about their length, and vectors growing, shrinking and freed in place
//! through the `Allocator` interface between other allocations, checked
//! against a model: no overlap, alignment, contents, consistent stats.
#![no_main]

use core::alloc::Layout;
use allocator_api2::vec::Vec as RVec;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use region::{Region, Scope};

#[derive(Arbitrary, Debug)]
enum Op {
    Alloc { size: u16, align_log2: u8, fill: u8 },
    Big { size: u32, fill: u8 },
    Str(String),
    Slice(Vec<u32>),
    /// A slice from an iterator of `len` items whose size hint says `hint`.
    FromIter { len: u16, hint: u16, fill: u8 },
    /// Vectors in the region (outside scopes), through `Allocator`.
    Vecs(Vec<VecOp>),
    FillCopy { len: u16, fill: u8 },
    Fmt { n: u32, text: String },
    Enter,
    Exit,
    Reset,
}

#[derive(Arbitrary, Debug)]
enum VecOp {
    Push { vec: u8, n: u16, fill: u8 },
    Truncate { vec: u8, len: u16 },
    ShrinkToFit { vec: u8 },
    Drop { vec: u8 },
    /// An ordinary allocation between the vectors' growths: grown blocks
    /// move to the bottom of a chunk's free space while these bump down.
    Alloc { len: u16, fill: u8 },
}

/// Yields `left` copies of `fill` while claiming an exact length of `hint`.
struct Liar {
    hint: usize,
    left: usize,
    fill: u8,
}

impl Iterator for Liar {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        self.left = self.left.checked_sub(1)?;
        Some(self.fill)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.hint, Some(self.hint))
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    first_chunk_log2: u8,
    max_chunk_log2: u8,
    limit_kib: Option<u16>,
    ops: Vec<Op>,
}

struct Live {
    ptr: *const u8,
    len: usize,
    fill: u8,
}

fn check(live: &[Live], stats: &region::Stats) {
    let mut spans: Vec<(usize, usize)> =
        live.iter().filter(|l| l.len > 0).map(|l| (l.ptr as usize, l.ptr as usize + l.len)).collect();
    spans.sort_unstable();
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "overlap");
    }
    for l in live {
        // SAFETY: only live allocations are in the model.
        let bytes = unsafe { core::slice::from_raw_parts(l.ptr, l.len) };
        assert!(bytes.iter().all(|&b| b == l.fill), "contents changed");
    }
    assert!(stats.used >= live.iter().map(|l| l.len).sum::<usize>());
    assert!(stats.capacity >= stats.used);
    assert_eq!(stats.chunks, stats.chunk_list.len());
}

/// Runs ops until an unmatched `Exit`; returns how many ops were consumed.
fn run(scope: &mut Scope<'_>, ops: &[Op], live: &mut Vec<Live>, limit: Option<usize>) -> usize {
    let mut i = 0;
    while i < ops.len() {
        let op = &ops[i];
        i += 1;
        match op {
            Op::Alloc { size, align_log2, fill } => {
                let layout = Layout::from_size_align(*size as usize, 1 << (align_log2 % 13)).unwrap();
                if let Ok(p) = scope.try_alloc_layout(layout) {
                    assert_eq!(p.as_ptr() as usize % layout.align(), 0);
                    // SAFETY: fresh memory of `size` bytes.
                    unsafe { core::ptr::write_bytes(p.as_ptr(), *fill, layout.size()) };
                    live.push(Live { ptr: p.as_ptr(), len: layout.size(), fill: *fill });
                }
            }
            Op::Big { size, fill } => {
                let size = (*size as usize) % (256 << 10);
                if let Ok(s) = scope.try_alloc_slice_fill_iter(core::iter::repeat_n(*fill, size)) {
                    live.push(Live { ptr: s.as_ptr(), len: s.len(), fill: *fill });
                }
            }
            Op::Str(s) => {
                if let Ok(stored) = scope.try_alloc_str(s) {
                    assert_eq!(stored, s);
                }
            }
            Op::Slice(v) => {
                if let Ok(stored) = scope.try_alloc_slice_copy(v) {
                    assert_eq!(stored, &v[..]);
                }
            }
            Op::FromIter { len, hint, fill } => {
                let iter = Liar { hint: *hint as usize, left: *len as usize, fill: *fill };
                if let Ok(s) = scope.try_alloc_slice_from_iter(iter) {
                    assert_eq!(s.len(), *len as usize, "never truncated");
                    live.push(Live { ptr: s.as_ptr(), len: s.len(), fill: *fill });
                }
            }
            Op::Vecs(_) => {}
            Op::FillCopy { len, fill } => {
                if let Ok(s) = scope.try_alloc_slice_fill_copy(*len as usize, *fill) {
                    assert_eq!(s.len(), *len as usize);
                    live.push(Live { ptr: s.as_ptr(), len: s.len(), fill: *fill });
                }
            }
            Op::Fmt { n, text } => {
                if let Ok(stored) = scope.try_alloc_fmt(format_args!("{n}:{text}")) {
                    assert_eq!(&*stored, format!("{n}:{text}"));
                }
            }
            Op::Enter => {
                let mark = live.len();
                i += scope.scope(|s| run(s, &ops[i..], live, limit));
                live.truncate(mark);
            }
            Op::Exit => return i,
            Op::Reset => {}
        }
        let stats = scope.stats();
        check(live, &stats);
        if let Some(limit) = limit {
            assert!(stats.capacity <= limit);
        }
    }
    i
}

/// Runs vector operations on up to four vectors in `region`, checking each
/// vector's contents against a model and the other allocations after each step.
fn vecs(region: &Region, ops: &[VecOp], live: &[Live]) {
    let mut vecs: Vec<Option<(RVec<u8, &Region>, Vec<u8>)>> = (0..4).map(|_| None).collect();
    let mut slices: Vec<(&[u8], u8)> = Vec::new();
    for op in ops {
        match *op {
            VecOp::Push { vec, n, fill } => {
                let (v, model) = vecs[vec as usize % 4].get_or_insert_with(|| (RVec::new_in(region), Vec::new()));
                let n = n as usize % 4096;
                if v.try_reserve(n).is_ok() {
                    v.extend(core::iter::repeat_n(fill, n));
                    model.extend(core::iter::repeat_n(fill, n));
                }
            }
            VecOp::Truncate { vec, len } => {
                if let Some((v, model)) = &mut vecs[vec as usize % 4] {
                    v.truncate(len as usize);
                    model.truncate(len as usize);
                }
            }
            VecOp::ShrinkToFit { vec } => {
                if let Some((v, _)) = &mut vecs[vec as usize % 4] {
                    v.shrink_to_fit();
                }
            }
            VecOp::Drop { vec } => {
                let used = region.stats().used;
                if let Some((v, _)) = vecs[vec as usize % 4].take() {
                    let bytes = v.capacity();
                    drop(v);
                    // A grown block's end is rounded up to 16 bytes, and
                    // freeing it gives the rounding back too.
                    assert!(region.stats().used + bytes.next_multiple_of(16) >= used);
                }
            }
            VecOp::Alloc { len, fill } => {
                if let Ok(s) = region.try_alloc_slice_fill_copy(len as usize % 2048, fill) {
                    slices.push((s, fill));
                }
            }
        }
        for (s, fill) in &slices {
            assert!(s.iter().all(|b| b == fill), "allocation between growths");
        }
        for (v, model) in vecs.iter().flatten() {
            assert_eq!(&v[..], &model[..], "vector contents");
        }
        check(live, &region.stats());
    }
}

fuzz_target!(|input: Input| {
    let first = 1_usize << (input.first_chunk_log2 % 20).max(6);
    let max = 1_usize << (input.max_chunk_log2 % 24).max(6);
    let limit = input.limit_kib.map(|k| k as usize * 1024);
    let mut builder = Region::builder().first_chunk_size(first).max_chunk_size(max);
    if let Some(limit) = limit {
        builder = builder.limit(limit);
    }
    let mut region = builder.build();
    let mut live = Vec::new();
    let mut rest = &input.ops[..];
    while !rest.is_empty() {
        if let Op::Reset = rest[0] {
            // Every byte handed out, and only those, is in some chunk's slice.
            let allocated = region.allocated_bytes();
            let seen: usize = region.iter_allocated_chunks().map(<[_]>::len).sum();
            assert_eq!(seen, allocated);
            live.clear();
            let capacity = region.stats().capacity;
            region.reset();
            assert_eq!(region.stats().used, 0);
            assert_eq!(region.stats().capacity, capacity);
            rest = &rest[1..];
            continue;
        }
        if let Op::Vecs(vec_ops) = &rest[0] {
            vecs(&region, vec_ops, &live);
            rest = &rest[1..];
            continue;
        }
        let n = run(&mut region.as_scope(), rest, &mut live, limit);
        rest = &rest[n.max(1)..];
    }
});
