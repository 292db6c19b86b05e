//! Launching from an AMI: an instance with a key pair and a security group whose SSH
//! rule admits only the user's address (never 0.0.0.0/0 by default), and launch
//! templates for Auto Scaling.

use aws_sdk_ec2::types::{
    Filter, IpPermission, IpRange, RequestLaunchTemplateData, ResourceType, Tag, TagSpecification,
};
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::access::{Aws, Target};
use crate::cliquote::{quote, tag_specifications};
use crate::error::{classify, Error, ErrorCode, Result};
use crate::imagerules::validate_tags;

/// The user's public IPv4 address as a /32, from checkip.amazonaws.com (in practice
/// mode, from the practice world). Shown to the user as a suggestion to confirm.
pub async fn my_ip_cidr(aws: &Aws, target: &Target) -> Result<String> {
    let url = match (&aws.settings().practice_endpoint, target.is_practice()) {
        (Some(endpoint), true) => format!("{endpoint}/_sandbox/checkip"),
        _ => "http://checkip.amazonaws.com/".to_string(),
    };
    let text = reqwest::get(&url)
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| Error::new(ErrorCode::Network, format!("Could not find your public address ({url}): {e}. Type it in instead.")))?
        .text()
        .await
        .map_err(|e| Error::new(ErrorCode::Network, e.to_string()))?;
    let ip: std::net::Ipv4Addr = text.trim().parse().map_err(|_| Error::new(ErrorCode::Network, format!("{url} answered \"{}\", not an address.", text.trim())))?;
    Ok(format!("{ip}/32"))
}

/// A CIDR block, and whether it opens SSH to the whole internet.
pub fn check_ssh_cidr(cidr: &str) -> Result<ipnet::IpNet> {
    cidr.parse::<ipnet::IpNet>()
        .map_err(|_| Error::invalid_input(format!("\"{cidr}\" is not a CIDR block such as 203.0.113.7/32.")))
}

pub fn is_open_to_world(net: &ipnet::IpNet) -> bool {
    net.prefix_len() == 0
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct LaunchRequest {
    pub image_id: String,
    pub instance_type: String,
    pub key_name: Option<String>,
    /// Who may SSH in (CIDR). None: no SSH rule at all.
    pub ssh_from: Option<String>,
    /// Required to open SSH to 0.0.0.0/0 or ::/0, after the risk was explained.
    pub allow_world_ssh: bool,
    /// Plain text; sent base64-encoded as EC2 wants.
    pub user_data: Option<String>,
    /// The instance's Name tag.
    pub name: Option<String>,
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LaunchOutcome {
    pub instance_id: String,
    pub security_group_id: Option<String>,
    pub region: String,
    pub cli: String,
}

pub fn validate_launch(req: &LaunchRequest) -> Result<Option<ipnet::IpNet>> {
    if !req.image_id.starts_with("ami-") {
        return Err(Error::invalid_input(format!("\"{}\" is not an AMI id (ami-…).", req.image_id)));
    }
    if req.instance_type.trim().is_empty() {
        return Err(Error::invalid_input("Choose an instance type."));
    }
    let mut tags = req.tags.clone();
    if let Some(n) = &req.name {
        tags.push(("Name".into(), n.clone()));
    }
    validate_tags(&tags)?;
    if req.user_data.as_ref().is_some_and(|u| u.len() > 16 * 1024) {
        return Err(Error::invalid_input("User data is limited to 16 KB."));
    }
    let net = req.ssh_from.as_deref().map(check_ssh_cidr).transpose()?;
    if net.as_ref().is_some_and(is_open_to_world) && !req.allow_world_ssh {
        return Err(Error::invalid_input(
            "SSH open to the whole internet (0.0.0.0/0) invites constant password and exploit scans; restrict it to your address, or confirm that you really want it.",
        ));
    }
    Ok(net)
}

/// A security group in the default VPC that admits SSH from `net` only, reused
/// when one with the same rule already exists.
async fn ssh_group(aws: &Aws, target: &Target, net: &ipnet::IpNet) -> Result<String> {
    let ec2 = aws.ec2(target).await;
    let net = net.trunc();
    let name = format!("amikey-ssh-{}", net.to_string().replace(['/', ':'], "_"));
    let vpc = ec2
        .describe_vpcs()
        .filters(Filter::builder().name("is-default").values("true").build())
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeVpcs")))?
        .vpcs()
        .first()
        .and_then(|v| v.vpc_id())
        .map(str::to_string)
        .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("There is no default VPC in {}; create one (or launch from the console).", target.region)))?;
    // Reused only if it is in the default VPC and still has its one SSH rule.
    let found = ec2
        .describe_security_groups()
        .filters(Filter::builder().name("group-name").values(&name).build())
        .filters(Filter::builder().name("vpc-id").values(&vpc).build())
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeSecurityGroups")))?;
    let cidr = net.to_string();
    if let Some(g) = found.security_groups().first() {
        let has_rule = g.ip_permissions().iter().any(|p| {
            p.from_port() == Some(22)
                && (p.ip_ranges().iter().any(|r| r.cidr_ip() == Some(cidr.as_str())) || p.ipv6_ranges().iter().any(|r| r.cidr_ipv6() == Some(cidr.as_str())))
        });
        if has_rule {
            return Ok(g.group_id().unwrap_or_default().to_string());
        }
    }
    let id = ec2
        .create_security_group()
        .group_name(&name)
        .description(format!("SSH from {net} only (made by Amikey)"))
        .vpc_id(vpc)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("CreateSecurityGroup")))?
        .group_id
        .unwrap_or_default();
    let range = IpPermission::builder().ip_protocol("tcp").from_port(22).to_port(22);
    let range = match net {
        ipnet::IpNet::V4(_) => range.ip_ranges(IpRange::builder().cidr_ip(net.to_string()).description("SSH").build()),
        ipnet::IpNet::V6(_) => range.ipv6_ranges(aws_sdk_ec2::types::Ipv6Range::builder().cidr_ipv6(net.to_string()).description("SSH").build()),
    };
    if let Err(e) = ec2.authorize_security_group_ingress().group_id(&id).ip_permissions(range.build()).send().await {
        // An empty group would be reused by later launches, leaving them unreachable.
        let _ = ec2.delete_security_group().group_id(&id).send().await;
        return Err(classify(e, &target.context("AuthorizeSecurityGroupIngress")));
    }
    Ok(id)
}


pub fn launch_cli(req: &LaunchRequest, target: &Target, group: Option<&str>) -> String {
    let mut parts = vec!["aws ec2 run-instances".to_string()];
    if let Some(p) = target.profile.as_deref().filter(|p| *p != crate::access::PRACTICE_PROFILE) {
        parts.push(format!("--profile {}", quote(p)));
    }
    parts.push(format!("--region {}", quote(&target.region)));
    parts.push(format!("--image-id {}", quote(&req.image_id)));
    parts.push(format!("--instance-type {}", quote(&req.instance_type)));
    if let Some(k) = &req.key_name {
        parts.push(format!("--key-name {}", quote(k)));
    }
    if let Some(g) = group {
        parts.push(format!("--security-group-ids {g}"));
    }
    if req.user_data.is_some() {
        parts.push("--user-data file://user-data.sh".into());
    }
    let mut tags = req.tags.clone();
    if let Some(n) = &req.name {
        tags.insert(0, ("Name".into(), n.clone()));
    }
    parts.extend(tag_specifications(&[("instance", &tags)]));
    parts.join(" \\\n  ")
}

pub async fn launch_instance(aws: &Aws, target: &Target, req: &LaunchRequest) -> Result<LaunchOutcome> {
    let net = validate_launch(req)?;
    let group = match &net {
        Some(n) => Some(ssh_group(aws, target, n).await?),
        None => None,
    };
    let mut tags = req.tags.clone();
    if let Some(n) = &req.name {
        tags.insert(0, ("Name".into(), n.clone()));
    }
    let out = aws
        .ec2(target)
        .await
        .run_instances()
        .image_id(&req.image_id)
        .instance_type(req.instance_type.as_str().into())
        .set_key_name(req.key_name.clone())
        .set_security_group_ids(group.clone().map(|g| vec![g]))
        .set_user_data(req.user_data.as_ref().map(|u| base64::engine::general_purpose::STANDARD.encode(u)))
        .set_tag_specifications((!tags.is_empty()).then(|| {
            vec![TagSpecification::builder()
                .resource_type(ResourceType::Instance)
                .set_tags(Some(tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()))
                .build()]
        }))
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("RunInstances")))?;
    let instance_id = out.instances().first().and_then(|i| i.instance_id()).map(str::to_string).ok_or_else(|| Error::internal("EC2 returned no instance."))?;
    Ok(LaunchOutcome { cli: launch_cli(req, target, group.as_deref()), instance_id, security_group_id: group, region: target.region.clone() })
}

/// AWS: 3–128 characters of letters, digits and `( ) . - / _`.
pub fn validate_template_name(name: &str) -> Result<()> {
    let len = name.chars().count();
    if !(3..=128).contains(&len) || !name.chars().all(|c| c.is_ascii_alphanumeric() || "()./_-".contains(c)) {
        return Err(Error::invalid_input("Launch template names are 3 to 128 characters of letters, digits and ( ) . - / _."));
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct TemplateRequest {
    pub name: String,
    pub image_id: String,
    pub instance_type: String,
    pub key_name: Option<String>,
    pub security_group_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct TemplateOutcome {
    pub launch_template_id: String,
    pub name: String,
    pub region: String,
}

/// A launch template pinned to the AMI: what an Auto Scaling group launches from.
pub async fn create_launch_template(aws: &Aws, target: &Target, req: &TemplateRequest) -> Result<TemplateOutcome> {
    validate_template_name(&req.name)?;
    let data = RequestLaunchTemplateData::builder()
        .image_id(&req.image_id)
        .instance_type(req.instance_type.as_str().into())
        .set_key_name(req.key_name.clone())
        .set_security_group_ids(Some(req.security_group_ids.clone()).filter(|g| !g.is_empty()))
        .build();
    let out = aws
        .ec2(target)
        .await
        .create_launch_template()
        .launch_template_name(&req.name)
        .launch_template_data(data)
        .send()
        .await
        .map_err(|e| classify(e, &target.context("CreateLaunchTemplate")))?;
    let t = out.launch_template().ok_or_else(|| Error::internal("EC2 returned no launch template."))?;
    Ok(TemplateOutcome {
        launch_template_id: t.launch_template_id().unwrap_or_default().into(),
        name: req.name.clone(),
        region: target.region.clone(),
    })
}

/// Launch templates whose latest or default version (what Auto Scaling launches)
/// uses `image_id`.
pub async fn templates_using(aws: &Aws, target: &Target, image_id: &str) -> Result<Vec<String>> {
    let ec2 = aws.ec2(target).await;
    let templates = ec2.describe_launch_templates().send().await.map_err(|e| classify(e, &target.context("DescribeLaunchTemplates")))?;
    let mut using = Vec::new();
    for t in templates.launch_templates() {
        let Some(id) = t.launch_template_id() else { continue };
        let versions = ec2
            .describe_launch_template_versions()
            .launch_template_id(id)
            .versions("$Latest")
            .versions("$Default")
            .send()
            .await
            .map_err(|e| classify(e, &target.context("DescribeLaunchTemplateVersions")))?;
        if versions.launch_template_versions().iter().any(|v| v.launch_template_data().and_then(|d| d.image_id()) == Some(image_id)) {
            using.push(t.launch_template_name().unwrap_or(id).to_string());
        }
    }
    Ok(using)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> LaunchRequest {
        LaunchRequest {
            image_id: "ami-0123456789abcdef0".into(),
            instance_type: "t3.micro".into(),
            key_name: Some("deploy".into()),
            ssh_from: Some("203.0.113.7/32".into()),
            allow_world_ssh: false,
            user_data: None,
            name: Some("web 1".into()),
            tags: vec![],
        }
    }

    #[test]
    fn ssh_is_never_open_to_the_world_unless_confirmed() {
        assert!(validate_launch(&req()).is_ok());
        let mut r = req();
        r.ssh_from = Some("0.0.0.0/0".into());
        assert!(validate_launch(&r).unwrap_err().message.contains("whole internet"));
        r.ssh_from = Some("::/0".into());
        assert!(validate_launch(&r).is_err());
        r.allow_world_ssh = true;
        assert!(validate_launch(&r).is_ok());
        r.ssh_from = Some("300.1.1.1/32".into());
        assert!(validate_launch(&r).is_err());
    }

    #[test]
    fn the_cli_equivalent_names_everything() {
        let cli = launch_cli(&req(), &Target::new(None, "eu-west-1"), Some("sg-1"));
        assert!(cli.contains("--key-name deploy") && cli.contains("--security-group-ids sg-1"), "{cli}");
        assert!(cli.contains(r#"[{"ResourceType":"instance","Tags":[{"Key":"Name","Value":"web 1"}]}]"#), "{cli}");
        assert!(validate_template_name("golden-web/v2").is_ok());
        assert!(validate_template_name("has space").is_err());
    }
}
