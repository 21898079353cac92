//! A CloudFormation template in YAML: short-form tags, anchors and aliases.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(source) = palisade_fuzz::text_file(data, "template.yaml") else {
        return;
    };
    if let Ok(loaded) = palisade::load::cfn::load_yaml(&source) {
        palisade_fuzz::check_loaded(&source, &loaded);
    }
});
