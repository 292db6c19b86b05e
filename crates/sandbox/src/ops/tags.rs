use super::{put_tags, region, return_true, set, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::filters::{matches, one};
use crate::query::Params;
use crate::world::World;
use crate::xml::{text, Xml};

/// EC2's resource type, from the id's prefix.
fn resource_type(id: &str) -> &'static str {
    match id.split('-').next().unwrap_or("") {
        "ami" => "image",
        "i" => "instance",
        "key" => "key-pair",
        "snap" => "snapshot",
        "vol" => "volume",
        "sg" => "security-group",
        "vpc" => "vpc",
        "subnet" => "subnet",
        "lt" => "launch-template",
        _ => "unknown",
    }
}

fn exists(world: &World, ctx: &Ctx, id: &str) -> bool {
    let r = region(world, ctx);
    r.images.iter().any(|x| x.id == id)
        || r.instances.iter().any(|x| x.id == id)
        || r.key_pairs.iter().any(|x| x.id == id)
        || r.snapshots.iter().any(|x| x.id == id)
        || r.volumes.iter().any(|x| x.id == id)
        || r.security_groups.iter().any(|x| x.id == id)
        || r.vpcs.iter().any(|x| x.id == id)
        || r.subnets.iter().any(|x| x.id == id)
        || r.launch_templates.iter().any(|x| x.id == id)
}

fn pairs(p: &Params) -> Vec<(String, Option<String>)> {
    p.members("Tag").into_iter().map(|t| (t.get("Key").unwrap_or_default().to_string(), t.get("Value").map(str::to_string))).collect()
}

pub fn create(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let ids = p.list("ResourceId");
    if ids.is_empty() {
        return Err(ApiError::missing("ResourceId.1"));
    }
    let tags: Vec<(String, String)> = pairs(p).into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect();
    if tags.is_empty() {
        return Err(ApiError::missing("Tag.1.Key"));
    }
    for id in &ids {
        if !exists(world, ctx, id) {
            let code = match resource_type(id) {
                "image" => "InvalidAMIID.NotFound",
                "instance" => "InvalidInstanceID.NotFound",
                "snapshot" => "InvalidSnapshot.NotFound",
                "volume" => "InvalidVolume.NotFound",
                "security-group" => "InvalidGroup.NotFound",
                _ => "InvalidID",
            };
            return Err(ApiError::client(code, format!("The ID '{id}' does not exist")));
        }
    }
    for id in &ids {
        put_tags(world, id, &tags)?;
    }
    Ok(return_true())
}

/// A tag with a value is removed only when the value matches; without, whatever it is.
pub fn delete(world: &mut World, p: &Params) -> ApiResult<Vec<Xml>> {
    let ids = p.list("ResourceId");
    if ids.is_empty() {
        return Err(ApiError::missing("ResourceId.1"));
    }
    let tags = pairs(p);
    for id in ids {
        if let Some(have) = world.tags.get_mut(&id) {
            if tags.is_empty() {
                have.clear();
            }
            for (k, v) in &tags {
                if v.as_ref().is_none_or(|v| have.get(k) == Some(v)) {
                    have.remove(k);
                }
            }
        }
    }
    world.tags.retain(|_, t| !t.is_empty());
    Ok(return_true())
}

pub fn describe(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let filters = p.filters();
    let mut items = Vec::new();
    for (id, tags) in &world.tags {
        if !exists(world, ctx, id) {
            continue;
        }
        for (k, v) in tags {
            let ok = matches(&filters, &[], |f| match f {
                "resource-id" => one(id),
                "resource-type" => one(resource_type(id)),
                "key" => one(k),
                "value" => one(v),
                _ => None,
            })?;
            if ok {
                items.push(vec![text("resourceId", id), text("resourceType", resource_type(id)), text("key", k), text("value", v)]);
            }
        }
    }
    Ok(vec![set("tagSet", items)])
}
