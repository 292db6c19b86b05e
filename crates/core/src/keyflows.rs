//! Key-pair flows that involve the vault: create (generate here, import the public
//! key), list with local status, export to a file, delete. The order of steps is
//! chosen so that a private key is never lost: the vault copy is written and
//! verified before AWS hears of the key, and removed only when asked.

use std::io::Write;
use std::path::Path;

use amikey_keys::{generate, imported_fingerprint, openssh_line, same_fingerprint, KeyKind};
use aws_sdk_ec2::primitives::Blob;
use aws_sdk_ec2::types::Filter;
use serde::{Deserialize, Serialize};

use crate::access::{Aws, Target};
use crate::error::{classify, Error, ErrorCode, Result};
use crate::keypairs::{KeyPair, KeyPairListing};
use crate::regions::RegionFailure;
use crate::vault::{Intent, KeyLink, KeySource, PrivateKeyMaterial, Vault, VaultEntry};

/// AWS's rule: 1–255 ASCII characters, no leading or trailing spaces.
pub fn validate_key_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::invalid_input("Give the key pair a name."));
    }
    if name.len() > 255 {
        return Err(Error::invalid_input(format!("Key pair names are at most 255 characters; this one has {}.", name.len())));
    }
    if !name.is_ascii() {
        return Err(Error::invalid_input("Key pair names may only use ASCII characters."));
    }
    if name.trim() != name {
        return Err(Error::invalid_input("Key pair names cannot start or end with a space."));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LocalStatus {
    /// The private key is in this machine's vault.
    InVault,
    /// No private key for this key pair on this machine: losing it means losing access.
    NotOnThisMachine,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct KeyPairStatus {
    #[serde(flatten)]
    pub key_pair: KeyPair,
    pub local_status: LocalStatus,
    /// The vault entry holding its private key, if any.
    pub vault_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct KeyInventory {
    pub key_pairs: Vec<KeyPairStatus>,
    pub regions: Vec<String>,
    pub failures: Vec<RegionFailure>,
    /// Vault keys not (yet) on AWS in the listed regions.
    pub local_only: Vec<VaultEntry>,
    /// Key pairs that were being created on AWS when Amikey stopped: their private
    /// key may be lost (see [`create_on_aws`]).
    pub pending: Vec<Intent>,
}

fn opens(entry: &VaultEntry, k: &KeyPair) -> bool {
    entry.links.iter().any(|l| l.key_pair_id == k.key_pair_id && l.region == k.region)
        || entry.fingerprints.iter().any(|f| same_fingerprint(f, &k.fingerprint))
}

/// Key pairs with whether their private key is on this machine.
pub fn with_status(listing: KeyPairListing, vault_entries: &[VaultEntry]) -> KeyInventory {
    let key_pairs: Vec<KeyPairStatus> = listing
        .key_pairs
        .into_iter()
        .map(|k| {
            let holder = vault_entries.iter().find(|e| opens(e, &k));
            KeyPairStatus {
                local_status: if holder.is_some() { LocalStatus::InVault } else { LocalStatus::NotOnThisMachine },
                vault_name: holder.map(|e| e.name.clone()),
                key_pair: k,
            }
        })
        .collect();
    let local_only = vault_entries
        .iter()
        .filter(|e| !key_pairs.iter().any(|k| opens(e, &k.key_pair)))
        .filter(|e| e.links.is_empty() || e.links.iter().any(|l| listing.regions.contains(&l.region)))
        .cloned()
        .collect();
    KeyInventory { key_pairs, regions: listing.regions, failures: listing.failures, local_only, pending: vec![] }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CreateOutcome {
    pub entry: VaultEntry,
    /// Regions where the public key was imported.
    pub imported: Vec<KeyLink>,
    /// Regions where the import failed; the key stays in the vault, ready to retry.
    pub failures: Vec<RegionFailure>,
}

/// Generate a key here, keep the private key in the vault, import only the public
/// key into each region. The private key never crosses the network.
pub async fn create_local(aws: &Aws, vault: &Vault, targets: &[Target], name: &str, kind: KeyKind, bits: u32) -> Result<CreateOutcome> {
    validate_key_name(name)?;
    if targets.is_empty() {
        return Err(Error::invalid_input("Choose at least one region."));
    }
    if kind == KeyKind::Rsa && ![2048, 3072, 4096].contains(&bits) {
        return Err(Error::invalid_input("RSA keys are 2048, 3072 or 4096 bits."));
    }
    if vault.find(name).is_some() {
        return Err(Error::new(ErrorCode::Conflict, format!("The vault already has a key named \"{name}\". Pick another name.")));
    }
    for t in targets {
        if exists_on_aws(aws, t, name).await? {
            return Err(Error::new(
                ErrorCode::Conflict,
                format!("A key pair named \"{name}\" already exists in {}. Pick another name.", t.region),
            ));
        }
    }
    let key = generate(kind, bits as usize).map_err(|e| Error::internal(e.to_string()))?;
    let mut fingerprints = vec![imported_fingerprint(&key.public).map_err(|e| Error::internal(e.to_string()))?];
    if kind == KeyKind::Rsa {
        fingerprints.push(key.aws_created_fingerprint.clone());
    }
    let entry = VaultEntry {
        id: format!("key/{}", uuid_like()),
        name: name.to_string(),
        key_type: kind.as_str().to_string(),
        bits: (kind == KeyKind::Rsa).then_some(bits),
        fingerprints,
        public_key: openssh_line(&key.public),
        created: now_rfc3339(),
        source: KeySource::GeneratedHere,
        links: vec![],
    };
    // The vault first: if this fails, nothing exists anywhere and nothing is lost.
    vault.add(entry, &PrivateKeyMaterial::new(key.private_pem.as_bytes().to_vec()))?;
    import_public(aws, vault, targets, name).await
}

/// Let EC2 create the key pair (CreateKeyPair); its private key goes into the vault
/// in the same call. The intent is recorded before AWS is asked, so a crash in
/// between is found later (see [`Vault::intents`]). If the vault cannot take the
/// key after three tries, it is written to `rescue` (mode 0600) instead; nothing
/// deletes the key pair on AWS unless the user asks.
pub async fn create_on_aws(aws: &Aws, vault: &Vault, target: &Target, name: &str, kind: KeyKind, rescue: &Path) -> Result<CreateOutcome> {
    validate_key_name(name)?;
    if vault.find(name).is_some() {
        return Err(Error::new(ErrorCode::Conflict, format!("The vault already has a key named \"{name}\". Pick another name.")));
    }
    if rescue.symlink_metadata().is_ok() {
        return Err(Error::new(ErrorCode::File, format!("{} already exists; choose a rescue path that does not.", rescue.display())));
    }
    if exists_on_aws(aws, target, name).await? {
        return Err(Error::new(ErrorCode::Conflict, format!("A key pair named \"{name}\" already exists in {}.", target.region)));
    }
    vault.record_intent(Intent { name: name.to_string(), region: target.region.clone(), started: now_rfc3339() })?;
    let key_type = if kind == KeyKind::Rsa { aws_sdk_ec2::types::KeyType::Rsa } else { aws_sdk_ec2::types::KeyType::Ed25519 };
    let out = aws
        .ec2(target)
        .await
        .create_key_pair()
        .key_name(name)
        .key_type(key_type)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("CreateKeyPair")));
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            // Nothing was created: the intent is void.
            let _ = vault.clear_intent(name, &target.region);
            return Err(e);
        }
    };
    let material = PrivateKeyMaterial::new(out.key_material.clone().unwrap_or_default().into_bytes());
    let info = amikey_keys::inspect_private_key(material.bytes()).map_err(|e| Error::internal(format!("EC2 returned a key Amikey cannot read: {e}")))?;
    let account = aws.identity(target).await.map(|i| i.account).unwrap_or_default();
    let link = KeyLink {
        account,
        region: target.region.clone(),
        key_pair_id: out.key_pair_id.clone().unwrap_or_default(),
        key_pair_name: name.to_string(),
    };
    let entry = VaultEntry {
        id: format!("key/{}", uuid_like()),
        name: name.to_string(),
        key_type: kind.as_str().to_string(),
        bits: (kind == KeyKind::Rsa).then_some(2048),
        fingerprints: info.fingerprints,
        public_key: openssh_line(&info.public),
        created: now_rfc3339(),
        source: KeySource::CreatedByAws,
        links: vec![link.clone()],
    };
    let mut last = None;
    for _ in 0..3 {
        match vault.add(entry.clone(), &material) {
            Ok(()) => {
                vault.clear_intent(name, &target.region)?;
                return Ok(CreateOutcome { entry, imported: vec![link], failures: vec![] });
            }
            Err(e) => last = Some(e),
        }
    }
    let cause = last.map(|e| e.message).unwrap_or_default();
    match write_private_file(rescue, material.bytes()) {
        Ok(()) => {
            vault.clear_intent(name, &target.region)?;
            Err(Error::new(
                ErrorCode::KeychainUnavailable,
                format!("{cause} The key pair \"{name}\" was created in {}; its private key was saved to {} (readable by you only) instead. Import it with `amikey keys import-file` once the keychain works.", target.region, rescue.display()),
            ))
        }
        Err(e) => Err(Error::new(
            ErrorCode::KeychainUnavailable,
            format!("{cause} The key pair \"{name}\" was created in {} but its private key could not be stored anywhere ({}). Delete it with `amikey keys delete {name} --aws` and try again.", target.region, e.message),
        )),
    }
}

/// Import a vault key's public half into more regions (flow 4). Regions where a
/// key pair of that name exists already are reported, not overwritten.
pub async fn import_public(aws: &Aws, vault: &Vault, targets: &[Target], name: &str) -> Result<CreateOutcome> {
    let entry = vault.find(name).ok_or_else(|| Error::new(ErrorCode::NotFound, format!("There is no key named \"{name}\" in the vault.")))?;
    if targets.is_empty() {
        return Err(Error::invalid_input("Choose at least one region."));
    }
    let (imported, failures) = import_into(aws, targets, name, &entry.public_key).await;
    let links = imported.clone();
    vault.update(name, |e| e.links.extend(links))?;
    Ok(CreateOutcome { entry: vault.find(name).unwrap_or(entry), imported, failures })
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FileMatch {
    pub path: String,
    /// "rsa" or "ed25519"; null when the file is not a readable private key.
    pub key_type: Option<String>,
    pub fingerprints: Vec<String>,
    /// Key pairs (any enabled region) this file opens.
    pub opens: Vec<KeyLink>,
    /// Why the file could not be read, if it could not.
    pub problem: Option<String>,
}

/// Which key pairs, in which regions, each private key file opens (read-only).
pub async fn match_files(aws: &Aws, home: &Target, paths: &[std::path::PathBuf]) -> Result<Vec<FileMatch>> {
    let found = crate::keypairs::list_key_pairs_all_regions(aws, home).await?;
    Ok(paths
        .iter()
        .map(|p| {
            let info = std::fs::read(p)
                .map_err(|e| e.to_string())
                .and_then(|b| amikey_keys::inspect_private_key(&b).map_err(|e| e.to_string()));
            match info {
                Ok(info) => FileMatch {
                    path: p.display().to_string(),
                    key_type: Some(info.kind.as_str().to_string()),
                    opens: found
                        .key_pairs
                        .iter()
                        .filter(|k| info.fingerprints.iter().any(|f| same_fingerprint(f, &k.fingerprint)))
                        .map(|k| KeyLink { account: String::new(), region: k.region.clone(), key_pair_id: k.key_pair_id.clone(), key_pair_name: k.name.clone() })
                        .collect(),
                    fingerprints: info.fingerprints,
                    problem: None,
                },
                Err(problem) => FileMatch { path: p.display().to_string(), key_type: None, fingerprints: vec![], opens: vec![], problem: Some(problem) },
            }
        })
        .collect())
}

/// ImportKeyPair of `public` as `name` into each target; a failing region is
/// reported and does not stop the others.
async fn import_into(aws: &Aws, targets: &[Target], name: &str, public: &str) -> (Vec<KeyLink>, Vec<RegionFailure>) {
    let account = match targets.first() {
        Some(t) => aws.identity(t).await.map(|i| i.account).unwrap_or_default(),
        None => String::new(),
    };
    let mut imported = Vec::new();
    let mut failures = Vec::new();
    for t in targets {
        let res = aws.ec2(t).await.import_key_pair().key_name(name).public_key_material(Blob::new(public.as_bytes())).send().await;
        match res {
            Ok(out) => imported.push(KeyLink {
                account: account.clone(),
                region: t.region.clone(),
                key_pair_id: out.key_pair_id.unwrap_or_default(),
                key_pair_name: name.to_string(),
            }),
            Err(e) => failures.push(RegionFailure { region: t.region.clone(), error: classify(e, &t.context("ImportKeyPair")) }),
        }
    }
    (imported, failures)
}

/// Key pairs of one region (or all enabled ones) with their local status: what the
/// Key pairs page and `keys list` show.
pub async fn inventory(aws: &Aws, vault: &Vault, target: &Target, all_regions: bool) -> Result<KeyInventory> {
    let listing = if all_regions {
        crate::keypairs::list_key_pairs_all_regions(aws, target).await?
    } else {
        crate::keypairs::list_key_pairs_in(aws, target).await?
    };
    Ok(KeyInventory { pending: vault.intents(), ..with_status(listing, &vault.entries()) })
}

async fn exists_on_aws(aws: &Aws, t: &Target, name: &str) -> Result<bool> {
    let out = aws
        .ec2(t)
        .await
        .describe_key_pairs()
        .filters(Filter::builder().name("key-name").values(name).build())
        .send()
        .await
        .map_err(|e| classify(e, &t.context("DescribeKeyPairs")))?;
    Ok(!out.key_pairs().is_empty())
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImportOutcome {
    pub entry: VaultEntry,
    /// The key pairs (any enabled region) this key opens, found by fingerprint.
    pub matches: Vec<KeyLink>,
    /// Regions that could not be searched.
    pub failures: Vec<RegionFailure>,
    /// True once the vault copy was read back identical to the file: the loose
    /// file can go.
    pub verified: bool,
    /// True when the loose file was deleted (only when asked and verified).
    pub file_deleted: bool,
}

/// Bring a loose private key file into the vault, linked to the key pairs it opens
/// in every region; delete the file afterwards only if asked and the vault copy
/// checks out.
pub async fn import_file(aws: &Aws, vault: &Vault, home: &Target, path: &Path, name: Option<String>, delete_file: bool) -> Result<ImportOutcome> {
    let bytes = std::fs::read(path).map_err(|e| Error::new(ErrorCode::File, format!("Could not read {}: {e}", path.display())))?;
    let material = PrivateKeyMaterial::new(bytes);
    let info = amikey_keys::inspect_private_key(material.bytes()).map_err(|e| match e {
        amikey_keys::KeyError::Encrypted => Error::invalid_input(format!(
            "{} is protected by a passphrase; remove it with `ssh-keygen -p -f {}` first (a passphrase prompt is coming).",
            path.display(),
            path.display()
        )),
        other => Error::invalid_input(format!("{} is not a private key Amikey can read: {other}.", path.display())),
    })?;
    let name = name.unwrap_or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "imported-key".into()));
    validate_key_name(&name)?;
    let found = crate::keypairs::list_key_pairs_all_regions(aws, home).await?;
    let account = aws.identity(home).await.map(|i| i.account).unwrap_or_default();
    let matches: Vec<KeyLink> = found
        .key_pairs
        .iter()
        .filter(|k| info.fingerprints.iter().any(|f| same_fingerprint(f, &k.fingerprint)))
        .map(|k| KeyLink { account: account.clone(), region: k.region.clone(), key_pair_id: k.key_pair_id.clone(), key_pair_name: k.name.clone() })
        .collect();
    let entry = VaultEntry {
        id: format!("key/{}", uuid_like()),
        name: name.clone(),
        key_type: info.kind.as_str().to_string(),
        bits: None,
        fingerprints: info.fingerprints.clone(),
        public_key: openssh_line(&info.public),
        created: now_rfc3339(),
        source: KeySource::ImportedFile,
        links: matches.clone(),
    };
    vault.add(entry.clone(), &material)?;
    let verified = vault.material(&name).map(|m| m.bytes() == material.bytes()).unwrap_or(false);
    let file_deleted = delete_file && verified && std::fs::remove_file(path).is_ok();
    Ok(ImportOutcome { entry, matches, failures: found.failures, verified, file_deleted })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// OpenSSH's own format ([`amikey_keys::OPENSSH_PRIVATE_HEADER`]).
    Openssh,
    /// PEM: PKCS#1 for RSA ([`amikey_keys::RSA_PKCS1_PRIVATE_HEADER`]), as EC2 hands them out.
    Pem,
}

/// The key in the requested format (byte-exact when it is already stored so).
fn in_format(entry: &VaultEntry, material: PrivateKeyMaterial, format: ExportFormat) -> Result<PrivateKeyMaterial> {
    let text = material.as_str().ok_or_else(|| Error::internal("The stored key is not text."))?;
    let is_openssh = text.starts_with(amikey_keys::OPENSSH_PRIVATE_HEADER);
    match (format, is_openssh) {
        (ExportFormat::Openssh, true) | (ExportFormat::Pem, false) => Ok(material),
        (ExportFormat::Pem, true) => Err(Error::invalid_input(format!(
            "\"{}\" is an {} key; it can only be exported in OpenSSH format.",
            entry.name, entry.key_type
        ))),
        (ExportFormat::Openssh, false) => {
            use rsa::pkcs1::DecodeRsaPrivateKey;
            let rsa = rsa::RsaPrivateKey::from_pkcs1_pem(text).map_err(|_| Error::internal("The stored RSA key could not be read."))?;
            let pair = ssh_key::private::RsaKeypair::try_from(rsa).map_err(|e| Error::internal(e.to_string()))?;
            let key = ssh_key::PrivateKey::new(ssh_key::private::KeypairData::Rsa(pair), entry.name.clone())
                .map_err(|e| Error::internal(e.to_string()))?;
            let out = key.to_openssh(ssh_key::LineEnding::LF).map_err(|e| Error::internal(e.to_string()))?;
            Ok(PrivateKeyMaterial::new(out.as_bytes().to_vec()))
        }
    }
}

/// Write the key to `path`, only there, only if nothing is there yet (not even a
/// dangling symlink), readable by the user alone (0600), all at once: a temp file
/// beside it is written and synced, then hard-linked into place.
pub fn export(vault: &Vault, name: &str, path: &Path, format: ExportFormat) -> Result<()> {
    let entry = vault.find(name).ok_or_else(|| Error::new(ErrorCode::NotFound, format!("There is no key named \"{name}\" in the vault.")))?;
    let material = in_format(&entry, vault.material(name)?, format)?;
    write_private_file(path, material.bytes())
}

pub fn write_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let file_err = |what: &str, e: std::io::Error| Error::new(ErrorCode::File, format!("Could not {what} {}: {e}", path.display()));
    if path.symlink_metadata().is_ok() {
        return Err(Error::new(ErrorCode::File, format!("{} already exists; Amikey never overwrites a file. Choose another name.", path.display())));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".amikey-export-{}", uuid_like()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp).map_err(|e| file_err("write into the folder of", e))?;
    let written = f.write_all(bytes).and_then(|_| f.sync_all());
    drop(f);
    let linked = written.and_then(|_| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    linked.map_err(|e| file_err("write", e))
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DeletePreview {
    pub name: String,
    pub region: String,
    /// Instances launched with this key pair (they keep running, but a new key is
    /// needed to log in once the private key is gone).
    pub instances: Vec<String>,
    pub on_aws: bool,
    pub in_vault: bool,
}

pub async fn delete_preview(aws: &Aws, vault: &Vault, target: &Target, name: &str) -> Result<DeletePreview> {
    let ec2 = aws.ec2(target).await;
    let on_aws = exists_on_aws(aws, target, name).await?;
    let out = ec2
        .describe_instances()
        .filters(Filter::builder().name("key-name").values(name).build())
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeInstances")))?;
    let instances = out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .filter(|i| i.state().and_then(|s| s.name()).map(|n| n.as_str() != "terminated").unwrap_or(true))
        .filter_map(|i| i.instance_id().map(str::to_string))
        .collect();
    Ok(DeletePreview { name: name.to_string(), region: target.region.clone(), instances, on_aws, in_vault: vault.find(name).is_some() })
}

/// Delete the AWS key pair, the local private key, or both, as asked.
pub async fn delete(aws: &Aws, vault: &Vault, target: &Target, name: &str, on_aws: bool, local: bool) -> Result<()> {
    if !on_aws && !local {
        return Err(Error::invalid_input("Choose what to delete: the key pair on AWS, the private key here, or both."));
    }
    if on_aws {
        aws.ec2(target)
            .await
            .delete_key_pair()
            .key_name(name)
            .send()
            .await
            .map_err(|e| classify(e, &target.context("DeleteKeyPair")))?;
        if !local && vault.find(name).is_some() {
            let region = target.region.clone();
            vault.update(name, |e| e.links.retain(|l| l.region != region))?;
        }
    }
    if local {
        vault.remove(name)?;
    }
    Ok(())
}

fn now_rfc3339() -> String {
    aws_smithy_types::DateTime::from(std::time::SystemTime::now())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}

/// A random id for keychain entries and temp files.
fn uuid_like() -> String {
    use rand::Rng;
    let b: [u8; 16] = rand::thread_rng().gen();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_follow_aws_rules() {
        assert!(validate_key_name("deploy-2026").is_ok());
        assert!(validate_key_name(&"a".repeat(255)).is_ok());
        for bad in ["", " lead", "trail ", "näme", &"a".repeat(256)] {
            assert_eq!(validate_key_name(bad).unwrap_err().code, ErrorCode::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn private_files_are_0600_and_never_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k.pem");
        write_private_file(&p, b"one").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(write_private_file(&p, b"two").unwrap_err().code, ErrorCode::File);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        #[cfg(unix)]
        {
            let link = dir.path().join("dangling");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
            assert_eq!(write_private_file(&link, b"x").unwrap_err().code, ErrorCode::File);
            assert!(!dir.path().join("nowhere").exists(), "did not write through the symlink");
        }
        let leftovers = std::fs::read_dir(dir.path()).unwrap().filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with(".amikey")).count();
        assert_eq!(leftovers, 0);
    }
}
