use super::{region, Ctx};
use crate::error::ApiResult;
use crate::filters::{matches, one};
use crate::query::Params;
use crate::world::World;
use crate::xml::{set, text, Xml};

pub fn describe_regions(world: &World, p: &Params) -> ApiResult<Vec<Xml>> {
    let names = p.list("RegionName");
    let all = p.bool("AllRegions");
    let filters = p.filters();
    let mut items = Vec::new();
    for r in world.regions.values() {
        let status = if r.opt_in { "not-opted-in" } else { "opt-in-not-required" };
        // Like AWS: regions that are not enabled only show with AllRegions or by name.
        if r.opt_in && !all && !names.contains(&r.name) {
            continue;
        }
        if !names.is_empty() && !names.contains(&r.name) {
            continue;
        }
        let ok = matches(&filters, &[], |f| match f {
            "region-name" => one(&r.name),
            "opt-in-status" => one(status),
            "endpoint" => one(format!("ec2.{}.amazonaws.com", r.name)),
            _ => None,
        })?;
        if ok {
            items.push(vec![
                text("regionName", &r.name),
                text("regionEndpoint", format!("ec2.{}.amazonaws.com", r.name)),
                text("optInStatus", status),
            ]);
        }
    }
    Ok(vec![set("regionInfo", items)])
}

pub fn describe_zones(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let r = region(world, ctx);
    let names = p.list("ZoneName");
    let filters = p.filters();
    let mut items = Vec::new();
    for (i, z) in r.zones.iter().enumerate() {
        if !names.is_empty() && !names.contains(z) {
            continue;
        }
        let zone_id = format!("{}-az{}", short(&r.name), i + 1);
        let ok = matches(&filters, &[], |f| match f {
            "zone-name" => one(z),
            "zone-id" => one(&zone_id),
            "region-name" => one(&r.name),
            "state" => one("available"),
            _ => None,
        })?;
        if ok {
            items.push(vec![
                text("zoneName", z),
                text("zoneId", &zone_id),
                text("zoneState", "available"),
                text("regionName", &r.name),
                text("zoneType", "availability-zone"),
                text("optInStatus", "opt-in-not-required"),
            ]);
        }
    }
    Ok(vec![set("availabilityZoneInfo", items)])
}

/// "eu-west-1" → "euw1", as in zone ids like euw1-az1.
fn short(region: &str) -> String {
    let parts: Vec<&str> = region.split('-').collect();
    match parts.as_slice() {
        [a, b, n] => format!("{a}{}{n}", b.chars().next().unwrap_or('x')),
        _ => region.replace('-', ""),
    }
}
