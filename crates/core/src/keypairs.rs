//! Key pairs as EC2 reports them, in one region or in all of them.

use aws_sdk_ec2::types::{KeyPairInfo as SdkKeyPair, KeyType as SdkKeyType};
use aws_smithy_types::date_time::Format;
use serde::Serialize;

use crate::access::{Aws, Target};
use crate::error::{classify, Result};
use crate::regions::{across_regions, RegionFailure};
use crate::tags::{tags_from_sdk, Tag};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum KeyType {
    Rsa,
    Ed25519,
    /// A type this version of Amikey does not know yet.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct KeyPair {
    pub region: String,
    pub name: String,
    pub key_pair_id: String,
    pub key_type: KeyType,
    /// As EC2 reports it: SHA-1 or MD5 colon hex for RSA, base64 SHA-256 for ED25519.
    pub fingerprint: String,
    /// RFC 3339, UTC.
    pub created: Option<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct KeyPairListing {
    pub key_pairs: Vec<KeyPair>,
    /// The regions that were asked.
    pub regions: Vec<String>,
    /// Regions that could not be listed; the others are still shown.
    pub failures: Vec<RegionFailure>,
}

pub async fn list_key_pairs(aws: &Aws, target: &Target) -> Result<Vec<KeyPair>> {
    let out = aws
        .ec2(target)
        .await
        .describe_key_pairs()
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeKeyPairs")))?;
    let mut pairs: Vec<KeyPair> = out.key_pairs().iter().map(|k| from_sdk(k, &target.region)).collect();
    pairs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(pairs)
}

/// Every enabled region, concurrently; a failing region is reported, not fatal.
pub async fn list_key_pairs_all_regions(aws: &Aws, home: &Target) -> Result<KeyPairListing> {
    let found = across_regions(aws, home, |t| async move { list_key_pairs(aws, &t).await }).await?;
    let mut key_pairs = found.items;
    key_pairs.sort_by(|a, b| (&a.region, &a.name).cmp(&(&b.region, &b.name)));
    Ok(KeyPairListing { key_pairs, regions: found.regions, failures: found.failures })
}

/// One region as a listing, so the UI and CLI handle one shape.
pub async fn list_key_pairs_in(aws: &Aws, target: &Target) -> Result<KeyPairListing> {
    Ok(KeyPairListing {
        key_pairs: list_key_pairs(aws, target).await?,
        regions: vec![target.region.clone()],
        failures: Vec::new(),
    })
}

fn from_sdk(k: &SdkKeyPair, region: &str) -> KeyPair {
    KeyPair {
        region: region.to_string(),
        name: k.key_name().unwrap_or_default().to_string(),
        key_pair_id: k.key_pair_id().unwrap_or_default().to_string(),
        key_type: match k.key_type() {
            Some(SdkKeyType::Rsa) => KeyType::Rsa,
            Some(SdkKeyType::Ed25519) => KeyType::Ed25519,
            _ => KeyType::Unknown,
        },
        fingerprint: k.key_fingerprint().unwrap_or_default().to_string(),
        created: k.create_time().and_then(|t| t.fmt(Format::DateTime).ok()),
        tags: tags_from_sdk(k.tags()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ec2::types::Tag as SdkTag;
    use aws_smithy_types::DateTime;

    #[test]
    fn converts_sdk_key_pairs_without_leaking_sdk_types() {
        let sdk = SdkKeyPair::builder()
            .key_name("deploy")
            .key_pair_id("key-0123456789abcdef0")
            .key_type(SdkKeyType::Ed25519)
            .key_fingerprint("abc=")
            .create_time(DateTime::from_secs(1_700_000_000))
            .tags(SdkTag::builder().key("team").value("web").build())
            .build();
        let k = from_sdk(&sdk, "eu-west-1");
        assert_eq!(k.region, "eu-west-1");
        assert_eq!(k.key_type, KeyType::Ed25519);
        assert_eq!(k.created.as_deref(), Some("2023-11-14T22:13:20Z"));
        assert_eq!(k.tags, vec![Tag { key: "team".into(), value: "web".into() }]);

        let odd = from_sdk(&SdkKeyPair::builder().key_name("x").key_type(SdkKeyType::from("dsa")).build(), "r");
        assert_eq!(odd.key_type, KeyType::Unknown);
        assert_eq!(odd.created, None);
    }
}
