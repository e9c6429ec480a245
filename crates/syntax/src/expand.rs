//! Word expansion with the semantics of BuildKit's shell lexer (DESIGN.md §4).
