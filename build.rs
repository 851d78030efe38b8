//! Embeds the app icon and version information in the Windows executable, so Explorer, the
//! taskbar and the MSI's shortcut show the product's icon. Other targets need nothing here.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=packaging/windows/ksc-link.ico");
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
