use amikey_core::keyflows::{self, with_status, CreateOutcome, DeletePreview, KeyInventory};
use amikey_core::keypairs::{list_key_pairs_all_regions, list_key_pairs_in};
use amikey_core::{Error, Target};
use amikey_keys::KeyKind;
use tauri::State;

use crate::state::AppState;

/// Key pairs in `region`, or in every enabled region, with whether each private
/// key is on this machine.
#[tauri::command]
#[specta::specta]
pub async fn list_key_pairs(
    state: State<'_, AppState>,
    profile: Option<String>,
    region: String,
    all_regions: bool,
) -> Result<KeyInventory, Error> {
    let target = Target::new(profile, region);
    let listing = if all_regions {
        list_key_pairs_all_regions(&state.aws, &target).await?
    } else {
        list_key_pairs_in(&state.aws, &target).await?
    };
    Ok(with_status(listing, &state.vault_index().entries()))
}

/// Generate a key here, keep it in the vault, import the public key into `regions`.
#[tauri::command]
#[specta::specta]
pub async fn create_key(
    state: State<'_, AppState>,
    profile: Option<String>,
    regions: Vec<String>,
    name: String,
    rsa: bool,
    bits: u32,
) -> Result<CreateOutcome, Error> {
    let vault = state.vault()?;
    let targets: Vec<Target> = regions.into_iter().map(|r| Target::new(profile.clone(), r)).collect();
    let kind = if rsa { KeyKind::Rsa } else { KeyKind::Ed25519 };
    keyflows::create_local(&state.aws, &vault, &targets, &name, kind, bits).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_key_preview(
    state: State<'_, AppState>,
    profile: Option<String>,
    region: String,
    name: String,
) -> Result<DeletePreview, Error> {
    keyflows::delete_preview(&state.aws, &state.vault_index(), &Target::new(profile, region), &name).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_key(
    state: State<'_, AppState>,
    profile: Option<String>,
    region: String,
    name: String,
    on_aws: bool,
    local: bool,
) -> Result<(), Error> {
    let vault = if local { state.vault()? } else { state.vault_index() };
    keyflows::delete(&state.aws, &vault, &Target::new(profile, region), &name, on_aws, local).await
}

/// Live validation for the create form: AWS's key-name rules, written once in core.
#[tauri::command]
#[specta::specta]
pub fn check_key_name(name: String) -> Result<(), Error> {
    keyflows::validate_key_name(&name)
}
