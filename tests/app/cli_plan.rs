//! `ksc-link add-secondary --plan` as a real process against the simulators over loopback TLS:
//! the dry run writes nothing and shows the wizard's summary, the run builds the hierarchy, bad
//! input names the file, line and key, and no password is ever on the command line or in the
//! output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{ServerCard, SimPair, start_pair};

const PRIMARY_ENV: &str = "KSC_TEST_PRIMARY_PASSWORD";
const SECONDARY_ENV: &str = "KSC_TEST_SECONDARY_PASSWORD";

struct Env {
    rt: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
    pair: Option<SimPair>,
    pc: ServerCard,
    sc: ServerCard,
}

impl Env {
    fn start() -> Self {
        // The simulators keep serving on the runtime's threads while the child process runs.
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let pair = rt
            .block_on(start_pair(&dir.path().join("sim"), LinkConfig::fast()))
            .unwrap();
        let [pc, sc] = pair.cards();
        Self {
            rt,
            dir,
            pair: Some(pair),
            pc,
            sc,
        }
    }

    fn pair(&self) -> &SimPair {
        self.pair.as_ref().unwrap()
    }

    /// A plan for the pair, with `name` and the passwords from the environment.
    fn plan(&self, name: &str) -> std::path::PathBuf {
        let secondary_sha = ksc_link::cert::load_certificate_file(&self.sc.cert_path)
            .unwrap()
            .sha256_colon();
        let primary_sha = ksc_link::cert::load_certificate_file(&self.pc.cert_path)
            .unwrap()
            .sha256_colon();
        let text = format!(
            r#"format = "ksc-link-plan"
version = 1

[primary]
address = "127.0.0.1"
api_port = {papi}
certificate_sha256 = "{primary_sha}"
user = "{puser}"
password = "env:{PRIMARY_ENV}"

[secondary]
group = "/Servers/Secondary servers"
display_name = "{name}"
address = "127.0.0.1"
ssl_port = {sssl}
api_port = {sapi}
certificate = "fetch"
certificate_sha256 = "{secondary_sha}"
user = "{suser}"
password = "env:{SECONDARY_ENV}"

[connection]
primary_address = "127.0.0.1"
primary_ssl_port = {pssl}
"#,
            papi = self.pc.api_port,
            puser = self.pc.user,
            sssl = self.sc.ssl_port,
            sapi = self.sc.api_port,
            suser = self.sc.user,
            pssl = self.pc.ssl_port,
        );
        let path = self.dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ksc-link"))
            .args(["--lang", "en"])
            .args(args)
            .env(PRIMARY_ENV, &self.pc.password)
            .env(SECONDARY_ENV, &self.sc.password)
            .env("KSC_LINK_LOG_DIR", self.dir.path().join("logs"))
            .env("KSC_LINK_CONFIG_DIR", self.dir.path().join("config"))
            .output()
            .unwrap()
    }

    fn registrations(&self) -> Vec<String> {
        self.pair()
            .primary
            .sim()
            .state()
            .secondaries()
            .into_iter()
            .map(|s| s.display_name)
            .collect()
    }

    /// No password in the run's output, nor in any log file the runs so far wrote (they log
    /// at debug level too: `--verbose` is not needed for a leak to show).
    fn assert_no_password(&self, out: &Output) {
        let mut texts: Vec<(String, String)> = vec![
            (
                "stdout".into(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
            ),
            (
                "stderr".into(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            ),
        ];
        let logs = self.dir.path().join("logs");
        let mut logged = 0;
        for entry in std::fs::read_dir(&logs).into_iter().flatten().flatten() {
            texts.push((
                entry.path().display().to_string(),
                std::fs::read_to_string(entry.path()).unwrap_or_default(),
            ));
            logged += 1;
        }
        assert!(logged > 0, "the runs wrote a log in {}", logs.display());
        for (what, text) in texts {
            for password in [&self.pc.password, &self.sc.password] {
                assert!(!text.contains(password.as_str()), "a password in {what}");
            }
        }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(pair) = self.pair.take() {
            self.rt.block_on(pair.shutdown());
        }
    }
}

/// The documented schema of every `--json` object.
fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/cli-json.schema.json"
    ))
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// One `--json` line, checked against the documented schema.
fn valid(line: &str) -> serde_json::Value {
    let value: serde_json::Value =
        serde_json::from_str(line.trim()).unwrap_or_else(|e| panic!("{e}: {line}"));
    let errors: Vec<String> = schema()
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{value} does not follow the schema: {errors:?}"
    );
    value
}

fn json(out: &Output) -> serde_json::Value {
    valid(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn dry_run_writes_nothing_then_the_plan_builds_the_hierarchy() {
    let env = Env::start();
    let plan = env.plan("Berlin office");
    let section_before = env.pair().secondary.sim().state().master_srv_section();

    let out = env.run(&[
        "add-secondary",
        "--plan",
        plan.to_str().unwrap(),
        "--dry-run",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Dry run: nothing was written"), "{stdout}");
    assert!(
        stdout.contains("On the primary (registration of the secondary)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("On the secondary (its primary server settings)"),
        "{stdout}"
    );
    assert!(stdout.contains("Berlin office"), "{stdout}");
    assert!(stdout.contains("Pre-flight check"), "{stdout}");
    assert!(stdout.contains("✓ Who dials whom"), "{stdout}");
    env.assert_no_password(&out);
    assert!(
        env.registrations().is_empty(),
        "a dry run registers nothing"
    );
    assert_eq!(
        env.pair().secondary.sim().state().master_srv_section(),
        section_before,
        "a dry run writes nothing on the secondary"
    );

    let out = env.run(&["add-secondary", "--plan", plan.to_str().unwrap(), "--json"]);
    let result = json(&out);
    assert_eq!(result["result"], "done", "{result}");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(result["display_name"], "Berlin office");
    assert_eq!(result["status"], "Active");
    assert!(result["secondary_id"].as_i64().is_some());
    env.assert_no_password(&out);
    assert_eq!(env.registrations(), ["Berlin office"]);
}

#[test]
fn bad_input_names_the_file_line_and_key_and_exits_2() {
    let env = Env::start();
    let plan = env.plan("Bad");
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("ssl_port = ", "ssl_port = 7")
        .replace(&format!("\"env:{SECONDARY_ENV}\""), "\"s3cret\"");
    std::fs::write(&plan, &text).unwrap();
    let out = env.run(&["add-secondary", "--plan", plan.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line_of = |key: &str| {
        text.lines()
            .position(|l| l.starts_with(key))
            .map(|i| i + 1)
            .unwrap()
    };
    let at = |key: &str, line: usize| format!("{}:{line}: {key}:", plan.display());
    assert!(
        stderr.contains(&at("secondary.password", line_of("password = \"s3cret\""))),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cret"), "{stderr}");
    assert!(env.registrations().is_empty());

    // A missing secret stops before any server is asked.
    let plan = env.plan("No secret");
    let out = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args([
            "--lang",
            "en",
            "add-secondary",
            "--plan",
            plan.to_str().unwrap(),
            "--json",
        ])
        .env_remove(PRIMARY_ENV)
        .env("KSC_LINK_LOG_DIR", env.dir.path().join("logs"))
        .output()
        .unwrap();
    let result = json(&out);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(result["exit_code"], 2);
    assert!(
        result["error"].as_str().unwrap().contains(PRIMARY_ENV),
        "{result}"
    );
}

#[test]
fn a_wrong_password_exits_4_and_a_wrong_certificate_exits_3_writing_nothing() {
    let env = Env::start();
    let plan = env.plan("Refused");
    let out = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args([
            "--lang",
            "en",
            "add-secondary",
            "--plan",
            plan.to_str().unwrap(),
        ])
        .env(PRIMARY_ENV, &env.pc.password)
        .env(SECONDARY_ENV, "not the password")
        .env("KSC_LINK_LOG_DIR", env.dir.path().join("logs"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let wrong = Path::new("tests/fixtures/primary-klserver.cer");
    let sha = ksc_link::cert::load_certificate_file(wrong)
        .unwrap()
        .sha256_colon();
    let text = std::fs::read_to_string(&plan).unwrap();
    let confirmed = ksc_link::cert::load_certificate_file(&env.sc.cert_path)
        .unwrap()
        .sha256_colon();
    std::fs::write(&plan, text.replace(&confirmed, &sha)).unwrap();
    let out = env.run(&["add-secondary", "--plan", plan.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&sha) && stderr.contains(&confirmed),
        "{stderr}"
    );
    assert!(env.registrations().is_empty());
}

/// Five offices from one CSV over a shared plan, two at a time: one unreachable, one with a
/// wrong password. Three are built, the two are reported with their reasons, nothing is left
/// half-built, and the exit code says "partial".
#[test]
fn a_batch_of_five_offices_builds_three_and_reports_two_with_exit_code_partial() {
    use ksc_link::sim::ksc::KscSimConfig;
    use ksc_link::sim::ksc::link_store::{LinkedSim, start_with_link};
    let env = Env::start();
    let extra: Vec<LinkedSim> = (1..=2)
        .map(|i| {
            let mut cfg = KscSimConfig::new(env.dir.path().join(format!("office-{i}")));
            cfg.seed_text = Some(ksc_link::sim::ksc::seed::SECONDARY.to_string());
            cfg.hostname = format!("ksc-office-{i}.sim.local");
            env.rt
                .block_on(start_with_link(cfg, LinkConfig::fast()))
                .unwrap()
        })
        .collect();
    let base = env.plan("base");
    let sha = |der: &[u8]| ksc_link::tls::Pin::of_der(der).colon_hex();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let pair_secondary = env.pair().secondary.sim();
    let mut csv = String::from(
        "secondary.display_name;secondary.ssl_port;secondary.api_port;secondary.certificate_sha256;secondary.password\n",
    );
    let mut row = |name: &str, sim: &ksc_link::sim::ksc::KscSim, password: &str| {
        csv.push_str(&format!(
            "{name};{};{};{};{password}\n",
            sim.ssl_port(),
            sim.api_port(),
            sha(sim.cert_der())
        ));
    };
    row("Office A", pair_secondary, &format!("env:{SECONDARY_ENV}"));
    row("Office B", extra[0].sim(), &format!("env:{SECONDARY_ENV}"));
    row("Office C", extra[1].sim(), &format!("env:{SECONDARY_ENV}"));
    row("Office E", extra[0].sim(), "env:KSC_TEST_WRONG_PASSWORD");
    csv.push_str(&format!(
        "Office D;{closed_port};{closed_port};{};env:{SECONDARY_ENV}\n",
        sha(pair_secondary.cert_der())
    ));
    let csv_path = env.dir.path().join("offices.csv");
    std::fs::write(&csv_path, &csv).unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args(["--lang", "en", "add-secondary", "--plan"])
        .arg(&base)
        .arg("--plan-csv")
        .arg(&csv_path)
        .args(["--parallel", "2", "--json"])
        .env(PRIMARY_ENV, &env.pc.password)
        .env(SECONDARY_ENV, &env.sc.password)
        .env("KSC_TEST_WRONG_PASSWORD", "not the password")
        .env("KSC_LINK_LOG_DIR", env.dir.path().join("logs"))
        .output()
        .unwrap();
    env.assert_no_password(&out);
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let results: Vec<serde_json::Value> = stdout.lines().map(valid).collect();
    assert_eq!(results.len(), 5, "{stdout}");
    let by_name = |name: &str| {
        results
            .iter()
            .find(|r| r["display_name"] == name)
            .unwrap_or_else(|| panic!("{name} in {stdout}"))
    };
    for name in ["Office A", "Office B", "Office C"] {
        assert_eq!(by_name(name)["result"], "done", "{}", by_name(name));
        assert_eq!(by_name(name)["status"], "Active");
    }
    assert_eq!(by_name("Office D")["exit_code"], 3, "unreachable");
    assert_eq!(by_name("Office E")["exit_code"], 4, "wrong password");
    assert_eq!(by_name("Office E")["line"], 5);
    let mut names = env.registrations();
    names.sort();
    assert_eq!(names, ["Office A", "Office B", "Office C"]);
    for sim in extra {
        env.rt.block_on(sim.shutdown());
    }
}

/// `connect` pins a server only when its fingerprint is confirmed, `status` lists the primary's
/// secondaries through that pin, `detach` makes the secondary stand alone again.
#[test]
fn connect_pins_status_lists_and_detach_detaches() {
    let mut env = Env::start();
    let primary = format!("127.0.0.1:{}", env.pc.api_port);
    let secondary = format!("127.0.0.1:{}", env.sc.api_port);
    let primary_sha = ksc_link::cert::load_certificate_file(&env.pc.cert_path)
        .unwrap()
        .sha256_colon();
    let secondary_sha = ksc_link::cert::load_certificate_file(&env.sc.cert_path)
        .unwrap()
        .sha256_colon();
    let user = env.pc.user.clone();

    // Without a confirmation (no terminal, no --pin-sha256): refused; a wrong one: refused.
    let out = env.run(&[
        "connect",
        &primary,
        "--user",
        &user,
        "--password-env",
        PRIMARY_ENV,
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = env.run(&[
        "connect",
        &primary,
        "--user",
        &user,
        "--password-env",
        PRIMARY_ENV,
        "--pin-sha256",
        &secondary_sha,
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&primary_sha));
    // Status before any pin: refused, naming what to do.
    let out = env.run(&[
        "status",
        &primary,
        "--user",
        &user,
        "--password-env",
        PRIMARY_ENV,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ksc-link connect"));

    let out = env.run(&[
        "connect",
        &primary,
        "--user",
        &user,
        "--password-env",
        PRIMARY_ENV,
        "--pin-sha256",
        &primary_sha,
        "--json",
    ]);
    let result = json(&out);
    assert_eq!(result["result"], "connected", "{result}");
    assert_eq!(result["sha256"], primary_sha.as_str());

    let plan = env.plan("Status office");
    let out = env.run(&["add-secondary", "--plan", plan.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The pin saved by `connect` is used: no --pin-sha256.
    let out = env.run(&[
        "status",
        &primary,
        "--user",
        &user,
        "--password-env",
        PRIMARY_ENV,
        "--json",
    ]);
    let result = json(&out);
    let list = result["secondaries"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{result}");
    assert_eq!(list[0]["display_name"], "Status office");
    assert_eq!(list[0]["group"], "Secondary servers");
    assert_eq!(list[0]["status"], "Active");
    assert!(
        list[0]["group_path"]
            .as_str()
            .unwrap()
            .ends_with("/Servers/Secondary servers"),
        "{result}"
    );
    assert!(list[0]["certificate_expires"].is_string(), "{result}");
    assert_eq!(
        list[0]["needs_attention"],
        serde_json::json!([]),
        "{result}"
    );
    env.assert_no_password(&out);

    // The page's rules: once its link is down, it needs attention, and says why.
    env.rt
        .block_on(env.pair.as_mut().unwrap().secondary.stop_link());
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while env.pair().primary.sim().state().secondaries()[0].status != 0 {
        assert!(
            std::time::Instant::now() < end,
            "Inactive once the link is down"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = env.run(&[
        "status",
        &primary,
        "--user",
        &user,
        "--password-env",
        PRIMARY_ENV,
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Needs attention: inactive"), "{stdout}");
    let restarted = {
        let _in_runtime = env.rt.enter();
        env.pair.as_mut().unwrap().secondary.start_link()
    };
    assert!(restarted);

    let out = env.run(&[
        "detach",
        &secondary,
        "--user",
        &env.sc.user,
        "--password-env",
        SECONDARY_ENV,
        "--pin-sha256",
        &secondary_sha,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let section = env
        .pair()
        .secondary
        .sim()
        .state()
        .master_srv_section()
        .unwrap();
    assert_eq!(
        section.get_bool("KLSRV_MASTER_SRV_USE"),
        Some(false),
        "{section:?}"
    );
}

/// The join file on the command line: exported from the primary, shown, and imported on the
/// secondary only with the fingerprint its administrator confirmed.
#[test]
fn join_file_export_show_and_import_with_the_confirmed_fingerprint() {
    let env = Env::start();
    let primary = format!("127.0.0.1:{}", env.pc.api_port);
    let secondary = format!("127.0.0.1:{}", env.sc.api_port);
    let sha = |p: &Path| {
        ksc_link::cert::load_certificate_file(p)
            .unwrap()
            .sha256_colon()
    };
    let (primary_sha, secondary_sha) = (sha(&env.pc.cert_path), sha(&env.sc.cert_path));
    let file = env.dir.path().join("ksc-join.toml");
    let ssl = env.pc.ssl_port.to_string();
    let out = env.run(&[
        "join-file",
        "export",
        &primary,
        "--user",
        &env.pc.user,
        "--password-env",
        PRIMARY_ENV,
        "--pin-sha256",
        &primary_sha,
        "--out",
        file.to_str().unwrap(),
        "--ssl-port",
        &ssl,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = env.run(&["join-file", "show", file.to_str().unwrap(), "--json"]);
    let shown = json(&out);
    assert_eq!(shown["certificate_sha256"], primary_sha.as_str());
    assert_eq!(shown["ssl_port"], env.pc.ssl_port);

    let before = env.pair().secondary.sim().state().master_srv_section();
    let import = |confirm: &str| {
        env.run(&[
            "join-file",
            "import",
            file.to_str().unwrap(),
            &secondary,
            "--user",
            &env.sc.user,
            "--password-env",
            SECONDARY_ENV,
            "--pin-sha256",
            &secondary_sha,
            "--confirm-sha256",
            confirm,
        ])
    };
    let out = import(&secondary_sha);
    assert_eq!(
        out.status.code(),
        Some(3),
        "another fingerprint than the file's"
    );
    assert_eq!(
        env.pair().secondary.sim().state().master_srv_section(),
        before
    );
    let out = import(&primary_sha);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let section = env
        .pair()
        .secondary
        .sim()
        .state()
        .master_srv_section()
        .unwrap();
    assert_eq!(section.get_bool("KLSRV_MASTER_SRV_USE"), Some(true));
    assert_eq!(section.get_str("KLSRV_MASTER_SRV_ADDR"), Some("127.0.0.1"));
}

/// The two-admin flow by script, from one plan: the primary's admin registers only, the
/// secondary's admin runs `set-primary`, and the secondary connects.
#[test]
fn register_only_then_set_primary_from_the_same_plan_becomes_active() {
    let env = Env::start();
    let plan = env.plan("Two admins");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "display_name = \"Two admins\"\n",
        "display_name = \"Two admins\"\nregister_only = true\n",
    );
    std::fs::write(&plan, text).unwrap();
    let out = env.run(&["add-secondary", "--plan", plan.to_str().unwrap(), "--json"]);
    let result = json(&out);
    assert_eq!(result["result"], "done", "{result}");
    assert_eq!(result["status"], "Inactive");
    assert!(!result["secondary_steps"].as_array().unwrap().is_empty());

    let section_before = env.pair().secondary.sim().state().master_srv_section();
    let out = env.run(&["set-primary", "--plan", plan.to_str().unwrap(), "--dry-run"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("KLSRV_MASTER_SRV_USE"));
    assert_eq!(
        env.pair().secondary.sim().state().master_srv_section(),
        section_before
    );

    let out = env.run(&["set-primary", "--plan", plan.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.assert_no_password(&out);
    let deadline = std::time::Instant::now() + crate::common::DEADLINE;
    loop {
        let active = env
            .pair()
            .primary
            .sim()
            .state()
            .secondaries()
            .iter()
            .any(|s| s.display_name == "Two admins" && s.status == 1);
        if active {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the secondary never connected"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// `autotask check` against the simulated primary and Autotask tenant: every automatic check
/// holds; a wrong secret is reported with what to do, and the exit code says so.
#[test]
fn autotask_check_runs_the_prerequisites_from_the_command_line() {
    let servers = crate::gui_support::servers::Servers::start();
    let [pc, _] = servers.pair().cards();
    let at = servers.at();
    let primary = format!("127.0.0.1:{}", pc.api_port);
    let pin = ksc_link::tls::Pin::of_der(at.cert_der()).colon_hex();
    let run = |secret: &str| {
        Command::new(env!("CARGO_BIN_EXE_ksc-link"))
            .args([
                "--lang", "en", "autotask", "check", &primary, "--user", &pc.user,
            ])
            .args(["--password-env", PRIMARY_ENV, "--pin-sha256", &pc.sha256])
            .args([
                "--autotask-user",
                at.user(),
                "--discovery-url",
                &at.base_url(),
            ])
            .args(["--autotask-pin-sha256", &pin])
            .args([
                "--autotask-secret-env",
                "AT_SECRET",
                "--integration-code-env",
                "AT_CODE",
                "--json",
            ])
            .env(PRIMARY_ENV, &pc.password)
            .env("AT_SECRET", secret)
            .env("AT_CODE", at.integration_code().expose())
            .env("KSC_LINK_LOG_DIR", servers.dir.path().join("logs"))
            .output()
            .unwrap()
    };
    let out = run(at.secret().expose());
    let result = json(&out);
    assert_eq!(out.status.code(), Some(0), "{result}");
    let checks = result["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 8);
    assert!(
        checks
            .iter()
            .all(|c| c["state"] == "ok" || c["state"] == "confirm-by-hand"),
        "{result}"
    );
    let out = run("not the secret");
    let result = json(&out);
    assert_eq!(out.status.code(), Some(1), "{result}");
    let problem = result["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["state"] == "problem")
        .unwrap();
    assert!(
        !problem["what_to_do"].as_str().unwrap().is_empty(),
        "{problem}"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("not the secret"));
}

/// The schema holds the commands to something: objects that break it are refused.
#[test]
fn the_documented_schema_refuses_what_it_does_not_describe() {
    let schema = schema();
    for bad in [
        serde_json::json!({ "result": "done", "exit_code": 0 }),
        serde_json::json!({ "result": "error", "exit_code": 0, "error": "x" }),
        serde_json::json!({ "result": "later", "exit_code": 0 }),
        serde_json::json!({ "result": "connected", "exit_code": 0, "server": "h", "sha256": "ab", "product_version": "15" }),
    ] {
        assert!(!schema.is_valid(&bad), "{bad}");
    }
}

/// The mapping from the command line: suggestions accepted, exported, edited and imported,
/// kept in the settings as the mapping page keeps it.
#[test]
fn autotask_mapping_suggest_export_and_import() {
    let servers = crate::gui_support::servers::Servers::start();
    let [pc, _] = servers.pair().cards();
    let at = servers.at();
    let primary = format!("127.0.0.1:{}", pc.api_port);
    let pin = ksc_link::tls::Pin::of_der(at.cert_der()).colon_hex();
    let config = servers.dir.path().join("config");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ksc-link"))
            .args(["--lang", "en", "autotask", "mapping"])
            .args(extra)
            .args([&primary, "--user", &pc.user])
            .args(["--password-env", PRIMARY_ENV, "--pin-sha256", &pc.sha256])
            .args([
                "--autotask-user",
                at.user(),
                "--discovery-url",
                &at.base_url(),
            ])
            .args(["--autotask-pin-sha256", &pin])
            .args([
                "--autotask-secret-env",
                "AT_SECRET",
                "--integration-code-env",
                "AT_CODE",
                "--json",
            ])
            .env(PRIMARY_ENV, &pc.password)
            .env("AT_SECRET", at.secret().expose())
            .env("AT_CODE", at.integration_code().expose())
            .env("KSC_LINK_CONFIG_DIR", &config)
            .env("KSC_LINK_LOG_DIR", servers.dir.path().join("logs"))
            .output()
            .unwrap()
    };
    let out = run(&["suggest", "--accept"]);
    let result = json(&out);
    assert_eq!(out.status.code(), Some(0), "{result}");
    let suggested = result["suggestions"].as_array().unwrap().len();
    assert!(suggested >= 3, "{result}");
    assert_eq!(result["mapped"], suggested);

    let csv = servers.dir.path().join("mapping.csv");
    let out = run(&["export", "--out", csv.to_str().unwrap()]);
    assert_eq!(json(&out)["mapped"], suggested);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("vserver_uid,vserver_name,company_id,company_name"),
        "{text}"
    );

    // An edit with an unknown company: refused row by row, nothing applied.
    let bad = servers.dir.path().join("bad.csv");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    cells[2] = "999999".into();
    lines[1] = cells.join(",");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let out = run(&["import", "--file", bad.to_str().unwrap()]);
    let result = json(&out);
    assert_eq!(out.status.code(), Some(2), "{result}");
    assert!(
        result["error"]
            .as_str()
            .unwrap()
            .contains(&format!("{}:2:", bad.display())),
        "{result}"
    );
    let out = run(&["import", "--file", csv.to_str().unwrap()]);
    assert_eq!(json(&out)["mapped"], suggested);
}

/// A service account with two-step verification signs in unattended: its TOTP secret is in
/// the keyring (`ksc-link secret set --totp`), and the code is made from it.
#[test]
fn a_service_accounts_totp_secret_in_the_keyring_signs_in_without_a_prompt() {
    use std::io::Write;
    use std::process::Stdio;
    if !crate::gui_support::keyring_usable() {
        return;
    }
    let env = Env::start();
    let (user, password, secret) = env.pair().primary.sim().state().read(|d| {
        let u = d.users.iter().find(|u| u.name == "twofa").unwrap();
        (
            u.name.clone(),
            u.password.clone(),
            u.totp_secret.clone().unwrap(),
        )
    });
    let primary = format!("127.0.0.1:{}", env.pc.api_port);
    let primary_sha = ksc_link::cert::load_certificate_file(&env.pc.cert_path)
        .unwrap()
        .sha256_colon();
    let connect = || {
        Command::new(env!("CARGO_BIN_EXE_ksc-link"))
            .args(["--lang", "en", "connect", &primary, "--user", &user])
            .args([
                "--password-env",
                "TWOFA_PASSWORD",
                "--pin-sha256",
                &primary_sha,
                "--json",
            ])
            .env("TWOFA_PASSWORD", &password)
            .env("KSC_LINK_CONFIG_DIR", env.dir.path().join("config"))
            .env("KSC_LINK_LOG_DIR", env.dir.path().join("logs"))
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    // No code and no terminal: refused, saying how to give one.
    let out = connect();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("--totp-code"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args([
            "--lang", "en", "secret", "set", "--totp", "--server", &primary, "--user", &user,
        ])
        .env("KSC_LINK_LOG_DIR", env.dir.path().join("logs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{secret}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = connect();
    let _ = ksc_link::secrets::delete_blocking(&ksc_link::secrets::SecretKey::ksc_totp(
        "127.0.0.1",
        env.pc.api_port,
        &user,
    ));
    let result = json(&out);
    assert_eq!(result["result"], "connected", "{result}");
    for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(!String::from_utf8_lossy(bytes).contains(&secret), "{what}");
    }
}

/// The pre-flight check stops a run that would build a loop or talk to the wrong server before
/// anything is written, and says which check and why.
#[test]
fn the_pre_flight_check_stops_a_loop_and_a_wrong_primary_port_before_writing() {
    let env = Env::start();
    let plan = env.plan("Pre-flight");
    // The secondary's SSL port given as the primary's: the secondary would dial itself.
    let text = std::fs::read_to_string(&plan).unwrap();
    let wrong = plan.with_file_name("wrong-port.toml");
    std::fs::write(
        &wrong,
        text.replace(
            &format!("primary_ssl_port = {}", env.pc.ssl_port),
            &format!("primary_ssl_port = {}", env.sc.ssl_port),
        ),
    )
    .unwrap();
    let out = env.run(&["add-secondary", "--plan", wrong.to_str().unwrap(), "--json"]);
    let result = json(&out);
    assert_eq!(out.status.code(), Some(1), "{result}");
    let failed: Vec<_> = result["preflight"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["verdict"] == "error")
        .collect();
    assert_eq!(failed.len(), 1, "{result}");
    assert_eq!(failed[0]["check"], "Who dials whom");
    assert!(env.registrations().is_empty(), "nothing written");

    // The primary is secondary of this secondary already: a loop.
    let secondary_der = env.pair().secondary.sim().cert_der().to_vec();
    let host = env.rt.block_on(async {
        let c = ksc_link::kloapi::KscClient::new(env.pc.connect_options().unwrap()).unwrap();
        c.login(&env.pc.credentials()).await.unwrap();
        let host = c.host_group().server_hostname().await.unwrap();
        let section = ksc_link::kloapi::MasterSrvSection {
            use_master: true,
            address: Some("127.0.0.1".into()),
            ports: vec![i32::from(env.sc.ssl_port)],
            ssl_cert: Some(secondary_der),
            ..Default::default()
        };
        c.host_group()
            .write_master_srv(&host, ksc_link::kloapi::SsWriteMode::Clear, &section)
            .await
            .unwrap();
        host
    });
    assert!(!host.is_empty());
    let out = env.run(&["add-secondary", "--plan", plan.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("The pre-flight check found errors"),
        "{stderr}"
    );
    assert!(stderr.contains("loop"), "{stderr}");
    assert!(env.registrations().is_empty(), "nothing written");
}

/// `ksc-link secondary`: rename, move, re-key a reinstalled secondary (only with the confirmed
/// fingerprint), and remove it on both sides, each printing its plan first and a JSON object of
/// the documented schema.
#[test]
fn secondary_commands_rename_move_rekey_and_remove() {
    let mut env = Env::start();
    let plan = env.plan("Branch");
    let out = env.run(&["add-secondary", "--plan", plan.to_str().unwrap(), "--json"]);
    let id = json(&out)["secondary_id"].as_i64().unwrap().to_string();
    let primary = format!("127.0.0.1:{}", env.pc.api_port);
    let primary_sha = ksc_link::cert::load_certificate_file(&env.pc.cert_path)
        .unwrap()
        .sha256_colon();
    let user = env.pc.user.clone();
    let base = [
        primary.as_str(),
        "--user",
        user.as_str(),
        "--password-env",
        PRIMARY_ENV,
        "--pin-sha256",
        primary_sha.as_str(),
        "--id",
    ];
    let with = |cmd: &str, extra: &[&str]| -> Vec<String> {
        let mut v = vec!["secondary".to_string(), cmd.to_string()];
        v.extend(base.iter().map(|s| s.to_string()));
        v.push(id.clone());
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let run = |env: &Env, args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        env.run(&refs)
    };

    // Rename: the plan, then the change.
    let out = run(&env, with("rename", &["--name", "Berlin office"]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Will write:"), "{stdout}");
    assert!(stdout.contains("Branch → Berlin office"), "{stdout}");
    assert_eq!(env.registrations(), ["Berlin office"]);
    env.assert_no_password(&out);

    // Move, as JSON.
    let out = run(&env, with("move", &["--group", "/Servers", "--json"]));
    let result = json(&out);
    assert_eq!(result["result"], "changed", "{result}");
    let servers = env.pair().primary.sim().state().read(|d| {
        d.groups
            .values()
            .find(|g| g.name == "Servers")
            .map(|g| g.id)
            .unwrap()
    });
    assert_eq!(
        env.pair().primary.sim().state().secondaries()[0].group_id,
        servers
    );
    // A group that does not exist: bad input, nothing written.
    let out = run(&env, with("move", &["--group", "/Nowhere"]));
    assert_eq!(out.status.code(), Some(2));

    // The secondary is reinstalled; re-keying needs the new fingerprint confirmed.
    let (new_cert, identity, _) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 397).unwrap();
    let rt = &env.rt;
    rt.block_on(env.pair.as_mut().unwrap().secondary.reinstall(identity))
        .unwrap();
    let fetch = format!("127.0.0.1:{}", env.sc.ssl_port);
    let out = run(
        &env,
        with("rekey", &["--fetch", &fetch, "--dry-run", "--json"]),
    );
    let result = json(&out);
    assert_eq!(result["result"], "planned", "{result}");
    assert!(result.to_string().contains(&new_cert.sha256_colon()));
    let out = run(&env, with("rekey", &["--fetch", "127.0.0.1"]));
    assert_eq!(
        out.status.code(),
        Some(2),
        "an address without its SSL port is bad input"
    );
    let out = run(&env, with("rekey", &["--fetch", &fetch]));
    assert_eq!(out.status.code(), Some(2), "no confirmation, no change");
    assert!(String::from_utf8_lossy(&out.stderr).contains(&new_cert.sha256_colon()));
    let out = run(
        &env,
        with(
            "rekey",
            &[
                "--fetch",
                &fetch,
                "--confirm-sha256",
                &new_cert.sha256_colon(),
                "--json",
            ],
        ),
    );
    let result = json(&out);
    assert_eq!(result["result"], "rekeyed", "{result}");
    let registered = env.pair().primary.sim().state().secondaries();
    assert_eq!(registered.len(), 1);
    assert_eq!(registered[0].display_name, "Berlin office");
    assert_eq!(registered[0].group_id, servers);
    assert_eq!(
        registered[0].certificate_der().as_deref(),
        Some(&new_cert.der[..])
    );

    // Remove on both sides, through the primary's gateway, once the secondary is Active again.
    let new_id = registered[0].id;
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while env
        .pair()
        .primary
        .sim()
        .state()
        .secondary(new_id)
        .unwrap()
        .status
        != 1
    {
        assert!(
            std::time::Instant::now() < end,
            "Active again after the re-key"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let id = new_id.to_string();
    let mut args = vec!["secondary".to_string(), "remove".to_string()];
    args.extend(base.iter().map(|s| s.to_string()));
    args.push(id);
    args.push("--json".into());
    let out = run(&env, args);
    let result = json(&out);
    assert_eq!(result["result"], "removed", "{result}");
    assert!(env.registrations().is_empty());
    let section = env
        .pair()
        .secondary
        .sim()
        .state()
        .master_srv_section()
        .unwrap();
    assert_eq!(
        section
            .get(ksc_link::wire::master_srv::USE)
            .and_then(|v| v.as_bool()),
        Some(false),
        "{section:?}"
    );
}
