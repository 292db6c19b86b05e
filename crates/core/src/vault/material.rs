//! Private key bytes: never serialisable, redacted in Debug and Display, zeroised on drop.

use std::fmt;

use zeroize::Zeroizing;

/// The exact bytes of a private key file (PEM or OpenSSH). Byte-exact matters:
/// OpenSSH rejects an ED25519 key that lost its final newline or gained a CR or BOM.
pub struct PrivateKeyMaterial(Zeroizing<Vec<u8>>);

impl PrivateKeyMaterial {
    pub fn new(bytes: Vec<u8>) -> Self {
        PrivateKeyMaterial(Zeroizing::new(bytes))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }
}

impl fmt::Debug for PrivateKeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKeyMaterial(<{} bytes redacted>)", self.0.len())
    }
}

impl fmt::Display for PrivateKeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<private key redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shows_its_bytes() {
        // A key made at test time: no key material is kept in the source tree.
        let key = amikey_keys::generate(amikey_keys::KeyKind::Ed25519, 0).unwrap();
        let m = PrivateKeyMaterial::new(key.private_pem.as_bytes().to_vec());
        let body: Vec<&str> = key.private_pem.lines().filter(|l| !l.starts_with("-----")).collect();
        for shown in [format!("{m:?}"), format!("{m}")] {
            assert!(body.iter().all(|l| !shown.contains(l)), "{shown}");
        }
    }
}
