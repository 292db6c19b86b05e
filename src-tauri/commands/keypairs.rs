use amikey_core::keypairs::{list_key_pairs_all_regions, list_key_pairs_in, KeyPairListing};
use amikey_core::{Error, Target};
use tauri::State;

use crate::state::AppState;

/// Key pairs in `region`, or in every enabled region when `all_regions`.
#[tauri::command]
#[specta::specta]
pub async fn list_key_pairs(
    state: State<'_, AppState>,
    profile: Option<String>,
    region: String,
    all_regions: bool,
) -> Result<KeyPairListing, Error> {
    let target = Target::new(profile, region);
    if all_regions {
        list_key_pairs_all_regions(&state.aws, &target).await
    } else {
        list_key_pairs_in(&state.aws, &target).await
    }
}
