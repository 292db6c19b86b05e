//! Real parts for the app's integration tests: moto_server on loopback.
//! A missing moto is a failure, never a skip: a green run must mean the real thing ran.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Poll until something listens on `port`, or panic with `what` after `timeout`.
pub fn wait_for_port(port: u16, timeout: Duration, what: &str, child: &mut Child) {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited early with {status}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{what} did not listen on 127.0.0.1:{port} within {timeout:?}");
}

fn moto_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("MOTO_SERVER") {
        return PathBuf::from(p);
    }
    let venv = repo_root().join(".venv/bin/moto_server");
    if venv.exists() {
        return venv;
    }
    panic!(
        "moto_server not found: run `make test` (it installs moto into .venv), or set MOTO_SERVER. \
         These tests need a real EC2 emulator and do not skip."
    );
}

/// A moto_server child process on a free loopback port, killed on drop.
pub struct Moto {
    child: Child,
    pub port: u16,
    pub endpoint: String,
}

impl Moto {
    pub fn start() -> Moto {
        Moto::start_with(&[])
    }

    /// `INITIAL_NO_AUTH_ACTION_COUNT=0` makes moto check credentials like AWS does,
    /// so unknown keys get a real `AuthFailure`.
    pub fn start_enforcing_auth() -> Moto {
        Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")])
    }

    fn start_with(env: &[(&str, &str)]) -> Moto {
        let port = free_port();
        let mut cmd = Command::new(moto_binary());
        cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()]).stdout(Stdio::null()).stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("could not start moto_server: {e}"));
        wait_for_port(port, Duration::from_secs(60), "moto_server", &mut child);
        Moto { child, port, endpoint: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An SDK client with moto's test credentials, for arranging test data.
pub async fn ec2(endpoint: &str, region: &str) -> aws_sdk_ec2::Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.to_string()))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_ec2::config::Credentials::new("test", "test", None, None, "tests"))
        .load()
        .await;
    aws_sdk_ec2::Client::new(&config)
}

/// Point the process's default credential chain at moto's test credentials and
/// away from the developer's own ~/.aws files.
pub fn isolate_aws_env() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let dir = std::env::temp_dir().join(format!("amikey-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (k, v) in [
            ("AWS_ACCESS_KEY_ID", "test".to_string()),
            ("AWS_SECRET_ACCESS_KEY", "test".to_string()),
            ("AWS_CONFIG_FILE", dir.join("config").display().to_string()),
            ("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials").display().to_string()),
            ("AMIKEY_DATA_DIR", dir.join("data").display().to_string()),
        ] {
            std::env::set_var(k, v);
        }
        for k in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION"] {
            std::env::remove_var(k);
        }
    });
}
