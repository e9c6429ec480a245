//! Slipway layer engine.
