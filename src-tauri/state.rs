//! What every command shares: the AWS client factory and the data folder.

use std::path::PathBuf;

use amikey_core::preferences::{self, Preferences};
use amikey_core::vault::Vault;
use amikey_core::{Aws, Error};
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
    /// The vault, after checking that the keychain works (`keychain_unavailable`
    /// otherwise: keys are never kept anywhere else).
    pub fn vault(&self) -> Result<Vault, Error> {
        Vault::open(&self.data_dir)
    }

    /// The vault's index only (no keychain access), for listing.
    pub fn vault_index(&self) -> Vault {
        Vault::open_unchecked(&self.data_dir)
    }

    /// Saved preferences with command-line flags laid over them.
    pub fn initial_preferences(&self) -> Preferences {
        let saved = preferences::load(&self.data_dir);
        Preferences {
            profile: self.launch.profile.clone().or(saved.profile),
            region: self.launch.region.clone().or(saved.region),
        }
    }
}
