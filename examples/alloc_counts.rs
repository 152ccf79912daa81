//! Harness behind BENCHMARKS.md's "Region against bump-scope" figures: the
//! loops of `benches/alloc.rs` and the AST build of `benches/ast.rs`, each
//! variant an `#[inline(never)]` function, so that callgrind can count the
//! instructions of one variant alone and a loaded machine can still give
//! interleaved minima.
//!
//! ```text
//! alloc_counts list                 the variants, one a line
//! alloc_counts run VARIANT [TIMES]  runs one variant TIMES times (default 5)
//! alloc_counts time [ROUNDS]        interleaved minimum of every allocation
//!                                   variant (default 300 rounds)
//! alloc_counts ast BYTES ROUNDS [reverse]
//!                                   interleaved minimum of the AST builds
//!                                   (wall time), mean CPU time (Linux:
//!                                   excludes time the thread waited for a
//!                                   core) and minimum page faults, in the
//!                                   listed order or reversed
//! alloc_counts mem BYTES            global-allocator calls and bytes
//!                                   requested by one AST build
//! ```
//!
//! `scripts/bench-alloc.sh` drives it (callgrind per variant, then both
//! timing modes). Build it with `cargo build --profile bench --example
//! alloc_counts`.

#[path = "../benches/common/counting.rs"]
#[allow(dead_code, reason = "the harness uses only the counting allocator")]
mod counting;
#[path = "../benches/common/trees.rs"]
#[allow(dead_code, reason = "the harness uses only the arena builder")]
mod trees;

use std::hint::black_box;
use std::time::{Duration, Instant};

use bump_scope::BumpBox;
use minilang::syntax::{RegionBuilder, parse_with};
use region::Region;
use trees::ArenaBuilder;

/// Off except in `mem` mode: one relaxed load per call otherwise.
#[global_allocator]
static GLOBAL: counting::Counting = counting::Counting;

/// Allocations per run of a variant, as in `benches/alloc.rs`.
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

#[derive(Clone, Copy)]
struct B1(#[allow(dead_code, reason = "only the size matters")] u8);
#[derive(Clone, Copy)]
struct B6(#[allow(dead_code, reason = "only the size matters")] [u16; 3]);
#[derive(Clone, Copy)]
struct B12(#[allow(dead_code, reason = "only the size matters")] [u32; 3]);
#[derive(Clone, Copy)]
struct B24(#[allow(dead_code, reason = "only the size matters")] [u64; 3]);
#[derive(Clone, Copy)]
struct B48(#[allow(dead_code, reason = "only the size matters")] [u64; 6]);
#[derive(Clone, Copy)]
struct B88(#[allow(dead_code, reason = "only the size matters")] [u64; 11]);

/// Sixteen allocations of 1 to 88 bytes, alignments 1 to 8 (the `mixed`
/// group of `benches/alloc.rs`).
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
static DATA: [u64; 8] = [0, 1, 2, 3, 4, 5, 6, 7];

fn len(i: usize) -> usize {
    1 + (i * 5) % 8
}

/// The three allocators, each reset after every run.
struct Arenas {
    region: Region,
    bumpalo: bumpalo::Bump,
    scope: bump_scope::Bump,
}

/// Defines one `#[inline(never)]` function per variant and the table that
/// names them.
macro_rules! variants {
    ($($name:ident($a:ident: $field:ident) $body:block)*) => {
        $(
            #[inline(never)]
            fn $name(arenas: &mut Arenas) {
                let $a = &mut arenas.$field;
                $body
            }
        )*
        const VARIANTS: &[(&str, fn(&mut Arenas))] = &[$((stringify!($name), $name)),*];
    };
}

variants! {
    u64_region(r: region) {
        for i in 0..N { black_box(r.alloc(i as u64)); }
        r.reset();
    }
    u64_bumpalo(b: bumpalo) {
        for i in 0..N { black_box(b.alloc(i as u64)); }
        b.reset();
    }
    u64_bumpscope(b: scope) {
        for i in 0..N { black_box(b.alloc(i as u64).into_mut()); }
        b.reset();
    }
    node32_region(r: region) {
        for i in 0..N { black_box(r.alloc(node(i))); }
        r.reset();
    }
    node32_bumpalo(b: bumpalo) {
        for i in 0..N { black_box(b.alloc(node(i))); }
        b.reset();
    }
    node32_bumpscope(b: scope) {
        for i in 0..N { black_box(b.alloc(node(i)).into_mut()); }
        b.reset();
    }
    mixed_region(r: region) {
        for i in (0..N).step_by(16) { mixed16!(i, |x| r.alloc(x)); }
        r.reset();
    }
    mixed_bumpalo(b: bumpalo) {
        for i in (0..N).step_by(16) { mixed16!(i, |x| b.alloc(x)); }
        b.reset();
    }
    mixed_bumpscope(b: scope) {
        for i in (0..N).step_by(16) { mixed16!(i, |x| BumpBox::leak(b.alloc(x))); }
        b.reset();
    }
    str_region(r: region) {
        for i in 0..N { black_box(r.alloc_str(WORDS[i % 8])); }
        r.reset();
    }
    str_bumpalo(b: bumpalo) {
        for i in 0..N { black_box(b.alloc_str(WORDS[i % 8])); }
        b.reset();
    }
    str_bumpscope(b: scope) {
        for i in 0..N { black_box(b.alloc_str(WORDS[i % 8]).into_mut()); }
        b.reset();
    }
    slice_region(r: region) {
        for i in 0..N { black_box(r.alloc_slice_copy(&DATA[..len(i)])); }
        r.reset();
    }
    slice_bumpalo(b: bumpalo) {
        for i in 0..N { black_box(b.alloc_slice_copy(&DATA[..len(i)])); }
        b.reset();
    }
    slice_bumpscope(b: scope) {
        for i in 0..N { black_box(b.alloc_slice_copy(&DATA[..len(i)]).into_mut()); }
        b.reset();
    }
    vec_region(r: region) {
        {
            let mut v = allocator_api2::vec::Vec::new_in(&*r);
            for i in 0..N { v.push(black_box(i as u64)); }
            black_box(&v);
        }
        r.reset();
    }
    vec_bumpalo(b: bumpalo) {
        {
            let mut v = bumpalo::collections::Vec::new_in(&*b);
            for i in 0..N { v.push(black_box(i as u64)); }
            black_box(&v);
        }
        b.reset();
    }
    vec_bumpscope(b: scope) {
        {
            let mut v = bump_scope::BumpVec::new_in(&*b);
            for i in 0..N { v.push(black_box(i as u64)); }
            black_box(&v);
        }
        b.reset();
    }
}

/// One AST build, fresh allocator each time, as `ast_build` of
/// `benches/ast.rs`.
macro_rules! ast_variants {
    ($($name:ident => $new:expr, $builder:ident;)*) => {
        $(
            #[inline(never)]
            fn $name(src: &str) {
                let a = $new;
                let (p, d) = parse_with(src, $builder::new(&a));
                black_box((&p, &d));
            }
        )*
        const AST_VARIANTS: &[(&str, fn(&str))] = &[$((stringify!($name), $name)),*];
    };
}

ast_variants! {
    ast_region => Region::new(), RegionBuilder;
    ast_region_arena => Region::new(), ArenaBuilder;
    ast_bumpalo => bumpalo::Bump::new(), ArenaBuilder;
    ast_bumpscope => <bump_scope::Bump>::new(), ArenaBuilder;
}

fn arenas() -> Arenas {
    Arenas {
        region: Region::new(),
        bumpalo: bumpalo::Bump::new(),
        scope: bump_scope::Bump::new(),
    }
}

/// Fields 3 on of this thread's `/proc/thread-self/stat` (Linux), empty
/// elsewhere.
fn thread_stat() -> Vec<u64> {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return Vec::new();
    };
    let Some(close) = stat.rfind(')') else {
        return Vec::new();
    };
    stat[close + 2..]
        .split(' ')
        .map(|f| f.parse().unwrap_or(0))
        .collect()
}

/// Minor page faults and CPU time (user + system, in clock ticks of 10 ms)
/// of this thread so far; zeros where `/proc` is missing.
fn faults_and_ticks() -> (u64, u64) {
    let f = thread_stat();
    let at = |k: usize| f.get(k).copied().unwrap_or(0);
    (at(7), at(11) + at(12))
}

fn timed(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

fn usage() -> ! {
    eprintln!(
        "usage: alloc_counts list | run VARIANT [TIMES] | time [ROUNDS] | ast BYTES ROUNDS [reverse] | mem BYTES"
    );
    std::process::exit(2)
}

fn number(arg: Option<&String>, default: usize) -> usize {
    arg.map_or(default, |a| a.parse().unwrap_or_else(|_| usage()))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("list") => {
            for (name, _) in VARIANTS {
                println!("{name}");
            }
            for (name, _) in AST_VARIANTS {
                println!("{name}");
            }
        }
        Some("run") => {
            let name = args.get(1).unwrap_or_else(|| usage());
            let times = number(args.get(2), 5);
            if let Some((_, f)) = VARIANTS.iter().find(|(n, _)| n == name) {
                let mut a = arenas();
                for _ in 0..times {
                    f(&mut a);
                }
            } else if let Some((_, f)) = AST_VARIANTS.iter().find(|(n, _)| n == name) {
                let src = testkit::generate_program(1 << 20, 1);
                for _ in 0..times {
                    f(&src);
                }
            } else {
                usage();
            }
        }
        Some("time") => {
            let rounds = number(args.get(1), 300);
            let mut a = arenas();
            let mut min = vec![Duration::MAX; VARIANTS.len()];
            for _ in 0..rounds {
                for ((_, f), m) in VARIANTS.iter().zip(&mut min) {
                    *m = (*m).min(timed(|| f(&mut a)));
                }
            }
            for ((name, _), m) in VARIANTS.iter().zip(&min) {
                println!("{name} {:.1}", m.as_secs_f64() * 1e6);
            }
        }
        Some("ast") => {
            let bytes = number(args.get(1), 1 << 20);
            let rounds = number(args.get(2), 10);
            let mut order: Vec<usize> = (0..AST_VARIANTS.len()).collect();
            if args.get(3).is_some_and(|a| a == "reverse") {
                order.reverse();
            }
            let src = testkit::generate_program(bytes, 1);
            let mut min = vec![Duration::MAX; AST_VARIANTS.len()];
            let mut faults = vec![u64::MAX; AST_VARIANTS.len()];
            let mut ticks = vec![0; AST_VARIANTS.len()];
            for _ in 0..rounds {
                for &k in &order {
                    let (f0, t0) = faults_and_ticks();
                    min[k] = min[k].min(timed(|| AST_VARIANTS[k].1(&src)));
                    let (f1, t1) = faults_and_ticks();
                    faults[k] = faults[k].min(f1 - f0);
                    ticks[k] += t1 - t0;
                }
            }
            for &k in &order {
                println!(
                    "{} {:.2} ms, mean CPU {:.2} ms, {} faults",
                    AST_VARIANTS[k].0,
                    min[k].as_secs_f64() * 1e3,
                    ticks[k] as f64 * 10.0 / rounds as f64,
                    faults[k]
                );
            }
        }
        Some("mem") => {
            let bytes = number(args.get(1), 1 << 20);
            let src = testkit::generate_program(bytes, 1);
            for (name, f) in AST_VARIANTS {
                f(&src);
                let ((), c) = counting::count(|| f(&src));
                println!(
                    "{name} {} calls, {:.1} MB requested",
                    c.allocs + c.reallocs,
                    c.bytes as f64 / 1e6
                );
            }
        }
        _ => usage(),
    }
}
