//! A global allocator that counts calls and bytes while counting is switched
//! on, and minor page faults read from `/proc/self/stat`: the figures that
//! explain why one variant is faster than another.
//!
//! A bench binary installs it with
//! `#[global_allocator] static GLOBAL: Counting = Counting;`. While counting
//! is off, the only cost on each call is one relaxed load and a branch.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// The counting wrapper around [`System`].
#[derive(Debug)]
pub struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static REALLOCS: AtomicU64 = AtomicU64::new(0);
static FREES: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

#[inline]
fn grow(bytes: usize) {
    let live = LIVE.fetch_add(bytes as i64, Relaxed) + bytes as i64;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged, so `System`'s guarantees are `Counting`'s; the counters are
// atomics and never allocate.
unsafe impl GlobalAlloc for Counting {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if ON.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(layout.size() as u64, Relaxed);
            grow(layout.size());
        }
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if ON.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(layout.size() as u64, Relaxed);
            grow(layout.size());
        }
        // SAFETY: the caller upholds `GlobalAlloc::alloc_zeroed`'s contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ON.load(Relaxed) {
            FREES.fetch_add(1, Relaxed);
            LIVE.fetch_sub(layout.size() as i64, Relaxed);
        }
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if ON.load(Relaxed) {
            REALLOCS.fetch_add(1, Relaxed);
            if new_size > layout.size() {
                BYTES.fetch_add((new_size - layout.size()) as u64, Relaxed);
                grow(new_size - layout.size());
            } else {
                LIVE.fetch_sub((layout.size() - new_size) as i64, Relaxed);
            }
        }
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// What happened during one measured stretch of code.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// `alloc` and `alloc_zeroed` calls.
    pub allocs: u64,
    /// `realloc` calls.
    pub reallocs: u64,
    /// `dealloc` calls.
    pub frees: u64,
    /// Bytes requested (a growing `realloc` counts its growth).
    pub bytes: u64,
    /// The most bytes live at once, counted from the start of the stretch.
    pub peak: u64,
    /// Minor page faults of the process.
    pub faults: u64,
}

impl Counts {
    /// Calls that obtain memory: `alloc`, `alloc_zeroed` and `realloc`.
    pub fn calls(&self) -> u64 {
        self.allocs + self.reallocs
    }

    /// These counts divided by `n` (per iteration, per compile...).
    pub fn per(&self, n: u64) -> PerCounts {
        let n = n.max(1) as f64;
        PerCounts {
            calls: self.calls() as f64 / n,
            frees: self.frees as f64 / n,
            bytes: self.bytes as f64 / n,
            peak: self.peak as f64,
            faults: self.faults as f64 / n,
        }
    }
}

impl std::ops::Add for Counts {
    type Output = Counts;

    /// The counts of two stretches one after the other (the larger peak).
    fn add(self, o: Counts) -> Counts {
        Counts {
            allocs: self.allocs + o.allocs,
            reallocs: self.reallocs + o.reallocs,
            frees: self.frees + o.frees,
            bytes: self.bytes + o.bytes,
            peak: self.peak.max(o.peak),
            faults: self.faults + o.faults,
        }
    }
}

/// [`Counts`] averaged over repetitions (the peak is not divided).
#[derive(Clone, Copy, Debug, Default)]
pub struct PerCounts {
    /// Calls that obtain memory.
    pub calls: f64,
    /// `dealloc` calls.
    pub frees: f64,
    /// Bytes requested.
    pub bytes: f64,
    /// The most bytes live at once (over the whole stretch).
    pub peak: f64,
    /// Minor page faults.
    pub faults: f64,
}

impl fmt::Display for PerCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>12.1} calls {:>12.1} frees {:>14.0} bytes {:>12.0} peak {:>10.1} faults",
            self.calls, self.frees, self.bytes, self.peak, self.faults
        )
    }
}

/// Minor page faults of this process so far (0 where `/proc` is missing).
pub fn minor_faults() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0;
    };
    // Fields after the command name, which is in parentheses: state is the
    // 3rd field of the line, minflt the 10th.
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().nth(7))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Counts minor page faults over the timed iterations of a benchmark: the
/// faults depend on the allocator's state (glibc returns large blocks to the
/// system and maps them again), so they are measured where the time is.
#[derive(Debug, Default)]
pub struct FaultMeter {
    faults: u64,
    iters: u64,
}

impl FaultMeter {
    /// Runs `timed`, which makes `iters` iterations, and adds its faults.
    pub fn measure<R>(&mut self, iters: u64, timed: impl FnOnce() -> R) -> R {
        let before = minor_faults();
        let r = timed();
        self.faults += minor_faults().saturating_sub(before);
        self.iters += iters;
        r
    }

    /// Faults per iteration so far.
    pub fn per_iter(&self) -> f64 {
        self.faults as f64 / self.iters.max(1) as f64
    }
}

/// The shortest time of each variant over `rounds` rounds that run every
/// variant once, in turn. Load from other processes only ever adds time, and
/// interleaving exposes every variant to the same load, so the ratios of
/// these minimums hold on a busy machine where criterion's medians (one
/// variant after the other) drift. Each closure times what it measures.
pub fn interleaved_min(
    rounds: usize,
    variants: &mut [&mut dyn FnMut() -> Duration],
) -> Vec<Duration> {
    let mut min = vec![Duration::MAX; variants.len()];
    for _ in 0..rounds {
        for (m, f) in min.iter_mut().zip(variants.iter_mut()) {
            *m = (*m).min(f());
        }
    }
    min
}

/// Runs `f` with counting switched on and returns its result and the counts.
pub fn count<R>(f: impl FnOnce() -> R) -> (R, Counts) {
    for c in [&ALLOCS, &REALLOCS, &FREES, &BYTES] {
        c.store(0, Relaxed);
    }
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    let faults = minor_faults();
    ON.store(true, Relaxed);
    let r = f();
    ON.store(false, Relaxed);
    let counts = Counts {
        allocs: ALLOCS.load(Relaxed),
        reallocs: REALLOCS.load(Relaxed),
        frees: FREES.load(Relaxed),
        bytes: BYTES.load(Relaxed),
        peak: PEAK.load(Relaxed).max(0) as u64,
        faults: minor_faults().saturating_sub(faults),
    };
    (r, counts)
}

/// Collects the counts of one bench binary, prints them, and writes them as
/// JSON lines to `target/bench-counts/<bench>.jsonl` for `scripts/charts.py`
/// and BENCHMARKS.md.
#[derive(Debug)]
pub struct Report {
    bench: &'static str,
    lines: Vec<String>,
}

impl Report {
    /// An empty report for the bench binary `bench`.
    pub fn new(bench: &'static str) -> Self {
        Report {
            bench,
            lines: Vec::new(),
        }
    }

    /// Records the counts of `name` in `group`, averaged over `per` repetitions
    /// of what `unit` names ("iteration", "compile"...).
    pub fn add(&mut self, group: &str, name: &str, unit: &str, per: u64, counts: Counts) {
        let p = counts.per(per);
        println!("counts {group}/{name}: per {unit}: {p}");
        self.lines.push(format!(
            "{{\"group\":\"{group}\",\"name\":\"{name}\",\"unit\":\"{unit}\",\"calls\":{:.3},\"frees\":{:.3},\"bytes\":{:.1},\"peak\":{:.0},\"faults\":{:.3}}}",
            p.calls, p.frees, p.bytes, p.peak, p.faults
        ));
    }

    /// Records the minor page faults per iteration seen while `name` in
    /// `group` was being timed (see [`FaultMeter`]).
    pub fn timed_faults(&mut self, group: &str, name: &str, meter: &FaultMeter) {
        let f = meter.per_iter();
        println!("counts {group}/{name}: {f:.1} page faults per iteration while timed");
        self.lines.push(format!(
            "{{\"group\":\"{group}\",\"name\":\"{name}\",\"timed_faults\":{f:.3}}}"
        ));
    }

    /// Records the interleaved minimum time of `name` in `group` (see
    /// [`interleaved_min`]).
    pub fn interleaved_min(&mut self, group: &str, name: &str, min: Duration) {
        let ns = min.as_secs_f64() * 1e9;
        println!("counts {group}/{name}: interleaved minimum {min:?}");
        self.lines.push(format!(
            "{{\"group\":\"{group}\",\"name\":\"{name}\",\"min_ns\":{ns:.1}}}"
        ));
    }

    /// Writes the file (replacing the lines of the groups reported now).
    pub fn write(&self) {
        let dir = std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| std::path::PathBuf::from("target"), Into::into)
            .join("bench-counts");
        let path = dir.join(format!("{}.jsonl", self.bench));
        let groups: Vec<String> = self
            .lines
            .iter()
            .filter_map(|l| l.split('"').nth(3).map(str::to_owned))
            .collect();
        let kept: Vec<String> = std::fs::read_to_string(&path)
            .unwrap_or_default()
            .lines()
            .filter(|l| {
                l.split('"')
                    .nth(3)
                    .is_none_or(|g| !groups.iter().any(|x| x == g))
            })
            .map(str::to_owned)
            .collect();
        let mut text = String::new();
        for l in kept.iter().chain(&self.lines) {
            text.push_str(l);
            text.push('\n');
        }
        if std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&path, text))
            .is_err()
        {
            eprintln!("could not write {}", path.display());
        }
    }
}
