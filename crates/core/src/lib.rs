//! Amikey's domain, in plain Rust: AWS access, error classification, EC2 operations.
//! Nothing here knows about Tauri; the desktop shell and the CLI are thin layers over it.

pub mod access;
pub mod audit;
pub mod cliquote;
pub mod amis;
pub mod datadir;
pub mod error;
pub mod imageactions;
pub mod imagerules;
pub mod imaging;
pub mod instances;
pub mod keyfiles;
pub mod keyflows;
pub mod keypairs;
pub mod launch;
pub mod preferences;
pub mod profiles;
pub mod regions;
pub mod snapshots;
pub mod ssh;
pub mod tags;
pub mod tracking;
pub mod vault;

pub use access::{AccessSettings, Aws, Target};
pub use error::{Error, ErrorCode, Result};
