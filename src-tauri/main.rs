// No console window on Windows release builds when started from the desktop.
#![cfg_attr(all(not(debug_assertions), target_os = "windows"), windows_subsystem = "windows")]

fn main() {
    std::process::exit(amikey_lib::cli::main());
}
