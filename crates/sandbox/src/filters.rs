//! EC2 filters: `Filter.N.Name` with values that may use `*` and `?` wildcards.
//! A resource matches when every filter matches one of its values.

use wildmatch::WildMatch;

use crate::error::{ApiError, ApiResult};
use crate::query::Filter;

/// `field` answers a filter name with the resource's values for it, or None when
/// the resource type has no such filter (which EC2 rejects).
pub fn matches<F>(filters: &[Filter], tags: &[(String, String)], field: F) -> ApiResult<bool>
where
    F: Fn(&str) -> Option<Vec<String>>,
{
    for f in filters {
        let have: Vec<String> = if let Some(key) = f.name.strip_prefix("tag:") {
            tags.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
        } else if f.name == "tag-key" {
            tags.iter().map(|(k, _)| k.clone()).collect()
        } else if f.name == "tag-value" {
            tags.iter().map(|(_, v)| v.clone()).collect()
        } else {
            field(&f.name).ok_or_else(|| ApiError::invalid_value(format!("The filter '{}' is invalid", f.name)))?
        };
        let hit = f.values.iter().any(|want| {
            let pattern = WildMatch::new(want);
            have.iter().any(|v| pattern.matches(v))
        });
        if !hit {
            return Ok(false);
        }
    }
    Ok(true)
}

pub fn one(v: impl ToString) -> Option<Vec<String>> {
    Some(vec![v.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, values: &[&str]) -> Filter {
        Filter { name: name.into(), values: values.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn wildcards_tags_and_unknown_filters() {
        let tags = vec![("Name".to_string(), "web-1".to_string())];
        let field = |n: &str| match n {
            "name" => one("al2023-ami-2023.6-x86_64"),
            _ => None,
        };
        assert!(matches(&[f("name", &["al2023-*"])], &tags, field).unwrap());
        assert!(matches(&[f("name", &["nope", "*x86?64"])], &tags, field).unwrap());
        assert!(!matches(&[f("name", &["ubuntu*"])], &tags, field).unwrap());
        assert!(matches(&[f("tag:Name", &["web-?"]), f("tag-key", &["Name"])], &tags, field).unwrap());
        assert!(!matches(&[f("tag:Env", &["*"])], &tags, field).unwrap());
        assert_eq!(matches(&[f("bogus", &["x"])], &tags, field).unwrap_err().code, "InvalidParameterValue");
    }
}
