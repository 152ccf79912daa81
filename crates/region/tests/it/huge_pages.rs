//! `RegionBuilder::huge_pages`: large chunks rounded to 2 MiB, small ones
//! untouched, the limit respected, reset keeping one huge chunk, and (on
//! Linux) the kernel advised before the chunk is touched.

use core::alloc::Layout;

use region::Region;

const MIB: usize = 1 << 20;
const HUGE: usize = 2 * MIB;

/// Takes `bytes` from `r` in blocks of 1 KiB, left unwritten (so that Miri
/// gets through megabytes quickly).
fn fill(r: &Region, bytes: usize) {
    let block = Layout::from_size_align(1024, 8).expect("a layout");
    for _ in 0..bytes / block.size() {
        r.alloc_layout(block);
    }
}

#[test]
fn large_chunks_are_multiples_of_2_mib_and_small_ones_are_unchanged() {
    // Under Miri, a smaller fill still reaches a chunk of over 1 MiB.
    let bytes = if cfg!(miri) { 3 * MIB } else { 24 * MIB };
    let plain = Region::new();
    let huge = Region::builder().huge_pages(true).build();
    fill(&plain, bytes);
    fill(&huge, bytes);
    let (p, h) = (plain.stats(), huge.stats());
    assert_eq!(p.used, h.used);
    let mut large = 0;
    // Oldest chunk first: both regions grew their chunks the same way.
    for (p, h) in p.chunk_list.iter().rev().zip(h.chunk_list.iter().rev()) {
        if p.size > MIB {
            large += 1;
            assert_eq!(h.size % HUGE, 0, "{h:?}");
            assert!(h.size >= p.size && h.size < p.size + HUGE, "{p:?} {h:?}");
        } else {
            assert_eq!(h.size, p.size);
        }
    }
    assert!(large >= 1, "{}", huge.stats());
}

// Not under Miri: this one test took it 15 minutes (against 12 s for each
// of the others here), and the rounding's limit arithmetic is safe code that
// the native run checks.
#[cfg(not(miri))]
#[test]
fn the_rounding_never_exceeds_the_limit() {
    // 2.5 MiB fits a 3 MiB limit, 4 MiB of huge pages would not: the chunk
    // is then left unrounded rather than refused.
    let limit = 3 * MIB;
    let r = Region::builder().huge_pages(true).limit(limit).build();
    let big = r.try_alloc_slice_fill_iter(core::iter::repeat_n(7_u8, 5 * MIB / 2));
    assert!(big.is_ok());
    assert!(r.stats().capacity <= limit, "{}", r.stats());
    assert!(
        r.try_alloc_slice_fill_iter(core::iter::repeat_n(0_u8, MIB))
            .is_err()
    );
    assert!(r.stats().capacity <= limit);
}

#[test]
fn reset_merges_into_one_huge_chunk_that_is_reused() {
    let bytes = if cfg!(miri) { 3 * MIB } else { 24 * MIB };
    let mut r = Region::builder().huge_pages(true).build();
    fill(&r, bytes);
    r.reset();
    let s = r.stats();
    assert_eq!(s.chunks, 1);
    assert_eq!(s.capacity % HUGE, 0, "{s}");
    fill(&r, bytes);
    assert_eq!(
        r.stats().capacity,
        s.capacity,
        "the second fill needed no chunk"
    );
}

/// The chunk's mapping carries the kernel's `hg` flag (MADV_HUGEPAGE), so
/// the advice reached the kernel. Whether huge pages then back it depends
/// on the machine's memory; the flag does not.
#[cfg(all(target_os = "linux", not(miri)))]
#[test]
fn linux_chunks_are_advised_for_transparent_huge_pages() {
    if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage/enabled").exists() {
        eprintln!("skipped: this kernel has no transparent huge pages");
        return;
    }
    let r = Region::builder().huge_pages(true).build();
    fill(&r, 8 * MIB);
    let probe = r.alloc(0_u64) as *mut u64 as usize;
    let smaps = std::fs::read_to_string("/proc/self/smaps").expect("/proc/self/smaps");
    // Find the mapping holding `probe`, then its VmFlags line.
    let mut inside = false;
    for line in smaps.lines() {
        if let Some((range, _)) = line.split_once(' ') {
            if let Some((lo, hi)) = range.split_once('-') {
                if let (Ok(lo), Ok(hi)) =
                    (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
                {
                    inside = (lo..hi).contains(&probe);
                    continue;
                }
            }
        }
        if inside && line.starts_with("VmFlags:") {
            assert!(line.split_whitespace().any(|f| f == "hg"), "{line}");
            return;
        }
    }
    panic!("no mapping holds {probe:#x}");
}
