use amikey_core::amis::{list_images as core_list_images, ImageListing, ImageScope};
use amikey_core::{Error, Target};
use tauri::State;

use crate::state::AppState;

/// One catalogue tab of a region.
#[tauri::command]
#[specta::specta]
pub async fn list_images(
    state: State<'_, AppState>,
    profile: Option<String>,
    region: String,
    scope: ImageScope,
) -> Result<ImageListing, Error> {
    core_list_images(&state.aws, &Target::new(profile, region), scope).await
}
