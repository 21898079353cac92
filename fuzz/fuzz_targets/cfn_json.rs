//! A CloudFormation template in JSON (including `cdk synth` output).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(source) = palisade_fuzz::text_file(data, "template.json") else {
        return;
    };
    if let Ok(loaded) = palisade::load::cfn::load_json(&source) {
        palisade_fuzz::check_loaded(&source, &loaded);
    }
});
