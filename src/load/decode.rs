//! Bytes to text. Windows PowerShell writes `terraform show -json > plan.json` as
//! UTF-16 with a byte-order mark, and editors add UTF-8 BOMs; both are accepted. Anything
//! else that is not UTF-8 is an error, never a silent skip.

use super::LoadError;

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
