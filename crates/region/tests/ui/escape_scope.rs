// A reference allocated in a scope cannot escape it.
fn main() {
    let mut region = region::Region::new();
    let escaped = region.scope(|s| s.alloc(1_u32));
    println!("{escaped}");
}
