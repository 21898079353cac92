//! GuardDuty detectors: `aws guardduty get-detector` (in `guardduty/<detector-id>/`,
//! since its output does not name the detector; `Status` is `ENABLED` or `DISABLED`)
//! and `AWS::GuardDuty::Detector` (CloudFormation's `Enable`).

use super::{copy_str, Item, Piece};
use crate::load::live::api::Obj;
use crate::load::live::build::{At, Attrs, Val};
use crate::load::LoadError;

/// `AWS::GuardDuty::Detector`.
pub fn detector(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let d = item.config;
    let id = match d.str("id")? {
        Some(id) => id,
        None => d.required_str("detectorId", "a GuardDuty detector")?,
    };
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    if let Some(arn) = &item.arn {
        a.text("arn", arn.value, arn.at);
    }
    if let Some(enable) = d.bool("enable")? {
        a.put("enable", Val::bool(enable.value), enable.at);
    }
    copy_str(
        &d,
        "findingPublishingFrequency",
        &mut a,
        "finding_publishing_frequency",
    )?;
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_guardduty_detector",
        item.at,
    ))])
}

/// `guardduty/<detector-id>/get-detector.json`.
pub fn get_detector(doc: &Obj, detector_id: &str) -> Result<Vec<Piece>, LoadError> {
    let status = doc.required_str("status", "a get-detector output")?;
    let enabled = match status.value {
        "ENABLED" => true,
        "DISABLED" => false,
        other => {
            return Err(LoadError::at(
                format!("`Status` is {other:?}, expected ENABLED or DISABLED"),
                status.at.span,
            ))
        }
    };
    let mut a = Attrs::new();
    a.text("id", detector_id, doc.at());
    a.put("enable", Val::bool(enabled), status.at);
    copy_str(
        doc,
        "findingPublishingFrequency",
        &mut a,
        "finding_publishing_frequency",
    )?;
    let at: At = doc.at();
    Ok(vec![Piece::Resource(a.resource(
        detector_id,
        "aws_guardduty_detector",
        at,
    ))])
}
