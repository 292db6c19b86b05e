//! Practice mode: the in-process sandbox, with its world saved in the data folder.

use std::path::Path;

use amikey_core::Error;
use amikey_sandbox::{Sandbox, SandboxConfig, Timing};

pub const WORLD_FILE: &str = "practice-world.json";

/// Start the practice EC2 on a free loopback port. Things take a few seconds, as
/// on AWS, so learners see pending turn into available.
pub async fn start(data_dir: &Path) -> Result<Sandbox, Error> {
    amikey_core::keyfiles::seed_practice_loose_key(data_dir)?;
    let config = SandboxConfig { state_file: Some(data_dir.join(WORLD_FILE)), timing: Timing::REALISTIC, ..SandboxConfig::default() };
    Sandbox::start(config, 0).await.map_err(|e| Error::internal(format!("Could not start practice mode: {e}")))
}
