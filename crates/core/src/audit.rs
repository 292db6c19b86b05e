//! The key-and-image health check: the classic mistakes, found across all regions.
//! Rules are plain functions over an [`AuditInput`] (unit-tested on hand-built
//! inputs); [`gather`] builds the input from AWS and the local machine, and
//! [`apply_fix`] repairs what can be repaired, after the user confirmed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::access::{Aws, Target};
use crate::error::{classify, Result};
use crate::instances::InstanceSummary;
use crate::keyfiles::FileMatch;
use crate::keyflows::{KeyPairStatus, LocalStatus};
use crate::regions::RegionFailure;
use crate::snapshots::SnapshotInfo;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

/// What the app can do about a finding, once the user confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fix {
    /// Replace the world-open SSH rule of a security group with one for `cidr`.
    RestrictSsh { region: String, group_id: String, open_cidr: String },
    DeleteSnapshot { region: String, snapshot_id: String },
    /// Move a loose private key file into the vault (and delete the file).
    VaultFile { path: String },
    /// Delete a key pair on AWS that no instance uses (the vault copy, if any, stays).
    DeleteKeyPair { region: String, name: String },
    /// Deregister an unused AMI of mine together with the snapshots only it uses.
    DeregisterImage { region: String, image_id: String },
    /// Cancel an AMI's deprecation while what uses it moves to a successor.
    Undeprecate { region: String, image_id: String },
}

/// Unused key pairs can simply go: nothing is locked out.
fn delete_key_fix(mut f: Finding, k: &KeyPairStatus) -> Finding {
    if k.instances.is_empty() {
        f.fix = Some(Fix::DeleteKeyPair { region: k.key_pair.region.clone(), name: k.key_pair.name.clone() });
        f.fix_label = Some(format!(
            "Delete key pair “{}” in {} (no instance uses it{})",
            k.key_pair.name,
            k.key_pair.region,
            if k.local_status == LocalStatus::InVault { "; its private key stays in your vault" } else { "" }
        ));
    }
    f
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Finding {
    /// Stable across runs: rule, region and resource.
    pub id: String,
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    /// One line on why it matters.
    pub why: String,
    /// The concept card that explains it.
    pub concept: String,
    pub region: Option<String>,
    pub resource: String,
    pub fix: Option<Fix>,
    /// What the fix does, in words (shown in the confirmation).
    pub fix_label: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct AuditSettings {
    /// Key pairs older than this are flagged.
    pub max_key_age_days: u32,
    /// AMIs not launched for this long are flagged.
    pub unused_ami_days: u32,
    /// One key on more instances than this is flagged.
    pub max_instances_per_key: u32,
}

impl Default for AuditSettings {
    fn default() -> Self {
        AuditSettings { max_key_age_days: 365, unused_ami_days: 90, max_instances_per_key: 5 }
    }
}

/// An open SSH rule: a security group admitting port 22 from everywhere.
#[derive(Debug, Clone, Default)]
pub struct OpenSsh {
    pub region: String,
    pub group_id: String,
    pub group_name: String,
    pub cidr: String,
}

/// An AMI of mine, as the rules need it.
#[derive(Debug, Clone, Default)]
pub struct MyImage {
    pub region: String,
    pub image_id: String,
    pub name: String,
    pub created: Option<String>,
    pub last_launched: Option<String>,
    pub deprecation_time: Option<String>,
    /// Running instances and launch templates using it.
    pub used_by: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditInput {
    pub now_secs: i64,
    pub key_pairs: Vec<KeyPairStatus>,
    /// (region, key name) → RSA modulus size.
    pub rsa_bits: BTreeMap<(String, String), u32>,
    pub instances: Vec<InstanceSummary>,
    pub open_ssh: Vec<OpenSsh>,
    /// Snapshot with its region.
    pub snapshots: Vec<(String, SnapshotInfo)>,
    pub images: Vec<MyImage>,
    pub loose_files: Vec<FileMatch>,
}

fn secs(rfc3339: &str) -> Option<i64> {
    aws_smithy_types::DateTime::from_str(rfc3339, aws_smithy_types::date_time::Format::DateTime).ok().map(|d| d.secs())
}

fn finding(rule: &str, severity: Severity, region: Option<&str>, resource: &str, title: String, why: &str, concept: &str) -> Finding {
    Finding {
        id: format!("{rule}:{}:{resource}", region.unwrap_or("-")),
        rule: rule.into(),
        severity,
        title,
        why: why.into(),
        concept: concept.into(),
        region: region.map(str::to_string),
        resource: resource.into(),
        fix: None,
        fix_label: None,
    }
}

pub fn lost_keys(input: &AuditInput) -> Vec<Finding> {
    input
        .key_pairs
        .iter()
        .filter(|k| k.local_status == LocalStatus::NotOnThisMachine)
        .map(|k| {
            let used = !k.instances.is_empty();
            let f = finding(
                "lost_key",
                if used { Severity::High } else { Severity::Medium },
                Some(&k.key_pair.region),
                &k.key_pair.name,
                format!(
                    "Key pair “{}” has no private key on this machine{}",
                    k.key_pair.name,
                    if used { format!(" and {} instance(s) use it", k.instances.len()) } else { String::new() }
                ),
                "If nobody has its private key, nobody can log in with it: import the key if you have it somewhere, or plan a recovery.",
                "key-mistakes",
            );
            delete_key_fix(f, k)
        })
        .collect()
}

pub fn shared_keys(input: &AuditInput, settings: &AuditSettings) -> Vec<Finding> {
    let mut out: Vec<Finding> = input
        .key_pairs
        .iter()
        .filter(|k| k.instances.len() as u32 > settings.max_instances_per_key)
        .map(|k| {
            finding(
                "key_on_many_instances",
                Severity::Medium,
                Some(&k.key_pair.region),
                &k.key_pair.name,
                format!("Key pair “{}” opens {} instances", k.key_pair.name, k.instances.len()),
                "One leaked key opens every one of them; give separate roles or teams their own keys.",
                "key-mistakes",
            )
        })
        .collect();
    let mut regions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for k in &input.key_pairs {
        regions.entry(k.key_pair.name.as_str()).or_default().push(k.key_pair.region.as_str());
    }
    out.extend(regions.into_iter().filter(|(_, r)| r.len() >= 2).map(|(name, r)| {
        finding(
            "key_in_many_regions",
            Severity::Low,
            None,
            name,
            format!("Key pair “{name}” exists in {} regions ({})", r.len(), r.join(", ")),
            "One key everywhere means one leak exposes everything; separate keys per environment limit the damage.",
            "key-mistakes",
        )
    }));
    out
}

pub fn unused_keys(input: &AuditInput) -> Vec<Finding> {
    input
        .key_pairs
        .iter()
        .filter(|k| k.instances.is_empty())
        .map(|k| {
            let f = finding(
                "unused_key",
                Severity::Low,
                Some(&k.key_pair.region),
                &k.key_pair.name,
                format!("Key pair “{}” is used by no instance", k.key_pair.name),
                "Unused keys are forgotten keys; delete the ones nobody needs.",
                "key-pair",
            );
            delete_key_fix(f, k)
        })
        .collect()
}

pub fn weak_and_old_keys(input: &AuditInput, settings: &AuditSettings) -> Vec<Finding> {
    let mut out = Vec::new();
    for k in &input.key_pairs {
        let (region, name) = (&k.key_pair.region, &k.key_pair.name);
        if let Some(bits) = input.rsa_bits.get(&(region.clone(), name.clone())).filter(|b| **b < 2048) {
            out.push(delete_key_fix(finding(
                "weak_key",
                Severity::High,
                Some(region),
                name,
                format!("Key pair “{name}” is RSA {bits}"),
                "RSA below 2048 bits is considered breakable; replace it with ED25519 (or RSA 4096).",
                "ssh-auth",
            ), k));
        }
        let age_days = k.key_pair.created.as_deref().and_then(secs).map(|c| (input.now_secs - c) / 86_400);
        if let Some(days) = age_days.filter(|d| *d > settings.max_key_age_days as i64) {
            out.push(delete_key_fix(finding(
                "old_key",
                Severity::Low,
                Some(region),
                name,
                format!("Key pair “{name}” is {} years old", days / 365),
                "Old keys have had more chances to leak; rotate keys on a schedule.",
                "key-mistakes",
            ), k));
        }
    }
    out
}

pub fn loose_files(input: &AuditInput) -> Vec<Finding> {
    input
        .loose_files
        .iter()
        .filter(|f| f.problem.is_none() && (f.too_open || f.vault_name.is_some() || !f.opens.is_empty()))
        .map(|f| {
            let mut x = finding(
                "loose_key_file",
                if f.too_open { Severity::High } else { Severity::Medium },
                None,
                &f.path,
                match (&f.vault_name, f.too_open) {
                    (_, true) => format!("{} is a private key that others can read", f.path),
                    (Some(v), false) => format!("{} is a loose copy of vault key “{v}”", f.path),
                    (None, false) => format!("{} is a loose private key", f.path),
                },
                "Private keys lying around get copied, synced and leaked (and ssh refuses keys others can read); keep them in the vault.",
                "key-mistakes",
            );
            x.fix = Some(Fix::VaultFile { path: f.path.clone() });
            x.fix_label = Some(format!("Move {} into the vault, check the copy, then delete the file", f.path));
            x
        })
        .collect()
}

pub fn open_ssh(input: &AuditInput) -> Vec<Finding> {
    input
        .open_ssh
        .iter()
        .map(|g| {
            let users: Vec<&str> = input
                .instances
                .iter()
                .filter(|i| i.region == g.region && i.security_group_ids.contains(&g.group_id))
                .map(|i| i.instance_id.as_str())
                .collect();
            let mut x = finding(
                "ssh_open_to_world",
                if users.is_empty() { Severity::Medium } else { Severity::High },
                Some(&g.region),
                &g.group_id,
                format!(
                    "Security group {} ({}) allows SSH from {}{}",
                    g.group_name,
                    g.group_id,
                    g.cidr,
                    if users.is_empty() { String::new() } else { format!(", on {}", users.join(", ")) }
                ),
                "Port 22 open to the whole internet is scanned and brute-forced within minutes; allow only your address.",
                "key-mistakes",
            );
            x.fix = Some(Fix::RestrictSsh { region: g.region.clone(), group_id: g.group_id.clone(), open_cidr: g.cidr.clone() });
            x.fix_label = Some(format!("Replace the {} rule with one for your address only", g.cidr));
            x
        })
        .collect()
}

pub fn orphan_snapshots(input: &AuditInput) -> Vec<Finding> {
    input
        .snapshots
        .iter()
        .filter(|(_, s)| s.orphan)
        .map(|(region, s)| {
            let mut x = finding(
                "orphan_snapshot",
                Severity::Medium,
                Some(region),
                &s.snapshot_id,
                format!("Snapshot {} ({} GiB) belongs to no AMI: about ${:.2}/month", s.snapshot_id, s.volume_size_gib, s.monthly_cost_usd),
                "Deregistering an AMI without its snapshots leaves them behind, billed every month.",
                "ami-vs-snapshot",
            );
            x.fix = Some(Fix::DeleteSnapshot { region: region.clone(), snapshot_id: s.snapshot_id.clone() });
            x.fix_label = Some(format!("Delete snapshot {} (it cannot be undone)", s.snapshot_id));
            x
        })
        .collect()
}

pub fn image_rules(input: &AuditInput, settings: &AuditSettings) -> Vec<Finding> {
    let mut out = Vec::new();
    for img in &input.images {
        let deprecated = img.deprecation_time.as_deref().and_then(secs).is_some_and(|t| t <= input.now_secs);
        if deprecated && !img.used_by.is_empty() {
            let mut f = finding(
                "deprecated_ami_in_use",
                Severity::Medium,
                Some(&img.region),
                &img.image_id,
                format!("Deprecated AMI “{}” is still used by {}", img.name, img.used_by.join(", ")),
                "A deprecated image is on its way out; move these to its successor before it is disabled or deregistered.",
                "retire",
            );
            f.fix = Some(Fix::Undeprecate { region: img.region.clone(), image_id: img.image_id.clone() });
            f.fix_label = Some(format!("Cancel the deprecation of “{}” while you move its users to a successor", img.name));
            out.push(f);
        }
        let last = img.last_launched.as_deref().or(img.created.as_deref()).and_then(secs);
        if let Some(days) = last.map(|t| (input.now_secs - t) / 86_400).filter(|d| *d > settings.unused_ami_days as i64) {
            if img.used_by.is_empty() {
                let mut f = finding(
                    "unused_ami",
                    Severity::Low,
                    Some(&img.region),
                    &img.image_id,
                    format!("AMI “{}” has not been launched for {days} days", img.name),
                    "Unused AMIs keep their snapshots billed; deprecate or deregister the ones you no longer need.",
                    "retire",
                );
                f.fix = Some(Fix::DeregisterImage { region: img.region.clone(), image_id: img.image_id.clone() });
                f.fix_label = Some(format!("Deregister “{}” ({}) and delete the snapshots only it uses", img.name, img.image_id));
                out.push(f);
            }
        }
    }
    out
}

/// Every rule, most severe first.
pub fn run_rules(input: &AuditInput, settings: &AuditSettings) -> Vec<Finding> {
    let mut all = lost_keys(input);
    all.extend(shared_keys(input, settings));
    all.extend(unused_keys(input));
    all.extend(weak_and_old_keys(input, settings));
    all.extend(loose_files(input));
    all.extend(open_ssh(input));
    all.extend(orphan_snapshots(input));
    all.extend(image_rules(input, settings));
    all.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.id.cmp(&b.id)));
    all
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AuditReport {
    pub findings: Vec<Finding>,
    pub regions: Vec<String>,
    /// Regions that could not be checked (their findings are missing).
    pub failures: Vec<RegionFailure>,
}

fn world_open(cidr: &str) -> bool {
    cidr == "0.0.0.0/0" || cidr == "::/0"
}

/// Everything the rules look at, from every enabled region and from ~/.ssh and
/// ~/Downloads.
pub async fn gather(aws: &Aws, vault: &crate::vault::Vault, home: &Target, lost: &[String], local_dirs: &[PathBuf]) -> Result<(AuditInput, Vec<String>, Vec<RegionFailure>)> {
    let (inventory, instances) = crate::keyflows::inventory_and_instances(aws, vault, home, true, lost).await?;
    let mut failures = inventory.failures.clone();
    failures.extend(inventory.instance_failures.clone());
    let regions = inventory.regions.clone();
    #[derive(Default)]
    struct PerRegion {
        bits: Vec<((String, String), u32)>,
        open: Vec<OpenSsh>,
        snapshots: Vec<(String, SnapshotInfo)>,
        images: Vec<MyImage>,
    }
    let per = crate::regions::across_regions(aws, home, |t| {
        let instances = &instances;
        async move {
            let ec2 = aws.ec2(&t).await;
            let mut out = PerRegion::default();
            let keys = ec2.describe_key_pairs().include_public_key(true).send().await.map_err(|e| classify(e, &t.context("DescribeKeyPairs")))?;
            for k in keys.key_pairs() {
                let bits = k.public_key().and_then(amikey_keys::rsa_bits_of_line);
                if let (Some(bits), Some(name)) = (bits, k.key_name()) {
                    out.bits.push(((t.region.clone(), name.to_string()), bits));
                }
            }
            let groups = ec2.describe_security_groups().send().await.map_err(|e| classify(e, &t.context("DescribeSecurityGroups")))?;
            for g in groups.security_groups() {
                for p in g.ip_permissions() {
                    let covers_22 = p.ip_protocol() == Some("-1") || (p.ip_protocol() == Some("tcp") && p.from_port().unwrap_or(0) <= 22 && p.to_port().unwrap_or(65535) >= 22);
                    if !covers_22 {
                        continue;
                    }
                    let cidrs = p.ip_ranges().iter().filter_map(|r| r.cidr_ip()).chain(p.ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6()));
                    for c in cidrs.filter(|c| world_open(c)) {
                        out.open.push(OpenSsh {
                            region: t.region.clone(),
                            group_id: g.group_id().unwrap_or_default().into(),
                            group_name: g.group_name().unwrap_or_default().into(),
                            cidr: c.into(),
                        });
                    }
                }
            }
            let snaps = crate::snapshots::list_snapshots(aws, &t).await?;
            out.snapshots = snaps.snapshots.into_iter().map(|s| (t.region.clone(), s)).collect();
            let mine = ec2.describe_images().owners("self").include_deprecated(true).send().await.map_err(|e| classify(e, &t.context("DescribeImages")))?;
            for img in mine.images() {
                let id = img.image_id().unwrap_or_default().to_string();
                let mut used_by: Vec<String> = instances
                    .iter()
                    .filter(|i| i.region == t.region && i.image_id.as_deref() == Some(id.as_str()) && i.state == "running")
                    .map(|i| i.instance_id.clone())
                    .collect();
                used_by.extend(crate::launch::templates_using(aws, &t, &id).await.unwrap_or_default().into_iter().map(|n| format!("launch template {n}")));
                out.images.push(MyImage {
                    region: t.region.clone(),
                    name: img.name().unwrap_or_default().into(),
                    created: img.creation_date().map(str::to_string),
                    last_launched: img.last_launched_time().map(str::to_string),
                    deprecation_time: img.deprecation_time().map(str::to_string),
                    used_by,
                    image_id: id,
                });
            }
            Ok(vec![out])
        }
    })
    .await?;
    failures.extend(per.failures);
    let mut input = AuditInput {
        now_secs: aws_smithy_types::DateTime::from(std::time::SystemTime::now()).secs(),
        key_pairs: inventory.key_pairs,
        instances,
        loose_files: crate::keyfiles::scan(aws, vault, home, local_dirs).await.unwrap_or_default(),
        ..AuditInput::default()
    };
    for p in per.items {
        input.rsa_bits.extend(p.bits);
        input.open_ssh.extend(p.open);
        input.snapshots.extend(p.snapshots);
        input.images.extend(p.images);
    }
    Ok((input, regions, failures))
}

pub async fn audit(aws: &Aws, vault: &crate::vault::Vault, home: &Target, lost: &[String], local_dirs: &[PathBuf], settings: &AuditSettings) -> Result<AuditReport> {
    let (input, regions, failures) = gather(aws, vault, home, lost, local_dirs).await?;
    Ok(AuditReport { findings: run_rules(&input, settings), regions, failures })
}

/// Where loose keys usually lie: ~/.ssh and ~/Downloads (unless `home` is false),
/// and in practice mode the practice world's own "Downloads".
pub fn local_dirs(target: &Target, data_dir: &std::path::Path, home: bool) -> Vec<PathBuf> {
    let mut dirs = if home { std::env::home_dir().map(|h| vec![h.join(".ssh"), h.join("Downloads")]).unwrap_or_default() } else { vec![] };
    if target.is_practice() {
        dirs.push(crate::keyfiles::practice_downloads(data_dir));
    }
    dirs
}

impl Fix {
    /// Only moving a file into the vault needs the (checked) keychain.
    pub fn needs_keychain(&self) -> bool {
        matches!(self, Fix::VaultFile { .. })
    }
}

/// Apply a finding's fix. `my_cidr` is where SSH should come from instead.
pub async fn apply_fix(aws: &Aws, vault: &crate::vault::Vault, home: &Target, fix: &Fix, my_cidr: Option<&str>) -> Result<String> {
    match fix {
        Fix::RestrictSsh { region, group_id, open_cidr } => {
            let t = Target::new(home.profile.clone(), region.clone());
            let cidr = match my_cidr {
                Some(c) => c.to_string(),
                None => crate::launch::my_ip_cidr(aws, &t).await?,
            };
            let net = crate::launch::check_ssh_cidr(&cidr)?;
            if crate::launch::is_open_to_world(&net) {
                return Err(crate::Error::invalid_input("Restrict SSH to an address, not to the whole internet."));
            }
            let ec2 = aws.ec2(&t).await;
            let rule = |c: &str| {
                let p = aws_sdk_ec2::types::IpPermission::builder().ip_protocol("tcp").from_port(22).to_port(22);
                if c.contains(':') {
                    p.ipv6_ranges(aws_sdk_ec2::types::Ipv6Range::builder().cidr_ipv6(c).build()).build()
                } else {
                    p.ip_ranges(aws_sdk_ec2::types::IpRange::builder().cidr_ip(c).build()).build()
                }
            };
            // The narrow rule first, so the instances are never left unreachable.
            ec2.authorize_security_group_ingress()
                .group_id(group_id)
                .ip_permissions(rule(&net.to_string()))
                .send()
                .await
                .map_err(|e| classify(e, &t.context("AuthorizeSecurityGroupIngress")))?;
            ec2.revoke_security_group_ingress()
                .group_id(group_id)
                .ip_permissions(rule(open_cidr))
                .send()
                .await
                .map_err(|e| classify(e, &t.context("RevokeSecurityGroupIngress")))?;
            Ok(format!("SSH to {group_id} now admits {net} only."))
        }
        Fix::DeleteSnapshot { region, snapshot_id } => {
            crate::snapshots::delete_snapshot(aws, &Target::new(home.profile.clone(), region.clone()), snapshot_id).await?;
            Ok(format!("Deleted {snapshot_id}."))
        }
        Fix::DeleteKeyPair { region, name } => {
            crate::keyflows::delete(aws, vault, &Target::new(home.profile.clone(), region.clone()), name, true, false).await?;
            Ok(format!("Deleted key pair “{name}” in {region}."))
        }
        Fix::DeregisterImage { region, image_id } => {
            let out = crate::imageactions::deregister(aws, &Target::new(home.profile.clone(), region.clone()), image_id, true).await?;
            Ok(format!("Deregistered {image_id}; snapshots: {}.", out.snapshots.iter().map(|s| format!("{} {}", s.snapshot_id, s.result)).collect::<Vec<_>>().join(", ")))
        }
        Fix::Undeprecate { region, image_id } => {
            let t = Target::new(home.profile.clone(), region.clone());
            crate::imageactions::switch_image(aws, &t, image_id, crate::imageactions::ImageSwitch::Undeprecate, None).await?;
            Ok(format!("{image_id} is no longer deprecated."))
        }
        Fix::VaultFile { path } => {
            let out = crate::keyfiles::import_file(aws, vault, home, std::path::Path::new(path), None, None, true).await?;
            Ok(if out.file_deleted {
                format!("{path} is in the vault as “{}” and the loose file is gone.", out.entry.name)
            } else {
                format!("{path} is in the vault as “{}”; the file was kept because the check did not pass.", out.entry.name)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keypairs::{KeyPair, KeyType};

    const NOW: i64 = 1_800_000_000; // 2027-01-15

    fn key(name: &str, region: &str, status: LocalStatus, instances: &[&str], created: &str) -> KeyPairStatus {
        KeyPairStatus {
            key_pair: KeyPair {
                region: region.into(),
                name: name.into(),
                key_pair_id: format!("key-{name}"),
                key_type: KeyType::Ed25519,
                fingerprint: "fp".into(),
                created: Some(created.into()),
                tags: vec![],
            },
            local_status: status,
            vault_name: None,
            instances: instances.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn input() -> AuditInput {
        AuditInput { now_secs: NOW, ..AuditInput::default() }
    }

    fn rules(i: &AuditInput) -> Vec<String> {
        run_rules(i, &AuditSettings::default()).into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn a_clean_account_has_no_findings() {
        let mut i = input();
        i.key_pairs = vec![key("good", "us-east-1", LocalStatus::InVault, &["i-1"], "2026-12-01T00:00:00Z")];
        i.rsa_bits.insert(("us-east-1".into(), "good".into()), 4096);
        assert!(run_rules(&i, &AuditSettings::default()).is_empty());
    }

    #[test]
    fn lost_keys_are_high_when_instances_use_them() {
        let mut i = input();
        i.key_pairs = vec![key("lost", "us-east-1", LocalStatus::NotOnThisMachine, &["i-1"], "2026-12-01T00:00:00Z")];
        let f = lost_keys(&i);
        assert_eq!((f.len(), f[0].severity), (1, Severity::High));
        i.key_pairs[0].instances.clear();
        assert_eq!(lost_keys(&i)[0].severity, Severity::Medium);
        i.key_pairs[0].local_status = LocalStatus::InVault;
        assert!(lost_keys(&i).is_empty());
    }

    #[test]
    fn one_key_on_many_instances_or_in_many_regions() {
        let s = AuditSettings { max_instances_per_key: 2, ..AuditSettings::default() };
        let mut i = input();
        i.key_pairs = vec![key("k", "us-east-1", LocalStatus::InVault, &["i-1", "i-2", "i-3"], "2026-12-01T00:00:00Z")];
        assert_eq!(shared_keys(&i, &s).len(), 1);
        i.key_pairs[0].instances.truncate(2);
        assert!(shared_keys(&i, &s).is_empty());
        i.key_pairs.push(key("k", "eu-west-1", LocalStatus::InVault, &["i-9"], "2026-12-01T00:00:00Z"));
        assert_eq!(shared_keys(&i, &s)[0].rule, "key_in_many_regions");
    }

    #[test]
    fn unused_weak_and_old_keys() {
        let mut i = input();
        i.key_pairs = vec![key("old", "us-east-1", LocalStatus::InVault, &[], "2022-01-01T00:00:00Z")];
        i.rsa_bits.insert(("us-east-1".into(), "old".into()), 1024);
        assert!(matches!(unused_keys(&i)[0].fix, Some(Fix::DeleteKeyPair { .. })), "an unused key can simply go");
        let r = rules(&i);
        assert!(r.contains(&"unused_key".to_string()) && r.contains(&"weak_key".to_string()) && r.contains(&"old_key".to_string()), "{r:?}");
        i.rsa_bits.insert(("us-east-1".into(), "old".into()), 2048);
        i.key_pairs[0].key_pair.created = Some("2026-12-01T00:00:00Z".into());
        i.key_pairs[0].instances = vec!["i-1".into()];
        assert!(rules(&i).is_empty());
    }

    #[test]
    fn loose_files_that_leak_or_duplicate_the_vault() {
        let file = |too_open: bool, vault: Option<&str>| FileMatch {
            path: "/home/u/Downloads/k.pem".into(),
            key_type: Some("rsa".into()),
            fingerprints: vec![],
            opens: vec![],
            problem: None,
            encrypted: false,
            vault_name: vault.map(str::to_string),
            too_open,
        };
        let mut i = input();
        i.loose_files = vec![file(true, None)];
        let f = loose_files(&i);
        assert_eq!(f[0].severity, Severity::High);
        assert!(matches!(f[0].fix, Some(Fix::VaultFile { .. })));
        i.loose_files = vec![file(false, Some("deploy"))];
        assert!(loose_files(&i)[0].title.contains("loose copy"));
        i.loose_files = vec![file(false, None)];
        assert!(loose_files(&i).is_empty(), "an unrelated, private key file is the user's business");
    }

    #[test]
    fn ssh_open_to_the_world_comes_with_a_fix() {
        let mut i = input();
        i.open_ssh = vec![OpenSsh { region: "us-east-1".into(), group_id: "sg-1".into(), group_name: "launch-wizard-1".into(), cidr: "0.0.0.0/0".into() }];
        let f = open_ssh(&i);
        assert_eq!(f[0].fix, Some(Fix::RestrictSsh { region: "us-east-1".into(), group_id: "sg-1".into(), open_cidr: "0.0.0.0/0".into() }));
        assert!(open_ssh(&AuditInput::default()).is_empty());
    }

    #[test]
    fn orphan_snapshots_and_ami_rules() {
        let snap = |orphan: bool| SnapshotInfo {
            snapshot_id: "snap-1".into(),
            volume_size_gib: 20,
            state: "completed".into(),
            progress: "100%".into(),
            description: None,
            started: None,
            encrypted: false,
            used_by: if orphan { vec![] } else { vec!["ami-1".into()] },
            orphan,
            made_for: Some("ami-gone".into()),
            monthly_cost_usd: 1.0,
        };
        let mut i = input();
        i.snapshots = vec![("us-east-1".into(), snap(true))];
        assert!(orphan_snapshots(&i)[0].title.contains("$1.00"));
        i.snapshots = vec![("us-east-1".into(), snap(false))];
        assert!(orphan_snapshots(&i).is_empty());

        let img = |deprecated: Option<&str>, launched: &str, used: &[&str]| MyImage {
            region: "us-east-1".into(),
            image_id: "ami-1".into(),
            name: "web".into(),
            created: Some("2026-01-01T00:00:00Z".into()),
            last_launched: Some(launched.into()),
            deprecation_time: deprecated.map(str::to_string),
            used_by: used.iter().map(|s| s.to_string()).collect(),
        };
        let s = AuditSettings::default();
        i.images = vec![img(Some("2026-06-01T00:00:00Z"), "2027-01-10T00:00:00Z", &["i-1"])];
        assert_eq!(image_rules(&i, &s)[0].rule, "deprecated_ami_in_use");
        assert!(matches!(image_rules(&i, &s)[0].fix, Some(Fix::Undeprecate { .. })));
        i.images = vec![img(Some("2028-01-01T00:00:00Z"), "2027-01-10T00:00:00Z", &["i-1"])];
        assert!(image_rules(&i, &s).is_empty(), "deprecation in the future is fine");
        i.images = vec![img(None, "2026-01-10T00:00:00Z", &[])];
        assert_eq!(image_rules(&i, &s)[0].rule, "unused_ami");
        assert!(matches!(image_rules(&i, &s)[0].fix, Some(Fix::DeregisterImage { .. })));
        i.images = vec![img(None, "2027-01-10T00:00:00Z", &[])];
        assert!(image_rules(&i, &s).is_empty());
    }
}
