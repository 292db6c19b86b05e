//! The key vault against a real Secret Service (gnome-keyring in the D-Bus session
//! that `make test` starts) and the practice sandbox. Without a session bus these
//! tests fail: the keychain is a real part, never faked here.

mod support;

use std::process::Command;

use amikey_core::keyflows::{self, with_status, ExportFormat, LocalStatus};
use amikey_core::keypairs::list_key_pairs_in;
use amikey_core::vault::Vault;
use amikey_core::{AccessSettings, Aws, ErrorCode, Target};
use amikey_keys::KeyKind;
use amikey_sandbox::{Sandbox, SandboxConfig, Timing};

// Keychain tests run one at a time: they share the one Secret Service.
static KEYCHAIN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn keychain() -> std::sync::MutexGuard<'static, ()> {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session: run these tests through `make test` (it starts dbus-run-session and gnome-keyring)"
    );
    KEYCHAIN.lock().unwrap_or_else(|p| p.into_inner())
}

async fn practice() -> (Sandbox, Aws) {
    let sandbox = Sandbox::start(SandboxConfig { timing: Timing::INSTANT, ..SandboxConfig::default() }, 0).await.unwrap();
    let aws = Aws::new(AccessSettings { practice_endpoint: Some(sandbox.endpoint()), ..AccessSettings::default() });
    (sandbox, aws)
}

#[tokio::test(flavor = "multi_thread")]
async fn create_keeps_the_private_key_in_the_keychain_and_imports_only_the_public_key() {
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(dir.path()).expect("the Secret Service works");
    let (_sandbox, aws) = practice().await;
    let targets = [Target::practice("us-east-1"), Target::practice("eu-west-1")];

    let out = keyflows::create_local(&aws, &vault, &targets, "vault-ed", KeyKind::Ed25519, 0).await.unwrap();
    assert_eq!(out.imported.len(), 2);
    assert!(out.failures.is_empty());
    // In the keychain, byte-exact, ending with its newline.
    let material = vault.material("vault-ed").unwrap();
    assert!(material.as_str().unwrap().starts_with(amikey_keys::OPENSSH_PRIVATE_HEADER));
    assert!(material.bytes().ends_with(b"\n"));

    // The key pair on EC2 is matched to the vault key by fingerprint and link.
    let listing = list_key_pairs_in(&aws, &Target::practice("eu-west-1")).await.unwrap();
    let inv = with_status(listing, &vault.entries());
    let mine = inv.key_pairs.iter().find(|k| k.key_pair.name == "vault-ed").unwrap();
    assert_eq!(mine.local_status, LocalStatus::InVault);
    let seeded = inv.key_pairs.iter().find(|k| k.key_pair.name == "web-servers").unwrap();
    assert_eq!(seeded.local_status, LocalStatus::NotOnThisMachine);

    // A name already taken on AWS is refused before anything is generated or stored.
    let dup = keyflows::create_local(&aws, &vault, &targets[..1], "web-servers", KeyKind::Ed25519, 0).await.unwrap_err();
    assert_eq!(dup.code, ErrorCode::Conflict);
    assert!(vault.find("web-servers").is_none());
    let bad = keyflows::create_local(&aws, &vault, &targets[..1], " spaced", KeyKind::Ed25519, 0).await.unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);

    // Export: 0600, accepted by ssh-keygen -y, public key identical; never clobbers.
    let path = dir.path().join("vault-ed");
    keyflows::export(&vault, "vault-ed", &path, ExportFormat::Openssh).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), material.bytes(), "byte-exact round trip");
    let y = Command::new("ssh-keygen").args(["-y", "-f"]).arg(&path).output().unwrap();
    assert!(y.status.success(), "{}", String::from_utf8_lossy(&y.stderr));
    assert_eq!(String::from_utf8(y.stdout).unwrap().split_whitespace().nth(1), out.entry.public_key.split_whitespace().nth(1));
    assert_eq!(keyflows::export(&vault, "vault-ed", &path, ExportFormat::Openssh).unwrap_err().code, ErrorCode::File);
    assert_eq!(keyflows::export(&vault, "vault-ed", &dir.path().join("x.pem"), ExportFormat::Pem).unwrap_err().code, ErrorCode::InvalidInput);

    // Delete: preview names the instances still using the key; then AWS and local.
    let preview = keyflows::delete_preview(&aws, &vault, &Target::practice("us-east-1"), "vault-ed").await.unwrap();
    assert!(preview.on_aws && preview.in_vault && preview.instances.is_empty());
    keyflows::delete(&aws, &vault, &Target::practice("us-east-1"), "vault-ed", true, false).await.unwrap();
    assert!(vault.find("vault-ed").is_some(), "deleting on AWS alone keeps the private key");
    keyflows::delete(&aws, &vault, &Target::practice("eu-west-1"), "vault-ed", true, true).await.unwrap();
    assert!(vault.find("vault-ed").is_none());
    assert_eq!(vault.material("vault-ed").unwrap_err().code, ErrorCode::NotFound);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_4096_bit_rsa_key_round_trips_through_the_secret_service() {
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let (_sandbox, aws) = practice().await;
    keyflows::create_local(&aws, &vault, &[Target::practice("us-east-1")], "vault-rsa", KeyKind::Rsa, 4096).await.unwrap();
    let pem = vault.material("vault-rsa").unwrap();
    assert!(pem.bytes().len() > 3000, "a 4096-bit PEM needs more than one 2,048-byte chunk");
    let path = dir.path().join("rsa.pem");
    keyflows::export(&vault, "vault-rsa", &path, ExportFormat::Pem).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), pem.bytes());
    let ssh = dir.path().join("rsa.openssh");
    keyflows::export(&vault, "vault-rsa", &ssh, ExportFormat::Openssh).unwrap();
    let y = Command::new("ssh-keygen").args(["-y", "-f"]).arg(&ssh).output().unwrap();
    assert!(y.status.success(), "{}", String::from_utf8_lossy(&y.stderr));
    vault.remove("vault-rsa").unwrap();
}

/// No Secret Service: the CLI says `keychain_unavailable` and creates nothing on
/// AWS, because the vault comes first. Zero silent losses.
#[test]
fn without_a_keychain_nothing_is_created_and_the_user_is_told() {
    let _k = keychain();
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str], bus: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_amikey"));
        c.args(args).env("AMIKEY_DATA_DIR", data.path());
        if let Some(b) = bus {
            c.env("DBUS_SESSION_BUS_ADDRESS", b);
        }
        c.output().unwrap()
    };
    let out = run(&["--practice", "--output", "json", "keys", "create", "no-keychain"], Some("unix:path=/nonexistent/bus"));
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "keychain_unavailable", "{err}");
    let list = run(&["--practice", "--output", "json", "keys", "list"], None);
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let names: Vec<&str> = json["key_pairs"].as_array().unwrap().iter().map(|k| k["name"].as_str().unwrap()).collect();
    assert!(!names.contains(&"no-keychain"), "nothing reached the (practice) AWS: {names:?}");
    assert!(!data.path().join("vault-index.json").exists());
}

/// Everything the key flows hand back (what crosses IPC to the web view and what the
/// CLI prints) is searched for the private key's lines: none may appear.
#[tokio::test(flavor = "multi_thread")]
async fn no_private_key_material_in_any_answer_or_output() {
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let (_sandbox, aws) = practice().await;
    let t = Target::practice("us-east-1");
    let mut answers: Vec<String> = Vec::new();
    let created = keyflows::create_local(&aws, &vault, std::slice::from_ref(&t), "leak-check", KeyKind::Rsa, 2048).await.unwrap();
    answers.push(serde_json::to_string(&created).unwrap());
    let inv = with_status(list_key_pairs_in(&aws, &t).await.unwrap(), &vault.entries());
    answers.push(serde_json::to_string(&inv).unwrap());
    let preview = keyflows::delete_preview(&aws, &vault, &t, "leak-check").await.unwrap();
    answers.push(serde_json::to_string(&preview).unwrap());
    answers.push(format!("{:?} {:?}", created, vault.material("leak-check").unwrap()));
    answers.push(std::fs::read_to_string(dir.path().join("vault-index.json")).unwrap());

    let material = vault.material("leak-check").unwrap();
    let secret_lines: Vec<&str> = material.as_str().unwrap().lines().filter(|l| !l.starts_with("-----")).collect();
    assert!(secret_lines.len() > 10);
    for a in &answers {
        for line in &secret_lines {
            assert!(!a.contains(line), "private key material leaked into: {}", &a[..a.len().min(200)]);
        }
    }
    vault.remove("leak-check").unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_loose_key_file_is_vaulted_matched_and_removed_only_when_verified() {
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let (_sandbox, aws) = practice().await;
    // A key made by ssh-keygen and imported into two regions by hand.
    let key = dir.path().join("laptop");
    let gen = Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(&key).output().unwrap();
    assert!(gen.status.success());
    let public = std::fs::read(dir.path().join("laptop.pub")).unwrap();
    for region in ["us-east-1", "ap-south-1"] {
        let sdk = aws.ec2(&Target::practice(region)).await;
        sdk.import_key_pair().key_name("laptop").public_key_material(aws_sdk_ec2::primitives::Blob::new(public.clone())).send().await.unwrap();
    }
    let original = std::fs::read(&key).unwrap();
    let out = keyflows::import_file(&aws, &vault, &Target::practice("us-east-1"), &key, None, true).await.unwrap();
    let mut regions: Vec<&str> = out.matches.iter().map(|m| m.region.as_str()).collect();
    regions.sort();
    assert_eq!(regions, ["ap-south-1", "us-east-1"], "found in every region by fingerprint");
    assert!(out.verified && out.file_deleted);
    assert!(!key.exists());
    assert_eq!(vault.material("laptop").unwrap().bytes(), &original[..], "byte-exact");
    vault.remove("laptop").unwrap();
}

/// A keychain that takes nothing: every write fails.
struct BrokenKeychain;

impl amikey_core::vault::store::SecretStore for BrokenKeychain {
    fn set(&self, _: &str, _: &[u8]) -> amikey_core::Result<()> {
        Err(amikey_core::Error::new(ErrorCode::KeychainUnavailable, "The keychain refused the write."))
    }
    fn get(&self, _: &str) -> amikey_core::Result<Option<Vec<u8>>> {
        Ok(None)
    }
    fn delete(&self, _: &str) -> amikey_core::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn created_on_aws_the_key_goes_to_the_vault_or_to_the_rescue_file_never_nowhere() {
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, aws) = practice().await;
    let t = Target::practice("us-east-1");

    // Normal case: EC2 creates it, the vault keeps it, the rescue file is not written.
    let vault = Vault::open(dir.path()).unwrap();
    let rescue = dir.path().join("rescue.pem");
    let out = keyflows::create_on_aws(&aws, &vault, &t, "made-by-ec2", KeyKind::Rsa, &rescue).await.unwrap();
    let on_aws = list_key_pairs_in(&aws, &t).await.unwrap().key_pairs.into_iter().find(|k| k.name == "made-by-ec2").unwrap();
    assert!(out.entry.fingerprints.iter().any(|f| amikey_keys::same_fingerprint(f, &on_aws.fingerprint)), "AWS-created RSA: SHA-1 of PKCS#8");
    assert!(vault.material("made-by-ec2").unwrap().as_str().unwrap().starts_with(amikey_keys::RSA_PKCS1_PRIVATE_HEADER));
    assert!(!rescue.exists());
    assert!(vault.intents().is_empty());
    vault.remove("made-by-ec2").unwrap();

    // The keychain fails after EC2 made the key: it lands in the rescue file (0600).
    let broken = Vault::with_store(dir.path(), Box::new(BrokenKeychain));
    let err = keyflows::create_on_aws(&aws, &broken, &t, "rescued", KeyKind::Ed25519, &rescue).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::KeychainUnavailable);
    assert!(err.message.contains("rescued") && err.message.contains("rescue.pem"), "{}", err.message);
    let saved = std::fs::read(&rescue).unwrap();
    let info = amikey_keys::inspect_private_key(&saved).unwrap();
    let on_aws = list_key_pairs_in(&aws, &t).await.unwrap().key_pairs.into_iter().find(|k| k.name == "rescued").unwrap();
    assert!(info.fingerprints.iter().any(|f| amikey_keys::same_fingerprint(f, &on_aws.fingerprint)), "the rescued key opens the key pair");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&rescue).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(broken.intents().is_empty());
}

/// The process dies between CreateKeyPair and the vault write: the recorded intent
/// makes the next `keys list` name the key pair whose private key may be lost.
#[test]
fn after_a_crash_between_create_and_store_the_user_is_told_which_key_pair() {
    let data = tempfile::tempdir().unwrap();
    Vault::open_unchecked(data.path())
        .record_intent(amikey_core::vault::Intent { name: "half-made".into(), region: "us-east-1".into(), started: "2026-11-28T10:00:00Z".into() })
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_amikey"))
        .args(["--practice", "keys", "list"])
        .env("AMIKEY_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(warning.contains("half-made") && warning.contains("amikey keys delete half-made --aws"), "{warning}");
}

#[tokio::test(flavor = "multi_thread")]
async fn public_keys_go_to_more_regions_and_files_are_matched_to_key_pairs() {
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let (_sandbox, aws) = practice().await;
    keyflows::create_local(&aws, &vault, &[Target::practice("us-east-1")], "spread", KeyKind::Ed25519, 0).await.unwrap();
    let more = [Target::practice("eu-west-1"), Target::practice("us-east-1")];
    let out = keyflows::import_public(&aws, &vault, &more, "spread").await.unwrap();
    assert_eq!(out.imported.iter().map(|l| l.region.as_str()).collect::<Vec<_>>(), ["eu-west-1"]);
    assert_eq!(out.failures.len(), 1, "us-east-1 already has it");
    assert_eq!(out.failures[0].error.code, ErrorCode::Conflict);
    assert_eq!(vault.find("spread").unwrap().links.len(), 2);

    let file = dir.path().join("spread.key");
    keyflows::export(&vault, "spread", &file, ExportFormat::Openssh).unwrap();
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "not a key").unwrap();
    let found = keyflows::match_files(&aws, &Target::practice("us-east-1"), &[file, junk]).await.unwrap();
    let mut regions: Vec<&str> = found[0].opens.iter().map(|o| o.region.as_str()).collect();
    regions.sort();
    assert_eq!(regions, ["eu-west-1", "us-east-1"]);
    assert!(found[1].problem.is_some());
    vault.remove("spread").unwrap();
}
