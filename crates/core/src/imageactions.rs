//! One AMI in full (every field EC2 reports, lineage, instances, cost) and what an
//! owner can do with it: copy, share, deprecate, disable, protect, deregister.

use aws_sdk_ec2::types::{LaunchPermission, LaunchPermissionModifications, PermissionGroup};
use serde::{Deserialize, Serialize};

use crate::access::{Aws, Target};
use crate::amis::{from_sdk, ImageSummary};
use crate::error::{classify, Error, ErrorCode, Result};
use crate::imagerules::{is_ou_arn, validate_account_id, validate_image_description, validate_image_name, validate_org_arn};
use crate::regions::RegionFailure;
use crate::snapshots::{monthly_cost, snapshot_users};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BlockDevice {
    pub device_name: String,
    pub snapshot_id: Option<String>,
    pub size_gib: Option<i32>,
    pub volume_type: Option<String>,
    pub encrypted: Option<bool>,
    pub delete_on_termination: Option<bool>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImageCopy {
    pub region: String,
    pub image_id: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImageDetail {
    #[serde(flatten)]
    pub summary: ImageSummary,
    pub region: String,
    pub state_reason: Option<String>,
    pub boot_mode: Option<String>,
    pub virtualization_type: Option<String>,
    pub ena_support: Option<bool>,
    pub imds_support: Option<String>,
    pub root_device_type: Option<String>,
    pub root_device_name: Option<String>,
    pub block_devices: Vec<BlockDevice>,
    pub product_codes: Vec<String>,
    pub tags: Vec<crate::tags::Tag>,
    /// Account ids, "public", and organisation / OU ARNs (owners only; empty otherwise).
    pub launch_permissions: Vec<String>,
    pub deregistration_protection: Option<String>,
    pub last_launched: Option<String>,
    pub source_instance_id: Option<String>,
    pub source_image_id: Option<String>,
    pub source_region: Option<String>,
    /// My copies of this image in other regions (found by their source image).
    pub copies: Vec<ImageCopy>,
    /// Instances (not terminated) launched from it in this region.
    pub instances: Vec<String>,
    /// Its snapshots, at [`crate::snapshots::SNAPSHOT_USD_PER_GB_MONTH`] (owners only).
    pub snapshot_monthly_cost_usd: f64,
    pub owned: bool,
}

/// One image by id (deprecated and disabled ones too): a single DescribeImages.
async fn fetch_image(aws: &Aws, target: &Target, image_id: &str) -> Result<aws_sdk_ec2::types::Image> {
    let out = aws
        .ec2(target)
        .await
        .describe_images()
        .image_ids(image_id)
        .include_disabled(true)
        .include_deprecated(true)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeImages")))?;
    out.images()
        .first()
        .cloned()
        .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("There is no AMI {image_id} in {} that you can see.", target.region)))
}

fn block_devices_of(img: &aws_sdk_ec2::types::Image) -> Vec<BlockDevice> {
    img.block_device_mappings()
        .iter()
        .map(|b| BlockDevice {
            device_name: b.device_name().unwrap_or_default().into(),
            snapshot_id: b.ebs().and_then(|e| e.snapshot_id()).map(str::to_string),
            size_gib: b.ebs().and_then(|e| e.volume_size()),
            volume_type: b.ebs().and_then(|e| e.volume_type()).map(|t| t.as_str().to_string()),
            encrypted: b.ebs().and_then(|e| e.encrypted()),
            delete_on_termination: b.ebs().and_then(|e| e.delete_on_termination()),
        })
        .collect()
}

/// Who may launch an image of mine: account ids, "public", organisation/OU ARNs.
pub async fn launch_permissions(aws: &Aws, target: &Target, image_id: &str) -> Result<Vec<String>> {
    let attr = aws
        .ec2(target)
        .await
        .describe_image_attribute()
        .image_id(image_id)
        .attribute(aws_sdk_ec2::types::ImageAttributeName::LaunchPermission)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeImageAttribute")))?;
    Ok(attr
        .launch_permissions()
        .iter()
        .filter_map(|p| {
            p.user_id()
                .map(str::to_string)
                .or_else(|| p.group().map(|_| "public".to_string()))
                .or_else(|| p.organization_arn().map(str::to_string))
                .or_else(|| p.organizational_unit_arn().map(str::to_string))
        })
        .collect())
}

/// The full detail for the window and `ami show` (it also searches every region for
/// copies, so the actions below fetch only what they need).
pub async fn describe_image(aws: &Aws, target: &Target, image_id: &str) -> Result<ImageDetail> {
    let me = aws.account_id(target).await.ok();
    let img = fetch_image(aws, target, image_id).await?;
    let summary = from_sdk(&img, me.as_deref());
    let owned = me.as_deref() == Some(summary.owner_id.as_str());
    let launch_permissions = if owned { launch_permissions(aws, target, image_id).await? } else { vec![] };
    let instances = crate::instances::launched_from(aws, target, image_id).await?;
    let copies = if owned { copies_of(aws, target, image_id).await } else { vec![] };
    let block_devices = block_devices_of(&img);
    let snapshot_monthly_cost_usd = if owned {
        block_devices.iter().filter(|b| b.snapshot_id.is_some()).map(|b| monthly_cost(b.size_gib.unwrap_or(0))).sum()
    } else {
        0.0
    };
    Ok(ImageDetail {
        region: target.region.clone(),
        state_reason: img.state_reason().and_then(|r| r.message()).map(str::to_string),
        boot_mode: img.boot_mode().map(|b| b.as_str().to_string()),
        virtualization_type: img.virtualization_type().map(|v| v.as_str().to_string()),
        ena_support: img.ena_support(),
        imds_support: img.imds_support().map(|v| v.as_str().to_string()),
        root_device_type: img.root_device_type().map(|v| v.as_str().to_string()),
        root_device_name: img.root_device_name().map(str::to_string),
        product_codes: img.product_codes().iter().filter_map(|p| p.product_code_id().map(str::to_string)).collect(),
        tags: crate::tags::tags_from_sdk(img.tags()),
        deregistration_protection: img.deregistration_protection().map(str::to_string),
        last_launched: img.last_launched_time().map(str::to_string),
        source_instance_id: img.source_instance_id().map(str::to_string),
        source_image_id: img.source_image_id().map(str::to_string),
        source_region: img.source_image_region().map(str::to_string),
        block_devices,
        launch_permissions,
        copies,
        instances,
        snapshot_monthly_cost_usd: (snapshot_monthly_cost_usd * 100.0).round() / 100.0,
        owned,
        summary,
    })
}

/// My images in every enabled region whose source image is `image_id`. Best effort:
/// a region that cannot be searched is left out.
async fn copies_of(aws: &Aws, home: &Target, image_id: &str) -> Vec<ImageCopy> {
    let found = crate::regions::across_regions(aws, home, |t| async move {
        let out = aws
            .ec2(&t)
            .await
            .describe_images()
            .owners("self")
            .send()
            .await
            .map_err(|e| classify(e, &t.context("DescribeImages")))?;
        Ok(out
            .images()
            .iter()
            .filter(|i| i.source_image_id() == Some(image_id))
            .map(|i| ImageCopy { region: t.region.clone(), image_id: i.image_id().unwrap_or_default().into() })
            .collect())
    })
    .await;
    found.map(|f| f.items).unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct CopyRequest {
    pub image_id: String,
    pub to_regions: Vec<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    pub copy_tags: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CopyOutcome {
    pub copies: Vec<ImageCopy>,
    pub failures: Vec<RegionFailure>,
}

/// CopyImage into each region, from the target's region. Each copy has its own
/// ClientToken derived from the request, so retrying the same copy does not make a
/// second one.
pub async fn copy_image(aws: &Aws, source: &Target, req: &CopyRequest) -> Result<CopyOutcome> {
    if req.to_regions.is_empty() {
        return Err(Error::invalid_input("Choose at least one region to copy to."));
    }
    if let Some(n) = &req.name {
        validate_image_name(n)?;
    }
    if let Some(d) = &req.description {
        validate_image_description(d)?;
    }
    if req.kms_key_id.is_some() && !req.encrypted {
        return Err(Error::invalid_input("A KMS key only applies to an encrypted copy; tick Encrypt."));
    }
    let name = match &req.name {
        Some(n) => n.clone(),
        None => fetch_image(aws, source, &req.image_id).await?.name().unwrap_or_default().to_string(),
    };
    let mut copies = Vec::new();
    let mut failures = Vec::new();
    for region in &req.to_regions {
        let t = Target::new(source.profile.clone(), region.clone());
        let token = copy_token(req, region, &name);
        let res = aws
            .ec2(&t)
            .await
            .copy_image()
            .source_image_id(&req.image_id)
            .source_region(&source.region)
            .name(&name)
            .set_description(req.description.clone())
            .encrypted(req.encrypted)
            .set_kms_key_id(req.kms_key_id.clone())
            .copy_image_tags(req.copy_tags)
            .client_token(token)
            .send()
            .await;
        match res {
            Ok(out) => copies.push(ImageCopy { region: region.clone(), image_id: out.image_id.unwrap_or_default() }),
            Err(e) => failures.push(RegionFailure { region: region.clone(), error: classify(e, &t.context("CopyImage")) }),
        }
    }
    Ok(CopyOutcome { copies, failures })
}

/// The same copy request (image, target region, name, encryption) always gets the
/// same ClientToken, so a retry after a lost answer does not make a second AMI; a
/// different request gets a different one. EC2 takes at most 64 ASCII characters.
fn copy_token(req: &CopyRequest, region: &str, name: &str) -> String {
    use sha2::{Digest, Sha256};
    let key = format!("{}\n{region}\n{name}\n{}\n{}", req.image_id, req.encrypted, req.kms_key_id.as_deref().unwrap_or(""));
    let digest = Sha256::digest(key.as_bytes());
    format!("amikey-{}", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>())
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct ShareRequest {
    pub image_id: String,
    pub accounts: Vec<String>,
    /// Organisation or OU ARNs.
    pub organizations: Vec<String>,
    pub public: bool,
    /// True: add these permissions; false: remove them.
    pub add: bool,
}

/// Checks before making an image public, in the user's words.
pub const PUBLIC_CHECKLIST: &[&str] = &[
    "No SSH authorized_keys, host keys or passwords are baked into the image (anyone can launch it).",
    "No credentials, tokens or private data on any of its volumes (anyone can copy them).",
    "AWS deprecates public AMIs two years after creation; plan to publish updates.",
    "Its snapshots must not be encrypted (encrypted AMIs cannot be public).",
];

pub async fn share_image(aws: &Aws, target: &Target, req: &ShareRequest) -> Result<()> {
    for a in &req.accounts {
        validate_account_id(a)?;
    }
    for o in &req.organizations {
        validate_org_arn(o)?;
    }
    if req.accounts.is_empty() && req.organizations.is_empty() && !req.public {
        return Err(Error::invalid_input("Name at least one account, organisation or OU, or choose public."));
    }
    if req.public && req.add {
        let img = fetch_image(aws, target, &req.image_id).await?;
        if !img.product_codes().is_empty() {
            return Err(Error::invalid_input("This AMI carries AWS Marketplace product codes; it cannot be made public."));
        }
        if block_devices_of(&img).iter().any(|b| b.encrypted == Some(true)) {
            return Err(Error::invalid_input("This AMI has encrypted snapshots; encrypted AMIs cannot be made public. Share it with accounts instead."));
        }
    }
    let mut perms: Vec<LaunchPermission> = req.accounts.iter().map(|a| LaunchPermission::builder().user_id(a).build()).collect();
    perms.extend(req.organizations.iter().map(|o| {
        if is_ou_arn(o) { LaunchPermission::builder().organizational_unit_arn(o).build() } else { LaunchPermission::builder().organization_arn(o).build() }
    }));
    if req.public {
        perms.push(LaunchPermission::builder().group(PermissionGroup::All).build());
    }
    let mods = if req.add {
        LaunchPermissionModifications::builder().set_add(Some(perms)).build()
    } else {
        LaunchPermissionModifications::builder().set_remove(Some(perms)).build()
    };
    aws.ec2(target)
        .await
        .modify_image_attribute()
        .image_id(&req.image_id)
        .launch_permission(mods)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("ModifyImageAttribute")))?;
    Ok(())
}

/// AWS: a deprecation time is at most 10 years away, and rounded to the minute.
pub fn validate_deprecation_time(at: &str, now: std::time::SystemTime) -> Result<aws_smithy_types::DateTime> {
    let t = aws_smithy_types::DateTime::from_str(at, aws_smithy_types::date_time::Format::DateTime)
        .map_err(|_| Error::invalid_input(format!("\"{at}\" is not a date and time like 2027-01-31T12:00:00Z.")))?;
    let now = aws_smithy_types::DateTime::from(now);
    if t.secs() <= now.secs() {
        return Err(Error::invalid_input("Choose a deprecation time in the future."));
    }
    if t.secs() > now.secs() + 10 * 365 * 24 * 3600 {
        return Err(Error::invalid_input("AWS allows a deprecation date at most 10 years ahead."));
    }
    Ok(aws_smithy_types::DateTime::from_secs(t.secs() - t.secs().rem_euclid(60)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ImageSwitch {
    /// Hidden from listings after a date; still launchable by id.
    Deprecate,
    Undeprecate,
    /// Nobody can launch it; it can be re-enabled.
    Disable,
    Enable,
    /// Cannot be deregistered until protection is turned off.
    Protect,
    /// With cooldown, AWS keeps it protected for 24 hours more.
    Unprotect,
}

pub async fn switch_image(aws: &Aws, target: &Target, image_id: &str, what: ImageSwitch, deprecate_at: Option<&str>) -> Result<()> {
    let ec2 = aws.ec2(target).await;
    let ctx = |a| target.context(a);
    match what {
        ImageSwitch::Deprecate => {
            let at = validate_deprecation_time(deprecate_at.ok_or_else(|| Error::invalid_input("Choose when to deprecate it."))?, std::time::SystemTime::now())?;
            ec2.enable_image_deprecation().image_id(image_id).deprecate_at(at).send().await.map(|_| ()).map_err(|e| classify(e, &ctx("EnableImageDeprecation")))
        }
        ImageSwitch::Undeprecate => ec2.disable_image_deprecation().image_id(image_id).send().await.map(|_| ()).map_err(|e| classify(e, &ctx("DisableImageDeprecation"))),
        ImageSwitch::Disable => ec2.disable_image().image_id(image_id).send().await.map(|_| ()).map_err(|e| classify(e, &ctx("DisableImage"))),
        ImageSwitch::Enable => ec2.enable_image().image_id(image_id).send().await.map(|_| ()).map_err(|e| classify(e, &ctx("EnableImage"))),
        ImageSwitch::Protect => ec2
            .enable_image_deregistration_protection()
            .image_id(image_id)
            .with_cooldown(true)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(e, &ctx("EnableImageDeregistrationProtection"))),
        ImageSwitch::Unprotect => ec2
            .disable_image_deregistration_protection()
            .image_id(image_id)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(e, &ctx("DisableImageDeregistrationProtection"))),
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SnapshotFate {
    pub snapshot_id: String,
    pub size_gib: i32,
    /// Other AMIs of mine that use it (then it is kept).
    pub kept_for: Vec<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DeregisterPreview {
    pub image_id: String,
    pub name: String,
    pub region: String,
    pub deleted: Vec<SnapshotFate>,
    pub kept: Vec<SnapshotFate>,
    pub monthly_cost_freed_usd: f64,
    pub protected: bool,
    pub launch_templates: Vec<String>,
    pub instances: Vec<String>,
}

pub async fn deregister_preview(aws: &Aws, target: &Target, image_id: &str) -> Result<DeregisterPreview> {
    let img = fetch_image(aws, target, image_id).await?;
    let owner = img.owner_id().unwrap_or_default();
    if aws.account_id(target).await? != owner {
        return Err(Error::new(ErrorCode::PermissionDenied, format!("{image_id} belongs to account {owner}; only its owner can deregister it.")));
    }
    let users = snapshot_users(aws, target).await?;
    let (mut deleted, mut kept) = (Vec::new(), Vec::new());
    for b in &block_devices_of(&img) {
        let Some(s) = &b.snapshot_id else { continue };
        let others: Vec<String> = users.get(s).map(|u| u.iter().filter(|i| *i != image_id).cloned().collect()).unwrap_or_default();
        let fate = SnapshotFate { snapshot_id: s.clone(), size_gib: b.size_gib.unwrap_or(0), kept_for: others };
        if fate.kept_for.is_empty() { deleted.push(fate) } else { kept.push(fate) }
    }
    let freed = deleted.iter().map(|f| monthly_cost(f.size_gib)).sum::<f64>();
    Ok(DeregisterPreview {
        image_id: image_id.into(),
        name: img.name().unwrap_or_default().into(),
        region: target.region.clone(),
        monthly_cost_freed_usd: (freed * 100.0).round() / 100.0,
        protected: img.deregistration_protection().is_some_and(|p| p.starts_with("enabled")),
        launch_templates: crate::launch::templates_using(aws, target, image_id).await.unwrap_or_default(),
        instances: crate::instances::launched_from(aws, target, image_id).await?,
        deleted,
        kept,
    })
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SnapshotResult {
    pub snapshot_id: String,
    /// "success", or EC2's reason (e.g. "error-code: InvalidSnapshot.InUse").
    pub result: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DeregisterOutcome {
    pub image_id: String,
    pub snapshots: Vec<SnapshotResult>,
}

/// DeregisterImage, with DeleteAssociatedSnapshots when asked; snapshots EC2 did not
/// report on (older APIs, moto) and that no other AMI uses are deleted one by one.
pub async fn deregister(aws: &Aws, target: &Target, image_id: &str, delete_snapshots: bool) -> Result<DeregisterOutcome> {
    let preview = deregister_preview(aws, target, image_id).await?;
    if preview.protected {
        return Err(Error::new(ErrorCode::Conflict, format!("{image_id} has deregistration protection; turn it off first (with cooldown, AWS waits 24 hours).")));
    }
    let ec2 = aws.ec2(target).await;
    let out = ec2
        .deregister_image()
        .image_id(image_id)
        .delete_associated_snapshots(delete_snapshots)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DeregisterImage")))?;
    let mut snapshots: Vec<SnapshotResult> = out
        .delete_snapshot_results()
        .iter()
        .map(|r| SnapshotResult {
            snapshot_id: r.snapshot_id().unwrap_or_default().into(),
            result: r.return_code().map(|c| c.as_str().to_string()).unwrap_or_default(),
        })
        .collect();
    if delete_snapshots {
        for fate in &preview.deleted {
            if snapshots.iter().any(|r| r.snapshot_id == fate.snapshot_id) {
                continue;
            }
            let res = ec2.delete_snapshot().snapshot_id(&fate.snapshot_id).send().await;
            snapshots.push(SnapshotResult {
                snapshot_id: fate.snapshot_id.clone(),
                result: match res {
                    Ok(_) => "success".into(),
                    Err(e) => classify(e, &target.context("DeleteSnapshot")).message,
                },
            });
        }
    }
    Ok(DeregisterOutcome { image_id: image_id.into(), snapshots })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_tokens_repeat_for_the_same_request_only() {
        let req = CopyRequest { image_id: "ami-1".into(), to_regions: vec![], name: None, description: None, encrypted: false, kms_key_id: None, copy_tags: true };
        let a = copy_token(&req, "eu-west-1", "golden");
        assert_eq!(a, copy_token(&req, "eu-west-1", "golden"));
        assert_ne!(a, copy_token(&req, "eu-west-2", "golden"));
        assert_ne!(a, copy_token(&req, "eu-west-1", "golden2"));
        assert_ne!(a, copy_token(&CopyRequest { encrypted: true, ..req.clone() }, "eu-west-1", "golden"));
        assert!(a.len() <= 64 && a.is_ascii());
    }

    #[test]
    fn deprecation_times_are_checked_and_rounded() {
        let now = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000);
        let t = validate_deprecation_time("2027-06-01T12:34:56Z", now).unwrap();
        assert_eq!(t.secs() % 60, 0);
        assert!(validate_deprecation_time("tomorrow", now).is_err());
        assert!(validate_deprecation_time("2020-01-01T00:00:00Z", now).unwrap_err().message.contains("future"));
        assert!(validate_deprecation_time("2099-01-01T00:00:00Z", now).unwrap_err().message.contains("10 years"));
    }
}
