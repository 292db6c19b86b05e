//! Where Amikey keeps its files. `AMIKEY_DATA_DIR` redirects every one of them
//! (tests and portable installs use it); otherwise the platform's data folder.

use std::path::PathBuf;

use crate::error::{Error, Result};

pub const DATA_DIR_ENV: &str = "AMIKEY_DATA_DIR";

/// The data folder, created if missing, private to the user (0700 on Unix).
pub fn data_dir() -> Result<PathBuf> {
    let dir = match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => dirs::data_dir()
            .ok_or_else(|| Error::internal("Could not find your data folder; set AMIKEY_DATA_DIR."))?
            .join("amikey"),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::internal(format!("Could not create the data folder {}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(dir)
}
