//! GuardDuty detectors (`aws_guardduty_detector`, whose `enable` defaults to true;
//! `AWS::GuardDuty::Detector`, whose `Enable` is required). A unit that declares no
//! detector says nothing about whether GuardDuty runs in the account, so no element is
//! made for it.

use std::collections::BTreeMap;

use super::read;
use super::settings::Slots;
use super::ResourceIndex;
use crate::model::baseline::GuardDutyDetector;

pub fn normalise(index: &ResourceIndex) -> Vec<GuardDutyDetector> {
    index
        .of_kind(&["aws_guardduty_detector", "AWS::GuardDuty::Detector"])
        .map(|resource| {
            let mut detector = GuardDutyDetector {
                id: resource.id.clone(),
                path: Vec::new(),
                enabled: None,
                unknown: Vec::new(),
                sources: BTreeMap::new(),
            };
            let attr = if resource.kind.starts_with("AWS::") {
                "Enable"
            } else {
                "enable"
            };
            Slots {
                unknown: &mut detector.unknown,
                sources: &mut detector.sources,
            }
            .store(
                resource,
                attr,
                "enabled",
                read::boolean(resource.attr(attr)),
                &mut detector.enabled,
            );
            detector
        })
        .collect()
}
