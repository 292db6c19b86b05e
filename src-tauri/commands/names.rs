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
    "list_images",
    "reset_practice",
];
