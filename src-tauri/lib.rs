//! The desktop shell: builds the Tauri app (window mode) or runs the CLI (a
//! subcommand was given). Both sit on `amikey_core`.

pub mod cli;
pub mod cli_ami;
pub mod commands;
pub mod practice;
pub mod state;
pub mod watcher;

use std::path::Path;

use amikey_core::preferences::Preferences;
use amikey_core::{AccessSettings, Aws, Error, ErrorCode};
use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

use crate::state::AppState;

/// Every IPC command, registered once: the invoke handler and the generated
/// TypeScript bindings both come from this list.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    // One type per Rust type in the bindings (no separate _Serialize/_Deserialize shapes).
    tauri_specta::Builder::<tauri::Wry>::new()
        .disable_serde_phases()
        .constant("PRACTICE_PROFILE", amikey_core::access::PRACTICE_PROFILE)
        .commands(tauri_specta::collect_commands![
        commands::app_status,
        commands::list_profiles,
        commands::default_region,
        commands::list_regions,
        commands::get_preferences,
        commands::save_preferences,
        commands::list_key_pairs,
        commands::create_key,
        commands::delete_key_preview,
        commands::delete_key,
        commands::check_key_name,
        commands::export_key,
        commands::dismiss_pending_key,
        commands::save_key_for_ssh,
        commands::pick_path,
        commands::inspect_key_files,
        commands::scan_key_files,
        commands::import_key_file,
        commands::import_public_key,
        commands::import_public_key_file,
        commands::ssh_command,
        commands::list_images,
        commands::image_detail,
        commands::image_sources,
        commands::check_image_name,
        commands::create_image_cli,
        commands::check_create_image,
        commands::create_image,
        commands::image_progress,
        commands::tracked_images,
        commands::untrack_image,
        commands::my_ip,
        commands::launch_instance,
        commands::create_launch_template,
        commands::copy_image,
        commands::share_image,
        commands::switch_image,
        commands::deregister_preview,
        commands::deregister_image,
        commands::list_snapshots,
        commands::delete_snapshot,
        commands::run_audit,
        commands::fix_finding,
        commands::reset_practice,
    ])
}

/// Writes `ui/src/bindings.ts` (or any path): see tests/bindings.rs.
pub fn export_bindings(path: &Path) -> Result<(), Error> {
    specta_builder()
        .export(specta_typescript::Typescript::default().header("// Regenerate with `make bindings` (tests/bindings.rs checks it is fresh)."), path)
        .map_err(|e| Error::new(ErrorCode::File, format!("Could not write the bindings to {}: {e}", path.display())))
}

/// Opens the main window. `launch` carries `--profile`/`--region` from the command line.
pub fn run_window(mut settings: AccessSettings, launch: Preferences) -> Result<(), Error> {
    let data_dir = amikey_core::datadir::data_dir()?;
    let practice = tauri::async_runtime::block_on(practice::start(&data_dir))?;
    settings.practice_endpoint = Some(practice.endpoint());
    let builder = specta_builder();
    let webview_dir = data_dir.join("webview");
    tauri::Builder::default()
        // The Save dialog is opened from Rust (export_key); the web view gets no
        // dialog permission.
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust only (watcher.rs); the web view gets no notification permission.
        .plugin(tauri_plugin_notification::init())
        .manage(AppState {
            aws: Aws::new(settings),
            data_dir,
            launch,
            practice,
            keychain_checked: Default::default(),
            lost: Default::default(),
        })
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            let handle = app.handle().clone();
            std::thread::spawn(move || handle.state::<AppState>().reconcile_vault());
            watcher::start(app.handle().clone());
            // Built here rather than in tauri.conf.json so WebKit's own files follow
            // AMIKEY_DATA_DIR too.
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Amikey")
                .inner_size(1200.0, 760.0)
                .min_inner_size(900.0, 560.0)
                .data_directory(webview_dir.clone())
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"))
        .map_err(|e| Error::internal(format!("Amikey could not start its window: {e}")))
}
