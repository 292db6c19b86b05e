//! EC2 instances as the key pages need them: which key pair each was launched with
//! and where it can be reached. (Launching lives with the AMI flows.)

use aws_sdk_ec2::types::{Filter, Instance};
use serde::Serialize;

use crate::access::{Aws, Target};
use crate::error::{classify, Result};
use crate::regions::{across_regions, AcrossRegions};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct InstanceSummary {
    pub instance_id: String,
    /// The Name tag.
    pub name: Option<String>,
    pub region: String,
    /// pending, running, stopping, stopped, shutting-down.
    pub state: String,
    pub key_name: Option<String>,
    pub image_id: Option<String>,
    pub public_dns: Option<String>,
    pub public_ip: Option<String>,
    pub private_ip: Option<String>,
    pub windows: bool,
    pub security_group_ids: Vec<String>,
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
}

fn from_sdk(i: &Instance, region: &str) -> InstanceSummary {
    InstanceSummary {
        instance_id: i.instance_id().unwrap_or_default().to_string(),
        name: i.tags().iter().find(|t| t.key() == Some("Name")).and_then(|t| non_empty(t.value())),
        region: region.to_string(),
        state: i.state().and_then(|s| s.name()).map(|n| n.as_str().to_string()).unwrap_or_default(),
        key_name: non_empty(i.key_name()),
        image_id: non_empty(i.image_id()),
        public_dns: non_empty(i.public_dns_name()),
        public_ip: non_empty(i.public_ip_address()),
        private_ip: non_empty(i.private_ip_address()),
        windows: i.platform().map(|p| p.as_str().eq_ignore_ascii_case("windows")).unwrap_or(false),
        security_group_ids: i.security_groups().iter().filter_map(|g| g.group_id().map(str::to_string)).collect(),
    }
}

/// Instances in one region that are not terminated, optionally only those
/// launched with key pair `key_name`.
pub async fn list_instances(aws: &Aws, target: &Target, key_name: Option<&str>) -> Result<Vec<InstanceSummary>> {
    list_where(aws, target, key_name.map(|k| ("key-name", k))).await
}

/// Ids of the instances (not terminated) launched from `image_id`.
pub async fn launched_from(aws: &Aws, target: &Target, image_id: &str) -> Result<Vec<String>> {
    Ok(list_where(aws, target, Some(("image-id", image_id))).await?.into_iter().map(|i| i.instance_id).collect())
}

async fn list_where(aws: &Aws, target: &Target, filter: Option<(&str, &str)>) -> Result<Vec<InstanceSummary>> {
    let mut req = aws.ec2(target).await.describe_instances();
    if let Some((name, value)) = filter {
        req = req.filters(Filter::builder().name(name).values(value).build());
    }
    let mut pages = req.into_paginator().send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify(e, &target.context("DescribeInstances")))?;
        out.extend(page.reservations().iter().flat_map(|r| r.instances()).map(|i| from_sdk(i, &target.region)));
    }
    out.retain(|i| i.state != "terminated");
    out.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    Ok(out)
}

pub async fn list_instances_all_regions(aws: &Aws, home: &Target) -> Result<AcrossRegions<InstanceSummary>> {
    across_regions(aws, home, |t| async move { list_instances(aws, &t, None).await }).await
}

pub async fn describe_instance(aws: &Aws, target: &Target, instance_id: &str) -> Result<InstanceSummary> {
    let out = aws
        .ec2(target)
        .await
        .describe_instances()
        .instance_ids(instance_id)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeInstances")))?;
    out.reservations()
        .iter()
        .flat_map(|r| r.instances())
        .next()
        .map(|i| from_sdk(i, &target.region))
        .ok_or_else(|| crate::Error::new(crate::ErrorCode::NotFound, format!("There is no instance {instance_id} in {}.", target.region)))
}
