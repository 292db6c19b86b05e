use super::{
    iso, page, parse_iso, put_tags, region, region_mut, return_true, set, spec_tags, tag_set, with_token, Ctx,
};
use crate::error::{ApiError, ApiResult};
use crate::filters::{matches, one};
use crate::query::Params;
use crate::world::{new_id, BlockDevice, Image, LaunchPermission, Snapshot, Volume, World};
use crate::xml::{el, fields, opt, text, Xml};

/// AWS: 3–128 characters of letters, digits, ( ) [ ] space . / - ' @ _
pub fn validate_name(name: &str) -> ApiResult<()> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || "()[] ./-'@_".contains(c);
    let len = name.chars().count();
    if !(3..=128).contains(&len) || !name.chars().all(ok_char) {
        return Err(ApiError::client(
            "InvalidAMIName.Malformed",
            format!(
                "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/', '_', '[', ']', ' ', ''' and '@': '{name}'"
            ),
        ));
    }
    Ok(())
}

pub fn validate_image_id(id: &str) -> ApiResult<()> {
    let hex = id.strip_prefix("ami-").unwrap_or("");
    if !(hex.len() == 8 || hex.len() == 17) || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ApiError::client("InvalidAMIID.Malformed", format!("Invalid id: \"{id}\" (expecting \"ami-...\")")));
    }
    Ok(())
}

fn not_found(id: &str) -> ApiError {
    ApiError::client("InvalidAMIID.NotFound", format!("The image id '[{id}]' does not exist"))
}

fn can_launch(img: &Image, account: &str) -> bool {
    img.owner_id == account
        || img.public
        || img.launch_permissions.iter().any(|p| matches!(p, LaunchPermission::Account(a) if a == account))
}

/// The caller's own image, by id (for the actions only an owner may take).
fn owned_mut<'a>(world: &'a mut World, ctx: &Ctx, p: &Params) -> ApiResult<&'a mut Image> {
    let id = p.required("ImageId")?.to_string();
    validate_image_id(&id)?;
    let account = world.account.clone();
    let img = region_mut(world, ctx).images.iter_mut().find(|i| i.id == id).ok_or_else(|| not_found(&id))?;
    if img.owner_id != account {
        return Err(ApiError::new(403, "AuthFailure", format!("Not authorized for image:{id}")));
    }
    Ok(img)
}

fn image_xml(world: &World, img: &Image, now: u64) -> Vec<Xml> {
    let bdm = img.block_devices.iter().map(|b| {
        vec![
            text("deviceName", &b.device_name),
            el(
                "ebs",
                fields([
                    opt("snapshotId", b.snapshot_id.as_ref()),
                    Some(text("volumeSize", b.volume_size)),
                    Some(text("deleteOnTermination", b.delete_on_termination)),
                    Some(text("volumeType", &b.volume_type)),
                    Some(text("encrypted", b.encrypted)),
                ]),
            ),
        ]
    });
    let protection = img.deregistration_protection.map(|cooldown| if cooldown { "enabled-with-cooldown" } else { "enabled" });
    let platform_tag = img.platform.clone();
    fields([
        Some(text("imageId", &img.id)),
        Some(text("imageLocation", format!("{}/{}", img.owner_alias.clone().unwrap_or(img.owner_id.clone()), img.name))),
        Some(text("imageState", img.state(now))),
        Some(text("imageOwnerId", &img.owner_id)),
        Some(text("creationDate", iso(img.created_ms))),
        Some(text("isPublic", img.public)),
        Some(set("productCodes", img.product_codes.iter().map(|c| vec![text("productCode", c), text("type", "marketplace")]))),
        Some(text("architecture", &img.architecture)),
        Some(text("imageType", "machine")),
        opt("platform", platform_tag),
        Some(text("platformDetails", &img.platform_details)),
        Some(text("usageOperation", if img.platform.is_some() { "RunInstances:0002" } else { "RunInstances" })),
        opt("imageOwnerAlias", img.owner_alias.as_ref()),
        Some(text("name", &img.name)),
        opt("description", img.description.as_ref()),
        Some(text("rootDeviceType", "ebs")),
        Some(text("rootDeviceName", &img.root_device_name)),
        Some(set("blockDeviceMapping", bdm)),
        Some(text("virtualizationType", "hvm")),
        tag_set(world, &img.id),
        Some(text("hypervisor", "xen")),
        Some(text("enaSupport", true)),
        opt("bootMode", img.boot_mode.as_ref()),
        opt("imdsSupport", img.imds_v2_required.then_some("v2.0")),
        opt("deprecationTime", img.deprecation_ms.map(iso)),
        opt("deregistrationProtection", protection),
        opt("lastLaunchedTime", img.last_launched_ms.map(iso)),
        opt("sourceInstanceId", img.source_instance_id.as_ref()),
        opt("sourceImageId", img.source_image_id.as_ref()),
        opt("sourceImageRegion", img.source_region.as_ref()),
        img.disabled.then(|| {
            el("stateReason", vec![text("code", "Client.UserDisabled"), text("message", "The image was disabled by its owner")])
        }),
    ])
}

pub fn describe(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let account = &world.account;
    let ids = p.list("ImageId");
    for id in &ids {
        validate_image_id(id)?;
    }
    let owners = p.list("Owner");
    let executable_by = p.list("ExecutableBy");
    let filters = p.filters();
    let include_deprecated = p.bool("IncludeDeprecated");
    let include_disabled = p.bool("IncludeDisabled");
    let r = region(world, ctx);
    let mut found: Vec<&Image> = Vec::new();
    for img in &r.images {
        if !ids.is_empty() && !ids.contains(&img.id) {
            continue;
        }
        // Visible: own images, public ones, and those shared with this account.
        if !can_launch(img, account) {
            continue;
        }
        if img.disabled && !(include_disabled && img.owner_id == *account) {
            continue;
        }
        // Deprecated images are hidden from general listings, as AWS does,
        // unless asked for by id, owned by the caller, or IncludeDeprecated.
        if img.is_deprecated(ctx.now) && ids.is_empty() && img.owner_id != *account && !include_deprecated {
            continue;
        }
        if !owners.is_empty()
            && !owners.iter().any(|o| match o.as_str() {
                "self" => img.owner_id == *account,
                alias @ ("amazon" | "aws-marketplace" | "aws-backup-vault") => img.owner_alias.as_deref() == Some(alias),
                id => img.owner_id == id,
            })
        {
            continue;
        }
        if !executable_by.is_empty()
            && !executable_by.iter().any(|e| match e.as_str() {
                "all" => img.public,
                "self" => img.owner_id == *account || img.launch_permissions.contains(&LaunchPermission::Account(account.clone())),
                id => img.launch_permissions.contains(&LaunchPermission::Account(id.to_string())),
            })
        {
            continue;
        }
        let tags = world.tags_of(&img.id);
        let ok = matches(&filters, &tags, |f| match f {
            "name" => one(&img.name),
            "image-id" => one(&img.id),
            "architecture" => one(&img.architecture),
            "platform" => Some(img.platform.iter().cloned().collect()),
            "platform-details" => one(&img.platform_details),
            "state" => one(img.state(ctx.now)),
            "is-public" => one(img.public),
            "owner-alias" => Some(img.owner_alias.iter().cloned().collect()),
            "owner-id" => one(&img.owner_id),
            "image-type" => one("machine"),
            "root-device-type" => one("ebs"),
            "virtualization-type" => one("hvm"),
            "description" => Some(img.description.iter().cloned().collect()),
            "product-code" => Some(img.product_codes.clone()),
            "block-device-mapping.snapshot-id" => Some(img.snapshot_ids().map(str::to_string).collect()),
            "source-image-id" => Some(img.source_image_id.iter().cloned().collect()),
            "source-instance-id" => Some(img.source_instance_id.iter().cloned().collect()),
            _ => None,
        })?;
        if ok {
            found.push(img);
        }
    }
    if !ids.is_empty() && found.is_empty() {
        return Err(not_found(&ids.join(", ")));
    }
    let (items, next) = if ids.is_empty() { page(found, p, 1000)? } else { (found, None) };
    Ok(with_token(vec![set("imagesSet", items.into_iter().map(|i| image_xml(world, i, ctx.now)))], next))
}

pub fn create(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let instance_id = p.required("InstanceId")?.to_string();
    let name = p.required("Name")?.to_string();
    validate_name(&name)?;
    let description = p.get("Description").map(str::to_string);
    if description.as_ref().is_some_and(|d| d.chars().count() > 255) {
        return Err(ApiError::invalid_value("The description must be 255 characters or fewer."));
    }
    let image_tags = spec_tags(p, "image")?;
    let snapshot_tags = spec_tags(p, "snapshot")?;
    let account = world.account.clone();
    let r = region(world, ctx);
    let inst = r
        .instances
        .iter()
        .find(|i| i.id == instance_id)
        .ok_or_else(|| ApiError::client("InvalidInstanceID.NotFound", format!("The instance ID '{instance_id}' does not exist")))?;
    let state = inst.state_name(ctx.now).to_string();
    if !matches!(state.as_str(), "running" | "stopped") {
        return Err(ApiError::client(
            "IncorrectInstanceState",
            format!("The instance '{instance_id}' is not in a state from which it can be imaged ({state})."),
        ));
    }
    if r.images.iter().any(|i| i.name == name && i.owner_id == account) {
        return Err(ApiError::client("InvalidAMIName.Duplicate", format!("AMI name {name} is already in use by AMI")));
    }
    // Mappings of the instance's volumes, then the request's changes by device name.
    let mut devices: Vec<(BlockDevice, Option<String>)> = inst
        .volume_ids
        .iter()
        .filter_map(|(dev, vol)| {
            let v = r.volumes.iter().find(|v| &v.id == vol)?;
            Some((
                BlockDevice {
                    device_name: dev.clone(),
                    snapshot_id: None,
                    volume_size: v.size,
                    volume_type: v.volume_type.clone(),
                    delete_on_termination: v.delete_on_termination,
                    encrypted: v.encrypted,
                },
                Some(v.id.clone()),
            ))
        })
        .collect();
    let (source_image, arch, platform, platform_details, root) = {
        let src = r.images.iter().find(|i| i.id == inst.image_id);
        (
            inst.image_id.clone(),
            inst.architecture.clone(),
            inst.platform.clone(),
            src.map(|s| s.platform_details.clone()).unwrap_or_else(|| "Linux/UNIX".into()),
            inst.root_device_name.clone(),
        )
    };
    for m in p.members("BlockDeviceMapping") {
        let dev = m.required("DeviceName")?.to_string();
        let existing = devices.iter().position(|(b, _)| b.device_name == dev);
        if m.get("NoDevice").is_some() {
            if dev == root {
                return Err(ApiError::invalid_value("The root device cannot be excluded from the image."));
            }
            if let Some(i) = existing {
                devices.remove(i);
            }
            continue;
        }
        let ebs = m.sub("Ebs");
        match existing {
            Some(i) => {
                let b = &mut devices[i].0;
                if ebs.get("VolumeSize").is_some() || ebs.get("Encrypted").is_some() {
                    return Err(ApiError::invalid_value(format!(
                        "The size and encryption of {dev} come from the instance's volume and cannot change in CreateImage."
                    )));
                }
                if let Some(d) = ebs.get("DeleteOnTermination") {
                    b.delete_on_termination = d.eq_ignore_ascii_case("true");
                }
            }
            None => devices.push((
                BlockDevice {
                    device_name: dev,
                    snapshot_id: None,
                    volume_size: ebs.int("VolumeSize")?.unwrap_or(8).clamp(1, 16384) as u32,
                    volume_type: ebs.get("VolumeType").unwrap_or("gp3").to_string(),
                    delete_on_termination: ebs.get("DeleteOnTermination").is_none_or(|d| d.eq_ignore_ascii_case("true")),
                    encrypted: ebs.bool("Encrypted"),
                },
                None,
            )),
        }
    }
    let ready = ctx.ms(ctx.timing.image_create);
    let image_id = new_id("ami");
    let mut snapshots = Vec::new();
    for (b, vol) in devices.iter_mut() {
        let snap = Snapshot {
            id: new_id("snap"),
            volume_id: vol.clone().unwrap_or_else(|| "vol-ffffffff".into()),
            volume_size: b.volume_size,
            owner_id: account.clone(),
            description: format!("Created by CreateImage({instance_id}) for {image_id}"),
            encrypted: b.encrypted,
            started_ms: ctx.now,
            ready_ms: ready,
        };
        b.snapshot_id = Some(snap.id.clone());
        snapshots.push(snap);
    }
    let image = Image {
        id: image_id.clone(),
        name,
        description,
        owner_id: account,
        architecture: arch,
        platform,
        platform_details,
        root_device_name: root,
        boot_mode: Some("uefi-preferred".into()),
        block_devices: devices.into_iter().map(|(b, _)| b).collect(),
        created_ms: ctx.now,
        ready_ms: ready,
        source_instance_id: Some(instance_id),
        source_image_id: Some(source_image),
        ..Image::default()
    };
    put_tags(world, &image_id, &image_tags)?;
    for s in &snapshots {
        put_tags(world, &s.id, &snapshot_tags)?;
    }
    let r = region_mut(world, ctx);
    r.snapshots.extend(snapshots);
    r.images.push(image);
    Ok(vec![text("imageId", image_id)])
}

pub fn copy(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let source_id = p.required("SourceImageId")?.to_string();
    validate_image_id(&source_id)?;
    let source_region = p.required("SourceRegion")?.to_string();
    let name = p.required("Name")?.to_string();
    validate_name(&name)?;
    let token_key = p.get("ClientToken").map(|t| format!("{}/CopyImage/{t}", ctx.region));
    if let Some(existing) = token_key.as_ref().and_then(|k| world.client_tokens.get(k)) {
        return Ok(vec![text("imageId", existing)]);
    }
    let account = world.account.clone();
    let src = world
        .region(&source_region)
        .ok_or_else(|| ApiError::invalid_value(format!("Invalid value '{source_region}' for SourceRegion")))?
        .images
        .iter()
        .find(|i| i.id == source_id && can_launch(i, &account))
        .cloned()
        .ok_or_else(|| not_found(&source_id))?;
    if !src.product_codes.is_empty() && src.owner_id != account {
        return Err(ApiError::invalid_value("Images with Marketplace product codes cannot be copied."));
    }
    if src.state(ctx.now) != "available" {
        return Err(ApiError::client("IncorrectState", format!("Image {source_id} is not in the available state")));
    }
    if region(world, ctx).images.iter().any(|i| i.name == name && i.owner_id == account) {
        return Err(ApiError::client("InvalidAMIName.Duplicate", format!("AMI name {name} is already in use by AMI")));
    }
    let ready = ctx.ms(ctx.timing.image_copy);
    let image_id = new_id("ami");
    let encrypted = p.bool("Encrypted");
    let mut snapshots = Vec::new();
    let mut devices = src.block_devices.clone();
    for b in devices.iter_mut() {
        let snap = Snapshot {
            id: new_id("snap"),
            volume_id: "vol-ffffffff".into(),
            volume_size: b.volume_size,
            owner_id: account.clone(),
            description: format!("Copied for DestinationAmi {image_id} from SourceAmi {source_id} for SourceSnapshot {}. Task created on {}.", b.snapshot_id.clone().unwrap_or_default(), iso(ctx.now)),
            encrypted: encrypted || b.encrypted,
            started_ms: ctx.now,
            ready_ms: ready,
        };
        b.snapshot_id = Some(snap.id.clone());
        b.encrypted = snap.encrypted;
        snapshots.push(snap);
    }
    let copy_tags = if p.bool("CopyImageTags") { world.tags_of(&source_id) } else { vec![] };
    // What the copy keeps of its source: the machine itself, not its sharing or state.
    let image = Image {
        id: image_id.clone(),
        name,
        description: p.get("Description").map(str::to_string).or(src.description.clone()),
        owner_id: account,
        architecture: src.architecture,
        platform: src.platform,
        platform_details: src.platform_details,
        root_device_name: src.root_device_name,
        boot_mode: src.boot_mode,
        imds_v2_required: src.imds_v2_required,
        block_devices: devices,
        created_ms: ctx.now,
        ready_ms: ready,
        source_image_id: Some(source_id),
        source_region: Some(source_region),
        ..Image::default()
    };
    put_tags(world, &image_id, &copy_tags)?;
    put_tags(world, &image_id, &spec_tags(p, "image")?)?;
    if let Some(k) = token_key {
        world.client_tokens.insert(k, image_id.clone());
    }
    let r = region_mut(world, ctx);
    r.snapshots.extend(snapshots);
    r.images.push(image);
    Ok(vec![text("imageId", image_id)])
}

pub fn deregister(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let img = owned_mut(world, ctx, p)?;
    if img.deregistration_protection.is_some() {
        return Err(ApiError::invalid_value(format!(
            "Image {} has deregistration protection enabled. Disable it before deregistering.",
            img.id
        )));
    }
    let id = img.id.clone();
    let delete_snapshots = p.bool("DeleteAssociatedSnapshots");
    let r = region_mut(world, ctx);
    let pos = r.images.iter().position(|i| i.id == id).expect("found above");
    let img = r.images.remove(pos);
    let mut results = Vec::new();
    if delete_snapshots {
        for snap in img.snapshot_ids() {
            let used = r.images.iter().any(|i| i.snapshot_ids().any(|s| s == snap));
            let code = if used { "error-snapshot-in-use" } else { "success" };
            if !used {
                r.snapshots.retain(|s| s.id != snap);
            }
            results.push(vec![text("snapshotId", snap), text("returnCode", code)]);
        }
    }
    world.tags.remove(&id);
    let mut body = return_true();
    if delete_snapshots {
        body.push(set("deleteSnapshotResultSet", results));
    }
    Ok(body)
}

pub fn describe_attribute(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let id = p.required("ImageId")?.to_string();
    validate_image_id(&id)?;
    let attribute = p.required("Attribute")?;
    let img = region(world, ctx).images.iter().find(|i| i.id == id).ok_or_else(|| not_found(&id))?;
    if img.owner_id != world.account {
        return Err(ApiError::new(403, "AuthFailure", format!("Not authorized for image:{id}")));
    }
    let value = match attribute {
        "launchPermission" => set(
            "launchPermission",
            img.launch_permissions.iter().map(|lp| match lp {
                LaunchPermission::Account(a) => vec![text("userId", a)],
                LaunchPermission::All => vec![text("group", "all")],
                LaunchPermission::Org(a) => vec![text("organizationArn", a)],
                LaunchPermission::Ou(a) => vec![text("organizationalUnitArn", a)],
            }),
        ),
        "description" => el("description", fields([opt("value", img.description.as_ref())])),
        "lastLaunchedTime" => el("lastLaunchedTime", fields([opt("value", img.last_launched_ms.map(iso))])),
        "productCodes" => set("productCodes", img.product_codes.iter().map(|c| vec![text("productCode", c), text("type", "marketplace")])),
        other => return Err(ApiError::invalid_value(format!("Invalid value '{other}' for Attribute"))),
    };
    Ok(vec![text("imageId", &img.id), value])
}

fn parse_permission(m: &Params) -> ApiResult<Option<LaunchPermission>> {
    if let Some(a) = m.get("UserId") {
        if a.len() != 12 || !a.chars().all(|c| c.is_ascii_digit()) {
            return Err(ApiError::invalid_value(format!("Invalid value '{a}' for UserId: an AWS account id is 12 digits")));
        }
        return Ok(Some(LaunchPermission::Account(a.to_string())));
    }
    if let Some(g) = m.get("Group") {
        return if g == "all" { Ok(Some(LaunchPermission::All)) } else { Err(ApiError::invalid_value(format!("Invalid group '{g}'"))) };
    }
    if let Some(a) = m.get("OrganizationArn") {
        if !a.starts_with("arn:aws:organizations::") || !a.contains(":organization/o-") {
            return Err(ApiError::invalid_value(format!("Invalid organization ARN '{a}'")));
        }
        return Ok(Some(LaunchPermission::Org(a.to_string())));
    }
    if let Some(a) = m.get("OrganizationalUnitArn") {
        if !a.starts_with("arn:aws:organizations::") || !a.contains(":ou/o-") {
            return Err(ApiError::invalid_value(format!("Invalid organizational unit ARN '{a}'")));
        }
        return Ok(Some(LaunchPermission::Ou(a.to_string())));
    }
    Ok(None)
}

pub fn modify_attribute(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    // Both request styles: LaunchPermission.Add/Remove.N.* and the older
    // Attribute=launchPermission&OperationType=add&UserId.N / UserGroup.N.
    let mut add = Vec::new();
    let mut remove = Vec::new();
    for m in p.members("LaunchPermission.Add") {
        add.extend(parse_permission(&m)?);
    }
    for m in p.members("LaunchPermission.Remove") {
        remove.extend(parse_permission(&m)?);
    }
    if let Some(op) = p.get("OperationType") {
        let mut listed = Vec::new();
        for u in p.list("UserId") {
            listed.extend(parse_permission(&Params::from_pairs(&[("UserId", &u)]))?);
        }
        for g in p.list("UserGroup") {
            listed.extend(parse_permission(&Params::from_pairs(&[("Group", &g)]))?);
        }
        match op {
            "add" => add.extend(listed),
            "remove" => remove.extend(listed),
            other => return Err(ApiError::invalid_value(format!("Invalid value '{other}' for OperationType"))),
        }
    }
    let description = p.get("Description.Value").map(str::to_string);
    let img = owned_mut(world, ctx, p)?;
    if add.contains(&LaunchPermission::All) && !img.product_codes.is_empty() {
        return Err(ApiError::invalid_value("Images with Marketplace product codes cannot be made public."));
    }
    if let Some(d) = description {
        if d.chars().count() > 255 {
            return Err(ApiError::invalid_value("The description must be 255 characters or fewer."));
        }
        img.description = Some(d);
    }
    for lp in add {
        if !img.launch_permissions.contains(&lp) {
            img.launch_permissions.push(lp);
        }
    }
    img.launch_permissions.retain(|lp| !remove.contains(lp));
    img.public = img.launch_permissions.contains(&LaunchPermission::All);
    Ok(return_true())
}

pub fn reset_attribute(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let attribute = p.required("Attribute")?.to_string();
    let img = owned_mut(world, ctx, p)?;
    match attribute.as_str() {
        "launchPermission" => {
            img.launch_permissions.clear();
            img.public = false;
        }
        other => return Err(ApiError::invalid_value(format!("Only launchPermission can be reset, not '{other}'"))),
    }
    Ok(return_true())
}

pub fn enable_deprecation(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let at = parse_iso(p.required("DeprecateAt")?)?;
    // AWS: at most 10 years ahead; a past time is rejected.
    if at + 60_000 < ctx.now || at > ctx.now + 10 * 365 * 24 * 3600 * 1000 {
        return Err(ApiError::invalid_value("DeprecateAt must be in the future and at most 10 years away."));
    }
    owned_mut(world, ctx, p)?.deprecation_ms = Some(at);
    Ok(return_true())
}

pub fn disable_deprecation(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    owned_mut(world, ctx, p)?.deprecation_ms = None;
    Ok(return_true())
}

pub fn set_disabled(world: &mut World, ctx: &Ctx, p: &Params, disabled: bool) -> ApiResult<Vec<Xml>> {
    let img = owned_mut(world, ctx, p)?;
    if disabled && img.public {
        // AWS makes a disabled image private.
        img.public = false;
        img.launch_permissions.retain(|lp| lp != &LaunchPermission::All);
    }
    img.disabled = disabled;
    Ok(return_true())
}

pub fn protect(world: &mut World, ctx: &Ctx, p: &Params, on: bool) -> ApiResult<Vec<Xml>> {
    let cooldown = p.bool("WithCooldown");
    let img = owned_mut(world, ctx, p)?;
    img.deregistration_protection = on.then_some(cooldown);
    let state = if !on { "disabled" } else if cooldown { "enabled-with-cooldown" } else { "enabled" };
    Ok(vec![text("return", state)])
}

/// The root volume and any extra volumes an instance gets from its image.
pub fn volumes_for(img: &Image, zone: &str, instance_id: &str, now: u64) -> Vec<(String, Volume)> {
    img.block_devices
        .iter()
        .map(|b| {
            (
                b.device_name.clone(),
                Volume {
                    id: new_id("vol"),
                    size: b.volume_size,
                    volume_type: b.volume_type.clone(),
                    zone: zone.to_string(),
                    snapshot_id: b.snapshot_id.clone(),
                    encrypted: b.encrypted,
                    attached_to: Some((instance_id.to_string(), b.device_name.clone())),
                    delete_on_termination: b.delete_on_termination,
                    created_ms: now,
                },
            )
        })
        .collect()
}

pub fn find_launchable(world: &World, ctx: &Ctx, id: &str) -> ApiResult<Image> {
    validate_image_id(id)?;
    let img = region(world, ctx)
        .images
        .iter()
        .find(|i| i.id == id && can_launch(i, &world.account))
        .ok_or_else(|| not_found(id))?;
    if img.state(ctx.now) != "available" {
        return Err(ApiError::client("InvalidAMIID.Unavailable", format!("The image id '[{id}]' is not available")));
    }
    Ok(img.clone())
}
