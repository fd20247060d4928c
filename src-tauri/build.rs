//! The UI (ui/dist) is embedded at compile time; build it when it is missing so a plain
//! `cargo build` of the workspace works, and say how when it cannot.
use std::path::Path;
use std::process::Command;

fn main() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
    if !ui.join("dist/index.html").exists() {
        let built = ui.join("node_modules").exists()
            && Command::new("npm")
                .args(["--prefix", &ui.to_string_lossy(), "run", "build"])
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
        if !built {
            panic!(
                "ui/dist is missing: run `npm --prefix ui ci && npm --prefix ui run build` \
                 (or `npm run build:ui` at the repo root) before building specwright-desktop"
            );
        }
    }
    // Relative relocations packed as RELR (glibc 2.36+, Debian 12) instead of one 24-byte
    // RELA entry each: about 30,000 of them, 0.7 MiB of the binary.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    tauri_build::build()
}
