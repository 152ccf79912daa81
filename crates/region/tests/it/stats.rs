//! Statistics agree with what was allocated, and the diagram shows the chunk list.

use region::Region;

#[test]
fn used_counts_bytes_and_padding() {
    let r = Region::new();
    r.alloc(1_u8);
    assert_eq!(r.stats().used, 1);
    r.alloc(1_u64); // 7 bytes of padding below the u8, then 8
    assert_eq!(r.stats().used, 16);
    assert_eq!(r.allocated_bytes(), 16);
}

#[test]
fn capacity_is_the_sum_of_chunks_and_wasted_is_the_tails() {
    let r = Region::builder().first_chunk_size(1024).build();
    for _ in 0..1000 {
        r.alloc([0_u8; 24]);
    }
    let s = r.stats();
    assert_eq!(
        s.capacity,
        s.chunk_list.iter().map(|c| c.size).sum::<usize>()
    );
    assert_eq!(s.used, 24_000);
    let tails: usize = s
        .chunk_list
        .iter()
        .filter(|c| !c.current)
        .map(|c| c.free)
        .sum();
    assert_eq!(s.wasted, tails);
    assert!(
        s.wasted < 24 * s.chunks,
        "each full chunk wastes less than one request"
    );
    assert_eq!(s.chunk_list.iter().filter(|c| c.current).count(), 1);
}

#[test]
fn display_draws_the_chunk_list() {
    let r = Region::builder().first_chunk_size(1024).build();
    for _ in 0..200 {
        r.alloc(0_u64);
    }
    let text = r.stats().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("region: 2 chunks"), "{text}");
    assert_eq!(lines[1], "[2032 bytes]* -> [1008 bytes] -> NULL", "{text}");
    assert!(
        lines[2].starts_with(" (") && lines[2].contains("used)"),
        "{text}"
    );
    assert_eq!(lines[3], "(* = current chunk)");
}

#[test]
fn display_lists_spare_chunks_after_a_scope() {
    let mut r = Region::builder().first_chunk_size(1024).build();
    r.alloc(0_u8);
    r.scope(|s| {
        for _ in 0..300 {
            s.alloc(0_u64);
        }
    });
    let text = r.stats().to_string();
    assert!(text.contains("spare: ["), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("spare: [") && l.ends_with("-> NULL")),
        "{text}"
    );
}
