//! EBS snapshots owned by the account: which AMIs use each, which are orphans
//! (their AMI is gone, so they only cost money), and what they cost.

use std::collections::BTreeMap;

use aws_smithy_types::date_time::Format;
use serde::Serialize;

use crate::access::{Aws, Target};
use crate::error::{classify, Error, ErrorCode, Result};

/// EBS snapshot storage, standard tier, us-east-1 list price in USD per GB-month
/// (aws.amazon.com/ebs/pricing). Snapshots are incremental, so the volume size is an
/// upper bound: the estimate errs on the side of "this costs money".
pub const SNAPSHOT_USD_PER_GB_MONTH: f64 = 0.05;

pub fn monthly_cost(size_gib: i32) -> f64 {
    (size_gib.max(0) as f64 * SNAPSHOT_USD_PER_GB_MONTH * 100.0).round() / 100.0
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SnapshotInfo {
    pub snapshot_id: String,
    pub volume_size_gib: i32,
    /// pending, completed, error.
    pub state: String,
    /// "0%" to "100%".
    pub progress: String,
    pub description: Option<String>,
    pub started: Option<String>,
    pub encrypted: bool,
    /// My AMIs whose block device mappings use it.
    pub used_by: Vec<String>,
    /// Made for an AMI (by CreateImage or CopyImage) that is gone: it only costs money.
    /// Snapshots no AMI uses but that were made for other reasons (backups, DLM) are
    /// not orphans: they may be someone's only backup.
    pub orphan: bool,
    /// The AMI it was made for, from EC2's description of it.
    pub made_for: Option<String>,
    /// Upper-bound estimate, USD per month ([`SNAPSHOT_USD_PER_GB_MONTH`]).
    pub monthly_cost_usd: f64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SnapshotListing {
    pub region: String,
    pub snapshots: Vec<SnapshotInfo>,
    pub monthly_cost_usd: f64,
    pub orphan_monthly_cost_usd: f64,
    pub usd_per_gb_month: f64,
}

/// Snapshot id → the ids of my AMIs (including disabled ones) that use it.
pub(crate) async fn snapshot_users(aws: &Aws, target: &Target) -> Result<BTreeMap<String, Vec<String>>> {
    let out = aws
        .ec2(target)
        .await
        .describe_images()
        .owners("self")
        .include_disabled(true)
        .include_deprecated(true)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeImages")))?;
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for img in out.images() {
        for b in img.block_device_mappings() {
            if let Some(s) = b.ebs().and_then(|e| e.snapshot_id()) {
                users.entry(s.to_string()).or_default().push(img.image_id().unwrap_or_default().to_string());
            }
        }
    }
    Ok(users)
}

/// The AMI id in EC2's own descriptions: "Created by CreateImage(i-…) for ami-…" and
/// "Copied for DestinationAmi ami-… from SourceAmi …".
pub fn made_for_image(description: &str) -> Option<String> {
    let rest = description
        .strip_prefix("Created by CreateImage(")
        .and_then(|r| r.split_once(") for ").map(|(_, r)| r))
        .or_else(|| description.strip_prefix("Copied for DestinationAmi "))?;
    let id: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    id.starts_with("ami-").then_some(id)
}

pub async fn list_snapshots(aws: &Aws, target: &Target) -> Result<SnapshotListing> {
    let users = snapshot_users(aws, target).await?;
    // The owner-id filter rather than OwnerIds=self: moto ignores OwnerIds.
    let me = aws.account_id(target).await?;
    let mut pages = aws
        .ec2(target)
        .await
        .describe_snapshots()
        .filters(aws_sdk_ec2::types::Filter::builder().name("owner-id").values(me).build())
        .into_paginator()
        .send();
    let mut snapshots = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify(e, &target.context("DescribeSnapshots")))?;
        for s in page.snapshots() {
            let id = s.snapshot_id().unwrap_or_default().to_string();
            let used_by = users.get(&id).cloned().unwrap_or_default();
            let size = s.volume_size().unwrap_or(0);
            let made_for = s.description().and_then(made_for_image);
            snapshots.push(SnapshotInfo {
                orphan: used_by.is_empty() && made_for.is_some(),
                made_for,
                used_by,
                snapshot_id: id,
                volume_size_gib: size,
                state: s.state().map(|x| x.as_str().to_string()).unwrap_or_default(),
                progress: s.progress().unwrap_or_default().to_string(),
                description: s.description().filter(|d| !d.is_empty()).map(str::to_string),
                started: s.start_time().and_then(|t| t.fmt(Format::DateTime).ok()),
                encrypted: s.encrypted().unwrap_or(false),
                monthly_cost_usd: monthly_cost(size),
            });
        }
    }
    snapshots.sort_by(|a, b| b.orphan.cmp(&a.orphan).then(a.snapshot_id.cmp(&b.snapshot_id)));
    let total = |f: &dyn Fn(&&SnapshotInfo) -> bool| (snapshots.iter().filter(f).map(|s| s.monthly_cost_usd).sum::<f64>() * 100.0).round() / 100.0;
    Ok(SnapshotListing {
        region: target.region.clone(),
        monthly_cost_usd: total(&|_| true),
        orphan_monthly_cost_usd: total(&|s| s.orphan),
        usd_per_gb_month: SNAPSHOT_USD_PER_GB_MONTH,
        snapshots,
    })
}

/// Delete a snapshot; one that an AMI of mine still uses is refused with the AMI's id
/// (deregister the AMI first), before EC2 is asked.
pub async fn delete_snapshot(aws: &Aws, target: &Target, snapshot_id: &str) -> Result<()> {
    if let Some(images) = snapshot_users(aws, target).await?.get(snapshot_id) {
        return Err(Error::new(
            ErrorCode::Conflict,
            format!("{snapshot_id} is the disk of {}; deregister that AMI first (with its snapshots).", images.join(", ")),
        ));
    }
    aws.ec2(target)
        .await
        .delete_snapshot()
        .snapshot_id(snapshot_id)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DeleteSnapshot")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ami_a_snapshot_was_made_for() {
        assert_eq!(super::made_for_image("Created by CreateImage(i-0a1b) for ami-0123abc").as_deref(), Some("ami-0123abc"));
        assert_eq!(super::made_for_image("Copied for DestinationAmi ami-9f from SourceAmi ami-1 for SourceSnapshot snap-1.").as_deref(), Some("ami-9f"));
        assert_eq!(super::made_for_image("nightly backup of vol-1"), None);
    }

    #[test]
    fn cost_is_size_times_rate_rounded_to_cents() {
        assert_eq!(super::monthly_cost(8), 0.4);
        assert_eq!(super::monthly_cost(30), 1.5);
        assert_eq!(super::monthly_cost(0), 0.0);
    }
}
