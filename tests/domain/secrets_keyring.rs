//! The keyring wrapper against a real Secret Service (gnome-keyring on the test D-Bus session).
//!
//! packaging/test.sh runs the suite inside `dbus-run-session` with an unlocked gnome-keyring and
//! sets `KSC_LINK_REQUIRE_KEYRING=1`, so a missing Secret Service fails these tests there; on a
//! developer machine without one they print why and pass.
//!
//! The failure cases (no session bus, no Secret Service, a locked keyring) run in child processes
//! of this test binary on a private D-Bus daemon, so they never disturb the shared session.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ksc_link::secrets::{
    AutotaskField, Secret, SecretKey, SecretsError, delete, delete_blocking, init_platform_store,
    load, load_blocking, store, store_blocking,
};

fn keyring_required() -> bool {
    std::env::var("KSC_LINK_REQUIRE_KEYRING").is_ok_and(|v| v == "1")
}

/// True when the Secret Service answers; otherwise fails (required) or explains and skips.
fn keyring_available(test: &str) -> bool {
    let probe = init_platform_store()
        .and_then(|()| load_blocking(&SecretKey::kes_cloud("probe@ksc-link.invalid")));
    match probe {
        Ok(_) => true,
        Err(e) if keyring_required() => {
            panic!("KSC_LINK_REQUIRE_KEYRING=1 but the Secret Service is not usable: {e}")
        }
        Err(e) => {
            eprintln!("skipping {test}: the Secret Service is not usable here ({e})");
            false
        }
    }
}

/// A name no other test (or concurrent test process) uses.
fn unique(tag: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{tag}-{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Deletes its keys at the end of a test, also when an assertion failed.
struct Cleanup(Vec<SecretKey>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for key in &self.0 {
            let _ = delete_blocking(key);
        }
    }
}

fn secret_tool() -> Option<&'static str> {
    let found = Command::new("secret-tool")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    match found {
        true => Some("secret-tool"),
        false if keyring_required() => panic!("secret-tool (libsecret-tools) is not installed"),
        false => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_load_overwrite_delete() {
    if !keyring_available("store_load_overwrite_delete") {
        return;
    }
    let key = SecretKey::ksc_user("ksc.test.invalid", 13299, &unique("admin"));
    let _cleanup = Cleanup(vec![key.clone()]);

    assert!(load(&key).await.unwrap().is_none());
    store(&key, &Secret::new("first password")).await.unwrap();
    assert_eq!(
        load(&key).await.unwrap().unwrap().expose(),
        "first password"
    );
    store(&key, &Secret::new("second password")).await.unwrap();
    assert_eq!(
        load(&key).await.unwrap().unwrap().expose(),
        "second password"
    );
    assert!(delete(&key).await.unwrap());
    assert!(load(&key).await.unwrap().is_none());
    assert!(!delete(&key).await.unwrap());
}

#[tokio::test]
async fn unicode_and_awkward_values_survive() {
    if !keyring_available("unicode_and_awkward_values_survive") {
        return;
    }
    let key = SecretKey::kes_cloud(&format!("{}@example.invalid", unique("u")));
    let _cleanup = Cleanup(vec![key.clone()]);
    let long = "ключ-".repeat(800);
    for value in [
        "пароль 密码 🔑 Grüße",
        "  leading and trailing spaces  ",
        "line one\nline two\ttab \"quotes\" 'single' \\ backslash",
        long.as_str(),
    ] {
        store(&key, &Secret::new(value)).await.unwrap();
        let back = load(&key).await.unwrap().unwrap();
        assert!(
            back.expose() == value,
            "value changed on the way through the keyring"
        );
    }
}

#[tokio::test]
async fn different_keys_do_not_collide() {
    if !keyring_available("different_keys_do_not_collide") {
        return;
    }
    let user = unique("ops");
    let keys = [
        SecretKey::ksc_user("ksc.test.invalid", 13299, &user),
        SecretKey::ksc_user("ksc.test.invalid", 13299, &format!("{user}-2")),
        SecretKey::ksc_user("ksc.test.invalid", 13291, &user),
        SecretKey::ksc_user("other.test.invalid", 13299, &user),
        SecretKey::proxy("ksc.test.invalid", 13299, &user),
        SecretKey::autotask(&user, AutotaskField::Secret),
        SecretKey::autotask(&user, AutotaskField::IntegrationCode),
    ];
    let _cleanup = Cleanup(keys.to_vec());
    for (i, key) in keys.iter().enumerate() {
        store(key, &Secret::new(format!("value-{i}")))
            .await
            .unwrap();
    }
    for (i, key) in keys.iter().enumerate() {
        let value = load(key).await.unwrap().unwrap();
        assert_eq!(value.expose(), format!("value-{i}"), "{key}");
    }
    assert!(delete(&keys[0]).await.unwrap());
    assert!(load(&keys[0]).await.unwrap().is_none());
    assert_eq!(load(&keys[1]).await.unwrap().unwrap().expose(), "value-1");
}

#[tokio::test]
async fn delete_of_a_missing_item_returns_false() {
    if !keyring_available("delete_of_a_missing_item_returns_false") {
        return;
    }
    let key = SecretKey::proxy("proxy.test.invalid", 3128, &unique("nobody"));
    assert!(!delete(&key).await.unwrap());
    assert!(load(&key).await.unwrap().is_none());
}

#[test]
fn blocking_variants_work_without_a_runtime() {
    if !keyring_available("blocking_variants_work_without_a_runtime") {
        return;
    }
    let key = SecretKey::autotask(&unique("cli"), AutotaskField::IntegrationCode);
    let _cleanup = Cleanup(vec![key.clone()]);
    store_blocking(&key, &Secret::new("CODE-123")).unwrap();
    assert_eq!(load_blocking(&key).unwrap().unwrap().expose(), "CODE-123");
    assert!(delete_blocking(&key).unwrap());
    assert!(!delete_blocking(&key).unwrap());
}

#[tokio::test]
async fn blocking_variants_do_not_panic_on_a_runtime_thread() {
    if !keyring_available("blocking_variants_do_not_panic_on_a_runtime_thread") {
        return;
    }
    let key = SecretKey::autotask(&unique("mixed"), AutotaskField::Secret);
    let _cleanup = Cleanup(vec![key.clone()]);
    store_blocking(&key, &Secret::new("s3")).unwrap();
    assert_eq!(load(&key).await.unwrap().unwrap().expose(), "s3");
    assert!(delete_blocking(&key).unwrap());
}

#[tokio::test]
async fn values_are_really_in_the_secret_service() {
    if !keyring_available("values_are_really_in_the_secret_service") {
        return;
    }
    let Some(tool) = secret_tool() else {
        eprintln!("skipping: secret-tool is not installed");
        return;
    };
    let key = SecretKey::ksc_user("ksc.test.invalid", 13299, &unique("seen"));
    let _cleanup = Cleanup(vec![key.clone()]);

    store(&key, &Secret::new("visible to libsecret ✓"))
        .await
        .unwrap();
    let lookup = Command::new(tool)
        .args([
            "lookup",
            "service",
            key.service(),
            "username",
            key.account(),
        ])
        .output()
        .unwrap();
    assert!(
        lookup.status.success(),
        "{}",
        String::from_utf8_lossy(&lookup.stderr)
    );
    assert_eq!(
        String::from_utf8(lookup.stdout).unwrap(),
        "visible to libsecret ✓"
    );

    // And the other way round: an item written by libsecret is read back.
    let mut writer = Command::new(tool)
        .args(["store", "--label=ksc-link test", "service"])
        .args([key.service(), "username", key.account()])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    writer
        .stdin
        .take()
        .unwrap()
        .write_all("written by secret-tool".as_bytes())
        .unwrap();
    assert!(writer.wait().unwrap().success());
    assert_eq!(
        load(&key).await.unwrap().unwrap().expose(),
        "written by secret-tool"
    );

    assert!(delete(&key).await.unwrap());
    let gone = Command::new(tool)
        .args([
            "lookup",
            "service",
            key.service(),
            "username",
            key.account(),
        ])
        .output()
        .unwrap();
    assert!(
        gone.stdout.is_empty(),
        "the item is still in the Secret Service"
    );
}

#[test]
fn init_is_idempotent() {
    if !keyring_available("init_is_idempotent") {
        return;
    }
    init_platform_store().unwrap();
    init_platform_store().unwrap();
}

// ---- failure cases in child processes ----

/// What a child run of [`child_keyring_call`] must observe.
const CHILD_EXPECT: &str = "KSC_LINK_TEST_CHILD_EXPECT";
/// Which account the child uses.
const CHILD_USER: &str = "KSC_LINK_TEST_CHILD_USER";

/// Runs [`child_keyring_call`] in a child process with the given environment.
fn run_child(envs: &[(&str, &str)]) -> Output {
    run_child_without(envs, &[])
}

/// [`run_child`], also removing the variables `remove` from the child's environment.
fn run_child_without(envs: &[(&str, &str)], remove: &[&str]) -> Output {
    // The test's name within this binary: its module path without the crate's name.
    let path = module_path!();
    let module = path.split_once("::").map_or("", |(_, m)| m);
    let name = format!("{module}::child_keyring_call");
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([name.as_str(), "--exact", "--ignored", "--nocapture"])
        .env_remove("KSC_LINK_REQUIRE_KEYRING");
    for name in remove {
        command.env_remove(name);
    }
    let output = command.envs(envs.iter().copied()).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains("1 passed"),
        "the child did not run its test: {text}"
    );
    output
}

/// Not a test of its own: other tests run it in a child process with a prepared environment.
#[test]
#[ignore = "run by the other tests of this file in a child process"]
fn child_keyring_call() {
    let Ok(expect) = std::env::var(CHILD_EXPECT) else {
        return;
    };
    let user = std::env::var(CHILD_USER).unwrap_or_else(|_| "child".to_string());
    let key = SecretKey::ksc_user("child.test.invalid", 13299, &user);
    let result = init_platform_store().and_then(|()| match expect.as_str() {
        "stored" => store_blocking(&key, &Secret::new("child value")).map(|()| None),
        _ => load_blocking(&key),
    });
    println!("child result: {result:?}");
    assert!(
        !format!("{result:?}").contains("child value"),
        "a secret value reached an error"
    );
    match expect.as_str() {
        "stored" => assert!(result.is_ok(), "{result:?}"),
        "unavailable" => {
            let Err(err @ SecretsError::Unavailable { .. }) = result else {
                panic!("expected Unavailable, got {result:?}");
            };
            let message = err.to_string();
            assert!(message.contains("gnome-keyring"), "{message}");
            assert!(message.contains("KeePassXC"), "{message}");
        }
        "locked" => {
            let Err(err @ SecretsError::Locked) = result else {
                panic!("expected Locked, got {result:?}");
            };
            assert!(err.to_string().contains("unlock it"), "{err}");
        }
        other => panic!("unknown expectation {other}"),
    }
}

#[test]
fn no_session_bus_is_reported_as_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let address = format!("unix:path={}", dir.path().join("no-bus").display());
    let output = run_child(&[
        (CHILD_EXPECT, "unavailable"),
        ("DBUS_SESSION_BUS_ADDRESS", &address),
    ]);
    assert!(output.status.success(), "{output:?}");

    // No address at all, and no bus socket in the runtime directory either.
    let runtime = dir.path().to_str().unwrap();
    let output = run_child_without(
        &[(CHILD_EXPECT, "unavailable"), ("XDG_RUNTIME_DIR", runtime)],
        &["DBUS_SESSION_BUS_ADDRESS"],
    );
    assert!(output.status.success(), "{output:?}");
}

/// A D-Bus daemon of its own, without any activatable services; killed on drop.
struct PrivateBus {
    dir: tempfile::TempDir,
    address: String,
    children: Vec<Child>,
}

impl PrivateBus {
    /// `None` (or a panic when the keyring is required) when dbus-daemon is not installed.
    fn start() -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let sockets = dir.path().join("bus");
        std::fs::create_dir(&sockets).unwrap();
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                sockets.display()
            ),
        )
        .unwrap();
        let spawned = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let mut daemon = match spawned {
            Ok(child) => child,
            Err(e) if keyring_required() => panic!("cannot start dbus-daemon: {e}"),
            Err(e) => {
                eprintln!("skipping: cannot start dbus-daemon ({e})");
                return None;
            }
        };
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        assert!(
            address.starts_with("unix:"),
            "dbus-daemon printed {address:?}"
        );
        Some(Self {
            dir,
            address,
            children: vec![daemon],
        })
    }

    /// Starts gnome-keyring on this bus with an unlocked login keyring; waits until it answers.
    fn start_keyring(&mut self) -> bool {
        let data = self.dir.path().join("data");
        let runtime = self.dir.path().join("run");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&runtime).unwrap();
        set_private(&runtime);
        let spawned = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--foreground", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut keyring = match spawned {
            Ok(child) => child,
            Err(e) if keyring_required() => panic!("cannot start gnome-keyring-daemon: {e}"),
            Err(e) => {
                eprintln!("skipping: cannot start gnome-keyring-daemon ({e})");
                return false;
            }
        };
        // The login keyring's password; closing stdin lets the daemon go on.
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(b"private-test-keyring").unwrap();
        drop(stdin);
        self.children.push(keyring);
        // Not an assertion on speed: only a bound so a broken daemon cannot hang the suite.
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.login_collection_exists() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("gnome-keyring on the private bus never created its login keyring");
    }

    fn dbus_send(&self, args: &[&str]) -> Output {
        Command::new("dbus-send")
            .args(["--print-reply", "--dest=org.freedesktop.secrets"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .unwrap()
    }

    fn login_collection_exists(&self) -> bool {
        let reply = self.dbus_send(&[
            "/org/freedesktop/secrets/collection/login",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.freedesktop.Secret.Collection",
            "string:Locked",
        ]);
        reply.status.success()
    }

    fn lock_login_collection(&self) {
        let reply = self.dbus_send(&[
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ]);
        assert!(reply.status.success(), "{reply:?}");
        let locked = self.dbus_send(&[
            "/org/freedesktop/secrets/collection/login",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.freedesktop.Secret.Collection",
            "string:Locked",
        ]);
        let text = String::from_utf8_lossy(&locked.stdout);
        assert!(text.contains("boolean true"), "not locked: {text}");
    }

    fn child_env<'a>(&'a self, expect: &'a str, user: &'a str) -> Vec<(&'a str, &'a str)> {
        vec![
            (CHILD_EXPECT, expect),
            (CHILD_USER, user),
            ("DBUS_SESSION_BUS_ADDRESS", self.address.as_str()),
        ]
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn set_private(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[test]
fn a_bus_without_a_secret_service_is_reported_as_unavailable() {
    let Some(bus) = PrivateBus::start() else {
        return;
    };
    let output = run_child(&bus.child_env("unavailable", "nobody"));
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn a_locked_keyring_is_reported_as_locked() {
    let Some(mut bus) = PrivateBus::start() else {
        return;
    };
    if !bus.start_keyring() {
        return;
    }
    let stored = run_child(&bus.child_env("stored", "locked-user"));
    assert!(stored.status.success(), "{stored:?}");
    bus.lock_login_collection();
    let output = run_child(&bus.child_env("locked", "locked-user"));
    assert!(output.status.success(), "{output:?}");
}
