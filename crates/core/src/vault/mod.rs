//! The key vault: private keys in the OS keychain, and a non-secret index of what
//! is there (name, type, fingerprints, which key pairs in which regions) in the
//! data folder. The index never holds key material.

pub mod material;
pub mod store;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
pub use material::PrivateKeyMaterial;
use store::SecretStore;

const INDEX_FILE: &str = "vault-index.json";
const INTENTS_FILE: &str = "vault-intents.json";

/// Written before asking AWS to create a key pair, removed once its private key is
/// safe: one left behind after a crash names a key pair whose private key is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Intent {
    pub name: String,
    pub region: String,
    /// RFC 3339.
    pub started: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// Generated on this machine; only the public key went to AWS.
    GeneratedHere,
    /// Created by EC2 (CreateKeyPair); the private key came back once.
    CreatedByAws,
    /// Imported from a file.
    ImportedFile,
}

/// A key pair on AWS that this vault key opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct KeyLink {
    pub account: String,
    pub region: String,
    pub key_pair_id: String,
    pub key_pair_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct VaultEntry {
    /// The keychain entry's name.
    pub id: String,
    pub name: String,
    /// "rsa" or "ed25519".
    pub key_type: String,
    pub bits: Option<u32>,
    /// Every fingerprint EC2 could show for this key (see amikey-keys).
    pub fingerprints: Vec<String>,
    pub public_key: String,
    /// RFC 3339.
    pub created: String,
    pub source: KeySource,
    pub links: Vec<KeyLink>,
    /// Stored as the user's file was: protected by its passphrase.
    #[serde(default)]
    pub encrypted: bool,
    /// Files this key was exported to (for `ssh -i`); they may since have moved.
    #[serde(default)]
    pub saved_to: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    entries: Vec<VaultEntry>,
}

pub struct Vault {
    store: Box<dyn SecretStore>,
    index_path: PathBuf,
    // Serialises index updates within the process.
    lock: Mutex<()>,
}

impl Vault {
    /// The OS keychain, checked with a probe first: if it does not work, say so
    /// (`keychain_unavailable`) rather than keep keys anywhere else.
    pub fn open(data_dir: &Path) -> Result<Vault> {
        let vault = Vault::with_store(data_dir, Box::new(store::OsKeychain));
        store::probe(vault.store.as_ref())?;
        Ok(vault)
    }

    /// The OS keychain without the probe: for reading the index (listing), which
    /// must work even when the keychain is locked.
    pub fn open_unchecked(data_dir: &Path) -> Vault {
        Vault::with_store(data_dir, Box::new(store::OsKeychain))
    }

    pub fn with_store(data_dir: &Path, store: Box<dyn SecretStore>) -> Vault {
        Vault { store, index_path: data_dir.join(INDEX_FILE), lock: Mutex::new(()) }
    }

    pub fn intents(&self) -> Vec<Intent> {
        std::fs::read(self.intents_path()).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn record_intent(&self, intent: Intent) -> Result<()> {
        let mut all = self.intents();
        all.retain(|i| !(i.name == intent.name && i.region == intent.region));
        all.push(intent);
        self.write_intents(&all)
    }

    pub fn clear_intent(&self, name: &str, region: &str) -> Result<()> {
        let mut all = self.intents();
        all.retain(|i| !(i.name == name && i.region == region));
        self.write_intents(&all)
    }

    fn intents_path(&self) -> PathBuf {
        self.index_path.with_file_name(INTENTS_FILE)
    }

    fn write_intents(&self, all: &[Intent]) -> Result<()> {
        let body = serde_json::to_vec_pretty(all).map_err(|e| Error::internal(e.to_string()))?;
        std::fs::write(self.intents_path(), body)
            .map_err(|e| Error::new(ErrorCode::File, format!("Could not record the key pair about to be created: {e}")))
    }

    /// The index, readable even when the keychain is locked (it holds no secrets).
    pub fn entries(&self) -> Vec<VaultEntry> {
        read_index(&self.index_path).entries
    }

    pub fn find(&self, name: &str) -> Option<VaultEntry> {
        self.entries().into_iter().find(|e| e.name == name)
    }

    /// Keychain first, then the index: an entry in the index always has its key.
    pub fn add(&self, entry: VaultEntry, material: &PrivateKeyMaterial) -> Result<()> {
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut index = read_index(&self.index_path);
        if index.entries.iter().any(|e| e.name == entry.name) {
            return Err(Error::new(ErrorCode::Conflict, format!("The vault already has a key named \"{}\".", entry.name)));
        }
        store::put(self.store.as_ref(), &entry.id, material)?;
        index.entries.push(entry);
        write_index(&self.index_path, &index)
    }

    pub fn update(&self, name: &str, change: impl FnOnce(&mut VaultEntry)) -> Result<()> {
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut index = read_index(&self.index_path);
        let e = index.entries.iter_mut().find(|e| e.name == name).ok_or_else(|| not_in_vault(name))?;
        change(e);
        write_index(&self.index_path, &index)
    }

    pub fn material(&self, name: &str) -> Result<PrivateKeyMaterial> {
        let e = self.find(name).ok_or_else(|| not_in_vault(name))?;
        store::get(self.store.as_ref(), &e.id)?.ok_or_else(|| {
            Error::new(ErrorCode::NotFound, format!("The keychain no longer holds the private key of \"{name}\" (it was removed outside Amikey)."))
        })
    }

    /// Index entry last: if deleting from the keychain fails, the entry stays listed.
    pub fn remove(&self, name: &str) -> Result<()> {
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut index = read_index(&self.index_path);
        let e = index.entries.iter().find(|e| e.name == name).cloned().ok_or_else(|| not_in_vault(name))?;
        store::delete(self.store.as_ref(), &e.id)?;
        index.entries.retain(|x| x.name != name);
        write_index(&self.index_path, &index)
    }
}

impl Vault {
    /// Start-up check of the index against the keychain: the names of entries whose
    /// private key the keychain no longer holds intact (deleted or damaged outside
    /// Amikey). A locked or missing keychain is an error, not a finding.
    pub fn reconcile(&self) -> Result<Vec<String>> {
        let mut lost = Vec::new();
        for e in self.entries() {
            match store::get(self.store.as_ref(), &e.id) {
                Ok(Some(_)) => {}
                Ok(None) => lost.push(e.name),
                Err(err) if err.code == ErrorCode::KeychainUnavailable => return Err(err),
                Err(_) => lost.push(e.name),
            }
        }
        Ok(lost)
    }
}

fn not_in_vault(name: &str) -> Error {
    Error::new(ErrorCode::NotFound, format!("There is no key named \"{name}\" in the vault."))
}

fn read_index(path: &Path) -> Index {
    std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

fn write_index(path: &Path, index: &Index) -> Result<()> {
    let body = serde_json::to_vec_pretty(index).map_err(|e| Error::internal(e.to_string()))?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, body)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| Error::new(ErrorCode::File, format!("Could not save the vault index {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::store::memory::LimitedStore;
    use super::*;

    fn entry(name: &str) -> VaultEntry {
        VaultEntry {
            id: format!("id-{name}"),
            name: name.into(),
            key_type: "ed25519".into(),
            bits: None,
            fingerprints: vec!["fp".into()],
            public_key: "ssh-ed25519 AAAA".into(),
            created: "2026-01-01T00:00:00Z".into(),
            source: KeySource::GeneratedHere,
            links: vec![],
            encrypted: false,
            saved_to: vec![],
        }
    }

    #[test]
    fn add_find_update_remove() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::with_store(dir.path(), Box::new(LimitedStore { limit: 2560, map: Default::default() }));
        v.add(entry("a"), &PrivateKeyMaterial::new(b"secret-a\n".to_vec())).unwrap();
        assert_eq!(v.add(entry("a"), &PrivateKeyMaterial::new(vec![])).unwrap_err().code, ErrorCode::Conflict);
        assert_eq!(v.material("a").unwrap().bytes(), b"secret-a\n");
        let index = std::fs::read_to_string(dir.path().join(INDEX_FILE)).unwrap();
        assert!(!index.contains("secret-a"), "the index holds no key material");
        v.update("a", |e| e.links.push(KeyLink { account: "1".into(), region: "r".into(), key_pair_id: "key-1".into(), key_pair_name: "a".into() })).unwrap();
        assert_eq!(v.find("a").unwrap().links.len(), 1);
        assert!(v.reconcile().unwrap().is_empty());
        v.add(entry("b"), &PrivateKeyMaterial::new(b"secret-b\n".to_vec())).unwrap();
        v.store.delete("id-b").unwrap();
        assert_eq!(v.reconcile().unwrap(), ["b"], "a key removed from the keychain behind Amikey's back is found");
        v.remove("b").unwrap();
        v.remove("a").unwrap();
        assert!(v.find("a").is_none());
        assert_eq!(v.material("a").unwrap_err().code, ErrorCode::NotFound);
    }
}
