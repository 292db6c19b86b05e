//! `#[tauri::command]` adapters: each unpacks IPC arguments, calls `amikey_core`,
//! and returns its result. No logic lives here.

mod names;
pub use names::COMMAND_NAMES;

pub mod amis;
pub mod keypairs;
pub mod session;

pub use amis::*;
pub use keypairs::*;
pub use session::*;
