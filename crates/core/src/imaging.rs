//! The create-image wizard's backend: which instances can be imaged, the request
//! with its exact `aws ec2 create-image` equivalent, a DryRun permission check, the
//! call itself, and progress (image state and snapshot progress).

use aws_sdk_ec2::types::{BlockDeviceMapping, EbsBlockDevice, Filter, ResourceType, Tag, TagSpecification};
use serde::{Deserialize, Serialize};

use crate::access::{Aws, Target};
use crate::cliquote::{quote, tag_specifications};
use crate::error::{classify, Error, ErrorCode, Result};
use crate::imagerules::{validate_image_description, validate_image_name, validate_tags};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct VolumeMapping {
    pub device_name: String,
    pub volume_id: String,
    pub size_gib: i32,
    pub volume_type: String,
    pub encrypted: bool,
    pub delete_on_termination: bool,
    pub root: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SourceInstance {
    pub instance_id: String,
    pub name: Option<String>,
    pub state: String,
    pub image_id: Option<String>,
    /// Running or stopped and EBS-backed: an AMI can be made from it.
    pub eligible: bool,
    /// Why not, when not eligible.
    pub reason: Option<String>,
    pub volumes: Vec<VolumeMapping>,
}

/// Instances in the region, eligible ones first, each with its volumes.
pub async fn image_sources(aws: &Aws, target: &Target) -> Result<Vec<SourceInstance>> {
    let ec2 = aws.ec2(target).await;
    let out = ec2.describe_instances().send().await.map_err(|e| classify(e, &target.context("DescribeInstances")))?;
    let instances: Vec<_> = out.reservations().iter().flat_map(|r| r.instances()).cloned().collect();
    let volume_ids: Vec<String> = instances
        .iter()
        .flat_map(|i| i.block_device_mappings())
        .filter_map(|b| b.ebs().and_then(|e| e.volume_id()).map(str::to_string))
        .collect();
    let volumes = if volume_ids.is_empty() {
        vec![]
    } else {
        ec2.describe_volumes()
            .set_volume_ids(Some(volume_ids))
            .send()
            .await
            .map_err(|e| classify(e, &target.context("DescribeVolumes")))?
            .volumes()
            .to_vec()
    };
    let mut out: Vec<SourceInstance> = instances
        .iter()
        .filter(|i| !matches!(i.state().and_then(|s| s.name()).map(|n| n.as_str()), Some("terminated" | "shutting-down")))
        .map(|i| {
            let state = i.state().and_then(|s| s.name()).map(|n| n.as_str().to_string()).unwrap_or_default();
            let ebs_backed = i.root_device_type().map(|t| t.as_str() == "ebs").unwrap_or(true);
            let reason = if !ebs_backed {
                Some("Instance-store backed: its root disk is not an EBS volume, so EC2 cannot snapshot it into an AMI.".to_string())
            } else if state != "running" && state != "stopped" {
                Some(format!("It is {state}; an AMI is made from a running or stopped instance."))
            } else {
                None
            };
            let root = i.root_device_name().unwrap_or_default();
            SourceInstance {
                instance_id: i.instance_id().unwrap_or_default().to_string(),
                name: i.tags().iter().find(|t| t.key() == Some("Name")).and_then(|t| t.value()).map(str::to_string),
                image_id: i.image_id().map(str::to_string),
                eligible: reason.is_none(),
                reason,
                state,
                volumes: i
                    .block_device_mappings()
                    .iter()
                    .filter_map(|b| {
                        let ebs = b.ebs()?;
                        let vid = ebs.volume_id()?.to_string();
                        let v = volumes.iter().find(|v| v.volume_id() == Some(vid.as_str()));
                        Some(VolumeMapping {
                            device_name: b.device_name().unwrap_or_default().to_string(),
                            size_gib: v.and_then(|v| v.size()).unwrap_or(0),
                            volume_type: v.and_then(|v| v.volume_type()).map(|t| t.as_str().to_string()).unwrap_or_default(),
                            encrypted: v.and_then(|v| v.encrypted()).unwrap_or(false),
                            delete_on_termination: ebs.delete_on_termination().unwrap_or(false),
                            root: b.device_name() == Some(root),
                            volume_id: vid,
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.eligible.cmp(&a.eligible).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// One existing volume in the new AMI: kept or left out, and whether instances
/// launched from the AMI delete it when they terminate. Size and encryption come
/// from the snapshot and cannot change here.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct VolumeChoice {
    pub device_name: String,
    pub include: bool,
    pub delete_on_termination: bool,
}

/// An extra empty volume added to the AMI.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct NewVolume {
    pub device_name: String,
    pub size_gib: i32,
    pub volume_type: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct CreateImageRequest {
    pub instance_id: String,
    pub name: String,
    pub description: Option<String>,
    /// Skip the reboot: faster, no downtime, but the snapshot is crash-consistent.
    pub no_reboot: bool,
    pub volumes: Vec<VolumeChoice>,
    pub new_volumes: Vec<NewVolume>,
    pub image_tags: Vec<(String, String)>,
    pub snapshot_tags: Vec<(String, String)>,
}

impl CreateImageRequest {
    pub fn new(instance_id: &str, name: &str) -> Self {
        CreateImageRequest {
            instance_id: instance_id.into(),
            name: name.into(),
            description: None,
            no_reboot: false,
            volumes: vec![],
            new_volumes: vec![],
            image_tags: vec![],
            snapshot_tags: vec![],
        }
    }
}

/// Everything that can be checked without AWS.
pub fn validate_request(req: &CreateImageRequest) -> Result<()> {
    validate_image_name(&req.name)?;
    if let Some(d) = &req.description {
        validate_image_description(d)?;
    }
    validate_tags(&req.image_tags)?;
    validate_tags(&req.snapshot_tags)?;
    for v in &req.new_volumes {
        if !(1..=16384).contains(&v.size_gib) {
            return Err(Error::invalid_input(format!("New volume {} must be 1 to 16,384 GiB.", v.device_name)));
        }
    }
    Ok(())
}

fn mappings(req: &CreateImageRequest) -> Vec<BlockDeviceMapping> {
    let existing = req.volumes.iter().map(|v| {
        if v.include {
            BlockDeviceMapping::builder()
                .device_name(&v.device_name)
                .ebs(EbsBlockDevice::builder().delete_on_termination(v.delete_on_termination).build())
                .build()
        } else {
            BlockDeviceMapping::builder().device_name(&v.device_name).no_device("").build()
        }
    });
    let added = req.new_volumes.iter().map(|v| {
        BlockDeviceMapping::builder()
            .device_name(&v.device_name)
            .ebs(
                EbsBlockDevice::builder()
                    .volume_size(v.size_gib)
                    .volume_type(v.volume_type.as_str().into())
                    .delete_on_termination(true)
                    .build(),
            )
            .build()
    });
    existing.chain(added).collect()
}

fn tag_spec(kind: ResourceType, tags: &[(String, String)]) -> Option<TagSpecification> {
    (!tags.is_empty()).then(|| {
        TagSpecification::builder()
            .resource_type(kind)
            .set_tags(Some(tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()))
            .build()
    })
}


/// The exact `aws ec2 create-image …` that does the same, shell-quoted.
pub fn cli_equivalent(req: &CreateImageRequest, target: &Target) -> String {
    let mut parts = vec!["aws ec2 create-image".to_string()];
    if let Some(p) = target.profile.as_deref().filter(|p| *p != crate::access::PRACTICE_PROFILE) {
        parts.push(format!("--profile {}", quote(p)));
    }
    parts.push(format!("--region {}", quote(&target.region)));
    parts.push(format!("--instance-id {}", quote(&req.instance_id)));
    parts.push(format!("--name {}", quote(&req.name)));
    if let Some(d) = req.description.as_deref().filter(|d| !d.is_empty()) {
        parts.push(format!("--description {}", quote(d)));
    }
    parts.push(if req.no_reboot { "--no-reboot".into() } else { "--reboot".into() });
    let maps = mappings(req);
    if !maps.is_empty() {
        let json: Vec<serde_json::Value> = maps
            .iter()
            .map(|m| {
                let mut o = serde_json::json!({ "DeviceName": m.device_name() });
                if m.no_device().is_some() {
                    o["NoDevice"] = "".into();
                } else if let Some(e) = m.ebs() {
                    let mut ebs = serde_json::json!({ "DeleteOnTermination": e.delete_on_termination() });
                    if let Some(s) = e.volume_size() {
                        ebs["VolumeSize"] = s.into();
                    }
                    if let Some(t) = e.volume_type() {
                        ebs["VolumeType"] = t.as_str().into();
                    }
                    o["Ebs"] = ebs;
                }
                o
            })
            .collect();
        parts.push(format!("--block-device-mappings {}", quote(&serde_json::Value::from(json).to_string())));
    }
    parts.extend(tag_specifications(&[("image", &req.image_tags), ("snapshot", &req.snapshot_tags)]));
    parts.join(" \\\n  ")
}

fn create_call(aws_ec2: &aws_sdk_ec2::Client, req: &CreateImageRequest) -> aws_sdk_ec2::operation::create_image::builders::CreateImageFluentBuilder {
    aws_ec2
        .create_image()
        .instance_id(&req.instance_id)
        .name(&req.name)
        .set_description(req.description.clone().filter(|d| !d.is_empty()))
        .no_reboot(req.no_reboot)
        .set_block_device_mappings(Some(mappings(req)).filter(|m| !m.is_empty()))
        .set_tag_specifications(
            Some([tag_spec(ResourceType::Image, &req.image_tags), tag_spec(ResourceType::Snapshot, &req.snapshot_tags)].into_iter().flatten().collect())
                .filter(|v: &Vec<TagSpecification>| !v.is_empty()),
        )
}

/// An AMI of mine with this name in the region, if any (names are unique per
/// account and region).
async fn image_named(aws: &Aws, target: &Target, name: &str) -> Result<Option<String>> {
    let out = aws
        .ec2(target)
        .await
        .describe_images()
        .owners("self")
        .filters(Filter::builder().name("name").values(name).build())
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeImages")))?;
    Ok(out.images().first().and_then(|i| i.image_id()).map(str::to_string))
}

/// The name follows AWS's rules and no AMI of mine in the region has it yet (names
/// are unique per account and region): the wizard's live check, and create's.
pub async fn ensure_name_free(aws: &Aws, target: &Target, name: &str) -> Result<()> {
    validate_image_name(name)?;
    match image_named(aws, target, name).await? {
        Some(id) => Err(Error::new(
            ErrorCode::Conflict,
            format!("You already have an AMI named \"{name}\" in {} ({id}). AMI names are unique per region: pick another.", target.region),
        )),
        None => Ok(()),
    }
}

/// DryRun: EC2 checks the IAM permission without creating anything. `Ok` means the
/// real call is allowed; a missing permission comes back as `permission_denied`.
pub async fn check_permission(aws: &Aws, target: &Target, req: &CreateImageRequest) -> Result<()> {
    validate_request(req)?;
    ensure_name_free(aws, target, &req.name).await?;
    match create_call(&aws.ec2(target).await, req).dry_run(true).send().await {
        Ok(_) => Ok(()),
        Err(e) => {
            let err = classify(e, &target.context("CreateImage"));
            if err.message.contains("DryRunOperation") || err.message.contains("would have succeeded") { Ok(()) } else { Err(err) }
        }
    }
}

/// Validate, check the name is free, then CreateImage. Returns the new AMI's id.
pub async fn create_image(aws: &Aws, target: &Target, req: &CreateImageRequest) -> Result<String> {
    validate_request(req)?;
    ensure_name_free(aws, target, &req.name).await?;
    let out = create_call(&aws.ec2(target).await, req).send().await.map_err(|e| classify(e, &target.context("CreateImage")))?;
    out.image_id.ok_or_else(|| Error::internal("EC2 did not return the new AMI's id."))
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SnapshotProgress {
    pub snapshot_id: String,
    pub state: String,
    pub progress: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImageProgress {
    pub image_id: String,
    pub region: String,
    pub name: String,
    /// pending, available, failed, …
    pub state: String,
    pub state_reason: Option<String>,
    pub snapshots: Vec<SnapshotProgress>,
    /// available, failed, invalid, deregistered, error: nothing more will happen.
    pub done: bool,
}

pub async fn image_progress(aws: &Aws, target: &Target, image_id: &str) -> Result<ImageProgress> {
    let ec2 = aws.ec2(target).await;
    let out = ec2.describe_images().image_ids(image_id).include_disabled(true).send().await;
    let gone = |state: &str, done: bool| ImageProgress {
        image_id: image_id.into(),
        region: target.region.clone(),
        name: String::new(),
        state: state.into(),
        state_reason: None,
        snapshots: vec![],
        done,
    };
    let img = match out {
        Ok(o) => o.images().first().cloned(),
        Err(e) => {
            let err = classify(e, &target.context("DescribeImages"));
            // Right after CreateImage/CopyImage, EC2 can still say NotFound for a
            // while (eventual consistency): keep waiting rather than call it gone.
            // The caller, knowing when it started, decides when "not found" means gone.
            return if err.code == ErrorCode::NotFound { Ok(gone("not_found", false)) } else { Err(err) };
        }
    };
    let Some(img) = img else { return Ok(gone("deregistered", true)) };
    let ids: Vec<String> = img.block_device_mappings().iter().filter_map(|b| b.ebs().and_then(|e| e.snapshot_id()).map(str::to_string)).collect();
    let snapshots = if ids.is_empty() {
        vec![]
    } else {
        ec2.describe_snapshots()
            .set_snapshot_ids(Some(ids))
            .send()
            .await
            .map_err(|e| classify(e, &target.context("DescribeSnapshots")))?
            .snapshots()
            .iter()
            .map(|s| SnapshotProgress {
                snapshot_id: s.snapshot_id().unwrap_or_default().into(),
                state: s.state().map(|x| x.as_str().to_string()).unwrap_or_default(),
                progress: s.progress().unwrap_or_default().into(),
            })
            .collect()
    };
    let state = img.state().map(|s| s.as_str().to_string()).unwrap_or_default();
    Ok(ImageProgress {
        image_id: image_id.into(),
        region: target.region.clone(),
        name: img.name().unwrap_or_default().into(),
        done: !matches!(state.as_str(), "pending" | "transient"),
        state,
        state_reason: img.state_reason().and_then(|r| r.message()).map(str::to_string),
        snapshots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_equivalent_is_quoted_and_complete() {
        let mut req = CreateImageRequest::new("i-0123", "web golden (v2)");
        req.description = Some("it's ready".into());
        req.no_reboot = true;
        req.volumes = vec![VolumeChoice { device_name: "/dev/sdb".into(), include: false, delete_on_termination: true }];
        req.image_tags = vec![("Name".into(), "web".into())];
        let cmd = cli_equivalent(&req, &Target::new(Some("dev".into()), "eu-west-1"));
        assert!(cmd.contains("--name 'web golden (v2)'"), "{cmd}");
        assert!(cmd.contains(r#"--description "it's ready""#) || cmd.contains(r"--description 'it'\''s ready'"), "{cmd}");
        assert!(cmd.contains("--no-reboot") && cmd.contains("--profile dev") && cmd.contains("--region eu-west-1"));
        assert!(cmd.contains(r#""NoDevice":"""#), "{cmd}");
        assert!(cmd.contains(r#"[{"ResourceType":"image","Tags":[{"Key":"Name","Value":"web"}]}]"#), "{cmd}");
        // It parses back into the same words a shell would see.
        let words = shlex::split(&cmd.replace("\\\n", "")).unwrap();
        assert!(words.contains(&"web golden (v2)".to_string()));
    }

    #[test]
    fn requests_are_checked_before_any_call() {
        assert!(validate_request(&CreateImageRequest::new("i-1", "ok-name")).is_ok());
        assert!(validate_request(&CreateImageRequest::new("i-1", "no")).is_err());
        let mut r = CreateImageRequest::new("i-1", "ok-name");
        r.image_tags = vec![("aws:reserved".into(), "x".into())];
        assert!(validate_request(&r).is_err());
    }
}
