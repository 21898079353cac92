//! CloudTrail trails (`describe-trails`, `AWS::CloudTrail::Trail`).

use super::{arn, copy_bool, copy_str, Item, Piece};
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
    copy_str(&t, "s3BucketName", &mut a, "s3_bucket_name")?;
    copy_str(&t, "s3KeyPrefix", &mut a, "s3_key_prefix")?;
    copy_bool(&t, "isMultiRegionTrail", &mut a, "is_multi_region_trail")?;
    copy_bool(
        &t,
        "includeGlobalServiceEvents",
        &mut a,
        "include_global_service_events",
    )?;
    copy_bool(
        &t,
        "logFileValidationEnabled",
        &mut a,
        "enable_log_file_validation",
    )?;
    copy_bool(&t, "isOrganizationTrail", &mut a, "is_organization_trail")?;
    copy_str(&t, "kmsKeyId", &mut a, "kms_key_id")?;
    copy_str(&t, "homeRegion", &mut a, "home_region")?;
    copy_str(
        &t,
        "cloudWatchLogsLogGroupArn",
        &mut a,
        "cloud_watch_logs_group_arn",
    )?;
    Ok(vec![Piece::Resource(a.resource(
        name.value,
        "aws_cloudtrail",
        item.at,
    ))])
}
