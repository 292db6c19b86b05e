//! AMIs as EC2 reports them: the catalogue tabs (mine, AWS-provided, Marketplace,
//! shared with me) of one region.

use aws_sdk_ec2::types::Image as SdkImage;
use serde::{Deserialize, Serialize};

use crate::access::{Aws, Target};
use crate::error::{classify, Result};

/// Larger catalogues are cut here (and say so): a desktop list does not need
/// every one of AWS's ~tens of thousands of public images at once.
pub const MAX_IMAGES: usize = 2000;

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
    let ec2 = aws.ec2(target).await;
    let request = ec2.describe_images();
    let request = match scope {
        ImageScope::Mine => request.owners("self"),
        ImageScope::Amazon => request.owners("amazon"),
        ImageScope::Marketplace => request.owners("aws-marketplace"),
        ImageScope::Shared => request.executable_users("self"),
    };
    let mut pages = request.max_results(1000).into_paginator().send();
    let mut images = Vec::new();
    let mut truncated = false;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify(e, &target.context("DescribeImages")))?;
        images.extend(page.images().iter().map(from_sdk));
        if images.len() > MAX_IMAGES {
            images.truncate(MAX_IMAGES);
            truncated = true;
            break;
        }
    }
    if scope == ImageScope::Shared {
        // "Shared with me" means someone else's image that is not public.
        let me = aws.account_id(target).await?;
        images.retain(|i| i.owner_id != me && !i.public);
    }
    images.sort_by(|a, b| b.created.cmp(&a.created).then(a.name.cmp(&b.name)));
    Ok(ImageListing { region: target.region.clone(), scope, images, truncated })
}

fn from_sdk(i: &SdkImage) -> ImageSummary {
    ImageSummary {
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
        let s = from_sdk(&sdk);
        assert_eq!((s.architecture.as_str(), s.platform.as_deref(), s.state.as_str()), ("arm64", Some("windows"), "pending"));
        assert_eq!(s.owner_alias, None);
    }
}
