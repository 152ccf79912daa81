//! Allocator benchmarks: `region` against bumpalo, typed-arena and `Box`, in one run.
//!
//! Each iteration makes `N` allocations; criterion reports the time per
//! iteration, so time per allocation is that divided by `N` (see BENCHMARKS.md).

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use region::Region;

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
    Node { _a: i, _b: i + 1, _c: i + 2, _d: i + 3 }
}

macro_rules! per_alloc_group {
    ($c:expr, $name:literal, $ty:ty, $make:expr) => {{
        let make = $make;
        let mut g = $c.benchmark_group($name);
        g.throughput(Throughput::Elements(N as u64));
        g.bench_function("region (reset)", |b| {
            let mut r = Region::new();
            b.iter(|| {
                for i in 0..N {
                    black_box(r.alloc(make(i)));
                }
                r.reset();
            })
        });
        g.bench_function("bumpalo (reset)", |b| {
            let mut bump = bumpalo::Bump::new();
            b.iter(|| {
                for i in 0..N {
                    black_box(bump.alloc(make(i)));
                }
                bump.reset();
            })
        });
        g.bench_function("typed-arena (fresh)", |b| {
            b.iter(|| {
                let arena = typed_arena::Arena::<$ty>::new();
                for i in 0..N {
                    black_box(arena.alloc(make(i)));
                }
            })
        });
        g.bench_function("Box::new + drop", |b| {
            b.iter(|| {
                for i in 0..N {
                    drop(black_box(Box::new(make(i))));
                }
            })
        });
        g.finish();
    }};
}

fn per_allocation(c: &mut Criterion) {
    per_alloc_group!(c, "alloc_u64", u64, |i: usize| i as u64);
    per_alloc_group!(c, "alloc_32B", Node, node);
}

fn fresh_vs_reset(c: &mut Criterion) {
    let mut g = c.benchmark_group("fresh_vs_reset_32B");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("region fresh", |b| {
        b.iter(|| {
            let r = Region::new();
            for i in 0..N {
                black_box(r.alloc(node(i)));
            }
        })
    });
    g.bench_function("region reset", |b| {
        let mut r = Region::new();
        b.iter(|| {
            for i in 0..N {
                black_box(r.alloc(node(i)));
            }
            r.reset();
        })
    });
    g.bench_function("bumpalo fresh", |b| {
        b.iter(|| {
            let bump = bumpalo::Bump::new();
            for i in 0..N {
                black_box(bump.alloc(node(i)));
            }
        })
    });
    g.bench_function("bumpalo reset", |b| {
        let mut bump = bumpalo::Bump::new();
        b.iter(|| {
            for i in 0..N {
                black_box(bump.alloc(node(i)));
            }
            bump.reset();
        })
    });
    g.finish();
}

fn mixed_and_slices(c: &mut Criterion) {
    let words = ["x", "fib", "print_int", "a_much_longer_identifier_name", "n"];
    let mut g = c.benchmark_group("mixed_strings_slices");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("region", |b| {
        let mut r = Region::new();
        b.iter(|| {
            for i in 0..N {
                match i % 4 {
                    0 => drop(black_box(r.alloc(i as u8))),
                    1 => drop(black_box(r.alloc_str(words[i % words.len()]))),
                    2 => drop(black_box(r.alloc_slice_copy(&[i as u32; 5]))),
                    _ => drop(black_box(r.alloc(node(i)))),
                }
            }
            r.reset();
        })
    });
    g.bench_function("bumpalo", |b| {
        let mut bump = bumpalo::Bump::new();
        b.iter(|| {
            for i in 0..N {
                match i % 4 {
                    0 => drop(black_box(bump.alloc(i as u8))),
                    1 => drop(black_box(bump.alloc_str(words[i % words.len()]))),
                    2 => drop(black_box(bump.alloc_slice_copy(&[i as u32; 5]))),
                    _ => drop(black_box(bump.alloc(node(i)))),
                }
            }
            bump.reset();
        })
    });
    g.bench_function("Box", |b| {
        b.iter(|| {
            for i in 0..N {
                match i % 4 {
                    0 => drop(black_box(Box::new(i as u8))),
                    1 => drop(black_box(Box::<str>::from(words[i % words.len()]))),
                    2 => drop(black_box(Box::<[u32]>::from(&[i as u32; 5][..]))),
                    _ => drop(black_box(Box::new(node(i)))),
                }
            }
        })
    });
    g.finish();
}

fn free_million(c: &mut Criterion) {
    const M: usize = 1_000_000;
    let mut g = c.benchmark_group("free_1M_nodes");
    g.sample_size(10);
    g.bench_function("drop region", |b| {
        b.iter_batched(
            || {
                let r = Region::new();
                for i in 0..M {
                    r.alloc(node(i));
                }
                r
            },
            drop,
            BatchSize::PerIteration,
        )
    });
    g.bench_function("drop Vec<Box<Node>>", |b| {
        b.iter_batched(
            || (0..M).map(|i| Box::new(node(i))).collect::<Vec<_>>(),
            drop,
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, per_allocation, fresh_vs_reset, mixed_and_slices, free_million);
criterion_main!(benches);
