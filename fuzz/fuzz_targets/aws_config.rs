//! An AWS Config snapshot, configuration history, or batch-get / select output.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(source) = palisade_fuzz::text_file(data, "config.json") else {
        return;
    };
    if let Ok(loaded) = palisade::load::live::config::load(&source) {
        palisade_fuzz::check_loaded(&source, &loaded);
    }
});
