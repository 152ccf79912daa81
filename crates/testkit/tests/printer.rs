//! The printer against minilang's parser: for programs of both generators, from
//! seeds and from byte strings, full parentheses, minimal parentheses and minimal
//! parentheses with lexical trivia all parse without a diagnostic into the same tree
//! (the structured fuzz target checks the same on the fuzzer's inputs).

use minilang::syntax;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use region::Region;
use testkit::random::{ByteRng, Lexical, Parens, Program, Style, typed, untyped};

fn same_tree_three_ways(program: &Program, trivia_seed: u64) {
    let renders = [
        program.render(Parens::Full),
        program.render(Parens::Minimal),
        program.render_with(Style {
            parens: Parens::Minimal,
            lexical: Some(Lexical::new(trivia_seed)),
        }),
    ];
    let region = Region::new();
    let trees: Vec<String> = renders
        .iter()
        .map(|src| {
            let (ast, diags) = syntax::parse(src, &region);
            assert!(diags.is_empty(), "{src:?}\n{diags:#?}");
            syntax::to_sexpr(&ast)
        })
        .collect();
    assert_eq!(
        trees[0], trees[1],
        "parentheses:\n{}\n{}",
        renders[0], renders[1]
    );
    assert_eq!(
        trees[1], trees[2],
        "trivia:\n{}\n{:?}",
        renders[1], renders[2]
    );
}

#[test]
fn parentheses_and_trivia_keep_the_tree_of_seeded_programs() {
    for seed in 0..150 {
        same_tree_three_ways(&typed::program(seed), seed);
        same_tree_three_ways(
            &untyped::program(seed, untyped::Options::default()).program,
            seed,
        );
    }
}

#[test]
fn parentheses_and_trivia_keep_the_tree_of_programs_from_bytes() {
    let mut source = ChaCha8Rng::seed_from_u64(16);
    for len in 0..150 {
        let mut bytes = vec![0; len * 3];
        source.fill_bytes(&mut bytes);
        same_tree_three_ways(&typed::program_from(&mut ByteRng::new(&bytes)), len as u64);
        let generated =
            untyped::program_from(&mut ByteRng::new(&bytes), untyped::Options::default());
        same_tree_three_ways(&generated.program, len as u64);
    }
}

#[test]
fn trivia_holds_every_lexical_area() {
    let mut all = String::new();
    for seed in 0..200 {
        all.push_str(&typed::program(seed).render_with(Style {
            parens: Parens::Minimal,
            lexical: Some(Lexical::new(seed)),
        }));
    }
    for needle in [
        "{|", "{id|", "{x_y|", "'\"'", "'\\''", "\"*)\"", "\r\n", "(* (* ",
    ] {
        assert!(all.contains(needle), "no {needle:?} in 200 programs");
    }
    assert!(
        !all.replace("\r\n", "").contains('\r'),
        "a CR not directly before an LF"
    );
    assert!(
        all.contains("{%") && all.contains("''"),
        "quoted strings with an extension and `''` in comments are on by default"
    );
}
