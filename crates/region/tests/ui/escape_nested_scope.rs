// A nested scope's allocation cannot be stored in an outer variable.
fn main() {
    let mut region = region::Region::new();
    let mut root = region.as_scope();
    let mut slot: &u32 = root.alloc(0);
    root.scope(|s| {
        slot = s.alloc(1);
    });
    println!("{slot}");
}
