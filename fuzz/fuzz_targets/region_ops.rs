//! Fuzzes `region` with arbitrary sequences of allocations, scopes and resets,
//! checked against a model: no overlap, alignment, contents, consistent stats.
#![no_main]

use core::alloc::Layout;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use region::{Region, Scope};

#[derive(Arbitrary, Debug)]
enum Op {
    Alloc { size: u16, align_log2: u8, fill: u8 },
    Big { size: u32, fill: u8 },
    Str(String),
    Slice(Vec<u32>),
    Enter,
    Exit,
    Reset,
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
            live.clear();
            let capacity = region.stats().capacity;
            region.reset();
            assert_eq!(region.stats().used, 0);
            assert_eq!(region.stats().capacity, capacity);
            rest = &rest[1..];
            continue;
        }
        let n = run(&mut region.as_scope(), rest, &mut live, limit);
        rest = &rest[n.max(1)..];
    }
});
