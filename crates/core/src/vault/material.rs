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
        let m = PrivateKeyMaterial::new(b"-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n".to_vec());
        assert!(!format!("{m:?}").contains("secret"));
        assert!(!format!("{m}").contains("secret"));
    }
}
