//! The image panel: the emulated build and the resulting image's layers, file tree, config and history.
