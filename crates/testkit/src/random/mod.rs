//! The one random-program generator and printer, shared by the differential test
//! against `ocaml` (`crates/minilang/tests/it/difftest.rs`), the checker's tests
//! against `ocamlc` (`tests/it/typeck.rs`) and the structured fuzz target
//! (`fuzz/fuzz_targets/structured.rs`):
//!
//! - [`ast`]: the generated programs' syntax (with the types the generator tracks)
//!   and the one printer, whose [`Style`] picks the parenthesisation and the
//!   lexical trivia (comments holding strings and quoted strings, CR LF / LF);
//! - [`typed`]: well-typed programs that terminate quickly (the difftest's);
//! - [`untyped`]: programs built with no regard for types, mostly ill-typed (the
//!   checker's), optionally with errors of several phases at once;
//! - [`ByteRng`]: fuzzer bytes as an RNG, so that both generators run from a
//!   seed ([`rand_chacha::ChaCha8Rng`]) or from a fuzzer's input.
//!
//! A new construct is added once: to [`ast::Expr`], the printer, and the
//! generators that should make it.
//!
//! ```
//! use testkit::random::{Lexical, Parens, Style, typed};
//!
//! let program = typed::program(7);
//! assert_eq!(program, typed::program(7));
//! let plain = program.render(Parens::Minimal);
//! let with_trivia = program.render_with(Style {
//!     parens: Parens::Minimal,
//!     lexical: Some(Lexical::new(7)),
//! });
//! let region = region::Region::new();
//! let (a, d) = minilang::syntax::parse(&plain, &region);
//! assert!(d.is_empty());
//! let (b, d) = minilang::syntax::parse(&with_trivia, &region);
//! assert!(d.is_empty());
//! assert_eq!(minilang::syntax::count_nodes(&a), minilang::syntax::count_nodes(&b));
//! ```

pub mod ast;
pub mod typed;
pub mod untyped;

pub use ast::{Lexical, Parens, Program, Style};

use rand::RngCore;

/// Fuzzer bytes as an RNG: each draw takes the next bytes of the input; once
/// they run out, a splitmix64 stream seeded by the input's length and last
/// bytes continues, so every input makes a finite, deterministic program.
#[derive(Clone, Debug)]
pub struct ByteRng<'a> {
    bytes: &'a [u8],
    state: u64,
}

impl<'a> ByteRng<'a> {
    /// An RNG drawing from `bytes`.
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> ByteRng<'a> {
        ByteRng {
            bytes,
            state: bytes.len() as u64,
        }
    }
}

impl RngCore for ByteRng<'_> {
    fn next_u32(&mut self) -> u32 {
        // Truncation keeps the low half, which is what is wanted.
        self.next_u64() as u32
    }

    fn next_u64(&mut self) -> u64 {
        if let Some((chunk, rest)) = self.bytes.split_first_chunk::<8>() {
            self.bytes = rest;
            self.state = self.state.rotate_left(8) ^ u64::from_le_bytes(*chunk);
            return u64::from_le_bytes(*chunk);
        }
        if !self.bytes.is_empty() {
            let mut chunk = [0; 8];
            chunk[..self.bytes.len()].copy_from_slice(self.bytes);
            self.bytes = &[];
            self.state ^= u64::from_le_bytes(chunk);
            return u64::from_le_bytes(chunk);
        }
        // splitmix64
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_rng_reads_the_bytes_then_continues() {
        let mut rng = ByteRng::new(&[1, 0, 0, 0, 0, 0, 0, 0, 2]);
        assert_eq!(rng.next_u64(), 1);
        assert_eq!(rng.next_u64(), 2);
        let (a, b) = (rng.next_u64(), rng.next_u64());
        assert_ne!(a, b);
        let mut again = ByteRng::new(&[1, 0, 0, 0, 0, 0, 0, 0, 2]);
        again.next_u64();
        again.next_u64();
        assert_eq!((again.next_u64(), again.next_u64()), (a, b));
    }

    #[test]
    fn both_generators_run_from_fuzzer_bytes() {
        for len in [0, 1, 7, 64, 1000] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 251) as u8).collect();
            let p = typed::program_from(&mut ByteRng::new(&bytes));
            assert!(!p.items.is_empty());
            let u = untyped::program_from(&mut ByteRng::new(&bytes), untyped::Options::default());
            assert!(!u.program.items.is_empty());
        }
    }
}
