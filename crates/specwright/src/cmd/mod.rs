//! One module per subcommand.

pub mod diagram;
pub mod diff;
pub mod lint;
pub mod mock;
pub mod policy;
pub mod push;
pub mod stats;
pub mod translate;
