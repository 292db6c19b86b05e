//! Key formats and AWS's fingerprint rules, written once and used by both the core
//! (matching local keys to key pairs) and the practice sandbox (answering like EC2).
//!
//! AWS's rules (EC2 User Guide, "Verify the fingerprint of your key pair"):
//! - key pair created by AWS, RSA: SHA-1 of the DER PKCS#8 private key, colon hex;
//! - key pair imported, RSA: MD5 of the DER SubjectPublicKeyInfo, colon hex;
//! - ED25519 (created or imported): base64 SHA-256 of the SSH public key blob.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use md5::Md5;
use rsa::pkcs1::{DecodeRsaPublicKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha1::{Digest, Sha1};
use sha2::Sha256;
use ssh_key::public::KeyData;
use ssh_key::{Algorithm, PrivateKey, PublicKey};
use zeroize::Zeroizing;

/// The first line of an OpenSSH private key file (armour only, no key material).
pub const OPENSSH_PRIVATE_HEADER: &str = concat!("-----BEGIN OPENSSH ", "PRIVATE KEY-----");
/// The first line of a PKCS#1 RSA private key, as EC2's CreateKeyPair returns it.
pub const RSA_PKCS1_PRIVATE_HEADER: &str = concat!("-----BEGIN RSA ", "PRIVATE KEY-----");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    Ed25519,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Rsa => "rsa",
            KeyKind::Ed25519 => "ed25519",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("the key is not an RSA or ED25519 public key in OpenSSH, RFC 4716 or base64 DER form")]
    UnsupportedFormat,
    #[error("only RSA and ED25519 keys are supported, not {0}")]
    UnsupportedAlgorithm(String),
    #[error("RSA keys must be 1024 to 16384 bits, this one has {0}")]
    BadRsaSize(usize),
    #[error("could not generate the key: {0}")]
    Generation(String),
    #[error("the key is protected by a passphrase")]
    Encrypted,
    #[error("the passphrase is wrong")]
    WrongPassphrase,
}

/// A freshly generated private key. The PEM text is zeroised when dropped.
pub struct GeneratedKey {
    pub kind: KeyKind,
    /// RSA: PKCS#1 PEM ([`RSA_PKCS1_PRIVATE_HEADER`]), as EC2 returns it. ED25519: OpenSSH.
    pub private_pem: Zeroizing<String>,
    pub public: PublicKey,
    /// The fingerprint EC2 shows for a key pair it created with this key.
    pub aws_created_fingerprint: String,
}

impl std::fmt::Debug for GeneratedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeneratedKey").field("kind", &self.kind).field("private_pem", &"<redacted>").finish()
    }
}

pub fn generate(kind: KeyKind, rsa_bits: usize) -> Result<GeneratedKey, KeyError> {
    let mut rng = rand::rngs::OsRng;
    match kind {
        KeyKind::Rsa => {
            let private = RsaPrivateKey::new(&mut rng, rsa_bits).map_err(|e| KeyError::Generation(e.to_string()))?;
            let pem = private.to_pkcs1_pem(LineEnding::LF).map_err(|e| KeyError::Generation(e.to_string()))?;
            let public = PublicKey::from(KeyData::Rsa(
                ssh_key::public::RsaPublicKey::try_from(private.to_public_key())
                    .map_err(|e| KeyError::Generation(e.to_string()))?,
            ));
            Ok(GeneratedKey {
                kind,
                private_pem: Zeroizing::new(pem.to_string()),
                public,
                aws_created_fingerprint: aws_created_rsa_fingerprint(&private)?,
            })
        }
        KeyKind::Ed25519 => {
            let private =
                PrivateKey::random(&mut rng, Algorithm::Ed25519).map_err(|e| KeyError::Generation(e.to_string()))?;
            let pem = private.to_openssh(ssh_key::LineEnding::LF).map_err(|e| KeyError::Generation(e.to_string()))?;
            let public = private.public_key().clone();
            let fp = ed25519_fingerprint(&public);
            Ok(GeneratedKey { kind, private_pem: Zeroizing::new(pem.to_string()), public, aws_created_fingerprint: fp })
        }
    }
}

/// SHA-1 of the DER PKCS#8 form of the private key, colon hex.
pub fn aws_created_rsa_fingerprint(private: &RsaPrivateKey) -> Result<String, KeyError> {
    let der = private.to_pkcs8_der().map_err(|e| KeyError::Generation(e.to_string()))?;
    Ok(colon_hex(&Sha1::digest(der.as_bytes())))
}

/// MD5 of the DER SubjectPublicKeyInfo, colon hex (not ssh-keygen's MD5 of the SSH blob).
pub fn imported_rsa_fingerprint(public: &RsaPublicKey) -> String {
    let der = public.to_public_key_der().expect("an RSA public key always encodes");
    colon_hex(&Md5::digest(der.as_bytes()))
}

/// Base64 SHA-256 of the SSH wire-format public key, with padding, as EC2 shows it.
pub fn ed25519_fingerprint(public: &PublicKey) -> String {
    let blob = public.to_bytes().expect("a parsed public key always encodes");
    B64.encode(Sha256::digest(blob))
}

/// The fingerprint EC2 shows for a key pair *imported* with this public key.
pub fn imported_fingerprint(public: &PublicKey) -> Result<String, KeyError> {
    match public.key_data() {
        KeyData::Ed25519(_) => Ok(ed25519_fingerprint(public)),
        KeyData::Rsa(rsa) => Ok(imported_rsa_fingerprint(&to_rsa(rsa)?)),
        other => Err(KeyError::UnsupportedAlgorithm(other.algorithm().to_string())),
    }
}

/// The modulus size of an RSA public key (None for other key types).
pub fn rsa_bits(public: &PublicKey) -> Option<u32> {
    match public.key_data() {
        KeyData::Rsa(rsa) => to_rsa(rsa).ok().map(|k| k.n().bits() as u32),
        _ => None,
    }
}

/// The modulus size of an OpenSSH `ssh-rsa AAAA…` line, read from its SSH wire
/// encoding with ssh-key's decoder: unlike [`parse_public_key`] this also works for
/// keys below 2048 bits, which ssh-key refuses, so the health check can flag them.
pub fn rsa_bits_of_line(line: &str) -> Option<u32> {
    use ssh_encoding::Decode;
    let mut fields = line.split_whitespace();
    if fields.next()? != "ssh-rsa" {
        return None;
    }
    let blob = B64.decode(fields.next()?).ok()?;
    let mut reader = &blob[..];
    let algorithm = String::decode(&mut reader).ok()?;
    let _e = ssh_key::Mpint::decode(&mut reader).ok()?;
    let n = ssh_key::Mpint::decode(&mut reader).ok()?;
    let bytes = n.as_positive_bytes()?;
    let first = *bytes.first()?;
    (algorithm == "ssh-rsa").then(|| (bytes.len() as u32 - 1) * 8 + (8 - first.leading_zeros()))
}

pub fn kind_of(public: &PublicKey) -> Result<KeyKind, KeyError> {
    match public.key_data() {
        KeyData::Ed25519(_) => Ok(KeyKind::Ed25519),
        KeyData::Rsa(rsa) => {
            let bits = to_rsa(rsa)?.n().bits();
            if !(1024..=16384).contains(&bits) {
                return Err(KeyError::BadRsaSize(bits));
            }
            Ok(KeyKind::Rsa)
        }
        other => Err(KeyError::UnsupportedAlgorithm(other.algorithm().to_string())),
    }
}

fn to_rsa(key: &ssh_key::public::RsaPublicKey) -> Result<RsaPublicKey, KeyError> {
    RsaPublicKey::try_from(key).map_err(|_| KeyError::UnsupportedFormat)
}

/// Parse public key material in the forms ImportKeyPair accepts: OpenSSH
/// (`ssh-ed25519 AAAA... comment`), RFC 4716 (`---- BEGIN SSH2 PUBLIC KEY ----`), or
/// base64 DER (SubjectPublicKeyInfo or PKCS#1) for RSA.
pub fn parse_public_key(material: &[u8]) -> Result<PublicKey, KeyError> {
    let text = std::str::from_utf8(material).map_err(|_| KeyError::UnsupportedFormat)?.trim();
    if text.starts_with("---- BEGIN SSH2 PUBLIC KEY ----") {
        return parse_rfc4716(text);
    }
    if let Ok(key) = PublicKey::from_openssh(text) {
        kind_of(&key)?;
        return Ok(key);
    }
    let der = B64.decode(text.split_whitespace().collect::<String>()).map_err(|_| KeyError::UnsupportedFormat)?;
    let rsa = RsaPublicKey::from_public_key_der(&der)
        .or_else(|_| RsaPublicKey::from_pkcs1_der(&der))
        .map_err(|_| KeyError::UnsupportedFormat)?;
    let key = PublicKey::from(KeyData::Rsa(
        ssh_key::public::RsaPublicKey::try_from(rsa).map_err(|_| KeyError::UnsupportedFormat)?,
    ));
    kind_of(&key)?;
    Ok(key)
}

/// RFC 4716 §3: header lines are `Tag: value`, possibly continued with a trailing
/// backslash; the rest, up to the END line, is the base64 of the SSH key blob.
fn parse_rfc4716(text: &str) -> Result<PublicKey, KeyError> {
    let mut body = String::new();
    let mut continued = false;
    for line in text.lines().skip(1).map(str::trim) {
        if line.starts_with("---- END SSH2 PUBLIC KEY ----") {
            let blob = B64.decode(&body).map_err(|_| KeyError::UnsupportedFormat)?;
            let key = PublicKey::from_bytes(&blob).map_err(|_| KeyError::UnsupportedFormat)?;
            kind_of(&key)?;
            return Ok(key);
        }
        if continued || line.contains(':') {
            continued = line.ends_with('\\');
            continue;
        }
        body.push_str(line);
    }
    Err(KeyError::UnsupportedFormat)
}

fn colon_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// Fingerprints compare equal regardless of an `SHA256:` prefix, base64 padding or
/// hex case, which differ between AWS, ssh-keygen and openssl output.
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        let s = s.trim();
        let s = s.strip_prefix("SHA256:").or_else(|| s.strip_prefix("MD5:")).unwrap_or(s);
        let s = s.trim_end_matches('=');
        if s.contains(':') { s.to_ascii_lowercase() } else { s.to_string() }
    }
    norm(a) == norm(b)
}

/// The OpenSSH one-line form of a public key (what EC2 returns with IncludePublicKey).
pub fn openssh_line(public: &PublicKey) -> String {
    public.to_openssh().unwrap_or_default()
}

/// What a private key file tells about itself: its type, public key, and every
/// fingerprint EC2 could show for a key pair made from it.
#[derive(Debug, Clone)]
pub struct PrivateKeyInfo {
    pub kind: KeyKind,
    pub public: PublicKey,
    pub fingerprints: Vec<String>,
    /// A passphrase-protected OpenSSH key read without its passphrase: only the
    /// public half was seen, so `fingerprints` lacks the AWS-created RSA one.
    pub encrypted: bool,
}

/// ssh-key's own conversion rejects keys that ssh-keygen writes (it checks more
/// than it needs), so the RSA key is rebuilt from its components.
fn rsa_from_openssh(pair: &ssh_key::private::RsaKeypair) -> Result<RsaPrivateKey, KeyError> {
    let big = |m: &ssh_key::Mpint| m.as_positive_bytes().map(rsa::BigUint::from_bytes_be).ok_or(KeyError::UnsupportedFormat);
    RsaPrivateKey::from_components(
        big(&pair.public.n)?,
        big(&pair.public.e)?,
        big(&pair.private.d)?,
        vec![big(&pair.private.p)?, big(&pair.private.q)?],
    )
    .map_err(|_| KeyError::UnsupportedFormat)
}

/// Parse a private key in OpenSSH, PKCS#1 or PKCS#8 PEM form (RSA or ED25519).
pub fn inspect_private_key(bytes: &[u8]) -> Result<PrivateKeyInfo, KeyError> {
    inspect_private_key_with(bytes, None)
}

/// As [`inspect_private_key`]; a passphrase-protected OpenSSH key is decrypted with
/// `passphrase` when given (and checked), and otherwise described by its public half,
/// which OpenSSH stores in the clear.
pub fn inspect_private_key_with(bytes: &[u8], passphrase: Option<&str>) -> Result<PrivateKeyInfo, KeyError> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::pkcs8::DecodePrivateKey;
    let text = std::str::from_utf8(bytes).map_err(|_| KeyError::UnsupportedFormat)?;
    let rsa_info = |private: RsaPrivateKey| -> Result<PrivateKeyInfo, KeyError> {
        let public = PublicKey::from(KeyData::Rsa(
            ssh_key::public::RsaPublicKey::try_from(private.to_public_key()).map_err(|_| KeyError::UnsupportedFormat)?,
        ));
        Ok(PrivateKeyInfo {
            kind: KeyKind::Rsa,
            fingerprints: vec![imported_rsa_fingerprint(&private.to_public_key()), aws_created_rsa_fingerprint(&private)?],
            public,
            encrypted: false,
        })
    };
    if let Ok(mut k) = PrivateKey::from_openssh(text) {
        if k.is_encrypted() {
            match passphrase {
                Some(p) => k = k.decrypt(p).map_err(|_| KeyError::WrongPassphrase)?,
                None => {
                    let public = k.public_key().clone();
                    return Ok(PrivateKeyInfo { kind: kind_of(&public)?, fingerprints: vec![imported_fingerprint(&public)?], public, encrypted: true });
                }
            }
        }
        return match k.key_data() {
            ssh_key::private::KeypairData::Ed25519(_) => {
                let public = k.public_key().clone();
                Ok(PrivateKeyInfo { kind: KeyKind::Ed25519, fingerprints: vec![ed25519_fingerprint(&public)], public, encrypted: false })
            }
            ssh_key::private::KeypairData::Rsa(pair) => rsa_info(rsa_from_openssh(pair)?),
            other => Err(KeyError::UnsupportedAlgorithm(other.algorithm().map(|a| a.to_string()).unwrap_or_default())),
        };
    }
    if let Ok(private) = RsaPrivateKey::from_pkcs1_pem(text) {
        return rsa_info(private);
    }
    if let Ok(private) = RsaPrivateKey::from_pkcs8_pem(text) {
        return rsa_info(private);
    }
    if text.contains("ENCRYPTED") {
        return Err(KeyError::Encrypted);
    }
    Err(KeyError::UnsupportedFormat)
}

#[cfg(test)]
mod tests;
