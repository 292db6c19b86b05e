use amikey_core::amis::{query_images, ImageListing, ImageQuery, ImageScope};
use amikey_core::imageactions::{self, CopyOutcome, CopyRequest, DeregisterOutcome, DeregisterPreview, ImageDetail, ImageSwitch, ShareRequest};
use amikey_core::imaging::{self, CreateImageRequest, ImageProgress, SourceInstance};
use amikey_core::launch::{self, LaunchOutcome, LaunchRequest, TemplateOutcome, TemplateRequest};
use amikey_core::snapshots::{self, SnapshotListing};
use amikey_core::tracking::{self, TrackedImage};
use amikey_core::{Error, Target};
use tauri::State;

use crate::state::AppState;

/// One catalogue tab of a region, with filters.
#[tauri::command]
#[specta::specta]
pub async fn list_images(state: State<'_, AppState>, profile: Option<String>, region: String, scope: ImageScope, query: ImageQuery) -> Result<ImageListing, Error> {
    query_images(&state.aws, &Target::new(profile, region), scope, &query).await
}

#[tauri::command]
#[specta::specta]
pub async fn image_detail(state: State<'_, AppState>, profile: Option<String>, region: String, image_id: String) -> Result<ImageDetail, Error> {
    imageactions::describe_image(&state.aws, &Target::new(profile, region), &image_id).await
}

/// Instances an AMI can be made from (and the others, with the reason).
#[tauri::command]
#[specta::specta]
pub async fn image_sources(state: State<'_, AppState>, profile: Option<String>, region: String) -> Result<Vec<SourceInstance>, Error> {
    imaging::image_sources(&state.aws, &Target::new(profile, region)).await
}

/// Live validation of the wizard's name field (AWS's rules, and a duplicate in the region).
#[tauri::command]
#[specta::specta]
pub async fn check_image_name(state: State<'_, AppState>, profile: Option<String>, region: String, name: String) -> Result<(), Error> {
    imaging::ensure_name_free(&state.aws, &Target::new(profile, region), &name).await
}

/// The wizard's review step: the exact CLI equivalent.
#[tauri::command]
#[specta::specta]
pub fn create_image_cli(profile: Option<String>, region: String, request: CreateImageRequest) -> Result<String, Error> {
    imaging::validate_request(&request)?;
    Ok(imaging::cli_equivalent(&request, &Target::new(profile, region)))
}

/// DryRun: is the user allowed to create this image?
#[tauri::command]
#[specta::specta]
pub async fn check_create_image(state: State<'_, AppState>, profile: Option<String>, region: String, request: CreateImageRequest) -> Result<(), Error> {
    imaging::check_permission(&state.aws, &Target::new(profile, region), &request).await
}

/// Create the AMI and keep following it (saved, so progress survives a restart).
#[tauri::command]
#[specta::specta]
pub async fn create_image(state: State<'_, AppState>, profile: Option<String>, region: String, request: CreateImageRequest) -> Result<String, Error> {
    let target = Target::new(profile, region);
    let id = imaging::create_image(&state.aws, &target, &request).await?;
    tracking::track_started(&state.data_dir, &target, &id, "create")?;
    Ok(id)
}

#[tauri::command]
#[specta::specta]
pub async fn image_progress(state: State<'_, AppState>, profile: Option<String>, region: String, image_id: String) -> Result<ImageProgress, Error> {
    imaging::image_progress(&state.aws, &Target::new(profile, region), &image_id).await
}

#[tauri::command]
#[specta::specta]
pub fn tracked_images(state: State<'_, AppState>) -> Vec<TrackedImage> {
    tracking::load(&state.data_dir)
}

#[tauri::command]
#[specta::specta]
pub fn untrack_image(state: State<'_, AppState>, image_id: String, region: String) -> Result<(), Error> {
    tracking::untrack(&state.data_dir, &image_id, &region)
}

#[tauri::command]
#[specta::specta]
pub async fn my_ip(state: State<'_, AppState>, profile: Option<String>, region: String) -> Result<String, Error> {
    launch::my_ip_cidr(&state.aws, &Target::new(profile, region)).await
}

#[tauri::command]
#[specta::specta]
pub async fn launch_instance(state: State<'_, AppState>, profile: Option<String>, region: String, request: LaunchRequest) -> Result<LaunchOutcome, Error> {
    launch::launch_instance(&state.aws, &Target::new(profile, region), &request).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_launch_template(state: State<'_, AppState>, profile: Option<String>, region: String, request: TemplateRequest) -> Result<TemplateOutcome, Error> {
    launch::create_launch_template(&state.aws, &Target::new(profile, region), &request).await
}

/// Copy to other regions; each copy is followed like a created image.
#[tauri::command]
#[specta::specta]
pub async fn copy_image(state: State<'_, AppState>, profile: Option<String>, region: String, request: CopyRequest) -> Result<CopyOutcome, Error> {
    let out = imageactions::copy_image(&state.aws, &Target::new(profile.clone(), region), &request).await?;
    for c in &out.copies {
        tracking::track_started(&state.data_dir, &Target::new(profile.clone(), c.region.clone()), &c.image_id, "copy")?;
    }
    Ok(out)
}

#[tauri::command]
#[specta::specta]
pub async fn share_image(state: State<'_, AppState>, profile: Option<String>, region: String, request: ShareRequest) -> Result<(), Error> {
    imageactions::share_image(&state.aws, &Target::new(profile, region), &request).await
}

#[tauri::command]
#[specta::specta]
pub async fn switch_image(state: State<'_, AppState>, profile: Option<String>, region: String, image_id: String, what: ImageSwitch, deprecate_at: Option<String>) -> Result<(), Error> {
    imageactions::switch_image(&state.aws, &Target::new(profile, region), &image_id, what, deprecate_at.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn deregister_preview(state: State<'_, AppState>, profile: Option<String>, region: String, image_id: String) -> Result<DeregisterPreview, Error> {
    imageactions::deregister_preview(&state.aws, &Target::new(profile, region), &image_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn deregister_image(state: State<'_, AppState>, profile: Option<String>, region: String, image_id: String, delete_snapshots: bool) -> Result<DeregisterOutcome, Error> {
    imageactions::deregister(&state.aws, &Target::new(profile, region), &image_id, delete_snapshots).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_snapshots(state: State<'_, AppState>, profile: Option<String>, region: String) -> Result<SnapshotListing, Error> {
    snapshots::list_snapshots(&state.aws, &Target::new(profile, region)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_snapshot(state: State<'_, AppState>, profile: Option<String>, region: String, snapshot_id: String) -> Result<(), Error> {
    snapshots::delete_snapshot(&state.aws, &Target::new(profile, region), &snapshot_id).await
}

/// The health check across all regions (and ~/.ssh, ~/Downloads).
#[tauri::command]
#[specta::specta]
pub async fn run_audit(state: State<'_, AppState>, profile: Option<String>, region: String, settings: amikey_core::audit::AuditSettings) -> Result<amikey_core::audit::AuditReport, Error> {
    let target = Target::new(profile, region);
    let dirs = amikey_core::audit::local_dirs(&target, &state.data_dir, true);
    amikey_core::audit::audit(&state.aws, &state.vault_index(), &target, &state.lost_from_keychain(), &dirs, &settings).await
}

/// Apply a finding's fix, after the user confirmed it in the window.
#[tauri::command]
#[specta::specta]
pub async fn fix_finding(state: State<'_, AppState>, profile: Option<String>, region: String, fix: amikey_core::audit::Fix, ssh_from: Option<String>) -> Result<String, Error> {
    let vault = if fix.needs_keychain() { state.vault()? } else { state.vault_index() };
    amikey_core::audit::apply_fix(&state.aws, &vault, &Target::new(profile, region), &fix, ssh_from.as_deref()).await
}
