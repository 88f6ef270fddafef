//! A POSIX ustar writer for the package as one file: folders and regular files, fixed owner,
//! mode and time, so the same package gives the same bytes.

use std::io::Write;

const BLOCK: usize = 512;

/// Splits a path into ustar's `prefix` (155) and `name` (100) fields.
fn split_name(path: &str) -> Option<(&str, &str)> {
    if path.len() <= 100 {
        return Some(("", path));
    }
    // Split at a '/' so that the name part fits in 100 bytes and the prefix in 155.
    path.match_indices('/')
        .map(|(i, _)| i)
        .find(|&i| path.len() - i - 1 <= 100 && i <= 155)
        .map(|i| (&path[..i], &path[i + 1..]))
}

fn octal(field: &mut [u8], value: u64) {
    let digits = field.len() - 1;
    let text = format!("{value:0digits$o}");
    field[..digits].copy_from_slice(text.as_bytes());
    field[digits] = 0;
}

/// One header block; `size` 0 and `folder` for a directory entry.
fn header(path: &str, size: u64, mtime: u64, folder: bool) -> std::io::Result<[u8; BLOCK]> {
    let (prefix, name) = split_name(path).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{path}: path too long for a tar archive"),
        )
    })?;
    let mut h = [0u8; BLOCK];
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], if folder { 0o755 } else { 0o644 });
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], mtime);
    h[156] = if folder { b'5' } else { b'0' };
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[345..345 + prefix.len()].copy_from_slice(prefix.as_bytes());
    // The checksum is computed with its own field as spaces.
    h[148..156].copy_from_slice(b"        ");
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    Ok(h)
}

/// Writes entries one after another.
pub struct Tar<W: Write> {
    out: W,
    mtime: u64,
}

impl<W: Write> Tar<W> {
    /// A tar stream whose entries all carry `mtime` (seconds since 1970).
    pub fn new(out: W, mtime: u64) -> Self {
        Tar { out, mtime }
    }

    /// A folder entry (`path` without the trailing slash).
    pub fn folder(&mut self, path: &str) -> std::io::Result<()> {
        let h = header(&format!("{path}/"), 0, self.mtime, true)?;
        self.out.write_all(&h)
    }

    /// A file entry.
    pub fn file(&mut self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let h = header(path, bytes.len() as u64, self.mtime, false)?;
        self.out.write_all(&h)?;
        self.out.write_all(bytes)?;
        let pad = (BLOCK - bytes.len() % BLOCK) % BLOCK;
        self.out.write_all(&vec![0u8; pad])
    }

    /// The end-of-archive marker; returns the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(&[0u8; 2 * BLOCK])?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paths_use_the_prefix_and_too_long_ones_are_refused() {
        let long = format!("{}/{}", "a".repeat(120), "b".repeat(90));
        assert_eq!(split_name(&long), Some((&long[..120], &long[121..])));
        assert!(split_name(&"c".repeat(300)).is_none());
        let mut tar = Tar::new(Vec::new(), 0);
        assert!(tar.file(&"c".repeat(300), b"x").is_err());
    }

    #[test]
    fn entries_are_block_aligned_with_a_valid_checksum() {
        let mut tar = Tar::new(Vec::new(), 1_700_000_000);
        tar.folder("p").unwrap();
        tar.file("p/x.txt", b"hello").unwrap();
        let bytes = tar.finish().unwrap();
        assert_eq!(bytes.len(), 512 * 5);
        let h = &bytes[512..1024];
        let stored = u64::from_str_radix(std::str::from_utf8(&h[148..154]).unwrap(), 8).unwrap();
        let mut blank = h.to_vec();
        blank[148..156].copy_from_slice(b"        ");
        assert_eq!(stored, blank.iter().map(|&b| u64::from(b)).sum::<u64>());
        assert_eq!(&bytes[1024..1029], b"hello");
    }
}
