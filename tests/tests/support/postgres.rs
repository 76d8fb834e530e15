//! A throwaway PostgreSQL server for a test: `initdb` on a temporary directory, `pg_ctl`
//! starting it on a free port of 127.0.0.1 (its Unix socket inside that directory, trust
//! authentication), stopped (`-m immediate`) and removed on drop. A test can stop and start
//! it again ([`Postgres::stop`], [`Postgres::start_again`]) to see a store go down and come
//! back.
//!
//! The binaries are found on PATH or in Debian's `/usr/lib/postgresql/<version>/bin`.
//! `initdb` refuses to run as root: as root, the directory is given to the `postgres` user
//! (made by Debian's package) and the server's commands run as it (`runuser`).
//!
//! Without PostgreSQL, [`start`] says so on stderr, with how to install it, and the test
//! passes; under `CI=true` it fails instead.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const INSTALL: &str = "install it with `apt-get install -y postgresql` (Debian), \
     or put PostgreSQL's `initdb` and `pg_ctl` on PATH";

/// How long `pg_ctl` waits for the server to start or stop, in seconds.
const WAIT_SECONDS: &str = "30";

/// A PostgreSQL server of one test, on 127.0.0.1.
pub struct Postgres {
    /// The temporary directory: `data/`, the server's log and its Unix socket.
    dir: PathBuf,
    /// The directory of `initdb`, `pg_ctl`, `postgres` and `psql`.
    bin: PathBuf,
    pub port: u16,
    /// Whether the server's commands run as the `postgres` user (the tests run as root).
    as_postgres: bool,
}

/// A new server for the test named `test`, running; `None` when PostgreSQL is not installed
/// (the test is then skipped, with a message; under `CI=true` it fails).
pub fn start(test: &str) -> Option<Postgres> {
    let Some(bin) = binaries() else {
        let why = format!("PostgreSQL (`initdb`, `pg_ctl`) not found; {INSTALL}");
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the PostgreSQL tests cannot run under CI=true: {why}"
        );
        // Straight to the process's stderr: the test harness would swallow `eprintln!`.
        let _ = writeln!(
            std::io::stderr().lock(),
            "\nPostgreSQL test SKIPPED ({test}): {why}\n"
        );
        return None;
    };
    Some(Postgres::init(bin))
}

/// The directory holding `initdb` and `pg_ctl` (symbolic links followed, so that `psql`
/// and `postgres` are beside them): PATH first, then Debian's newest version.
fn binaries() -> Option<PathBuf> {
    let both = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|dir| both(dir));
    if let Some(dir) = on_path {
        let initdb = std::fs::canonicalize(dir.join("initdb")).ok()?;
        return initdb.parent().map(Path::to_path_buf);
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin)| both(bin))
        .collect();
    debian.sort();
    debian.pop().map(|(_, bin)| bin)
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

impl Postgres {
    fn init(bin: PathBuf) -> Postgres {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("versionary-pg-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        // `id -u` says whether the tests run as root.
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
        let mut server = Postgres {
            dir,
            bin,
            port: 0,
            as_postgres: root,
        };
        if root {
            let chown = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&server.dir)
                .status();
            assert!(
                chown.is_ok_and(|s| s.success()),
                "as root, the server runs as the `postgres` user, which Debian's package makes; {INSTALL}"
            );
        }
        let data = server.dir.join("data");
        server.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "--auth=trust".as_ref(),
                "--no-sync".as_ref(),
                "--encoding=UTF8".as_ref(),
                "--locale=C".as_ref(),
            ],
        );
        // A free port may be taken between looking and binding: try a few.
        for _ in 0..3 {
            server.port = free_port();
            if server.try_start() {
                return server;
            }
        }
        let log = std::fs::read_to_string(server.dir.join("log")).unwrap_or_default();
        panic!("the PostgreSQL server did not start: {log}");
    }

    /// Runs `program` of the server's binaries (as `postgres` when root): whether it worked.
    fn command(&self, program: &str, args: &[&std::ffi::OsStr]) -> (bool, String) {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            // Debian's `runuser` is in /usr/sbin, which a root's PATH may lack.
            let runuser = Path::new("/usr/sbin/runuser");
            let mut command = Command::new(if runuser.is_file() {
                runuser.as_os_str()
            } else {
                "runuser".as_ref()
            });
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        };
        let output = command
            .args(args)
            .current_dir(&self.dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.success(), text)
    }

    fn run(&self, program: &str, args: &[&std::ffi::OsStr]) {
        let (worked, text) = self.command(program, args);
        assert!(worked, "{program} failed: {text}");
    }

    fn try_start(&self) -> bool {
        let options = format!(
            "-h 127.0.0.1 -p {} -k {} -c shared_buffers=16MB -c max_connections=40",
            self.port,
            self.dir.display()
        );
        let data = self.dir.join("data");
        let log = self.dir.join("log");
        let args: [&std::ffi::OsStr; 10] = [
            "-D".as_ref(),
            data.as_os_str(),
            "-l".as_ref(),
            log.as_os_str(),
            "-w".as_ref(),
            "-t".as_ref(),
            WAIT_SECONDS.as_ref(),
            "-o".as_ref(),
            options.as_ref(),
            "start".as_ref(),
        ];
        self.command("pg_ctl", &args).0
    }

    /// Starts the server again (after [`Postgres::stop`]), on the same port and data.
    pub fn start_again(&self) {
        assert!(
            self.try_start(),
            "the PostgreSQL server did not start again"
        );
    }

    /// Stops the server: its connections are cut (`-m fast` ends every session at once;
    /// unlike `-m immediate`, it leaves no crash recovery, which takes seconds, to the
    /// next start).
    pub fn stop(&self) {
        let data = self.dir.join("data");
        self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-w".as_ref(),
                "-t".as_ref(),
                WAIT_SECONDS.as_ref(),
                "-m".as_ref(),
                "fast".as_ref(),
                "stop".as_ref(),
            ],
        );
    }

    /// The connection parameters of the `postgres` database, as the superuser.
    pub fn params(&self) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname=postgres",
            self.port
        )
    }

    /// A new empty schema named `name`: connection parameters whose tables live in it.
    pub fn schema(&self, name: &str) -> String {
        self.sql(&format!("CREATE SCHEMA {name}"));
        format!("{} options='-c search_path={name}'", self.params())
    }

    /// Runs `statement` with `psql`: its output, unaligned, without headers.
    pub fn sql(&self, statement: &str) -> String {
        let port = self.port.to_string();
        let output = Command::new(self.bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "postgres",
                "-d",
                "postgres",
            ])
            .args(["-X", "-v", "ON_ERROR_STOP=1", "-At", "-c", statement])
            .output()
            .unwrap_or_else(|e| panic!("cannot run psql: {e}"));
        assert!(
            output.status.success(),
            "psql failed on `{statement}`: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        // Already stopped by the test, maybe: nothing to report.
        let _ = self.command(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "stop".as_ref(),
            ],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
