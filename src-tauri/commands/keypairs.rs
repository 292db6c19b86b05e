use std::path::PathBuf;

use amikey_core::keyfiles::{self, ExportFormat, FileMatch, ImportOutcome, PublicImport};
use amikey_core::keyflows::{self, CreateOutcome, DeletePreview, KeyInventory, Rescue};
use amikey_core::keypairs::KeyType;
use amikey_core::ssh::{self, SshAdvice};
use amikey_core::{Error, Target};
use serde::Deserialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::state::AppState;

fn targets(profile: Option<String>, regions: Vec<String>) -> Vec<Target> {
    regions.into_iter().map(|r| Target::new(profile.clone(), r)).collect()
}

/// Key pairs in `region`, or in every enabled region, with whether each private
/// key is on this machine and which instances use it.
#[tauri::command]
#[specta::specta]
pub async fn list_key_pairs(
    state: State<'_, AppState>,
    profile: Option<String>,
    region: String,
    all_regions: bool,
) -> Result<KeyInventory, Error> {
    let lost = state.lost_from_keychain();
    keyflows::inventory(&state.aws, &state.vault_index(), &Target::new(profile, region), all_regions, &lost).await
}

/// Create a key pair: generated here (default), or by EC2 with `on_aws`. If the
/// keychain then fails, the user picks where to save the key (a Save dialog, from
/// Rust) until it is saved or they explicitly discard the key pair.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn create_key(
    app: AppHandle,
    state: State<'_, AppState>,
    profile: Option<String>,
    regions: Vec<String>,
    name: String,
    key_type: KeyType,
    bits: u32,
    on_aws: bool,
) -> Result<CreateOutcome, Error> {
    let vault = state.vault()?;
    let mut rescue = |why: &Error| rescue_with_dialogs(&app, &name, why);
    keyflows::create(&state.aws, &vault, &targets(profile, regions), &name, key_type, bits, on_aws, &mut rescue).await
}

/// Native dialogs, blocking this worker thread only: save the key somewhere, or
/// (after cancelling) confirm that the key pair should be deleted.
fn rescue_with_dialogs(app: &AppHandle, name: &str, why: &Error) -> Rescue {
    tokio::task::block_in_place(|| loop {
        let picked = app
            .dialog()
            .file()
            .set_title(format!("The keychain failed: save the private key of {name} here"))
            .set_file_name(format!("{name}.pem"))
            .blocking_save_file()
            .and_then(|p| p.into_path().ok());
        if let Some(path) = picked {
            return Rescue::SaveTo(path);
        }
        let discard = app
            .dialog()
            .message(format!(
                "{}\n\nWithout saving it, the private key of \"{name}\" is lost and nobody can log in with this key pair. Delete the key pair on AWS?",
                why.message
            ))
            .title("Discard the new key pair?")
            .kind(MessageDialogKind::Warning)
            .buttons(MessageDialogButtons::OkCancelCustom("Delete it on AWS".into(), "Save the key".into()))
            .blocking_show();
        if discard {
            return Rescue::Discard;
        }
    })
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
    keyflows::delete(&state.aws, &vault, &Target::new(profile, region), &name, on_aws, local).await?;
    state.forget_lost(&name);
    Ok(())
}

/// "I checked it": forget the warning about an interrupted create-on-AWS.
#[tauri::command]
#[specta::specta]
pub fn dismiss_pending_key(state: State<'_, AppState>, name: String, region: String) -> Result<(), Error> {
    keyflows::dismiss_intent(&state.vault_index(), &name, &region)
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
    let picked = tokio::task::block_in_place(|| {
        app.dialog().file().set_title(format!("Export the private key of {name}")).set_file_name(suggested).blocking_save_file()
    });
    let Some(picked) = picked else { return Ok(None) };
    let path = picked.into_path().map_err(|e| Error::internal(format!("Unusable path: {e}")))?;
    keyfiles::export(&vault, &name, &path, format)?;
    Ok(Some(path.display().to_string()))
}

/// Save the key as ~/.ssh/NAME (mode 0600) so the SSH command can use it.
#[tauri::command]
#[specta::specta]
pub fn save_key_for_ssh(state: State<'_, AppState>, name: String) -> Result<String, Error> {
    keyfiles::save_for_ssh(&state.vault()?, &name, &keyfiles::ssh_dir()?)
}

#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PickPurpose {
    PrivateKey,
    PublicKey,
    Folder,
}

/// A native Open dialog: the web view only ever learns the path the user chose.
#[tauri::command]
#[specta::specta]
pub async fn pick_path(app: AppHandle, purpose: PickPurpose) -> Result<Option<String>, Error> {
    let home = keyfiles::ssh_dir().ok().filter(|d| d.is_dir());
    let picked = tokio::task::block_in_place(|| {
        let mut d = app.dialog().file();
        if let Some(h) = home {
            d = d.set_directory(h);
        }
        match purpose {
            PickPurpose::PrivateKey => d.set_title("Choose a private key file").blocking_pick_file(),
            PickPurpose::PublicKey => d.set_title("Choose a public key file").add_filter("Public key", &["pub", "pem", "txt"]).blocking_pick_file(),
            PickPurpose::Folder => d.set_title("Choose a folder to scan for private keys").blocking_pick_folder(),
        }
    });
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// Which key pairs (every enabled region) these files open, and whether the vault
/// has them already. Read-only.
#[tauri::command]
#[specta::specta]
pub async fn inspect_key_files(state: State<'_, AppState>, profile: Option<String>, region: String, paths: Vec<String>) -> Result<Vec<FileMatch>, Error> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    keyfiles::match_files(&state.aws, &state.vault_index(), &Target::new(profile, region), &paths).await
}

/// Private key files in `dirs` (default: ~/.ssh), matched to key pairs and the vault.
#[tauri::command]
#[specta::specta]
pub async fn scan_key_files(state: State<'_, AppState>, profile: Option<String>, region: String, dirs: Vec<String>) -> Result<Vec<FileMatch>, Error> {
    let dirs: Vec<PathBuf> = if dirs.is_empty() { vec![keyfiles::ssh_dir()?] } else { dirs.into_iter().map(PathBuf::from).collect() };
    keyfiles::scan(&state.aws, &state.vault_index(), &Target::new(profile, region), &dirs).await
}

#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn import_key_file(
    state: State<'_, AppState>,
    profile: Option<String>,
    region: String,
    path: String,
    name: Option<String>,
    passphrase: Option<String>,
    delete_file: bool,
) -> Result<ImportOutcome, Error> {
    let vault = state.vault()?;
    let target = Target::new(profile, region);
    keyfiles::import_file(&state.aws, &vault, &target, &PathBuf::from(path), name, passphrase.as_deref(), delete_file).await
}

/// Import a vault key's public half into more regions (also the retry for a key
/// that is "not yet on AWS").
#[tauri::command]
#[specta::specta]
pub async fn import_public_key(state: State<'_, AppState>, profile: Option<String>, regions: Vec<String>, name: String) -> Result<CreateOutcome, Error> {
    keyflows::import_public(&state.aws, &state.vault_index(), &targets(profile, regions), &name).await
}

#[tauri::command]
#[specta::specta]
pub async fn import_public_key_file(
    state: State<'_, AppState>,
    profile: Option<String>,
    regions: Vec<String>,
    name: String,
    path: String,
) -> Result<PublicImport, Error> {
    keyfiles::import_public_file(&state.aws, &state.vault_index(), &targets(profile, regions), &name, &PathBuf::from(path)).await
}

/// The ready `ssh -i … user@host` for an instance, or what is missing.
#[tauri::command]
#[specta::specta]
pub async fn ssh_command(state: State<'_, AppState>, profile: Option<String>, region: String, instance_id: String) -> Result<SshAdvice, Error> {
    ssh::ssh_advice(&state.aws, &state.vault_index(), &Target::new(profile, region), &instance_id).await
}
