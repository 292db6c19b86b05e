use amikey_core::keyflows::{self, CreateOutcome, DeletePreview, ExportFormat, KeyInventory};
use amikey_core::{Error, Target};
use amikey_keys::KeyKind;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

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
    keyflows::inventory(&state.aws, &state.vault_index(), &Target::new(profile, region), all_regions).await
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

/// Ask where to save (a native Save dialog, opened from Rust), then write the key
/// there with mode 0600. The key never passes through the web view. Returns the
/// path written, or null when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_key(app: AppHandle, state: State<'_, AppState>, name: String, format: ExportFormat) -> Result<Option<String>, Error> {
    let vault = state.vault()?;
    let suggested = if format == ExportFormat::Pem { format!("{name}.pem") } else { name.clone() };
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().set_title(format!("Export the private key of {name}")).set_file_name(suggested).save_file(move |p| {
        let _ = tx.send(p);
    });
    let Some(picked) = rx.await.ok().flatten() else { return Ok(None) };
    let path = picked.into_path().map_err(|e| Error::internal(format!("Unusable path: {e}")))?;
    keyflows::export(&vault, &name, &path, format)?;
    Ok(Some(path.display().to_string()))
}
