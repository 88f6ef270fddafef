//! The environment's files behind an interface, so the core stays pure.
//!
//! The meeting names a logo and attachment files by paths relative to the JSON file's
//! folder. [`crate::validate`] loads them through [`Resources`]; nothing later in the pipeline
//! touches the disk. Tests and library users can supply files from memory.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Why a file named in the input cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResourceError {
    /// No such file.
    #[error("the file does not exist")]
    NotFound,
    /// Absolute, or leads out of the JSON file's folder (`..`, symbolic links).
    #[error("the path leaves the folder of the meeting file")]
    OutsideFolder,
    /// Exists but cannot be read.
    #[error("the file cannot be read: {0}")]
    Unreadable(String),
}

/// Where files named in the input come from.
pub trait Resources: Sync {
    /// The bytes of the file at `relative` (as written in the input).
    fn load(&self, relative: &str) -> Result<Vec<u8>, ResourceError>;
}

/// Files in a folder on disk (the folder of the JSON file).
#[derive(Debug, Clone)]
pub struct FolderResources {
    root: PathBuf,
}

impl FolderResources {
    /// Files relative to `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

impl Resources for FolderResources {
    fn load(&self, relative: &str) -> Result<Vec<u8>, ResourceError> {
        let rel = Path::new(relative);
        let lexically_inside = rel
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !lexically_inside || relative.is_empty() {
            return Err(ResourceError::OutsideFolder);
        }
        let path = self.root.join(rel);
        if !path.exists() {
            return Err(ResourceError::NotFound);
        }
        // A symbolic link may still lead elsewhere.
        let root = self
            .root
            .canonicalize()
            .map_err(|e| ResourceError::Unreadable(e.to_string()))?;
        let real = path
            .canonicalize()
            .map_err(|e| ResourceError::Unreadable(e.to_string()))?;
        if !real.starts_with(&root) {
            return Err(ResourceError::OutsideFolder);
        }
        std::fs::read(&real).map_err(|e| ResourceError::Unreadable(e.to_string()))
    }
}

/// Files held in memory, for tests and embedding.
#[derive(Debug, Clone, Default)]
pub struct MemoryResources {
    /// Path → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Resources for MemoryResources {
    fn load(&self, relative: &str) -> Result<Vec<u8>, ResourceError> {
        if relative.starts_with('/') || relative.split('/').any(|c| c == "..") {
            return Err(ResourceError::OutsideFolder);
        }
        self.files
            .get(relative)
            .cloned()
            .ok_or(ResourceError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.png"), b"x").unwrap();
        let r = FolderResources::new(dir.path());
        assert_eq!(r.load("a.png").unwrap(), b"x");
        assert_eq!(r.load("../a.png"), Err(ResourceError::OutsideFolder));
        assert_eq!(r.load("/etc/passwd"), Err(ResourceError::OutsideFolder));
        assert_eq!(r.load("b.png"), Err(ResourceError::NotFound));
    }
}
