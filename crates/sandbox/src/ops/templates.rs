use super::{iso, put_tags, region, region_mut, set, spec_tags, tag_set, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::filters::{matches, one};
use crate::query::Params;
use crate::world::{new_id, LaunchTemplate, TemplateVersion, World};
use crate::xml::{el, fields, opt, text, Xml};

fn template_xml(world: &World, t: &LaunchTemplate) -> Vec<Xml> {
    fields([
        Some(text("launchTemplateId", &t.id)),
        Some(text("launchTemplateName", &t.name)),
        Some(text("createTime", iso(t.created_ms))),
        Some(text("createdBy", format!("arn:aws:iam::{}:root", world.account))),
        Some(text("defaultVersionNumber", t.default_version)),
        Some(text("latestVersionNumber", t.versions.iter().map(|v| v.number).max().unwrap_or(1))),
        tag_set(world, &t.id),
    ])
}

pub fn create(world: &mut World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let name = p.required("LaunchTemplateName")?.to_string();
    let name_ok = (3..=128).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "()./_-".contains(c));
    if !name_ok {
        return Err(ApiError::invalid_value(format!(
            "Launch template name '{name}' must be 3 to 128 characters of letters, numbers and ( ) . / _ -"
        )));
    }
    if region(world, ctx).launch_templates.iter().any(|t| t.name == name) {
        return Err(ApiError::client(
            "InvalidLaunchTemplateName.AlreadyExistsException",
            format!("Launch template name already in use: {name}"),
        ));
    }
    let data = p.sub("LaunchTemplateData");
    if let Some(image) = data.get("ImageId") {
        super::images::validate_image_id(image)?;
    }
    let tags = spec_tags(p, "launch-template")?;
    let t = LaunchTemplate {
        id: new_id("lt"),
        name,
        created_ms: ctx.now,
        default_version: 1,
        versions: vec![TemplateVersion {
            number: 1,
            description: p.get("VersionDescription").map(str::to_string),
            created_ms: ctx.now,
            image_id: data.get("ImageId").map(str::to_string),
            instance_type: data.get("InstanceType").map(str::to_string),
            key_name: data.get("KeyName").map(str::to_string),
            security_group_ids: data.list("SecurityGroupId"),
            user_data: data.get("UserData").map(str::to_string),
        }],
    };
    put_tags(world, &t.id, &tags)?;
    let body = vec![el("launchTemplate", template_xml(world, &t))];
    region_mut(world, ctx).launch_templates.push(t);
    Ok(body)
}

pub fn describe(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let ids = p.list("LaunchTemplateId");
    let names = p.list("LaunchTemplateName");
    let filters = p.filters();
    let r = region(world, ctx);
    for id in &ids {
        if !r.launch_templates.iter().any(|t| &t.id == id) {
            return Err(ApiError::client("InvalidLaunchTemplateId.NotFound", format!("The specified launch template, with template ID {id}, does not exist.")));
        }
    }
    let mut items = Vec::new();
    for t in &r.launch_templates {
        if (!ids.is_empty() && !ids.contains(&t.id)) || (!names.is_empty() && !names.contains(&t.name)) {
            continue;
        }
        let ok = matches(&filters, &world.tags_of(&t.id), |f| match f {
            "launch-template-name" => one(&t.name),
            "create-time" => one(iso(t.created_ms)),
            _ => None,
        })?;
        if ok {
            items.push(template_xml(world, t));
        }
    }
    Ok(vec![set("launchTemplates", items)])
}

pub fn describe_versions(world: &World, ctx: &Ctx, p: &Params) -> ApiResult<Vec<Xml>> {
    let r = region(world, ctx);
    let t = match (p.get("LaunchTemplateId"), p.get("LaunchTemplateName")) {
        (Some(id), _) => r.launch_templates.iter().find(|t| t.id == id),
        (None, Some(name)) => r.launch_templates.iter().find(|t| t.name == name),
        (None, None) => return Err(ApiError::missing("LaunchTemplateId or LaunchTemplateName")),
    }
    .ok_or_else(|| ApiError::client("InvalidLaunchTemplateId.NotFound", "The specified launch template does not exist."))?;
    let wanted = p.list("LaunchTemplateVersion");
    let latest = t.versions.iter().map(|v| v.number).max().unwrap_or(1);
    let items = t
        .versions
        .iter()
        .filter(|v| {
            wanted.is_empty()
                || wanted.iter().any(|w| match w.as_str() {
                    "$Latest" => v.number == latest,
                    "$Default" => v.number == t.default_version,
                    n => n.parse() == Ok(v.number),
                })
        })
        .map(|v| {
            fields([
                Some(text("launchTemplateId", &t.id)),
                Some(text("launchTemplateName", &t.name)),
                Some(text("versionNumber", v.number)),
                opt("versionDescription", v.description.as_ref()),
                Some(text("createTime", iso(v.created_ms))),
                Some(text("createdBy", format!("arn:aws:iam::{}:root", world.account))),
                Some(text("defaultVersion", v.number == t.default_version)),
                Some(el(
                    "launchTemplateData",
                    fields([
                        opt("imageId", v.image_id.as_ref()),
                        opt("instanceType", v.instance_type.as_ref()),
                        opt("keyName", v.key_name.as_ref()),
                        Some(el("securityGroupIdSet", v.security_group_ids.iter().map(|g| text("item", g)).collect())),
                        opt("userData", v.user_data.as_ref()),
                    ]),
                )),
            ])
        })
        .collect::<Vec<_>>();
    Ok(vec![set("launchTemplateVersionSet", items)])
}
