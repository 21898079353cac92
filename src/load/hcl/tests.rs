//! Unit tests of the evaluator: each builds a small module in a temporary directory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
