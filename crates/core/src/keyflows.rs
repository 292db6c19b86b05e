//! Key-pair flows that involve the vault: create (generate here, import the public
//! key), list with local status, export to a file, delete. The order of steps is
//! chosen so that a private key is never lost: the vault copy is written and
//! verified before AWS hears of the key, and removed only when asked.

use std::path::PathBuf;

use amikey_keys::{generate, imported_fingerprint, openssh_line, same_fingerprint, KeyKind};
use aws_sdk_ec2::primitives::Blob;
use aws_sdk_ec2::types::Filter;
use serde::{Deserialize, Serialize};

use crate::access::{Aws, Target};
use crate::error::{classify, Error, ErrorCode, Result};
use crate::instances::InstanceSummary;
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
    /// Instances (not terminated) launched with this key pair.
    pub instances: Vec<String>,
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
    /// Vault keys whose private key the keychain no longer holds (removed or
    /// damaged outside Amikey), found by the start-up check.
    pub lost_from_keychain: Vec<String>,
    /// Regions whose instances could not be listed (their counts are unknown).
    pub instance_failures: Vec<RegionFailure>,
}

fn opens(entry: &VaultEntry, k: &KeyPair) -> bool {
    entry.links.iter().any(|l| l.key_pair_id == k.key_pair_id && l.region == k.region)
        || entry.fingerprints.iter().any(|f| same_fingerprint(f, &k.fingerprint))
}

/// The vault key that opens key pair `k`, if any.
pub fn holder<'a>(vault_entries: &'a [VaultEntry], k: &KeyPair) -> Option<&'a VaultEntry> {
    vault_entries.iter().find(|e| opens(e, k))
}

/// Key pairs with whether their private key is on this machine and which
/// instances use them. `vault_entries` should leave out keys the keychain lost.
pub fn with_status(listing: KeyPairListing, vault_entries: &[VaultEntry], instances: &[InstanceSummary]) -> KeyInventory {
    let key_pairs: Vec<KeyPairStatus> = listing
        .key_pairs
        .into_iter()
        .map(|k| {
            let holder = holder(vault_entries, &k);
            KeyPairStatus {
                local_status: if holder.is_some() { LocalStatus::InVault } else { LocalStatus::NotOnThisMachine },
                vault_name: holder.map(|e| e.name.clone()),
                instances: instances
                    .iter()
                    .filter(|i| i.region == k.region && i.key_name.as_deref() == Some(k.name.as_str()))
                    .map(|i| i.instance_id.clone())
                    .collect(),
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
    KeyInventory {
        key_pairs,
        regions: listing.regions,
        failures: listing.failures,
        local_only,
        pending: vec![],
        lost_from_keychain: vec![],
        instance_failures: vec![],
    }
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
        id: new_id("key/"),
        name: name.to_string(),
        key_type: kind.as_str().to_string(),
        bits: (kind == KeyKind::Rsa).then_some(bits),
        fingerprints,
        public_key: openssh_line(&key.public),
        created: now_rfc3339(),
        source: KeySource::GeneratedHere,
        links: vec![],
        encrypted: false,
        saved_to: vec![],
    };
    // The vault first: if this fails, nothing exists anywhere and nothing is lost.
    vault.add(entry, &PrivateKeyMaterial::new(key.private_pem.as_bytes().to_vec()))?;
    import_public(aws, vault, targets, name).await
}

/// What to do with a private key the vault would not take (see [`create_on_aws`]).
pub enum Rescue {
    /// Write it to this file (mode 0600, never over an existing file).
    SaveTo(PathBuf),
    /// The user chose to give the key up: delete the key pair on AWS.
    Discard,
    /// No way to ask (the CLI after a failed rescue write): leave the key pair and
    /// say exactly which one has no private key.
    GiveUp,
}

/// Let EC2 create the key pair (CreateKeyPair); its private key goes into the vault
/// in the same call. The intent is recorded before AWS is asked, so a crash in
/// between is found later (see [`Vault::intents`]). If the vault cannot take the
/// key after three tries, `rescue` is asked where to save it (with the last error)
/// until a file is written or the user explicitly discards the key pair.
pub async fn create_on_aws(
    aws: &Aws,
    vault: &Vault,
    target: &Target,
    name: &str,
    kind: KeyKind,
    rescue: &mut (dyn FnMut(&Error) -> Rescue + Send),
) -> Result<CreateOutcome> {
    validate_key_name(name)?;
    if vault.find(name).is_some() {
        return Err(Error::new(ErrorCode::Conflict, format!("The vault already has a key named \"{name}\". Pick another name.")));
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
    let account = aws.account_id(target).await.unwrap_or_default();
    let link = KeyLink {
        account,
        region: target.region.clone(),
        key_pair_id: out.key_pair_id.clone().unwrap_or_default(),
        key_pair_name: name.to_string(),
    };
    let entry = VaultEntry {
        id: new_id("key/"),
        name: name.to_string(),
        key_type: kind.as_str().to_string(),
        bits: (kind == KeyKind::Rsa).then_some(2048),
        fingerprints: info.fingerprints,
        public_key: openssh_line(&info.public),
        created: now_rfc3339(),
        source: KeySource::CreatedByAws,
        links: vec![link.clone()],
        encrypted: false,
        saved_to: vec![],
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
    let mut last = last.unwrap_or_else(|| Error::internal("The vault did not take the key."));
    let region = &target.region;
    loop {
        match rescue(&last) {
            Rescue::SaveTo(path) => match crate::keyfiles::write_private_file(&path, material.bytes()) {
                Ok(()) => {
                    vault.clear_intent(name, region)?;
                    return Err(Error::new(
                        ErrorCode::KeychainUnavailable,
                        format!("{} The key pair \"{name}\" was created in {region}; its private key was saved to {} (readable by you only) instead. Import it into the vault once the keychain works.", last.message, path.display()),
                    ));
                }
                Err(e) => last = e,
            },
            Rescue::Discard => {
                delete(aws, vault, target, name, true, false).await?;
                vault.clear_intent(name, region)?;
                return Err(Error::new(
                    ErrorCode::KeychainUnavailable,
                    format!("{} As you chose, the key pair \"{name}\" was deleted in {region}; nothing was kept.", last.message),
                ));
            }
            Rescue::GiveUp => {
                return Err(Error::new(
                    ErrorCode::KeychainUnavailable,
                    format!("{} The key pair \"{name}\" was created in {region} but its private key could not be stored anywhere. Delete it with `amikey keys delete {name} --aws` and try again.", last.message),
                ))
            }
        }
    }
}

/// Create a key pair the way the user chose: generated here (default; `bits` for
/// RSA) or by EC2 (`on_aws`, first target only).
pub async fn create(
    aws: &Aws,
    vault: &Vault,
    targets: &[Target],
    name: &str,
    key_type: crate::keypairs::KeyType,
    bits: u32,
    on_aws: bool,
    rescue: &mut (dyn FnMut(&Error) -> Rescue + Send),
) -> Result<CreateOutcome> {
    let kind = match key_type {
        crate::keypairs::KeyType::Rsa => KeyKind::Rsa,
        crate::keypairs::KeyType::Ed25519 => KeyKind::Ed25519,
        crate::keypairs::KeyType::Unknown => return Err(Error::invalid_input("Choose ED25519 or RSA.")),
    };
    match (on_aws, targets) {
        (true, [target]) => create_on_aws(aws, vault, target, name, kind, rescue).await,
        (true, _) => Err(Error::invalid_input("EC2 creates a key pair in one region; choose one, or generate the key here to import it into several.")),
        (false, _) => create_local(aws, vault, targets, name, kind, bits).await,
    }
}

/// Forget the record of an interrupted create-on-AWS (the user checked the key pair).
pub fn dismiss_intent(vault: &Vault, name: &str, region: &str) -> Result<()> {
    vault.clear_intent(name, region)
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

/// ImportKeyPair of `public` as `name` into each target; a failing region is
/// reported and does not stop the others.
pub(crate) async fn import_into(aws: &Aws, targets: &[Target], name: &str, public: &str) -> (Vec<KeyLink>, Vec<RegionFailure>) {
    let account = match targets.first() {
        Some(t) => aws.account_id(t).await.unwrap_or_default(),
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

/// Key pairs of one region (or all enabled ones) with their local status and the
/// instances using them: what the Key pairs page and `keys list` show. `lost` are
/// the vault keys the start-up check found missing from the keychain.
pub async fn inventory(aws: &Aws, vault: &Vault, target: &Target, all_regions: bool, lost: &[String]) -> Result<KeyInventory> {
    Ok(inventory_and_instances(aws, vault, target, all_regions, lost).await?.0)
}

/// [`inventory`], plus the instances it looked at (the health check needs both).
pub async fn inventory_and_instances(
    aws: &Aws,
    vault: &Vault,
    target: &Target,
    all_regions: bool,
    lost: &[String],
) -> Result<(KeyInventory, Vec<InstanceSummary>)> {
    let (listing, instances) = if all_regions {
        let (k, i) = tokio::join!(
            crate::keypairs::list_key_pairs_all_regions(aws, target),
            crate::instances::list_instances_all_regions(aws, target)
        );
        (k?, i.map(|i| (i.items, i.failures)))
    } else {
        let (k, i) = tokio::join!(crate::keypairs::list_key_pairs_in(aws, target), crate::instances::list_instances(aws, target, None));
        (k?, i.map(|i| (i, vec![])))
    };
    let (instances, instance_failures) = instances.unwrap_or_else(|e| (vec![], vec![RegionFailure { region: target.region.clone(), error: e }]));
    let entries: Vec<VaultEntry> = vault.entries().into_iter().filter(|e| !lost.contains(&e.name)).collect();
    // An intent whose key did reach the vault (a stop between the two writes) is void.
    let pending = vault
        .intents()
        .into_iter()
        .filter(|i| {
            let stored = entries.iter().any(|e| e.name == i.name && e.links.iter().any(|l| l.region == i.region));
            if stored {
                let _ = vault.clear_intent(&i.name, &i.region);
            }
            !stored
        })
        .collect();
    let inventory = KeyInventory { pending, lost_from_keychain: lost.to_vec(), instance_failures, ..with_status(listing, &entries, &instances) };
    Ok((inventory, instances))
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
        // A create that was interrupted is settled once its key pair is gone.
        vault.clear_intent(name, &target.region)?;
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

pub fn now_rfc3339() -> String {
    aws_smithy_types::DateTime::from(std::time::SystemTime::now())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}

/// A random id for keychain entries and temp files.
pub(crate) fn new_id(prefix: &str) -> String {
    use rand::Rng;
    let b: [u8; 16] = rand::thread_rng().gen();
    b.iter().fold(prefix.to_string(), |s, x| s + &format!("{x:02x}"))
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

}
