//! Things the scan has to say that are not findings: files it could not read, rules
//! that failed, inputs it skipped. Each stage returns these instead of aborting, so one
//! bad file never stops the scan (ripgrep's rule), and the report decides the exit code.

use serde::Serialize;

use crate::source::Location;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The scan did not do all it was asked: exit code 2.
    Error,
    /// Worth knowing, does not make the scan incomplete (a remote module not fetched).
    Warning,
    /// Informational (a file skipped because it is not infrastructure code).
    Note,
}

/// Which stage raised a notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Discover,
    Load,
    Normalise,
    Policy,
    Output,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Notification {
    pub level: Level,
    pub stage: Stage,
    /// Boxed to keep `Result<_, Notification>` small.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Box<Location>>,
    /// The file concerned when there is no line to point at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The rule concerned, for policy errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub message: String,
}

impl Notification {
    pub fn error(stage: Stage, message: impl Into<String>) -> Self {
        Notification {
            level: Level::Error,
            stage,
            location: None,
            file: None,
            rule: None,
            message: message.into(),
        }
    }

    pub fn warning(stage: Stage, message: impl Into<String>) -> Self {
        Notification {
            level: Level::Warning,
            ..Notification::error(stage, message)
        }
    }

    pub fn note(stage: Stage, message: impl Into<String>) -> Self {
        Notification {
            level: Level::Note,
            ..Notification::error(stage, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.file = Some(location.file.clone());
        self.location = Some(Box::new(location));
        self
    }

    pub fn for_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}
