//! Fingerprints checked against the commands in AWS's "Verify the fingerprint of
//! your key pair" page, run on keys generated here.

use std::process::Command;

use super::*;

fn run(shell: &str) -> String {
    let out = Command::new("bash").args(["-c", shell]).output().expect("bash");
    assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // openssl prints "(stdin)= ab:cd..." or "SHA1(stdin)= ..."
    text.rsplit("= ").next().unwrap().trim().to_string()
}

fn write(dir: &tempfile::TempDir, name: &str, body: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, body).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    p.display().to_string()
}

#[test]
fn rsa_fingerprints_match_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let key = generate(KeyKind::Rsa, 2048).unwrap();
    assert!(key.private_pem.starts_with(&format!("{RSA_PKCS1_PRIVATE_HEADER}\n")));
    let path = write(&dir, "k.pem", &key.private_pem);

    // Created by AWS: openssl pkcs8 ... -topk8 -nocrypt | openssl sha1 -c
    let want = run(&format!("openssl pkcs8 -in {path} -inform PEM -outform DER -topk8 -nocrypt | openssl sha1 -c"));
    assert_eq!(key.aws_created_fingerprint, want);

    // Imported: openssl rsa -in key -pubout -outform DER | openssl md5 -c
    let want = run(&format!("openssl rsa -in {path} -pubout -outform DER 2>/dev/null | openssl md5 -c"));
    assert_eq!(imported_fingerprint(&key.public).unwrap(), want);
    assert_eq!(kind_of(&key.public).unwrap(), KeyKind::Rsa);
}

#[test]
fn ed25519_fingerprint_matches_ssh_keygen() {
    let dir = tempfile::tempdir().unwrap();
    let key = generate(KeyKind::Ed25519, 0).unwrap();
    assert!(key.private_pem.starts_with(&format!("{OPENSSH_PRIVATE_HEADER}\n")));
    let path = write(&dir, "k", &key.private_pem);
    // ssh-keygen -l -f key prints "256 SHA256:<base64, no padding> comment (ED25519)"
    let out = Command::new("ssh-keygen").args(["-l", "-f", &path]).output().unwrap();
    let line = String::from_utf8(out.stdout).unwrap();
    let ssh_fp = line.split_whitespace().nth(1).unwrap();
    assert!(same_fingerprint(&key.aws_created_fingerprint, ssh_fp), "{} vs {ssh_fp}", key.aws_created_fingerprint);
    assert!(key.aws_created_fingerprint.ends_with('='), "AWS shows base64 with padding");
    assert_eq!(imported_fingerprint(&key.public).unwrap(), key.aws_created_fingerprint);
}

#[test]
fn parses_openssh_rfc4716_and_der_public_keys() {
    let dir = tempfile::tempdir().unwrap();
    let rsa = generate(KeyKind::Rsa, 2048).unwrap();
    let path = write(&dir, "r.pem", &rsa.private_pem);
    let want = imported_fingerprint(&rsa.public).unwrap();

    let openssh = openssh_line(&rsa.public);
    assert_eq!(imported_fingerprint(&parse_public_key(openssh.as_bytes()).unwrap()).unwrap(), want);

    // RFC 4716, as ssh-keygen -e writes it (with a Comment header).
    let pubpath = write(&dir, "r.pub", &format!("{openssh} me@example\n"));
    let rfc = Command::new("ssh-keygen").args(["-e", "-f", &pubpath]).output().unwrap();
    let rfc = String::from_utf8(rfc.stdout).unwrap();
    assert!(rfc.starts_with("---- BEGIN SSH2 PUBLIC KEY ----"), "{rfc}");
    assert_eq!(imported_fingerprint(&parse_public_key(rfc.as_bytes()).unwrap()).unwrap(), want);

    // Base64 DER SubjectPublicKeyInfo.
    let der = Command::new("bash")
        .args(["-c", &format!("openssl rsa -in {path} -pubout -outform DER 2>/dev/null | base64 -w0")])
        .output()
        .unwrap();
    assert_eq!(imported_fingerprint(&parse_public_key(&der.stdout).unwrap()).unwrap(), want);

    let ed = generate(KeyKind::Ed25519, 0).unwrap();
    let parsed = parse_public_key(format!("{}  \n", openssh_line(&ed.public)).as_bytes()).unwrap();
    assert_eq!(kind_of(&parsed).unwrap(), KeyKind::Ed25519);
}

#[test]
fn rejects_what_aws_rejects() {
    assert_eq!(parse_public_key(b"not a key").unwrap_err(), KeyError::UnsupportedFormat);
    assert_eq!(parse_public_key(b"").unwrap_err(), KeyError::UnsupportedFormat);
    // An ECDSA key is a valid OpenSSH key but not a type EC2 imports.
    let ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEGQ3Tz2MNJSWtsjXmHk6bLnq+pu0azHBt6Es2w9oXsB0F+Hgj8UY2xvqXGG9f8a1Ma/wUL0ZFDGK0ZFwJalAU8= x";
    assert!(matches!(parse_public_key(ecdsa.as_bytes()), Err(KeyError::UnsupportedAlgorithm(_))));
}

#[test]
fn fingerprints_compare_loosely() {
    assert!(same_fingerprint("SHA256:abcDEF", "abcDEF="));
    assert!(same_fingerprint("AB:CD", "ab:cd"));
    assert!(!same_fingerprint("abcDEF", "abcdef"));
}

#[test]
fn inspects_private_keys_in_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let rsa = generate(KeyKind::Rsa, 2048).unwrap();
    let info = inspect_private_key(rsa.private_pem.as_bytes()).unwrap();
    assert_eq!(info.kind, KeyKind::Rsa);
    assert!(info.fingerprints.contains(&rsa.aws_created_fingerprint));
    let path = write(&dir, "k.pem", &rsa.private_pem);
    // The same key as PKCS#8 and as OpenSSH gives the same fingerprints.
    let pkcs8 = run_raw(&format!("openssl pkcs8 -topk8 -nocrypt -in {path}"));
    assert_eq!(inspect_private_key(pkcs8.as_bytes()).unwrap().fingerprints, info.fingerprints);
    run_raw(&format!("ssh-keygen -p -N '' -f {path} -o >/dev/null"));
    let openssh = std::fs::read_to_string(&path).unwrap();
    assert!(openssh.starts_with(OPENSSH_PRIVATE_HEADER));
    assert_eq!(inspect_private_key(openssh.as_bytes()).unwrap().fingerprints, info.fingerprints);

    let ed = generate(KeyKind::Ed25519, 0).unwrap();
    assert_eq!(inspect_private_key(ed.private_pem.as_bytes()).unwrap().fingerprints, vec![ed.aws_created_fingerprint.clone()]);
    let epath = write(&dir, "e", &ed.private_pem);
    run_raw(&format!("ssh-keygen -p -N secret -f {epath} >/dev/null"));
    let locked = std::fs::read(&epath).unwrap();
    // Without the passphrase: the public half (stored in the clear) still matches.
    let seen = inspect_private_key(&locked).unwrap();
    assert!(seen.encrypted);
    assert_eq!(seen.fingerprints, vec![ed.aws_created_fingerprint.clone()]);
    assert_eq!(inspect_private_key_with(&locked, Some("wrong")).unwrap_err(), KeyError::WrongPassphrase);
    let opened = inspect_private_key_with(&locked, Some("secret")).unwrap();
    assert!(!opened.encrypted);
    assert_eq!(opened.fingerprints, seen.fingerprints);

    // An encrypted RSA key: with the passphrase, the AWS-created fingerprint too.
    run_raw(&format!("ssh-keygen -p -N pass2 -P '' -f {path} >/dev/null"));
    let rsa_locked = std::fs::read(&path).unwrap();
    assert_eq!(inspect_private_key(&rsa_locked).unwrap().fingerprints, vec![info.fingerprints[0].clone()]);
    assert_eq!(inspect_private_key_with(&rsa_locked, Some("pass2")).unwrap().fingerprints, info.fingerprints);
    assert_eq!(inspect_private_key(b"nope").unwrap_err(), KeyError::UnsupportedFormat);
}

fn run_raw(shell: &str) -> String {
    let out = Command::new("bash").args(["-c", shell]).output().unwrap();
    assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn rsa_sizes_are_read_even_for_weak_keys() {
    let weak = generate(KeyKind::Rsa, 1024).unwrap();
    assert_eq!(rsa_bits_of_line(&openssh_line(&weak.public)), Some(1024));
    let strong = generate(KeyKind::Rsa, 3072).unwrap();
    assert_eq!(rsa_bits_of_line(&openssh_line(&strong.public)), Some(3072));
    let ed = generate(KeyKind::Ed25519, 0).unwrap();
    assert_eq!(rsa_bits_of_line(&openssh_line(&ed.public)), None);
    assert_eq!(rsa_bits(&ed.public), None);
}
