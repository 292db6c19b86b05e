//! Amikey's practice EC2: an EC2 Query API server (API version 2016-11-15) on
//! loopback, with a seeded world, time-based state transitions, persistence and
//! fault injection. It is an EC2 *server*: it depends on neither Amikey's core nor
//! the AWS SDK, so the app reaches it through the same aws-sdk-ec2 code path as AWS.

mod error;
mod faults;
mod filters;
mod ops;
mod query;
mod seed;
mod server;
mod world;
mod xml;

pub use error::ApiError;
pub use faults::{Fault, Faults};
pub use ops::{Timing, ACTIONS};
pub use seed::{LOOKALIKE_OWNER, REGIONS};
pub use server::{Policy, Sandbox, SandboxConfig};
pub use world::PRACTICE_ACCOUNT;
