//! The stage graph: stages, edges and a layout the front end draws as SVG.
