//! AWS's input rules for the AMI flows, checked before any call so that a mistake
//! gets a specific message instead of an EC2 error after the fact.

use crate::error::{Error, Result};

/// AMI names: 3–128 characters of letters, digits and `( ) [ ] space . / - ' @ _`.
pub fn validate_image_name(name: &str) -> Result<()> {
    let len = name.chars().count();
    if len < 3 {
        return Err(Error::invalid_input("AMI names are at least 3 characters."));
    }
    if len > 128 {
        return Err(Error::invalid_input(format!("AMI names are at most 128 characters; this one has {len}.")));
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || "()[] ./-'@_".contains(*c))) {
        return Err(Error::invalid_input(format!(
            "AMI names may use letters, digits, spaces and ( ) [ ] . / - ' @ _ only, not \"{bad}\"."
        )));
    }
    Ok(())
}

pub fn validate_image_description(description: &str) -> Result<()> {
    let len = description.chars().count();
    if len > 255 {
        return Err(Error::invalid_input(format!("Descriptions are at most 255 characters; this one has {len}.")));
    }
    Ok(())
}

/// EC2 tags: at most 50; keys 1–127 characters, not starting with `aws:`; values ≤ 256.
pub fn validate_tags(tags: &[(String, String)]) -> Result<()> {
    if tags.len() > 50 {
        return Err(Error::invalid_input(format!("A resource takes at most 50 tags; there are {}.", tags.len())));
    }
    for (k, v) in tags {
        let klen = k.chars().count();
        if klen == 0 || klen > 127 {
            return Err(Error::invalid_input(format!("Tag keys are 1 to 127 characters (\"{k}\" has {klen}).")));
        }
        if k.to_ascii_lowercase().starts_with("aws:") {
            return Err(Error::invalid_input(format!("Tag keys starting with \"aws:\" are reserved for AWS (\"{k}\").")));
        }
        if v.chars().count() > 256 {
            return Err(Error::invalid_input(format!("The value of tag \"{k}\" is longer than 256 characters.")));
        }
    }
    let mut keys: Vec<&str> = tags.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort();
    if let Some(w) = keys.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::invalid_input(format!("The tag key \"{}\" appears twice.", w[0])));
    }
    Ok(())
}

/// `KEY=VALUE` (the CLI's `--tag`); the value may be empty.
pub fn parse_tag(s: &str) -> Result<(String, String)> {
    match s.split_once('=') {
        Some((k, v)) => Ok((k.to_string(), v.to_string())),
        None => Err(Error::invalid_input(format!("Tags are KEY=VALUE, not \"{s}\"."))),
    }
}

pub fn validate_account_id(id: &str) -> Result<()> {
    if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::invalid_input(format!("AWS account ids are exactly 12 digits; \"{id}\" is not one.")))
    }
}

/// `arn:aws:organizations::123456789012:organization/o-abcdefghij` or
/// `…:ou/o-abcdefghij/ou-ab12-cdefgh34`.
pub fn validate_org_arn(arn: &str) -> Result<()> {
    let bad = || Error::invalid_input(format!(
        "\"{arn}\" is not an organization or OU ARN (arn:aws:organizations::ACCOUNT:organization/o-… or …:ou/o-…/ou-…)."
    ));
    let rest = arn
        .strip_prefix("arn:aws:organizations::")
        .or_else(|| arn.strip_prefix("arn:aws-us-gov:organizations::"))
        .or_else(|| arn.strip_prefix("arn:aws-cn:organizations::"))
        .ok_or_else(bad)?;
    let (account, resource) = rest.split_once(':').ok_or_else(bad)?;
    validate_account_id(account).map_err(|_| bad())?;
    let id_ok = |s: &str, prefix: &str, min: usize| {
        s.strip_prefix(prefix).is_some_and(|r| r.len() >= min && r.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
    };
    let parts: Vec<&str> = resource.split('/').collect();
    match parts.as_slice() {
        ["organization", org] if id_ok(org, "o-", 10) => Ok(()),
        ["ou", org, ou] if id_ok(org, "o-", 10) && id_ok(ou, "ou-", 8) => Ok(()),
        _ => Err(bad()),
    }
}

pub fn is_ou_arn(arn: &str) -> bool {
    arn.contains(":ou/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_follow_aws_rules() {
        assert!(validate_image_name("golden-web (2026.11) [v2] @team/base_1's").is_ok());
        for bad in ["ab", &"a".repeat(129), "no#hash", "tab\there", "ümlaut"] {
            assert!(validate_image_name(bad).is_err(), "{bad:?}");
        }
        assert!(validate_image_description(&"d".repeat(255)).is_ok());
        assert!(validate_image_description(&"d".repeat(256)).is_err());
    }

    #[test]
    fn tags_follow_aws_rules() {
        assert!(validate_tags(&[("Name".into(), "web".into()), ("team".into(), String::new())]).is_ok());
        assert!(validate_tags(&[("aws:x".into(), "y".into())]).is_err());
        assert!(validate_tags(&[("k".repeat(128), "y".into())]).is_err());
        assert!(validate_tags(&[("k".into(), "v".repeat(257))]).is_err());
        assert!(validate_tags(&[("a".into(), "1".into()), ("a".into(), "2".into())]).is_err());
        let many: Vec<(String, String)> = (0..51).map(|i| (format!("k{i}"), String::new())).collect();
        assert!(validate_tags(&many).is_err());
        assert_eq!(parse_tag("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert!(parse_tag("novalue").is_err());
    }

    #[test]
    fn accounts_and_organisation_arns() {
        assert!(validate_account_id("123456789012").is_ok());
        for bad in ["12345678901", "1234567890123", "12345678901a"] {
            assert!(validate_account_id(bad).is_err());
        }
        assert!(validate_org_arn("arn:aws:organizations::123456789012:organization/o-abcde12345").is_ok());
        assert!(validate_org_arn("arn:aws:organizations::123456789012:ou/o-abcde12345/ou-ab12-cdef3456").is_ok());
        for bad in [
            "arn:aws:organizations::123:organization/o-abcde12345",
            "arn:aws:iam::123456789012:organization/o-abcde12345",
            "arn:aws:organizations::123456789012:organization/abcde12345",
            "arn:aws:organizations::123456789012:ou/o-abcde12345",
        ] {
            assert!(validate_org_arn(bad).is_err(), "{bad}");
        }
    }
}
