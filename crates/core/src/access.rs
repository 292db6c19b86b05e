//! AWS access: the standard credential chain per profile, one cached set of clients
//! per (profile, region), an optional endpoint override (moto, the practice sandbox)
//! and timeouts (the SDK sets none by default, so a dead network would hang forever).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use serde::Serialize;
use tokio::sync::Mutex;

use crate::error::{classify, classify_credentials, CallContext, Result};

/// Region used when neither the profile nor the environment names one.
pub const FALLBACK_REGION: &str = "us-east-1";

/// The profile name that means "the practice sandbox". The colons keep it apart
/// from any profile a user can name in ~/.aws/config.
pub const PRACTICE_PROFILE: &str = ":practice:";

#[derive(Debug, Clone)]
pub struct AccessSettings {
    /// Sent to every service instead of AWS's endpoints. When unset, aws-config still
    /// honours `AWS_ENDPOINT_URL` and `endpoint_url` in the profile.
    pub endpoint_url: Option<String>,
    /// Where the practice sandbox listens, when it runs. Targets with the
    /// [`PRACTICE_PROFILE`] go there, signed with throwaway credentials.
    pub practice_endpoint: Option<String>,
    pub connect_timeout: Duration,
    pub attempt_timeout: Duration,
    pub operation_timeout: Duration,
    /// Attempts per call, first included. Throttling and 5xx answers are retried
    /// with jittered exponential backoff from `initial_backoff`.
    pub max_attempts: u32,
    pub initial_backoff: Duration,
}

impl Default for AccessSettings {
    fn default() -> Self {
        AccessSettings {
            endpoint_url: None,
            practice_endpoint: None,
            connect_timeout: Duration::from_secs(5),
            attempt_timeout: Duration::from_secs(15),
            operation_timeout: Duration::from_secs(45),
            max_attempts: 5,
            initial_backoff: Duration::from_millis(500),
        }
    }
}

/// A profile (None: the default chain, i.e. env vars, then `default`) and a region.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    pub profile: Option<String>,
    pub region: String,
}

impl Target {
    pub fn new(profile: Option<String>, region: impl Into<String>) -> Self {
        Target { profile: profile.filter(|p| !p.is_empty()), region: region.into() }
    }

    pub fn practice(region: impl Into<String>) -> Self {
        Target::new(Some(PRACTICE_PROFILE.to_string()), region)
    }

    pub fn is_practice(&self) -> bool {
        self.profile.as_deref() == Some(PRACTICE_PROFILE)
    }

    pub fn context(&self, action: &'static str) -> CallContext {
        CallContext { profile: self.profile.clone(), region: self.region.clone(), action }
    }
}

#[derive(Clone)]
pub struct Clients {
    pub ec2: aws_sdk_ec2::Client,
    pub sts: aws_sdk_sts::Client,
    pub config: SdkConfig,
}

/// Who the credentials belong to (STS GetCallerIdentity).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    /// The endpoint override in use, if any (shown so nobody mistakes moto for AWS).
    pub endpoint_url: Option<String>,
    /// True in practice mode: nothing touches AWS.
    pub practice: bool,
}

/// The client factory. Cheap to clone; clients are built once per target.
#[derive(Clone, Default)]
pub struct Aws {
    settings: Arc<AccessSettings>,
    clients: Arc<Mutex<HashMap<Target, Clients>>>,
    /// Account id per profile, learnt once (it cannot change for a profile).
    accounts: Arc<Mutex<HashMap<Option<String>, String>>>,
}

impl Aws {
    pub fn new(settings: AccessSettings) -> Self {
        Aws { settings: Arc::new(settings), clients: Arc::default(), accounts: Arc::default() }
    }

    pub fn settings(&self) -> &AccessSettings {
        &self.settings
    }

    pub async fn clients(&self, target: &Target) -> Clients {
        let mut cache = self.clients.lock().await;
        if let Some(c) = cache.get(target) {
            return c.clone();
        }
        let config = self.load_config(target).await;
        let clients = Clients {
            ec2: aws_sdk_ec2::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            config,
        };
        cache.insert(target.clone(), clients.clone());
        clients
    }

    pub async fn ec2(&self, target: &Target) -> aws_sdk_ec2::Client {
        self.clients(target).await.ec2
    }

    async fn load_config(&self, target: &Target) -> SdkConfig {
        let s = &self.settings;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(target.region.clone()))
            .retry_config(
                aws_config::retry::RetryConfig::standard()
                    .with_max_attempts(s.max_attempts)
                    .with_initial_backoff(s.initial_backoff),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(s.connect_timeout)
                    .operation_attempt_timeout(s.attempt_timeout)
                    .operation_timeout(s.operation_timeout)
                    .build(),
            );
        if target.is_practice() {
            // The sandbox checks that requests are signed, not by whom.
            let url = s.practice_endpoint.clone().unwrap_or_else(|| "http://127.0.0.1:9".to_string());
            return loader
                .endpoint_url(url)
                .credentials_provider(aws_credential_types::Credentials::new("PRACTICE", "practice", None, None, "amikey-practice"))
                .load()
                .await;
        }
        if let Some(p) = &target.profile {
            loader = loader.profile_name(p);
        }
        if let Some(url) = &s.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        loader.load().await
    }

    /// Resolve credentials without calling EC2, so "no credentials" is told apart
    /// from network or permission trouble before the first real call.
    pub async fn check_credentials(&self, target: &Target) -> Result<()> {
        let clients = self.clients(target).await;
        let ctx = target.context("loading credentials");
        match clients.config.credentials_provider() {
            None => Err(classify_credentials(
                &aws_credential_types::provider::error::CredentialsError::not_loaded("no provider"),
                &ctx,
            )),
            Some(provider) => provider
                .provide_credentials()
                .await
                .map(|_| ())
                .map_err(|e| classify_credentials(&e, &ctx)),
        }
    }

    /// The account id of the target's profile, asking STS only the first time.
    pub async fn account_id(&self, target: &Target) -> Result<String> {
        if let Some(a) = self.accounts.lock().await.get(&target.profile) {
            return Ok(a.clone());
        }
        let account = self.identity(target).await?.account;
        self.accounts.lock().await.insert(target.profile.clone(), account.clone());
        Ok(account)
    }

    pub async fn identity(&self, target: &Target) -> Result<Identity> {
        self.check_credentials(target).await?;
        let clients = self.clients(target).await;
        let out = clients
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| classify(e, &target.context("GetCallerIdentity")))?;
        Ok(Identity {
            account: out.account.unwrap_or_default(),
            arn: out.arn.unwrap_or_default(),
            endpoint_url: clients.config.endpoint_url().map(str::to_string),
            practice: target.is_practice(),
        })
    }
}

/// The region a profile names (`region` in its config section), else `AWS_REGION`,
/// else [`FALLBACK_REGION`].
pub async fn default_region(profile: Option<&str>) -> String {
    let mut chain = aws_config::default_provider::region::DefaultRegionChain::builder();
    if let Some(p) = profile {
        chain = chain.profile_name(p);
    }
    match chain.build().region().await {
        Some(r) => r.to_string(),
        None => FALLBACK_REGION.to_string(),
    }
}
