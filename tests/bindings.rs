//! The TypeScript IPC bindings (ui/src/bindings.ts) are generated from the Rust
//! commands. This fails when the checked-in file is stale;
//! `UPDATE_BINDINGS=1 cargo test --test bindings` (or `make bindings`) rewrites it.

use std::path::PathBuf;

#[test]
fn checked_in_bindings_match_the_rust_commands() {
    let checked_in = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        amikey_lib::export_bindings(&checked_in).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    amikey_lib::export_bindings(&fresh).unwrap();
    let want = std::fs::read_to_string(&fresh).unwrap();
    let have = std::fs::read_to_string(&checked_in).unwrap_or_default();
    assert!(
        want == have,
        "ui/src/bindings.ts is stale: run `make bindings` and commit the result"
    );
}
