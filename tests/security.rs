//! The security baseline: the main window may call exactly the app's own commands,
//! the CSP admits no remote content, and no shell plugin is linked.

use std::collections::BTreeSet;
use std::path::PathBuf;

use amikey_lib::commands::COMMAND_NAMES;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

#[test]
fn capability_grants_exactly_the_registered_commands() {
    let cap = json("src-tauri/capabilities/main-window.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> =
        cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    let mut wanted: BTreeSet<String> = COMMAND_NAMES.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    // Listening for events is needed for drag and drop (the drop event carries paths, never contents).
    wanted.extend(["core:event:allow-listen".to_string(), "core:event:allow-unlisten".to_string()]);
    assert_eq!(granted, wanted, "the capability must grant allow-<cmd> for each app command, event listening, and nothing else");

    let conf = json("tauri.conf.json");
    assert_eq!(conf["app"]["security"]["capabilities"], serde_json::json!(["main-window"]));
}

#[test]
fn every_command_name_is_registered_with_the_invoke_handler() {
    // The generated bindings are made from the same list as the invoke handler.
    let bindings = std::fs::read_to_string(root().join("ui/src/bindings.ts")).unwrap();
    for name in COMMAND_NAMES {
        assert!(bindings.contains(&format!("(\"{name}\"")), "{name} is not registered with tauri-specta");
    }
    // One call site per command, plus the import line.
    assert_eq!(bindings.matches("__TAURI_INVOKE").count() - 1, COMMAND_NAMES.len());
}

#[test]
fn csp_is_strict() {
    let conf = json("tauri.conf.json");
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
    assert_eq!(csp["script-src"], "'self'");
    let all = csp.as_object().unwrap().values().map(|v| v.as_str().unwrap()).collect::<Vec<_>>().join(" ");
    for bad in ["http:", "https:", "*", "unsafe-inline", "unsafe-eval"] {
        let hit = all.split_whitespace().any(|t| t == bad || t.contains(bad) && bad.starts_with("unsafe"));
        assert!(!hit, "CSP admits {bad}: {all}");
    }
}

#[test]
fn no_shell_plugin() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("tauri-plugin-shell"));
    let pkg = std::fs::read_to_string(root().join("ui/package.json")).unwrap();
    assert!(!pkg.contains("plugin-shell"));
}
