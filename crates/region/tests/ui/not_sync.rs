// A region is not Sync: two threads cannot bump the same cursor.
fn main() {
    fn is_sync<T: Sync>() {}
    is_sync::<region::Region>();
}
