//! AMIs as EC2 reports them: the catalogue tabs (mine, AWS-provided, Marketplace,
//! shared with me, public search) of one region, with filters, a trust verdict on
//! who published each image, and the full detail of one image.

use aws_sdk_ec2::types::{Filter, Image as SdkImage};
use serde::{Deserialize, Serialize};

use crate::access::{Aws, Target};
use crate::error::{classify, Result};

/// Larger answers are cut here (and say so). The list in the window is virtualised,
/// so this is about memory and time, not rendering.
pub const MAX_IMAGES: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ImageScope {
    /// Owned by this account.
    Mine,
    /// Published by AWS (owner alias `amazon`).
    Amazon,
    /// AWS Marketplace (owner alias `aws-marketplace`).
    Marketplace,
    /// Shared with this account by others (not public).
    Shared,
    /// Every public image (needs a name filter: there are tens of thousands).
    Public,
}

/// Who published an image, and how far to trust that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TrustLevel {
    /// This account's own image.
    Mine,
    /// Published by AWS (owner alias amazon).
    Aws,
    /// Sold through AWS Marketplace.
    Marketplace,
    /// A well-known OS publisher (Canonical, Debian, Red Hat, …).
    VerifiedPublisher,
    /// Anyone else: check before you trust it.
    Community,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Trust {
    pub level: TrustLevel,
    /// The publisher's name when known.
    pub publisher: Option<String>,
    /// Set when a community image looks like a popular official one.
    pub warning: Option<String>,
}

/// Owner ids of well-known publishers (their own AMI documentation names them).
const PUBLISHERS: &[(&str, &str)] = &[
    ("137112412989", "Amazon"),
    ("801119661308", "Amazon (Windows)"),
    ("099720109477", "Canonical (Ubuntu)"),
    ("136693071363", "Debian"),
    ("309956199498", "Red Hat"),
    ("013907871322", "SUSE"),
    ("125523088429", "Fedora Project"),
    ("764336703387", "AlmaLinux"),
    ("792107900819", "Rocky Linux"),
    ("979382823631", "Bitnami"),
];

/// Names people search for; a stranger's image using one is a classic trap.
const POPULAR: &[(&str, &str)] = &[
    ("al2023", "Amazon Linux"),
    ("amzn", "Amazon Linux"),
    ("amazon linux", "Amazon Linux"),
    ("ubuntu", "Ubuntu"),
    ("debian", "Debian"),
    ("rhel", "Red Hat Enterprise Linux"),
    ("windows_server", "Windows Server"),
];

pub fn trust(owner_id: &str, owner_alias: Option<&str>, name: &str, me: Option<&str>) -> Trust {
    let known = PUBLISHERS.iter().find(|(id, _)| *id == owner_id).map(|(_, n)| n.to_string());
    let (level, publisher) = match owner_alias {
        _ if me == Some(owner_id) => (TrustLevel::Mine, None),
        Some("amazon") => (TrustLevel::Aws, known.or(Some("Amazon".into()))),
        Some("aws-marketplace") => (TrustLevel::Marketplace, Some("AWS Marketplace".into())),
        _ if known.is_some() => (TrustLevel::VerifiedPublisher, known),
        _ => (TrustLevel::Community, None),
    };
    let lower = name.to_ascii_lowercase();
    let warning = (level == TrustLevel::Community)
        .then(|| POPULAR.iter().find(|(needle, _)| lower.contains(needle)))
        .flatten()
        .map(|(_, looks)| format!("Looks like an official {looks} image, but account {owner_id} is not its publisher. Use the official one unless you know this account."));
    Trust { level, publisher, warning }
}

/// What to list: a tab plus EC2-side filters (`name` takes `*` and `?` wildcards).
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
pub struct ImageQuery {
    pub name: Option<String>,
    pub architecture: Option<String>,
    /// "windows" or "linux".
    pub platform: Option<String>,
    pub state: Option<String>,
    pub owner: Option<String>,
    pub include_deprecated: bool,
    pub include_disabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ImageSummary {
    pub image_id: String,
    pub name: String,
    pub description: Option<String>,
    pub owner_id: String,
    pub owner_alias: Option<String>,
    pub architecture: String,
    /// "windows", or null for Linux/UNIX.
    pub platform: Option<String>,
    pub platform_details: Option<String>,
    /// pending, available, invalid, deregistered, transient, failed, error, disabled.
    pub state: String,
    pub public: bool,
    /// RFC 3339.
    pub created: Option<String>,
    pub deprecation_time: Option<String>,
    pub trust: Trust,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImageListing {
    pub region: String,
    pub scope: ImageScope,
    pub images: Vec<ImageSummary>,
    /// True when there were more than [`MAX_IMAGES`].
    pub truncated: bool,
}

pub async fn list_images(aws: &Aws, target: &Target, scope: ImageScope) -> Result<ImageListing> {
    query_images(aws, target, scope, &ImageQuery::default()).await
}

fn filter(name: &str, value: &str) -> Filter {
    Filter::builder().name(name).values(value).build()
}

pub async fn query_images(aws: &Aws, target: &Target, scope: ImageScope, q: &ImageQuery) -> Result<ImageListing> {
    if scope == ImageScope::Public && q.name.as_deref().is_none_or(|n| n.trim_matches('*').len() < 3) {
        return Err(crate::Error::invalid_input("Searching all public images needs a name of at least 3 characters (wildcards * and ? work)."));
    }
    let me = aws.account_id(target).await.ok();
    let ec2 = aws.ec2(target).await;
    let mut request = ec2.describe_images().include_deprecated(q.include_deprecated).include_disabled(q.include_disabled);
    request = match scope {
        ImageScope::Mine => request.owners("self"),
        ImageScope::Amazon => request.owners("amazon"),
        ImageScope::Marketplace => request.owners("aws-marketplace"),
        ImageScope::Shared => request.executable_users("self"),
        ImageScope::Public => request.executable_users("all"),
    };
    if let Some(n) = q.name.as_deref().filter(|n| !n.is_empty()) {
        request = request.filters(filter("name", n));
    }
    if let Some(a) = q.architecture.as_deref().filter(|a| !a.is_empty()) {
        request = request.filters(filter("architecture", a));
    }
    match q.platform.as_deref() {
        Some("windows") => request = request.filters(filter("platform", "windows")),
        Some("linux") => request = request.filters(filter("platform-details", "Linux/UNIX")),
        _ => {}
    }
    if let Some(st) = q.state.as_deref().filter(|s| !s.is_empty()) {
        request = request.filters(filter("state", st));
    }
    if let Some(o) = q.owner.as_deref().filter(|o| !o.is_empty()) {
        request = request.filters(filter("owner-id", o));
    }
    let mut pages = request.max_results(1000).into_paginator().send();
    let mut images = Vec::new();
    let mut truncated = false;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify(e, &target.context("DescribeImages")))?;
        images.extend(page.images().iter().map(|i| from_sdk(i, me.as_deref())));
        if images.len() > MAX_IMAGES {
            images.truncate(MAX_IMAGES);
            truncated = true;
            break;
        }
    }
    if scope == ImageScope::Shared {
        // "Shared with me" means someone else's image that is not public.
        images.retain(|i| Some(i.owner_id.as_str()) != me.as_deref() && !i.public);
    }
    images.sort_by(|a, b| b.created.cmp(&a.created).then(a.name.cmp(&b.name)));
    Ok(ImageListing { region: target.region.clone(), scope, images, truncated })
}

pub(crate) fn from_sdk(i: &SdkImage, me: Option<&str>) -> ImageSummary {
    ImageSummary {
        trust: trust(i.owner_id().unwrap_or_default(), i.image_owner_alias(), i.name().unwrap_or_default(), me),
        image_id: i.image_id().unwrap_or_default().to_string(),
        name: i.name().unwrap_or_default().to_string(),
        description: i.description().map(str::to_string),
        owner_id: i.owner_id().unwrap_or_default().to_string(),
        owner_alias: i.image_owner_alias().map(str::to_string),
        architecture: i.architecture().map(|a| a.as_str().to_string()).unwrap_or_default(),
        // The SDK spells the enum "Windows"; EC2 and the CLI say "windows".
        platform: i.platform().map(|p| p.as_str().to_ascii_lowercase()),
        platform_details: i.platform_details().map(str::to_string),
        state: i.state().map(|s| s.as_str().to_string()).unwrap_or_default(),
        public: i.public().unwrap_or(false),
        created: i.creation_date().map(str::to_string),
        deprecation_time: i.deprecation_time().map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ec2::types::{ArchitectureValues, ImageState, PlatformValues};

    #[test]
    fn converts_sdk_images() {
        let sdk = SdkImage::builder()
            .image_id("ami-0123456789abcdef0")
            .name("golden")
            .owner_id("111122223333")
            .architecture(ArchitectureValues::Arm64)
            .platform(PlatformValues::Windows)
            .state(ImageState::Pending)
            .public(false)
            .creation_date("2026-01-01T00:00:00.000Z")
            .build();
        let s = from_sdk(&sdk, Some("111122223333"));
        assert_eq!(s.trust.level, TrustLevel::Mine);
        assert_eq!((s.architecture.as_str(), s.platform.as_deref(), s.state.as_str()), ("arm64", Some("windows"), "pending"));
        assert_eq!(s.owner_alias, None);
    }

    #[test]
    fn trust_badges_and_lookalike_warnings() {
        assert_eq!(trust("137112412989", Some("amazon"), "al2023-ami", None).level, TrustLevel::Aws);
        assert_eq!(trust("679593333241", Some("aws-marketplace"), "cis", None).level, TrustLevel::Marketplace);
        let canonical = trust("099720109477", None, "ubuntu/images/noble", None);
        assert_eq!((canonical.level, canonical.publisher.as_deref()), (TrustLevel::VerifiedPublisher, Some("Canonical (Ubuntu)")));
        assert!(canonical.warning.is_none());
        let fake = trust("555566667777", None, "al2023-ami-2023.6-x86_64-copy", None);
        assert_eq!(fake.level, TrustLevel::Community);
        assert!(fake.warning.unwrap().contains("Amazon Linux"));
        assert!(trust("555566667777", None, "my-tool", None).warning.is_none());
    }
}
