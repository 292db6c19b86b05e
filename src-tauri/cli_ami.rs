//! `amikey ami …` and `amikey instances …`: the AMI flows on the command line, with
//! the same core calls as the window. Every command prints a table or stable JSON.

use std::time::Duration;

use amikey_core::amis::{query_images, ImageListing, ImageQuery, ImageScope};
use amikey_core::imageactions::{self, CopyRequest, ImageSwitch, ShareRequest};
use amikey_core::imagerules::parse_tag;
use amikey_core::imaging::{self, CreateImageRequest};
use amikey_core::launch::{self, LaunchRequest};
use amikey_core::snapshots;
use amikey_core::{Aws, Error, Target};
use clap::{Subcommand, ValueEnum};

use crate::cli::{new_table, render_json_or, Output};

#[derive(Debug, Subcommand)]
pub enum AmiCommand {
    /// List AMIs: one catalogue tab of the region, with EC2-side filters.
    List {
        #[arg(long, value_enum, default_value_t = Owner::SelfOwned)]
        owner: Owner,
        /// name=PATTERN (wildcards * ?), architecture=…, platform=windows|linux, state=…, owner=ACCOUNT.
        #[arg(long = "filter", value_name = "K=V")]
        filters: Vec<String>,
        #[arg(long)]
        include_deprecated: bool,
        #[arg(long)]
        include_disabled: bool,
    },
    /// Every field of one AMI, its lineage, instances and snapshot cost.
    Show { image_id: String },
    /// Create an AMI from an instance.
    Create {
        #[arg(long)]
        instance: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        description: Option<String>,
        /// Do not reboot: faster, but the snapshot is only crash-consistent.
        #[arg(long)]
        no_reboot: bool,
        /// KEY=VALUE, for the image and its snapshots (repeat).
        #[arg(long = "tag", value_name = "K=V")]
        tags: Vec<String>,
        /// Wait until the AMI is available (or failed).
        #[arg(long)]
        wait: bool,
    },
    /// Copy an AMI to other regions.
    Copy {
        image_id: String,
        #[arg(long, value_delimiter = ',', required = true)]
        to_regions: Vec<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        encrypted: bool,
        #[arg(long)]
        kms_key_id: Option<String>,
        #[arg(long)]
        wait: bool,
    },
    /// Share with accounts, organisations / OUs, or everyone (--public); --remove to unshare.
    Share {
        image_id: String,
        #[arg(long, value_delimiter = ',')]
        accounts: Vec<String>,
        #[arg(long, value_delimiter = ',')]
        organizations: Vec<String>,
        #[arg(long)]
        public: bool,
        #[arg(long)]
        remove: bool,
    },
    /// Hide it from listings from a date on (it stays launchable by id).
    Deprecate {
        image_id: String,
        /// RFC 3339, e.g. 2027-01-31T12:00:00Z.
        #[arg(long)]
        at: String,
    },
    /// Stop anyone launching it (reversible with `ami enable`).
    Disable { image_id: String },
    Enable { image_id: String },
    /// Deregistration protection on (with cooldown) or off.
    Protect {
        image_id: String,
        #[arg(long)]
        off: bool,
    },
    /// Deregister; with --delete-snapshots also the snapshots no other AMI uses.
    Deregister {
        image_id: String,
        #[arg(long)]
        delete_snapshots: bool,
        /// Only show what would happen.
        #[arg(long)]
        preview: bool,
    },
    /// My snapshots, with the AMIs using them and their monthly cost.
    Snapshots {
        /// Only those no AMI uses.
        #[arg(long)]
        orphans: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Owner {
    #[value(name = "self")]
    SelfOwned,
    Amazon,
    AwsMarketplace,
    Shared,
    Public,
}

#[derive(Debug, Subcommand)]
pub enum InstancesCommand {
    /// Launch one instance from an AMI; SSH is opened to --ssh-from only.
    Launch {
        #[arg(long)]
        ami: String,
        #[arg(long)]
        key: Option<String>,
        #[arg(long, default_value = "t3.micro")]
        instance_type: String,
        /// CIDR allowed to SSH in (default: your address as found by checkip.amazonaws.com).
        #[arg(long)]
        ssh_from: Option<String>,
        /// Required to open SSH to 0.0.0.0/0.
        #[arg(long)]
        allow_world_ssh: bool,
        #[arg(long)]
        name: Option<String>,
        /// Wait until it is running.
        #[arg(long)]
        wait: bool,
    },
}

fn scope_of(owner: Owner) -> ImageScope {
    match owner {
        Owner::SelfOwned => ImageScope::Mine,
        Owner::Amazon => ImageScope::Amazon,
        Owner::AwsMarketplace => ImageScope::Marketplace,
        Owner::Shared => ImageScope::Shared,
        Owner::Public => ImageScope::Public,
    }
}

fn query_from(filters: &[String], include_deprecated: bool, include_disabled: bool) -> Result<ImageQuery, Error> {
    let mut q = ImageQuery { include_deprecated, include_disabled, ..ImageQuery::default() };
    for f in filters {
        let (k, v) = parse_tag(f)?;
        let slot = match k.as_str() {
            "name" => &mut q.name,
            "architecture" => &mut q.architecture,
            "platform" => &mut q.platform,
            "state" => &mut q.state,
            "owner" => &mut q.owner,
            other => return Err(Error::invalid_input(format!("Unknown filter \"{other}\": use name, architecture, platform, state or owner."))),
        };
        *slot = Some(v);
    }
    Ok(q)
}

async fn wait_for_image(aws: &Aws, target: &Target, image_id: &str) -> Result<imaging::ImageProgress, Error> {
    loop {
        let p = imaging::image_progress(aws, target, image_id).await?;
        if p.done {
            return Ok(p);
        }
        eprintln!("amikey: {image_id} is {} …", p.state);
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
}

pub async fn run_ami(aws: &Aws, target: &Target, cmd: AmiCommand, output: Output) -> Result<String, Error> {
    match cmd {
        AmiCommand::List { owner, filters, include_deprecated, include_disabled } => {
            let listing = query_images(aws, target, scope_of(owner), &query_from(&filters, include_deprecated, include_disabled)?).await?;
            Ok(render_json_or(&listing, output, || images_table(&listing)))
        }
        AmiCommand::Show { image_id } => {
            let d = imageactions::describe_image(aws, target, &image_id).await?;
            Ok(render_json_or(&d, output, || {
                let mut t = new_table();
                let s = &d.summary;
                let rows: Vec<(&str, String)> = vec![
                    ("Name", s.name.clone()),
                    ("ID", s.image_id.clone()),
                    ("Owner", format!("{} ({:?})", s.owner_alias.clone().unwrap_or(s.owner_id.clone()), s.trust.level)),
                    ("State", format!("{}{}", s.state, d.state_reason.as_ref().map(|r| format!(" — {r}")).unwrap_or_default())),
                    ("Architecture", s.architecture.clone()),
                    ("Boot mode", d.boot_mode.clone().unwrap_or_default()),
                    ("Root device", format!("{} {}", d.root_device_type.clone().unwrap_or_default(), d.root_device_name.clone().unwrap_or_default())),
                    ("Volumes", d.block_devices.iter().map(|b| format!("{} {} {}GiB", b.device_name, b.snapshot_id.clone().unwrap_or_default(), b.size_gib.unwrap_or(0))).collect::<Vec<_>>().join("; ")),
                    ("Shared with", d.launch_permissions.join(", ")),
                    ("Deprecation", s.deprecation_time.clone().unwrap_or_default()),
                    ("Protection", d.deregistration_protection.clone().unwrap_or_default()),
                    ("Source", [d.source_instance_id.clone(), d.source_image_id.clone(), d.source_region.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ")),
                    ("Copies", d.copies.iter().map(|c| format!("{} in {}", c.image_id, c.region)).collect::<Vec<_>>().join(", ")),
                    ("Instances", d.instances.join(", ")),
                    ("Snapshot cost", format!("${:.2}/month", d.snapshot_monthly_cost_usd)),
                ];
                for (k, v) in rows {
                    t.add_row(vec![k.to_string(), v]);
                }
                let mut text = t.to_string();
                if let Some(w) = &s.trust.warning {
                    text.push_str(&format!("\nWarning: {w}"));
                }
                text
            }))
        }
        AmiCommand::Create { instance, name, description, no_reboot, tags, wait } => {
            let tags = tags.iter().map(|t| parse_tag(t)).collect::<Result<Vec<_>, _>>()?;
            let req = CreateImageRequest { description, no_reboot, image_tags: tags.clone(), snapshot_tags: tags, ..CreateImageRequest::new(&instance, &name) };
            let id = imaging::create_image(aws, target, &req).await?;
            let progress = if wait { Some(wait_for_image(aws, target, &id).await?) } else { None };
            if let Some(p) = progress.as_ref().filter(|p| p.state != "available") {
                return Err(Error::new(
                    amikey_core::ErrorCode::Conflict,
                    format!("{id} ended {}{}.", p.state, p.state_reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default()),
                ));
            }
            let state = progress.as_ref().map(|p| p.state.clone()).unwrap_or_else(|| "pending".into());
            Ok(render_json_or(&serde_json::json!({ "image_id": id, "region": target.region, "state": state }), output, || {
                format!("Creating {id} (\"{name}\") in {}: {state}.", target.region)
            }))
        }
        AmiCommand::Copy { image_id, to_regions, name, encrypted, kms_key_id, wait } => {
            let req = CopyRequest { image_id, to_regions, name, description: None, encrypted, kms_key_id, copy_tags: true };
            let out = imageactions::copy_image(aws, target, &req).await?;
            if !out.failures.is_empty() {
                let made: Vec<String> = out.copies.iter().map(|c| format!("{} in {}", c.image_id, c.region)).collect();
                let failed: Vec<String> = out.failures.iter().map(|f| format!("{}: {}", f.region, f.error.message)).collect();
                return Err(Error::new(
                    out.failures[0].error.code,
                    format!("Not copied to {}. Copied: {}.", failed.join("; "), if made.is_empty() { "none".into() } else { made.join(", ") }),
                ));
            }
            if wait {
                for c in &out.copies {
                    wait_for_image(aws, &Target::new(target.profile.clone(), c.region.clone()), &c.image_id).await?;
                }
            }
            Ok(render_json_or(&out, output, || {
                let mut lines: Vec<String> = out.copies.iter().map(|c| format!("{}: {}", c.region, c.image_id)).collect();
                lines.extend(out.failures.iter().map(|f| format!("{}: failed, {} ({})", f.region, f.error.message, f.error.code)));
                lines.join("\n")
            }))
        }
        AmiCommand::Share { image_id, accounts, organizations, public, remove } => {
            let req = ShareRequest { image_id: image_id.clone(), accounts, organizations, public, add: !remove };
            imageactions::share_image(aws, target, &req).await?;
            let shared = imageactions::launch_permissions(aws, target, &image_id).await?;
            Ok(render_json_or(&serde_json::json!({ "image_id": image_id, "launch_permissions": shared }), output, || {
                format!("{image_id} is shared with: {}", if shared.is_empty() { "nobody".into() } else { shared.join(", ") })
            }))
        }
        AmiCommand::Deprecate { image_id, at } => switch(aws, target, &image_id, ImageSwitch::Deprecate, Some(&at), output).await,
        AmiCommand::Disable { image_id } => switch(aws, target, &image_id, ImageSwitch::Disable, None, output).await,
        AmiCommand::Enable { image_id } => switch(aws, target, &image_id, ImageSwitch::Enable, None, output).await,
        AmiCommand::Protect { image_id, off } => {
            switch(aws, target, &image_id, if off { ImageSwitch::Unprotect } else { ImageSwitch::Protect }, None, output).await
        }
        AmiCommand::Deregister { image_id, preview: true, .. } => {
            let p = imageactions::deregister_preview(aws, target, &image_id).await?;
            Ok(render_json_or(&p, output, || {
                format!(
                    "Deregistering {} would delete {} snapshot(s) (${:.2}/month freed) and keep {}. Launch templates using it: {}. Protected: {}.",
                    p.image_id,
                    p.deleted.len(),
                    p.monthly_cost_freed_usd,
                    p.kept.len(),
                    if p.launch_templates.is_empty() { "none".into() } else { p.launch_templates.join(", ") },
                    if p.protected { "yes" } else { "no" }
                )
            }))
        }
        AmiCommand::Deregister { image_id, delete_snapshots, preview: false } => {
            let out = imageactions::deregister(aws, target, &image_id, delete_snapshots).await?;
            Ok(render_json_or(&out, output, || {
                let mut text = format!("Deregistered {image_id}.");
                for s in &out.snapshots {
                    text.push_str(&format!("\n{}: {}", s.snapshot_id, s.result));
                }
                text
            }))
        }
        AmiCommand::Snapshots { orphans } => {
            let mut listing = snapshots::list_snapshots(aws, target).await?;
            if orphans {
                listing.snapshots.retain(|s| s.orphan);
            }
            Ok(render_json_or(&listing, output, || {
                let mut t = new_table();
                t.set_header(vec!["Snapshot", "Size", "State", "Used by", "$/month"]);
                for s in &listing.snapshots {
                    t.add_row(vec![
                        s.snapshot_id.clone(),
                        format!("{} GiB", s.volume_size_gib),
                        s.state.clone(),
                        if s.orphan { "ORPHAN".into() } else { s.used_by.join(", ") },
                        format!("{:.2}", s.monthly_cost_usd),
                    ]);
                }
                format!(
                    "{t}\nOrphans cost about ${:.2}/month (estimate at ${}/GB-month).",
                    listing.orphan_monthly_cost_usd, listing.usd_per_gb_month
                )
            }))
        }
    }
}

async fn switch(aws: &Aws, target: &Target, image_id: &str, what: ImageSwitch, at: Option<&str>, output: Output) -> Result<String, Error> {
    imageactions::switch_image(aws, target, image_id, what, at).await?;
    Ok(render_json_or(&serde_json::json!({ "image_id": image_id, "action": what }), output, || format!("{image_id}: done ({what:?}).")))
}

pub async fn run_instances(aws: &Aws, target: &Target, cmd: InstancesCommand, output: Output) -> Result<String, Error> {
    let InstancesCommand::Launch { ami, key, instance_type, ssh_from, allow_world_ssh, name, wait } = cmd;
    let ssh_from = match (ssh_from, &key) {
        (Some(c), _) => Some(c),
        (None, Some(_)) => Some(launch::my_ip_cidr(aws, target).await?),
        (None, None) => None,
    };
    let req = LaunchRequest { image_id: ami, instance_type, key_name: key, ssh_from, allow_world_ssh, user_data: None, name, tags: vec![] };
    let out = launch::launch_instance(aws, target, &req).await?;
    let mut state = "pending".to_string();
    if wait {
        loop {
            let i = amikey_core::instances::describe_instance(aws, target, &out.instance_id).await?;
            state = i.state;
            if state != "pending" {
                break;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
    Ok(render_json_or(&serde_json::json!({ "instance_id": out.instance_id, "security_group_id": out.security_group_id, "region": out.region, "state": state, "cli": out.cli }), output, || {
        format!("Launched {} in {} ({state}). Connect with: amikey keys ssh {}", out.instance_id, out.region, out.instance_id)
    }))
}

pub fn images_table(listing: &ImageListing) -> String {
    if listing.images.is_empty() {
        return format!("No images in {} for this tab.", listing.region);
    }
    let mut table = new_table();
    table.set_header(vec!["Name", "ID", "Owner", "Trust", "Arch", "Platform", "State", "Created"]);
    for i in &listing.images {
        table.add_row(vec![
            i.name.clone(),
            i.image_id.clone(),
            i.owner_alias.clone().unwrap_or_else(|| i.owner_id.clone()),
            serde_json::to_value(i.trust.level).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            i.architecture.clone(),
            i.platform.clone().unwrap_or_else(|| "linux".into()),
            i.state.clone(),
            i.created.clone().unwrap_or_default(),
        ]);
    }
    let mut text = table.to_string();
    if listing.truncated {
        text.push_str(&format!("\n(first {} images only)", amikey_core::amis::MAX_IMAGES));
    }
    text
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub fix: Option<AuditFix>,
    /// Flag key pairs older than this.
    #[arg(long, default_value_t = 365)]
    pub max_key_age_days: u32,
    /// Flag AMIs not launched for this long.
    #[arg(long, default_value_t = 90)]
    pub unused_ami_days: u32,
    /// Do not look for loose key files in ~/.ssh and ~/Downloads.
    #[arg(long)]
    pub no_local: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuditFix {
    /// Apply the fix of one finding (by its id, as `audit` prints it).
    Fix {
        finding_id: String,
        /// For SSH findings: the address to allow instead (default: yours).
        #[arg(long)]
        ssh_from: Option<String>,
    },
}

/// The health check. Returns the text and whether the account is clean (exit 0 only then).
pub async fn run_audit(aws: &Aws, target: &Target, args: AuditArgs, output: Output) -> Result<(String, bool), Error> {
    use amikey_core::audit;
    let data_dir = amikey_core::datadir::data_dir()?;
    let lost = amikey_core::vault::Vault::open(&data_dir).and_then(|v| v.reconcile()).unwrap_or_default();
    let dirs = audit::local_dirs(target, &data_dir, !args.no_local);
    let settings = audit::AuditSettings { max_key_age_days: args.max_key_age_days, unused_ami_days: args.unused_ami_days, ..audit::AuditSettings::default() };
    let report = audit::audit(aws, &amikey_core::vault::Vault::open_unchecked(&data_dir), target, &lost, &dirs, &settings).await?;
    if let Some(AuditFix::Fix { finding_id, ssh_from }) = args.fix {
        let finding = report.findings.iter().find(|f| f.id == finding_id).ok_or_else(|| {
            Error::new(amikey_core::ErrorCode::NotFound, format!("No current finding has the id \"{finding_id}\" (run `amikey audit` to list them)."))
        })?;
        let fix = finding.fix.clone().ok_or_else(|| Error::invalid_input(format!("\"{finding_id}\" has no automatic fix; {}", finding.why)))?;
        // The keychain is needed only to move a file into it.
        let vault = if fix.needs_keychain() { amikey_core::vault::Vault::open(&data_dir)? } else { amikey_core::vault::Vault::open_unchecked(&data_dir) };
        let done = audit::apply_fix(aws, &vault, target, &fix, ssh_from.as_deref()).await?;
        return Ok((render_json_or(&serde_json::json!({ "finding_id": finding_id, "result": done }), output, || done.clone()), true));
    }
    let clean = report.findings.is_empty() && report.failures.is_empty();
    let text = render_json_or(&report, output, || {
        if report.findings.is_empty() {
            return format!("No findings in {} regions.", report.regions.len());
        }
        let mut t = new_table();
        t.set_header(vec!["Severity", "Finding", "Why", "Fix (amikey audit fix ID)"]);
        for f in &report.findings {
            t.add_row(vec![
                format!("{:?}", f.severity).to_lowercase(),
                f.title.clone(),
                f.why.clone(),
                if f.fix.is_some() { f.id.clone() } else { "—".into() },
            ]);
        }
        let mut text = t.to_string();
        for failure in &report.failures {
            text.push_str(&format!("\nNot checked: {} ({})", failure.region, failure.error.message));
        }
        text
    });
    Ok((text, clean))
}
