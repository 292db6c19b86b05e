//! EC2 Query parameters: a form-encoded body of `Name=value` pairs where lists are
//! numbered (`KeyName.1`, `Filter.2.Value.1`). Decoding is form_urlencoded's; this
//! only finds the numbered members.

use std::collections::BTreeMap;

use crate::error::ApiError;

#[derive(Debug, Default, Clone)]
pub struct Params {
    map: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

impl Params {
    pub fn parse(body: &[u8]) -> Params {
        Params { map: form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect() }
    }

    pub fn from_pairs(pairs: &[(&str, &str)]) -> Params {
        Params { map: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.map.get(name).map(String::as_str)
    }

    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::missing(name))
    }

    pub fn bool(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    pub fn int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                ApiError::invalid_value(format!("Invalid value '{v}' for {name}. It must be an integer."))
            }),
        }
    }

    /// `prefix.1`, `prefix.2`, ... in index order (gaps allowed, as AWS allows).
    pub fn list(&self, prefix: &str) -> Vec<String> {
        self.indices(prefix).into_iter().filter_map(|i| self.get(&format!("{prefix}.{i}")).map(str::to_string)).collect()
    }

    /// The distinct N in keys that start with `prefix.N` (`prefix.N` or `prefix.N.rest`).
    pub fn indices(&self, prefix: &str) -> Vec<u32> {
        let head = format!("{prefix}.");
        let mut out: Vec<u32> = self
            .map
            .range(head.clone()..)
            .take_while(|(k, _)| k.starts_with(&head))
            .filter_map(|(k, _)| k[head.len()..].split('.').next()?.parse().ok())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A view of `prefix.N.*` as its own parameter set, for nested structures.
    pub fn members(&self, prefix: &str) -> Vec<Params> {
        self.indices(prefix).into_iter().map(|i| self.sub(&format!("{prefix}.{i}"))).collect()
    }

    pub fn sub(&self, prefix: &str) -> Params {
        let head = format!("{prefix}.");
        Params {
            map: self
                .map
                .range(head.clone()..)
                .take_while(|(k, _)| k.starts_with(&head))
                .map(|(k, v)| (k[head.len()..].to_string(), v.clone()))
                .collect(),
        }
    }

    pub fn filters(&self) -> Vec<Filter> {
        self.members("Filter")
            .into_iter()
            .filter_map(|f| Some(Filter { name: f.get("Name")?.to_string(), values: f.list("Value") }))
            .collect()
    }

    /// `TagSpecification.N.ResourceType` + `.Tag.M.Key/Value`, as (type, key, value).
    pub fn tag_specs(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for spec in self.members("TagSpecification") {
            let kind = spec.get("ResourceType").unwrap_or_default().to_string();
            for tag in spec.members("Tag") {
                out.push((kind.clone(), tag.get("Key").unwrap_or_default().to_string(), tag.get("Value").unwrap_or_default().to_string()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lists_and_nested_members() {
        let p = Params::parse(
            b"Action=DescribeImages&ImageId.2=ami-b&ImageId.1=ami-a&Filter.1.Name=name&Filter.1.Value.1=al2023-%2A&Filter.1.Value.2=x&Filter.2.Name=state&Filter.2.Value.1=available&ImageId.10=ami-c",
        );
        assert_eq!(p.get("Action"), Some("DescribeImages"));
        assert_eq!(p.list("ImageId"), ["ami-a", "ami-b", "ami-c"]);
        assert_eq!(
            p.filters(),
            vec![
                Filter { name: "name".into(), values: vec!["al2023-*".into(), "x".into()] },
                Filter { name: "state".into(), values: vec!["available".into()] },
            ]
        );
        let t = Params::parse(b"TagSpecification.1.ResourceType=image&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=web");
        assert_eq!(t.tag_specs(), vec![("image".into(), "Name".into(), "web".into())]);
        assert!(p.required("Nope").is_err());
        assert!(Params::parse(b"MaxResults=abc").int("MaxResults").is_err());
    }
}
