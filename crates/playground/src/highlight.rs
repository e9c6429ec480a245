//! Syntax highlighting of the Dockerfile for the editor overlay.
