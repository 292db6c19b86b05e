//! What every command shares: the AWS client factory and the data folder.

use std::path::PathBuf;

use amikey_core::preferences::{self, Preferences};
use amikey_core::Aws;
use amikey_sandbox::Sandbox;

pub struct AppState {
    pub aws: Aws,
    pub data_dir: PathBuf,
    /// The in-process practice EC2 (always running; cheap when idle).
    pub practice: Sandbox,
    /// Start-up choices from the command line; they win over saved preferences.
    pub launch: Preferences,
}

impl AppState {
    /// Saved preferences with command-line flags laid over them.
    pub fn initial_preferences(&self) -> Preferences {
        let saved = preferences::load(&self.data_dir);
        Preferences {
            profile: self.launch.profile.clone().or(saved.profile),
            region: self.launch.region.clone().or(saved.region),
        }
    }
}
