//! # holon-std
//!
//! The server side of holon: a thin `std` layer over [`holon_core`]. It adds
//! what a server wants and a microcontroller does not — a command-line tool,
//! conveniences that allocate — and never changes a result: every vector it
//! produces is the one `holon-core` produces for the same input.
//!
//! - [`cli`]: argument parsing and the subcommands of the `holon` binary.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod cli;

pub use holon_core as core;
