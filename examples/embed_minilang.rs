//! Embeds `minilang` as a library: compiles (parses, resolves and
//! type-checks) programs into one region, runs them, prints the region's
//! figures, and resets the region between compiles so the memory is reused.
//! Run with `cargo run --example embed_minilang`.

use minilang::{diagnostics, runtime};
use region::Region;

const PROGRAMS: [(&str, &str); 3] = [
    (
        "squares.ml",
        "let rec go i = if i <= 5 then (print_int (i * i); print_string \" \"; go (i + 1))\n\
         let () = go 1; print_newline ()",
    ),
    (
        "curry.ml",
        "let add x y = x + y\nlet inc = add 1\nlet () = print_endline (string_of_int (inc 41))",
    ),
    (
        "broken.ml",
        "let () = print_int (1 +)\nlet y = undefined_name",
    ),
];

fn main() {
    let mut region = Region::new();
    for (name, src) in PROGRAMS {
        println!("== {name}");
        {
            // Every node of the AST, the types and the IR lives in `region`.
            // `compile` parses, resolves and type-checks: the evaluator runs
            // only programs that type-checked.
            let compiled = minilang::compile(src, &region);
            if let Some(program) = &compiled.program {
                let mut out = Vec::new();
                let outcome = runtime::run(program, &mut out, name, src);
                print!("{}", String::from_utf8_lossy(&out));
                println!("-> {outcome:?}");
            }
            if !compiled.diagnostics.is_empty() {
                print!(
                    "{}",
                    diagnostics::render(&compiled.diagnostics, name, src, false)
                );
            }
        }
        println!("{}", region.stats());
        // The compile is over: free every node at once, keep the memory.
        region.reset();
    }
}
