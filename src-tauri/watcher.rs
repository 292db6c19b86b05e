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
                // EC2 may not know a brand-new AMI for a little while; after 10 minutes,
                // "not found" means it is gone.
                let stale = p.state == "not_found" && t.age_secs().is_some_and(|a| a > 600);
                if !p.done && !stale {
                    continue;
                }
                let what = if t.action == "copy" { "AMI copy" } else { "AMI" };
                let title = if p.state == "available" { format!("Your {what} is ready") } else { format!("Your {what} did not finish") };
                let body = match p.state.as_str() {
                    "available" => format!("{} ({}) is available in {}.", p.name, p.image_id, p.region),
                    other => format!("{} ({}) ended {other}{}.", p.name, p.image_id, p.state_reason.map(|r| format!(": {r}")).unwrap_or_default()),
                };
                // No notification daemon (a bare CI session) is not a reason to keep retrying.
                let _ = app.notification().builder().title(title).body(body).show();
                let _ = tracking::mark_notified(&state.data_dir, &t.image_id, &t.region);
            }
        }
    });
}
