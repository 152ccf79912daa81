//! Figures about a region, and the chunk-list diagram its `Display` draws.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write as _};

/// One chunk in [`Stats::chunk_list`].
///
/// ```
/// let r = region::Region::new();
/// r.alloc(0_u32);
/// let chunk = r.stats().chunk_list[0];
/// assert!(chunk.current && !chunk.spare);
/// assert_eq!(chunk.used, 4);
/// assert!(chunk.used + chunk.free < chunk.size); // the footer takes the rest
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkStats {
    /// Bytes obtained from the global allocator for this chunk.
    pub size: usize,
    /// Bytes handed out from it, padding included.
    pub used: usize,
    /// Bytes still free in it.
    pub free: usize,
    /// Is this the chunk allocations bump into?
    pub current: bool,
    /// Is this a spare chunk, kept for reuse after a reset or a scope?
    pub spare: bool,
}

/// Figures about a [`Region`](crate::Region), from [`Region::stats`](crate::Region::stats).
///
/// Its `Display` draws the chunk list, newest chunk first, the current chunk
/// marked with `*`:
///
/// ```
/// let r = region::Region::builder().first_chunk_size(256).build();
/// for _ in 0..40 { r.alloc(0_u64); }
/// let text = r.stats().to_string();
/// assert!(text.contains("] -> NULL"), "{text}");
/// assert!(text.contains("used)"), "{text}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Number of chunks, spares included.
    pub chunks: usize,
    /// Bytes obtained from the global allocator for all chunks.
    pub capacity: usize,
    /// Bytes handed out, alignment padding included.
    pub used: usize,
    /// Free bytes left at the ends of chunks that will not be bumped into
    /// again (every chunk holding allocations except the current one).
    pub wasted: usize,
    /// Every chunk: first those holding allocations, newest first, then the
    /// spares.
    pub chunk_list: Vec<ChunkStats>,
}

impl Stats {
    pub(crate) fn from_chunks(chunk_list: Vec<ChunkStats>) -> Stats {
        let mut stats = Stats {
            chunks: chunk_list.len(),
            capacity: 0,
            used: 0,
            wasted: 0,
            chunk_list,
        };
        for c in &stats.chunk_list {
            stats.capacity += c.size;
            stats.used += c.used;
            if !c.current && !c.spare {
                stats.wasted += c.free;
            }
        }
        stats
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "region: {} chunk{}, {} bytes capacity, {} used, {} wasted",
            self.chunks,
            if self.chunks == 1 { "" } else { "s" },
            self.capacity,
            self.used,
            self.wasted
        )?;
        let (live, spare): (Vec<_>, Vec<_>) = self.chunk_list.iter().partition(|c| !c.spare);
        draw_list(f, &live, true)?;
        if !spare.is_empty() {
            f.write_str("spare: ")?;
            draw_list(f, &spare, false)?;
        }
        if live.iter().any(|c| c.current) {
            f.write_str("(* = current chunk)\n")?;
        }
        Ok(())
    }
}

/// Draws `[size bytes] -> ... -> NULL` with `(n used)` under each box.
fn draw_list(f: &mut fmt::Formatter<'_>, chunks: &[&ChunkStats], with_used: bool) -> fmt::Result {
    let mut top = String::new();
    let mut bottom = String::new();
    for c in chunks {
        let mut cell = String::new();
        let _ = write!(
            cell,
            "[{} bytes]{}",
            c.size,
            if c.current { "*" } else { "" }
        );
        let mut under = String::new();
        let _ = write!(under, " ({} used)", c.used);
        let width = cell.chars().count().max(under.chars().count());
        let _ = write!(top, "{cell:width$} -> ");
        let _ = write!(bottom, "{under:width$}    ");
    }
    top.push_str("NULL");
    writeln!(f, "{top}")?;
    if with_used && !chunks.is_empty() {
        writeln!(f, "{}", bottom.trim_end())?;
    }
    Ok(())
}
