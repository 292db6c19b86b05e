//! Where secrets live: the OS keychain through keyring (Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows). Windows keeps at most 2,560
//! bytes per secret and a 4096-bit RSA PEM is ~3.2 KB, so every secret is chunked:
//! a header entry (magic, chunk count, length, SHA-256) plus numbered chunks.

use sha2::{Digest, Sha256};

use super::material::PrivateKeyMaterial;
use crate::error::{Error, ErrorCode, Result};

/// The keychain's "service" for every Amikey entry.
pub const SERVICE: &str = "app.amikey.desktop";
/// Below Windows Credential Manager's 2,560-byte limit with room for the header.
pub const CHUNK: usize = 2048;
const MAGIC: &[u8; 4] = b"AMK1";

/// The primitive operations of a secret store, one named secret at a time.
pub trait SecretStore: Send + Sync {
    fn set(&self, name: &str, secret: &[u8]) -> Result<()>;
    /// Ok(None) when there is no such entry.
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>>;
    fn delete(&self, name: &str) -> Result<()>;
}

fn unavailable(what: &str, e: &keyring::Error) -> Error {
    // keyring errors can carry the secret's bytes (BadEncoding): never Debug-print
    // them, only name the kind.
    let kind = match e {
        keyring::Error::PlatformFailure(_) => "the keychain service is not running or not reachable",
        keyring::Error::NoStorageAccess(_) => "the keychain is locked or access was refused",
        keyring::Error::NoDefaultStore => "no keychain is available on this system",
        keyring::Error::TooLong(_, _) => "the secret is too long for this keychain",
        _ => "the keychain answered with an error",
    };
    Error::new(
        ErrorCode::KeychainUnavailable,
        format!("Could not {what}: {kind}. Unlock or start your keychain (on Linux, a Secret Service such as gnome-keyring) and try again."),
    )
}

/// The OS keychain. Nothing falls back to a file or to memory.
pub struct OsKeychain;

impl SecretStore for OsKeychain {
    fn set(&self, name: &str, secret: &[u8]) -> Result<()> {
        let entry = keyring::Entry::new(SERVICE, name).map_err(|e| unavailable("open the keychain", &e))?;
        entry.set_secret(secret).map_err(|e| unavailable("write to the keychain", &e))
    }

    fn get(&self, name: &str) -> Result<Option<Vec<u8>>> {
        let entry = keyring::Entry::new(SERVICE, name).map_err(|e| unavailable("open the keychain", &e))?;
        match entry.get_secret() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable("read from the keychain", &e)),
        }
    }

    fn delete(&self, name: &str) -> Result<()> {
        let entry = keyring::Entry::new(SERVICE, name).map_err(|e| unavailable("open the keychain", &e))?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable("delete from the keychain", &e)),
        }
    }
}

fn chunk_name(id: &str, i: usize) -> String {
    if i == 0 { id.to_string() } else { format!("{id}#{i}") }
}

/// Store `material` under `id`, then read it back and compare: a write that cannot
/// be read back byte for byte is reported, never trusted.
pub fn put(store: &dyn SecretStore, id: &str, material: &PrivateKeyMaterial) -> Result<()> {
    let bytes = material.bytes();
    let chunks: Vec<&[u8]> = if bytes.is_empty() { vec![&[][..]] } else { bytes.chunks(CHUNK).collect() };
    let mut header = Vec::with_capacity(4 + 1 + 4 + 32 + CHUNK);
    header.extend_from_slice(MAGIC);
    header.push(chunks.len() as u8);
    header.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    header.extend_from_slice(&Sha256::digest(bytes));
    header.extend_from_slice(chunks[0]);
    // Later chunks first: the header (which makes the entry visible) goes last.
    for (i, c) in chunks.iter().enumerate().skip(1) {
        store.set(&chunk_name(id, i), c)?;
    }
    store.set(id, &header)?;
    let back = get(store, id)?;
    match back {
        Some(m) if m.bytes() == bytes => Ok(()),
        _ => Err(Error::new(ErrorCode::KeychainUnavailable, "The keychain did not give the key back unchanged after writing it.")),
    }
}

pub fn get(store: &dyn SecretStore, id: &str) -> Result<Option<PrivateKeyMaterial>> {
    let Some(header) = store.get(id)? else { return Ok(None) };
    let corrupt = || Error::new(ErrorCode::Internal, format!("The keychain entry {id} is damaged (it does not check out)."));
    if header.len() < 41 || &header[0..4] != MAGIC {
        return Err(corrupt());
    }
    let count = header[4] as usize;
    let len = u32::from_be_bytes([header[5], header[6], header[7], header[8]]) as usize;
    let sum = &header[9..41];
    let mut bytes = header[41..].to_vec();
    for i in 1..count {
        bytes.extend(store.get(&chunk_name(id, i))?.ok_or_else(corrupt)?);
    }
    if bytes.len() != len || Sha256::digest(&bytes).as_slice() != sum {
        return Err(corrupt());
    }
    Ok(Some(PrivateKeyMaterial::new(bytes)))
}

pub fn delete(store: &dyn SecretStore, id: &str) -> Result<()> {
    let count = match store.get(id)? {
        Some(h) if h.len() >= 5 && &h[0..4] == MAGIC => h[4] as usize,
        _ => 1,
    };
    store.delete(id)?;
    for i in 1..count {
        store.delete(&chunk_name(id, i))?;
    }
    Ok(())
}

/// Write, read back and delete a probe: proves the keychain works before any key
/// depends on it.
pub fn probe(store: &dyn SecretStore) -> Result<()> {
    let name = "amikey-probe";
    store.set(name, b"probe")?;
    let ok = store.get(name)?.as_deref() == Some(&b"probe"[..]);
    store.delete(name)?;
    if ok { Ok(()) } else { Err(Error::new(ErrorCode::KeychainUnavailable, "The keychain did not return what was written to it.")) }
}

#[cfg(test)]
pub mod memory {
    //! An in-memory store with a per-secret size limit, for unit tests (the real
    //! Secret Service is tested in tests/vault.rs).
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::*;

    pub struct LimitedStore {
        pub limit: usize,
        pub map: Mutex<HashMap<String, Vec<u8>>>,
    }

    impl SecretStore for LimitedStore {
        fn set(&self, name: &str, secret: &[u8]) -> Result<()> {
            if secret.len() > self.limit {
                return Err(Error::new(ErrorCode::KeychainUnavailable, "too long"));
            }
            self.map.lock().unwrap().insert(name.to_string(), secret.to_vec());
            Ok(())
        }
        fn get(&self, name: &str) -> Result<Option<Vec<u8>>> {
            Ok(self.map.lock().unwrap().get(name).cloned())
        }
        fn delete(&self, name: &str) -> Result<()> {
            self.map.lock().unwrap().remove(name);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::memory::LimitedStore;
    use super::*;

    #[test]
    fn a_4096_bit_rsa_key_fits_a_windows_sized_store_byte_exact() {
        let store = LimitedStore { limit: 2560, map: Default::default() };
        let key = amikey_keys::generate(amikey_keys::KeyKind::Rsa, 4096).unwrap();
        let pem = key.private_pem.as_bytes().to_vec();
        assert!(pem.len() > 2560, "a 4096-bit PEM is larger than one Windows secret: {}", pem.len());
        put(&store, "k1", &PrivateKeyMaterial::new(pem.clone())).unwrap();
        assert!(store.map.lock().unwrap().values().all(|v| v.len() <= 2560));
        assert_eq!(get(&store, "k1").unwrap().unwrap().bytes(), &pem[..]);
        delete(&store, "k1").unwrap();
        assert!(store.map.lock().unwrap().is_empty());
        assert!(get(&store, "k1").unwrap().is_none());
    }

    #[test]
    fn detects_damage_and_keeps_odd_bytes() {
        let store = LimitedStore { limit: 2560, map: Default::default() };
        let odd = b"\xef\xbb\xbf-----BEGIN\r\nno final newline".to_vec();
        put(&store, "k", &PrivateKeyMaterial::new(odd.clone())).unwrap();
        assert_eq!(get(&store, "k").unwrap().unwrap().bytes(), &odd[..]);
        store.map.lock().unwrap().get_mut("k").unwrap().push(b'x');
        assert_eq!(get(&store, "k").unwrap_err().code, ErrorCode::Internal);
        probe(&store).unwrap();
    }
}
