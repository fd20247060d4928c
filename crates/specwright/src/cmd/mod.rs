//! One module per subcommand.

pub mod stats;
