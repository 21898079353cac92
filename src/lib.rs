//! palisade: a policy-as-code compliance scanner and CI gate for AWS infrastructure as
//! code.
//!
//! ```text
//! paths ─discover─▶ files ─load─▶ documents ─normalise─▶ estate ─evaluate─▶ findings ─suppress─▶ ─report─▶ SARIF / JSON / text
//! ```
//!
//! Each stage has one job and one direction: loaders know nothing of policies, policies
//! know nothing of input formats, reporters know nothing of either beyond [`finding::Finding`].
//! Problems in any stage become [`diagnostics::Notification`]s in the report instead of
//! aborting the scan; [`baseline`] marks what an earlier scan already recorded, and
//! [`exit::ExitStatus`] turns the report into the gate's exit code.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod exit;
pub mod finding;
pub mod load;
pub mod model;
pub mod normalise;
pub mod policy;
pub mod progress;
pub mod report;
pub mod scan;
pub mod source;
pub mod suppress;
