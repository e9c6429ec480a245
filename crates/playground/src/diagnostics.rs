//! Lint findings as the editor shows them (ranges, gutter, problems list, hover docs) and quick fixes.
