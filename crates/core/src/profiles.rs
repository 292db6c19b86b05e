//! Profiles from `~/.aws/config` and `~/.aws/credentials` (or `AWS_CONFIG_FILE` /
//! `AWS_SHARED_CREDENTIALS_FILE`), parsed by aws-config's own parser so Amikey sees
//! exactly what the SDK and the AWS CLI see.

use aws_config::profile::{Profile, ProfileSet};
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};

/// How a profile gets its credentials, so the UI can say "SSO" or "access keys".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ProfileKind {
    Sso,
    AssumeRole,
    Process,
    AccessKeys,
    WebIdentity,
    /// Only settings (region, output); credentials come from elsewhere in the chain.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ProfileInfo {
    pub name: String,
    pub kind: ProfileKind,
    pub region: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ProfileList {
    pub profiles: Vec<ProfileInfo>,
    /// The profile the SDK would pick on its own (`AWS_PROFILE`, else `default`).
    pub selected: String,
    /// True when `AWS_ACCESS_KEY_ID` is set: env credentials win over any profile's keys.
    pub env_credentials: bool,
}

pub async fn list_profiles() -> Result<ProfileList> {
    list_profiles_with(&Fs::real(), &Env::real()).await
}

/// Testable form: `Fs`/`Env` are aws-config's shims, so tests pass fake files.
pub async fn list_profiles_with(fs: &Fs, env: &Env) -> Result<ProfileList> {
    let set = aws_config::profile::load(fs, env, &EnvConfigFiles::default(), None).await.map_err(|e| {
        Error::new(
            ErrorCode::Config,
            format!("Could not read your AWS config files: {e}. Fix ~/.aws/config or ~/.aws/credentials."),
        )
    })?;
    Ok(ProfileList {
        profiles: describe(&set),
        selected: set.selected_profile().to_string(),
        env_credentials: env.get("AWS_ACCESS_KEY_ID").map(|v| !v.is_empty()).unwrap_or(false),
    })
}

fn describe(set: &ProfileSet) -> Vec<ProfileInfo> {
    let mut names: Vec<&str> = set.profiles().collect();
    names.sort_unstable_by(|a, b| (*a != "default").cmp(&(*b != "default")).then(a.cmp(b)));
    names
        .into_iter()
        .filter_map(|name| set.get_profile(name))
        .map(|p| ProfileInfo { name: p.name().to_string(), kind: kind_of(p), region: p.get("region").map(str::to_string) })
        .collect()
}

fn kind_of(p: &Profile) -> ProfileKind {
    let has = |k: &str| p.get(k).is_some();
    if has("sso_session") || has("sso_start_url") {
        ProfileKind::Sso
    } else if has("web_identity_token_file") {
        ProfileKind::WebIdentity
    } else if has("role_arn") {
        ProfileKind::AssumeRole
    } else if has("credential_process") {
        ProfileKind::Process
    } else if has("aws_access_key_id") {
        ProfileKind::AccessKeys
    } else {
        ProfileKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
[default]
region = eu-west-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = eu-central-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile ops]
role_arn = arn:aws:iam::111122223333:role/ops
source_profile = default

[profile tool]
credential_process = /usr/bin/true
";
    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret

[ci]
aws_access_key_id = AKIAEXAMPLE2
aws_secret_access_key = secret2
";

    fn fs() -> Fs {
        Fs::from_slice(&[("/h/.aws/config", CONFIG), ("/h/.aws/credentials", CREDENTIALS)])
    }

    #[tokio::test]
    async fn lists_profiles_from_both_files_with_their_kind() {
        let env = Env::from_slice(&[("HOME", "/h")]);
        let list = list_profiles_with(&fs(), &env).await.unwrap();
        let got: Vec<(&str, ProfileKind, Option<&str>)> =
            list.profiles.iter().map(|p| (p.name.as_str(), p.kind, p.region.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("default", ProfileKind::AccessKeys, Some("eu-west-1")),
                ("ci", ProfileKind::AccessKeys, None),
                ("dev", ProfileKind::Sso, Some("eu-central-1")),
                ("ops", ProfileKind::AssumeRole, None),
                ("tool", ProfileKind::Process, None),
            ]
        );
        // sso-session sections are not profiles.
        assert!(!list.profiles.iter().any(|p| p.name == "corp"));
        assert_eq!(list.selected, "default");
        assert!(!list.env_credentials);
    }

    #[tokio::test]
    async fn honours_aws_profile_and_env_credentials() {
        let env = Env::from_slice(&[("HOME", "/h"), ("AWS_PROFILE", "dev"), ("AWS_ACCESS_KEY_ID", "AKIA")]);
        let list = list_profiles_with(&fs(), &env).await.unwrap();
        assert_eq!(list.selected, "dev");
        assert!(list.env_credentials);
    }

    #[tokio::test]
    async fn no_files_means_no_profiles() {
        let env = Env::from_slice(&[("HOME", "/nowhere")]);
        let list = list_profiles_with(&Fs::from_slice(&[]), &env).await.unwrap();
        assert!(list.profiles.is_empty());
    }
}
