//! How to log in to an instance: the ready-to-paste `ssh -i KEY USER@HOST`, with
//! the default user of its AMI's OS and the saved copy of its vault key, or what
//! is missing and why (no key here, no public address, Windows uses RDP).

use serde::Serialize;

use crate::access::{Aws, Target};
use crate::error::{classify, Result};
use crate::instances::describe_instance;
use crate::keyflows::holder;
use crate::vault::Vault;

/// The login user AWS documents for an AMI's OS ("Connect to your Linux
/// instance": default user names), guessed from the AMI's name and description.
pub fn default_user(image_name: &str, description: &str) -> &'static str {
    let text = format!("{image_name} {description}").to_ascii_lowercase();
    // Most specific first: a Bitnami image on Debian logs in as bitnami.
    const RULES: &[(&str, &str)] = &[
        ("bitnami", "bitnami"),
        ("ubuntu", "ubuntu"),
        ("debian", "admin"),
        ("centos", "centos"),
        ("fedora", "fedora"),
        ("rocky", "rocky"),
        ("freebsd", "ec2-user"),
    ];
    RULES.iter().find(|(needle, _)| text.contains(needle)).map(|(_, user)| *user).unwrap_or("ec2-user")
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SshAdvice {
    pub instance_id: String,
    /// The instance's Name tag.
    pub instance_name: Option<String>,
    pub state: String,
    pub region: String,
    pub user: String,
    /// Public DNS name, else public IP, else private IP.
    pub host: Option<String>,
    pub key_name: Option<String>,
    /// The vault key that opens the instance's key pair.
    pub vault_name: Option<String>,
    /// A saved copy of that key that ssh can read.
    pub key_path: Option<String>,
    /// The command to paste, when everything it needs is there.
    pub command: Option<String>,
    /// True when the key is in the vault but not yet saved where ssh can read it.
    pub needs_saved_key: bool,
    pub windows: bool,
    /// What to know before pasting (or why there is no command).
    pub notes: Vec<String>,
}

pub async fn ssh_advice(aws: &Aws, vault: &Vault, target: &Target, instance_id: &str) -> Result<SshAdvice> {
    let inst = describe_instance(aws, target, instance_id).await?;
    let mut notes = Vec::new();
    let image = match &inst.image_id {
        Some(id) => aws
            .ec2(target)
            .await
            .describe_images()
            .image_ids(id)
            .send()
            .await
            .map_err(|e| classify(e, &target.context("DescribeImages")))?
            .images()
            .first()
            .cloned(),
        None => None,
    };
    let user = match &image {
        Some(img) => default_user(img.name().unwrap_or_default(), img.description().unwrap_or_default()),
        None => {
            notes.push("Its AMI is no longer visible, so the user name is a guess (ec2-user); the AMI's documentation names the right one.".into());
            "ec2-user"
        }
    };
    let host = inst.public_dns.clone().or_else(|| inst.public_ip.clone()).or_else(|| {
        notes.push("It has no public address: this works only from inside its VPC (or use Session Manager or an EC2 Instance Connect Endpoint).".into());
        inst.private_ip.clone()
    });
    if inst.state != "running" {
        notes.push(format!("It is {}; start it before connecting.", inst.state));
    }
    let entry = match &inst.key_name {
        Some(k) => {
            let pairs = crate::keypairs::list_key_pairs(aws, target).await?;
            let entries = vault.entries();
            pairs.iter().find(|p| &p.name == k).and_then(|p| holder(&entries, p).cloned())
        }
        None => {
            notes.push("It was launched without a key pair, so SSH keys cannot open it; use Session Manager or EC2 Instance Connect.".into());
            None
        }
    };
    if let (Some(k), None) = (&inst.key_name, &entry) {
        notes.push(format!("The private key of \"{k}\" is not on this machine. Whoever has it can log in; without it, see the lost-key recovery options."));
    }
    let key_path = entry.as_ref().and_then(|e| e.saved_to.iter().find(|p| std::path::Path::new(p).is_file()).cloned());
    let needs_saved_key = entry.is_some() && key_path.is_none();
    if inst.windows {
        notes.push(format!(
            "Windows instances are reached with RDP, not SSH: use the private key to decrypt the Administrator password (EC2 console → Connect → RDP client → Get password), then connect an RDP client to {}.",
            host.as_deref().unwrap_or("its address")
        ));
    }
    let command = match (&key_path, &host, inst.windows) {
        (Some(path), Some(host), false) => {
            let quoted = shlex::try_quote(path).map(|q| q.into_owned()).unwrap_or_else(|_| path.clone());
            Some(format!("ssh -i {quoted} {user}@{host}"))
        }
        _ => None,
    };
    Ok(SshAdvice {
        instance_id: inst.instance_id,
        instance_name: inst.name,
        state: inst.state,
        region: target.region.clone(),
        user: user.to_string(),
        host,
        key_name: inst.key_name,
        vault_name: entry.map(|e| e.name),
        key_path,
        command,
        needs_saved_key,
        windows: inst.windows,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::default_user;

    #[test]
    fn default_users_follow_the_ami_os() {
        assert_eq!(default_user("al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64", "Amazon Linux 2023 AMI"), "ec2-user");
        assert_eq!(default_user("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241119", ""), "ubuntu");
        assert_eq!(default_user("debian-12-amd64-20241125-1942", "Debian 12"), "admin");
        assert_eq!(default_user("bitnami-wordpress-6.7.1-r02-debian-12-amd64", ""), "bitnami");
        assert_eq!(default_user("RHEL-9.5.0_HVM-20241114-x86_64-0-Hourly2-GP3", "Provided by Red Hat, Inc."), "ec2-user");
        assert_eq!(default_user("Fedora-Cloud-Base-41", ""), "fedora");
        assert_eq!(default_user("CentOS Stream 9 x86_64", ""), "centos");
        assert_eq!(default_user("my-golden-image", ""), "ec2-user");
    }
}
