//! Packaging: what `cargo package` needs of the workspace's manifests is
//! there (a README and both licence files in each published crate, no
//! placeholder metadata).

use std::process::Command;

use crate::common::workspace_root;

/// The files `cargo package --list` would put in `package`'s crate file;
/// it fails, as `cargo package` does, when the manifest names a README that
/// does not exist.
fn packaged_files(package: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "package",
            "--list",
            "--offline",
            "--allow-dirty",
            "-p",
            package,
        ])
        .current_dir(workspace_root())
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo package --list -p {package} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

// Regression: `cargo package -p minilang` failed, its manifest naming a
// README.md that did not exist, and no crate shipped the licence files its
// `license` names.
#[test]
fn published_crates_package_their_readme_and_licences() {
    for package in ["region-arena", "minilang"] {
        let files = packaged_files(package);
        for needed in ["README.md", "LICENSE-MIT", "LICENSE-APACHE", "Cargo.toml"] {
            assert!(
                files.iter().any(|f| f == needed),
                "{package}'s package lacks {needed}: {files:?}"
            );
        }
    }
}

// Regression: the workspace gave every crate a placeholder `repository`.
#[test]
fn manifests_have_no_placeholder_urls() {
    let root = workspace_root();
    for manifest in [
        "Cargo.toml",
        "crates/region/Cargo.toml",
        "crates/minilang/Cargo.toml",
    ] {
        let text = std::fs::read_to_string(root.join(manifest)).expect("read a manifest");
        assert!(
            !text.contains("example.invalid") && !text.contains("example.com"),
            "{manifest} has a placeholder URL"
        );
    }
}

#[test]
fn the_licence_files_are_the_same_in_every_crate() {
    let root = workspace_root();
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        let top = std::fs::read(root.join(licence)).expect("read a licence at the root");
        for krate in ["crates/region", "crates/minilang"] {
            let copy =
                std::fs::read(root.join(krate).join(licence)).expect("read a crate's licence");
            assert!(copy == top, "{krate}/{licence} differs from the root's");
        }
    }
}
