//! A Terraform root module: a directory of one or more `.tf` / `.tf.json` files, with
//! local modules below it, written from a multi-file input (`#~file NAME` headers; see
//! fuzz/README.md) and loaded and evaluated as a scan would.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = palisade_fuzz::split_files(data, "main.tf");
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    palisade_fuzz::write_tree(dir.path(), &files);
    let options = palisade::load::hcl::TerraformVars::default();
    if let Ok(document) = palisade::load::hcl::load_module(
        dir.path(),
        &options,
        &palisade::load::read::Reading::default(),
    ) {
        palisade_fuzz::check_document(&document);
    }
});
