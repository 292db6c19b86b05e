use amikey_core::access::{default_region as core_default_region, Identity};
use amikey_core::preferences::{self, Preferences};
use amikey_core::profiles::{self, ProfileList};
use amikey_core::regions::{enabled_regions, RegionInfo};
use amikey_core::{Error, Target};
use tauri::State;

use crate::state::AppState;

/// Who we are signed in as, or why not (`no_credentials`, `credentials_expired`...).
#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>, profile: Option<String>, region: String) -> Result<Identity, Error> {
    state.aws.identity(&Target::new(profile, region)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_profiles() -> Result<ProfileList, Error> {
    profiles::list_profiles().await
}

#[tauri::command]
#[specta::specta]
pub async fn default_region(profile: Option<String>) -> String {
    core_default_region(profile.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_regions(
    state: State<'_, AppState>,
    profile: Option<String>,
    region: String,
) -> Result<Vec<RegionInfo>, Error> {
    enabled_regions(&state.aws, &Target::new(profile, region)).await
}

#[tauri::command]
#[specta::specta]
pub fn get_preferences(state: State<'_, AppState>) -> Preferences {
    state.initial_preferences()
}

#[tauri::command]
#[specta::specta]
pub fn save_preferences(state: State<'_, AppState>, preferences: Preferences) -> Result<(), Error> {
    preferences::save(&state.data_dir, &preferences)
}

/// Back to the freshly seeded practice world.
#[tauri::command]
#[specta::specta]
pub async fn reset_practice(state: State<'_, AppState>) -> Result<(), Error> {
    state
        .practice
        .reset()
        .await
        .map_err(|e| Error::internal(format!("Could not reset the practice world: {e}")))?;
    // The practice "Downloads" comes back too, with its loose key.
    let downloads = amikey_core::keyfiles::practice_downloads(&state.data_dir);
    let _ = std::fs::remove_dir_all(&downloads);
    amikey_core::keyfiles::seed_practice_loose_key(&state.data_dir)
}
