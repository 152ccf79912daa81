//! Random sequences of allocations, scopes and resets checked against a model:
//! live allocations never overlap, are aligned, keep their contents, and the
//! statistics stay consistent.

use core::alloc::Layout;
use proptest::prelude::*;
use region::{Region, Scope};

#[derive(Clone, Debug)]
enum Op {
    Alloc {
        size: usize,
        align_log2: u8,
        fill: u8,
    },
    Str(String),
    Scope(Vec<Op>),
    Reset,
}

/// Sizes and lengths, smaller under Miri, which is some thousand times slower.
const MEDIUM: usize = if cfg!(miri) { 600 } else { 5000 };
const LARGE: usize = if cfg!(miri) { 9000 } else { 70_000 };
const OPS: usize = if cfg!(miri) { 16 } else { 48 };

fn op() -> impl Strategy<Value = Op> {
    let leaf = prop_oneof![
        8 => (0_usize..64, 0_u8..5, any::<u8>())
            .prop_map(|(size, align_log2, fill)| Op::Alloc { size, align_log2, fill }),
        2 => (0..MEDIUM, 0_u8..8, any::<u8>())
            .prop_map(|(size, align_log2, fill)| Op::Alloc { size, align_log2, fill }),
        1 => (0..LARGE, 0_u8..13, any::<u8>())
            .prop_map(|(size, align_log2, fill)| Op::Alloc { size, align_log2, fill }),
        1 => ".{0,40}".prop_map(Op::Str),
        1 => Just(Op::Reset),
    ];
    leaf.prop_recursive(3, 64, 16, |inner| {
        prop::collection::vec(inner, 0..OPS / 3).prop_map(Op::Scope)
    })
}

/// One live allocation as the model sees it.
struct Live {
    ptr: *const u8,
    len: usize,
    fill: u8,
}

struct Model {
    live: Vec<Live>,
}

impl Model {
    fn check(&self, region_used: usize) {
        let mut spans: Vec<(usize, usize)> = self
            .live
            .iter()
            .filter(|l| l.len > 0)
            .map(|l| (l.ptr as usize, l.ptr as usize + l.len))
            .collect();
        spans.sort_unstable();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "live allocations overlap: {w:?}");
        }
        for l in &self.live {
            // SAFETY: the model only holds allocations that are still live.
            let bytes = unsafe { core::slice::from_raw_parts(l.ptr, l.len) };
            assert!(bytes.iter().all(|&b| b == l.fill), "contents changed");
        }
        let total: usize = self.live.iter().map(|l| l.len).sum();
        assert!(
            region_used >= total,
            "used {region_used} < live bytes {total}"
        );
    }
}

fn alloc_one(scope: &Scope<'_>, model: &mut Model, size: usize, align_log2: u8, fill: u8) {
    let layout = Layout::from_size_align(size, 1 << align_log2).unwrap();
    let p = scope.alloc_layout(layout);
    assert_eq!(p.as_ptr() as usize % layout.align(), 0, "misaligned");
    // SAFETY: `p` is fresh memory of `size` bytes.
    unsafe { core::ptr::write_bytes(p.as_ptr(), fill, size) };
    model.live.push(Live {
        ptr: p.as_ptr(),
        len: size,
        fill,
    });
}

fn run_scoped(scope: &mut Scope<'_>, ops: &[Op], model: &mut Model) {
    for op in ops {
        match op {
            Op::Alloc {
                size,
                align_log2,
                fill,
            } => alloc_one(scope, model, *size, *align_log2, *fill),
            Op::Str(s) => {
                let stored = scope.alloc_str(s);
                assert_eq!(stored, s);
                let fill = s.as_bytes().first().copied().unwrap_or(0);
                let uniform = s.bytes().all(|b| b == fill);
                if uniform {
                    model.live.push(Live {
                        ptr: stored.as_ptr(),
                        len: s.len(),
                        fill,
                    });
                }
            }
            Op::Scope(inner) => {
                let mark = model.live.len();
                scope.scope(|s| run_scoped(s, inner, model));
                model.live.truncate(mark);
            }
            Op::Reset => {} // only meaningful at the top level
        }
        let stats = scope.stats();
        model.check(stats.used);
        assert!(stats.capacity >= stats.used);
        assert_eq!(stats.chunks, stats.chunk_list.len());
    }
}

fn run(ops: &[Op], region: &mut Region) {
    let mut model = Model { live: Vec::new() };
    for op in ops {
        if let Op::Reset = op {
            model.live.clear();
            let capacity = region.stats().capacity;
            region.reset();
            assert_eq!(region.stats().used, 0);
            assert_eq!(region.stats().capacity, capacity);
            continue;
        }
        // Top-level ops run in a root scope that keeps its allocations until
        // the next reset: the model's live list carries over.
        run_scoped(
            &mut region.as_scope(),
            core::slice::from_ref(op),
            &mut model,
        );
        assert_eq!(region.allocated_bytes(), region.stats().used);
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: if cfg!(miri) { 6 } else { 256 },
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn region_matches_model(ops in prop::collection::vec(op(), 0..OPS), first in 7_u32..14) {
        let mut region = Region::builder().first_chunk_size(1 << first).max_chunk_size(64 * 1024).build();
        run(&ops, &mut region);
    }

    #[test]
    fn limited_region_never_exceeds_its_limit(sizes in prop::collection::vec(0_usize..3000, 0..200)) {
        let limit = 32 * 1024;
        let region = Region::builder().first_chunk_size(512).limit(limit).build();
        for size in sizes {
            let _ = region.try_alloc_layout(Layout::from_size_align(size, 8).unwrap());
            prop_assert!(region.stats().capacity <= limit);
        }
    }
}
