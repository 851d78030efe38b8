//! UDisks2, through which Linux desktops mount removable drives: it knows which filesystems are
//! on removable drives and where they are mounted, and signals when that changes, so the page
//! hears a flash drive at once instead of looking at folders every few seconds.
//!
//! Everything takes the [`Connection`] to ask on: the system bus in the app, a peer-to-peer
//! connection to a stand-in service in the tests.

use std::path::PathBuf;

use futures::stream::{self, BoxStream, StreamExt};
use zbus::fdo::{
    InterfacesAdded, InterfacesRemoved, ManagedObjects, NameOwnerChanged, ObjectManagerProxy,
    PropertiesChanged,
};
use zbus::message::Type;
use zbus::proxy::CacheProperties;
use zbus::zvariant::{ObjectPath, OwnedValue};
use zbus::{Connection, MatchRule, Message, MessageStream};

/// UDisks2's name on the system bus.
pub const SERVICE: &str = "org.freedesktop.UDisks2";
/// Where UDisks2's object manager is, above every object it has.
pub const MANAGER_PATH: &str = "/org/freedesktop/UDisks2";
/// A block device; its `Drive` is the hardware it is on.
pub const BLOCK: &str = "org.freedesktop.UDisks2.Block";
/// A mountable filesystem on a block device, with its `MountPoints`.
pub const FILESYSTEM: &str = "org.freedesktop.UDisks2.Filesystem";
/// The hardware: whether it is removable, and how it is attached.
pub const DRIVE: &str = "org.freedesktop.UDisks2.Drive";

const MOUNT_POINTS: &str = "MountPoints";

/// Where the mounted filesystems on removable drives are mounted, as UDisks2 on `conn` reports
/// them, in path order. Fails when UDisks2 does not answer there.
pub async fn removable_mounts(conn: &Connection) -> zbus::Result<Vec<PathBuf>> {
    let manager = ObjectManagerProxy::builder(conn)
        .destination(SERVICE)?
        .path(MANAGER_PATH)?
        .cache_properties(CacheProperties::No)
        .build()
        .await?;
    let objects = manager.get_managed_objects().await?;
    Ok(mounts_in(&objects))
}

/// The first mount point of each mounted filesystem on a removable drive among `objects`.
fn mounts_in(objects: &ManagedObjects) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = objects
        .keys()
        .filter(|path| is_removable(objects, path))
        // A filesystem mounted twice (a bind mount) is one drive: scanning both would list
        // every certificate twice.
        .filter_map(|path| mount_points(prop(objects, path, FILESYSTEM, MOUNT_POINTS)?).next())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether the block device at `path` holds a filesystem on a removable drive.
fn is_removable(objects: &ManagedObjects, path: &ObjectPath<'_>) -> bool {
    if interface(objects, path, FILESYSTEM).is_none() || flag(objects, path, "HintIgnore") {
        return false;
    }
    // UDisks2 starts from "system" and clears it for removable media and USB, FireWire and
    // memory-card buses; a loop device a user set up is not a system device either.
    if !flag(objects, path, "HintSystem") || flag(objects, path, "HintAuto") {
        return true;
    }
    if drive_is_removable(objects, path) {
        return true;
    }
    // An unlocked encrypted stick: the filesystem is on a mapped device with no drive of its
    // own, backed by the stick's partition.
    prop(objects, path, BLOCK, "CryptoBackingDevice")
        .and_then(object_path)
        .is_some_and(|backing| drive_is_removable(objects, &backing))
}

/// Whether the drive holding the block device at `block` is removable or attached over USB.
fn drive_is_removable(objects: &ManagedObjects, block: &ObjectPath<'_>) -> bool {
    let Some(drive) = prop(objects, block, BLOCK, "Drive").and_then(object_path) else {
        return false;
    };
    let bus =
        prop(objects, &drive, DRIVE, "ConnectionBus").and_then(|v| v.downcast_ref::<&str>().ok());
    drive_flag(objects, &drive, "Removable")
        || drive_flag(objects, &drive, "MediaRemovable")
        || bus == Some("usb")
}

fn interface<'a>(
    objects: &'a ManagedObjects,
    path: &ObjectPath<'_>,
    name: &str,
) -> Option<&'a std::collections::HashMap<String, OwnedValue>> {
    let interfaces = objects.iter().find(|(p, _)| p.as_ref() == *path)?.1;
    interfaces
        .iter()
        .find(|(n, _)| n.as_str() == name)
        .map(|(_, props)| props)
}

fn prop<'a>(
    objects: &'a ManagedObjects,
    path: &ObjectPath<'_>,
    iface: &str,
    name: &str,
) -> Option<&'a OwnedValue> {
    interface(objects, path, iface)?.get(name)
}

/// A boolean of the block device at `path`; missing or mistyped reads as false.
fn flag(objects: &ManagedObjects, path: &ObjectPath<'_>, name: &str) -> bool {
    prop(objects, path, BLOCK, name).is_some_and(|v| v.downcast_ref::<bool>().unwrap_or(false))
}

fn drive_flag(objects: &ManagedObjects, drive: &ObjectPath<'_>, name: &str) -> bool {
    prop(objects, drive, DRIVE, name).is_some_and(|v| v.downcast_ref::<bool>().unwrap_or(false))
}

/// An object path property; UDisks2 says "none" with `/`.
fn object_path(value: &OwnedValue) -> Option<ObjectPath<'static>> {
    let path = value.downcast_ref::<ObjectPath<'_>>().ok()?;
    (path.as_str() != "/").then(|| path.into_owned())
}

/// `MountPoints`: byte strings (paths need not be UTF-8), each ending in a NUL.
fn mount_points(value: &OwnedValue) -> impl Iterator<Item = PathBuf> {
    use std::os::unix::ffi::OsStrExt;

    let points: Vec<Vec<u8>> = value
        .try_clone()
        .ok()
        .and_then(|v| Vec::<Vec<u8>>::try_from(v).ok())
        .unwrap_or_default();
    points.into_iter().filter_map(|mut bytes| {
        while bytes.last() == Some(&0) {
            bytes.pop();
        }
        (!bytes.is_empty()).then(|| PathBuf::from(std::ffi::OsStr::from_bytes(&bytes)))
    })
}

/// What one signal means for the list of removable mounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Heard {
    /// A filesystem came or went, or was mounted or unmounted.
    Change,
    /// Nothing that changes the list (a job's progress, a drive's temperature, ...).
    Other,
    /// UDisks2 left the bus: no more changes will be heard.
    Gone,
}

fn classify(msg: Message) -> Heard {
    if let Some(added) = InterfacesAdded::from_message(msg.clone()) {
        return match added.args() {
            Ok(a)
                if a.interfaces_and_properties()
                    .keys()
                    .any(|i| i == FILESYSTEM) =>
            {
                Heard::Change
            }
            _ => Heard::Other,
        };
    }
    if let Some(removed) = InterfacesRemoved::from_message(msg.clone()) {
        return match removed.args() {
            Ok(a) if a.interfaces().iter().any(|i| i == FILESYSTEM) => Heard::Change,
            _ => Heard::Other,
        };
    }
    if let Some(changed) = PropertiesChanged::from_message(msg.clone()) {
        return match changed.args() {
            Ok(a)
                if a.interface_name() == FILESYSTEM
                    && (a.changed_properties().contains_key(MOUNT_POINTS)
                        || a.invalidated_properties().contains(&MOUNT_POINTS)) =>
            {
                Heard::Change
            }
            _ => Heard::Other,
        };
    }
    if let Some(owner) = NameOwnerChanged::from_message(msg) {
        return match owner.args() {
            Ok(a) if a.name() == SERVICE && a.new_owner().is_none() => Heard::Gone,
            // A new UDisks2 may know of drives the old one did not.
            Ok(a) if a.name() == SERVICE => Heard::Change,
            _ => Heard::Other,
        };
    }
    Heard::Other
}

/// One item each time a filesystem on UDisks2 at `conn` comes or goes or is mounted or
/// unmounted (whether on a removable drive or not: [`removable_mounts`] tells). Fails when
/// UDisks2 does not answer; the stream ends when UDisks2 leaves the bus or the connection closes.
pub async fn changes(conn: &Connection) -> zbus::Result<BoxStream<'static, ()>> {
    let objects = MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(SERVICE)?
        .path(MANAGER_PATH)?
        .interface("org.freedesktop.DBus.ObjectManager")?
        .build();
    let mounts = MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(SERVICE)?
        .path_namespace(MANAGER_PATH)?
        .interface("org.freedesktop.DBus.Properties")?
        .member("PropertiesChanged")?
        .arg(0, FILESYSTEM)?
        .build();
    let mut streams = vec![
        MessageStream::for_match_rule(objects, conn, None).await?,
        MessageStream::for_match_rule(mounts, conn, None).await?,
    ];
    // Only a bus has names that can change hands.
    if conn.is_bus() {
        let owner = MatchRule::builder()
            .msg_type(Type::Signal)
            .sender("org.freedesktop.DBus")?
            .interface("org.freedesktop.DBus")?
            .member("NameOwnerChanged")?
            .arg(0, SERVICE)?
            .build();
        streams.push(MessageStream::for_match_rule(owner, conn, None).await?);
    }
    // Asked only now that the signals are subscribed to, so a change meanwhile is not missed;
    // a bus without UDisks2 accepts the subscriptions, but not this.
    removable_mounts(conn).await?;
    Ok(stream::select_all(streams)
        .filter_map(|m| std::future::ready(m.ok().map(classify)))
        .take_while(|h| std::future::ready(*h != Heard::Gone))
        .filter_map(|h| std::future::ready((h == Heard::Change).then_some(())))
        .boxed())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    //! A stand-in UDisks2 served by zbus over a socket pair: no bus daemon, no udisksd.

    use std::time::Duration;

    use futures::StreamExt;
    use zbus::fdo::ObjectManager;
    use zbus::zvariant::OwnedObjectPath;

    use super::*;

    const WAIT: Duration = Duration::from_secs(5);

    struct FakeBlock {
        drive: String,
        hint_system: bool,
        hint_ignore: bool,
        crypto_backing_device: String,
    }

    #[zbus::interface(name = "org.freedesktop.UDisks2.Block")]
    impl FakeBlock {
        #[zbus(property)]
        fn drive(&self) -> OwnedObjectPath {
            OwnedObjectPath::try_from(self.drive.as_str()).unwrap()
        }
        #[zbus(property)]
        fn hint_system(&self) -> bool {
            self.hint_system
        }
        #[zbus(property)]
        fn hint_ignore(&self) -> bool {
            self.hint_ignore
        }
        #[zbus(property)]
        fn hint_auto(&self) -> bool {
            false
        }
        #[zbus(property)]
        fn crypto_backing_device(&self) -> OwnedObjectPath {
            OwnedObjectPath::try_from(self.crypto_backing_device.as_str()).unwrap()
        }
    }

    struct FakeFilesystem {
        mount_points: Vec<Vec<u8>>,
    }

    #[zbus::interface(name = "org.freedesktop.UDisks2.Filesystem")]
    impl FakeFilesystem {
        #[zbus(property)]
        fn mount_points(&self) -> Vec<Vec<u8>> {
            self.mount_points.clone()
        }
    }

    struct FakeDrive {
        removable: bool,
        connection_bus: &'static str,
    }

    #[zbus::interface(name = "org.freedesktop.UDisks2.Drive")]
    impl FakeDrive {
        #[zbus(property)]
        fn removable(&self) -> bool {
            self.removable
        }
        #[zbus(property)]
        fn media_removable(&self) -> bool {
            false
        }
        #[zbus(property)]
        fn connection_bus(&self) -> String {
            self.connection_bus.to_string()
        }
    }

    /// Something UDisks2 has that is not a filesystem (a job mounting one, say).
    struct FakeJob;

    #[zbus::interface(name = "org.freedesktop.UDisks2.Job")]
    impl FakeJob {
        #[zbus(property)]
        fn operation(&self) -> String {
            "filesystem-mount".into()
        }
    }

    fn mounts(points: &[&str]) -> Vec<Vec<u8>> {
        points
            .iter()
            .map(|p| {
                let mut b = p.as_bytes().to_vec();
                b.push(0);
                b
            })
            .collect()
    }

    const DRIVES: &str = "/org/freedesktop/UDisks2/drives";
    const BLOCKS: &str = "/org/freedesktop/UDisks2/block_devices";

    /// A block device on the drive named `drive` (`None`: on no drive).
    fn block(drive: Option<&str>, hint_system: bool) -> FakeBlock {
        FakeBlock {
            drive: drive.map_or_else(|| "/".to_string(), |d| format!("{DRIVES}/{d}")),
            hint_system,
            hint_ignore: false,
            crypto_backing_device: "/".to_string(),
        }
    }

    /// A client connected to a stand-in UDisks2 that knows a system disk and a mounted flash
    /// drive; without `with_manager` it has no object manager, as if UDisks2 were not there.
    /// Returns (server, client).
    async fn serve(with_manager: bool) -> (Connection, Connection) {
        let (a, b) = tokio::net::UnixStream::pair().unwrap();
        let guid = zbus::Guid::generate();
        let server = zbus::connection::Builder::unix_stream(a)
            .server(guid)
            .unwrap()
            .p2p()
            .build();
        let client = zbus::connection::Builder::unix_stream(b).p2p().build();
        let (server, client) = tokio::try_join!(server, client).unwrap();
        populate(&server, with_manager).await;
        (server, client)
    }

    /// Gives the stand-in on `server` a system disk and a mounted flash drive.
    async fn populate(server: &Connection, with_manager: bool) {
        let os = server.object_server();
        // The system disk: internal, a system device, mounted at `/`.
        os.at(
            format!("{DRIVES}/Samsung_SSD"),
            FakeDrive {
                removable: false,
                connection_bus: "",
            },
        )
        .await
        .unwrap();
        os.at(format!("{BLOCKS}/sda2"), block(Some("Samsung_SSD"), true))
            .await
            .unwrap();
        os.at(
            format!("{BLOCKS}/sda2"),
            FakeFilesystem {
                mount_points: mounts(&["/"]),
            },
        )
        .await
        .unwrap();
        // A flash drive, mounted (and bind-mounted a second time).
        os.at(
            format!("{DRIVES}/Kingston"),
            FakeDrive {
                removable: true,
                connection_bus: "usb",
            },
        )
        .await
        .unwrap();
        os.at(format!("{BLOCKS}/sdb1"), block(Some("Kingston"), false))
            .await
            .unwrap();
        os.at(
            format!("{BLOCKS}/sdb1"),
            FakeFilesystem {
                mount_points: mounts(&["/media/alice/KINGSTON", "/srv/bound"]),
            },
        )
        .await
        .unwrap();
        if with_manager {
            os.at(MANAGER_PATH, ObjectManager).await.unwrap();
        }
    }

    /// Plugs in and mounts a USB hard disk (not "removable" by its own account, but on USB).
    async fn plug_in(server: &Connection, name: &str, mount: &str) {
        let os = server.object_server();
        os.at(
            format!("{DRIVES}/{name}"),
            FakeDrive {
                removable: false,
                connection_bus: "usb",
            },
        )
        .await
        .unwrap();
        os.at(format!("{BLOCKS}/{name}1"), block(Some(name), true))
            .await
            .unwrap();
        os.at(
            format!("{BLOCKS}/{name}1"),
            FakeFilesystem {
                mount_points: mounts(&[mount]),
            },
        )
        .await
        .unwrap();
    }

    async fn next(changes: &mut BoxStream<'static, ()>) -> Option<()> {
        tokio::time::timeout(WAIT, changes.next())
            .await
            .expect("no change heard in time")
    }

    #[tokio::test]
    async fn lists_mounted_removable_filesystems_only() {
        let (_server, client) = serve(true).await;
        assert_eq!(
            removable_mounts(&client).await.unwrap(),
            vec![PathBuf::from("/media/alice/KINGSTON")]
        );
    }

    #[tokio::test]
    async fn hears_a_stick_plugged_in_mounted_and_pulled_out() {
        let (server, client) = serve(true).await;
        // Signals sent while the stand-in was set up must be read before subscribing: the reply
        // comes after them.
        removable_mounts(&client).await.unwrap();
        let mut heard = changes(&client).await.unwrap();

        // A job appearing is not a change of filesystems.
        server
            .object_server()
            .at("/org/freedesktop/UDisks2/jobs/1", FakeJob)
            .await
            .unwrap();
        assert!(
            tokio::time::timeout(Duration::from_millis(300), heard.next())
                .await
                .is_err(),
            "a job was taken for a drive"
        );

        plug_in(&server, "WD_Passport", "/run/media/alice/PASSPORT").await;
        next(&mut heard).await.unwrap();
        assert_eq!(
            removable_mounts(&client).await.unwrap(),
            vec![
                PathBuf::from("/media/alice/KINGSTON"),
                PathBuf::from("/run/media/alice/PASSPORT"),
            ]
        );

        // Unmounted: the list shrinks, and the page hears it.
        {
            let fs = server
                .object_server()
                .interface::<_, FakeFilesystem>(format!("{BLOCKS}/sdb1"))
                .await
                .unwrap();
            fs.get_mut().await.mount_points.clear();
            fs.get()
                .await
                .mount_points_changed(fs.signal_emitter())
                .await
                .unwrap();
        }
        next(&mut heard).await.unwrap();
        assert_eq!(
            removable_mounts(&client).await.unwrap(),
            vec![PathBuf::from("/run/media/alice/PASSPORT")]
        );

        // Pulled out.
        server
            .object_server()
            .remove::<FakeFilesystem, _>(format!("{BLOCKS}/WD_Passport1"))
            .await
            .unwrap();
        next(&mut heard).await.unwrap();
        assert_eq!(
            removable_mounts(&client).await.unwrap(),
            Vec::<PathBuf>::new()
        );

        // The connection closing ends the stream (the page then falls back to its timer).
        drop(server);
        assert_eq!(next(&mut heard).await, None);
    }

    #[tokio::test]
    async fn absent_udisks_is_an_error_not_an_empty_list() {
        let (_server, client) = serve(false).await;
        assert!(removable_mounts(&client).await.is_err());
        assert!(changes(&client).await.is_err());
    }

    #[tokio::test]
    async fn unlocked_encrypted_sticks_count_internal_and_hidden_partitions_do_not() {
        let (server, client) = serve(true).await;
        let os = server.object_server();
        // The stick's LUKS partition, and the unlocked filesystem on its mapped device.
        os.at(
            format!("{DRIVES}/SanDisk"),
            FakeDrive {
                removable: true,
                connection_bus: "usb",
            },
        )
        .await
        .unwrap();
        os.at(format!("{BLOCKS}/sdc1"), block(Some("SanDisk"), false))
            .await
            .unwrap();
        os.at(
            format!("{BLOCKS}/dm_2d0"),
            FakeBlock {
                crypto_backing_device: format!("{BLOCKS}/sdc1"),
                ..block(None, true)
            },
        )
        .await
        .unwrap();
        os.at(
            format!("{BLOCKS}/dm_2d0"),
            FakeFilesystem {
                mount_points: mounts(&["/media/alice/SECRET"]),
            },
        )
        .await
        .unwrap();
        // An internal data partition mounted under /mnt: not a drive to look at.
        os.at(format!("{BLOCKS}/sda3"), block(Some("Samsung_SSD"), true))
            .await
            .unwrap();
        os.at(
            format!("{BLOCKS}/sda3"),
            FakeFilesystem {
                mount_points: mounts(&["/mnt/data"]),
            },
        )
        .await
        .unwrap();
        // A stick's partition UDisks2 is told to hide.
        os.at(
            format!("{BLOCKS}/sdb2"),
            FakeBlock {
                hint_ignore: true,
                ..block(Some("Kingston"), false)
            },
        )
        .await
        .unwrap();
        os.at(
            format!("{BLOCKS}/sdb2"),
            FakeFilesystem {
                mount_points: mounts(&["/media/alice/EFI"]),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            removable_mounts(&client).await.unwrap(),
            vec![
                PathBuf::from("/media/alice/KINGSTON"),
                PathBuf::from("/media/alice/SECRET"),
            ]
        );
    }

    /// A bus of its own: a `dbus-daemon` on a socket in `dir`, stopped when dropped.
    struct PrivateBus {
        daemon: std::process::Child,
        address: String,
    }

    impl PrivateBus {
        /// `None` (the test is skipped) only when there is no `dbus-daemon` to run.
        fn start(dir: &std::path::Path) -> Option<Self> {
            use std::io::BufRead;

            let spawned = std::process::Command::new("dbus-daemon")
                .arg("--session")
                .arg("--nofork")
                .arg("--print-address")
                .arg(format!("--address=unix:path={}", dir.join("bus").display()))
                .stdout(std::process::Stdio::piped())
                // Running as root, it warns that it cannot raise its file limit.
                .stderr(std::process::Stdio::null())
                .spawn();
            let mut daemon = match spawned {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    eprintln!("skipped: no dbus-daemon");
                    return None;
                }
                other => other.unwrap(),
            };
            let mut address = String::new();
            std::io::BufReader::new(daemon.stdout.take().unwrap())
                .read_line(&mut address)
                .unwrap();
            let address = address.trim().to_string();
            assert!(
                !address.is_empty(),
                "dbus-daemon printed no address: {:?}",
                daemon.wait()
            );
            Some(Self { daemon, address })
        }

        async fn connect(&self) -> Connection {
            zbus::connection::Builder::address(self.address.as_str())
                .unwrap()
                .build()
                .await
                .unwrap()
        }
    }

    impl Drop for PrivateBus {
        fn drop(&mut self) {
            let _ = self.daemon.kill();
            let _ = self.daemon.wait();
        }
    }

    /// On a real bus the daemon does the filtering by sender, and UDisks2 leaving shows as its
    /// name losing its owner.
    #[tokio::test]
    async fn on_a_bus_only_udisks_is_heard_until_it_leaves() {
        let dir = tempfile::tempdir().unwrap();
        let Some(bus) = PrivateBus::start(dir.path()) else {
            return;
        };
        let server = bus.connect().await;
        populate(&server, true).await;
        server.request_name(SERVICE).await.unwrap();
        let client = bus.connect().await;
        assert_eq!(
            removable_mounts(&client).await.unwrap(),
            vec![PathBuf::from("/media/alice/KINGSTON")]
        );
        let mut heard = changes(&client).await.unwrap();

        // Someone else claiming a filesystem was added is not UDisks2.
        let impostor = bus.connect().await;
        let mut ifaces: std::collections::HashMap<&str, std::collections::HashMap<&str, u32>> =
            std::collections::HashMap::new();
        ifaces.insert(FILESYSTEM, std::collections::HashMap::new());
        impostor
            .emit_signal(
                None::<&str>,
                MANAGER_PATH,
                "org.freedesktop.DBus.ObjectManager",
                "InterfacesAdded",
                &(
                    ObjectPath::try_from(format!("{BLOCKS}/sdz1")).unwrap(),
                    ifaces,
                ),
            )
            .await
            .unwrap();
        assert!(
            tokio::time::timeout(Duration::from_millis(300), heard.next())
                .await
                .is_err(),
            "a signal not from UDisks2 was heard"
        );

        plug_in(&server, "WD_Passport", "/run/media/alice/PASSPORT").await;
        next(&mut heard).await.unwrap();
        assert_eq!(
            removable_mounts(&client).await.unwrap(),
            vec![
                PathBuf::from("/media/alice/KINGSTON"),
                PathBuf::from("/run/media/alice/PASSPORT"),
            ]
        );

        server.release_name(SERVICE).await.unwrap();
        assert_eq!(next(&mut heard).await, None);
        assert!(removable_mounts(&client).await.is_err());
    }

    fn signal<B>(path: &str, iface: &str, member: &str, body: &B) -> Message
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
    {
        Message::signal(path, iface, member)
            .unwrap()
            .build(body)
            .unwrap()
    }

    #[test]
    fn only_filesystem_signals_are_changes() {
        use std::collections::HashMap;
        use zbus::zvariant::Value;

        let added = |iface: &str| {
            let mut ifaces: HashMap<&str, HashMap<&str, Value<'_>>> = HashMap::new();
            ifaces.insert(iface, HashMap::new());
            signal(
                MANAGER_PATH,
                "org.freedesktop.DBus.ObjectManager",
                "InterfacesAdded",
                &(
                    ObjectPath::try_from("/org/freedesktop/UDisks2/x").unwrap(),
                    ifaces,
                ),
            )
        };
        assert_eq!(classify(added(FILESYSTEM)), Heard::Change);
        assert_eq!(classify(added("org.freedesktop.UDisks2.Job")), Heard::Other);

        let removed = |iface: &str| {
            signal(
                MANAGER_PATH,
                "org.freedesktop.DBus.ObjectManager",
                "InterfacesRemoved",
                &(
                    ObjectPath::try_from("/org/freedesktop/UDisks2/x").unwrap(),
                    vec![iface],
                ),
            )
        };
        assert_eq!(classify(removed(FILESYSTEM)), Heard::Change);
        assert_eq!(classify(removed(BLOCK)), Heard::Other);

        let changed = |iface: &str, prop: &str, invalidated: Vec<&str>| {
            let mut props: HashMap<&str, Value<'_>> = HashMap::new();
            props.insert(prop, Value::from(0u64));
            signal(
                "/org/freedesktop/UDisks2/block_devices/sdb1",
                "org.freedesktop.DBus.Properties",
                "PropertiesChanged",
                &(iface, props, invalidated),
            )
        };
        assert_eq!(
            classify(changed(FILESYSTEM, MOUNT_POINTS, vec![])),
            Heard::Change
        );
        assert_eq!(
            classify(changed(FILESYSTEM, "Size", vec![MOUNT_POINTS])),
            Heard::Change
        );
        assert_eq!(classify(changed(FILESYSTEM, "Size", vec![])), Heard::Other);
        assert_eq!(classify(changed(DRIVE, MOUNT_POINTS, vec![])), Heard::Other);

        let owner = |name: &str, new: &str| {
            signal(
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "NameOwnerChanged",
                &(name, ":1.5", new),
            )
        };
        assert_eq!(classify(owner(SERVICE, "")), Heard::Gone);
        assert_eq!(classify(owner(SERVICE, ":1.9")), Heard::Change);
        assert_eq!(classify(owner("org.example.Other", "")), Heard::Other);
    }
}
