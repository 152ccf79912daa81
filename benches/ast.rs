//! Region AST against `Box` trees and other arenas: the same minilang parser
//! builds (a) the region AST, (b) the `Box` tree of `testkit::boxed`,
//! (c) the region AST's types in typed-arena arenas, (d) the same in a
//! bumpalo `Bump`, (e) in a bump-scope `Bump`, and (f) in a `Region` through
//! the arena builder of (c)-(e) (`region-arena`: infallible calls, as for
//! bumpalo, where `RegionBuilder` makes fallible ones), from generated
//! programs of 64 KB, 1 MB and 10 MB.
//!
//! Groups: `ast_build` (lex + parse, tree kept), `ast_drop` (freeing the
//! tree), `ast_build_drop` (both), `ast_fold` (one pass over every node).
//! `region-reset` is one region reused across iterations: build into a
//! reset region, "drop" = `reset()`. Before timing, each variant builds and
//! drops once under the counting allocator: calls, frees, bytes requested
//! and peak live bytes go to `target/bench-counts/ast.jsonl`, with page
//! faults seen while timed and, after criterion's groups, the minimum time
//! of every variant and measure run interleaved (robust ratios on a busy
//! machine).

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use bumpalo::Bump;
use common::counting::{Counting, FaultMeter, Report, count, interleaved_min};
use common::trees::{ArenaBuilder, TypedArenas, fold_ast, fold_boxed};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use minilang::syntax::ast;
use minilang::syntax::{RegionBuilder, parse_with};
use region::Region;
use testkit::boxed;

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Measure {
    Build,
    Drop,
    BuildDrop,
    Fold,
}

const VARIANTS: [&str; 7] = [
    "region",
    "region-reset",
    "Box",
    "typed-arena",
    "bumpalo",
    "bump-scope",
    "region-arena",
];

/// The measured part of `iters` iterations of `m` for an arena made by
/// `$new`, built through `ArenaBuilder` and freed by dropping it.
macro_rules! run_arena {
    ($m:expr, $src:expr, $iters:expr, $new:expr) => {{
        let (m, src, iters) = ($m, $src, $iters);
        if m == Measure::Fold {
            let a = $new;
            let (p, _) = parse_with(src, ArenaBuilder::new(&a));
            return fold_iters(&p, iters);
        }
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let t = Instant::now();
            let a = $new;
            {
                let (p, d) = parse_with(src, ArenaBuilder::new(&a));
                black_box((&p, &d));
            }
            if m == Measure::Build {
                total += t.elapsed();
                drop(a);
                continue;
            }
            let t = if m == Measure::Drop {
                Instant::now()
            } else {
                t
            };
            drop(a);
            total += t.elapsed();
        }
        total
    }};
}

/// Runs `iters` iterations of `m` on `src` for `variant`; returns the time of
/// the measured part only.
fn run(variant: &str, m: Measure, src: &str, iters: u64, reused: &mut Region) -> Duration {
    let mut total = Duration::ZERO;
    match variant {
        "region" => {
            if m == Measure::Fold {
                let r = Region::new();
                let (p, _) = parse_with(src, RegionBuilder::new(&r));
                return fold_iters(&p, iters);
            }
            for _ in 0..iters {
                let t = Instant::now();
                let r = Region::new();
                let (p, d) = parse_with(src, RegionBuilder::new(&r));
                black_box((&p, &d));
                if m == Measure::Build {
                    total += t.elapsed();
                    drop(r);
                    continue;
                }
                let t = if m == Measure::Drop {
                    Instant::now()
                } else {
                    t
                };
                drop(r);
                total += t.elapsed();
            }
        }
        "region-reset" => {
            if m == Measure::Fold {
                reused.reset();
                let (p, _) = parse_with(src, RegionBuilder::new(reused));
                return fold_iters(&p, iters);
            }
            for _ in 0..iters {
                let t = Instant::now();
                {
                    let (p, d) = parse_with(src, RegionBuilder::new(reused));
                    black_box((&p, &d));
                }
                if m == Measure::Build {
                    total += t.elapsed();
                    reused.reset();
                    continue;
                }
                let t = if m == Measure::Drop {
                    Instant::now()
                } else {
                    t
                };
                reused.reset();
                total += t.elapsed();
            }
        }
        "Box" => {
            if m == Measure::Fold {
                let (p, _) = boxed::parse(src);
                let mut stack = Vec::new();
                let t = Instant::now();
                for _ in 0..iters {
                    black_box(fold_boxed(black_box(&p), &mut stack));
                }
                return t.elapsed();
            }
            for _ in 0..iters {
                let t = Instant::now();
                let (p, d) = boxed::parse(src);
                black_box((&p, &d));
                if m == Measure::Build {
                    total += t.elapsed();
                    drop(p);
                    continue;
                }
                let t = if m == Measure::Drop {
                    Instant::now()
                } else {
                    t
                };
                drop(p);
                total += t.elapsed();
            }
        }
        "typed-arena" => {
            if m == Measure::Fold {
                let a = TypedArenas::default();
                let (p, _) = parse_with(src, ArenaBuilder::new(&a));
                return fold_iters(&p, iters);
            }
            for _ in 0..iters {
                // The arenas hold references to themselves, so they are
                // dropped at the end of the block rather than moved.
                let t = Instant::now();
                let t_drop;
                {
                    let a = TypedArenas::default();
                    let (p, d) = parse_with(src, ArenaBuilder::new(&a));
                    black_box((&p, &d));
                    if m == Measure::Build {
                        total += t.elapsed();
                    }
                    t_drop = Instant::now();
                }
                match m {
                    Measure::Drop => total += t_drop.elapsed(),
                    Measure::BuildDrop => total += t.elapsed(),
                    _ => {}
                }
            }
        }
        "bumpalo" => {
            if m == Measure::Fold {
                let a = Bump::new();
                let (p, _) = parse_with(src, ArenaBuilder::new(&a));
                return fold_iters(&p, iters);
            }
            for _ in 0..iters {
                let t = Instant::now();
                let a = Bump::new();
                {
                    let (p, d) = parse_with(src, ArenaBuilder::new(&a));
                    black_box((&p, &d));
                }
                if m == Measure::Build {
                    total += t.elapsed();
                    drop(a);
                    continue;
                }
                let t = if m == Measure::Drop {
                    Instant::now()
                } else {
                    t
                };
                drop(a);
                total += t.elapsed();
            }
        }
        "bump-scope" => return run_arena!(m, src, iters, <bump_scope::Bump>::new()),
        "region-arena" => return run_arena!(m, src, iters, Region::new()),
        _ => unreachable!("unknown variant {variant}"),
    }
    total
}

fn fold_iters(p: &ast::Program<'_>, iters: u64) -> Duration {
    let mut stack = Vec::new();
    let t = Instant::now();
    for _ in 0..iters {
        black_box(fold_ast(black_box(p), &mut stack));
    }
    t.elapsed()
}

/// Counts the global-allocator traffic of one build + drop per variant
/// (the calls, bytes and peak are the build's; the frees are mostly the
/// drop's, plus the parser's scratch vectors, the same for every variant).
fn counts(report: &mut Report, label: &str, src: &str) {
    let mut reused = Region::new();
    // Warm the reused region so that its counts are the steady state.
    run("region-reset", Measure::BuildDrop, src, 2, &mut reused);
    for variant in VARIANTS {
        let ((), c) = count(|| {
            run(variant, Measure::BuildDrop, src, 1, &mut reused);
        });
        report.add(
            "ast_build_drop",
            &format!("{variant}/{label}"),
            "build+drop",
            1,
            c,
        );
    }
}

/// The four trees are the same tree: their folds agree.
fn same_fold(src: &str) {
    let r = Region::new();
    let (p, _) = parse_with(src, RegionBuilder::new(&r));
    let want = fold_ast(&p, &mut Vec::new());
    let (b, _) = boxed::parse(src);
    assert_eq!(fold_boxed(&b, &mut Vec::new()), want, "Box tree");
    let bump = Bump::new();
    let (p, _) = parse_with(src, ArenaBuilder::new(&bump));
    assert_eq!(fold_ast(&p, &mut Vec::new()), want, "bumpalo tree");
    let a = TypedArenas::default();
    let (p, _) = parse_with(src, ArenaBuilder::new(&a));
    assert_eq!(fold_ast(&p, &mut Vec::new()), want, "typed-arena tree");
    let scoped = <bump_scope::Bump>::new();
    let (p, _) = parse_with(src, ArenaBuilder::new(&scoped));
    assert_eq!(fold_ast(&p, &mut Vec::new()), want, "bump-scope tree");
    let r = Region::new();
    let (p, _) = parse_with(src, ArenaBuilder::new(&r));
    assert_eq!(fold_ast(&p, &mut Vec::new()), want, "region-arena tree");
}

fn ast(c: &mut Criterion) {
    let mut report = Report::new("ast");
    let programs: Vec<(&str, String)> = common::SIZES
        .iter()
        .map(|&(label, bytes)| (label, common::program(bytes)))
        .collect();
    for (label, src) in &programs {
        let r = Region::new();
        let (p, d) = minilang::syntax::parse(src, &r);
        assert!(d.is_empty(), "the generated program parses without errors");
        println!(
            "program {label}: {} bytes, {} AST nodes, region AST {} bytes",
            src.len(),
            minilang::syntax::count_nodes(&p),
            r.allocated_bytes()
        );
        same_fold(src);
        counts(&mut report, label, src);
    }

    let mut reused = Region::new();
    for (group_name, m) in [
        ("ast_build", Measure::Build),
        ("ast_drop", Measure::Drop),
        ("ast_build_drop", Measure::BuildDrop),
        ("ast_fold", Measure::Fold),
    ] {
        let mut g = c.benchmark_group(group_name);
        for (label, src) in &programs {
            g.throughput(Throughput::Bytes(src.len() as u64));
            if src.len() > 100_000 {
                g.sampling_mode(SamplingMode::Flat);
                g.sample_size(10);
                g.warm_up_time(Duration::from_millis(500));
                g.measurement_time(Duration::from_secs(if src.len() > 2_000_000 {
                    4
                } else {
                    2
                }));
            } else {
                g.sampling_mode(SamplingMode::Auto);
                g.sample_size(30);
                g.warm_up_time(Duration::from_millis(500));
                g.measurement_time(Duration::from_secs(2));
            }
            for variant in VARIANTS {
                let mut meter = FaultMeter::default();
                g.bench_with_input(BenchmarkId::new(variant, label), src, |b, src| {
                    b.iter_custom(|iters| {
                        meter.measure(iters, || run(variant, m, src, iters, &mut reused))
                    });
                });
                report.timed_faults(group_name, &format!("{variant}/{label}"), &meter);
            }
        }
        g.finish();
    }

    // Every variant and measure again, interleaved: robust ratios on a busy
    // machine (see `interleaved_min`).
    for (label, src) in &programs {
        let rounds = match src.len() {
            0..100_000 => 30,
            100_000..2_000_000 => 10,
            _ => 6,
        };
        for (group_name, m) in [
            ("ast_build", Measure::Build),
            ("ast_drop", Measure::Drop),
            ("ast_build_drop", Measure::BuildDrop),
            ("ast_fold", Measure::Fold),
        ] {
            let reused = std::cell::RefCell::new(&mut reused);
            let mut fs: Vec<Box<dyn FnMut() -> Duration>> = VARIANTS
                .iter()
                .map(|&v| {
                    let reused = &reused;
                    Box::new(move || run(v, m, src, 1, &mut reused.borrow_mut()))
                        as Box<dyn FnMut() -> Duration>
                })
                .collect();
            let mut refs: Vec<&mut dyn FnMut() -> Duration> =
                fs.iter_mut().map(|f| &mut **f as _).collect();
            let min = interleaved_min(rounds, &mut refs);
            for (v, t) in VARIANTS.iter().zip(min) {
                report.interleaved_min(group_name, &format!("{v}/{label}"), t);
            }
        }
    }
    report.write();
}

criterion_group!(benches, ast);
criterion_main!(benches);
