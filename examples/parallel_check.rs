//! Checks many minilang programs in parallel with rayon, each compile in a
//! region lent by a `RegionPool` (one region per worker at a time), and
//! shows that in steady state the compiles make no call to the global
//! allocator: a counting global allocator counts the calls made on each
//! worker thread while it compiles.
//!
//! Run with `cargo run --release --example parallel_check`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use minilang::{sema, syntax};
use rayon::prelude::*;
use region::{Region, RegionPool};
use testkit::generate_program;

struct Counting;

thread_local! {
    // Per thread: a task's calls are those of the worker that runs it.
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

fn calls() -> usize {
    CALLS.with(Cell::get)
}

fn count() {
    // `try_with`: the thread-local may already be gone during thread exit.
    let _ = CALLS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: forwards every call to `System`, only counting them.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Lexes, parses, resolves and type-checks `src` in `region`; returns the
/// number of diagnostics (0 for the well-typed programs used here).
fn check(src: &str, region: &Region) -> usize {
    let (ast, diags) = syntax::parse(src, region);
    let resolution = sema::resolve(&ast, region);
    let typing = sema::check(&ast, &resolution, src, region);
    let unresolved = resolution.into_result().err().map_or(0, |d| d.len());
    diags.len() + unresolved + typing.diagnostics().len()
}

fn main() {
    // Well-typed programs of 1 to 32 KB, as the benches generate them.
    let programs: Vec<String> = (0..256_u64)
        .map(|seed| generate_program(1024 << (seed % 6), seed))
        .collect();
    let bytes: usize = programs.iter().map(String::len).sum();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let workers = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        // The checker recurses on nested expressions.
        .stack_size(64 << 20)
        .build()
        .expect("a rayon thread pool");
    // 64 KiB first chunks: every compile here fits in one chunk, so a
    // region never grows once it has been used.
    let pool = RegionPool::with_builder(Region::builder().first_chunk_size(64 << 10));

    let round = || {
        let global_calls = AtomicUsize::new(0);
        let diagnostics: usize = workers.install(|| {
            programs
                .par_iter()
                .map(|src| {
                    let region = pool.get();
                    let before = calls();
                    let found = check(src, &region);
                    global_calls.fetch_add(calls() - before, Ordering::Relaxed);
                    found
                })
                .sum()
        });
        (diagnostics, global_calls.into_inner())
    };

    let (diagnostics, warm_up) = round();
    assert_eq!(diagnostics, 0, "the generated programs are well-typed");
    println!(
        "{} programs ({} KB) on {threads} threads: warm-up round, {warm_up} global-allocator calls, {} pooled regions",
        programs.len(),
        bytes / 1000,
        pool.idle()
    );
    for i in 1..=3 {
        let (diagnostics, steady) = round();
        assert_eq!(diagnostics, 0);
        println!("round {i}: {steady} global-allocator calls while checking");
        assert_eq!(
            steady, 0,
            "steady state: the compiles should allocate only in their pooled region"
        );
    }
    println!("{} pooled regions", pool.idle());
}
