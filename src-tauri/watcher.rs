//! Follows the AMIs being made or copied (the list saved in the data folder) while
//! the window is open, and shows a desktop notification when each one is ready or
//! has failed, even if the user is on another page or restarted the app meanwhile.

use std::time::Duration;

use amikey_core::imaging::image_progress;
use amikey_core::tracking;
use amikey_core::Target;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(4);

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(EVERY).await;
            let state = app.state::<AppState>();
            for t in tracking::load(&state.data_dir).into_iter().filter(|t| !t.notified) {
                let target = Target::new(t.profile.clone(), t.region.clone());
                let Ok(p) = image_progress(&state.aws, &target, &t.image_id).await else { continue };
                if !p.done {
                    continue;
                }
                let verb = if t.action == "copy" { "copy" } else { "AMI" };
                let body = match p.state.as_str() {
                    "available" => format!("{} ({}) is available in {}.", p.name, p.image_id, p.region),
                    other => format!("{} ({}) ended {other}{}.", p.name, p.image_id, p.state_reason.map(|r| format!(": {r}")).unwrap_or_default()),
                };
                // No notification daemon (a bare CI session) is not a reason to keep retrying.
                let _ = app.notification().builder().title(format!("Your {verb} is ready")).body(body).show();
                let _ = tracking::mark_notified(&state.data_dir, &t.image_id, &t.region);
            }
        }
    });
}
