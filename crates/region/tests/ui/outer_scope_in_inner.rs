// While a nested scope runs, its parent cannot allocate (it would be freed at the end).
fn main() {
    let mut region = region::Region::new();
    let mut root = region.as_scope();
    root.scope(|_inner| {
        let x = root.alloc(1_u32);
        println!("{x}");
    });
}
