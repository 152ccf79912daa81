//! Front-end throughput by phase on the generated 10 MB program, in MB/s
//! (criterion's throughput): lex, parse (tokens to the region AST), lex +
//! parse, resolve (AST to IR), type-check (AST to types), and the whole
//! front end (what `minilang --check` runs). Every region is reused and
//! reset, as in a compile server; only the named phase is timed.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use minilang::lexer::{self, Lexed};
use minilang::parser::{self, RegionBuilder};
use minilang::{resolve, typeck};
use region::Region;

/// A copy of the lexer's output, to parse again.
fn copy(l: &Lexed) -> Lexed {
    Lexed {
        tokens: l.tokens.clone(),
        strings: l.strings.clone(),
        diagnostics: Vec::new(),
    }
}

fn phases(c: &mut Criterion) {
    let (label, bytes) = common::SIZES[2];
    let src = common::program(bytes);
    let lexed = lexer::lex(&src);
    println!(
        "program {label}: {} bytes, {} tokens",
        src.len(),
        lexed.tokens.len()
    );

    let mut g = c.benchmark_group(format!("phase_{label}"));
    g.throughput(Throughput::Bytes(src.len() as u64));
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(5));

    g.bench_function("lex", |b| b.iter(|| lexer::lex(black_box(&src))));

    let mut region = Region::new();
    g.bench_function("parse (tokens to AST)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let tokens = copy(&lexed);
                let t = Instant::now();
                {
                    let out = parser::parse_lexed(&src, tokens, RegionBuilder::new(&region));
                    black_box(&out);
                }
                total += t.elapsed();
                region.reset();
            }
            total
        })
    });

    g.bench_function("lex + parse", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                {
                    let out = parser::parse(&src, &region);
                    black_box(&out);
                }
                total += t.elapsed();
                region.reset();
            }
            total
        })
    });

    // The AST stays in `region`; the IR goes to a second region, reset
    // after each iteration.
    let (ast, _) = parser::parse(&src, &region);
    let mut ir_region = Region::new();
    g.bench_function("resolve", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                {
                    let ir = resolve::resolve(&ast, &ir_region);
                    assert!(ir.is_ok());
                    black_box(&ir);
                }
                total += t.elapsed();
                ir_region.reset();
            }
            total
        })
    });

    // Types go to the second region too.
    g.bench_function("type-check", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                {
                    let typing = typeck::check(&ast, &src, &ir_region);
                    assert!(!typing.has_errors());
                    black_box(&typing);
                }
                total += t.elapsed();
                ir_region.reset();
            }
            total
        })
    });

    g.bench_function("front end (lex + parse + resolve + type-check)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                {
                    let (ast, _) = parser::parse(&src, &ir_region);
                    let ir = resolve::resolve(&ast, &ir_region);
                    let typing = typeck::check(&ast, &src, &ir_region);
                    black_box((&ir, &typing));
                }
                total += t.elapsed();
                ir_region.reset();
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
