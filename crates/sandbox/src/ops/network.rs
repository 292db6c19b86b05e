use super::{put_tags, region, region_mut, return_true, set, spec_tags, tag_set, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::filters::{matches, one};
use crate::query::Params;
use crate::world::{new_id, Rule, SecurityGroup, World};
use crate::xml::{fields, opt, text, Xml};

pub fn describe_vpcs(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let ids = p.list("VpcId");
    let filters = p.filters();
    let mut items = Vec::new();
    for v in &region(world, ctx).vpcs {
        if !ids.is_empty() && !ids.contains(&v.id) {
            continue;
        }
        let ok = matches(&filters, &world.tags_of(&v.id), |f| match f {
            "vpc-id" => one(&v.id),
            "is-default" => one(v.is_default),
            "cidr" | "cidr-block" => one(&v.cidr),
            "state" => one("available"),
            _ => None,
        })?;
        if ok {
            items.push(fields([
                Some(text("vpcId", &v.id)),
                Some(text("ownerId", &world.account)),
                Some(text("state", "available")),
                Some(text("cidrBlock", &v.cidr)),
                Some(text("isDefault", v.is_default)),
                Some(text("instanceTenancy", "default")),
                tag_set(world, &v.id),
            ]));
        }
    }
    Ok(vec![set("vpcSet", items)])
}

pub fn describe_subnets(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let ids = p.list("SubnetId");
    let filters = p.filters();
    let mut items = Vec::new();
    for s in &region(world, ctx).subnets {
        if !ids.is_empty() && !ids.contains(&s.id) {
            continue;
        }
        let ok = matches(&filters, &world.tags_of(&s.id), |f| match f {
            "subnet-id" => one(&s.id),
            "vpc-id" => one(&s.vpc_id),
            "availability-zone" => one(&s.zone),
            "default-for-az" => one(s.default_for_az),
            "cidr-block" => one(&s.cidr),
            "state" => one("available"),
            _ => None,
        })?;
        if ok {
            items.push(fields([
                Some(text("subnetId", &s.id)),
                Some(text("state", "available")),
                Some(text("vpcId", &s.vpc_id)),
                Some(text("cidrBlock", &s.cidr)),
                Some(text("availableIpAddressCount", 4091)),
                Some(text("availabilityZone", &s.zone)),
                Some(text("defaultForAz", s.default_for_az)),
                Some(text("mapPublicIpOnLaunch", true)),
                Some(text("ownerId", &world.account)),
                tag_set(world, &s.id),
            ]));
        }
    }
    Ok(vec![set("subnetSet", items)])
}

fn rules_xml(name: &str, rules: &[Rule]) -> Xml {
    set(
        name,
        rules.iter().map(|r| {
            fields([
                Some(text("ipProtocol", &r.protocol)),
                opt("fromPort", r.from_port),
                opt("toPort", r.to_port),
                Some(set("groups", r.groups.iter().map(|g| vec![text("groupId", g)]))),
                Some(set("ipRanges", r.cidrs.iter().map(|c| vec![text("cidrIp", c)]))),
                Some(set("ipv6Ranges", r.ipv6_cidrs.iter().map(|c| vec![text("cidrIpv6", c)]))),
            ])
        }),
    )
}

pub fn describe_security_groups(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let ids = p.list("GroupId");
    let names = p.list("GroupName");
    let filters = p.filters();
    let r = region(world, ctx);
    for id in &ids {
        if !r.security_groups.iter().any(|g| &g.id == id) {
            return Err(ApiError::client("InvalidGroup.NotFound", format!("The security group '{id}' does not exist")));
        }
    }
    let mut items = Vec::new();
    for g in &r.security_groups {
        if (!ids.is_empty() && !ids.contains(&g.id)) || (!names.is_empty() && !names.contains(&g.name)) {
            continue;
        }
        let ok = matches(&filters, &world.tags_of(&g.id), |f| match f {
            "group-id" => one(&g.id),
            "group-name" => one(&g.name),
            "vpc-id" => one(&g.vpc_id),
            "description" => one(&g.description),
            "ip-permission.cidr" => Some(g.ingress.iter().flat_map(|r| r.cidrs.clone()).collect()),
            "ip-permission.ipv6-cidr" => Some(g.ingress.iter().flat_map(|r| r.ipv6_cidrs.clone()).collect()),
            "ip-permission.from-port" => Some(g.ingress.iter().filter_map(|r| r.from_port.map(|p| p.to_string())).collect()),
            "ip-permission.to-port" => Some(g.ingress.iter().filter_map(|r| r.to_port.map(|p| p.to_string())).collect()),
            "ip-permission.protocol" => Some(g.ingress.iter().map(|r| r.protocol.clone()).collect()),
            _ => None,
        })?;
        if ok {
            items.push(fields([
                Some(text("ownerId", &world.account)),
                Some(text("groupId", &g.id)),
                Some(text("groupName", &g.name)),
                Some(text("groupDescription", &g.description)),
                Some(text("vpcId", &g.vpc_id)),
                Some(rules_xml("ipPermissions", &g.ingress)),
                Some(rules_xml("ipPermissionsEgress", &g.egress)),
                tag_set(world, &g.id),
            ]));
        }
    }
    Ok(vec![set("securityGroupInfo", items)])
}

pub fn create_security_group(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let name = p.required("GroupName")?.to_string();
    let description = p.required("GroupDescription")?.to_string();
    if name.len() > 255 || description.len() > 255 {
        return Err(ApiError::invalid_value("Group name and description must be 255 characters or fewer."));
    }
    if name.starts_with("sg-") {
        return Err(ApiError::invalid_value("Group names cannot start with 'sg-'."));
    }
    let r = region(world, ctx);
    let vpc_id = p.get("VpcId").map(str::to_string).unwrap_or_else(|| r.vpcs[0].id.clone());
    if !r.vpcs.iter().any(|v| v.id == vpc_id) {
        return Err(ApiError::not_found("InvalidVpcID.NotFound", "vpc ID", &vpc_id));
    }
    if r.security_groups.iter().any(|g| g.name == name && g.vpc_id == vpc_id) {
        return Err(ApiError::client("InvalidGroup.Duplicate", format!("The security group '{name}' already exists for VPC '{vpc_id}'")));
    }
    let tags = spec_tags(p, "security-group")?;
    let id = new_id("sg");
    put_tags(world, &id, &tags)?;
    region_mut(world, ctx).security_groups.push(SecurityGroup {
        id: id.clone(),
        name,
        description,
        vpc_id,
        ingress: vec![],
        egress: vec![Rule { protocol: "-1".into(), from_port: None, to_port: None, cidrs: vec!["0.0.0.0/0".into()], ipv6_cidrs: vec![], groups: vec![] }],
    });
    Ok(vec![text("return", "true"), text("groupId", id)])
}

fn parse_rules(p: &Params) -> ApiResult<Vec<Rule>> {
    let mut rules = Vec::new();
    for m in p.members("IpPermissions") {
        let protocol = m.required("IpProtocol")?.to_ascii_lowercase();
        if !matches!(protocol.as_str(), "tcp" | "udp" | "icmp" | "icmpv6" | "-1" | "6" | "17" | "1") {
            return Err(ApiError::invalid_value(format!("Invalid value '{protocol}' for IP protocol")));
        }
        let from = m.int("FromPort")?;
        let to = m.int("ToPort")?;
        if matches!(protocol.as_str(), "tcp" | "udp") {
            let (Some(f), Some(t)) = (from, to) else { return Err(ApiError::missing("FromPort and ToPort")) };
            if !(0..=65535).contains(&f) || !(0..=65535).contains(&t) || f > t {
                return Err(ApiError::invalid_value(format!("Invalid port range {f}-{t}")));
            }
        }
        let cidrs: Vec<String> = m.members("IpRanges").iter().filter_map(|r| r.get("CidrIp").map(str::to_string)).collect();
        let v6: Vec<String> = m.members("Ipv6Ranges").iter().filter_map(|r| r.get("CidrIpv6").map(str::to_string)).collect();
        let groups: Vec<String> = m.members("Groups").iter().filter_map(|r| r.get("GroupId").map(str::to_string)).collect();
        for c in &cidrs {
            valid_cidr(c, false)?;
        }
        for c in &v6 {
            valid_cidr(c, true)?;
        }
        rules.push(Rule { protocol, from_port: from, to_port: to, cidrs, ipv6_cidrs: v6, groups });
    }
    if rules.is_empty() {
        return Err(ApiError::missing("IpPermissions"));
    }
    Ok(rules)
}

fn valid_cidr(c: &str, v6: bool) -> ApiResult<()> {
    let ok = c.split_once('/').is_some_and(|(ip, bits)| {
        let bits: Option<u8> = bits.parse().ok();
        if v6 {
            ip.parse::<std::net::Ipv6Addr>().is_ok() && bits.is_some_and(|b| b <= 128)
        } else {
            ip.parse::<std::net::Ipv4Addr>().is_ok() && bits.is_some_and(|b| b <= 32)
        }
    });
    if ok { Ok(()) } else { Err(ApiError::client("InvalidParameterValue", format!("CIDR block {c} is malformed"))) }
}

/// Rules are compared one address range at a time, as EC2 does.
fn explode(rules: Vec<Rule>) -> Vec<Rule> {
    let mut out = Vec::new();
    for r in rules {
        let base = Rule { cidrs: vec![], ipv6_cidrs: vec![], groups: vec![], ..r.clone() };
        out.extend(r.cidrs.iter().map(|c| Rule { cidrs: vec![c.clone()], ..base.clone() }));
        out.extend(r.ipv6_cidrs.iter().map(|c| Rule { ipv6_cidrs: vec![c.clone()], ..base.clone() }));
        out.extend(r.groups.iter().map(|g| Rule { groups: vec![g.clone()], ..base.clone() }));
    }
    out
}

pub fn change_ingress(world: &mut World, ctx: &Ctx, p: &Params, add: bool) -> ApiResult<Vec<Xml>> {
    let rules = explode(parse_rules(p)?);
    let r = region_mut(world, ctx);
    let g = match (p.get("GroupId"), p.get("GroupName")) {
        (Some(id), _) => r.security_groups.iter_mut().find(|g| g.id == id),
        (None, Some(name)) => r.security_groups.iter_mut().find(|g| g.name == name),
        (None, None) => return Err(ApiError::missing("GroupId")),
    }
    .ok_or_else(|| ApiError::client("InvalidGroup.NotFound", "The security group does not exist"))?;
    let mut current = explode(std::mem::take(&mut g.ingress));
    for rule in rules {
        let at = current.iter().position(|c| c == &rule);
        match (add, at) {
            (true, Some(_)) => {
                g.ingress = current;
                return Err(ApiError::client("InvalidPermission.Duplicate", "the specified rule already exists"));
            }
            (true, None) => current.push(rule),
            (false, Some(i)) => {
                current.remove(i);
            }
            (false, None) => {
                g.ingress = current;
                return Err(ApiError::client("InvalidPermission.NotFound", "The specified rule does not exist in this security group."));
            }
        }
    }
    g.ingress = current;
    Ok(return_true())
}
