//! Many short compiles, one after another (the burn-through case): 1,024
//! small generated programs (256 B to 4 KB) compiled with a new region each,
//! with one region reset each time, and into `Box` trees.
//!
//! A compile is lex + parse, or the whole front end where the variant says
//! so (lex + parse + resolve to the IR + type-check, what `minilang --check`
//! does; the later phases need the region AST, so `Box` trees stop at the
//! parse).
//! Criterion reports the time of all 1,024 compiles, and compiles per second.
//! Before timing, each variant runs the whole set once to warm up and once
//! under the counting allocator; calls per compile in that steady state go
//! to `target/bench-counts/compiles.jsonl`, with the calls of each phase of
//! the reset variant, to say where they come from, and the minimum time of
//! each variant over interleaved rounds (robust ratios on a busy machine).

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::counting::{Counting, Counts, FaultMeter, Report, count, interleaved_min};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minilang::{sema, syntax};
use region::Region;
use testkit::boxed;

#[global_allocator]
static GLOBAL: Counting = Counting;

const PROGRAMS: usize = 1024;

/// The programs: sizes spread over 256 B to 4 KB, each with its own seed.
fn programs() -> Vec<String> {
    (0..PROGRAMS)
        .map(|i| {
            let size = 256 + (i * 397) % 3840;
            testkit::generate_program(size, 1000 + i as u64)
        })
        .collect()
}

/// One compile into `region`: parse, then resolve and type-check when
/// `whole` (the whole front end).
#[inline]
fn compile(src: &str, region: &Region, whole: bool) -> usize {
    let (ast, diags) = syntax::parse(src, region);
    let mut n = ast.items.len() + diags.len();
    if whole {
        let resolution = sema::resolve(&ast, region);
        n += sema::check(&ast, &resolution, src, region)
            .diagnostics()
            .len();
        n += resolution.into_result().map_or(0, |ir| ir.items.len());
    }
    n
}

const VARIANTS: [&str; 5] = [
    "region fresh (front end)",
    "region reset (front end)",
    "region fresh (parse)",
    "region reset (parse)",
    "Box (parse)",
];

/// Compiles every program once with `variant`.
fn pass(variant: &str, progs: &[String], reused: &mut Region) -> usize {
    let mut n = 0;
    for src in progs {
        n += match variant {
            "region fresh (front end)" => compile(src, &Region::new(), true),
            "region fresh (parse)" => compile(src, &Region::new(), false),
            "region reset (front end)" => {
                let n = compile(src, reused, true);
                reused.reset();
                n
            }
            "region reset (parse)" => {
                let n = compile(src, reused, false);
                reused.reset();
                n
            }
            "Box (parse)" => {
                let (p, d) = boxed::parse(src);
                black_box(&p);
                p.items.len() + d.len()
            }
            _ => unreachable!(),
        };
    }
    n
}

/// Steady-state allocator calls per compile, for every variant and for each
/// phase of the reset variant.
fn counts(report: &mut Report, progs: &[String]) {
    let mut reused = Region::new();
    for variant in VARIANTS {
        pass(variant, progs, &mut reused);
        let (_, c) = count(|| pass(variant, progs, &mut reused));
        report.add("compiles", variant, "compile", PROGRAMS as u64, c);
    }
    // Where the reset variant's calls come from: lexing (the streaming
    // lexer alone), lexing + parsing (the parser pulls the tokens),
    // resolving and type-checking the AST (each in the steady state).
    let (mut lex, mut parse, mut res, mut typ) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..2 {
        for src in progs {
            let (_, l) = count(|| {
                let mut lexer = syntax::Lexer::new(src);
                while lexer.next().kind != syntax::TokenKind::Eof {}
                lexer.finish().len()
            });
            {
                let ((ast, _), p) = count(|| syntax::parse(src, &reused));
                let (resolution, r) = count(|| sema::resolve(&ast, &reused));
                let (_, t) = count(|| sema::check(&ast, &resolution, src, &reused).has_errors());
                if round == 1 {
                    lex.push(l);
                    parse.push(p);
                    res.push(r);
                    typ.push(t);
                }
            }
            reused.reset();
        }
    }
    for (phase, cs) in [
        ("lex", lex),
        ("lex + parse", parse),
        ("resolve", res),
        ("type-check", typ),
    ] {
        let sum = cs.into_iter().fold(Counts::default(), |a, c| a + c);
        report.add(
            "compiles_phases",
            &format!("region reset: {phase}"),
            "compile",
            PROGRAMS as u64,
            sum,
        );
    }
}

fn compiles(c: &mut Criterion) {
    let progs = programs();
    let bytes: usize = progs.iter().map(String::len).sum();
    println!(
        "{PROGRAMS} programs, {bytes} bytes in all ({} on average)",
        bytes / PROGRAMS
    );
    for (i, src) in progs.iter().enumerate() {
        let r = Region::new();
        let (ast, d) = syntax::parse(src, &r);
        assert!(
            d.is_empty() && sema::resolve(&ast, &r).is_ok(),
            "program {i}"
        );
    }
    let mut report = Report::new("compiles");
    counts(&mut report, &progs);

    let mut g = c.benchmark_group("compiles_1024");
    g.throughput(Throughput::Elements(PROGRAMS as u64));
    g.sample_size(20);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    let mut reused = Region::new();
    for variant in VARIANTS {
        let mut meter = FaultMeter::default();
        g.bench_function(variant, |b| {
            b.iter_custom(|iters| {
                meter.measure(iters * PROGRAMS as u64, || {
                    let t = Instant::now();
                    for _ in 0..iters {
                        black_box(pass(variant, black_box(&progs), &mut reused));
                    }
                    t.elapsed()
                })
            })
        });
        report.timed_faults("compiles", variant, &meter);
    }
    g.finish();
    // The variants again, interleaved: robust ratios on a busy machine.
    let reused = std::cell::RefCell::new(reused);
    let mut fs: Vec<Box<dyn FnMut() -> Duration>> = VARIANTS
        .iter()
        .map(|&v| {
            let (reused, progs) = (&reused, &progs);
            Box::new(move || {
                let t = Instant::now();
                black_box(pass(v, progs, &mut reused.borrow_mut()));
                t.elapsed()
            }) as Box<dyn FnMut() -> Duration>
        })
        .collect();
    let mut refs: Vec<&mut dyn FnMut() -> Duration> =
        fs.iter_mut().map(|f| &mut **f as _).collect();
    let min = interleaved_min(10, &mut refs);
    for (v, t) in VARIANTS.iter().zip(min) {
        report.interleaved_min("compiles", v, t);
    }
    report.write();
}

criterion_group!(benches, compiles);
criterion_main!(benches);
