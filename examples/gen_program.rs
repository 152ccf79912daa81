//! Writes a generated minilang program (valid OCaml) of a given size to
//! stdout, for benchmarks: `cargo run --release --example gen_program --
//! 10000000 [SEED] > prog.ml`. Sizes may end in `K` or `M` (`64K`, `10M`,
//! powers of 1000); the seed defaults to 1.

use std::io::Write;
use std::process::ExitCode;

fn parse_size(s: &str) -> Option<usize> {
    let (digits, unit) = match s.as_bytes().last()? {
        b'K' | b'k' => (&s[..s.len() - 1], 1_000),
        b'M' | b'm' => (&s[..s.len() - 1], 1_000_000),
        _ => (s, 1),
    };
    digits.parse::<usize>().ok()?.checked_mul(unit)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let size = args.first().and_then(|s| parse_size(s));
    let seed = args.get(1).map_or(Some(1), |s| s.parse::<u64>().ok());
    let (Some(size), Some(seed)) = (size, seed) else {
        eprintln!("usage: gen_program SIZE[K|M] [SEED] > prog.ml");
        return ExitCode::from(64);
    };
    let src = testkit::generate_program(size, seed);
    match std::io::stdout().lock().write_all(src.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_program: {e}");
            ExitCode::FAILURE
        }
    }
}
