//! The seeded practice world: AWS's commercial regions with zones and a default VPC,
//! a catalogue of AWS-provided, Marketplace and community AMIs (including a
//! look-alike from an unknown owner, to teach "check the owner"), and instance types.

use std::collections::BTreeMap;

use amikey_keys::{generate, imported_fingerprint, openssh_line, KeyKind};

use crate::world::{BlockDevice, Image, Instance, InstanceState, KeyPair, Region, Rule, SecurityGroup, Snapshot, Subnet, Vpc, World, PRACTICE_ACCOUNT};

/// Commercial regions (name, opt-in region?). Opt-in regions are seeded as not opted in.
pub const REGIONS: &[(&str, bool)] = &[
    ("af-south-1", true),
    ("ap-east-1", true),
    ("ap-northeast-1", false),
    ("ap-northeast-2", false),
    ("ap-northeast-3", false),
    ("ap-south-1", false),
    ("ap-south-2", true),
    ("ap-southeast-1", false),
    ("ap-southeast-2", false),
    ("ap-southeast-3", true),
    ("ap-southeast-4", true),
    ("ca-central-1", false),
    ("ca-west-1", true),
    ("eu-central-1", false),
    ("eu-central-2", true),
    ("eu-north-1", false),
    ("eu-south-1", true),
    ("eu-south-2", true),
    ("eu-west-1", false),
    ("eu-west-2", false),
    ("eu-west-3", false),
    ("il-central-1", true),
    ("me-central-1", true),
    ("me-south-1", true),
    ("sa-east-1", false),
    ("us-east-1", false),
    ("us-east-2", false),
    ("us-west-1", false),
    ("us-west-2", false),
];

pub struct InstanceType {
    pub name: &'static str,
    pub vcpus: u32,
    pub memory_mib: u32,
    pub architecture: &'static str,
    pub free_tier: bool,
}

pub const INSTANCE_TYPES: &[InstanceType] = &[
    InstanceType { name: "t2.micro", vcpus: 1, memory_mib: 1024, architecture: "x86_64", free_tier: true },
    InstanceType { name: "t3.micro", vcpus: 2, memory_mib: 1024, architecture: "x86_64", free_tier: true },
    InstanceType { name: "t3.small", vcpus: 2, memory_mib: 2048, architecture: "x86_64", free_tier: false },
    InstanceType { name: "t3.medium", vcpus: 2, memory_mib: 4096, architecture: "x86_64", free_tier: false },
    InstanceType { name: "t4g.micro", vcpus: 2, memory_mib: 1024, architecture: "arm64", free_tier: false },
    InstanceType { name: "t4g.small", vcpus: 2, memory_mib: 2048, architecture: "arm64", free_tier: false },
    InstanceType { name: "m7i.large", vcpus: 2, memory_mib: 8192, architecture: "x86_64", free_tier: false },
    InstanceType { name: "c7g.large", vcpus: 2, memory_mib: 4096, architecture: "arm64", free_tier: false },
];

/// Owner ids of the real publishers, so trust badges can be learnt on real values.
pub const AMAZON: &str = "137112412989";
pub const AMAZON_WINDOWS: &str = "801119661308";
pub const CANONICAL: &str = "099720109477";
pub const DEBIAN: &str = "136693071363";
pub const REDHAT: &str = "309956199498";
pub const MARKETPLACE: &str = "679593333241";
/// An unknown owner publishing a look-alike of a popular image.
pub const LOOKALIKE_OWNER: &str = "555566667777";

struct CatalogEntry {
    name: &'static str,
    description: &'static str,
    owner: &'static str,
    alias: Option<&'static str>,
    arch: &'static str,
    windows: bool,
    product_code: Option<&'static str>,
    size: u32,
}

const CATALOG: &[CatalogEntry] = &[
    CatalogEntry { name: "al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64", description: "Amazon Linux 2023 AMI 2023.6.20241121.0 x86_64 HVM kernel-6.1", owner: AMAZON, alias: Some("amazon"), arch: "x86_64", windows: false, product_code: None, size: 8 },
    CatalogEntry { name: "al2023-ami-2023.6.20241121.0-kernel-6.1-arm64", description: "Amazon Linux 2023 AMI 2023.6.20241121.0 arm64 HVM kernel-6.1", owner: AMAZON, alias: Some("amazon"), arch: "arm64", windows: false, product_code: None, size: 8 },
    CatalogEntry { name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241119", description: "Canonical, Ubuntu, 24.04, amd64 noble image", owner: CANONICAL, alias: None, arch: "x86_64", windows: false, product_code: None, size: 8 },
    CatalogEntry { name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241119", description: "Canonical, Ubuntu, 22.04 LTS, amd64 jammy image", owner: CANONICAL, alias: None, arch: "x86_64", windows: false, product_code: None, size: 8 },
    CatalogEntry { name: "debian-12-amd64-20241125-1942", description: "Debian 12 (20241125-1942)", owner: DEBIAN, alias: None, arch: "x86_64", windows: false, product_code: None, size: 8 },
    CatalogEntry { name: "RHEL-9.5.0_HVM-20241114-x86_64-0-Hourly2-GP3", description: "Provided by Red Hat, Inc.", owner: REDHAT, alias: None, arch: "x86_64", windows: false, product_code: None, size: 10 },
    CatalogEntry { name: "Windows_Server-2022-English-Full-Base-2024.11.13", description: "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon", owner: AMAZON_WINDOWS, alias: Some("amazon"), arch: "x86_64", windows: true, product_code: None, size: 30 },
    CatalogEntry { name: "bitnami-wordpress-6.7.1-r02-debian-12-amd64", description: "Bitnami package for WordPress (Marketplace)", owner: MARKETPLACE, alias: Some("aws-marketplace"), arch: "x86_64", windows: false, product_code: Some("6bq8mrzhn0dzs1p8nrwvh3gs5"), size: 10 },
    CatalogEntry { name: "CIS Hardened Image Level 1 on Amazon Linux 2023", description: "CIS hardened Amazon Linux 2023 (Marketplace, paid)", owner: MARKETPLACE, alias: Some("aws-marketplace"), arch: "x86_64", windows: false, product_code: Some("3m5wyq4fz7tpd0kqsb2ny0hy2"), size: 8 },
    CatalogEntry { name: "nginx-hardened-ubuntu-24.04-community", description: "Community image: Ubuntu 24.04 with nginx", owner: "444455556666", alias: None, arch: "x86_64", windows: false, product_code: None, size: 8 },
    // Looks like Amazon's image, but the owner is nobody you know.
    CatalogEntry { name: "al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64-copy", description: "Amazon Linux 2023 AMI (fast mirror)", owner: LOOKALIKE_OWNER, alias: None, arch: "x86_64", windows: false, product_code: None, size: 8 },
];

/// Stable ids per region and name, so a catalogue AMI keeps its id across restarts.
fn stable_id(prefix: &str, region: &str, name: &str) -> String {
    // FNV-1a, 64-bit, twice with different seeds for 17 hex digits: ids only need to
    // be stable and look like EC2's, not be secret.
    let hash = |seed: u64| {
        let mut h: u64 = 0xcbf29ce484222325 ^ seed;
        for b in region.bytes().chain(name.bytes()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h
    };
    format!("{prefix}-{:016x}{:x}", hash(1), hash(2) & 0xf)
}

fn catalog_image(region: &str, e: &CatalogEntry, created_ms: u64) -> Image {
    let root = if e.windows { "/dev/sda1" } else { "/dev/xvda" };
    Image {
        id: stable_id("ami", region, e.name),
        name: e.name.to_string(),
        description: Some(e.description.to_string()),
        owner_id: e.owner.to_string(),
        owner_alias: e.alias.map(str::to_string),
        public: true,
        architecture: e.arch.to_string(),
        platform: e.windows.then(|| "windows".to_string()),
        platform_details: if e.windows { "Windows".into() } else if e.owner == REDHAT { "Red Hat Enterprise Linux".into() } else { "Linux/UNIX".into() },
        root_device_name: root.to_string(),
        boot_mode: Some(if e.arch == "arm64" { "uefi" } else { "uefi-preferred" }.to_string()),
        imds_v2_required: e.owner == AMAZON,
        block_devices: vec![BlockDevice {
            device_name: root.to_string(),
            snapshot_id: Some(stable_id("snap", region, e.name)),
            volume_size: e.size,
            volume_type: "gp3".to_string(),
            delete_on_termination: true,
            encrypted: false,
        }],
        product_codes: e.product_code.map(|c| vec![c.to_string()]).unwrap_or_default(),
        created_ms,
        ready_ms: created_ms,
        launch_permissions: vec![],
        deprecation_ms: None,
        disabled: false,
        deregistration_protection: None,
        source_instance_id: None,
        source_image_id: None,
        source_region: None,
        last_launched_ms: None,
        generated: false,
    }
}

/// `count` public community images, for performance tests of long lists.
pub fn generated_images(region: &str, count: usize, created_ms: u64) -> Vec<Image> {
    const DISTROS: &[&str] = &["ubuntu-24.04", "debian-12", "al2023", "rocky-9", "alma-9", "fedora-41"];
    (0..count)
        .map(|i| {
            let arch = if i % 3 == 0 { "arm64" } else { "x86_64" };
            let name = format!("community/{}-{arch}-build-{i:06}", DISTROS[i % DISTROS.len()]);
            let mut img = catalog_image(
                region,
                &CatalogEntry { name: "", description: "", owner: "777788889999", alias: None, arch, windows: false, product_code: None, size: 8 },
                created_ms.saturating_sub(i as u64 * 60_000),
            );
            img.id = stable_id("ami", region, &name);
            img.block_devices[0].snapshot_id = Some(stable_id("snap", region, &name));
            img.description = Some(format!("Generated community image {i}"));
            img.name = name;
            img.generated = true;
            img
        })
        .collect()
}

pub fn new_world(now_ms: u64) -> World {
    let mut regions = BTreeMap::new();
    // The catalogue is "published" a month before the world starts.
    let published = now_ms.saturating_sub(30 * 24 * 3600 * 1000);
    for (name, opt_in) in REGIONS {
        let zones: Vec<String> = ["a", "b", "c"].iter().map(|z| format!("{name}{z}")).collect();
        let vpc = Vpc { id: stable_id("vpc", name, "default"), cidr: "172.31.0.0/16".into(), is_default: true };
        let subnets = zones
            .iter()
            .enumerate()
            .map(|(i, z)| Subnet {
                id: stable_id("subnet", name, z),
                vpc_id: vpc.id.clone(),
                zone: z.clone(),
                cidr: format!("172.31.{}.0/20", i * 16),
                default_for_az: true,
            })
            .collect();
        let default_sg = SecurityGroup {
            id: stable_id("sg", name, "default"),
            name: "default".into(),
            description: "default VPC security group".into(),
            vpc_id: vpc.id.clone(),
            ingress: vec![],
            egress: vec![Rule { protocol: "-1".into(), from_port: None, to_port: None, cidrs: vec!["0.0.0.0/0".into()], ipv6_cidrs: vec![], groups: vec![] }],
        };
        regions.insert(
            name.to_string(),
            Region {
                name: name.to_string(),
                opt_in: *opt_in,
                zones,
                images: CATALOG.iter().map(|e| catalog_image(name, e, published)).collect(),
                vpcs: vec![vpc],
                subnets,
                security_groups: vec![default_sg],
                ..Region::default()
            },
        );
    }
    let mut world = World { account: PRACTICE_ACCOUNT.to_string(), regions, ..World::default() };
    seed_key_pairs(&mut world, now_ms);
    seed_own_images(&mut world, now_ms);
    seed_instances(&mut world, now_ms);
    world
}

/// The learner's own history in us-east-1, one example of each thing the health
/// check looks for: an AMI deprecated but still in use, an AMI nobody launched for
/// months, and a snapshot whose AMI is gone (it still costs money).
fn seed_own_images(world: &mut World, now_ms: u64) {
    let day = 24 * 3600 * 1000;
    let Some(r) = world.regions.get_mut("us-east-1") else { return };
    let own = [
        ("build-box-2023", "Amazon Linux 2023 build box (deprecated)", 400 * day, Some(now_ms.saturating_sub(30 * day)), Some(now_ms.saturating_sub(20 * day))),
        ("old-golden-2024", "Amazon Linux 2023 web golden image", 300 * day, None, Some(now_ms.saturating_sub(200 * day))),
    ];
    for (name, description, age, deprecated, launched) in own {
        let snap = stable_id("snap", "us-east-1", name);
        r.snapshots.push(Snapshot {
            id: snap.clone(),
            volume_id: stable_id("vol", "us-east-1", name),
            volume_size: 8,
            owner_id: PRACTICE_ACCOUNT.into(),
            description: format!("Created by CreateImage({}) for {}", stable_id("i", "us-east-1", name), stable_id("ami", "us-east-1", name)),
            encrypted: false,
            started_ms: now_ms.saturating_sub(age),
            ready_ms: now_ms.saturating_sub(age),
        });
        let mut img = catalog_image(
            "us-east-1",
            &CatalogEntry { name, description, owner: PRACTICE_ACCOUNT, alias: None, arch: "x86_64", windows: false, product_code: None, size: 8 },
            now_ms.saturating_sub(age),
        );
        img.public = false;
        img.block_devices[0].snapshot_id = Some(snap);
        img.deprecation_ms = deprecated;
        img.last_launched_ms = launched;
        r.images.push(img);
    }
    r.snapshots.push(Snapshot {
        id: stable_id("snap", "us-east-1", "orphan"),
        volume_id: stable_id("vol", "us-east-1", "orphan"),
        volume_size: 20,
        owner_id: PRACTICE_ACCOUNT.into(),
        // EC2's own wording; ami-0e1f… (web-2022) was deregistered without its snapshot.
        description: format!("Created by CreateImage({}) for {}", stable_id("i", "us-east-1", "web-2022"), stable_id("ami", "us-east-1", "web-2022")),
        encrypted: false,
        started_ms: now_ms.saturating_sub(500 * day),
        ready_ms: now_ms.saturating_sub(500 * day),
    });
    // The classic mistake: SSH open to the whole internet.
    let vpc = r.vpcs[0].id.clone();
    r.security_groups.push(SecurityGroup {
        id: stable_id("sg", "us-east-1", "launch-wizard-1"),
        name: "launch-wizard-1".into(),
        description: "launch-wizard-1 created by a quick launch".into(),
        vpc_id: vpc,
        ingress: vec![Rule { protocol: "tcp".into(), from_port: Some(22), to_port: Some(22), cidrs: vec!["0.0.0.0/0".into()], ipv6_cidrs: vec![], groups: vec![] }],
        egress: vec![Rule { protocol: "-1".into(), from_port: None, to_port: None, cidrs: vec!["0.0.0.0/0".into()], ipv6_cidrs: vec![], groups: vec![] }],
    });
}

/// Two running servers in us-east-1 launched with the seeded key pairs, so a
/// learner sees "instances using it" and what connecting without the key means.
fn seed_instances(world: &mut World, now_ms: u64) {
    let region = "us-east-1";
    // ci-runner and its five build agents share one key: "one key on many instances".
    let mut seeds = vec![
        ("shop-frontend".to_string(), "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241119", "web-servers", 4u32),
        ("ci-runner".to_string(), "build-box-2023", "legacy-deploy", 5),
    ];
    seeds.extend((1..=5).map(|n| (format!("build-agent-{n}"), "build-box-2023", "legacy-deploy", 5 + n)));
    let Some(r) = world.regions.get_mut(region) else { return };
    let mut names = Vec::new();
    for (name, image_name, key, n) in &seeds {
        let (name, n) = (name.as_str(), *n);
        let Some(image) = r.images.iter().find(|i| i.name == *image_name).cloned() else { continue };
        let subnet = r.subnets[0].clone();
        let id = stable_id("i", region, name);
        let vols = crate::ops::volumes_for(&image, &subnet.zone, &id, now_ms);
        r.instances.push(Instance {
            id: id.clone(),
            reservation_id: stable_id("r", region, name),
            image_id: image.id.clone(),
            instance_type: "t3.micro".into(),
            key_name: Some(key.to_string()),
            security_group_ids: r
                .security_groups
                .iter()
                .filter(|g| g.name == if name == "shop-frontend" { "launch-wizard-1" } else { "default" })
                .map(|g| g.id.clone())
                .collect(),
            subnet_id: subnet.id.clone(),
            vpc_id: subnet.vpc_id.clone(),
            zone: subnet.zone.clone(),
            private_ip: format!("172.31.0.{n}"),
            public_ip: Some(format!("198.51.100.{n}")),
            user_data: None,
            architecture: image.architecture.clone(),
            platform: image.platform.clone(),
            root_device_name: image.root_device_name.clone(),
            volume_ids: vols.iter().map(|(d, v)| (d.clone(), v.id.clone())).collect(),
            launched_ms: now_ms.saturating_sub(7 * 24 * 3600 * 1000),
            state: InstanceState { current: "running".into(), next: None, until_ms: 0 },
            terminated_ms: None,
        });
        r.volumes.extend(vols.into_iter().map(|(_, v)| v));
        names.push((id, name.to_string()));
    }
    for (id, name) in names {
        world.tags.entry(id).or_default().insert("Name".into(), name);
    }
}

/// Key pairs a learner finds on day one. Their private keys exist nowhere: exactly
/// what a lost key looks like.
fn seed_key_pairs(world: &mut World, now_ms: u64) {
    let year = 365 * 24 * 3600 * 1000;
    let seeds = [
        ("us-east-1", "web-servers", KeyKind::Ed25519, now_ms.saturating_sub(40 * 24 * 3600 * 1000), false),
        ("us-east-1", "legacy-deploy", KeyKind::Rsa, now_ms.saturating_sub(3 * year), true),
        ("eu-west-1", "web-servers", KeyKind::Ed25519, now_ms.saturating_sub(12 * 24 * 3600 * 1000), false),
        // The health check's weak, old, unused key: RSA 1024 from years ago.
        ("us-east-1", "old-laptop", KeyKind::Rsa, now_ms.saturating_sub(4 * year), false),
    ];
    for (region, name, kind, created_ms, created_by_aws) in seeds {
        let bits = if name == "old-laptop" { 1024 } else { 2048 };
        let Ok(key) = generate(kind, bits) else { continue };
        let fingerprint = if created_by_aws { key.aws_created_fingerprint.clone() } else { imported_fingerprint(&key.public).unwrap_or_default() };
        if let Some(r) = world.regions.get_mut(region) {
            r.key_pairs.push(KeyPair {
                id: stable_id("key", region, name),
                name: name.to_string(),
                key_type: kind.as_str().to_string(),
                fingerprint,
                public_key: openssh_line(&key.public),
                created_ms,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_world_has_every_region_with_a_default_vpc_and_the_catalogue() {
        let w = new_world(1_700_000_000_000);
        assert_eq!(w.regions.len(), REGIONS.len());
        let r = &w.regions["eu-west-1"];
        assert_eq!(r.zones, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
        assert_eq!(r.subnets.len(), 3);
        assert!(r.vpcs[0].is_default);
        assert_eq!(r.images.len(), CATALOG.len());
        assert!(r.images.iter().any(|i| i.owner_alias.as_deref() == Some("aws-marketplace") && !i.product_codes.is_empty()));
        // Stable ids: the same in a second world, different across regions.
        let w2 = new_world(1);
        assert_eq!(w2.regions["eu-west-1"].images[0].id, r.images[0].id);
        assert_ne!(w.regions["us-east-1"].images[0].id, r.images[0].id);
        assert!(r.images[0].id.starts_with("ami-") && r.images[0].id.len() == 21, "{}", r.images[0].id);
        assert_eq!(generated_images("us-east-1", 1000, 1).len(), 1000);
        let east = &w.regions["us-east-1"];
        let keys: Vec<_> = east.instances.iter().map(|i| i.key_name.clone().unwrap()).collect();
        assert_eq!(keys.iter().filter(|k| *k == "legacy-deploy").count(), 6, "one key on many instances");
        assert_eq!(keys[0], "web-servers");
        assert_eq!(east.volumes.len(), 7, "each seeded instance has its root volume");
    }
}
