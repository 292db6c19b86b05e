use amikey_keys::{generate, imported_fingerprint, kind_of, openssh_line, parse_public_key, KeyKind};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

use super::{put_tags, region, region_mut, spec_tags, tag_set, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::filters::{matches, one};
use crate::query::Params;
use crate::world::{new_id, KeyPair, World};
use crate::xml::{fields, opt, set, text, Xml};

/// AWS: up to 255 ASCII characters, no leading or trailing spaces.
fn validate_name(name: &str) -> ApiResult<()> {
    if name.is_empty() || name.len() > 255 || !name.is_ascii() || name.trim() != name {
        return Err(ApiError::invalid_value(format!(
            "Invalid key pair name '{name}': use up to 255 ASCII characters, without leading or trailing spaces."
        )));
    }
    Ok(())
}

fn ensure_new(world: &World, ctx: &Ctx, name: &str) -> ApiResult<()> {
    if region(world, ctx).key_pairs.iter().any(|k| k.name == name) {
        return Err(ApiError::client("InvalidKeyPair.Duplicate", format!("The keypair '{name}' already exists.")));
    }
    Ok(())
}

fn store(world: &mut World, ctx: &Ctx, p: &Params, kp: KeyPair) -> ApiResult<Vec<Xml>> {
    let tags = spec_tags(p, "key-pair")?;
    put_tags(world, &kp.id, &tags)?;
    let body = vec![
        text("keyName", &kp.name),
        text("keyFingerprint", &kp.fingerprint),
        text("keyPairId", &kp.id),
    ];
    let tagset = tag_set(world, &kp.id);
    region_mut(world, ctx).key_pairs.push(kp);
    Ok(fields(body.into_iter().map(Some).chain([tagset])))
}

pub fn create(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let name = p.required("KeyName")?.to_string();
    validate_name(&name)?;
    let kind = match p.get("KeyType").unwrap_or("rsa") {
        "rsa" => KeyKind::Rsa,
        "ed25519" => KeyKind::Ed25519,
        other => return Err(ApiError::invalid_value(format!("Invalid value '{other}' for KeyType. Use rsa or ed25519."))),
    };
    match p.get("KeyFormat").unwrap_or("pem") {
        "pem" => {}
        "ppk" => return Err(ApiError::invalid_value("The practice sandbox returns keys in pem format only.")),
        other => return Err(ApiError::invalid_value(format!("Invalid value '{other}' for KeyFormat."))),
    }
    ensure_new(world, ctx, &name)?;
    spec_tags(p, "key-pair")?;
    let key = generate(kind, 2048).map_err(|e| ApiError::new(500, "InternalError", e.to_string()))?;
    let kp = KeyPair {
        id: new_id("key"),
        name,
        key_type: kind.as_str().to_string(),
        fingerprint: key.aws_created_fingerprint.clone(),
        public_key: openssh_line(&key.public),
        created_ms: ctx.now,
    };
    let mut body = store(world, ctx, p, kp)?;
    body.insert(2, text("keyMaterial", key.private_pem.as_str()));
    Ok(body)
}

pub fn import(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let name = p.required("KeyName")?.to_string();
    validate_name(&name)?;
    // The SDK sends the key material base64-encoded (it is a blob).
    let encoded = p.required("PublicKeyMaterial")?;
    let material = B64.decode(encoded.trim()).map_err(|_| invalid_key())?;
    let public = parse_public_key(&material).map_err(|_| invalid_key())?;
    let kind = kind_of(&public).map_err(|_| invalid_key())?;
    ensure_new(world, ctx, &name)?;
    let kp = KeyPair {
        id: new_id("key"),
        name,
        key_type: kind.as_str().to_string(),
        fingerprint: imported_fingerprint(&public).map_err(|_| invalid_key())?,
        public_key: openssh_line(&public),
        created_ms: ctx.now,
    };
    store(world, ctx, p, kp)
}

fn invalid_key() -> ApiError {
    ApiError::client(
        "InvalidKey.Format",
        "Key is not in valid OpenSSH public key format (RSA or ED25519 in OpenSSH, RFC 4716 or base64 DER form)",
    )
}

pub fn describe(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let names = p.list("KeyName");
    let ids = p.list("KeyPairId");
    let filters = p.filters();
    let with_public = p.bool("IncludePublicKey");
    let keys = &region(world, ctx).key_pairs;
    for n in &names {
        if !keys.iter().any(|k| &k.name == n) {
            return Err(ApiError::client("InvalidKeyPair.NotFound", format!("The key pair '{n}' does not exist")));
        }
    }
    for i in &ids {
        if !keys.iter().any(|k| &k.id == i) {
            return Err(ApiError::client("InvalidKeyPair.NotFound", format!("The key pair '{i}' does not exist")));
        }
    }
    let mut items = Vec::new();
    for k in keys {
        if (!names.is_empty() && !names.contains(&k.name)) || (!ids.is_empty() && !ids.contains(&k.id)) {
            continue;
        }
        let tags = world.tags_of(&k.id);
        let ok = matches(&filters, &tags, |f| match f {
            "key-name" => one(&k.name),
            "key-pair-id" => one(&k.id),
            "fingerprint" => one(&k.fingerprint),
            "key-type" => one(&k.key_type),
            _ => None,
        })?;
        if ok {
            items.push(fields([
                Some(text("keyPairId", &k.id)),
                Some(text("keyName", &k.name)),
                Some(text("keyFingerprint", &k.fingerprint)),
                Some(text("keyType", &k.key_type)),
                tag_set(world, &k.id),
                opt("publicKey", with_public.then_some(&k.public_key)),
                Some(text("createTime", super::iso(k.created_ms))),
            ]));
        }
    }
    Ok(vec![set("keySet", items)])
}

/// Like AWS, deleting a key pair that does not exist succeeds.
pub fn delete(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let name = p.get("KeyName");
    let id = p.get("KeyPairId");
    if name.is_none() && id.is_none() {
        return Err(ApiError::missing("KeyName or KeyPairId"));
    }
    let keys = &mut region_mut(world, ctx).key_pairs;
    let found = keys.iter().position(|k| Some(k.name.as_str()) == name || Some(k.id.as_str()) == id);
    let removed = found.map(|i| keys.remove(i));
    if let Some(k) = &removed {
        world.tags.remove(&k.id);
    }
    Ok(fields([
        Some(text("return", "true")),
        removed.map(|k| text("keyPairId", k.id)),
    ]))
}
