//! A Terraform plan (`terraform show -json`), then its mapping onto a root module with
//! no module found (the path a plan scan takes when it has no `.tf` files; the scan
//! target covers plans beside their Terraform).
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::load::{plan, plan_source, Document};
use palisade::model::SourceFormat;

fuzz_target!(|data: &[u8]| {
    let Some(source) = palisade_fuzz::text_file(data, "plan.json") else {
        return;
    };
    let Ok(loaded) = plan::load_plan(&source) else {
        return;
    };
    let document = Document::single(
        source.clone(),
        SourceFormat::TerraformPlan,
        loaded.resources,
        loaded.notes,
    );
    palisade_fuzz::check_document(&document);
    let mapped = plan_source::map(
        document,
        &loaded.variables,
        &loaded.root_declarations,
        &plan_source::PlanSources {
            no_search: true,
            ..plan_source::PlanSources::default()
        },
        &palisade::load::read::Reading::default(),
    );
    palisade_fuzz::check_document(&mapped);
});
