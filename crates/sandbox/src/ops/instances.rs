use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

use super::images::{find_launchable, volumes_for};
use super::{iso, put_tags, region, region_mut, spec_tags, state_xml, tag_set, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::filters::{matches, one};
use crate::query::Params;
use crate::seed::INSTANCE_TYPES;
use crate::world::{new_id, Instance, InstanceState, World};
use crate::xml::{el, fields, opt, set, text, Xml};

fn not_found(id: &str) -> ApiError {
    ApiError::client("InvalidInstanceID.NotFound", format!("The instance ID '{id}' does not exist"))
}

fn validate_id(id: &str) -> ApiResult<()> {
    let hex = id.strip_prefix("i-").unwrap_or("");
    if !(hex.len() == 8 || hex.len() == 17) || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ApiError::client("InvalidInstanceID.Malformed", format!("Invalid id: \"{id}\"")));
    }
    Ok(())
}

fn instance_xml(world: &World, i: &Instance, now: u64) -> Vec<Xml> {
    let state = i.state_name(now).to_string();
    let running = state == "running";
    let groups = region_of(world, &i.zone)
        .map(|r| {
            i.security_group_ids
                .iter()
                .map(|g| {
                    let name = r.security_groups.iter().find(|s| &s.id == g).map(|s| s.name.clone()).unwrap_or_default();
                    vec![text("groupId", g), text("groupName", name)]
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    fields([
        Some(text("instanceId", &i.id)),
        Some(text("imageId", &i.image_id)),
        Some(el("instanceState", state_xml(&state))),
        Some(text("privateDnsName", format!("ip-{}.ec2.internal", i.private_ip.replace('.', "-")))),
        Some(text("dnsName", if running { i.public_ip.as_ref().map(|ip| format!("ec2-{}.compute-1.amazonaws.com", ip.replace('.', "-"))).unwrap_or_default() } else { String::new() })),
        opt("keyName", i.key_name.as_ref()),
        Some(text("amiLaunchIndex", 0)),
        Some(text("instanceType", &i.instance_type)),
        Some(text("launchTime", iso(i.launched_ms))),
        Some(el("placement", vec![text("availabilityZone", &i.zone), text("tenancy", "default")])),
        opt("platform", i.platform.as_ref()),
        Some(el("monitoring", vec![text("state", "disabled")])),
        Some(text("subnetId", &i.subnet_id)),
        Some(text("vpcId", &i.vpc_id)),
        Some(text("privateIpAddress", &i.private_ip)),
        opt("ipAddress", i.public_ip.as_ref().filter(|_| running)),
        Some(set("groupSet", groups)),
        Some(text("architecture", &i.architecture)),
        Some(text("rootDeviceType", "ebs")),
        Some(text("rootDeviceName", &i.root_device_name)),
        Some(set(
            "blockDeviceMapping",
            i.volume_ids.iter().map(|(dev, vol)| {
                vec![
                    text("deviceName", dev),
                    el("ebs", vec![text("volumeId", vol), text("status", "attached"), text("attachTime", iso(i.launched_ms)), text("deleteOnTermination", true)]),
                ]
            }),
        )),
        Some(text("virtualizationType", "hvm")),
        tag_set(world, &i.id),
        Some(text("hypervisor", "xen")),
        Some(text("ebsOptimized", false)),
        Some(text("enaSupport", true)),
        Some(el("metadataOptions", vec![text("state", "applied"), text("httpTokens", "required"), text("httpEndpoint", "enabled")])),
        Some(text("bootMode", "uefi-preferred")),
    ])
}

fn region_of<'a>(world: &'a World, zone: &str) -> Option<&'a crate::world::Region> {
    world.regions.values().find(|r| r.zones.iter().any(|z| z == zone))
}

pub fn run(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let image_id = p.required("ImageId")?.to_string();
    let min = p.int("MinCount")?.ok_or_else(|| ApiError::missing("MinCount"))?;
    let max = p.int("MaxCount")?.ok_or_else(|| ApiError::missing("MaxCount"))?;
    if min < 1 || max < min {
        return Err(ApiError::invalid_value("MinCount must be at least 1 and no more than MaxCount"));
    }
    if max > 20 {
        return Err(ApiError::client("InstanceLimitExceeded", "The practice account may launch at most 20 instances at once."));
    }
    let token_key = p.get("ClientToken").map(|t| format!("{}/RunInstances/{t}", ctx.region));
    if let Some(reservation) = token_key.as_ref().and_then(|k| world.client_tokens.get(k)).cloned() {
        let r = region(world, ctx);
        let same: Vec<&Instance> = r.instances.iter().filter(|i| i.reservation_id == reservation).collect();
        return Ok(reservation_xml(world, &reservation, &same, ctx.now));
    }
    let image = find_launchable(world, ctx, &image_id)?;
    let instance_type = p.get("InstanceType").unwrap_or("t2.micro").to_string();
    let itype = INSTANCE_TYPES
        .iter()
        .find(|t| t.name == instance_type)
        .ok_or_else(|| ApiError::invalid_value(format!("Invalid value '{instance_type}' for InstanceType.")))?;
    if itype.architecture != image.architecture {
        return Err(ApiError::invalid_value(format!(
            "The architecture '{}' of the specified instance type does not match the architecture '{}' of the specified AMI.",
            itype.architecture, image.architecture
        )));
    }
    let r = region(world, ctx);
    let key_name = p.get("KeyName").map(str::to_string);
    if let Some(k) = &key_name {
        if !r.key_pairs.iter().any(|kp| &kp.name == k) {
            return Err(ApiError::client("InvalidKeyPair.NotFound", format!("The key pair '{k}' does not exist")));
        }
    }
    let subnet = match p.get("SubnetId") {
        Some(id) => r.subnets.iter().find(|s| s.id == id).ok_or_else(|| ApiError::not_found("InvalidSubnetID.NotFound", "subnet ID", id))?,
        None => &r.subnets[0],
    }
    .clone();
    let mut groups = p.list("SecurityGroupId");
    for g in &groups {
        if !r.security_groups.iter().any(|s| &s.id == g) {
            return Err(ApiError::client("InvalidGroup.NotFound", format!("The security group '{g}' does not exist")));
        }
    }
    for name in p.list("SecurityGroup") {
        let sg = r.security_groups.iter().find(|s| s.name == name && s.vpc_id == subnet.vpc_id).ok_or_else(|| {
            ApiError::client("InvalidGroup.NotFound", format!("The security group '{name}' does not exist in default VPC"))
        })?;
        groups.push(sg.id.clone());
    }
    if groups.is_empty() {
        groups.push(r.security_groups.iter().find(|s| s.name == "default" && s.vpc_id == subnet.vpc_id).map(|s| s.id.clone()).unwrap_or_default());
    }
    let user_data = match p.get("UserData") {
        Some(u) => {
            B64.decode(u).map_err(|_| ApiError::invalid_value("UserData must be base64-encoded"))?;
            if u.len() > 25_600 {
                return Err(ApiError::invalid_value("User data is limited to 16 KB."));
            }
            Some(u.to_string())
        }
        None => None,
    };
    let instance_tags = spec_tags(p, "instance")?;
    let volume_tags = spec_tags(p, "volume")?;
    let reservation = new_id("r");
    let mut launched = Vec::new();
    let mut volumes = Vec::new();
    let base = r.instances.len();
    for n in 0..max as usize {
        let id = new_id("i");
        let vols = volumes_for(&image, &subnet.zone, &id, ctx.now);
        let idx = base + n + 10;
        launched.push(Instance {
            id: id.clone(),
            reservation_id: reservation.clone(),
            image_id: image.id.clone(),
            instance_type: instance_type.clone(),
            key_name: key_name.clone(),
            security_group_ids: groups.clone(),
            subnet_id: subnet.id.clone(),
            vpc_id: subnet.vpc_id.clone(),
            zone: subnet.zone.clone(),
            private_ip: format!("172.31.{}.{}", idx / 250, idx % 250 + 4),
            public_ip: Some(format!("203.0.113.{}", idx % 250 + 1)),
            user_data: user_data.clone(),
            architecture: image.architecture.clone(),
            platform: image.platform.clone(),
            root_device_name: image.root_device_name.clone(),
            volume_ids: vols.iter().map(|(d, v)| (d.clone(), v.id.clone())).collect(),
            launched_ms: ctx.now,
            state: InstanceState { current: "pending".into(), next: Some("running".into()), until_ms: ctx.ms(ctx.timing.instance_start) },
            terminated_ms: None,
        });
        volumes.extend(vols.into_iter().map(|(_, v)| v));
    }
    for i in &launched {
        put_tags(world, &i.id, &instance_tags)?;
    }
    for v in &volumes {
        put_tags(world, &v.id, &volume_tags)?;
    }
    if let Some(k) = token_key {
        world.client_tokens.insert(k, reservation.clone());
    }
    let r = region_mut(world, ctx);
    if let Some(img) = r.images.iter_mut().find(|i| i.id == image.id) {
        img.last_launched_ms = Some(ctx.now);
    }
    r.volumes.extend(volumes);
    r.instances.extend(launched.iter().cloned());
    let refs: Vec<&Instance> = launched.iter().collect();
    Ok(reservation_xml(world, &reservation, &refs, ctx.now))
}

fn reservation_xml(world: &World, reservation: &str, instances: &[&Instance], now: u64) -> Vec<Xml> {
    vec![
        text("reservationId", reservation),
        text("ownerId", &world.account),
        el("groupSet", vec![]),
        set("instancesSet", instances.iter().map(|i| instance_xml(world, i, now))),
    ]
}

pub fn describe(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let ids = p.list("InstanceId");
    for id in &ids {
        validate_id(id)?;
    }
    let filters = p.filters();
    let r = region(world, ctx);
    for id in &ids {
        if !r.instances.iter().any(|i| &i.id == id) {
            return Err(not_found(id));
        }
    }
    let mut by_reservation: Vec<(String, Vec<&Instance>)> = Vec::new();
    for i in &r.instances {
        // Terminated instances stay visible for an hour, as on AWS.
        if i.terminated_ms.is_some_and(|t| ctx.now > t + 3_600_000) {
            continue;
        }
        if !ids.is_empty() && !ids.contains(&i.id) {
            continue;
        }
        let tags = world.tags_of(&i.id);
        let ok = matches(&filters, &tags, |f| match f {
            "instance-state-name" => one(i.state_name(ctx.now)),
            "instance-state-code" => one(crate::world::state_code(i.state_name(ctx.now))),
            "instance-id" => one(&i.id),
            "image-id" => one(&i.image_id),
            "key-name" => Some(i.key_name.iter().cloned().collect()),
            "instance-type" => one(&i.instance_type),
            "vpc-id" => one(&i.vpc_id),
            "subnet-id" => one(&i.subnet_id),
            "availability-zone" => one(&i.zone),
            "instance.group-id" | "group-id" => Some(i.security_group_ids.clone()),
            "architecture" => one(&i.architecture),
            "reservation-id" => one(&i.reservation_id),
            _ => None,
        })?;
        if !ok {
            continue;
        }
        match by_reservation.iter_mut().find(|(rid, _)| rid == &i.reservation_id) {
            Some((_, list)) => list.push(i),
            None => by_reservation.push((i.reservation_id.clone(), vec![i])),
        }
    }
    Ok(vec![set("reservationSet", by_reservation.iter().map(|(rid, list)| reservation_xml(world, rid, list, ctx.now)))])
}

#[derive(Clone, Copy)]
pub enum Change {
    Start,
    Stop,
    Terminate,
}

pub fn change_state(world: &mut World, ctx: &Ctx, p: &Params, change: Change) -> ApiResult<Vec<Xml>> {
    let ids = p.list("InstanceId");
    if ids.is_empty() {
        return Err(ApiError::missing("InstanceId.1"));
    }
    for id in &ids {
        validate_id(id)?;
    }
    let timing = ctx.timing;
    let r = region_mut(world, ctx);
    // Check every instance before changing any.
    for id in &ids {
        let i = r.instances.iter().find(|i| &i.id == id).ok_or_else(|| not_found(id))?;
        let state = i.state_name(ctx.now);
        let allowed = match change {
            Change::Start => matches!(state, "stopped" | "running" | "pending"),
            Change::Stop => matches!(state, "running" | "pending" | "stopped" | "stopping"),
            Change::Terminate => true,
        };
        if !allowed {
            return Err(ApiError::client(
                "IncorrectInstanceState",
                format!("The instance '{id}' is not in a state from which it can be {} ({state}).", match change {
                    Change::Start => "started",
                    Change::Stop => "stopped",
                    Change::Terminate => "terminated",
                }),
            ));
        }
    }
    let mut items = Vec::new();
    let mut released = Vec::new();
    for id in &ids {
        let i = r.instances.iter_mut().find(|i| &i.id == id).expect("checked above");
        i.settle(ctx.now);
        let previous = i.state.current.clone();
        match (change, previous.as_str()) {
            (Change::Start, "stopped") => i.transition(ctx.now, "pending", "running", timing.instance_start.as_millis() as u64),
            (Change::Stop, "running" | "pending") => i.transition(ctx.now, "stopping", "stopped", timing.instance_stop.as_millis() as u64),
            (Change::Terminate, "terminated" | "shutting-down") => {}
            (Change::Terminate, _) => {
                i.transition(ctx.now, "shutting-down", "terminated", timing.instance_stop.as_millis() as u64);
                i.terminated_ms = Some(ctx.now);
                released.extend(i.volume_ids.iter().map(|(_, v)| v.clone()));
            }
            _ => {}
        }
        let current = i.state_name(ctx.now).to_string();
        items.push(vec![
            text("instanceId", id),
            el("currentState", state_xml(&current)),
            el("previousState", state_xml(&previous)),
        ]);
    }
    // Volumes marked delete-on-termination go with the instance; others stay, detached.
    r.volumes.retain(|v| !(released.contains(&v.id) && v.delete_on_termination));
    for v in r.volumes.iter_mut().filter(|v| released.contains(&v.id)) {
        v.attached_to = None;
    }
    Ok(vec![set("instancesSet", items)])
}

pub fn describe_types(p: &Params) -> ApiResult<Vec<Xml>> {
    let names = p.list("InstanceType");
    let filters = p.filters();
    let mut items = Vec::new();
    for t in INSTANCE_TYPES {
        if !names.is_empty() && !names.iter().any(|n| n == t.name) {
            continue;
        }
        let ok = matches(&filters, &[], |f| match f {
            "instance-type" => one(t.name),
            "processor-info.supported-architecture" => one(t.architecture),
            "free-tier-eligible" => one(t.free_tier),
            "vcpu-info.default-vcpus" => one(t.vcpus),
            "memory-info.size-in-mib" => one(t.memory_mib),
            _ => None,
        })?;
        if ok {
            items.push(vec![
                text("instanceType", t.name),
                text("currentGeneration", true),
                text("freeTierEligible", t.free_tier),
                el("processorInfo", vec![el("supportedArchitectures", vec![text("item", t.architecture)])]),
                el("vCpuInfo", vec![text("defaultVCpus", t.vcpus)]),
                el("memoryInfo", vec![text("sizeInMiB", t.memory_mib)]),
                text("hypervisor", "nitro"),
            ]);
        }
    }
    Ok(vec![set("instanceTypeSet", items)])
}
