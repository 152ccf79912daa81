//! Embeds `region` on its own: builds a linked list and a small tree in a
//! region, walks them, uses a scope for scratch data, and prints the chunk
//! diagram. Run with `cargo run --example region_list`.

use region::Region;

/// A singly linked list node; `next` points to an older node in the same region.
struct Node<'r> {
    value: u64,
    label: &'r str,
    next: Option<&'r Node<'r>>,
}

fn main() {
    let mut region = Region::builder().first_chunk_size(1024).build();

    // Build a 200-node list: each node is one bump of 40 bytes.
    let mut head: Option<&Node<'_>> = None;
    for i in 0..200_u64 {
        let label = region.alloc_str(if i % 2 == 0 { "even" } else { "odd" });
        head = Some(region.alloc(Node {
            value: i,
            label,
            next: head,
        }));
    }

    // Walk it.
    let (mut sum, mut evens, mut node) = (0, 0, head);
    while let Some(n) = node {
        sum += n.value;
        evens += usize::from(n.label == "even");
        node = n.next;
    }
    println!("walked 200 nodes: sum = {sum}, evens = {evens}");
    println!("{}", region.stats());

    // Scratch work in a scope: released when the closure returns.
    let mut root = region.as_scope();
    let kept = root.alloc_str("kept across the scope");
    let squares_total: u64 = root.scope(|scratch| {
        let squares =
            scratch.alloc_slice_fill_iter((0..10_000_u32).map(|i| u64::from(i) * u64::from(i)));
        squares.iter().sum()
    });
    println!("sum of 10,000 squares = {squares_total}; still have: {kept:?}");
    println!("{}", root.stats());

    // Reset frees everything at once and keeps the memory for the next round.
    region.reset();
    println!("after reset:\n{}", region.stats());
}
