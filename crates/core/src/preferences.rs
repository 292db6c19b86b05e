//! The few choices Amikey remembers between runs (last profile and region).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const FILE: &str = "preferences.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Preferences {
    /// None: the SDK's default chain.
    pub profile: Option<String>,
    pub region: Option<String>,
}

/// Missing or unreadable preferences are not an error: start from defaults.
pub fn load(dir: &Path) -> Preferences {
    std::fs::read(dir.join(FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

/// Written to a temp file and renamed, so a crash never leaves half a file.
pub fn save(dir: &Path, prefs: &Preferences) -> Result<()> {
    let body = serde_json::to_vec_pretty(prefs).map_err(|e| Error::internal(e.to_string()))?;
    let tmp = dir.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, body)
        .and_then(|_| std::fs::rename(&tmp, dir.join(FILE)))
        .map_err(|e| Error::internal(format!("Could not save preferences in {}: {e}", dir.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_garbage() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Preferences::default());
        let p = Preferences { profile: Some("dev".into()), region: Some("eu-west-1".into()) };
        save(dir.path(), &p).unwrap();
        assert_eq!(load(dir.path()), p);
        std::fs::write(dir.path().join(FILE), b"{not json").unwrap();
        assert_eq!(load(dir.path()), Preferences::default());
    }
}
