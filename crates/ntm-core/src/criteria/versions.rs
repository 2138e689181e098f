//! Versions of a criteria set. A decision can be amended: a later decision
//! changes a threshold from a date. A set is therefore a chain of versions,
//! each in force from its own `valid_from` until the next version starts; a
//! period is judged by the version in force on its reference date.

use std::fmt;
use std::str::FromStr;

use crate::validity::Validity;

/// Names one version of a set: `lai-chau-2026@2`. Without `@N` a name means
/// the version in force (or the latest, where no date is given).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct SetVersionRef {
    pub code: String,
    pub version: u32,
}

impl fmt::Display for SetVersionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.code, self.version)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" không phải tên phiên bản bộ tiêu chí: viết MÃ@SỐ, ví dụ lai-chau-2026@2")]
pub struct SetVersionRefError(pub String);

impl FromStr for SetVersionRef {
    type Err = SetVersionRefError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (code, version) = t
            .split_once('@')
            .ok_or_else(|| SetVersionRefError(t.to_string()))?;
        match version.parse::<u32>() {
            Ok(v) if v > 0 && !code.is_empty() => Ok(SetVersionRef {
                code: code.to_string(),
                version: v,
            }),
            _ => Err(SetVersionRefError(t.to_string())),
        }
    }
}

/// The days on which each version is in force, given every version's
/// declared validity in version order: a version holds from its own start
/// until the day before a later version starts; a later version that starts
/// on or before it replaces it entirely (`None`: never in force).
pub fn effective_validities(declared: &[Validity]) -> Vec<Option<Validity>> {
    declared
        .iter()
        .enumerate()
        .map(|(i, own)| {
            let later = &declared[i + 1..];
            let replaced = later.iter().any(|l| match (l.from, own.from) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(lf), Some(of)) => lf <= of,
            });
            if replaced {
                return None;
            }
            let cut = later
                .iter()
                .filter_map(|l| l.from)
                .min()
                .and_then(|d| d.previous_day());
            let to = match (own.to, cut) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let effective = Validity::new(own.from, to);
            (!effective.is_inverted()).then_some(effective)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_later_version_cuts_the_earlier_one_at_its_start() {
        let v1 = Validity::new(Some(date!(2026 - 02 - 15)), None);
        let v2 = Validity::new(Some(date!(2026 - 09 - 01)), None);
        let e = effective_validities(&[v1, v2]);
        assert_eq!(
            e[0],
            Some(Validity::new(
                Some(date!(2026 - 02 - 15)),
                Some(date!(2026 - 08 - 31))
            ))
        );
        assert_eq!(e[1], Some(v2));
    }

    #[test]
    fn a_later_version_from_the_same_day_replaces_the_earlier_one() {
        let v1 = Validity::new(Some(date!(2026 - 02 - 15)), None);
        let v2 = Validity::new(Some(date!(2026 - 02 - 15)), None);
        assert_eq!(effective_validities(&[v1, v2]), vec![None, Some(v2)]);
    }

    #[test]
    fn names_parse_with_their_version() {
        let r: SetVersionRef = "lai-chau-2026@2".parse().expect("valid");
        assert_eq!((r.code.as_str(), r.version), ("lai-chau-2026", 2));
        assert!("lai-chau-2026".parse::<SetVersionRef>().is_err());
        assert!("x@0".parse::<SetVersionRef>().is_err());
    }
}
