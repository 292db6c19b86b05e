//! Key files on disk: bringing loose private keys into the vault (one file, or a
//! scan of ~/.ssh and other folders), importing a `.pub` file, and writing a vault
//! key back out (Export, Save for SSH) with mode 0600 and no clobbering.

use std::io::Write;
use std::path::{Path, PathBuf};

use amikey_keys::{inspect_private_key_with, openssh_line, same_fingerprint, KeyError, PrivateKeyInfo};
use serde::{Deserialize, Serialize};

use crate::access::{Aws, Target};
use crate::error::{Error, ErrorCode, Result};
use crate::keyflows::{import_into, new_id, now_rfc3339, validate_key_name};
use crate::keypairs::KeyPair;
use crate::regions::RegionFailure;
use crate::vault::{KeyLink, KeySource, PrivateKeyMaterial, Vault, VaultEntry};

/// Private key files are small; anything bigger is not one (and is not read whole).
const MAX_KEY_FILE: u64 = 64 * 1024;

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
    /// Protected by a passphrase (importing it asks for it).
    pub encrypted: bool,
    /// The vault key that is the same key, if any: the file is a loose copy.
    pub vault_name: Option<String>,
    /// Readable by group or others: ssh refuses to use such a file.
    pub too_open: bool,
}

fn read_key_file(path: &Path) -> Result<PrivateKeyMaterial> {
    let meta = std::fs::metadata(path).map_err(|e| Error::new(ErrorCode::File, format!("Could not read {}: {e}", path.display())))?;
    if !meta.is_file() || meta.len() > MAX_KEY_FILE {
        return Err(Error::new(ErrorCode::File, format!("{} is not a key file (keys are small text files).", path.display())));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::new(ErrorCode::File, format!("Could not read {}: {e}", path.display())))?;
    Ok(PrivateKeyMaterial::new(bytes))
}

fn too_open(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).map(|m| m.permissions().mode() & 0o077 != 0).unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

fn links_for(info: &PrivateKeyInfo, key_pairs: &[KeyPair], account: &str) -> Vec<KeyLink> {
    key_pairs
        .iter()
        .filter(|k| info.fingerprints.iter().any(|f| same_fingerprint(f, &k.fingerprint)))
        .map(|k| KeyLink { account: account.to_string(), region: k.region.clone(), key_pair_id: k.key_pair_id.clone(), key_pair_name: k.name.clone() })
        .collect()
}

/// The vault entry holding the same key (by any fingerprint).
fn same_key_in_vault(vault: &Vault, fingerprints: &[String]) -> Option<VaultEntry> {
    vault.entries().into_iter().find(|e| e.fingerprints.iter().any(|a| fingerprints.iter().any(|b| same_fingerprint(a, b))))
}

/// Which key pairs, in which regions, each private key file opens (read-only).
pub async fn match_files(aws: &Aws, vault: &Vault, home: &Target, paths: &[PathBuf]) -> Result<Vec<FileMatch>> {
    let found = crate::keypairs::list_key_pairs_all_regions(aws, home).await?;
    Ok(paths
        .iter()
        .map(|p| {
            let path = p.display().to_string();
            let info = read_key_file(p).and_then(|m| inspect_private_key_with(m.bytes(), None).map_err(|e| Error::invalid_input(e.to_string())));
            match info {
                Ok(info) => FileMatch {
                    path,
                    key_type: Some(info.kind.as_str().to_string()),
                    opens: links_for(&info, &found.key_pairs, ""),
                    vault_name: same_key_in_vault(vault, &info.fingerprints).map(|e| e.name),
                    encrypted: info.encrypted,
                    too_open: too_open(p),
                    fingerprints: info.fingerprints,
                    problem: None,
                },
                Err(e) => FileMatch {
                    path,
                    key_type: None,
                    fingerprints: vec![],
                    opens: vec![],
                    problem: Some(e.message),
                    encrypted: false,
                    vault_name: None,
                    too_open: false,
                },
            }
        })
        .collect())
}

/// Files in `dir` (not its subfolders) that look like private keys: small, and
/// starting with a PEM "PRIVATE KEY" armour line. `.pub`, `known_hosts` and the
/// like never do.
pub fn candidate_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::new(ErrorCode::File, format!("Could not read the folder {}: {e}", dir.display())))?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.metadata().map(|m| m.is_file() && m.len() <= MAX_KEY_FILE).unwrap_or(false))
        .filter(|p| {
            let mut head = [0u8; 64];
            let n = std::fs::File::open(p).and_then(|mut f| std::io::Read::read(&mut f, &mut head)).unwrap_or(0);
            let head = String::from_utf8_lossy(&head[..n]);
            head.trim_start().starts_with("-----BEGIN") && head.contains("PRIVATE KEY")
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The user's `~/.ssh`, where loose keys usually are.
pub fn ssh_dir() -> Result<PathBuf> {
    std::env::home_dir()
        .map(|h| h.join(".ssh"))
        .ok_or_else(|| Error::new(ErrorCode::File, "Could not find your home folder."))
}

/// Practice mode's stand-in for ~/Downloads, inside the data folder.
pub fn practice_downloads(data_dir: &Path) -> PathBuf {
    data_dir.join("practice-downloads")
}

/// Put one classic mistake where the practice health check finds it: a private key
/// left in "Downloads", readable by everyone. It is a throwaway key that opens
/// nothing. Written only when the folder does not exist yet (first run, or after a
/// reset), so vaulting it for practice makes it go for good.
pub fn seed_practice_loose_key(data_dir: &Path) -> Result<()> {
    let dir = practice_downloads(data_dir);
    if dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::new(ErrorCode::File, format!("Could not create {}: {e}", dir.display())))?;
    let key = amikey_keys::generate(amikey_keys::KeyKind::Ed25519, 0).map_err(|e| Error::internal(e.to_string()))?;
    let path = dir.join("old-deploy.pem");
    write_private_file(&path, key.private_pem.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).map_err(|e| Error::new(ErrorCode::File, e.to_string()))?;
    }
    Ok(())
}

/// Every private key file in `dirs`, matched to key pairs and to the vault.
pub async fn scan(aws: &Aws, vault: &Vault, home: &Target, dirs: &[PathBuf]) -> Result<Vec<FileMatch>> {
    let mut files = Vec::new();
    for d in dirs {
        if d.exists() {
            files.extend(candidate_files(d)?);
        }
    }
    match_files(aws, vault, home, &files).await
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImportOutcome {
    pub entry: VaultEntry,
    /// The key pairs (any enabled region) this key opens, found by fingerprint.
    pub matches: Vec<KeyLink>,
    /// Regions that could not be searched.
    pub failures: Vec<RegionFailure>,
    /// The same key was in the vault already (`entry` is that one); nothing was added.
    pub already_in_vault: bool,
    /// True once the vault copy was read back and checked against the file: the
    /// loose file can go.
    pub verified: bool,
    /// True when the loose file was deleted (only when asked and verified).
    pub file_deleted: bool,
}

/// Read the key, with its passphrase when it has one; the flag says it had one.
fn unlock(path: &Path, material: &PrivateKeyMaterial, passphrase: Option<&str>) -> Result<(PrivateKeyInfo, bool)> {
    let seen = inspect_private_key_with(material.bytes(), None).map_err(|e| match e {
        KeyError::Encrypted => Error::invalid_input(format!(
            "{} is passphrase-protected PEM, which Amikey cannot read; convert it with `ssh-keygen -p -f {}` (it becomes OpenSSH format) and try again.",
            path.display(),
            path.display()
        )),
        other => Error::invalid_input(format!("{} is not a private key Amikey can read: {other}.", path.display())),
    })?;
    if !seen.encrypted {
        return Ok((seen, false));
    }
    let Some(p) = passphrase.filter(|p| !p.is_empty()) else {
        return Err(Error::new(
            ErrorCode::PassphraseRequired,
            format!("{} is protected by a passphrase. Enter it so Amikey can check the key; it is stored still protected, exactly as the file is.", path.display()),
        ));
    };
    inspect_private_key_with(material.bytes(), Some(p))
        .map(|info| (info, true))
        .map_err(|_| Error::new(ErrorCode::PassphraseRequired, format!("That passphrase does not open {}. Try again.", path.display())))
}

/// Bring a loose private key file into the vault, byte-exact, linked to the key
/// pairs it opens in every region; delete the file afterwards only if asked and
/// the vault copy checks out. A key that is in the vault already is not added
/// twice, but its loose copy can still go.
pub async fn import_file(
    aws: &Aws,
    vault: &Vault,
    home: &Target,
    path: &Path,
    name: Option<String>,
    passphrase: Option<&str>,
    delete_file: bool,
) -> Result<ImportOutcome> {
    let material = read_key_file(path)?;
    let (info, encrypted) = unlock(path, &material, passphrase)?;
    let name = name.unwrap_or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "imported-key".into()));
    validate_key_name(&name)?;
    let found = crate::keypairs::list_key_pairs_all_regions(aws, home).await?;
    let account = aws.account_id(home).await.unwrap_or_default();
    let matches = links_for(&info, &found.key_pairs, &account);
    let (entry, already_in_vault) = match same_key_in_vault(vault, &info.fingerprints) {
        Some(existing) => (existing, true),
        None => {
            let entry = VaultEntry {
                id: new_id("key/"),
                name: name.clone(),
                key_type: info.kind.as_str().to_string(),
                bits: None,
                fingerprints: info.fingerprints.clone(),
                public_key: openssh_line(&info.public),
                created: now_rfc3339(),
                source: KeySource::ImportedFile,
                links: matches.clone(),
                encrypted,
                saved_to: vec![],
            };
            vault.add(entry.clone(), &material)?;
            (entry, false)
        }
    };
    // The loose copy may go once the vault holds a readable copy of the same key.
    let verified = vault
        .material(&entry.name)
        .ok()
        .map(|m| m.bytes() == material.bytes() || inspect_private_key_with(m.bytes(), passphrase).map(|i| i.public == info.public).unwrap_or(false))
        .unwrap_or(false);
    let file_deleted = delete_file && verified && std::fs::remove_file(path).is_ok();
    Ok(ImportOutcome { entry, matches, failures: found.failures, already_in_vault, verified, file_deleted })
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PublicImport {
    /// Regions where the public key was imported.
    pub imported: Vec<KeyLink>,
    pub failures: Vec<RegionFailure>,
    /// The vault key whose public half this is, if any (now linked to the new key pairs).
    pub vault_name: Option<String>,
}

/// Import a public key file (OpenSSH, RFC 4716 or base64 DER) as key pair `name`
/// into each target. The file is checked before any call to AWS.
pub async fn import_public_file(aws: &Aws, vault: &Vault, targets: &[Target], name: &str, path: &Path) -> Result<PublicImport> {
    validate_key_name(name)?;
    if targets.is_empty() {
        return Err(Error::invalid_input("Choose at least one region."));
    }
    let bytes = read_key_file(path)?;
    let public = amikey_keys::parse_public_key(bytes.bytes())
        .map_err(|e| Error::invalid_input(format!("{} is not a public key EC2 can import: {e}.", path.display())))?;
    let fingerprint = amikey_keys::imported_fingerprint(&public).map_err(|e| Error::invalid_input(e.to_string()))?;
    let (imported, failures) = import_into(aws, targets, name, &openssh_line(&public)).await;
    let vault_name = same_key_in_vault(vault, &[fingerprint]).map(|e| e.name);
    if let Some(v) = &vault_name {
        let links = imported.clone();
        vault.update(v, |e| e.links.extend(links))?;
    }
    Ok(PublicImport { imported, failures, vault_name })
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
            "\"{}\" is {} key stored in OpenSSH format; it can only be exported in that format.",
            entry.name,
            if entry.encrypted { "a passphrase-protected" } else if entry.key_type == "rsa" { "an RSA" } else { "an ED25519" }
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

/// The format a key is stored in, so that an export of it is byte-exact.
fn native_format(material: &PrivateKeyMaterial) -> ExportFormat {
    match material.as_str() {
        Some(t) if t.starts_with(amikey_keys::OPENSSH_PRIVATE_HEADER) => ExportFormat::Openssh,
        _ => ExportFormat::Pem,
    }
}

/// Write the key to `path`, only there, only if nothing is there yet (not even a
/// dangling symlink), readable by the user alone (0600), all at once. The path is
/// remembered for the SSH command.
pub fn export(vault: &Vault, name: &str, path: &Path, format: ExportFormat) -> Result<()> {
    let entry = vault.find(name).ok_or_else(|| Error::new(ErrorCode::NotFound, format!("There is no key named \"{name}\" in the vault.")))?;
    let material = in_format(&entry, vault.material(name)?, format)?;
    write_private_file(path, material.bytes())?;
    remember_saved(vault, name, path)
}

fn remember_saved(vault: &Vault, name: &str, path: &Path) -> Result<()> {
    let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string();
    vault.update(name, |e| {
        e.saved_to.retain(|p| p != &shown);
        e.saved_to.insert(0, shown);
    })
}

/// Save a vault key where ssh looks for keys, `~/.ssh/NAME` (`NAME.pem` for PEM),
/// in the format it is stored in. Saving again is a no-op; a different file of
/// that name is never replaced. Returns the path.
pub fn save_for_ssh(vault: &Vault, name: &str, ssh_dir: &Path) -> Result<String> {
    let material = vault.material(name)?;
    let safe: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
    let format = native_format(&material);
    let file = if format == ExportFormat::Pem { format!("{safe}.pem") } else { safe };
    if !ssh_dir.exists() {
        std::fs::create_dir_all(ssh_dir).map_err(|e| Error::new(ErrorCode::File, format!("Could not create {}: {e}", ssh_dir.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(ssh_dir, std::fs::Permissions::from_mode(0o700));
        }
    }
    let path = ssh_dir.join(file);
    match std::fs::read(&path) {
        Ok(existing) if existing == material.bytes() => remember_saved(vault, name, &path)?,
        Ok(_) => {
            return Err(Error::new(
                ErrorCode::File,
                format!("{} already exists and holds a different key; Amikey never overwrites a file. Use Export… to pick another name.", path.display()),
            ))
        }
        Err(_) => export(vault, name, &path, format)?,
    }
    Ok(path.display().to_string())
}

pub fn write_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let file_err = |what: &str, e: std::io::Error| Error::new(ErrorCode::File, format!("Could not {what} {}: {e}", path.display()));
    if path.symlink_metadata().is_ok() {
        return Err(Error::new(ErrorCode::File, format!("{} already exists; Amikey never overwrites a file. Choose another name.", path.display())));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(new_id(".amikey-export-"));
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
    // A hard link never replaces an existing file: no clobbering even in a race.
    let linked = written.and_then(|_| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    linked.map_err(|e| file_err("write", e))
}

#[cfg(test)]
mod tests {
    use super::*;

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
