use super::{iso, region, region_mut, return_true, set, tag_set, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::filters::{matches, one};
use crate::query::Params;
use crate::world::World;
use crate::xml::{fields, opt, text, Xml};

pub fn describe_snapshots(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let ids = p.list("SnapshotId");
    let owners = p.list("Owner");
    let filters = p.filters();
    let r = region(world, ctx);
    for id in &ids {
        if !r.snapshots.iter().any(|s| &s.id == id) {
            return Err(ApiError::not_found("InvalidSnapshot.NotFound", "snapshot", id));
        }
    }
    let mut items = Vec::new();
    for s in &r.snapshots {
        if !ids.is_empty() && !ids.contains(&s.id) {
            continue;
        }
        if !owners.is_empty() && !owners.iter().any(|o| (o == "self" && s.owner_id == world.account) || o == &s.owner_id) {
            continue;
        }
        let tags = world.tags_of(&s.id);
        let ok = matches(&filters, &tags, |f| match f {
            "snapshot-id" => one(&s.id),
            "volume-id" => one(&s.volume_id),
            "status" => one(s.state(ctx.now)),
            "owner-id" => one(&s.owner_id),
            "description" => one(&s.description),
            "encrypted" => one(s.encrypted),
            "progress" => one(format!("{}%", s.progress(ctx.now))),
            "volume-size" => one(s.volume_size),
            _ => None,
        })?;
        if ok {
            items.push(fields([
                Some(text("snapshotId", &s.id)),
                Some(text("volumeId", &s.volume_id)),
                Some(text("status", s.state(ctx.now))),
                Some(text("startTime", iso(s.started_ms))),
                Some(text("progress", format!("{}%", s.progress(ctx.now)))),
                Some(text("ownerId", &s.owner_id)),
                Some(text("volumeSize", s.volume_size)),
                Some(text("description", &s.description)),
                Some(text("encrypted", s.encrypted)),
                Some(text("storageTier", "standard")),
                tag_set(world, &s.id),
            ]));
        }
    }
    Ok(vec![set("snapshotSet", items)])
}

pub fn delete_snapshot(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let id = p.required("SnapshotId")?.to_string();
    let account = world.account.clone();
    let r = region_mut(world, ctx);
    let s = r.snapshots.iter().find(|s| s.id == id).ok_or_else(|| ApiError::not_found("InvalidSnapshot.NotFound", "snapshot", &id))?;
    if s.owner_id != account {
        return Err(ApiError::new(403, "UnauthorizedOperation", format!("You do not own snapshot {id}")));
    }
    if let Some(img) = r.images.iter().find(|i| i.snapshot_ids().any(|x| x == id)) {
        return Err(ApiError::client("InvalidSnapshot.InUse", format!("The snapshot {id} is currently in use by {}", img.id)));
    }
    r.snapshots.retain(|s| s.id != id);
    world.tags.remove(&id);
    Ok(return_true())
}

pub fn describe_volumes(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let ids = p.list("VolumeId");
    let filters = p.filters();
    let r = region(world, ctx);
    for id in &ids {
        if !r.volumes.iter().any(|v| &v.id == id) {
            return Err(ApiError::not_found("InvalidVolume.NotFound", "volume", id));
        }
    }
    let mut items = Vec::new();
    for v in &r.volumes {
        if !ids.is_empty() && !ids.contains(&v.id) {
            continue;
        }
        let status = if v.attached_to.is_some() { "in-use" } else { "available" };
        let tags = world.tags_of(&v.id);
        let ok = matches(&filters, &tags, |f| match f {
            "volume-id" => one(&v.id),
            "status" => one(status),
            "availability-zone" => one(&v.zone),
            "snapshot-id" => Some(v.snapshot_id.iter().cloned().collect()),
            "attachment.instance-id" => Some(v.attached_to.iter().map(|(i, _)| i.clone()).collect()),
            "volume-type" => one(&v.volume_type),
            "size" => one(v.size),
            "encrypted" => one(v.encrypted),
            _ => None,
        })?;
        if ok {
            items.push(fields([
                Some(text("volumeId", &v.id)),
                Some(text("size", v.size)),
                opt("snapshotId", v.snapshot_id.as_ref()),
                Some(text("availabilityZone", &v.zone)),
                Some(text("status", status)),
                Some(text("createTime", iso(v.created_ms))),
                Some(set(
                    "attachmentSet",
                    v.attached_to.iter().map(|(inst, dev)| {
                        vec![
                            text("volumeId", &v.id),
                            text("instanceId", inst),
                            text("device", dev),
                            text("status", "attached"),
                            text("attachTime", iso(v.created_ms)),
                            text("deleteOnTermination", v.delete_on_termination),
                        ]
                    }),
                )),
                Some(text("volumeType", &v.volume_type)),
                Some(text("encrypted", v.encrypted)),
                tag_set(world, &v.id),
            ]));
        }
    }
    Ok(vec![set("volumeSet", items)])
}
