//! The virtual build context: the project's files seen by the linter, the cache simulator and the build engine.
