//! Terraform state, raw `terraform.tfstate` (v4) or `terraform show -json` of a state.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(source) = palisade_fuzz::text_file(data, "terraform.tfstate") else {
        return;
    };
    if let Ok(loaded) = palisade::load::state::load(&source) {
        palisade_fuzz::check_loaded(&source, &loaded);
    }
});
