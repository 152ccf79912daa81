// reset needs exclusive access: no allocation may be alive across it.
fn main() {
    let mut region = region::Region::new();
    let x = region.alloc(1_u32);
    region.reset();
    println!("{x}");
}
