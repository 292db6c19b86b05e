//! The key vault against a real Secret Service (gnome-keyring in the D-Bus session
//! that `make test` starts) and the practice sandbox. Without a session bus these
//! tests fail: the keychain is a real part, never faked here.

mod support;

use std::process::Command;

use amikey_core::keyfiles::{self, ExportFormat};
use amikey_core::keyflows::{self, with_status, LocalStatus, Rescue};
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
    let inv = with_status(listing, &vault.entries(), &[]);
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
    keyfiles::export(&vault, "vault-ed", &path, ExportFormat::Openssh).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), material.bytes(), "byte-exact round trip");
    let y = Command::new("ssh-keygen").args(["-y", "-f"]).arg(&path).output().unwrap();
    assert!(y.status.success(), "{}", String::from_utf8_lossy(&y.stderr));
    assert_eq!(String::from_utf8(y.stdout).unwrap().split_whitespace().nth(1), out.entry.public_key.split_whitespace().nth(1));
    assert_eq!(keyfiles::export(&vault, "vault-ed", &path, ExportFormat::Openssh).unwrap_err().code, ErrorCode::File);
    assert_eq!(keyfiles::export(&vault, "vault-ed", &dir.path().join("x.pem"), ExportFormat::Pem).unwrap_err().code, ErrorCode::InvalidInput);

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
    keyfiles::export(&vault, "vault-rsa", &path, ExportFormat::Pem).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), pem.bytes());
    let ssh = dir.path().join("rsa.openssh");
    keyfiles::export(&vault, "vault-rsa", &ssh, ExportFormat::Openssh).unwrap();
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
    let inv = with_status(list_key_pairs_in(&aws, &t).await.unwrap(), &vault.entries(), &[]);
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
    let out = keyfiles::import_file(&aws, &vault, &Target::practice("us-east-1"), &key, None, None, true).await.unwrap();
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
    let mut never = |_: &amikey_core::Error| -> Rescue { panic!("the vault worked; no rescue needed") };
    let out = keyflows::create_on_aws(&aws, &vault, &t, "made-by-ec2", KeyKind::Rsa, &mut never).await.unwrap();
    let on_aws = list_key_pairs_in(&aws, &t).await.unwrap().key_pairs.into_iter().find(|k| k.name == "made-by-ec2").unwrap();
    assert!(out.entry.fingerprints.iter().any(|f| amikey_keys::same_fingerprint(f, &on_aws.fingerprint)), "AWS-created RSA: SHA-1 of PKCS#8");
    assert!(vault.material("made-by-ec2").unwrap().as_str().unwrap().starts_with(amikey_keys::RSA_PKCS1_PRIVATE_HEADER));
    assert!(!rescue.exists());
    assert!(vault.intents().is_empty());
    vault.remove("made-by-ec2").unwrap();

    // The keychain fails after EC2 made the key: the user is asked where to save it.
    // The first choice cannot be written (a file is there); asked again, the second
    // works and holds the key (0600).
    let taken = dir.path().join("taken.pem");
    std::fs::write(&taken, "someone else's file").unwrap();
    let broken = Vault::with_store(dir.path(), Box::new(BrokenKeychain));
    let mut choices = vec![Rescue::SaveTo(rescue.clone()), Rescue::SaveTo(taken.clone())];
    let mut asked = 0;
    let mut ask = |_: &amikey_core::Error| {
        asked += 1;
        choices.pop().unwrap()
    };
    let err = keyflows::create_on_aws(&aws, &broken, &t, "rescued", KeyKind::Ed25519, &mut ask).await.unwrap_err();
    assert_eq!(asked, 2);
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "someone else's file", "never clobbered");
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

    // Only an explicit discard deletes the key pair on AWS.
    let mut discard = |_: &amikey_core::Error| Rescue::Discard;
    let err = keyflows::create_on_aws(&aws, &broken, &t, "given-up", KeyKind::Ed25519, &mut discard).await.unwrap_err();
    assert!(err.message.contains("deleted"), "{}", err.message);
    assert!(!list_key_pairs_in(&aws, &t).await.unwrap().key_pairs.iter().any(|k| k.name == "given-up"));
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
    keyfiles::export(&vault, "spread", &file, ExportFormat::Openssh).unwrap();
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "not a key").unwrap();
    let found = keyfiles::match_files(&aws, &vault, &Target::practice("us-east-1"), &[file, junk]).await.unwrap();
    assert_eq!(found[0].vault_name.as_deref(), Some("spread"), "a loose copy of a vault key is recognised");
    let mut regions: Vec<&str> = found[0].opens.iter().map(|o| o.region.as_str()).collect();
    regions.sort();
    assert_eq!(regions, ["eu-west-1", "us-east-1"]);
    assert!(found[1].problem.is_some());
    vault.remove("spread").unwrap();
}

fn ssh_keygen(args: &[&str], path: &std::path::Path) {
    let out = Command::new("ssh-keygen").arg("-q").args(args).arg("-f").arg(path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A passphrase-protected OpenSSH key: matched without the passphrase, imported
/// only with the right one, stored as it is (still protected), exported byte-exact.
#[tokio::test(flavor = "multi_thread")]
async fn a_passphrase_protected_key_is_asked_for_and_stored_still_protected() {
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let (_sandbox, aws) = practice().await;
    let t = Target::practice("us-east-1");
    let key = dir.path().join("locked");
    ssh_keygen(&["-t", "ed25519", "-N", "open sesame"], &key);
    let public = std::fs::read(dir.path().join("locked.pub")).unwrap();
    aws.ec2(&t).await.import_key_pair().key_name("locked").public_key_material(aws_sdk_ec2::primitives::Blob::new(public)).send().await.unwrap();

    let seen = keyfiles::match_files(&aws, &vault, &t, std::slice::from_ref(&key)).await.unwrap();
    assert!(seen[0].encrypted);
    assert_eq!(seen[0].opens.len(), 1, "the public half, stored in the clear, finds the key pair");

    let ask = keyfiles::import_file(&aws, &vault, &t, &key, None, None, false).await.unwrap_err();
    assert_eq!(ask.code, ErrorCode::PassphraseRequired);
    let wrong = keyfiles::import_file(&aws, &vault, &t, &key, None, Some("guess"), false).await.unwrap_err();
    assert_eq!(wrong.code, ErrorCode::PassphraseRequired);
    assert!(wrong.message.contains("does not open"), "{}", wrong.message);
    assert!(vault.find("locked").is_none(), "nothing stored on a wrong passphrase");

    let out = keyfiles::import_file(&aws, &vault, &t, &key, None, Some("open sesame"), true).await.unwrap();
    assert!(out.entry.encrypted && out.verified && out.file_deleted);
    assert_eq!(out.matches.len(), 1);
    let back = dir.path().join("back");
    let original_len = vault.material("locked").unwrap().bytes().len();
    keyfiles::export(&vault, "locked", &back, ExportFormat::Openssh).unwrap();
    assert_eq!(std::fs::read(&back).unwrap().len(), original_len);
    assert!(amikey_keys::inspect_private_key(&std::fs::read(&back).unwrap()).unwrap().encrypted, "still protected");
    assert_eq!(keyfiles::export(&vault, "locked", &dir.path().join("pem"), ExportFormat::Pem).unwrap_err().code, ErrorCode::InvalidInput);
    vault.remove("locked").unwrap();
}

/// At start-up the index is checked against the keychain: a key removed from the
/// keychain behind Amikey's back is reported, not shown as safe.
#[tokio::test(flavor = "multi_thread")]
async fn reconcile_finds_a_key_the_keychain_lost() {
    use amikey_core::vault::store::SecretStore;
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let (_sandbox, aws) = practice().await;
    let t = Target::practice("us-east-1");
    keyflows::create_local(&aws, &vault, std::slice::from_ref(&t), "kept", KeyKind::Ed25519, 0).await.unwrap();
    keyflows::create_local(&aws, &vault, std::slice::from_ref(&t), "vanished", KeyKind::Ed25519, 0).await.unwrap();
    assert!(vault.reconcile().unwrap().is_empty());
    amikey_core::vault::store::OsKeychain.delete(&vault.find("vanished").unwrap().id).unwrap();
    let lost = vault.reconcile().unwrap();
    assert_eq!(lost, ["vanished"]);
    let inv = keyflows::inventory(&aws, &vault, &t, false, &lost).await.unwrap();
    let status = |n: &str| inv.key_pairs.iter().find(|k| k.key_pair.name == n).unwrap().local_status;
    assert_eq!(status("kept"), LocalStatus::InVault);
    assert_eq!(status("vanished"), LocalStatus::NotOnThisMachine);
    assert_eq!(inv.lost_from_keychain, ["vanished"]);
    vault.remove("vanished").unwrap();
    vault.remove("kept").unwrap();
}

/// ~/.ssh is scanned: private keys are found (not .pub, not known_hosts), a loose
/// copy of a vault key is recognised, and a file ssh would refuse is flagged.
#[tokio::test(flavor = "multi_thread")]
async fn scanning_a_folder_finds_loose_keys_and_public_key_files_import() {
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let (_sandbox, aws) = practice().await;
    let t = Target::practice("us-east-1");
    keyflows::create_local(&aws, &vault, std::slice::from_ref(&t), "scanned", KeyKind::Ed25519, 0).await.unwrap();
    let ssh = dir.path().join("ssh");
    std::fs::create_dir(&ssh).unwrap();
    keyfiles::export(&vault, "scanned", &ssh.join("id_scanned"), ExportFormat::Openssh).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(ssh.join("id_scanned"), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    ssh_keygen(&["-t", "rsa", "-b", "2048", "-N", ""], &ssh.join("id_rsa"));
    std::fs::write(ssh.join("known_hosts"), "host ssh-ed25519 AAAA").unwrap();
    let found = keyfiles::scan(&aws, &vault, &t, &[ssh.clone()]).await.unwrap();
    let names: Vec<String> = found.iter().map(|f| f.path.rsplit('/').next().unwrap().to_string()).collect();
    assert_eq!(names, ["id_rsa", "id_scanned"]);
    assert_eq!(found[1].vault_name.as_deref(), Some("scanned"));
    assert!(found[1].too_open && !found[0].too_open);

    // Its .pub, and the same key in RFC 4716 form, import as key pairs.
    let pub_file = ssh.join("id_rsa.pub");
    let out = keyfiles::import_public_file(&aws, &vault, &[t.clone(), Target::practice("eu-west-1")], "from-pub", &pub_file).await.unwrap();
    assert_eq!(out.imported.len(), 2);
    let rfc = Command::new("ssh-keygen").args(["-e", "-f"]).arg(&pub_file).output().unwrap();
    let rfc_file = dir.path().join("rfc.pub");
    std::fs::write(&rfc_file, rfc.stdout).unwrap();
    keyfiles::import_public_file(&aws, &vault, std::slice::from_ref(&t), "from-rfc4716", &rfc_file).await.unwrap();
    let pairs = list_key_pairs_in(&aws, &t).await.unwrap().key_pairs;
    let fp = |n: &str| pairs.iter().find(|k| k.name == n).unwrap().fingerprint.clone();
    assert_eq!(fp("from-pub"), fp("from-rfc4716"));
    // A file that is not a public key is refused before any call.
    let bad = keyfiles::import_public_file(&aws, &vault, std::slice::from_ref(&t), "bad", &ssh.join("known_hosts")).await.unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    vault.remove("scanned").unwrap();
}

/// The SSH command: default user from the AMI (Ubuntu → ubuntu), the instance's
/// public name, and the saved key file; before the key is saved, it says so.
#[tokio::test(flavor = "multi_thread")]
async fn the_ssh_command_names_the_ami_user_the_host_and_the_saved_key() {
    let _k = keychain();
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let (_sandbox, aws) = practice().await;
    let t = Target::practice("us-east-1");
    keyflows::create_local(&aws, &vault, std::slice::from_ref(&t), "ssh-me", KeyKind::Ed25519, 0).await.unwrap();
    let ec2 = aws.ec2(&t).await;
    let ubuntu = ec2
        .describe_images()
        .owners("099720109477")
        .send()
        .await
        .unwrap()
        .images()
        .iter()
        .find(|i| i.name().unwrap_or_default().contains("noble"))
        .and_then(|i| i.image_id().map(str::to_string))
        .unwrap();
    let run = ec2.run_instances().image_id(&ubuntu).instance_type(aws_sdk_ec2::types::InstanceType::T3Micro).key_name("ssh-me").min_count(1).max_count(1).send().await.unwrap();
    let id = run.instances()[0].instance_id().unwrap().to_string();

    let inv = keyflows::inventory(&aws, &vault, &t, false, &[]).await.unwrap();
    assert_eq!(inv.key_pairs.iter().find(|k| k.key_pair.name == "ssh-me").unwrap().instances, [id.clone()]);

    let before = amikey_core::ssh::ssh_advice(&aws, &vault, &t, &id).await.unwrap();
    assert_eq!(before.user, "ubuntu");
    assert!(before.needs_saved_key && before.command.is_none());
    assert_eq!(before.vault_name.as_deref(), Some("ssh-me"));
    let ssh_dir = dir.path().join("home ssh");
    let path = keyfiles::save_for_ssh(&vault, "ssh-me", &ssh_dir).unwrap();
    assert_eq!(keyfiles::save_for_ssh(&vault, "ssh-me", &ssh_dir).unwrap(), path, "saving again is a no-op");
    let after = amikey_core::ssh::ssh_advice(&aws, &vault, &t, &id).await.unwrap();
    let host = after.host.clone().unwrap();
    assert!(host.starts_with("ec2-"), "{host}");
    assert_eq!(after.command.as_deref(), Some(format!("ssh -i '{path}' ubuntu@{host}").as_str()), "the path with a space is quoted");
    let keygen = Command::new("ssh-keygen").args(["-y", "-f", &path]).output().unwrap();
    assert!(keygen.status.success(), "ssh accepts the saved key");
    vault.remove("ssh-me").unwrap();
}
