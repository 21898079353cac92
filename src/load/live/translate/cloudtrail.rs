//! CloudTrail trails (`describe-trails`, `AWS::CloudTrail::Trail`).

use super::As::{Bool, Str};
use super::{arn, copy, Item, Piece};
use crate::load::live::build::Attrs;
use crate::load::LoadError;

pub fn trail(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let t = item.config;
    let name = t.required_str("name", "a trail")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    if let Some(arn) = arn(item, "trailARN")? {
        a.text("arn", arn.value, arn.at);
    }
    copy(
        &t,
        &mut a,
        &[
            ("s3BucketName", "s3_bucket_name", Str),
            ("s3KeyPrefix", "s3_key_prefix", Str),
            ("isMultiRegionTrail", "is_multi_region_trail", Bool),
            (
                "includeGlobalServiceEvents",
                "include_global_service_events",
                Bool,
            ),
            (
                "logFileValidationEnabled",
                "enable_log_file_validation",
                Bool,
            ),
            ("isOrganizationTrail", "is_organization_trail", Bool),
            ("kmsKeyId", "kms_key_id", Str),
            ("homeRegion", "home_region", Str),
            (
                "cloudWatchLogsLogGroupArn",
                "cloud_watch_logs_group_arn",
                Str,
            ),
        ],
    )?;
    Ok(vec![Piece::Resource(a.resource(
        name.value,
        "aws_cloudtrail",
        item.at,
    ))])
}
