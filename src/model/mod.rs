//! The data palisade reasons about: raw resources from loaders, attribute values that
//! may be unknown until apply, and the normalised estate that policies read.

pub mod baseline;
pub mod estate;
pub mod resource;
pub mod value;

pub use estate::Estate;
pub use resource::{PlanChange, PlannedAt, RawResource, SourceFormat};
pub use value::{key, path_to_string, AttrPath, PathSegment, Unknown, Value};
