//! A directory of AWS CLI outputs (`describe-security-groups.json`,
//! `s3/<bucket>/get-bucket-policy.json` …), written from a multi-file input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = palisade_fuzz::split_files(data, "describe-security-groups.json");
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    palisade_fuzz::write_tree(dir.path(), &files);
    if let Ok(document) =
        palisade::load::live::cli::load_dir(dir.path(), palisade::load::read::MaxFileSize::DEFAULT)
    {
        palisade_fuzz::check_document(&document);
    }
});
