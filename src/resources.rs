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
    /// A folder, pipe (FIFO), device or socket: reading it could block or never end.
    #[error("it is not an ordinary file (a folder, pipe or device)")]
    NotAFile,
    /// Larger than the limit for its kind.
    #[error("the file is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
}

/// Largest file (logo or attachment) read from the meeting's folder, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads an ordinary file of at most `limit` bytes. Pipes, devices and folders are refused
/// from their metadata, before they are opened (opening a pipe would wait for a writer), and
/// the size is checked before reading, so a huge file is never read whole.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ResourceError> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => ResourceError::NotFound,
        _ => ResourceError::Unreadable(e.to_string()),
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(ResourceError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ResourceError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // The file may have been replaced between the two looks; the open handle decides.
    if !file.metadata().map_err(unreadable)?.is_file() {
        return Err(ResourceError::NotAFile);
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(ResourceError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
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
        read_regular_file(&real, MAX_FILE_BYTES)
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

    #[test]
    fn refuses_folders_pipes_and_devices_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "mkfifo is needed for this test"
        );
        let r = FolderResources::new(dir.path());
        assert_eq!(r.load("sub"), Err(ResourceError::NotAFile));
        // Would block forever if it were opened.
        assert_eq!(r.load("pipe"), Err(ResourceError::NotAFile));
        assert_eq!(
            read_regular_file(Path::new("/dev/zero"), 10),
            Err(ResourceError::NotAFile)
        );
    }

    #[test]
    fn refuses_files_over_the_limit_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.pdf");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap();
        assert!(matches!(
            FolderResources::new(dir.path()).load("big.pdf"),
            Err(ResourceError::TooLarge { .. })
        ));
    }
}
