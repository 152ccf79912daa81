//! Allocator benchmarks: `region` against bumpalo, bump-scope, typed-arena and
//! `Box`, in one run.
//!
//! Each iteration makes `N` allocations; criterion reports the time per
//! iteration and the throughput in allocations per second, so time per
//! allocation is the iteration time divided by `N` (see BENCHMARKS.md).
//! Groups: a `u64`, a 32-byte node, mixed sizes (1 to 88 bytes, alignments
//! 1 to 8), strings, slices, a mix of those, a growing vector, a fresh arena
//! per iteration against one reset and reused, and freeing 1,000,000 nodes.
//!
//! Before timing, every variant runs once under a counting global
//! allocator: global-allocator calls and frees per iteration go to
//! `target/bench-counts/alloc.jsonl` (and stdout), with the minor page faults
//! per iteration seen while timed and, after each group, every variant's
//! minimum time over 200 interleaved rounds (robust ratios on a busy
//! machine).

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::counting::{Counting, FaultMeter, Report, count, interleaved_min};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use region::Region;
use typed_arena::Arena;

#[global_allocator]
static GLOBAL: Counting = Counting;

const N: usize = 100_000;

/// A 32-byte node, the size of a minilang `Expr`.
#[derive(Clone, Copy)]
struct Node {
    _a: u64,
    _b: u64,
    _c: u64,
    _d: u64,
}

fn node(i: usize) -> Node {
    let i = i as u64;
    Node {
        _a: i,
        _b: i + 1,
        _c: i + 2,
        _d: i + 3,
    }
}

/// Runs `f` three times to reach the steady state (a region merges its
/// chunks on the first reset, and the merged chunk's pages are touched on
/// the next iteration), then once under the counting allocator.
fn record(report: &mut Report, group: &str, name: &str, mut f: impl FnMut()) {
    for _ in 0..3 {
        f();
    }
    let ((), c) = count(&mut f);
    report.add(group, name, "iteration", 1, c);
}

/// A named variant of a group: a closure making one iteration.
type Variant<'a> = (&'static str, Box<dyn FnMut() + 'a>);

/// A group of variants; each is counted, then timed.
fn group(c: &mut Criterion, report: &mut Report, name: &str, variants: Vec<Variant<'_>>) {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(N as u64));
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(2));
    let mut variants = variants;
    for (variant, f) in &mut variants {
        let variant = *variant;
        record(report, name, variant, &mut *f);
        let mut meter = FaultMeter::default();
        g.bench_function(variant, |b| {
            b.iter_custom(|iters| {
                meter.measure(iters, || {
                    let t = Instant::now();
                    for _ in 0..iters {
                        f();
                    }
                    t.elapsed()
                })
            })
        });
        report.timed_faults(name, variant, &meter);
    }
    g.finish();
    // The same variants again, interleaved: robust ratios on a busy machine.
    let names: Vec<&str> = variants.iter().map(|(n, _)| *n).collect();
    let mut timed: Vec<Box<dyn FnMut() -> Duration + '_>> = variants
        .iter_mut()
        .map(|(_, f)| {
            Box::new(move || {
                let t = Instant::now();
                f();
                t.elapsed()
            }) as Box<dyn FnMut() -> Duration>
        })
        .collect();
    let mut refs: Vec<&mut dyn FnMut() -> Duration> =
        timed.iter_mut().map(|f| &mut **f as _).collect();
    let min = interleaved_min(200, &mut refs);
    for (variant, m) in names.into_iter().zip(min) {
        report.interleaved_min(name, variant, m);
    }
}

macro_rules! per_alloc_group {
    ($c:expr, $report:expr, $name:literal, $ty:ty, $make:expr) => {{
        let make = $make;
        let mut boxes = Vec::with_capacity(N);
        let mut r = Region::new();
        let mut bump = bumpalo::Bump::new();
        let mut scoped = <bump_scope::Bump>::new();
        group(
            $c,
            $report,
            $name,
            vec![
                (
                    "region (reset)",
                    Box::new(|| {
                        for i in 0..N {
                            black_box(r.alloc(make(i)));
                        }
                        r.reset();
                    }),
                ),
                (
                    "bumpalo (reset)",
                    Box::new(|| {
                        for i in 0..N {
                            black_box(bump.alloc(make(i)));
                        }
                        bump.reset();
                    }),
                ),
                (
                    "bump-scope (reset)",
                    Box::new(|| {
                        for i in 0..N {
                            black_box(scoped.alloc(make(i)).into_mut());
                        }
                        scoped.reset();
                    }),
                ),
                (
                    "typed-arena (fresh)",
                    Box::new(|| {
                        let arena = Arena::<$ty>::new();
                        for i in 0..N {
                            black_box(arena.alloc(make(i)));
                        }
                    }),
                ),
                (
                    "Box::new + drop",
                    Box::new(|| {
                        for i in 0..N {
                            drop(black_box(Box::new(make(i))));
                        }
                    }),
                ),
                (
                    // All live at once, then all freed: the pattern of a tree.
                    "Box::new, all dropped after",
                    Box::new(|| {
                        for i in 0..N {
                            boxes.push(black_box(Box::new(make(i))));
                        }
                        boxes.clear();
                    }),
                ),
            ],
        );
    }};
}

fn per_allocation(c: &mut Criterion, report: &mut Report) {
    per_alloc_group!(c, report, "alloc_u64", u64, |i: usize| i as u64);
    per_alloc_group!(c, report, "alloc_32B", Node, node);
}

// ----- mixed sizes -----

/// Seven value types of 1 to 88 bytes with alignments 1, 2, 4 and 8 (the
/// sizes of minilang's nodes: 8-byte spans, 32-byte expressions, 88-byte
/// bindings).
#[derive(Clone, Copy)]
struct B1(#[expect(dead_code, reason = "only its size matters")] u8);
#[derive(Clone, Copy)]
struct B6(#[expect(dead_code, reason = "only its size matters")] [u16; 3]);
#[derive(Clone, Copy)]
struct B12(#[expect(dead_code, reason = "only its size matters")] [u32; 3]);
#[derive(Clone, Copy)]
struct B24(#[expect(dead_code, reason = "only its size matters")] [u64; 3]);
#[derive(Clone, Copy)]
struct B48(#[expect(dead_code, reason = "only its size matters")] [u64; 6]);
#[derive(Clone, Copy)]
struct B88(#[expect(dead_code, reason = "only its size matters")] [u64; 11]);

/// Allocates the 16 values of the mixed sequence starting at `i`, with
/// `$alloc` (a closure or a path): four 1-byte values, two each of 6, 12
/// and 24 bytes, four 32-byte nodes, one of 48 and one of 88 bytes.
///
/// The sequence is written out straight rather than chosen by `match i % 16`:
/// a jump-table dispatch per allocation costs more than the allocation and
/// its cost depended on code placement (it made the same allocator 1.6x
/// slower in one binary than in another).
macro_rules! mixed16 {
    ($i:expr, $alloc:expr) => {{
        let i = $i;
        let v = i as u64;
        black_box($alloc(B1(i as u8)));
        black_box($alloc(B6([i as u16; 3])));
        black_box($alloc(B12([i as u32; 3])));
        black_box($alloc(node(i)));
        black_box($alloc(B1(i as u8)));
        black_box($alloc(B24([v; 3])));
        black_box($alloc(B48([v; 6])));
        black_box($alloc(node(i)));
        black_box($alloc(B1(i as u8)));
        black_box($alloc(B6([i as u16; 3])));
        black_box($alloc(B12([i as u32; 3])));
        black_box($alloc(node(i)));
        black_box($alloc(B1(i as u8)));
        black_box($alloc(B24([v; 3])));
        black_box($alloc(B88([v; 11])));
        black_box($alloc(node(i)));
    }};
}

/// One typed-arena per type of the mixed sequence.
#[derive(Default)]
struct MixedArenas {
    b1: Arena<B1>,
    b6: Arena<B6>,
    b12: Arena<B12>,
    b24: Arena<B24>,
    b32: Arena<Node>,
    b48: Arena<B48>,
    b88: Arena<B88>,
}

fn mixed_sizes(c: &mut Criterion, report: &mut Report) {
    let mut r = Region::new();
    let mut bump = bumpalo::Bump::new();
    let mut scoped = <bump_scope::Bump>::new();
    group(
        c,
        report,
        "alloc_mixed_sizes",
        vec![
            (
                "region (reset)",
                Box::new(|| {
                    for i in (0..N).step_by(16) {
                        mixed16!(i, |x| r.alloc(x));
                    }
                    r.reset();
                }),
            ),
            (
                "bumpalo (reset)",
                Box::new(|| {
                    for i in (0..N).step_by(16) {
                        mixed16!(i, |x| bump.alloc(x));
                    }
                    bump.reset();
                }),
            ),
            (
                "bump-scope (reset)",
                Box::new(|| {
                    for i in (0..N).step_by(16) {
                        mixed16!(i, |x| bump_scope::BumpBox::leak(scoped.alloc(x)));
                    }
                    scoped.reset();
                }),
            ),
            (
                "typed-arena (fresh)",
                Box::new(|| {
                    let a = MixedArenas::default();
                    for i in (0..N).step_by(16) {
                        let v = i as u64;
                        black_box(a.b1.alloc(B1(i as u8)));
                        black_box(a.b6.alloc(B6([i as u16; 3])));
                        black_box(a.b12.alloc(B12([i as u32; 3])));
                        black_box(a.b32.alloc(node(i)));
                        black_box(a.b1.alloc(B1(i as u8)));
                        black_box(a.b24.alloc(B24([v; 3])));
                        black_box(a.b48.alloc(B48([v; 6])));
                        black_box(a.b32.alloc(node(i)));
                        black_box(a.b1.alloc(B1(i as u8)));
                        black_box(a.b6.alloc(B6([i as u16; 3])));
                        black_box(a.b12.alloc(B12([i as u32; 3])));
                        black_box(a.b32.alloc(node(i)));
                        black_box(a.b1.alloc(B1(i as u8)));
                        black_box(a.b24.alloc(B24([v; 3])));
                        black_box(a.b88.alloc(B88([v; 11])));
                        black_box(a.b32.alloc(node(i)));
                    }
                }),
            ),
            (
                "Box::new + drop",
                Box::new(|| {
                    for i in (0..N).step_by(16) {
                        mixed16!(i, Box::new);
                    }
                }),
            ),
        ],
    );
}

// ----- strings and slices -----

/// Identifier-like strings of 1 to 29 bytes.
const WORDS: [&str; 8] = [
    "x",
    "fib",
    "acc",
    "print_int",
    "String.length",
    "n",
    "a_much_longer_identifier_name",
    "loop",
];

fn strings(c: &mut Criterion, report: &mut Report) {
    let mut r = Region::new();
    let mut bump = bumpalo::Bump::new();
    let mut scoped = <bump_scope::Bump>::new();
    group(
        c,
        report,
        "alloc_str",
        vec![
            (
                "region (reset)",
                Box::new(|| {
                    for i in 0..N {
                        black_box(r.alloc_str(WORDS[i % WORDS.len()]));
                    }
                    r.reset();
                }),
            ),
            (
                "bumpalo (reset)",
                Box::new(|| {
                    for i in 0..N {
                        black_box(bump.alloc_str(WORDS[i % WORDS.len()]));
                    }
                    bump.reset();
                }),
            ),
            (
                "bump-scope (reset)",
                Box::new(|| {
                    for i in 0..N {
                        black_box(scoped.alloc_str(WORDS[i % WORDS.len()]).into_mut());
                    }
                    scoped.reset();
                }),
            ),
            (
                "typed-arena (fresh)",
                Box::new(|| {
                    let a = Arena::<u8>::new();
                    for i in 0..N {
                        black_box(a.alloc_str(WORDS[i % WORDS.len()]));
                    }
                }),
            ),
            (
                "Box<str> + drop",
                Box::new(|| {
                    for i in 0..N {
                        drop(black_box(Box::<str>::from(WORDS[i % WORDS.len()])));
                    }
                }),
            ),
        ],
    );
}

fn slices(c: &mut Criterion, report: &mut Report) {
    // Argument-list-like slices of 1 to 8 eight-byte values.
    let data: Vec<u64> = (0..8).collect();
    let len = |i: usize| 1 + (i * 5) % 8;
    let mut r = Region::new();
    let mut bump = bumpalo::Bump::new();
    let mut scoped = <bump_scope::Bump>::new();
    group(
        c,
        report,
        "alloc_slice",
        vec![
            (
                "region (reset)",
                Box::new(|| {
                    for i in 0..N {
                        black_box(r.alloc_slice_copy(&data[..len(i)]));
                    }
                    r.reset();
                }),
            ),
            (
                "bumpalo (reset)",
                Box::new(|| {
                    for i in 0..N {
                        black_box(bump.alloc_slice_copy(&data[..len(i)]));
                    }
                    bump.reset();
                }),
            ),
            (
                "bump-scope (reset)",
                Box::new(|| {
                    for i in 0..N {
                        black_box(scoped.alloc_slice_copy(&data[..len(i)]).into_mut());
                    }
                    scoped.reset();
                }),
            ),
            (
                "typed-arena (fresh)",
                Box::new(|| {
                    let a = Arena::<u64>::new();
                    for i in 0..N {
                        black_box(a.alloc_extend(data[..len(i)].iter().copied()));
                    }
                }),
            ),
            (
                "Box<[u64]> + drop",
                Box::new(|| {
                    for i in 0..N {
                        drop(black_box(Box::<[u64]>::from(&data[..len(i)])));
                    }
                }),
            ),
        ],
    );
}

/// One byte, a string, a 5-element slice and a 32-byte node, in turn
/// (written out straight; see `mixed16!`).
fn mixed_and_slices(c: &mut Criterion, report: &mut Report) {
    let mut r = Region::new();
    let mut bump = bumpalo::Bump::new();
    let mut scoped = <bump_scope::Bump>::new();
    group(
        c,
        report,
        "mixed_strings_slices",
        vec![
            (
                "region",
                Box::new(|| {
                    for i in (0..N).step_by(4) {
                        black_box(r.alloc(i as u8));
                        black_box(r.alloc_str(WORDS[i % WORDS.len()]));
                        black_box(r.alloc_slice_copy(&[i as u32; 5]));
                        black_box(r.alloc(node(i)));
                    }
                    r.reset();
                }),
            ),
            (
                "bumpalo",
                Box::new(|| {
                    for i in (0..N).step_by(4) {
                        black_box(bump.alloc(i as u8));
                        black_box(bump.alloc_str(WORDS[i % WORDS.len()]));
                        black_box(bump.alloc_slice_copy(&[i as u32; 5]));
                        black_box(bump.alloc(node(i)));
                    }
                    bump.reset();
                }),
            ),
            (
                "bump-scope",
                Box::new(|| {
                    for i in (0..N).step_by(4) {
                        black_box(scoped.alloc(i as u8).into_mut());
                        black_box(scoped.alloc_str(WORDS[i % WORDS.len()]).into_mut());
                        black_box(scoped.alloc_slice_copy(&[i as u32; 5]).into_mut());
                        black_box(scoped.alloc(node(i)).into_mut());
                    }
                    scoped.reset();
                }),
            ),
            (
                "Box",
                Box::new(|| {
                    for i in (0..N).step_by(4) {
                        drop(black_box(Box::new(i as u8)));
                        drop(black_box(Box::<str>::from(WORDS[i % WORDS.len()])));
                        drop(black_box(Box::<[u32]>::from(&[i as u32; 5][..])));
                        drop(black_box(Box::new(node(i))));
                    }
                }),
            ),
        ],
    );
}

// ----- a growing vector -----

/// `N` pushes into one vector in the arena, which grows by doubling: each
/// allocator's own vector type, growing in place where it can.
fn vec_push(c: &mut Criterion, report: &mut Report) {
    let mut r = Region::new();
    let mut bump = bumpalo::Bump::new();
    let mut scoped = <bump_scope::Bump>::new();
    let mut heap: Vec<Vec<u64>> = Vec::with_capacity(1);
    group(
        c,
        report,
        "vec_push_u64",
        vec![
            (
                "region (reset)",
                Box::new(|| {
                    {
                        let mut v = allocator_api2::vec::Vec::new_in(&r);
                        for i in 0..N {
                            v.push(black_box(i as u64));
                        }
                        black_box(&v);
                    }
                    r.reset();
                }),
            ),
            (
                "bumpalo (reset)",
                Box::new(|| {
                    {
                        let mut v = bumpalo::collections::Vec::new_in(&bump);
                        for i in 0..N {
                            v.push(black_box(i as u64));
                        }
                        black_box(&v);
                    }
                    bump.reset();
                }),
            ),
            (
                "bump-scope (reset)",
                Box::new(|| {
                    {
                        let mut v = bump_scope::BumpVec::new_in(&scoped);
                        for i in 0..N {
                            v.push(black_box(i as u64));
                        }
                        black_box(&v);
                    }
                    scoped.reset();
                }),
            ),
            (
                "Vec (global)",
                Box::new(|| {
                    let mut v = Vec::new();
                    for i in 0..N {
                        v.push(black_box(i as u64));
                    }
                    heap.push(v);
                    heap.clear();
                }),
            ),
        ],
    );
}

// ----- fresh against reset -----

fn fresh_vs_reset(c: &mut Criterion, report: &mut Report) {
    let mut r = Region::new();
    let mut bump = bumpalo::Bump::new();
    let mut scoped = <bump_scope::Bump>::new();
    group(
        c,
        report,
        "fresh_vs_reset_32B",
        vec![
            (
                "region fresh",
                Box::new(|| {
                    let r = Region::new();
                    for i in 0..N {
                        black_box(r.alloc(node(i)));
                    }
                }),
            ),
            (
                "region reset",
                Box::new(|| {
                    for i in 0..N {
                        black_box(r.alloc(node(i)));
                    }
                    r.reset();
                }),
            ),
            (
                "bumpalo fresh",
                Box::new(|| {
                    let bump = bumpalo::Bump::new();
                    for i in 0..N {
                        black_box(bump.alloc(node(i)));
                    }
                }),
            ),
            (
                "bumpalo reset",
                Box::new(|| {
                    for i in 0..N {
                        black_box(bump.alloc(node(i)));
                    }
                    bump.reset();
                }),
            ),
            (
                "bump-scope fresh",
                Box::new(|| {
                    let scoped = <bump_scope::Bump>::new();
                    for i in 0..N {
                        black_box(scoped.alloc(node(i)).into_mut());
                    }
                }),
            ),
            (
                "bump-scope reset",
                Box::new(|| {
                    for i in 0..N {
                        black_box(scoped.alloc(node(i)).into_mut());
                    }
                    scoped.reset();
                }),
            ),
            (
                "typed-arena fresh",
                Box::new(|| {
                    let a = Arena::<Node>::new();
                    for i in 0..N {
                        black_box(a.alloc(node(i)));
                    }
                }),
            ),
        ],
    );
}

// ----- freeing a million nodes -----

const M: usize = 1_000_000;

/// A binary tree node of `Box`es, 32 bytes like `Node`.
struct TreeNode {
    _v: u64,
    _w: u64,
    _left: Option<Box<TreeNode>>,
    _right: Option<Box<TreeNode>>,
}

/// A balanced tree of `n` boxed nodes (depth about 20 for a million).
fn tree(n: usize) -> Option<Box<TreeNode>> {
    if n == 0 {
        return None;
    }
    let left = (n - 1) / 2;
    Some(Box::new(TreeNode {
        _v: n as u64,
        _w: 0,
        _left: tree(left),
        _right: tree(n - 1 - left),
    }))
}

/// Times only the drop of what `build` makes.
fn time_drop<T>(iters: u64, mut build: impl FnMut() -> T) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let x = build();
        let t = Instant::now();
        drop(x);
        total += t.elapsed();
    }
    total
}

fn free_million(c: &mut Criterion, report: &mut Report) {
    let region = || {
        let r = Region::new();
        for i in 0..M {
            r.alloc(node(i));
        }
        r
    };
    let bump = || {
        let b = bumpalo::Bump::new();
        for i in 0..M {
            b.alloc(node(i));
        }
        b
    };
    let typed = || {
        let a = Arena::new();
        for i in 0..M {
            a.alloc(node(i));
        }
        a
    };
    let boxes = || (0..M).map(|i| Box::new(node(i))).collect::<Vec<_>>();
    let name = "free_1M_nodes";
    // The frees (and faults) of each drop.
    let r = region();
    report.add(name, "drop region", "drop", 1, count(|| drop(r)).1);
    let b = bump();
    report.add(name, "drop bumpalo", "drop", 1, count(|| drop(b)).1);
    let a = typed();
    report.add(name, "drop typed-arena", "drop", 1, count(|| drop(a)).1);
    let v = boxes();
    report.add(name, "drop Vec<Box<Node>>", "drop", 1, count(|| drop(v)).1);
    let t = tree(M);
    report.add(name, "drop Box tree", "drop", 1, count(|| drop(t)).1);

    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(3));
    g.bench_function("drop region", |b| b.iter_custom(|n| time_drop(n, region)));
    g.bench_function("drop bumpalo", |b| b.iter_custom(|n| time_drop(n, bump)));
    g.bench_function("drop typed-arena", |b| {
        b.iter_custom(|n| time_drop(n, typed))
    });
    g.bench_function("drop Vec<Box<Node>>", |b| {
        b.iter_custom(|n| time_drop(n, boxes))
    });
    g.bench_function("drop Box tree", |b| {
        b.iter_custom(|n| time_drop(n, || tree(M)))
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let mut report = Report::new("alloc");
    per_allocation(c, &mut report);
    mixed_sizes(c, &mut report);
    strings(c, &mut report);
    slices(c, &mut report);
    mixed_and_slices(c, &mut report);
    vec_push(c, &mut report);
    fresh_vs_reset(c, &mut report);
    free_million(c, &mut report);
    report.write();
}

criterion_group!(alloc, benches);
criterion_main!(alloc);
