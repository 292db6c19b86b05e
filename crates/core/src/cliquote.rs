//! Pieces of the `aws ec2 …` equivalents the wizards show: shell quoting, and tag
//! specifications as JSON (the CLI's shorthand breaks on `,{}[]` in values).

/// Quoted for a POSIX shell (shlex; a plain single-quote escape as the fallback).
pub fn quote(s: &str) -> String {
    shlex::try_quote(s).map(|q| q.into_owned()).unwrap_or_else(|_| format!("'{}'", s.replace('\'', "'\\''")))
}

/// `--tag-specifications '[{"ResourceType":…,"Tags":[{"Key":…,"Value":…}]}]'` for
/// each (resource type, tags) with tags; None when there are none.
pub fn tag_specifications(specs: &[(&str, &[(String, String)])]) -> Option<String> {
    let json: Vec<serde_json::Value> = specs
        .iter()
        .filter(|(_, tags)| !tags.is_empty())
        .map(|(kind, tags)| {
            let tags: Vec<serde_json::Value> = tags.iter().map(|(k, v)| serde_json::json!({ "Key": k, "Value": v })).collect();
            serde_json::json!({ "ResourceType": kind, "Tags": tags })
        })
        .collect();
    (!json.is_empty()).then(|| format!("--tag-specifications {}", quote(&serde_json::Value::from(json).to_string())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags_with_awkward_values_survive_the_shell_and_the_cli() {
        let tags = vec![("Name".to_string(), "web, it's [v2] {x}".to_string())];
        let arg = super::tag_specifications(&[("image", &tags), ("snapshot", &[])]).unwrap();
        let words = shlex::split(&arg).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&words[1]).unwrap();
        assert_eq!(parsed[0]["ResourceType"], "image");
        assert_eq!(parsed[0]["Tags"][0]["Value"], "web, it's [v2] {x}");
        assert_eq!(parsed.as_array().unwrap().len(), 1, "no spec for a type without tags");
        assert!(super::tag_specifications(&[("image", &[])]).is_none());
    }
}
