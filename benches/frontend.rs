//! Front-end throughput by phase on the generated 10 MB program, in MB/s
//! (criterion's throughput): lex (the streaming lexer, every token taken
//! and dropped), parse (a token vector to the region AST), lex + parse (the
//! parser pulling tokens from the streaming lexer, as `parse` does),
//! resolve (AST to IR), type-check (AST to types), and the whole front end
//! (what `minilang --check` runs). Every region is reused and reset, as in
//! a compile server, and backs its large chunks with huge pages, as the
//! command's does; only the named phase is timed. After criterion's group,
//! each phase's minimum over interleaved rounds goes to
//! `target/bench-counts/frontend.jsonl` (robust figures on a busy machine).

mod common;

use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use common::counting::{Report, interleaved_min};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use minilang::sema;
use minilang::syntax::RegionBuilder;
use minilang::syntax::{self, Lexed, TokenKind};
use region::Region;

/// A copy of the lexer's output, to parse again.
fn copy<'s>(l: &Lexed<'s>) -> Lexed<'s> {
    Lexed {
        src: l.src,
        tokens: l.tokens.clone(),
        diagnostics: Vec::new(),
    }
}

/// One timed run of a phase.
type Phase<'a> = (&'static str, Box<dyn FnMut() -> Duration + 'a>);

fn phases(c: &mut Criterion) {
    let (label, bytes) = common::SIZES[2];
    let src = common::program(bytes);
    let lexed = syntax::lex(&src);
    println!(
        "program {label}: {} bytes, {} tokens",
        src.len(),
        lexed.tokens.len()
    );
    // The AST stays in `ast_region`; whatever a phase allocates goes to
    // `region`, reset after each run. Both back their large chunks with
    // huge pages, as the `minilang` command's region does.
    let huge = || Region::builder().huge_pages(true).build();
    let ast_region = huge();
    let (ast, _) = syntax::parse(&src, &ast_region);
    // The checker reads what the resolver found: resolved once, beside the AST.
    let resolution = sema::resolve(&ast, &ast_region);
    let region = RefCell::new(huge());
    let (src, lexed, ast, resolution) = (&src, &lexed, &ast, &resolution);
    let timed = |f: &mut dyn FnMut(&Region)| {
        let t = Instant::now();
        f(&region.borrow());
        let elapsed = t.elapsed();
        region.borrow_mut().reset();
        elapsed
    };
    let mut phases: Vec<Phase<'_>> = vec![
        (
            "lex",
            Box::new(|| {
                let t = Instant::now();
                let mut lexer = syntax::Lexer::new(black_box(src));
                while black_box(lexer.next()).kind != TokenKind::Eof {}
                black_box(lexer.finish());
                t.elapsed()
            }),
        ),
        (
            "parse (tokens to AST)",
            Box::new(|| {
                let mut tokens = Some(copy(lexed));
                timed(&mut |r| {
                    let tokens = tokens.take().expect("one parse per run");
                    black_box(syntax::parse_lexed(src, tokens, RegionBuilder::new(r)));
                })
            }),
        ),
        (
            "lex + parse",
            Box::new(|| timed(&mut |r| drop(black_box(syntax::parse(src, r))))),
        ),
        (
            "resolve",
            Box::new(|| timed(&mut |r| assert!(black_box(sema::resolve(ast, r)).is_ok()))),
        ),
        (
            "type-check",
            Box::new(|| {
                timed(&mut |r| {
                    assert!(!black_box(sema::check(ast, resolution, src, r)).has_errors());
                })
            }),
        ),
        (
            "front end (lex + parse + resolve + type-check)",
            Box::new(|| {
                timed(&mut |r| {
                    let (ast, _) = syntax::parse(src, r);
                    let resolution = sema::resolve(&ast, r);
                    black_box(sema::check(&ast, &resolution, src, r).has_errors());
                    black_box(resolution.is_ok());
                })
            }),
        ),
    ];

    let mut g = c.benchmark_group(format!("phase_{label}"));
    g.throughput(Throughput::Bytes(src.len() as u64));
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(5));
    for (name, f) in &mut phases {
        g.bench_function(*name, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| f()).sum())
        });
    }
    g.finish();

    let mut report = Report::new("frontend");
    let mut refs: Vec<&mut dyn FnMut() -> Duration> =
        phases.iter_mut().map(|(_, f)| &mut **f as _).collect();
    let min = interleaved_min(6, &mut refs);
    for ((name, _), m) in phases.iter().zip(min) {
        report.interleaved_min(&format!("phase_{label}"), name, m);
    }
    report.write();
}

criterion_group!(benches, phases);
criterion_main!(benches);
