//! The core's one error type. Every SDK failure is classified here, once, into a
//! stable [`ErrorCode`] the UI and CLI branch on, and a message a person can act on.

use std::error::Error as StdError;
use std::fmt;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ec2::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::result::SdkError;
use serde::Serialize;

/// What went wrong, as a stable code. Serialised in snake_case; never change a name
/// once shipped: the UI, the CLI's JSON output and scripts switch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// AWS rejected the credentials (wrong keys, deleted user, bad signature).
    AuthFailed,
    /// Credentials were valid once but have expired (SSO session, STS token).
    CredentialsExpired,
    /// Nothing in the credential chain produced credentials.
    NoCredentials,
    /// Authenticated, but IAM does not allow the action.
    PermissionDenied,
    /// The region is an opt-in region not enabled for this account.
    RegionDisabled,
    NotFound,
    Throttled,
    /// No answer: DNS, connection refused, TLS, timeout.
    Network,
    InvalidInput,
    /// The resource exists already or is in the wrong state.
    Conflict,
    /// The AWS config files cannot be read or parsed.
    Config,
    /// The OS keychain is missing, locked or refused access.
    KeychainUnavailable,
    /// A local file problem (exists already, not writable, not a key).
    File,
    /// The key file is protected by a passphrase: ask for it (or it was wrong).
    PassphraseRequired,
    Internal,
}

/// The serde name (`region_disabled`), so the wire name is written only once.
impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => f.write_str(&s),
            _ => write!(f, "{self:?}"),
        }
    }
}

/// `{code, message}` on the wire, for the web view and for `--output json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, message: message.into() }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidInput, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Internal, message)
    }
}

/// Where a call went, so that messages can name the profile and region to fix.
#[derive(Debug, Clone, Default)]
pub struct CallContext {
    pub profile: Option<String>,
    pub region: String,
    pub action: &'static str,
}

impl CallContext {
    fn profile_flag(&self) -> String {
        match self.profile.as_deref() {
            Some(crate::access::PRACTICE_PROFILE) | None => String::new(),
            Some(p) => format!(" --profile {p}"),
        }
    }

    fn profile_label(&self) -> String {
        match self.profile.as_deref() {
            Some(crate::access::PRACTICE_PROFILE) => "practice mode".to_string(),
            Some(p) => format!("profile \"{p}\""),
            None => "the default credentials".to_string(),
        }
    }
}

/// Classify any SDK error. Service errors carry an EC2/STS error code; everything else
/// (credential chain, DNS, timeouts) arrives as construction/dispatch/timeout failures
/// whose cause is found by walking the source chain.
pub fn classify<E, R>(err: SdkError<E, R>, ctx: &CallContext) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    R: fmt::Debug + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            classify_service_code(e.code().unwrap_or(""), e.message().unwrap_or(""), ctx)
        }
        SdkError::TimeoutError(_) => Error::new(
            ErrorCode::Network,
            format!(
                "{} in {} timed out. Check your network connection and try again.",
                ctx.action, ctx.region
            ),
        ),
        SdkError::DispatchFailure(d) => {
            if let Some(found) = classify_chain(&err, ctx) {
                return found;
            }
            if d.is_timeout() {
                return Error::new(
                    ErrorCode::Network,
                    format!("{} in {} timed out. Check your network and try again.", ctx.action, ctx.region),
                );
            }
            Error::new(
                ErrorCode::Network,
                format!(
                    "Could not reach the EC2 endpoint for {} ({}). Check your network connection, proxy or endpoint URL.",
                    ctx.region,
                    innermost(&err)
                ),
            )
        }
        _ => classify_chain(&err, ctx).unwrap_or_else(|| {
            Error::internal(format!("{} failed unexpectedly: {}", ctx.action, chain_text(&err)))
        }),
    }
}

/// Credential-chain failures hide a few levels down the source chain.
fn classify_chain(err: &(dyn StdError + 'static), ctx: &CallContext) -> Option<Error> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(cred) = e.downcast_ref::<CredentialsError>() {
            return Some(classify_credentials(cred, ctx));
        }
        cur = e.source();
    }
    None
}

/// Used directly when the app resolves credentials itself (start-up status check).
pub fn classify_credentials(err: &CredentialsError, ctx: &CallContext) -> Error {
    let detail = chain_text(err);
    let lower = detail.to_ascii_lowercase();
    match err {
        CredentialsError::CredentialsNotLoaded(_) => Error::new(
            ErrorCode::NoCredentials,
            format!(
                "No AWS credentials found for {}. Run `aws configure{}` (access keys) or `aws configure sso{}`, or set AWS_PROFILE.",
                ctx.profile_label(),
                ctx.profile_flag(),
                ctx.profile_flag()
            ),
        ),
        _ if lower.contains("expired") || lower.contains("sso") && lower.contains("token") => Error::new(
            ErrorCode::CredentialsExpired,
            format!(
                "The credentials for {} have expired. Run `aws sso login{}` and try again.",
                ctx.profile_label(),
                ctx.profile_flag()
            ),
        ),
        CredentialsError::InvalidConfiguration(_) => Error::new(
            ErrorCode::Config,
            format!(
                "The AWS configuration for {} is invalid: {detail}. Fix ~/.aws/config or ~/.aws/credentials.",
                ctx.profile_label()
            ),
        ),
        CredentialsError::ProviderTimedOut(_) => Error::new(
            ErrorCode::Network,
            format!("Loading credentials for {} timed out. Check your network and try again.", ctx.profile_label()),
        ),
        _ => Error::new(
            ErrorCode::AuthFailed,
            format!("Could not load credentials for {}: {detail}.", ctx.profile_label()),
        ),
    }
}

/// EC2 and STS error codes, grouped as AWS documents them.
pub fn classify_service_code(code: &str, message: &str, ctx: &CallContext) -> Error {
    let aws = match (code.is_empty(), message.is_empty()) {
        // Not an EC2 error document at all (e.g. an emulator's HTML error page).
        (true, true) => "the service answered with an error it did not explain (it may not support this action)".to_string(),
        (_, true) => code.to_string(),
        _ => format!("{code}: {message}"),
    };
    let (kind, text) = match code {
        "AuthFailure" | "InvalidClientTokenId" | "SignatureDoesNotMatch" | "IncompleteSignature"
        | "MissingAuthenticationToken" | "UnrecognizedClientException" => (
            ErrorCode::AuthFailed,
            format!(
                "AWS did not accept the credentials of {}. Check the access key, or run `aws configure{}`. ({aws})",
                ctx.profile_label(),
                ctx.profile_flag()
            ),
        ),
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" | "TokenRefreshRequired" => (
            ErrorCode::CredentialsExpired,
            format!(
                "The credentials for {} have expired. Run `aws sso login{}` (or refresh your session token) and try again.",
                ctx.profile_label(),
                ctx.profile_flag()
            ),
        ),
        "UnauthorizedOperation" | "AccessDenied" | "AccessDeniedException" | "Blocked" => (
            ErrorCode::PermissionDenied,
            format!(
                "Your IAM identity is not allowed to do {} in {}. Ask an administrator for the permission. ({aws})",
                ctx.action, ctx.region
            ),
        ),
        "OptInRequired" => (
            ErrorCode::RegionDisabled,
            format!(
                "{} is not enabled for this account. Enable it under Account > AWS Regions, or pick another region.",
                ctx.region
            ),
        ),
        "RequestLimitExceeded" | "Throttling" | "ThrottlingException" | "TooManyRequestsException" => (
            ErrorCode::Throttled,
            format!("AWS is throttling requests in {}. Wait a few seconds and try again.", ctx.region),
        ),
        "InternalError" | "InternalFailure" | "ServiceUnavailable" | "Unavailable" => (
            ErrorCode::Network,
            format!("EC2 in {} is having trouble right now. Try again in a minute. ({aws})", ctx.region),
        ),
        c if c.ends_with(".NotFound") || c.ends_with("NotFound") => (ErrorCode::NotFound, aws.clone()),
        c if c.ends_with(".Duplicate") || c.contains("InUse") || c.starts_with("Incorrect") => {
            (ErrorCode::Conflict, aws.clone())
        }
        c if c.ends_with(".Malformed")
            || c.starts_with("InvalidParameter")
            || c.starts_with("MissingParameter")
            || c.starts_with("Invalid") =>
        {
            (ErrorCode::InvalidInput, aws.clone())
        }
        _ => (ErrorCode::Internal, format!("{} failed in {}: {aws}", ctx.action, ctx.region)),
    };
    Error::new(kind, text)
}

/// "a: b: c" from an error and its sources, for messages (never for key material:
/// no secret ever flows through an SDK error).
pub fn chain_text(err: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        let s = e.to_string();
        if !parts.iter().any(|p| p == &s) {
            parts.push(s);
        }
        cur = e.source();
    }
    parts.join(": ")
}

fn innermost(err: &(dyn StdError + 'static)) -> String {
    let mut cur: &(dyn StdError + 'static) = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::provider::error::CredentialsError;

    fn ctx() -> CallContext {
        CallContext { profile: Some("dev".into()), region: "eu-west-1".into(), action: "DescribeKeyPairs" }
    }

    #[test]
    fn service_codes_map_to_stable_codes() {
        let cases = [
            ("AuthFailure", ErrorCode::AuthFailed),
            ("InvalidClientTokenId", ErrorCode::AuthFailed),
            ("ExpiredToken", ErrorCode::CredentialsExpired),
            ("RequestExpired", ErrorCode::CredentialsExpired),
            ("UnauthorizedOperation", ErrorCode::PermissionDenied),
            ("OptInRequired", ErrorCode::RegionDisabled),
            ("RequestLimitExceeded", ErrorCode::Throttled),
            ("Throttling", ErrorCode::Throttled),
            ("InvalidKeyPair.NotFound", ErrorCode::NotFound),
            ("InvalidAMIID.NotFound", ErrorCode::NotFound),
            ("InvalidKeyPair.Duplicate", ErrorCode::Conflict),
            ("IncorrectInstanceState", ErrorCode::Conflict),
            ("InvalidSnapshot.InUse", ErrorCode::Conflict),
            ("InvalidAMIName.Malformed", ErrorCode::InvalidInput),
            ("InvalidParameterValue", ErrorCode::InvalidInput),
            ("MissingParameter", ErrorCode::InvalidInput),
            ("InvalidKey.Format", ErrorCode::InvalidInput),
            ("ServiceUnavailable", ErrorCode::Network),
            ("SomethingNew", ErrorCode::Internal),
        ];
        for (code, want) in cases {
            assert_eq!(classify_service_code(code, "m", &ctx()).code, want, "{code}");
        }
    }

    #[test]
    fn messages_tell_the_user_what_to_run() {
        let e = classify_service_code("ExpiredToken", "The security token included in the request is expired", &ctx());
        assert!(e.message.contains("aws sso login --profile dev"), "{}", e.message);
        let e = classify_service_code("UnauthorizedOperation", "You are not authorized", &ctx());
        assert!(e.message.contains("DescribeKeyPairs") && e.message.contains("eu-west-1"), "{}", e.message);
    }

    #[test]
    fn credential_chain_failures() {
        let e = classify_credentials(&CredentialsError::not_loaded("no providers in chain"), &ctx());
        assert_eq!(e.code, ErrorCode::NoCredentials);
        assert!(e.message.contains("aws configure --profile dev"), "{}", e.message);

        let e = classify_credentials(
            &CredentialsError::provider_error("the SSO token has expired and cannot be refreshed"),
            &ctx(),
        );
        assert_eq!(e.code, ErrorCode::CredentialsExpired);
        assert!(e.message.contains("aws sso login --profile dev"));

        let e = classify_credentials(&CredentialsError::invalid_configuration("role_arn without source"), &ctx());
        assert_eq!(e.code, ErrorCode::Config);

        let default_ctx = CallContext { profile: None, region: "us-east-1".into(), action: "x" };
        let e = classify_credentials(&CredentialsError::not_loaded("none"), &default_ctx);
        assert!(e.message.contains("the default credentials") && e.message.contains("`aws configure`"));
    }

    #[test]
    fn serialises_as_code_and_message() {
        let e = Error::new(ErrorCode::NoCredentials, "x");
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":"no_credentials","message":"x"}"#);
        assert_eq!(ErrorCode::RegionDisabled.to_string(), "region_disabled");
    }
}
