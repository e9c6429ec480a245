//! Crash-safe file writes: temporary file, fsync, rename, fsync of the directory.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh temporary file name in `dir`, unique within this process and across processes.
pub fn temp_path(dir: &Path, hint: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".tmp-{}-{n}-{hint}", std::process::id()))
}

/// Flushes a directory's entries to disk.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| Error::io(format!("syncing directory {}", dir.display()), e))
}

/// Writes `data` to `target` atomically: it is written and synced under a temporary name in
/// `temp_dir` (same file system), renamed over `target`, and the target directory is synced.
/// A crash leaves either the old file or the new one, plus at worst a stray temporary file.
pub fn write_atomic(temp_dir: &Path, target: &Path, data: &[u8]) -> Result<()> {
    let hint = target.file_name().map(|n| n.to_string_lossy().chars().take(16).collect::<String>()).unwrap_or_default();
    let temp = temp_path(temp_dir, &hint);
    let result = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(data)?;
        file.sync_all()?;
        fs::rename(&temp, target)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(Error::io(format!("writing {}", target.display()), e));
    }
    sync_dir(target.parent().unwrap_or(Path::new(".")))
}
