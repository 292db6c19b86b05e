//! The EC2 actions. Each takes the world, the call's context and its parameters, and
//! returns the response body's children (the server wraps them in
//! `<ActionResponse xmlns=...><requestId/>...`).

mod images;
pub(crate) use images::volumes_for;
mod instances;
mod keypairs;
mod network;
mod regions;
mod storage;
mod tags;
mod templates;

use std::time::Duration;

use crate::error::{ApiError, ApiResult};
use crate::query::Params;
use crate::world::{Region, World};
use crate::xml::{set, text, Xml};

/// How long things take in the practice world. Tests use zero; the app uses a few
/// seconds so that learners see pending turn into available.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub instance_start: Duration,
    pub instance_stop: Duration,
    pub image_create: Duration,
    pub image_copy: Duration,
}

impl Timing {
    pub const INSTANT: Timing = Timing {
        instance_start: Duration::ZERO,
        instance_stop: Duration::ZERO,
        image_create: Duration::ZERO,
        image_copy: Duration::ZERO,
    };

    pub const REALISTIC: Timing = Timing {
        instance_start: Duration::from_secs(4),
        instance_stop: Duration::from_secs(3),
        image_create: Duration::from_secs(12),
        image_copy: Duration::from_secs(15),
    };
}

pub struct Ctx {
    pub region: String,
    pub now: u64,
    pub timing: Timing,
}

impl Ctx {
    pub fn ms(&self, d: Duration) -> u64 {
        self.now + d.as_millis() as u64
    }
}

pub struct Outcome {
    pub body: Vec<Xml>,
    /// Whether the world changed (and must be saved).
    pub changed: bool,
}

fn read(body: Vec<Xml>) -> ApiResult<Outcome> {
    Ok(Outcome { body, changed: false })
}

fn wrote(body: Vec<Xml>) -> ApiResult<Outcome> {
    Ok(Outcome { body, changed: true })
}

/// Every action the sandbox answers, in the order of the README's table.
pub const ACTIONS: &[&str] = &[
    "DescribeRegions", "DescribeAvailabilityZones",
    "CreateKeyPair", "ImportKeyPair", "DescribeKeyPairs", "DeleteKeyPair",
    "DescribeImages", "CreateImage", "CopyImage", "DeregisterImage",
    "DescribeImageAttribute", "ModifyImageAttribute", "ResetImageAttribute",
    "EnableImageDeprecation", "DisableImageDeprecation", "DisableImage", "EnableImage",
    "EnableImageDeregistrationProtection", "DisableImageDeregistrationProtection",
    "RunInstances", "DescribeInstances", "StartInstances", "StopInstances", "TerminateInstances",
    "DescribeInstanceTypes",
    "DescribeSnapshots", "DeleteSnapshot", "DescribeVolumes",
    "DescribeVpcs", "DescribeSubnets", "DescribeSecurityGroups", "CreateSecurityGroup",
    "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress",
    "CreateTags", "DeleteTags", "DescribeTags",
    "CreateLaunchTemplate", "DescribeLaunchTemplates", "DescribeLaunchTemplateVersions",
];

pub fn dispatch(world: &mut World, ctx: &Ctx, action: &str, p: &Params) -> ApiResult<Outcome> {
    if !ACTIONS.contains(&action) {
        return Err(ApiError::client(
            "InvalidAction",
            format!("The action {action} is not valid for this web service (the practice sandbox does not offer it)."),
        ));
    }
    if world.region(&ctx.region).is_none() {
        return Err(ApiError::new(401, "AuthFailure", format!("'{}' is not a valid region.", ctx.region)));
    }
    if world.denied_actions.contains(action) {
        return Err(ApiError::new(
            403,
            "UnauthorizedOperation",
            format!("You are not authorized to perform this operation. (The practice policy denies ec2:{action}.)"),
        ));
    }
    if p.bool("DryRun") {
        return Err(ApiError::new(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set."));
    }
    if world.regions[&ctx.region].opt_in && !matches!(action, "DescribeRegions") {
        return Err(ApiError::new(
            401,
            "OptInRequired",
            format!("You are not subscribed to this service. The region {} is not enabled for this account.", ctx.region),
        ));
    }
    match action {
        "DescribeRegions" => read(regions::describe_regions(world, p)?),
        "DescribeAvailabilityZones" => read(regions::describe_zones(world, ctx, p)?),
        "CreateKeyPair" => wrote(keypairs::create(world, ctx, p)?),
        "ImportKeyPair" => wrote(keypairs::import(world, ctx, p)?),
        "DescribeKeyPairs" => read(keypairs::describe(world, ctx, p)?),
        "DeleteKeyPair" => wrote(keypairs::delete(world, ctx, p)?),
        "DescribeImages" => read(images::describe(world, ctx, p)?),
        "CreateImage" => wrote(images::create(world, ctx, p)?),
        "CopyImage" => wrote(images::copy(world, ctx, p)?),
        "DeregisterImage" => wrote(images::deregister(world, ctx, p)?),
        "DescribeImageAttribute" => read(images::describe_attribute(world, ctx, p)?),
        "ModifyImageAttribute" => wrote(images::modify_attribute(world, ctx, p)?),
        "ResetImageAttribute" => wrote(images::reset_attribute(world, ctx, p)?),
        "EnableImageDeprecation" => wrote(images::enable_deprecation(world, ctx, p)?),
        "DisableImageDeprecation" => wrote(images::disable_deprecation(world, ctx, p)?),
        "DisableImage" => wrote(images::set_disabled(world, ctx, p, true)?),
        "EnableImage" => wrote(images::set_disabled(world, ctx, p, false)?),
        "EnableImageDeregistrationProtection" => wrote(images::protect(world, ctx, p, true)?),
        "DisableImageDeregistrationProtection" => wrote(images::protect(world, ctx, p, false)?),
        "RunInstances" => wrote(instances::run(world, ctx, p)?),
        "DescribeInstances" => read(instances::describe(world, ctx, p)?),
        "StartInstances" => wrote(instances::change_state(world, ctx, p, instances::Change::Start)?),
        "StopInstances" => wrote(instances::change_state(world, ctx, p, instances::Change::Stop)?),
        "TerminateInstances" => wrote(instances::change_state(world, ctx, p, instances::Change::Terminate)?),
        "DescribeInstanceTypes" => read(instances::describe_types(p)?),
        "DescribeSnapshots" => read(storage::describe_snapshots(world, ctx, p)?),
        "DeleteSnapshot" => wrote(storage::delete_snapshot(world, ctx, p)?),
        "DescribeVolumes" => read(storage::describe_volumes(world, ctx, p)?),
        "DescribeVpcs" => read(network::describe_vpcs(world, ctx, p)?),
        "DescribeSubnets" => read(network::describe_subnets(world, ctx, p)?),
        "DescribeSecurityGroups" => read(network::describe_security_groups(world, ctx, p)?),
        "CreateSecurityGroup" => wrote(network::create_security_group(world, ctx, p)?),
        "AuthorizeSecurityGroupIngress" => wrote(network::change_ingress(world, ctx, p, true)?),
        "RevokeSecurityGroupIngress" => wrote(network::change_ingress(world, ctx, p, false)?),
        "CreateTags" => wrote(tags::create(world, ctx, p)?),
        "DeleteTags" => wrote(tags::delete(world, p)?),
        "DescribeTags" => read(tags::describe(world, ctx, p)?),
        "CreateLaunchTemplate" => wrote(templates::create(world, ctx, p)?),
        "DescribeLaunchTemplates" => read(templates::describe(world, ctx, p)?),
        "DescribeLaunchTemplateVersions" => read(templates::describe_versions(world, ctx, p)?),
        _ => unreachable!("checked against ACTIONS above"),
    }
}

// ---- helpers shared by the actions ----

fn region_mut<'a>(world: &'a mut World, ctx: &Ctx) -> &'a mut Region {
    world.regions.get_mut(&ctx.region).expect("region checked in dispatch")
}

fn region<'a>(world: &'a World, ctx: &Ctx) -> &'a Region {
    &world.regions[&ctx.region]
}

/// ISO 8601 with milliseconds, as EC2 writes times.
pub fn iso(ms: u64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.format(f).unwrap_or_default()
}

pub fn parse_iso(s: &str) -> ApiResult<u64> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as u64)
        .map_err(|_| ApiError::invalid_value(format!("Invalid value '{s}': expected a date and time like 2027-01-31T12:00:00Z")))
}

fn tag_set(world: &World, id: &str) -> Option<Xml> {
    let tags = world.tags_of(id);
    (!tags.is_empty()).then(|| set("tagSet", tags.into_iter().map(|(k, v)| vec![text("key", k), text("value", v)])))
}

/// AWS's tag rules: key 1–128 characters (127 documented for EC2: at most 127 here),
/// not starting with `aws:`; value at most 256; at most 50 tags per resource.
pub fn validate_tag(key: &str, value: &str) -> ApiResult<()> {
    if key.is_empty() || key.chars().count() > 127 {
        return Err(ApiError::client("InvalidParameterValue", format!("Tag key '{key}' must be 1 to 127 characters")));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(ApiError::client("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for AWS use"));
    }
    if value.chars().count() > 256 {
        return Err(ApiError::client("InvalidParameterValue", format!("The value of tag '{key}' is longer than 256 characters")));
    }
    Ok(())
}

/// Validate every tag first, then apply: a bad tag leaves nothing half-done.
pub fn put_tags(world: &mut World, id: &str, tags: &[(String, String)]) -> ApiResult<()> {
    for (k, v) in tags {
        validate_tag(k, v)?;
    }
    let entry = world.tags.entry(id.to_string()).or_default();
    let mut after = entry.clone();
    for (k, v) in tags {
        after.insert(k.clone(), v.clone());
    }
    if after.len() > 50 {
        return Err(ApiError::client("TagLimitExceeded", format!("The maximum number of tags (50) for {id} would be exceeded")));
    }
    *entry = after;
    Ok(())
}

/// The tags of a TagSpecification for `kind` (e.g. "image", "snapshot", "key-pair").
pub fn spec_tags(p: &Params, kind: &str) -> ApiResult<Vec<(String, String)>> {
    let specs = p.tag_specs();
    for (k, key, value) in &specs {
        if k.is_empty() {
            return Err(ApiError::missing("TagSpecification.N.ResourceType"));
        }
        validate_tag(key, value)?;
    }
    Ok(specs.into_iter().filter(|(k, _, _)| k == kind).map(|(_, key, value)| (key, value)).collect())
}

fn return_true() -> Vec<Xml> {
    vec![text("return", "true")]
}

/// MaxResults/NextToken paging over an already filtered list (NextToken is the offset).
fn page<T>(items: Vec<T>, p: &Params, max_limit: i64) -> ApiResult<(Vec<T>, Option<String>)> {
    let start: usize = match p.get("NextToken") {
        None => 0,
        Some(t) => t.parse().map_err(|_| ApiError::client("InvalidNextToken", "The specified token is not valid"))?,
    };
    let size = match p.int("MaxResults")? {
        None => return Ok((items.into_iter().skip(start).collect(), None)),
        Some(n) if !(5..=max_limit).contains(&n) => {
            return Err(ApiError::invalid_value(format!("MaxResults must be between 5 and {max_limit}, not {n}")))
        }
        Some(n) => n as usize,
    };
    let total = items.len();
    let out: Vec<T> = items.into_iter().skip(start).take(size).collect();
    let next = (start + size < total).then(|| (start + size).to_string());
    Ok((out, next))
}

fn with_token(mut body: Vec<Xml>, next: Option<String>) -> Vec<Xml> {
    if let Some(t) = next {
        body.push(text("nextToken", t));
    }
    body
}

fn state_xml(name: &str) -> Vec<Xml> {
    vec![text("code", crate::world::state_code(name)), text("name", name)]
}
