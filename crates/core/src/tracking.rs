//! AMIs being made (or copied) that the window keeps following, saved in the data
//! folder so that progress survives navigating away and restarting the app.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const FILE: &str = "tracked-images.json";

/// The watcher and the commands both change the file: one change at a time.
static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn change(dir: &Path, f: impl FnOnce(&mut Vec<TrackedImage>)) -> Result<()> {
    let _g = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let mut all = load(dir);
    f(&mut all);
    save(dir, &all)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TrackedImage {
    pub image_id: String,
    pub region: String,
    pub profile: Option<String>,
    /// What the user did: "create" or "copy".
    pub action: String,
    /// RFC 3339.
    pub started: String,
    /// The desktop notification for its outcome was shown.
    #[serde(default)]
    pub notified: bool,
}

impl TrackedImage {
    /// Seconds since it was started (None if the time cannot be read).
    pub fn age_secs(&self) -> Option<i64> {
        let started = aws_smithy_types::DateTime::from_str(&self.started, aws_smithy_types::date_time::Format::DateTime).ok()?;
        Some(aws_smithy_types::DateTime::from(std::time::SystemTime::now()).secs() - started.secs())
    }
}

pub fn load(dir: &Path) -> Vec<TrackedImage> {
    std::fs::read(dir.join(FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

fn save(dir: &Path, all: &[TrackedImage]) -> Result<()> {
    let body = serde_json::to_vec_pretty(all).map_err(|e| Error::internal(e.to_string()))?;
    let tmp = dir.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, body)
        .and_then(|_| std::fs::rename(&tmp, dir.join(FILE)))
        .map_err(|e| Error::internal(format!("Could not save the list of AMIs in progress in {}: {e}", dir.display())))
}

/// Start following an AMI that was just created or copied.
pub fn track_started(dir: &Path, target: &crate::Target, image_id: &str, action: &str) -> Result<()> {
    track(
        dir,
        TrackedImage {
            image_id: image_id.into(),
            region: target.region.clone(),
            profile: target.profile.clone(),
            action: action.into(),
            started: crate::keyflows::now_rfc3339(),
            notified: false,
        },
    )
}

pub fn track(dir: &Path, item: TrackedImage) -> Result<()> {
    change(dir, |all| {
        all.retain(|t| !(t.image_id == item.image_id && t.region == item.region));
        all.push(item);
    })
}

pub fn mark_notified(dir: &Path, image_id: &str, region: &str) -> Result<()> {
    change(dir, |all| {
        for t in all.iter_mut().filter(|t| t.image_id == image_id && t.region == region) {
            t.notified = true;
        }
    })
}

pub fn untrack(dir: &Path, image_id: &str, region: &str) -> Result<()> {
    change(dir, |all| all.retain(|t| !(t.image_id == image_id && t.region == region)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_and_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let item = TrackedImage { image_id: "ami-1".into(), region: "r".into(), profile: None, action: "create".into(), started: "t".into(), notified: false };
        track(dir.path(), item.clone()).unwrap();
        track(dir.path(), item.clone()).unwrap();
        assert_eq!(load(dir.path()), [item]);
        mark_notified(dir.path(), "ami-1", "r").unwrap();
        assert!(load(dir.path())[0].notified);
        untrack(dir.path(), "ami-1", "r").unwrap();
        assert!(load(dir.path()).is_empty());
    }
}
