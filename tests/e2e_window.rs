//! End to end: the real Amikey window, driven through tauri-driver + WebKitWebDriver
//! under a real X display, against moto_server. Needs DISPLAY (make test starts Xvfb)
//! and tauri-driver; a missing part fails the test, it never skips.
//! With AMIKEY_SCREENSHOT_DIR set, a PNG of each page is written there (make screenshot).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_ec2::types::KeyType;
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use support::{ec2, free_port, wait_for_port, Moto};

fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let p = home.join("bin/tauri-driver");
    assert!(p.exists(), "tauri-driver not found at {}: run `make test` (it installs it)", p.display());
    p
}

/// tauri-driver (which starts WebKitWebDriver, which starts the app) plus a session.
struct Window {
    driver: Child,
    client: Option<Client>,
}

impl Window {
    async fn launch(aws_dir: &Path, data_dir: &Path) -> Window {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "DISPLAY is not set: the window tests need an X server (make test starts Xvfb)"
        );
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // The app's working directory: a file dialog opens here, never in the repo.
            .current_dir(aws_dir);
        for (k, _) in std::env::vars() {
            if k.starts_with("AWS_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("AWS_CONFIG_FILE", aws_dir.join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", aws_dir.join("credentials"))
            // No instance metadata service here: do not wait for it in the credential chain.
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AMIKEY_DATA_DIR", data_dir)
            // "Save for SSH" writes to ~/.ssh: the test's, not the user's.
            .env("HOME", aws_dir);
        let mut driver = cmd.spawn().expect("start tauri-driver");
        wait_for_port(port, Duration::from_secs(20), "tauri-driver", &mut driver);

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": env!("CARGO_BIN_EXE_amikey") }),
        );
        let client = ClientBuilder::rustls()
            .unwrap()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("WebDriver session with the Amikey window");
        Window { driver, client: Some(client) }
    }

    /// The window for a brand-new user: AWS config files exist but hold no
    /// credentials, so Amikey starts in practice mode. Data lives under `dir`.
    async fn practice(dir: &Path) -> Window {
        std::fs::write(dir.join("config"), "").unwrap();
        std::fs::write(dir.join("credentials"), "").unwrap();
        Window::launch(dir, &dir.join("data")).await
    }

    /// Opens an AMI's detail from the catalogue list (by its name cell: the rest of
    /// the row may sit under the detail panel).
    async fn open_image(&self, name: &str) {
        self.click(&format!("[data-testid=image-row][data-name='{name}'] .image-name")).await;
        self.wait("[data-testid=image-detail]").await;
    }

    fn c(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    /// Poll for a CSS selector: the page and its IPC calls are asynchronous.
    async fn wait(&self, css: &str) -> Element {
        eprintln!("e2e: waiting for {css}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(e) = self.c().find(Locator::Css(css)).await {
                return e;
            }
            if Instant::now() > deadline {
                let html = self.c().source().await.unwrap_or_default();
                panic!("`{css}` did not appear within 30 s. Page:\n{html}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Waits for the element, scrolls it to the middle of its scroll container (the
    /// AMI list and side panel scroll on their own), then clicks it.
    async fn click(&self, css: &str) {
        let e = self.wait(css).await;
        let arg = serde_json::to_value(&e).unwrap();
        self.c().execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg]).await.unwrap();
        e.click().await.unwrap();
    }

    /// Waits until the element's text contains `needle` (for states that change over time).
    async fn wait_text(&self, css: &str, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(45);
        loop {
            let text = match self.c().find(Locator::Css(css)).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return;
            }
            assert!(Instant::now() < deadline, "`{css}` never said \"{needle}\" (last: {text:?})");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }

    async fn gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.c().find(Locator::Css(css)).await.is_ok() {
            assert!(Instant::now() < deadline, "`{css}` is still shown");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    async fn select(&self, testid: &str, value: &str) {
        self.wait(&format!("[data-testid={testid}] option[value='{value}']:not([disabled])")).await;
        self.c().find(Locator::Css(&format!("[data-testid={testid}]"))).await.unwrap().select_by_value(value).await.unwrap();
    }

    async fn shot(&self, name: &str) {
        let Some(dir) = std::env::var_os("AMIKEY_SCREENSHOT_DIR") else { return };
        eprintln!("e2e: screenshot {name}");
        tokio::time::sleep(Duration::from_millis(400)).await; // let the last frame paint
        let png = self.c().screenshot().await.unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }

    async fn close(mut self) {
        if let Some(c) = self.client.take() {
            let _ = c.close().await;
        }
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn write_aws_files(dir: &Path, moto: &Moto, locked: &Moto) {
    std::fs::write(
        dir.join("config"),
        format!(
            "[default]\nregion = us-east-1\nendpoint_url = {}\n\n\
             [profile locked]\nregion = us-east-1\nendpoint_url = {}\n\n\
             [profile nocreds]\nregion = eu-west-1\n",
            moto.endpoint, locked.endpoint
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("credentials"),
        "[default]\naws_access_key_id = test\naws_secret_access_key = test\n\n\
         [locked]\naws_access_key_id = AKIANOTKNOWNTOMOTO00\naws_secret_access_key = wrong\n",
    )
    .unwrap();
}

/// One window at a time: both tests share the X display.
static ONE_WINDOW: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_window() -> std::sync::MutexGuard<'static, ()> {
    ONE_WINDOW.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[tokio::test(flavor = "multi_thread")]
async fn key_pairs_page_in_the_real_window() {
    let _one = one_window();
    let moto = Moto::start();
    let locked = Moto::start_enforcing_auth();
    for (region, name, kt) in [("us-east-1", "e2e-east", KeyType::Ed25519), ("eu-west-1", "e2e-west", KeyType::Rsa)] {
        ec2(&moto.endpoint, region).await.create_key_pair().key_name(name).key_type(kt).send().await.unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    write_aws_files(tmp.path(), &moto, &locked);
    let w = Window::launch(tmp.path(), &tmp.path().join("data")).await;

    // The default profile's region (us-east-1) is listed first.
    let row = w.wait("[data-testid=key-pair-row][data-name=e2e-east]").await;
    let text = row.text().await.unwrap();
    assert!(text.contains("ED25519") && text.contains("key-"), "{text}");
    let badge = w.wait("[data-testid=mode-badge]").await.text().await.unwrap();
    assert!(badge.contains("123456789012"), "mode badge shows the account: {badge}");
    assert!(w.c().find(Locator::Css("[data-name=e2e-west]")).await.is_err());
    w.shot("key-pairs").await;

    // Switching region changes the list.
    w.select("region-picker", "eu-west-1").await;
    w.wait("[data-testid=key-pair-row][data-name=e2e-west]").await;
    w.gone("[data-name=e2e-east]").await;

    // All regions: both, with a region column.
    w.select("region-picker", "__all__").await;
    w.wait("[data-name=e2e-east]").await;
    w.wait("[data-name=e2e-west]").await;
    let headers = w.c().find(Locator::Css("[data-testid=key-pairs-table] thead")).await.unwrap().text().await.unwrap();
    assert!(headers.to_lowercase().contains("region"), "{headers}");
    w.shot("key-pairs-all-regions").await;

    for page in ["amis", "learn", "settings"] {
        w.c().find(Locator::Css(&format!("[data-testid=nav-{page}]"))).await.unwrap().click().await.unwrap();
        w.wait(&format!("[data-testid=nav-{page}][aria-current=page]")).await;
        w.shot(page).await;
    }
    w.c().find(Locator::Css("[data-testid=nav-keys]")).await.unwrap().click().await.unwrap();

    // An error from AWS (moto checking credentials) shows the readable error state.
    w.select("profile-picker", "locked").await;
    let err = w.wait("[data-testid=error-state][data-code=auth_failed]").await;
    let msg = err.text().await.unwrap();
    assert!(msg.contains("did not accept") && msg.contains("aws configure --profile locked"), "{msg}");
    w.shot("error-auth-failed").await;

    // A profile without credentials gets the how-to-connect screen.
    w.select("profile-picker", "nocreds").await;
    let how = w.wait("[data-testid=no-credentials]").await.text().await.unwrap();
    assert!(how.contains("aws configure sso"), "{how}");
    w.shot("no-credentials").await;

    // Back to a working profile: the list comes back, and the choice is remembered.
    w.select("profile-picker", "__default__").await;
    w.wait("[data-name=e2e-east]").await;
    w.close().await;
    let prefs = std::fs::read_to_string(tmp.path().join("data/preferences.json")).unwrap();
    assert!(prefs.contains("us-east-1"), "{prefs}");
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_mode_when_there_are_no_credentials() {
    let _one = one_window();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let w = Window::practice(tmp.path()).await;

    let banner = w.wait("[data-testid=auto-practice]").await.text().await.unwrap();
    assert!(banner.contains("practice mode"), "{banner}");
    let badge = w.wait("[data-testid=mode-badge]").await.text().await.unwrap();
    assert!(badge.contains("Practice mode") && badge.contains("nothing touches AWS"), "{badge}");
    // The seeded practice world: example key pairs in us-east-1...
    w.wait("[data-testid=key-pair-row][data-name=web-servers]").await;
    w.wait("[data-testid=key-pair-row][data-name=legacy-deploy]").await;
    w.shot("practice-key-pairs").await;
    let lost = w.wait("[data-name=legacy-deploy] [data-testid=local-status]").await.text().await.unwrap();
    assert!(lost.contains("Not on this machine"), "{lost}");
    // ...used by a seeded server: connecting explains that nobody here has the key.
    let count = w.wait("[data-name=web-servers] [data-testid=instance-count]").await.text().await.unwrap();
    assert_eq!(count.trim(), "1 instance");
    w.wait("[data-name=web-servers] [data-testid=ssh-key]").await.click().await.unwrap();
    let advice = w.wait("[data-testid=ssh-item] .warn-text").await.text().await.unwrap();
    assert!(advice.contains("not on this machine"), "{advice}");
    let user = w.wait("[data-testid=ssh-item]").await.text().await.unwrap();
    assert!(user.contains("User ubuntu"), "{user}");
    w.shot("practice-connect-lost-key").await;

    // Create a key the safe way: it lands in the keychain ("In vault").
    w.wait("[data-testid=create-key]").await.click().await.unwrap();
    w.wait("[data-testid=key-name]").await.send_keys("e2e-vault-key").await.unwrap();
    w.wait("[data-testid=create-key-submit]:not([disabled])").await.click().await.unwrap();
    w.wait("[data-testid=create-result]").await;
    let status = w.wait("[data-name=e2e-vault-key] [data-testid=local-status]").await.text().await.unwrap();
    assert!(status.contains("In vault"), "{status}");
    w.shot("practice-key-created").await;

    // Export, the way ssh wants it: ~/.ssh/NAME, mode 0600, accepted by ssh-keygen.
    // (Export… opens a native GTK Save dialog; driving it with xdotool proved flaky
    // under Xvfb, so that path is covered in tests/vault.rs.)
    w.wait("[data-name=e2e-vault-key] [data-testid=export-key]").await;
    w.wait("[data-name=e2e-vault-key] [data-testid=save-key-ssh]").await.click().await.unwrap();
    let done = w.wait("[data-testid=export-done]").await.text().await.unwrap();
    let saved = tmp.path().join(".ssh").join("e2e-vault-key");
    assert!(done.contains(&saved.display().to_string()), "{done}");
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&saved).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let keygen = std::process::Command::new("ssh-keygen").arg("-y").arg("-f").arg(&saved).output().unwrap();
    assert!(keygen.status.success(), "ssh-keygen -y accepts the saved key");

    // Delete it on AWS and here; the confirmation says what is lost.
    w.wait("[data-name=e2e-vault-key] [data-testid=delete-key]").await.click().await.unwrap();
    w.wait("[data-testid=delete-local]:not([disabled])").await.click().await.unwrap();
    let loss = w.wait("[data-testid=delete-loss]").await.text().await.unwrap();
    assert!(loss.contains("only private key"), "{loss}");
    w.wait("[data-testid=confirm-delete]").await.click().await.unwrap();
    w.gone("[data-name=e2e-vault-key]").await;

    // Key pairs are regional in the practice world too.
    w.select("region-picker", "eu-west-1").await;
    w.gone("[data-name=legacy-deploy]").await;
    w.wait("[data-testid=key-pair-row][data-name=web-servers]").await;

    // ...and AWS-provided images.
    w.c().find(Locator::Css("[data-testid=nav-amis]")).await.unwrap().click().await.unwrap();
    w.wait("[data-testid=tab-amazon]").await.click().await.unwrap();
    let row = w.wait("[data-testid=image-row][data-name^=al2023-ami]").await.text().await.unwrap();
    assert!(row.contains("available"), "{row}");
    let badge = w.wait("[data-testid=image-row][data-name^=al2023-ami] [data-testid=trust-badge]").await;
    assert_eq!(badge.attr("data-level").await.unwrap().as_deref(), Some("aws"), "AWS-provided images carry the AWS badge");
    w.shot("practice-amis").await;

    // Settings: reset the practice world, after a confirmation.
    w.c().find(Locator::Css("[data-testid=nav-settings]")).await.unwrap().click().await.unwrap();
    w.wait("[data-testid=reset-practice]").await.click().await.unwrap();
    w.wait("[data-testid=confirm-reset]").await.click().await.unwrap();
    w.wait("[data-testid=reset-done]").await;
    w.shot("practice-settings").await;
    w.close().await;
    assert!(data.join("practice-world.json").exists(), "the practice world is saved in the data folder");
}

/// The whole production flow in practice mode, in the real window: launch an
/// instance from an AWS-provided AMI with a vault key, make an AMI from it through
/// the wizard, watch it reach available, launch from it, make a launch template,
/// then deregister it with its snapshots and see the snapshot list shrink.
#[tokio::test(flavor = "multi_thread")]
async fn golden_image_flow_in_practice_mode() {
    let _one = one_window();
    let tmp = tempfile::tempdir().unwrap();
    let w = Window::practice(tmp.path()).await;

    // A vault key to launch with.
    w.wait("[data-testid=key-pair-row][data-name=web-servers]").await;
    w.click("[data-testid=create-key]").await;
    w.wait("[data-testid=key-name]").await.send_keys("golden-key").await.unwrap();
    w.click("[data-testid=create-key-submit]:not([disabled])").await;
    w.wait("[data-name=golden-key] [data-testid=local-status]").await;

    // The golden-image lab follows along from here (its steps are checked live).
    w.click("[data-testid=nav-learn]").await;
    w.click("[data-testid=lab-golden-start]").await;
    w.wait("[data-testid=lab-golden] [data-testid=lab-step][data-done=true]").await;
    w.shot("practice-lab-in-progress").await;

    // 1. Launch from the AWS-provided Amazon Linux 2023 AMI.
    w.c().find(Locator::Css("[data-testid=nav-amis]")).await.unwrap().click().await.unwrap();
    w.click("[data-testid=tab-amazon]").await;
    let base = "al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64";
    w.open_image(base).await;
    w.click("[data-testid=launch-from-image]").await;
    w.wait("[data-testid=launch-panel]").await;
    w.select("launch-key", "golden-key").await;
    w.wait("[data-testid=launch-name]").await.send_keys("builder").await.unwrap();
    let ssh_from = w.wait("[data-testid=launch-ssh-from]").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    while ssh_from.prop("value").await.unwrap().unwrap_or_default().is_empty() {
        assert!(Instant::now() < deadline, "the SSH rule is not prefilled with my address");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(ssh_from.prop("value").await.unwrap().unwrap(), "192.0.2.44/32", "only my address, never 0.0.0.0/0");
    w.shot("practice-launch").await;
    w.click("[data-testid=launch-submit]:not([disabled])").await;
    let result = w.wait("[data-testid=launch-result]").await;
    let builder = result.attr("data-id").await.unwrap().expect("the launched instance's id");
    assert!(result.text().await.unwrap().contains(&builder), "the instance id is shown");
    w.wait_text("[data-testid=launch-state]", "running").await;

    // 2. The wizard: source, name, reboot, volumes, tags, review (CLI + DryRun), progress.
    w.click("[data-testid=create-image]").await;
    w.wait("[data-testid=image-wizard]").await;
    w.click(&format!("[data-testid=source-instance][data-id='{builder}']")).await;
    w.click("[data-testid=wizard-next]").await;
    w.wait("[data-testid=image-name]").await.send_keys("golden-web").await.unwrap();
    // A concept card opens beside the wizard and closes without losing what was typed.
    w.click("[data-testid=info-ami]").await;
    w.wait("[data-testid=concept-panel]").await;
    w.shot("practice-concept-in-wizard").await;
    w.click("[data-testid=concept-close]").await;
    w.gone("[data-testid=concept-panel]").await;
    assert_eq!(w.wait("[data-testid=image-name]").await.prop("value").await.unwrap().as_deref(), Some("golden-web"));
    for _ in 0..4 {
        w.click("[data-testid=wizard-next]:not([disabled])").await;
    }
    let cli = w.wait("[data-testid=image-cli]").await.text().await.unwrap();
    assert!(cli.contains("aws ec2 create-image") && cli.contains(&builder) && cli.contains("golden-web"), "{cli}");
    w.click("[data-testid=dry-run]").await;
    w.wait("[data-testid=dry-run-result]").await;
    w.shot("practice-wizard-review").await;
    w.click("[data-testid=wizard-create]").await;
    w.wait("[data-testid=image-progress]").await;
    w.wait_text("[data-testid=progress-state]", "available").await;
    w.shot("practice-wizard-available").await;
    w.click("[data-testid=wizard-close]").await;

    // 3. Launch identical servers from it; 4. a launch template for Auto Scaling.
    w.click("[data-testid=tab-mine]").await;
    w.open_image("golden-web").await;
    w.click("[data-testid=launch-from-image]").await;
    w.select("launch-key", "golden-key").await;
    w.click("[data-testid=launch-submit]:not([disabled])").await;
    w.wait("[data-testid=launch-result]").await;
    w.click("[data-testid=template-from-image]").await;
    w.wait("[data-testid=template-name]").await;
    w.click("[data-testid=template-submit]:not([disabled])").await;
    let template = w.wait("[data-testid=template-result]").await.text().await.unwrap();
    assert!(template.contains("lt-"), "{template}");

    // The lab saw every step happen.
    w.click("[data-testid=nav-learn]").await;
    w.wait("[data-testid=lab-golden]").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let steps = w.c().find_all(Locator::Css("[data-testid=lab-golden] [data-testid=lab-step]")).await.unwrap();
        let mut done = 0;
        for st in &steps {
            if st.attr("data-done").await.unwrap().as_deref() == Some("true") {
                done += 1;
            }
        }
        if done == steps.len() && done >= 5 {
            break;
        }
        assert!(Instant::now() < deadline, "the golden-image lab shows {done} of {} steps done", steps.len());
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    w.shot("practice-lab-done").await;
    w.click("[data-testid=nav-amis]").await;

    // 5. Retire it with its snapshots; the snapshot list shrinks.
    w.c().find(Locator::Css("[data-testid=nav-snapshots]")).await.unwrap().click().await.unwrap();
    w.wait("[data-testid=snapshot-row]").await;
    let before = w.c().find_all(Locator::Css("[data-testid=snapshot-row]")).await.unwrap().len();
    w.c().find(Locator::Css("[data-testid=nav-amis]")).await.unwrap().click().await.unwrap();
    w.click("[data-testid=tab-mine]").await;
    w.open_image("golden-web").await;
    w.click("[data-testid=deregister-image]").await;
    let preview = w.wait("[data-testid=deregister-deleted]").await.text().await.unwrap();
    assert!(preview.contains("snap-"), "{preview}");
    w.shot("practice-deregister").await;
    w.click("[data-testid=confirm-deregister]:not([disabled])").await;
    w.wait("[data-testid=deregister-result]").await;
    w.c().find(Locator::Css("[data-testid=nav-snapshots]")).await.unwrap().click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let now = w.c().find_all(Locator::Css("[data-testid=snapshot-row]")).await.unwrap().len();
        if now < before {
            break;
        }
        assert!(Instant::now() < deadline, "the snapshot list did not shrink ({before} → {now})");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    w.shot("practice-snapshots").await;
    w.close().await;
}

/// The health check in practice mode: the seeded mistakes are found; fixing the
/// world-open SSH rule (after a confirmation) makes that finding disappear.
#[tokio::test(flavor = "multi_thread")]
async fn health_check_finds_and_fixes_open_ssh_in_practice_mode() {
    let _one = one_window();
    let tmp = tempfile::tempdir().unwrap();
    let w = Window::practice(tmp.path()).await;
    w.wait("[data-testid=key-pair-row][data-name=web-servers]").await;
    w.wait("[data-testid=badge-health]").await;
    w.click("[data-testid=nav-health]").await;
    for rule in ["lost_key", "ssh_open_to_world", "orphan_snapshot", "weak_key", "old_key", "unused_key", "key_in_many_regions", "unused_ami", "deprecated_ami_in_use", "loose_key_file", "key_on_many_instances"] {
        w.wait(&format!("[data-testid=finding][data-rule={rule}]")).await;
    }
    w.shot("practice-health").await;
    w.click("[data-testid=finding][data-rule=ssh_open_to_world] [data-testid=fix-finding]").await;
    let confirm = w.wait("[data-testid=fix-confirm]").await.text().await.unwrap();
    assert!(confirm.contains("your address"), "{confirm}");
    w.click("[data-testid=confirm-fix]").await;
    w.gone("[data-testid=finding][data-rule=ssh_open_to_world]").await;
    // The loose key in the practice "Downloads" goes into the keychain, and the file goes.
    w.click("[data-testid=finding][data-rule=loose_key_file] [data-testid=fix-finding]").await;
    w.click("[data-testid=confirm-fix]").await;
    w.gone("[data-testid=finding][data-rule=loose_key_file]").await;
    assert!(!tmp.path().join("data/practice-downloads/old-deploy.pem").exists(), "the loose file is gone once vaulted");
    w.wait("[data-testid=finding][data-rule=orphan_snapshot]").await;
    w.close().await;
}
