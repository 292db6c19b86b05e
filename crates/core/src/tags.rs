//! EC2 tags in a form that can cross IPC.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

pub fn tags_from_sdk(tags: &[aws_sdk_ec2::types::Tag]) -> Vec<Tag> {
    let mut out: Vec<Tag> = tags
        .iter()
        .map(|t| Tag { key: t.key().unwrap_or_default().to_string(), value: t.value().unwrap_or_default().to_string() })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}
