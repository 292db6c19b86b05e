//! What every command shares: the AWS client factory and the data folder.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

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
    /// The keychain passed its probe once this run: later calls skip it.
    pub keychain_checked: AtomicBool,
    /// Vault keys the start-up check found missing from the keychain.
    pub lost: Mutex<Vec<String>>,
}

impl AppState {
    /// The vault, after checking that the keychain works (`keychain_unavailable`
    /// otherwise: keys are never kept anywhere else).
    pub fn vault(&self) -> Result<Vault, Error> {
        if self.keychain_checked.load(Ordering::Relaxed) {
            return Ok(self.vault_index());
        }
        let vault = Vault::open(&self.data_dir)?;
        self.keychain_checked.store(true, Ordering::Relaxed);
        Ok(vault)
    }

    /// The start-up reconcile of the vault index with the keychain (run off the
    /// main thread; a locked keychain just finds nothing).
    pub fn reconcile_vault(&self) {
        if let Ok(found) = self.vault().and_then(|v| v.reconcile()) {
            *self.lost.lock().unwrap_or_else(|p| p.into_inner()) = found;
        }
    }

    pub fn lost_from_keychain(&self) -> Vec<String> {
        self.lost.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn forget_lost(&self, name: &str) {
        self.lost.lock().unwrap_or_else(|p| p.into_inner()).retain(|n| n != name);
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
