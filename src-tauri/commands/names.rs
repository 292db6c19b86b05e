// The IPC command names, shared by build.rs (which turns each into an
// `allow-<name>` permission) and by tests that check the capability grants
// exactly these and the invoke handler registers exactly these.
pub const COMMAND_NAMES: &[&str] = &[
    "app_status",
    "list_profiles",
    "default_region",
    "list_regions",
    "get_preferences",
    "save_preferences",
    "list_key_pairs",
    "create_key",
    "delete_key_preview",
    "delete_key",
    "check_key_name",
    "export_key",
    "dismiss_pending_key",
    "save_key_for_ssh",
    "pick_path",
    "inspect_key_files",
    "scan_key_files",
    "import_key_file",
    "import_public_key",
    "import_public_key_file",
    "ssh_command",
    "list_images",
    "reset_practice",
];
