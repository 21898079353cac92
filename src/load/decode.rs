//! Bytes to text. Windows PowerShell writes `terraform show -json > plan.json` as
//! UTF-16 with a byte-order mark, and editors add UTF-8 BOMs; both are accepted. Anything
//! else that is not UTF-8 is an error, never a silent skip.

use std::io::Read;
use std::path::Path;

use super::LoadError;

/// Whether a file is read through gzip: AWS Config delivers snapshots and history to S3
/// as `….json.gz`, and auditors scan them as downloaded.
pub fn is_gzipped(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".json.gz"))
}

/// The decompressed bytes of a gzip file, at most `limit` of them (the file-size limit:
/// a small file that inflates past it is a decompression bomb, refused before it takes
/// the machine's memory).
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, LoadError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| LoadError::new(format!("cannot decompress gzip file: {e}")))?;
    if out.len() as u64 > limit {
        const MIB: u64 = 1024 * 1024;
        let shown = if limit >= MIB {
            format!("{} MiB", limit / MIB)
        } else {
            format!("{limit} bytes")
        };
        return Err(LoadError::new(format!(
            "gzip file decompresses to more than {shown}; not scanned"
        )));
    }
    Ok(out)
}

pub fn decode_text(bytes: &[u8]) -> Result<String, LoadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<String, LoadError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        LoadError::new(format!(
            "file is not valid UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, LoadError> {
    if bytes.len() % 2 != 0 {
        return Err(LoadError::new(
            "UTF-16 file has an odd number of bytes (truncated?)",
        ));
    }
    let units = bytes
        .chunks_exact(2)
        .filter_map(|pair| <[u8; 2]>::try_from(pair).ok())
        .map(unit);
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| LoadError::new(format!("file is not valid UTF-16 text: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn gunzips_within_the_limit_and_refuses_bombs_and_junk() {
        assert_eq!(gunzip(&gzip(b"{\"a\": 1}"), 64).unwrap(), b"{\"a\": 1}");
        let bomb = gzip(&vec![b' '; 10_000]);
        assert!(bomb.len() < 200, "a bomb compresses well");
        let error = gunzip(&bomb, 1024).unwrap_err();
        assert!(error.message.contains("more than"), "{}", error.message);
        let error = gunzip(b"\x1f\x8b not really", 1024).unwrap_err();
        assert!(
            error.message.contains("cannot decompress"),
            "{}",
            error.message
        );
        assert!(is_gzipped(Path::new(
            "x/123_Config_eu-west-1_ConfigSnapshot_1.JSON.GZ"
        )));
        assert!(!is_gzipped(Path::new("x/plan.json")));
    }

    #[test]
    fn strips_utf8_bom() {
        assert_eq!(decode_text(b"\xEF\xBB\xBF{}").unwrap(), "{}");
    }

    #[test]
    fn decodes_utf16_le_and_be() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"a\":1}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("{}".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(&le).unwrap(), "{\"a\":1}");
        assert_eq!(decode_text(&be).unwrap(), "{}");
    }

    #[test]
    fn rejects_invalid_utf8_and_odd_utf16() {
        assert!(decode_text(b"\xFF\x00\x41").is_err());
        assert!(decode_text(b"ab\xC3").is_err());
    }
}
