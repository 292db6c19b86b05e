//! The practice world's state: everything EC2 would remember, per region, with
//! times as Unix milliseconds so states that change over time (pending → running,
//! pending → available) are worked out when read, and survive a restart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rand::Rng;
use serde::{Deserialize, Serialize};

pub const PRACTICE_ACCOUNT: &str = "111122223333";

pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// `prefix-` and 17 hex digits, like EC2's long ids.
pub fn new_id(prefix: &str) -> String {
    let n: u128 = rand::thread_rng().gen();
    format!("{prefix}-{:017x}", n & ((1u128 << 68) - 1))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct World {
    pub account: String,
    pub regions: BTreeMap<String, Region>,
    /// Tags by resource id (ids are unique across regions).
    pub tags: BTreeMap<String, BTreeMap<String, String>>,
    /// Actions a practice policy denies (answered with UnauthorizedOperation).
    pub denied_actions: BTreeSet<String>,
    /// "region/Action/token" → the id it produced, for idempotent retries.
    pub client_tokens: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Region {
    pub name: String,
    pub opt_in: bool,
    pub zones: Vec<String>,
    pub key_pairs: Vec<KeyPair>,
    pub images: Vec<Image>,
    pub snapshots: Vec<Snapshot>,
    pub volumes: Vec<Volume>,
    pub instances: Vec<Instance>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub security_groups: Vec<SecurityGroup>,
    pub launch_templates: Vec<LaunchTemplate>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyPair {
    pub id: String,
    pub name: String,
    pub key_type: String,
    pub fingerprint: String,
    pub public_key: String,
    pub created_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BlockDevice {
    pub device_name: String,
    pub snapshot_id: Option<String>,
    pub volume_size: u32,
    pub volume_type: String,
    pub delete_on_termination: bool,
    pub encrypted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaunchPermission {
    Account(String),
    All,
    Org(String),
    Ou(String),
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Image {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub owner_id: String,
    pub owner_alias: Option<String>,
    pub public: bool,
    pub architecture: String,
    /// "windows" or None (Linux/UNIX).
    pub platform: Option<String>,
    pub platform_details: String,
    pub root_device_name: String,
    pub boot_mode: Option<String>,
    pub imds_v2_required: bool,
    pub block_devices: Vec<BlockDevice>,
    pub product_codes: Vec<String>,
    pub created_ms: u64,
    /// Pending until then; available after.
    pub ready_ms: u64,
    pub launch_permissions: Vec<LaunchPermission>,
    pub deprecation_ms: Option<u64>,
    pub disabled: bool,
    /// None, or Some(cooldown): whether disabling protection waits 24 hours.
    pub deregistration_protection: Option<bool>,
    pub source_instance_id: Option<String>,
    pub source_image_id: Option<String>,
    pub source_region: Option<String>,
    pub last_launched_ms: Option<u64>,
    /// Made by `--catalog-size`: not saved, regenerated at start.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generated: bool,
}

impl Image {
    pub fn state(&self, now: u64) -> &'static str {
        if self.disabled {
            "disabled"
        } else if now < self.ready_ms {
            "pending"
        } else {
            "available"
        }
    }

    pub fn is_deprecated(&self, now: u64) -> bool {
        self.deprecation_ms.is_some_and(|t| t <= now)
    }

    pub fn snapshot_ids(&self) -> impl Iterator<Item = &str> {
        self.block_devices.iter().filter_map(|b| b.snapshot_id.as_deref())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: String,
    pub volume_id: String,
    pub volume_size: u32,
    pub owner_id: String,
    pub description: String,
    pub encrypted: bool,
    pub started_ms: u64,
    pub ready_ms: u64,
}

impl Snapshot {
    pub fn state(&self, now: u64) -> &'static str {
        if now < self.ready_ms { "pending" } else { "completed" }
    }

    /// Rises linearly from 0% to 100% between start and ready.
    pub fn progress(&self, now: u64) -> u32 {
        if now >= self.ready_ms || self.ready_ms <= self.started_ms {
            100
        } else {
            ((now - self.started_ms) * 100 / (self.ready_ms - self.started_ms)) as u32
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Volume {
    pub id: String,
    pub size: u32,
    pub volume_type: String,
    pub zone: String,
    pub snapshot_id: Option<String>,
    pub encrypted: bool,
    pub attached_to: Option<(String, String)>,
    pub delete_on_termination: bool,
    pub created_ms: u64,
}

/// An instance's state: `current` until `until_ms`, then `next` (if any).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InstanceState {
    pub current: String,
    pub next: Option<String>,
    pub until_ms: u64,
}

pub fn state_code(name: &str) -> u32 {
    match name {
        "pending" => 0,
        "running" => 16,
        "shutting-down" => 32,
        "terminated" => 48,
        "stopping" => 64,
        "stopped" => 80,
        _ => 0,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub reservation_id: String,
    pub image_id: String,
    pub instance_type: String,
    pub key_name: Option<String>,
    pub security_group_ids: Vec<String>,
    pub subnet_id: String,
    pub vpc_id: String,
    pub zone: String,
    pub private_ip: String,
    pub public_ip: Option<String>,
    pub user_data: Option<String>,
    pub architecture: String,
    pub platform: Option<String>,
    pub root_device_name: String,
    pub volume_ids: Vec<(String, String)>,
    pub launched_ms: u64,
    pub state: InstanceState,
    pub terminated_ms: Option<u64>,
}

impl Instance {
    pub fn state_name(&self, now: u64) -> &str {
        match &self.state.next {
            Some(next) if now >= self.state.until_ms => next,
            _ => &self.state.current,
        }
    }

    /// Fix the state as of `now` before changing it.
    pub fn settle(&mut self, now: u64) {
        if let Some(next) = self.state.next.take_if(|_| now >= self.state.until_ms) {
            self.state.current = next;
        }
    }

    pub fn transition(&mut self, now: u64, through: &str, to: &str, delay_ms: u64) {
        self.state = InstanceState { current: through.to_string(), next: Some(to.to_string()), until_ms: now + delay_ms };
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vpc {
    pub id: String,
    pub cidr: String,
    pub is_default: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub zone: String,
    pub cidr: String,
    pub default_for_az: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub cidrs: Vec<String>,
    pub ipv6_cidrs: Vec<String>,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateVersion {
    pub number: u32,
    pub description: Option<String>,
    pub created_ms: u64,
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    pub key_name: Option<String>,
    pub security_group_ids: Vec<String>,
    pub user_data: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LaunchTemplate {
    pub id: String,
    pub name: String,
    pub created_ms: u64,
    pub default_version: u32,
    pub versions: Vec<TemplateVersion>,
}

impl World {
    pub fn region(&self, name: &str) -> Option<&Region> {
        self.regions.get(name)
    }

    pub fn tags_of(&self, id: &str) -> Vec<(String, String)> {
        self.tags.get(id).map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
    }

    pub fn load(path: &Path) -> Option<World> {
        serde_json::from_slice(&std::fs::read(path).ok()?).ok()
    }

    /// Written to a temp file and renamed: a crash never leaves half a world.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut copy = self.clone();
        for r in copy.regions.values_mut() {
            r.images.retain(|i| !i.generated);
        }
        let body = serde_json::to_vec(&copy).map_err(std::io::Error::other)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, body)?;
        std::fs::rename(tmp, path)
    }
}
