//! What a scan may read. It reads files written by anyone: one pull request adding a
//! 10 GiB `main.tf` must not take the CI runner's memory, so a file above the size limit
//! is refused with an error naming it (the scan goes on with the other files, and is
//! incomplete) before any of it is read; and a reference in one file to another
//! (`source = "../../x"`) must not lead the scan out of the tree it was given.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::LoadError;

/// What a unit may read: files up to a size, inside the scanned tree.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    pub max_file_size: MaxFileSize,
}

impl Reading {
    /// The tree a unit at `dir` may read inside (canonical): the repository that holds it
    /// (the nearest directory above with `.git`), so `envs/prod` may call
    /// `../../modules/vpc` however it was named on the command line. Outside a
    /// repository there is none: a checkout to be gated is a repository, and a directory
    /// scanned on its own is read as Terraform would read it.
    pub fn tree_of(&self, dir: &Path) -> Option<PathBuf> {
        let canonical = dir.canonicalize().ok()?;
        canonical
            .ancestors()
            .find(|a| a.join(".git").exists())
            .map(Path::to_path_buf)
    }
}

/// The largest input file a scan reads (`--max-file-size`, `max-file-size` in
/// `palisade.toml`). The default is far above any real plan, state or template (the
/// reference platform's largest plan is under 2 MiB) and far below what would strain a
/// CI runner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaxFileSize(pub u64);

impl MaxFileSize {
    pub const DEFAULT: MaxFileSize = MaxFileSize(64 * 1024 * 1024);

    pub fn bytes(self) -> u64 {
        self.0
    }
}

impl Default for MaxFileSize {
    fn default() -> Self {
        MaxFileSize::DEFAULT
    }
}

impl std::fmt::Display for MaxFileSize {
    /// `64 MiB`, `512 KiB`, or bytes when not a whole number of either.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        human(self.0, f)
    }
}

fn human(bytes: u64, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    const GIB: u64 = 1024 * 1024 * 1024;
    match bytes {
        b if b >= GIB && b % GIB == 0 => write!(f, "{} GiB", b / GIB),
        b if b >= MIB && b % MIB == 0 => write!(f, "{} MiB", b / MIB),
        b if b >= KIB && b % KIB == 0 => write!(f, "{} KiB", b / KIB),
        b => write!(f, "{b} bytes"),
    }
}

/// Parses a size as written on the command line or in `palisade.toml`: bytes, or a
/// number with `K`/`KiB`, `M`/`MiB` or `G`/`GiB` (powers of 1024). Zero is refused: it
/// would refuse every file.
pub fn parse_size(text: &str) -> Result<MaxFileSize, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 64MiB, 512K, 1048576)"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => {
            return Err(format!(
                "`{text}`: unknown unit (use K, M or G, powers of 1024)"
            ))
        }
    };
    match number.checked_mul(scale) {
        Some(0) => Err("the file size limit must be more than 0".to_owned()),
        Some(bytes) => Ok(MaxFileSize(bytes)),
        None => Err(format!("`{text}` is too large")),
    }
}

/// Reads `path`, refusing it when it is larger than `max`. The size is checked before
/// reading, and the read itself stops one byte past the limit, so a file that grows
/// while it is read, or a device that never ends, is refused all the same.
pub fn read_bounded(path: &Path, max: MaxFileSize) -> Result<Vec<u8>, LoadError> {
    let too_large = |size: Option<u64>| {
        let size = size.map_or_else(String::new, |s| format!(" ({s} bytes)"));
        LoadError::new(format!(
            "file is larger than the {max} limit{size}: not read (raise it with --max-file-size \
             or `max-file-size` in palisade.toml)"
        ))
    };
    let file =
        std::fs::File::open(path).map_err(|e| LoadError::new(format!("cannot read file: {e}")))?;
    if let Ok(meta) = file.metadata() {
        if meta.len() > max.bytes() {
            return Err(too_large(Some(meta.len())));
        }
    }
    let mut bytes = Vec::new();
    file.take(max.bytes().saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::new(format!("cannot read file: {e}")))?;
    if bytes.len() as u64 > max.bytes() {
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// [`read_bounded`], decoded as text (see [`super::decode`]).
pub fn read_text(path: &Path, max: MaxFileSize) -> Result<String, LoadError> {
    super::decode::decode_text(&read_bounded(path, max)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes_with_binary_units() {
        assert_eq!(parse_size("1048576"), Ok(MaxFileSize(1 << 20)));
        assert_eq!(parse_size("64MiB"), Ok(MaxFileSize(64 << 20)));
        assert_eq!(parse_size("512 K"), Ok(MaxFileSize(512 << 10)));
        assert_eq!(parse_size("2g"), Ok(MaxFileSize(2 << 30)));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999G").is_err());
    }

    #[test]
    fn displays_whole_units() {
        assert_eq!(MaxFileSize::DEFAULT.to_string(), "64 MiB");
        assert_eq!(MaxFileSize(1536).to_string(), "1536 bytes");
        assert_eq!(MaxFileSize(3 << 10).to_string(), "3 KiB");
    }

    #[test]
    fn refuses_a_file_above_the_limit_and_reads_one_at_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        std::fs::write(&path, vec![b'x'; 100]).unwrap();
        assert_eq!(read_bounded(&path, MaxFileSize(100)).unwrap().len(), 100);
        let error = read_bounded(&path, MaxFileSize(99)).unwrap_err();
        assert!(
            error
                .message
                .contains("larger than the 99 bytes limit (100 bytes)"),
            "{}",
            error.message
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_without_end_is_refused_at_the_limit() {
        // /dev/zero reports a size of 0 and never ends.
        let error = read_bounded(Path::new("/dev/zero"), MaxFileSize(4096)).unwrap_err();
        assert!(
            error.message.contains("larger than the 4 KiB limit"),
            "{}",
            error.message
        );
    }
}
