//! Embeds the app icon and version information in the Windows executable, so Explorer, the
//! taskbar and the MSI's shortcut show the product's icon. On Linux with a C library that
//! supports them, packs the executable's relative relocations.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=packaging/windows/ksc-link.ico");
    pack_relative_relocations();
    // The target, not the host: a Windows build made elsewhere gets the icon too.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut resource = winresource::WindowsResource::new();
    resource
        .set_icon("packaging/windows/ksc-link.ico")
        .set("FileDescription", "ksc-link")
        .set("ProductName", "ksc-link");
    if let Err(e) = resource.compile() {
        // Without a resource compiler (rc.exe or windres) the app still builds, only iconless.
        println!("cargo:warning=the Windows icon was not embedded: {e}");
    }
}

/// The dynamic loader applies some 30,000 relative relocations to the executable at every start;
/// stored packed (DT_RELR) they take 20 times less room, so less of the file is read and kept in
/// memory. glibc 2.36 and later load them and mark that with the `GLIBC_ABI_DT_RELR` version,
/// which the linker then requires, so an executable built here still says plainly that it needs
/// such a glibc. Only for a build for this machine whose C library has that version: a cross
/// build, or an older glibc, links as before.
fn pack_relative_relocations() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("HOST") != var("TARGET")
    {
        return;
    }
    let arch = var("CARGO_CFG_TARGET_ARCH");
    let candidates = [
        format!("/lib/{arch}-linux-gnu/libc.so.6"),
        format!("/usr/lib/{arch}-linux-gnu/libc.so.6"),
        "/lib64/libc.so.6".to_string(),
        "/usr/lib64/libc.so.6".to_string(),
    ];
    let supported = candidates.iter().any(|path| {
        std::fs::read(path).is_ok_and(|libc| {
            libc.windows(b"GLIBC_ABI_DT_RELR".len())
                .any(|w| w == b"GLIBC_ABI_DT_RELR")
        })
    });
    if supported {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
